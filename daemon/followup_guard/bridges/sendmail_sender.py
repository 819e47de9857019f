"""The hand-over to the real sender (msmtp, sendmail, ...): which program it is (never this
one), and running it with the same bytes on stdin and the same arguments."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import IO

from .sendmail_exit import EX_CONFIG, EX_TEMPFAIL, EX_UNAVAILABLE, say

#: Set in the real sender's environment; seeing it on entry means we were started by ourselves.
ACTIVE_ENV = "FOLLOWUP_GUARD_SENDMAIL_ACTIVE"


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
        say(err, f"not sent: the real sender {argv[0]} is not installed")
        return EX_UNAVAILABLE
    except PermissionError:
        say(err, f"not sent: the real sender {argv[0]} is not executable")
        return EX_UNAVAILABLE
    except OSError as exc:
        say(err, f"not sent: cannot start the real sender {argv[0]}: {exc.strerror}")
        return EX_UNAVAILABLE
    if code < 0:
        import signal

        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        say(
            err,
            f"the real sender {os.path.basename(argv[0])} was killed ({name}); the message "
            "may not have been sent",
        )
        return EX_TEMPFAIL
    return code
