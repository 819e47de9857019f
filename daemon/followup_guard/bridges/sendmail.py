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
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

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

# The argv is handed to the real sender unchanged, so every option accepted here must mean
# the same to each sender it may be (msmtp, sendmail, Postfix, Exim): an option that takes a
# value in one and is a bare switch in another would turn that value into a recipient nobody
# checked. Anything else is refused with EX_USAGE before the message is read. The accepted
# options are listed in USAGE and in the README.

# Bare switches everywhere: -t (recipients from the headers), -i (a lone "." is text), -v.
_BARE = frozenset("tiv")
# Options that take a value, attached (-fme@x) or as the next argument (-f me@x), in every
# sender that knows them (a sender that does not refuses the whole call): the envelope sender
# (-f, -r), full name (-F), msmtp's account (-a) and config file (-C), and -N, -R, -B, whose
# value must be a keyword list no sender could take for an address (Exim reads -N as a bare
# switch that stops delivery).
_VALUED = frozenset("frFaCNRB")
_KEYWORDS = {
    "N": frozenset({"never", "success", "failure", "delay", "off"}),
    "R": frozenset({"full", "hdrs", "headers", "ret", "off"}),
    "B": frozenset({"7bit", "8bitmime", "binarymime"}),
}
# -o with an attached option, only the forms clients use: -oi, error modes, -om, delivery modes.
_O_FORMS = frozenset({"i", "em", "ee", "ep", "eq", "ew", "m", "db", "di", "dq", "dd"})
# Options known to mean different things to different senders (the reason, for the message).
_AMBIGUOUS = {
    "V": "an envelope id to Postfix and sendmail, a bare switch to older senders",
    "p": "a protocol value to sendmail, an attached value only to Exim",
    "h": "a hop count to sendmail, unknown to msmtp",
    "X": "a log file to sendmail and msmtp, ignored by Postfix",
    "d": "debugging with an attached value to sendmail, a bare switch to msmtp",
}
# msmtp's long options that take the next argument when written without '='.
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
# msmtp's long switches (an optional value only with '=': never the next argument).
_LONG_SWITCHES = frozenset(
    {
        "read-recipients",
        "read-envelope-from",
        "debug",
        "auth",
        "tls",
        "tls-starttls",
        "tls-certcheck",
        "syslog",
        "set-from-header",
        "set-date-header",
        "set-msgid-header",
        "remove-bcc-headers",
        "undisclosed-recipients",
        "auto-from",
    }
)
# Invocations that do not deliver a message: handed to the real sender untouched.
_PASSTHROUGH_LONG = frozenset({"version", "help", "pretend", "serverinfo", "rmqs", "configure"})
_PASSTHROUGH_MODES = frozenset("pidDvPhH")  # -bp (mailq), -bi (newaliases), -bv, ...
_PASSTHROUGH_SHORT = frozenset("qPSI")  # queue run, msmtp --pretend / --serverinfo, newaliases


USAGE = """\
usage: followup-guard-sendmail [sendmail options] [--] RECIPIENT... < MESSAGE
       followup-guard-sendmail [sendmail options] -t < MESSAGE

A drop-in for sendmail: checks the message (recipients from the arguments, Bcc included, or
from the headers with -t), then hands the same bytes and arguments to the real sender
([sendmail] command in the followup-guard config, else msmtp, else /usr/sbin/sendmail).

Exit codes: the real sender's; 77 refused (findings; the reason and the command
`followup-guard allow ID` are printed); 75 the check could not run; 64 bad arguments or no
recipients; 65 not a message; 66 empty input; 69 no real sender; 78 the sender is this program.
Options (passed on unchanged; only these, as they mean the same to msmtp, sendmail, Postfix
and Exim; any other option is refused with exit 64, since the real sender might read the
argument after it as a recipient that was never checked):
  -t  -i  -v  -oi  -oem -oee -oep -oeq -oew  -om  -odb -odi -odq -odd  -bm
  -f ADDR  -r ADDR  -F NAME  -a ACCOUNT  -C FILE  (the value attached or the next argument)
  -N never|off|success,failure,delay  -R full|hdrs|headers|ret|off  -B 7BIT|8BITMIME|BINARYMIME
  msmtp's long options (--from=ADDR, --account ACCOUNT, --read-recipients, --tls=on, ...)
  no delivery, handed over as they are: -bp -bi -bv ... -q -I -S -P --version --pretend
  -bs (SMTP on stdin) is refused; -V is refused (an envelope id to Postfix and sendmail,
  a bare switch to others).
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


def _refuse_option(letter: str) -> UsageError:
    why = _AMBIGUOUS.get(letter)
    what = (
        f"means {why}"
        if why
        else "is not one followup-guard knows to mean the same to every sender"
    )
    return UsageError(
        f"option -{letter} {what}; the real sender might take the argument after it for a "
        "recipient that was never checked. Remove it from the mail client's sendmail command "
        "(the accepted options: followup-guard-sendmail --help)"
    )


def parse_args(argv: Sequence[str]) -> Invocation:
    """Read sendmail's argv (getopt-style short options, msmtp's long options), accepting only
    options whose reading is the same for every sender; raise UsageError for anything else."""
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
            elif name in _LONG_VALUE_OPTS:
                if not eq:
                    if i >= n:
                        raise UsageError(f"option --{name} needs a value")
                    value = argv[i]
                    i += 1
                if name == "from":
                    inv.envelope_from = value
            elif name not in _LONG_SWITCHES:
                raise UsageError(
                    f"option --{name} is not one of msmtp's options followup-guard knows; the "
                    "real sender might take the argument after it for a recipient that was "
                    "never checked (the accepted options: followup-guard-sendmail --help)"
                )
            continue
        if not arg.startswith("-") or arg == "-":
            inv.recipients.extend(_split_recipients(arg))
            continue
        j = 1
        while j < len(arg):
            letter = arg[j]
            rest = arg[j + 1 :]
            if letter in _VALUED:
                if rest:
                    value = rest
                elif i < n:
                    value = argv[i]
                    i += 1
                else:
                    raise UsageError(f"option -{letter} needs a value")
                words = _KEYWORDS.get(letter)
                if words is not None and not set(value.lower().split(",")) <= words:
                    raise UsageError(
                        f"-{letter} {value}: not one of {', '.join(sorted(words))}; another "
                        "value could be read as a recipient by some senders"
                    )
                if letter in "fr":
                    inv.envelope_from = value
                break
            if letter == "o":
                if rest not in _O_FORMS:
                    raise UsageError(
                        f"option -o{rest} is not one followup-guard accepts (only "
                        f"{', '.join('-o' + f for f in sorted(_O_FORMS))}): some senders "
                        "take the next argument as its value, others as a recipient"
                    )
                if rest == "i":
                    inv.ignore_dots = True
                break
            if letter == "b":
                if rest[:1] == "s":
                    inv.smtp_on_stdin = True
                elif len(rest) == 1 and rest in _PASSTHROUGH_MODES:
                    inv.passthrough = True
                elif rest != "m":
                    raise UsageError(f"unknown mode -b{rest}")
                break
            if letter == "q":
                inv.passthrough = True  # a queue run (-q, -q30m), not a message
                break
            if letter in _PASSTHROUGH_SHORT:
                inv.passthrough = True
            elif letter == "t":
                inv.read_headers = True
            elif letter == "i":
                inv.ignore_dots = True
            elif letter not in _BARE:
                raise _refuse_option(letter)
            j += 1
    if inv.passthrough and (inv.recipients or inv.read_headers):
        raise UsageError(
            "a mode that sends nothing (mailq, --pretend, ...) was given with recipients; "
            "some senders would deliver, so nothing is passed on"
        )
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

    path_var = (os.environ if env is None else env).get("PATH", os.defpath)
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


# Header fields a client makes anew on every try (NeoMutt, git send-email): left out of the id.
# Neither feeds a finding: timing is judged at the time of sending, threads by In-Reply-To.
_REGENERATED = (b"date", b"message-id")


def canonical_bytes(raw: bytes) -> bytes:
    """The message as the allowance covers it: every byte, with line ends as LF, the top-level
    Date and Message-ID fields left out and each MIME boundary (a random name a client may
    pick again on a retry) replaced by its position. A new From name, a recipient moved from To
    to Cc, a new Reply-To or any other header or body change gives other bytes."""
    import email
    import email.policy
    import re

    text = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    head, sep, body = text.partition(b"\n\n")
    kept: list[bytes] = []
    dropping = False
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                kept.append(line)
            continue
        dropping = line.split(b":", 1)[0].strip().lower() in _REGENERATED
        if not dropping:
            kept.append(line)
    text = b"\n".join(kept) + sep + body
    boundaries: list[bytes] = []
    with contextlib.suppress(Exception):  # a broken MIME tree: the bytes stay as they are
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        for part in msg.walk():
            name = part.get_boundary()
            if name and name.encode("utf-8", "surrogateescape") not in boundaries:
                boundaries.append(name.encode("utf-8", "surrogateescape"))
    for n, b in enumerate(boundaries):
        token = b"=_boundary-%d_=" % n
        # Only where the name works as a boundary: its declaration and its delimiter lines.
        text = re.sub(
            rb"(?im)(boundary\s*=\s*)(\"?)" + re.escape(b) + rb"\2", rb"\1\2" + token + rb"\2", text
        )
        text = re.sub(
            rb"(?m)^--" + re.escape(b) + rb"(--)?([ \t]*)$", rb"--" + token + rb"\1\2", text
        )
    return text


def content_id(raw: bytes, recipients: Sequence[str]) -> str:
    """The allowance id, 12 hex digits: a digest of the message's canonical bytes
    (:func:`canonical_bytes`) and its envelope recipients (order and case ignored)."""
    import hashlib

    h = hashlib.sha256()
    rcpts = sorted({r.strip().lower() for r in recipients})
    h.update(("rcpt:" + ",".join(rcpts)).encode("utf-8", "surrogateescape") + b"\0")
    h.update(canonical_bytes(raw))
    return h.hexdigest()[:12]


# --------------------------------------------------------------------------- refused ids

#: Ids the shim refused, one "ID UNIX-TIME" line each, in the 0700 data dir: `allow` accepts
#: only these, so it cannot be used to let through a message nobody was shown.
REFUSED_IDS_FILE = "sendmail-refused-ids"
REFUSED_KEEP_SECONDS = 24 * 3600
_REFUSED_MAX_LINES = 500


def _refused_lines(path: str) -> list[tuple[str, float]]:
    out = []
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and len(parts[0]) == 12:
                    with contextlib.suppress(ValueError):
                        out.append((parts[0], float(parts[1])))
    except FileNotFoundError:
        pass
    return out


def note_refused(data_dir: os.PathLike[str] | str, allow_id: str, now: float) -> None:
    """Add ``allow_id`` to the refused ids; old lines are dropped now and then. Appends are
    atomic (O_APPEND, one short write); the occasional rewrite holds an exclusive lock."""
    import fcntl
    from pathlib import Path

    from ..config.paths import private_dir

    data = private_dir(Path(os.fspath(data_dir)))
    path = str(data / REFUSED_IDS_FILE)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, f"{allow_id} {now:.0f}\n".encode("ascii"))
        lines = _refused_lines(path)
        if len(lines) > _REFUSED_MAX_LINES:
            keep = [(i, t) for i, t in lines if now - t < REFUSED_KEEP_SECONDS]
            keep = keep[-_REFUSED_MAX_LINES // 2 :]
            tmp = path + ".tmp"
            tfd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(tfd, "w", encoding="ascii") as f:
                f.writelines(f"{i} {t:.0f}\n" for i, t in keep)
            os.replace(tmp, path)
    finally:
        os.close(fd)


def was_refused(data_dir: os.PathLike[str] | str, allow_id: str, now: float) -> float | None:
    """When the shim last refused the message with this id (within a day), else None."""
    path = os.path.join(os.fspath(data_dir), REFUSED_IDS_FILE)
    times = [t for i, t in _refused_lines(path) if i == allow_id and now - t < REFUSED_KEEP_SECONDS]
    return max(times) if times else None


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
    from ..progname import command

    lines.append(f"  {command()} allow {allow_id}")
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
        allow_id = content_id(raw, envelope)
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
                try:
                    note_refused(ctx.paths.data_dir, allow_id, now.timestamp())
                except OSError as exc:  # refused all the same; `allow` will not know the id
                    _say(err, f"cannot note the refused id in the data dir: {exc.strerror}")
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
