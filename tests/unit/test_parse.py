"""Parsing mail and finding the user's own words: never raises on bad mail."""

from __future__ import annotations

import contextlib
import random
from datetime import datetime, timezone

import pytest
from fgtest import eml
from followup_guard.mail.parse import (
    NotAMessage,
    ParsedMessage,
    normalize_message_id,
    parse_bytes,
)
from followup_guard.mail.text import fingerprint, html_to_text, own_text, similarity

SIG = "Alex Morgan\n+1 617 555 0142"


def _garbage(seed: int, n: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\r\n\r\n   \n",
        _garbage(1, 4096),
        b"\x00\x01\x02From: a@b.example\n\nx",
        b"\x89PNG\r\n\x1a\n" + _garbage(2, 500),
        b'{"to": "dana.wu@acme.example", "subject": "hi", "body": "x"}',
        b'[{"to": "dana.wu@acme.example"}]',
        b'{\n  "to": ["dana.wu@acme.example"]\n}\n',
        b"just some words, no headers at all\nsecond line\n",
        "To: dana@acme.example\n\nhi".encode("utf-16"),
    ],
    ids=[
        "empty",
        "blank-lines",
        "random-bytes",
        "nul-bytes",
        "png",
        "json-object",
        "json-array",
        "json-pretty",
        "plain-text",
        "utf-16",
    ],
)
def test_non_messages_raise_not_a_message(raw: bytes) -> None:
    with pytest.raises(NotAMessage):
        parse_bytes(raw)


MALFORMED = [
    b"From: a@b.example\nTo: c@d.example\nContent-Type: text/plain; charset=x-klingon\n\n"
    b"caf\xe9 \xff\n",
    b"From: a@b.example\nTo: c@d.example\nContent-Type: multipart/mixed\n\nno boundary\n",
    b"From: a@b.example\nTo: c@d.example\nContent-Type: multipart/mixed; boundary=zz\n\n"
    b"--zz\nContent-Type: text/plain\n\nunterminated part",
    b"From: a@b.example\nTo: c@d.example\nContent-Transfer-Encoding: base64\n\n!!!@@@===\n",
    b"From: a@b.example\nTo: c@d.example\nContent-Transfer-Encoding: quoted-printable\n\n=ZZ=\n",
    b"From: <<<>>>\nTo: ,,,;;;\nCc: undisclosed-recipients:;\nDate: 32 Foo 99999\n\nx",
    b"From: =?x-unknown?q?abc?= <x@b.example>\nSubject: =?utf-8?b?!!!?=\nTo: c@d.example\n\nx",
    b"Subject: only a subject\n",
    b"From a@b Mon Jan  1 00:00:00 2026\nFrom: a@b.example\nTo: c@d.example\n\nmbox-style",
    b"From: a@b.example\nTo: c@d.example\nMessage-ID: <>\nIn-Reply-To: garbage\n"
    b"References: <a b> <ok@X>\n\nx",
    b"From: a@b.example\nTo: c@d.example\nContent-Type: text/html; charset=utf-8\n\n<p><b>unclosed",
]


@pytest.mark.parametrize("raw", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_mail_never_raises(raw: bytes) -> None:
    msg = parse_bytes(raw)
    assert isinstance(msg, ParsedMessage)
    assert isinstance(msg.body, str) and isinstance(msg.subject, str)
    assert msg.key.startswith(("mid:", "sha:"))


def test_random_mutations_of_a_message_never_raise() -> None:
    base = eml(
        mid="m@x",
        date="Fri, 20 Nov 2026 18:00:00 -0500",
        cc="x@y.example",
        in_reply_to="p@q",
        references=["p@q"],
    )
    rng = random.Random(7)
    for _ in range(300):
        raw = bytearray(base)
        for _ in range(rng.randrange(1, 20)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        with contextlib.suppress(NotAMessage):
            parse_bytes(bytes(raw))


def test_bad_charset_is_a_defect_not_an_error() -> None:
    msg = parse_bytes(MALFORMED[0])
    assert msg.body.startswith("caf")
    assert "body: unknown charset 'x-klingon'" in msg.defects
    assert msg.sender is not None and msg.sender.addr == "a@b.example"


def test_missing_message_id_and_date() -> None:
    msg = parse_bytes(
        b"From: Alex <alex.morgan@example.org>\nTo: dana.wu@acme.example\nSubject: hi\n\nbody\n"
    )
    assert msg.message_id is None and msg.date is None and msg.defects == []
    assert msg.key.startswith("sha:")
    bad_date = parse_bytes(b"From: a@b.example\nTo: c@d.example\nDate: next tuesday\n\nx")
    assert bad_date.date is None
    assert bad_date.defects == ["Date: unparseable 'next tuesday'"]


def test_headers_and_threading() -> None:
    msg = parse_bytes(
        eml(
            frm="Alex Morgan <Alex.Morgan@Example.org>",
            to=["Dana Wu <dana.wu@acme.example>", '"Smith, John" <john@acme.example>'],
            cc="maria.lopez@acme.example",
            mid="Abc.123@Mail.Example.ORG",
            date="Fri, 20 Nov 2026 18:00:00 -0500",
            in_reply_to="parent@ACME.example",
            references=["root@acme.example", "parent@ACME.example"],
        )
    )
    assert msg.message_id == "Abc.123@mail.example.org"
    assert msg.date == datetime(2026, 11, 20, 23, 0, tzinfo=timezone.utc)
    assert msg.sender is not None and msg.sender.addr == "alex.morgan@example.org"
    assert [(a.name, a.addr) for a in msg.to] == [
        ("Dana Wu", "dana.wu@acme.example"),
        ("Smith, John", "john@acme.example"),
    ]
    assert [a.addr for a in msg.recipients] == [
        "dana.wu@acme.example",
        "john@acme.example",
        "maria.lopez@acme.example",
    ]
    assert msg.in_reply_to == "parent@acme.example"
    assert msg.thread_ids == ["root@acme.example", "parent@acme.example"]
    assert normalize_message_id("  <>  ") is None
    assert normalize_message_id("no-brackets@Host") == "no-brackets@host"


def test_encoded_word_subject_and_display_names() -> None:
    raw = (
        b"From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <jm@acme.example>\n"
        b"To: =?utf-8?b?w4lsb2RpZSBEdXBvbnQ=?= <elodie@acme.example>,"
        b" =?iso-8859-1?q?Ren=E9?= <rene@acme.example>\n"
        b"Subject: =?utf-8?q?Danke_f=C3=BCr?=\n =?utf-8?q?_das_Gespr=C3=A4ch?=\n\nbody\n"
    )
    msg = parse_bytes(raw)
    assert msg.subject == "Danke für das Gespräch"
    assert msg.sender is not None and msg.sender.name == "Jürgen Müller"
    assert [a.name for a in msg.to] == ["Élodie Dupont", "René"]
    assert str(msg.sender) == "Jürgen Müller <jm@acme.example>"


def test_raw_utf8_headers_are_read_as_utf8() -> None:
    raw = "From: Jürgen <jm@acme.example>\nTo: c@d.example\nSubject: Grüße\n\nx".encode()
    msg = parse_bytes(raw)
    assert msg.subject == "Grüße"
    assert msg.sender is not None and msg.sender.name == "Jürgen"


def test_html_only_body_becomes_text() -> None:
    raw = (
        b"From: a@b.example\nTo: c@d.example\nContent-Type: text/html; charset=utf-8\n\n"
        b"<html><head><title>T</title><style>p {color: red}</style></head><body>"
        b"<p>Hi Dana,</p><p>Thanks &amp; caf&eacute; <b>talk</b>.</p>"
        b"<script>alert(1)</script><br>Alex</body></html>"
    )
    msg = parse_bytes(raw)
    assert msg.html_only is True
    assert msg.body == "Hi Dana,\n\nThanks & café talk.\n\nAlex"


def test_plain_part_wins_over_html_and_attachments_are_skipped() -> None:
    raw = (
        b"From: a@b.example\nTo: c@d.example\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/mixed; boundary=OUT\n\n"
        b"--OUT\nContent-Type: text/plain; name=notes.txt\n"
        b"Content-Disposition: attachment; filename=notes.txt\n\nATTACHED\n"
        b"--OUT\nContent-Type: multipart/alternative; boundary=ALT\n\n"
        b"--ALT\nContent-Type: text/plain; charset=utf-8\n\nplain words\n"
        b"--ALT\nContent-Type: text/html; charset=utf-8\n\n<p>html words</p>\n"
        b"--ALT--\n--OUT--\n"
    )
    msg = parse_bytes(raw)
    assert msg.body.strip() == "plain words" and msg.html_only is False


def test_html_blockquote_is_marked_as_quote() -> None:
    text = html_to_text(
        '<div>My answer.</div><div class="gmail_quote">On Fri, Dana wrote:'
        "<blockquote>Old text</blockquote></div>"
    )
    assert own_text(text) == "My answer."


# -- own_text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "own"),
    [
        (
            "Hi Dana,\n\nThanks again.\n\nOn Fri, Nov 20, 2026 at 3:04 PM Dana Wu "
            "<dana.wu@acme.example> wrote:\n> Hi Alex,\n> great to meet you\n",
            "Hi Dana,\n\nThanks again.",
        ),
        (
            "Thanks again.\n\nOn Fri, Nov 20, 2026 at 3:04 PM Dana Wu <\ndana.wu@acme.example> wrote:\n"
            "> old\n",
            "Thanks again.",
        ),
        ("Thanks again.\n\nOn 20/11/2026 15:04, Dana Wu wrote:\n> old\n", "Thanks again."),
        ("Thanks again.\n\nAm 20.11.2026 um 15:04 schrieb Dana Wu:\n> alt\n", "Thanks again."),
        (
            "Thanks again.\n\n________________________________\nFrom: Dana Wu <dana.wu@acme.example>\n"
            "Sent: Friday, November 20, 2026 3:04 PM\nTo: Alex\nSubject: Re: x\n\nold text\n",
            "Thanks again.",
        ),
        (
            "Thanks again.\n\nFrom: Dana Wu <dana.wu@acme.example>\nSent: Friday, November 20, 2026\n"
            "To: Alex\n\nold text\n",
            "Thanks again.",
        ),
        ("Thanks again.\n\n-----Original Message-----\nFrom: Dana\n\nold\n", "Thanks again."),
        ("Thanks again.\n> quoted line\nmy answer\n>> deeper\n", "Thanks again.\n\nmy answer"),
    ],
    ids=[
        "gmail",
        "gmail-wrapped",
        "thunderbird",
        "german",
        "outlook-rule",
        "outlook-header",
        "outlook-original",
        "quote-lines",
    ],
)
def test_own_text_strips_quoted_history(body: str, own: str) -> None:
    assert own_text(body) == own


@pytest.mark.parametrize(
    "marker",
    [
        "---------- Forwarded message ---------",
        "-------- Forwarded Message --------",
        "Begin forwarded message:",
    ],
)
def test_own_text_strips_forwarded_parts(marker: str) -> None:
    body = f"Dana, see the note below.\n\n{marker}\nFrom: Maria\nSubject: x\n\nforwarded words\n"
    assert own_text(body) == "Dana, see the note below."


def test_own_text_strips_signatures() -> None:
    assert own_text("Thanks!\n\n-- \nAlex Morgan\nwww.example.org\n") == "Thanks!"
    assert own_text(f"Thanks!\n\nBest,\n{SIG}\n", (SIG,)) == "Thanks!\n\nBest,"
    assert own_text(f"Thanks!\r\n\r\n{SIG}".replace("\n", "\r\n"), (SIG,)) == "Thanks!"
    # Without the configured signature it stays part of the text.
    assert own_text(f"Thanks!\n\n{SIG}\n") == f"Thanks!\n\n{SIG}"
    # Only the last occurrence is the signature.
    body = f"My name is Alex Morgan\n+1 617 555 0142 is my cell.\n\n{SIG}"
    assert own_text(body, (SIG,)) == "My name is Alex Morgan\n+1 617 555 0142 is my cell."


def test_own_text_keeps_ordinary_lines_that_look_similar() -> None:
    body = (
        "On Friday we spoke about the payments ledger.\nI wrote: a design doc.\n"
        "From: my side, all good.\nThanks -- really."
    )
    assert own_text(body) == body


def test_fingerprint_similarity() -> None:
    a = "Thank you for walking me through the payments ledger and the Kafka migration today."
    b = a.replace("today", "this afternoon")
    c = "A completely different letter about data contracts and Airflow pipelines at Globex."
    assert similarity(fingerprint(a), fingerprint(a)) == 1.0
    assert 0.5 < similarity(fingerprint(a), fingerprint(b)) < 1.0
    assert similarity(fingerprint(a), fingerprint(c)) == 0.0
    assert similarity((), fingerprint(a)) == 0.0
