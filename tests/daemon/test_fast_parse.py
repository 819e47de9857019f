"""The IMAP fast path (sources.imap.fast_parse) must agree with mail.parse.parse_bytes on every
message it accepts, and accept the plain messages that make up most of a Sent folder."""

from __future__ import annotations

import dataclasses
import email.policy
import itertools
from email.message import EmailMessage
from pathlib import Path

from followup_guard.mail.parse import NotAMessage, parse_bytes
from followup_guard.sources.imap import HEADER_FIELDS, TEXT_BYTES, fast_parse
from test_daemon_malformed import cpython_email_data

DATA = Path(__file__).resolve().parents[1] / "data"
DEMO_MAIL = "daemon/followup_guard/demo/mail"  # real .eml files (tests/corpus holds TOML)


def as_fetched(raw: bytes) -> tuple[bytes, bytes, int]:
    """What BODY.PEEK[HEADER.FIELDS (...)] and BODY.PEEK[TEXT]<0.16384> return for ``raw``."""
    raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        head, body = raw, b""
    keep, take = [], False
    wanted = {f.lower().encode() for f in HEADER_FIELDS}
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            if take:
                keep.append(line)
            continue
        take = line.split(b":", 1)[0].strip().lower() in wanted
        if take:
            keep.append(line)
    header = b"\r\n".join(keep) + b"\r\n\r\n" if keep else b"\r\n"
    return header, body[:TEXT_BYTES], len(raw)


def comparable(p) -> dict:
    d = dataclasses.asdict(p)
    d.pop("defects")
    return d


def generated() -> list[bytes]:
    out = []
    names = ["Dana Wu", "", "Dr. Dana  Wu", "O'Brien-Smith", "Jürgen Groß", '"Wu, Dana"']
    ctypes = [
        None,
        "text/plain",
        "text/plain; charset=utf-8",
        'text/plain; charset="iso-8859-1"',
        "text/plain; charset=UTF-8; format=flowed",
        "text/html; charset=utf-8",
        "text/plain; charset=x-unknown",
    ]
    ctes = [None, "7bit", "8bit", "quoted-printable", "base64"]
    bodies = [
        "Dear Dana,\r\n\r\nthank you.\r\n",
        "caf\u00e9 \u2013 na\u00efve\r\n",
        "line=3Dwith qp=\r\n soft break\r\n",
        "",
    ]
    for i, (name, ct, cte, body) in enumerate(itertools.product(names, ctypes, ctes, bodies)):
        to = f"{name} <dana.wu@acme.example>" if name else "dana.wu@acme.example"
        head = (
            f"From: Alex <alex@example.org>\r\nTo: {to}, maria@acme.example\r\n"
            f"Subject: Thank   you {i}\r\n  folded\r\nDate: Mon, 02 Nov 2026 10:00:{i % 60:02d}"
            f" -0500\r\nMessage-ID: <m{i}@Example.ORG>\r\nIn-Reply-To: <x{i}@y>\r\n"
            f"References: <a@b>\r\n <x{i}@y>\r\n"
        )
        if ct:
            head += f"MIME-Version: 1.0\r\nContent-Type: {ct}\r\n"
        if cte:
            head += f"Content-Transfer-Encoding: {cte}\r\n"
        enc = "latin-1" if ct and "8859" in ct else "utf-8"
        out.append(head.encode(enc, "replace") + b"\r\n" + body.encode(enc, "replace"))
    for sub in ("alternative", "mixed"):
        m = EmailMessage()
        m["From"], m["To"], m["Subject"] = "alex@example.org", "Dana <dana@acme.example>", "Hi"
        m["Message-ID"] = f"<{sub}@example.org>"
        m.set_content("Dear Dana,\n\nthank you \u2013 really.\n")
        m.add_alternative("<p>Dear Dana</p>", subtype="html")
        if sub == "mixed":
            m.add_attachment(
                b"%PDF" * 100, maintype="application", subtype="pdf", filename="cv.pdf"
            )
        out.append(m.as_bytes(policy=email.policy.SMTP))
    return out


def test_fast_path_agrees_with_the_full_parser() -> None:
    corpus = generated()
    corpus += [p.read_bytes() for p in sorted((DATA / "malformed").glob("*.eml"))]
    corpus += [p.read_bytes() for p in cpython_email_data()]
    corpus += [p.read_bytes() for p in sorted((DATA.parents[1] / DEMO_MAIL).rglob("*.eml"))]
    fast = 0
    for raw in corpus:
        header, text, size = as_fetched(raw)
        got = fast_parse(header, text, size)
        if got is None:
            continue
        fast += 1
        try:
            want = parse_bytes(header + text)
        except NotAMessage:
            raise AssertionError(f"fast path accepted a non-message:\n{raw[:300]!r}") from None
        want.size = size
        assert comparable(got) == comparable(want), raw[:400]
    plain = generated()
    accepted = sum(fast_parse(*as_fetched(r)) is not None for r in plain)
    assert accepted >= len(plain) // 3, (accepted, len(plain))
    assert fast >= 100
