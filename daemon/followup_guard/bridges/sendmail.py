"""`followup-guard-sendmail`: a drop-in for `sendmail` that checks a follow-up before it goes out.

mutt, NeoMutt, aerc and git send-email hand the message to a sendmail-like program: the message
on stdin, recipients (Bcc included: they are *only* in argv) as arguments. This program reads
both, runs the same check as `followup-guard check`, and then:

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
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

EX_OK = 0
EX_USAGE = 64  # bad arguments, no recipients
EX_DATAERR = 65  # stdin is not a message
EX_NOINPUT = 66  # stdin is empty
EX_UNAVAILABLE = 69  # the real sender is missing
EX_SOFTWARE = 70
EX_TEMPFAIL = 75  # the guard could not check (fail closed)
EX_NOPERM = 77  # refused: findings at warn or block
EX_CONFIG = 78  # the real sender would be ourselves

ALLOW_MINUTES = 10
#: Set in the real sender's environment; seeing it on entry means we were started by ourselves.
ACTIVE_ENV = "FOLLOWUP_GUARD_SENDMAIL_ACTIVE"
#: ``none`` disables dialogs; ``zenity``, ``yad`` or ``tk`` forces one kind.
DIALOG_ENV = "FOLLOWUP_GUARD_DIALOG"
REFUSAL_FILE = "sendmail-refused.json"
PROG = "followup-guard"

# Short options that take a value, attached (-fme@x) or as the next argument (-f me@x).
# sendmail: B C F f h L N O o R r V X p b; msmtp adds -a ACCOUNT and -C FILE.
_VALUE_OPTS = frozenset("BCFfhLNOoRrVXpab")
# Short options whose value can only be attached (-d0.4, -q30m, -Am); alone they are flags.
_ATTACHED_OPTS = frozenset("dqAe")
# Long options (msmtp) that take the next argument when written without '='.
_LONG_VALUE_OPTS = frozenset(
    {
        "file",
        "account",
        "host",
        "port",
        "timeout",
        "protocol",
        "domain",
        "from",
        "dsn-notify",
        "dsn-return",
        "logfile",
        "logfile-time-format",
        "maildomain",
        "aliases",
        "user",
        "passwordeval",
        "tls-trust-file",
        "tls-crl-file",
        "tls-fingerprint",
        "tls-key-file",
        "tls-cert-file",
        "tls-priorities",
        "tls-host-override",
        "tls-min-dh-prime-bits",
        "proxy-host",
        "proxy-port",
        "source-ip",
        "socket",
    }
)
# Invocations that do not deliver a message: handed to the real sender untouched.
_PASSTHROUGH_LONG = frozenset({"version", "help", "pretend", "serverinfo", "rmqs", "configure"})
_PASSTHROUGH_MODES = frozenset("pidDtvPhH")  # -bp (mailq), -bi (newaliases), -bv, ...


USAGE = """\
usage: followup-guard-sendmail [sendmail options] [--] RECIPIENT... < MESSAGE
       followup-guard-sendmail [sendmail options] -t < MESSAGE

A drop-in for sendmail: checks the message (recipients from the arguments, Bcc included, or
from the headers with -t), then hands the same bytes and arguments to the real sender
([sendmail] command in the followup-guard config, else msmtp, else /usr/sbin/sendmail).

Exit codes: the real sender's; 77 refused (findings; the reason and the command
`followup-guard allow ID` are printed); 75 the check could not run; 64 bad arguments or no
recipients; 65 not a message; 66 empty input; 69 no real sender; 78 the sender is this program.
Other options (-oi, -f, -F, -N, -R, -B, ...) are passed on unchanged.
"""


class UsageError(Exception):
    pass


@dataclass
class Invocation:
    """What the sendmail-style argv says. ``args`` is passed on to the real sender unchanged."""

    args: list[str]
    recipients: list[str] = field(default_factory=list)  # addresses named in argv
    read_headers: bool = False  # -t: recipients from To/Cc/Bcc too
    ignore_dots: bool = False  # -i / -oi: a lone '.' line does not end the message
    envelope_from: str | None = None
    passthrough: bool = False  # not a delivery (mailq, --version, ...): no message to check
    smtp_on_stdin: bool = False  # -bs


def _split_recipients(value: str) -> list[str]:
    import email.utils

    out = []
    for _name, addr in email.utils.getaddresses([value]):
        addr = addr.strip().lower()
        if addr:
            out.append(addr)
    if not out and value.strip():
        out.append(value.strip().lower())
    return out


def parse_args(argv: Sequence[str]) -> Invocation:
    """Read sendmail's argv leniently (getopt-style short options, msmtp long options)."""
    inv = Invocation(args=list(argv))
    i = 0
    n = len(argv)
    while i < n:
        arg = argv[i]
        i += 1
        if arg == "--":
            for rest in argv[i:]:
                inv.recipients.extend(_split_recipients(rest))
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            if name in _PASSTHROUGH_LONG:
                inv.passthrough = True
            elif name == "read-recipients":
                inv.read_headers = True
            if not eq and name in _LONG_VALUE_OPTS:
                if i >= n:
                    raise UsageError(f"option --{name} needs a value")
                value = argv[i]
                i += 1
            if name == "from":
                inv.envelope_from = value
            continue
        if not arg.startswith("-") or arg == "-":
            inv.recipients.extend(_split_recipients(arg))
            continue
        j = 1
        while j < len(arg):
            letter = arg[j]
            rest = arg[j + 1 :]
            if letter in _VALUE_OPTS:
                if rest:
                    value = rest
                elif i < n:
                    value = argv[i]
                    i += 1
                else:
                    raise UsageError(f"option -{letter} needs a value")
                if letter in "fr":
                    inv.envelope_from = value
                elif letter == "o" and value == "i":
                    inv.ignore_dots = True
                elif letter == "b":
                    if value[:1] == "s":
                        inv.smtp_on_stdin = True
                    elif value[:1] in _PASSTHROUGH_MODES:
                        inv.passthrough = True
                    elif value[:1] not in ("m", ""):
                        raise UsageError(f"unknown mode -b{value}")
                break
            if letter in _ATTACHED_OPTS:
                if letter == "q":
                    inv.passthrough = True  # a queue run, not a message
                break
            if letter == "t":
                inv.read_headers = True
            elif letter == "i":
                inv.ignore_dots = True
            elif letter in "PSI":  # msmtp --pretend / --serverinfo, sendmail -I (newaliases)
                inv.passthrough = True
            j += 1
    return inv


# --------------------------------------------------------------------------- the real sender


class SenderError(Exception):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def _our_paths() -> set[str]:
    import shutil

    mine = set()
    for name in (
        sys.argv[0] if sys.argv and sys.argv[0] else None,
        "followup-guard-sendmail",
        "followup-guard",
        os.path.join(os.path.dirname(sys.executable), "followup-guard-sendmail"),
    ):
        if not name:
            continue
        path = name if os.sep in name else shutil.which(name)
        if path and os.path.exists(path):
            mine.add(os.path.realpath(path))
    return mine


def is_ourselves(path: str) -> bool:
    """True when ``path`` is this program (a link to it, or a script that starts it)."""
    real = os.path.realpath(path)
    if real in _our_paths():
        return True
    try:
        with open(real, "rb") as f:
            head = f.read(1024)
    except OSError:
        return False
    return head.startswith(b"#!") and b"followup_guard" in head


def find_real_sender(
    configured: Sequence[str] = (),
    env: dict[str, str] | None = None,
) -> list[str]:
    """The real sender's argv prefix. Raises SenderError (69 missing, 78 would recurse)."""
    import shutil

    env = os.environ if env is None else env
    path_var = env.get("PATH", os.defpath)
    if configured:
        prog = configured[0]
        path = prog if os.sep in prog else shutil.which(prog, path=path_var)
        if not path or not os.path.isfile(path) or not os.access(path, os.X_OK):
            raise SenderError(
                f"the real sender {prog!r} (from [sendmail] command in the "
                "config) is not installed or not executable",
                EX_UNAVAILABLE,
            )
        if is_ourselves(path):
            raise SenderError(
                f"[sendmail] command in the config names followup-guard itself "
                f"({path}); set it to the real sender, e.g. "
                'command = ["msmtp", "-a", "default"]',
                EX_CONFIG,
            )
        return [path, *configured[1:]]
    for cand in ("msmtp", "/usr/sbin/sendmail", "/usr/lib/sendmail"):
        path = (
            shutil.which(cand, path=path_var)
            if os.sep not in cand
            else (cand if os.path.isfile(cand) and os.access(cand, os.X_OK) else None)
        )
        if path and not is_ourselves(path):
            return [path]
    raise SenderError(
        "no real sender found: install msmtp, or name one in the config: "
        '[sendmail] command = ["/path/to/sender", "args"]',
        EX_UNAVAILABLE,
    )


def _spawn_and_wait(argv: list[str], raw: bytes | None, env: dict[str, str]) -> int:
    """Start ``argv`` with ``raw`` on its stdin and wait; returns its exit code (negative: the
    signal that killed it). posix_spawn spares a cold start the subprocess module; signals
    Python ignores (SIGPIPE, SIGXFSZ) are reset to their defaults in the child, as subprocess
    does."""
    import signal

    defaults = [getattr(signal, name) for name in ("SIGPIPE", "SIGXFSZ") if hasattr(signal, name)]
    if raw is None:
        pid = os.posix_spawn(argv[0], argv, env, setsigdef=defaults)
    else:
        read_end, write_end = os.pipe()  # both close-on-exec; dup2 onto 0 clears it for 0 only
        try:
            pid = os.posix_spawn(
                argv[0],
                argv,
                env,
                setsigdef=defaults,
                file_actions=[(os.POSIX_SPAWN_DUP2, read_end, 0)],
            )
        except BaseException:
            os.close(write_end)
            raise
        finally:
            os.close(read_end)
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(write_end, view) :]
        except BrokenPipeError:  # the sender stopped reading (it failed): its code says why
            pass
        finally:
            os.close(write_end)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def run_sender(argv: list[str], raw: bytes | None, err: IO[str]) -> int:
    """Run the real sender with ``raw`` on stdin (None: it reads our stdin); its stdout and
    stderr go where ours go."""
    env = dict(os.environ)
    env[ACTIVE_ENV] = "1"
    try:
        code = _spawn_and_wait(argv, raw, env)
    except FileNotFoundError:
        _say(err, f"not sent: the real sender {argv[0]} is not installed")
        return EX_UNAVAILABLE
    except PermissionError:
        _say(err, f"not sent: the real sender {argv[0]} is not executable")
        return EX_UNAVAILABLE
    except OSError as exc:
        _say(err, f"not sent: cannot start the real sender {argv[0]}: {exc.strerror}")
        return EX_UNAVAILABLE
    if code < 0:
        import signal

        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        _say(
            err,
            f"the real sender {os.path.basename(argv[0])} was killed ({name}); the message "
            "may not have been sent",
        )
        return EX_TEMPFAIL
    return code


# --------------------------------------------------------------------------- output helpers


def _say(err: IO[str], text: str) -> None:
    try:
        err.write(f"{PROG}: {text}\n")
        err.flush()
    except (OSError, ValueError):  # aerc and friends may have closed stderr
        pass


def content_id(raw: bytes, recipients: Sequence[str]) -> str:
    """The allowance id: a digest of what the message says and to whom, 12 hex digits.

    Stable across a resend of the same draft: Date, Message-ID, MIME boundaries and transfer
    encodings are left out; the From address, the sorted recipients, the subject and every
    part's decoded content go in (text with line ends and trailing blanks normalized).
    """
    import email
    import email.header
    import email.policy
    import email.utils
    import hashlib

    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    h = hashlib.sha256()
    sender = email.utils.getaddresses([str(v) for v in msg.get_all("From") or []])
    h.update(("from:" + ",".join(a.lower() for _, a in sender)).encode() + b"\0")
    h.update(("rcpt:" + ",".join(sorted(set(recipients)))).encode() + b"\0")
    subject = str(msg.get("Subject") or "")
    with contextlib.suppress(Exception):
        subject = str(email.header.make_header(email.header.decode_header(subject)))
    h.update(("subject:" + " ".join(subject.split())).encode("utf-8", "replace") + b"\0")
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            payload = None
        if payload is None:
            p = part.get_payload()
            payload = p.encode("utf-8", "replace") if isinstance(p, str) else b""
        if ctype.startswith("text/"):
            lines = payload.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
            payload = b"\n".join(line.rstrip() for line in lines).strip(b"\n")
        h.update(ctype.encode() + b"\0" + payload + b"\0")
    return h.hexdigest()[:12]


def refusal_text(
    findings: Sequence[Any], subject: str, allow_id: str, *, headline: str = "not sent"
) -> str:
    noun = "problem" if len(findings) == 1 else "problems"
    about = f" in \u201c{subject}\u201d" if subject else ""
    lines = [f"{PROG}: {headline}: {len(findings)} {noun}{about}:"]
    for f in findings:
        lines.append(f"  {f.severity.upper():5} {f.rule}: {f.message}")
        if f.fix:
            lines.append(f"        fix: {f.fix}")
    lines.append(
        f"Edit the message, or let exactly this message through once (for {ALLOW_MINUTES} minutes):"
    )
    lines.append(f"  followup-guard allow {allow_id}")
    return "\n".join(lines) + "\n"


def _write_err(err: IO[str], text: str) -> None:
    try:
        err.write(text)
        err.flush()
    except (OSError, ValueError):
        pass


def _save_refusal(
    data_dir: os.PathLike[str] | str,
    allow_id: str,
    subject: str,
    recipients: Sequence[str],
    text: str,
) -> None:
    """Keep the last refusal, for clients that discard stderr (aerc): `allow --last`."""
    import json
    import time

    try:
        path = os.path.join(os.fspath(data_dir), REFUSAL_FILE)
        tmp = path + ".tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(
                {
                    "id": allow_id,
                    "at": time.time(),
                    "subject": subject,
                    "recipients": list(recipients),
                    "text": text,
                },
                f,
            )
        os.replace(tmp, path)
    except OSError:
        pass


def _raw_sendmail_settings(config_path: os.PathLike[str] | str) -> tuple[list[str], bool]:
    """[sendmail] command and fail_closed read straight from a config that fails validation."""
    try:
        import tomllib
    except ImportError:  # pragma: no cover (3.10)
        import tomli as tomllib  # type: ignore[no-redef]
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
    config: str | os.PathLike[str] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> int:
    """The whole shim. Returns a sendmail exit code."""
    if stdin is None and sys.stdin is not None:
        stdin = sys.stdin.buffer
    err = err if err is not None else sys.stderr
    if os.environ.get(ACTIVE_ENV):
        _say(
            err,
            "not sent: the real sender started followup-guard again (a loop); set "
            "[sendmail] command in the config to msmtp or sendmail, not to followup-guard",
        )
        return EX_CONFIG
    try:
        inv = parse_args(argv)
    except UsageError as exc:
        _say(err, f"not sent: {exc}")
        return EX_USAGE
    if argv[:1] == ["--help"]:
        _write_err(sys.stdout, USAGE)
        return EX_OK
    if inv.smtp_on_stdin:
        _say(err, "not sent: SMTP on stdin (-bs) is not supported; it would skip the checks")
        return EX_USAGE

    from ..config.paths import resolve

    paths = resolve(config, data_dir)

    if inv.passthrough:  # mailq, --version, ...: nothing to check
        command, _ = _raw_sendmail_settings(paths.config)
        try:
            sender = find_real_sender(command)
        except SenderError as exc:
            _say(err, str(exc))
            return exc.code
        return run_sender(sender + inv.args, None, err)

    try:
        raw = _read_stdin(stdin)
    except OSError as exc:
        _say(err, f"not sent: cannot read the message from stdin: {exc.strerror}")
        return EX_NOINPUT
    if not raw.strip():
        _say(err, "not sent: no message on stdin (it was empty)")
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
        _say(err, f"not sent: the input is not an email message: {exc}")
        return EX_DATAERR

    header_rcpts = [a.addr for a in parsed.recipients]
    if inv.read_headers:
        envelope = list(dict.fromkeys(header_rcpts + inv.recipients))
    else:
        envelope = list(dict.fromkeys(inv.recipients))
    if not envelope:
        if inv.read_headers:
            _say(err, "not sent: no recipients: -t was given but the message has no To, Cc or Bcc")
        else:
            _say(
                err,
                "not sent: no recipients: give them as arguments, or use -t to read "
                "them from the message",
            )
        return EX_USAGE
    in_headers = set(header_rcpts)
    extra_bcc = [r for r in envelope if r not in in_headers]

    # Which real sender? Decided before checking, so a missing one fails at once.
    if not paths.config.exists():
        _say(
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
        _say(err, f"not sent: could not check the message: {reason}")
        _say(
            err,
            "fix that and send again; to send unchecked when the guard cannot run, set "
            "fail_closed = false under [sendmail] in the config",
        )
        return EX_TEMPFAIL
    _say(
        err,
        f"could not check the message ({reason}); sending it unchecked "
        "([sendmail] fail_closed = false)",
    )
    try:
        sender = find_real_sender(command)
    except SenderError as exc:
        _say(err, f"not sent: {exc}")
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

    from ..api import StoreError, check_message, record_sent

    try:
        sender = find_real_sender(ctx.config.sendmail_command)
    except SenderError as exc:
        _say(err, f"not sent: {exc}")
        return exc.code
    fail_closed = ctx.config.sendmail_fail_closed
    try:
        result = check_message(ctx, parsed, extra_bcc=extra_bcc)
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
    if result.blocking:
        shown = [f for f in result.findings if f.severity in ("block", "warn")]
        allow_id = content_id(
            raw,
            envelope + [a.addr for a in parsed.to] + [a.addr for a in parsed.cc],
        )
        try:
            allowed = ctx.store.take_allowance(allow_id, now)
        except (StoreError, sqlite3.Error) as exc:
            _say(err, f"cannot read allowances from the store: {exc}")
            allowed = False
        if allowed:
            allowance = allow_id
        else:
            choice = _ask(shown, parsed.subject, envelope)
            if choice != "send":
                headline = "not sent (you chose Edit)" if choice == "edit" else "not sent"
                text = refusal_text(shown, parsed.subject, allow_id, headline=headline)
                _write_err(err, text)
                _save_refusal(ctx.paths.data_dir, allow_id, parsed.subject, envelope, text)
                return EX_NOPERM

    code = run_sender(sender + inv.args, raw, err)
    if code != EX_OK:
        if allowance is not None:  # the send failed: keep the user's allowance for the retry
            with contextlib.suppress(Exception):
                ctx.store.add_allowance(allowance, now + timedelta(minutes=ALLOW_MINUTES))
        return code
    try:
        record_sent(ctx, parsed, extra_bcc=extra_bcc)
    except Exception as exc:  # sent is sent: never turn a delivered message into a failure
        _say(
            err,
            f"sent, but could not record it in the store ({exc}); the daemon will pick "
            "it up from Sent",
        )
    return EX_OK


def _ask(findings: Sequence[Any], subject: str, recipients: Sequence[str]) -> str | None:
    """ "send", "edit", or None when no dialog can be shown."""
    kind = os.environ.get(DIALOG_ENV, "").strip().lower()
    if kind in ("none", "off", "no", "0"):
        return None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None
    from .dialog import ask_send_anyway

    return ask_send_anyway(findings, subject, recipients, kind=kind or None)


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
        _say(sys.stderr, f"not sent: internal error: {exc.__class__.__name__}: {exc}")
        return EX_SOFTWARE


if __name__ == "__main__":
    sys.exit(main())
