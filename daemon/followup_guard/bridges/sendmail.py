"""`followup-guard-sendmail`: a drop-in for `sendmail` that checks a follow-up before it goes out.

mutt, NeoMutt, aerc and git send-email hand the message to a sendmail-like program: the message
on stdin, recipients (Bcc included: they are *only* in argv) as arguments. This program reads
both, runs the same check as `followup-guard check` (asking the running daemon over its
socket when one answers for the same config, else in this process), and then:

* nothing at warn or block: hands the *same bytes* and the *same arguments* to the real sender
  (``[sendmail] command`` in the config, else ``msmtp`` on PATH, else ``/usr/sbin/sendmail``;
  never ourselves), returns its exit code and records the sent message in the store;
* findings: where a display exists, a dialog ("Send anyway" / "Edit"); otherwise (and on
  "Edit") a short reason on stderr, the one command that lets exactly this message through once
  (``followup-guard allow <id>``, valid 10 minutes), and exit 77 (EX_NOPERM); the refusal is
  also kept in the data dir for ``followup-guard allow --last`` (aerc discards stderr);
* the guard itself cannot run (broken config, store unusable, engine error): exit 75
  (EX_TEMPFAIL) with the reason, unless ``[sendmail] fail_closed = false``; with no config
  at all, always 75 with how to set one up or bypass the guard.

Exit codes follow sendmail's <sysexits.h>. Headers are never added or changed; a send writes
nothing to stdout. Startup is kept lean (see docs/performance.md): argv is parsed and
stdin read before the checking machinery is imported.

This module is the flow and ``main``; its parts: ``sendmail_args`` (the argv),
``sendmail_sender`` (the real sender), ``sendmail_allow`` (allowance ids, the refused ids),
``sendmail_refusal`` (what a refusal shows) and ``sendmail_exit`` (exit codes, stderr).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from .sendmail_args import USAGE, Invocation, UsageError, parse_args
from .sendmail_exit import (
    EX_CONFIG,
    EX_DATAERR,
    EX_NOINPUT,
    EX_NOPERM,
    EX_OK,
    EX_SOFTWARE,
    EX_TEMPFAIL,
    EX_USAGE,
    say,
    write_err,
)
from .sendmail_sender import ACTIVE_ENV, SenderError, find_real_sender, run_sender

if TYPE_CHECKING:
    from pathlib import Path


def _raw_sendmail_settings(config_path: os.PathLike[str] | str) -> tuple[list[str], bool]:
    """[sendmail] command and fail_closed read straight from a config that fails validation."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with open(config_path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, ValueError):
        return [], True
    section = data.get("sendmail")
    if not isinstance(section, dict):
        return [], True
    command = section.get("command", [])
    if isinstance(command, str):
        import shlex

        try:
            command = shlex.split(command)
        except ValueError:
            command = []
    if not isinstance(command, list) or not all(isinstance(c, str) for c in command):
        command = []
    fail_closed = section.get("fail_closed", True)
    return command, fail_closed is not False


# --------------------------------------------------------------------------- the flow


def _read_stdin(stdin: IO[bytes] | None) -> bytes:
    if stdin is None:
        return b""
    return stdin.read()


def run(
    argv: Sequence[str],
    *,
    stdin: IO[bytes] | None = None,
    err: IO[str] | None = None,
    config: str | Path | None = None,
    data_dir: str | Path | None = None,
) -> int:
    """The whole shim. Returns a sendmail exit code."""
    if stdin is None and sys.stdin is not None:
        stdin = sys.stdin.buffer
    err = err if err is not None else sys.stderr
    if os.environ.get(ACTIVE_ENV):
        say(
            err,
            "not sent: the real sender started followup-guard again (a loop); set "
            "[sendmail] command in the config to msmtp or sendmail, not to followup-guard",
        )
        return EX_CONFIG
    try:
        inv = parse_args(argv)
    except UsageError as exc:
        say(err, f"not sent: {exc}")
        return EX_USAGE
    if argv[:1] == ["--help"]:
        write_err(sys.stdout, USAGE)
        return EX_OK
    if inv.smtp_on_stdin:
        say(err, "not sent: SMTP on stdin (-bs) is not supported; it would skip the checks")
        return EX_USAGE

    from ..config.paths import resolve

    paths = resolve(config, data_dir)

    if inv.passthrough:  # mailq, --version, ...: nothing to check
        command, _ = _raw_sendmail_settings(paths.config)
        try:
            sender = find_real_sender(command)
        except SenderError as exc:
            say(err, str(exc))
            return exc.code
        return run_sender(sender + inv.args, None, err)

    try:
        raw = _read_stdin(stdin)
    except OSError as exc:
        say(err, f"not sent: cannot read the message from stdin: {exc.strerror}")
        return EX_NOINPUT
    if not raw.strip():
        say(err, "not sent: no message on stdin (it was empty)")
        return EX_NOINPUT
    from ..api import MAX_MESSAGE_BYTES
    from ..mail.parse import NotAMessage, parse_bytes

    # All of it is checked, -i or not: classic sendmail stops at a lone "." line without -i,
    # but msmtp reads to the end, so whatever the real sender takes has been checked. Past the
    # engine's size limit (a big attachment), the headers and the start are judged.
    checked = raw[:MAX_MESSAGE_BYTES]
    try:
        parsed = parse_bytes(checked)
    except NotAMessage as exc:
        say(err, f"not sent: the input is not an email message: {exc}")
        return EX_DATAERR

    header_rcpts = [a.addr for a in parsed.recipients]
    if inv.read_headers:
        envelope = list(dict.fromkeys(header_rcpts + inv.recipients))
    else:
        envelope = list(dict.fromkeys(inv.recipients))
    if not envelope:
        if inv.read_headers:
            say(err, "not sent: no recipients: -t was given but the message has no To, Cc or Bcc")
        else:
            say(
                err,
                "not sent: no recipients: give them as arguments, or use -t to read "
                "them from the message",
            )
        return EX_USAGE
    in_headers = set(header_rcpts)
    extra_bcc = [r for r in envelope if r not in in_headers]

    # Which real sender? Decided before checking, so a missing one fails at once.
    if not paths.config.exists():
        say(
            err,
            f"not sent: followup-guard has no config yet ({paths.config}). Set it up with "
            "`followup-guard init`; to send without the guard, point your mail client "
            "back at msmtp or sendmail.",
        )
        return EX_TEMPFAIL

    from ..api import ConfigError, StoreError, open_context

    try:
        ctx = open_context(config, data_dir)
    except ConfigError as exc:
        command, fail_closed = _raw_sendmail_settings(paths.config)
        problems = "; ".join(str(p) for p in exc.problems[:3])
        return _cannot_check(
            err,
            f"the config has problems: {problems}",
            fail_closed,
            command,
            inv,
            raw,
        )
    except (StoreError, OSError) as exc:
        command, fail_closed = _raw_sendmail_settings(paths.config)
        return _cannot_check(
            err,
            f"cannot open the store: {exc}",
            fail_closed,
            command,
            inv,
            raw,
        )
    try:
        return _checked_send(ctx, inv, raw, parsed, envelope, extra_bcc, err)
    finally:
        with contextlib.suppress(Exception):
            ctx.close()


def _cannot_check(
    err: IO[str],
    reason: str,
    fail_closed: bool,
    command: Sequence[str],
    inv: Invocation,
    raw: bytes,
) -> int:
    if fail_closed:
        say(err, f"not sent: could not check the message: {reason}")
        say(
            err,
            "fix that and send again; to send unchecked when the guard cannot run, set "
            "fail_closed = false under [sendmail] in the config",
        )
        return EX_TEMPFAIL
    say(
        err,
        f"could not check the message ({reason}); sending it unchecked "
        "([sendmail] fail_closed = false)",
    )
    try:
        sender = find_real_sender(command)
    except SenderError as exc:
        say(err, f"not sent: {exc}")
        return exc.code
    return run_sender(sender + inv.args, raw, err)


def _checked_send(
    ctx: Any,
    inv: Invocation,
    raw: bytes,
    parsed: Any,
    envelope: list[str],
    extra_bcc: list[str],
    err: IO[str],
) -> int:
    import sqlite3

    from ..api import MAX_MESSAGE_BYTES, StoreError, check_message, record_sent

    try:
        sender = find_real_sender(ctx.config.sendmail_command)
    except SenderError as exc:
        say(err, f"not sent: {exc}")
        return exc.code
    fail_closed = ctx.config.sendmail_fail_closed
    # The running daemon has the rules and the tone model loaded: asking it spares this cold
    # process their start-up (docs/performance.md); without an answer, check here.
    findings = _daemon_findings(ctx, raw[:MAX_MESSAGE_BYTES], extra_bcc)
    try:
        if findings is None:
            findings = check_message(ctx, parsed, extra_bcc=extra_bcc).findings
    except (StoreError, sqlite3.Error, OSError) as exc:
        return _cannot_check(
            err,
            f"the store is not usable: {exc}",
            fail_closed,
            ctx.config.sendmail_command,
            inv,
            raw,
        )
    except Exception as exc:  # a bug in a rule must not silently let mail through
        return _cannot_check(
            err,
            f"internal error in the checks: {exc.__class__.__name__}: {exc}",
            fail_closed,
            ctx.config.sendmail_command,
            inv,
            raw,
        )

    from datetime import datetime, timedelta, timezone

    allowance: str | None = None
    now = datetime.now(timezone.utc)
    shown = [f for f in findings if f.severity in ("block", "warn")]
    if shown:
        # Only a refusal needs these: the clean path stays lean (docs/performance.md).
        from .sendmail_allow import content_id, note_refused
        from .sendmail_refusal import ask, refusal_text, save_refusal

        allow_id = content_id(raw, envelope)
        try:
            allowed = ctx.store.take_allowance(allow_id, now)
        except (StoreError, sqlite3.Error) as exc:
            say(err, f"cannot read allowances from the store: {exc}")
            allowed = False
        if allowed:
            allowance = allow_id
        else:
            choice = ask(shown, parsed.subject, envelope)
            if choice != "send":
                headline = "not sent (you chose Edit)" if choice == "edit" else "not sent"
                text = refusal_text(shown, parsed.subject, allow_id, headline=headline)
                write_err(err, text)
                save_refusal(ctx.paths.data_dir, allow_id, parsed.subject, envelope, text)
                try:
                    note_refused(ctx.paths.data_dir, allow_id, now.timestamp())
                except OSError as exc:  # refused all the same; `allow` will not know the id
                    say(err, f"cannot note the refused id in the data dir: {exc.strerror}")
                return EX_NOPERM

    code = run_sender(sender + inv.args, raw, err)
    if code != EX_OK:
        if allowance is not None:  # the send failed: keep the user's allowance for the retry
            from .sendmail_allow import ALLOW_MINUTES

            with contextlib.suppress(Exception):
                ctx.store.add_allowance(allowance, now + timedelta(minutes=ALLOW_MINUTES))
        return code
    try:
        record_sent(ctx, parsed, extra_bcc=extra_bcc)
    except Exception as exc:  # sent is sent: never turn a delivered message into a failure
        say(
            err,
            f"sent, but could not record it in the store ({exc}); the daemon will pick "
            "it up from Sent",
        )
    return EX_OK


def _daemon_findings(ctx: Any, raw: bytes, extra_bcc: list[str]) -> list[Any] | None:
    """The running daemon's findings on ``raw``, or None (no daemon, another config, an
    answer we cannot read): then the shim checks in its own process."""
    if os.environ.get("FOLLOWUP_GUARD_NO_DAEMON"):
        return None
    from ..checks.engine import Finding
    from ..client import InputRejected, check_via_daemon

    try:
        result = check_via_daemon(ctx.paths.data_dir, ctx.paths.config, raw, bcc=extra_bcc)
    except InputRejected:
        return None  # the in-process check says what is wrong with it, as before
    if result is None:
        return None
    try:
        return [Finding.from_json(f) for f in result["findings"]]
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def main(
    argv: Sequence[str] | None = None, *, config: str | None = None, data_dir: str | None = None
) -> int:
    """Entry point of `followup-guard-sendmail` and of `followup-guard sendmail`."""
    if argv is None:
        argv = sys.argv[1:]
    try:
        return run(argv, config=config, data_dir=data_dir)
    except KeyboardInterrupt:
        return EX_TEMPFAIL
    except Exception as exc:  # last resort: never a traceback to a mail client, never a send
        say(sys.stderr, f"not sent: internal error: {exc.__class__.__name__}: {exc}")
        return EX_SOFTWARE


if __name__ == "__main__":
    sys.exit(main())
