"""`followup-guard-sendmail` in front of the real msmtp, delivering to an SMTP sink on 127.0.0.1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import termkit
from conftest import require_tool
from termkit import DANA, FRIEND, MARIA, TOM, World

pytestmark = pytest.mark.real


@pytest.fixture
def world(tmp_path: Path, smtp_sink) -> World:
    msmtp = require_tool("msmtp")
    return World.create(tmp_path, smtp_sink.port, msmtp=msmtp)


def _assert_clean(world: World, raw: bytes, *bcc: str) -> None:
    """The message is clean by `followup-guard check` (else the test's premise is wrong)."""
    args = ["check", "-"] + [a for b in bcc for a in ("--bcc", b)]
    r = world.fg(*args, stdin=raw)
    assert r.code == 0, f"test message not clean by `followup-guard check`:\n{r.stdout}{r.stderr}"


def test_clean_message_arrives_byte_for_byte_with_bcc(world: World, smtp_sink) -> None:
    raw = termkit.message(cc=f"Maria Lopez <{MARIA}>")
    _assert_clean(world, raw, FRIEND)
    # mutt's argv: -oem -oi -f FROM -- to cc bcc (Bcc only here, never in the headers)
    r = world.sendmail(["-oem", "-oi", "-f", termkit.ME, "--", DANA, MARIA, FRIEND], raw)
    assert (r.code, r.stdout, r.stderr) == (0, "", "")
    [got] = smtp_sink.wait_for(1)
    assert got.data == termkit.on_the_wire(raw)
    assert sorted(got.rcpt_tos) == sorted([DANA, MARIA, FRIEND])
    assert got.mail_from == termkit.ME
    # ... and exactly what msmtp alone delivers for the same bytes and argv.
    direct = world.run(
        [
            "msmtp",
            "-C",
            str(world.msmtprc),
            "-oem",
            "-oi",
            "-f",
            termkit.ME,
            "--",
            DANA,
            MARIA,
            FRIEND,
        ],
        raw,
    )
    assert direct.code == 0, direct.stderr
    _, again = smtp_sink.wait_for(2)
    assert again.data == got.data and sorted(again.rcpt_tos) == sorted(got.rcpt_tos)


def test_installed_console_script(world: World, smtp_sink) -> None:
    shim = require_tool("followup-guard-sendmail")
    raw = termkit.message()
    r = world.run([shim, "-oi", "--", DANA], raw)
    assert r.code == 0, r.stderr
    [got] = smtp_sink.wait_for(1)
    assert got.data == termkit.on_the_wire(raw)
    refused = world.run([shim, "-oi", "--", DANA, TOM], raw)
    assert refused.code == 77


def test_crlf_and_8bit_bytes_pass_unchanged(world: World, smtp_sink) -> None:
    raw = termkit.message(
        body="Dear Dana,\n\nThank you for the tour of the office today; the "
        "payments ledger work at Acme Corp sounds great. Café talk "
        "included.\n\nBest regards,\nAlex Morgan\n",
        crlf=True,
    )
    r = world.sendmail(["-i", DANA], raw)
    assert r.code == 0, r.stderr
    [got] = smtp_sink.wait_for(1)
    assert got.data == termkit.on_the_wire(raw)
    assert "Café".encode() in got.data


def test_recorded_at_once_and_counted_once(world: World, smtp_sink) -> None:
    raw = termkit.message(msgid="recorded-once")
    r = world.sendmail(["-oi", "--", DANA, FRIEND], raw)
    assert r.code == 0, r.stderr
    smtp_sink.wait_for(1)
    assert world.stored() == [("mid:recorded-once@example.org", "shim", "out")]
    assert world.stored_bcc() == [FRIEND]  # the argv-only Bcc is part of the record
    # The daemon later finds the same message in Sent: it is not counted twice.
    from followup_guard.api import open_context, record_message

    with open_context(world.config, world.data_dir) as ctx:
        outcome = record_message(ctx, raw, source="maildir")
    assert outcome.new is False
    assert len(world.stored()) == 1
    # The record counts: a second, different message to the company today is now refused.
    second = termkit.message(
        subject="One more thing",
        body="Dear Dana,\n\nI forgot to mention "
        "the on-call rotation.\n\nBest regards,\nAlex Morgan\n",
    )
    r2 = world.sendmail(["-oi", "--", DANA], second)
    assert r2.code == 77, r2.stderr
    assert "same-day-repeat" in r2.stderr
    assert len(smtp_sink.messages()) == 1


def test_bcc_only_in_argv_is_checked_and_refused(world: World, smtp_sink) -> None:
    raw = termkit.message()
    r = world.sendmail(["-oem", "-oi", "-f", termkit.ME, "--", DANA, TOM], raw)
    assert r.code == 77, r.stderr
    assert r.stdout == ""
    assert "outside-hiring-process" in r.stderr
    assert TOM in r.stderr and "Bcc" in r.stderr
    assert "followup-guard allow " in r.stderr
    assert smtp_sink.messages() == []
    assert world.stored() == []  # a refused message is not recorded


def test_allow_lets_exactly_this_message_through_once(world: World, smtp_sink) -> None:
    raw = termkit.message(body=termkit.PLACEHOLDER_BODY)
    args = ["-oi", "--", DANA]
    refused = world.sendmail(args, raw)
    assert refused.code == 77
    assert "unfilled-placeholder" in refused.stderr
    ident = termkit.allow_id(refused.stderr)

    ok = world.fg("allow", ident)
    assert ok.code == 0, ok.stderr
    assert ident in ok.stdout

    # Another message is not covered by the allowance.
    other = termkit.message(body=termkit.PLACEHOLDER_BODY.replace("payments", "billing"))
    assert world.sendmail(args, other).code == 77

    # The same draft again (a client makes a new Date and Message-ID): goes through once.
    again = termkit.message(body=termkit.PLACEHOLDER_BODY)
    sent = world.sendmail(args, again)
    assert sent.code == 0, sent.stderr
    [got] = smtp_sink.wait_for(1)
    assert got.data == termkit.on_the_wire(again)

    third = world.sendmail(args, termkit.message(body=termkit.PLACEHOLDER_BODY))
    assert third.code == 77  # used up
    assert len(smtp_sink.messages()) == 1


def test_allow_last_for_clients_that_hide_stderr(world: World, smtp_sink) -> None:
    raw = termkit.message(body=termkit.PLACEHOLDER_BODY)
    assert world.sendmail([DANA], raw).code == 77  # aerc's argv: recipients only
    r = world.fg("allow", "--last")
    assert r.code == 0, r.stderr
    assert "unfilled-placeholder" in r.stdout  # the reason aerc threw away
    assert world.sendmail([DANA], termkit.message(body=termkit.PLACEHOLDER_BODY)).code == 0
    smtp_sink.wait_for(1)


def test_allow_rejects_a_bad_id(world: World) -> None:
    r = world.fg("allow", "not-an-id")
    assert r.code == 2
    assert "12 hex digits" in r.stderr


def _variants(raw: bytes) -> dict[str, bytes]:
    """Messages a refused one could be turned into, each of which must need its own `allow`."""
    text = raw.decode()
    return {
        "new From display name": text.replace("From: Alex Morgan <", "From: Alex M. <").encode(),
        "To moved to Cc": text.replace(
            f"To: Dana Wu <{DANA}>", f"To: {termkit.ME}\nCc: Dana Wu <{DANA}>"
        ).encode(),
        "new Reply-To": text.replace(
            "Subject:", "Reply-To: other@elsewhere.example\nSubject:"
        ).encode(),
        "another header": text.replace("Subject:", "X-Priority: 1 (Highest)\nSubject:").encode(),
        "one more space in the body": text.replace("Dear Dana,", "Dear  Dana,").encode(),
    }


def test_an_allowance_covers_exactly_the_refused_message(world: World, smtp_sink) -> None:
    raw = termkit.message(body=termkit.PLACEHOLDER_BODY)
    args = ["-oi", "--", DANA]
    refused = world.sendmail(args, raw)
    assert refused.code == 77, refused.stderr
    ident = termkit.allow_id(refused.stderr)
    assert world.fg("allow", ident).code == 0
    for what, variant in _variants(raw).items():
        assert variant != raw, what
        r = world.sendmail(args, variant)
        assert r.code == 77, f"{what}: sent on the allowance of another message\n{r.stderr}"
        assert termkit.allow_id(r.stderr) != ident, what
    # Another envelope recipient (a Bcc) is another message too.
    assert world.sendmail(["-oi", "--", DANA, MARIA], raw).code == 77
    assert smtp_sink.messages() == []
    # The shown message itself, as a client sends it again (new Date and Message-ID, CRLF).
    again = termkit.message(body=termkit.PLACEHOLDER_BODY, crlf=True)
    sent = world.sendmail(args, again)
    assert sent.code == 0, sent.stderr
    smtp_sink.wait_for(1)


def test_allow_accepts_only_ids_the_shim_refused(world: World, smtp_sink) -> None:
    never = world.fg("allow", "0123456789ab")
    assert never.code == 2
    assert "has not refused a message with id 0123456789ab" in never.stderr
    refused = world.sendmail(["-oi", "--", DANA], termkit.message(body=termkit.PLACEHOLDER_BODY))
    ident = termkit.allow_id(refused.stderr)
    # The record of refused ids is private, like the rest of the data dir.
    assert (world.data_dir / "sendmail-refused-ids").stat().st_mode & 0o077 == 0
    assert world.fg("allow", ident).code == 0


def test_v_fails_closed_before_anything_is_sent(world: World, smtp_sink) -> None:
    # Postfix reads `-V X` as an envelope id, older senders read -V as a bare switch and X as
    # a recipient: the do-not-contact address after -V must never go out unchecked.
    r = world.sendmail(["-oi", "-V", TOM, "--", DANA], termkit.message())
    assert r.code == 64, r.stderr  # EX_USAGE
    assert "option -V means an envelope id" in r.stderr
    assert "Remove it from the mail client's sendmail command" in r.stderr
    assert smtp_sink.messages() == []


@pytest.mark.parametrize(
    "argv",
    [
        ["-oem", "-oi", "-f", termkit.ME, "--", DANA, MARIA],
        # (the sink offers no DSN, so msmtp's "off"; the values' arity is what is under test)
        ["-B8BITMIME", "-N", "off", "-R", "off", "-F", "Alex Morgan", "--", DANA],
        ["-B", "8BITMIME", "-Noff", "-Roff", "-FAlex", DANA],
        ["-i", "-f", termkit.ME, DANA, MARIA],
        ["-ti", "-f", termkit.ME, MARIA],
        ["-a", "default", "--from", termkit.ME, "--read-recipients", "--tls=off", DANA],
        ["-om", "-odi", "-f", termkit.ME, f"Dana Wu <{DANA}>, {MARIA}"],
    ],
)
def test_msmtp_delivers_to_exactly_the_recipients_the_shim_checked(
    world: World, smtp_sink, argv: list[str]
) -> None:
    """The parser's model of the real sender, held against the real sender."""
    from followup_guard.bridges.sendmail_args import parse_args

    inv = parse_args(argv)
    raw = termkit.message(cc=f"Maria Lopez <{MARIA}>")
    checked = set(inv.recipients) | ({DANA, MARIA} if inv.read_headers else set())
    r = world.sendmail(argv, raw)
    assert r.code == 0, r.stderr
    [got] = smtp_sink.wait_for(1)
    assert {a.lower() for a in got.rcpt_tos} == checked


def test_an_option_msmtp_lacks_stops_the_whole_send(world: World, smtp_sink) -> None:
    # -r (sendmail's old -f) is accepted as taking a value; msmtp does not know it and refuses
    # the call, so its value can never become a recipient there either.
    r = world.sendmail(["-r", DANA, "--", DANA], termkit.message())
    assert r.code == 64, r.stderr
    assert smtp_sink.messages() == []


def test_dash_t_reads_recipients_and_bcc_header(world: World, smtp_sink) -> None:
    raw = termkit.message(bcc_header=TOM)
    r = world.sendmail(["-t", "-i"], raw)
    assert r.code == 77
    assert TOM in r.stderr
    clean = termkit.message()
    r = world.sendmail(["-t", "-i"], clean)
    assert r.code == 0, r.stderr
    [got] = smtp_sink.wait_for(1)
    assert got.rcpt_tos == [DANA]


def test_cli_subcommand_passes_sendmail_flags_verbatim(world: World, smtp_sink) -> None:
    raw = termkit.message()
    r = world.fg(
        "--config", str(world.config), "sendmail", "-oi", "-f", termkit.ME, "--", DANA, stdin=raw
    )
    assert r.code == 0, r.stderr
    r = world.fg("sendmail", "-t", "-oi", stdin=termkit.message(bcc_header=TOM))
    assert r.code == 77
    assert len(smtp_sink.wait_for(1)) == 1


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "stdin", "code", "words"),
    [
        (["-oi", "--", DANA], b"", 66, "no message on stdin"),
        (["-oi"], termkit.message(), 64, "no recipients"),
        (["-t", "-oi"], b"Subject: hi\n\nno recipients here\n", 64, "no recipients"),
        (["-oi", DANA], b"\x00\x01\x02 binary junk", 65, "not an email message"),
        (["-oi", DANA], b"just some words, no headers\n", 65, "not an email message"),
        (["-oi", "-f"], termkit.message(), 64, "needs a value"),
        (["-bs"], b"", 64, "not supported"),
    ],
)
def test_bad_input(world: World, smtp_sink, args, stdin, code, words) -> None:
    r = world.sendmail(args, stdin)
    assert r.code == code, r.stderr
    assert words in r.stderr
    assert r.stderr.startswith("followup-guard: ")
    assert "Traceback" not in r.stderr
    assert smtp_sink.messages() == []


def test_missing_real_sender(tmp_path: Path, smtp_sink) -> None:
    world = World.create(
        tmp_path, smtp_sink.port, sendmail_command=[str(tmp_path / "no-such-msmtp")]
    )
    r = world.sendmail(["-oi", DANA], termkit.message())
    assert r.code == 69  # EX_UNAVAILABLE
    assert "no-such-msmtp" in r.stderr and "not installed" in r.stderr
    assert world.stored() == []


def test_failing_real_sender_code_passes_through(tmp_path: Path, smtp_sink) -> None:
    require_tool("msmtp")
    # msmtp to a port where nothing listens: it fails (EX_TEMPFAIL 75 or EX_UNAVAILABLE 69).
    from servers import free_port

    world = World.create(tmp_path, free_port())
    raw = termkit.message()
    r = world.sendmail(["-oi", DANA], raw)
    direct = world.run(["msmtp", "-C", str(world.msmtprc), "-oi", DANA], raw)
    assert direct.code != 0
    assert r.code == direct.code
    assert "msmtp" in r.stderr  # msmtp's own message reaches the client
    assert world.stored() == []  # not sent, not recorded: a retry is not a repeat


def test_failed_send_keeps_the_allowance(tmp_path: Path, smtp_sink) -> None:
    require_tool("msmtp")
    from servers import free_port

    dead = World.create(tmp_path / "a", free_port())
    raw = termkit.message(body=termkit.PLACEHOLDER_BODY)
    ident = termkit.allow_id(dead.sendmail(["-oi", DANA], raw).stderr)
    assert dead.fg("allow", ident).code == 0
    assert dead.sendmail(["-oi", DANA], raw).code not in (0, 77)  # msmtp fails
    # Fix msmtp (point it at the sink): the retry uses the allowance that is still there.
    termkit.write_msmtprc(dead.msmtprc, smtp_sink.port, dead.root / "msmtp.log")
    r = dead.sendmail(["-oi", DANA], raw)
    assert r.code == 0, r.stderr
    smtp_sink.wait_for(1)


def test_failing_sender_script_exit_code(tmp_path: Path, smtp_sink) -> None:
    script = tmp_path / "sender.sh"
    script.write_text("#!/bin/sh\ncat >/dev/null\necho 'sender: mailbox full' >&2\nexit 73\n")
    script.chmod(0o755)
    world = World.create(tmp_path, smtp_sink.port, sendmail_command=[str(script)])
    r = world.sendmail(["-oi", DANA], termkit.message())
    assert r.code == 73
    assert "mailbox full" in r.stderr
    assert world.stored() == []


def test_sender_gets_the_same_arguments(tmp_path: Path, smtp_sink) -> None:
    out = tmp_path / "argv.txt"
    body = tmp_path / "body.eml"
    script = tmp_path / "sender.sh"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {out}\ncat > {body}\n")
    script.chmod(0o755)
    world = World.create(tmp_path, smtp_sink.port, sendmail_command=[str(script), "-a", "work"])
    raw = termkit.message()
    args = [
        "-oem",
        "-oi",
        "-B8BITMIME",
        "-N",
        "success,failure",
        "-f",
        termkit.ME,
        "--",
        DANA,
        FRIEND,
    ]
    assert world.sendmail(args, raw).code == 0
    assert out.read_text().splitlines() == ["-a", "work", *args]
    assert body.read_bytes() == raw


def test_no_config_refuses_with_tempfail(tmp_path: Path, smtp_sink) -> None:
    world = World.create(tmp_path, smtp_sink.port)
    world.config.unlink()
    r = world.sendmail(["-oi", DANA], termkit.message())
    assert r.code == 75
    assert "no config" in r.stderr and "followup-guard init" in r.stderr
    assert smtp_sink.messages() == []


def test_broken_config_fails_closed_by_default(tmp_path: Path, smtp_sink) -> None:
    world = World.create(tmp_path, smtp_sink.port)
    world.config.write_text(
        world.config.read_text().replace('timezone = "UTC"', 'timezone = "Mars/Olympus"', 1)
    )
    r = world.sendmail(["-oi", DANA], termkit.message())
    assert r.code == 75
    assert "Mars/Olympus" in r.stderr and "fail_closed = false" in r.stderr
    assert smtp_sink.messages() == []


def test_broken_config_fail_open_sends_unchecked(tmp_path: Path, smtp_sink) -> None:
    require_tool("msmtp")
    world = World.create(tmp_path, smtp_sink.port, fail_closed=False)
    world.config.write_text(
        world.config.read_text().replace('timezone = "UTC"', 'timezone = "Mars/Olympus"', 1)
    )
    raw = termkit.message()
    r = world.sendmail(["-oi", DANA], raw)
    assert r.code == 0, r.stderr
    assert "sending it unchecked" in r.stderr
    [got] = smtp_sink.wait_for(1)
    assert got.data == termkit.on_the_wire(raw)


def test_locked_store_fails_closed(tmp_path: Path, smtp_sink) -> None:
    world = World.create(tmp_path, smtp_sink.port)
    world.data_dir.mkdir(parents=True, exist_ok=True)
    (world.data_dir / "store.sqlite3").write_bytes(b"this is not a database" * 100)
    r = world.sendmail(["-oi", DANA], termkit.message())
    assert r.code == 75
    assert "store" in r.stderr
    assert smtp_sink.messages() == []


def test_never_recurses_into_itself(tmp_path: Path, smtp_sink) -> None:
    world = World.create(tmp_path, smtp_sink.port, sendmail_command=[termkit._shim_path()])
    r = world.sendmail(["-oi", DANA], termkit.message())
    assert r.code == 78
    assert "followup-guard itself" in r.stderr
    # A sender that (through a wrapper) starts us again is caught too.
    wrapper = tmp_path / "wrapper.sh"
    wrapper.write_text(f'#!/bin/sh\nexec {termkit._shim_path()} "$@"\n')
    wrapper.chmod(0o755)
    world2 = World.create(tmp_path / "w2", smtp_sink.port, sendmail_command=[str(wrapper)])
    r = world2.sendmail(["-oi", DANA], termkit.message())
    assert r.code == 78
    assert "loop" in r.stderr
    assert smtp_sink.messages() == []


def test_store_is_readable_by_the_cli_afterwards(world: World, smtp_sink) -> None:
    assert world.sendmail(["-oi", DANA], termkit.message()).code == 0
    smtp_sink.wait_for(1)
    con = sqlite3.connect(world.data_dir / "store.sqlite3")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_text_after_a_lone_dot_is_checked_too(world: World, smtp_sink) -> None:
    # Without -i classic sendmail would stop at the dot, but msmtp sends it all: check it all.
    body = termkit.THANK_YOU_BODY + ".\nP.S. I would love to join [Company].\n"
    r = world.sendmail([DANA], termkit.message(body=body))
    assert r.code == 77
    assert "unfilled-placeholder" in r.stderr
    assert smtp_sink.messages() == []


def test_big_attachment_is_checked_and_delivered_whole(world: World, smtp_sink) -> None:
    import base64

    blob = base64.encodebytes(bytes(range(256)) * (26 * 1024 * 1024 // 256 * 3 // 4))
    head = (
        termkit.message()
        .split(b"\n\n", 1)[0]
        .replace(
            b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit",
            b'Content-Type: multipart/mixed; boundary="b1"',
        )
    )
    raw = (
        head
        + b"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n"
        + termkit.THANK_YOU_BODY.encode()
        + b"\n--b1\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64"
        b"\nContent-Disposition: attachment; filename=portfolio.bin\n\n" + blob + b"--b1--\n"
    )
    assert len(raw) > 26 * 1024 * 1024
    r = world.sendmail(["-oi", DANA], raw)
    assert r.code == 0, r.stderr
    [got] = smtp_sink.wait_for(1, timeout=60)
    assert got.data == termkit.on_the_wire(raw)
    # ... and a big one with a problem in its text is still refused.
    bad = raw.replace(b"Acme Corp. I enjoyed", b"[Company]. I enjoyed", 1)
    refused = world.sendmail(["-oi", DANA], bad)
    assert refused.code == 77 and "unfilled-placeholder" in refused.stderr


def test_help_and_passthrough_modes(world: World) -> None:
    r = world.sendmail(["--help"], b"")
    assert r.code == 0 and "usage: followup-guard-sendmail" in r.stdout
    v = world.sendmail(["--version"], None)  # not a delivery: handed to msmtp untouched
    assert v.code == 0 and "msmtp version" in v.stdout


def test_a_damaged_config_cache_does_not_make_the_shim_refuse(world: World, smtp_sink) -> None:
    raw = termkit.message()
    assert world.fg("check", "-", stdin=raw).code == 0
    [cache] = (world.data_dir / "cache").glob("config-*.pickle")
    cache.write_bytes(cache.read_bytes().replace(b"acme.example", b"\xff" * 12))
    r = world.sendmail(["-oi", "--", DANA], raw)
    assert (r.code, r.stderr) == (0, "")
    smtp_sink.wait_for(1)


def test_the_shim_asks_the_running_daemon(world: World, smtp_sink) -> None:
    """With a daemon answering on the data dir's socket, the shim takes its verdict (the
    daemon has the rules and the tone model loaded) and still sends, refuses and records as
    on its own; the daemon counts the requests it served."""
    from followup_guard.client import ask_daemon
    from followup_guard.config.load import load_config
    from followup_guard.config.paths import Paths
    from followup_guard.service.check_server import CheckServer, config_stamp

    config = load_config(world.config)
    srv = CheckServer(
        Paths(world.config, world.data_dir), lambda: (config, config_stamp(world.config))
    )
    srv.start()
    try:

        def served() -> int:
            reply = ask_daemon(world.data_dir, {"v": 1, "method": "ping"})
            assert reply is not None and reply.get("ok"), reply
            return int(reply["result"]["served"])

        before = served()
        clean = world.sendmail(["-oi", "--", DANA], termkit.message())
        assert clean.code == 0, clean.stderr
        assert len(smtp_sink.messages()) == 1
        refused = world.sendmail(["-oi", "--", DANA, TOM], termkit.message(subject="Again"))
        assert refused.code == 77, refused.stderr
        assert "outside-hiring-process" in refused.stderr
        assert "followup-guard allow " in refused.stderr
        # two checks and the first ping went through the daemon
        assert served() - before >= 3
        # with the daemon bypassed, the shim judges alike on its own
        alone = world.sendmail(
            ["-oi", "--", DANA, TOM], termkit.message(subject="Again"), FOLLOWUP_GUARD_NO_DAEMON="1"
        )
        assert alone.code == 77 and "outside-hiring-process" in alone.stderr
    finally:
        srv.stop()
    assert len(smtp_sink.messages()) == 1
    assert len(world.stored()) == 1  # the sent one, recorded once
