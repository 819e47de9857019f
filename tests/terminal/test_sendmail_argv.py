"""The shim's argv reading and its allowance id (pure functions, no programs started)."""

from __future__ import annotations

import pytest
import termkit
from followup_guard.bridges.sendmail_allow import content_id
from followup_guard.bridges.sendmail_args import UsageError, parse_args
from followup_guard.bridges.sendmail_sender import SenderError, find_real_sender, is_ourselves


def test_mutt_argv() -> None:
    inv = parse_args(
        ["-oem", "-oi", "-f", "alex@example.org", "--", "dana@acme.example", "tom@acme.example"]
    )
    assert inv.recipients == ["dana@acme.example", "tom@acme.example"]
    assert inv.ignore_dots and not inv.read_headers and not inv.passthrough
    assert inv.envelope_from == "alex@example.org"
    assert inv.args[0] == "-oem"  # passed on untouched


def test_neomutt_dsn_and_8bit_flags_take_their_values() -> None:
    inv = parse_args(
        [
            "-B8BITMIME",
            "-N",
            "success,failure",
            "-R",
            "hdrs",
            "-F",
            "Alex Morgan",
            "-oi",
            "--",
            "a@x.example",
        ]
    )
    assert inv.recipients == ["a@x.example"]  # "success,failure", "hdrs", "Alex Morgan" are values


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["-V", "tom.becker@acme.example", "--", "a@x.example"], "-V means an envelope id"),
        (["-Venv1", "a@x.example"], "-V means"),
        (["-X", "/tmp/log", "a@x.example"], "-X means"),
        (["-p", "smtp", "a@x.example"], "-p means"),
        (["-h", "3", "a@x.example"], "-h means"),
        (["-d", "a@x.example"], "-d means"),
        (["-L", "tag", "a@x.example"], "-L is not one"),
        (["-O", "opt=v", "a@x.example"], "-O is not one"),
        (["-U", "a@x.example"], "-U is not one"),
        (["-tV", "a@x.example"], "-V means"),
        (["-o", "i", "a@x.example"], "-o is not one"),
        (["-oXvalue", "a@x.example"], "-oXvalue is not one"),
        (["-N", "tom.becker@acme.example", "a@x.example"], "-N tom.becker@acme.example: not one"),
        (["-R", "x@y.example", "a@x.example"], "-R x@y.example: not one"),
        (["-B", "x@y.example", "a@x.example"], "-B x@y.example: not one"),
        (["--no-such-option", "x@y.example"], "--no-such-option is not one"),
        (["-bp", "a@x.example"], "a mode that sends nothing"),
        (["-q", "-t"], "a mode that sends nothing"),
    ],
)
def test_options_that_senders_read_differently_fail_closed(argv: list[str], named: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_args(argv)
    assert named in str(info.value)


def test_git_send_email_argv() -> None:
    inv = parse_args(["-i", "dana@acme.example", "john@acme.example"])
    assert inv.ignore_dots
    assert inv.recipients == ["dana@acme.example", "john@acme.example"]


def test_aerc_argv_is_recipients_only_and_names_are_split() -> None:
    inv = parse_args(["Dana Wu <Dana@Acme.example>, john@acme.example"])
    assert inv.recipients == ["dana@acme.example", "john@acme.example"]
    assert not inv.ignore_dots


def test_t_and_attached_values_and_clusters() -> None:
    inv = parse_args(["-ti", "-fme@example.org", "-aWork"])
    assert inv.read_headers and inv.ignore_dots
    assert inv.envelope_from == "me@example.org"
    assert inv.recipients == []


def test_msmtp_long_options() -> None:
    inv = parse_args(
        [
            "--account",
            "work",
            "--from=me@example.org",
            "--read-recipients",
            "--tls=on",
            "x@y.example",
        ]
    )
    assert inv.read_headers
    assert inv.envelope_from == "me@example.org"
    assert inv.recipients == ["x@y.example"]


@pytest.mark.parametrize(
    "argv", [["-bp"], ["-q"], ["-q30m"], ["--version"], ["-bi"], ["-S"], ["--serverinfo"], ["-I"]]
)
def test_non_delivery_modes_pass_through(argv: list[str]) -> None:
    assert parse_args(argv).passthrough


def test_smtp_on_stdin_is_flagged() -> None:
    assert parse_args(["-bs"]).smtp_on_stdin


@pytest.mark.parametrize("argv", [["-f"], ["-oi", "-N"], ["--account"], ["-bz"]])
def test_missing_values_are_usage_errors(argv: list[str]) -> None:
    with pytest.raises(UsageError):
        parse_args(argv)


def test_everything_after_double_dash_is_a_recipient() -> None:
    assert parse_args(["--", "-odd@x.example"]).recipients == ["-odd@x.example"]


def test_content_id_ignores_date_message_id_and_line_ends() -> None:
    a = termkit.message(msgid="one")
    b = termkit.message(msgid="two", crlf=True)
    rcpts = [termkit.DANA]
    assert content_id(a, rcpts) == content_id(b, rcpts)
    assert len(content_id(a, rcpts)) == 12
    int(content_id(a, rcpts), 16)


def test_content_id_changes_with_body_recipients_or_subject() -> None:
    base = content_id(termkit.message(), [termkit.DANA])
    assert content_id(termkit.message(), [termkit.DANA, termkit.TOM]) != base
    assert content_id(termkit.message(body="Other words.\n"), [termkit.DANA]) != base
    assert content_id(termkit.message(subject="Another"), [termkit.DANA]) != base


def test_content_id_ignores_recipient_order() -> None:
    m = termkit.message()
    assert content_id(m, [termkit.DANA, termkit.JOHN]) == content_id(
        m, [termkit.JOHN, termkit.DANA]
    )


def test_real_sender_never_ourselves(tmp_path) -> None:
    shim = termkit._shim_path()
    assert is_ourselves(shim)
    assert not is_ourselves("/bin/sh")
    with pytest.raises(SenderError) as info:
        find_real_sender([shim])
    assert info.value.code == 78  # EX_CONFIG
    with pytest.raises(SenderError) as info:
        find_real_sender([str(tmp_path / "no-such-sender")])
    assert info.value.code == 69  # EX_UNAVAILABLE
    # A PATH whose only msmtp is a link to the shim: skipped, never recursed into.
    (tmp_path / "msmtp").symlink_to(shim)
    try:
        found = find_real_sender([], env={"PATH": str(tmp_path)})
    except SenderError as exc:
        assert exc.code == 69
    else:  # a system sendmail in /usr/sbin or /usr/lib
        assert not is_ourselves(found[0]) and "msmtp" not in found[0]


def test_content_id_covers_every_header_but_date_and_message_id() -> None:
    base = termkit.message()
    text = base.decode()
    rcpts = [termkit.DANA]
    variants = [
        text.replace("From: Alex Morgan", "From: Alex M."),
        text.replace(f"To: Dana Wu <{termkit.DANA}>", f"Cc: Dana Wu <{termkit.DANA}>"),
        text.replace("Subject:", "Reply-To: x@elsewhere.example\nSubject:"),
        text.replace("Subject:", "X-Anything: 1\nSubject:"),
        text.replace("Subject: ", "Subject:  "),
    ]
    ids = {content_id(v.encode(), rcpts) for v in variants}
    assert len(ids) == len(variants) and content_id(base, rcpts) not in ids


def _multipart(boundary: str, date: str) -> bytes:
    return (
        f"From: Alex Morgan <{termkit.ME}>\nTo: {termkit.DANA}\nSubject: CV\nDate: {date}\n"
        f"Message-ID: <{date[:3]}@example.org>\nMIME-Version: 1.0\n"
        f'Content-Type: multipart/mixed;\n boundary="{boundary}"\n\n'
        f"--{boundary}\nContent-Type: text/plain\n\nDear Dana, my CV.\n"
        f"--{boundary}\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n"
        f"JVBERi0=\n--{boundary}--\n"
    ).encode()


def test_content_id_ignores_a_new_mime_boundary_only() -> None:
    a = _multipart("=-abc123", "Mon, 02 Nov 2026 10:00:00 +0000")
    b = _multipart("=-zzz999", "Tue, 03 Nov 2026 11:00:00 +0000")
    assert content_id(a, [termkit.DANA]) == content_id(b, [termkit.DANA])
    c = a.replace(b"my CV.", b"my CV!")
    assert content_id(c, [termkit.DANA]) != content_id(a, [termkit.DANA])
