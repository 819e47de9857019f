"""One daemon per data dir: an advisory ``flock`` on ``daemon.lock``, released by the kernel
when the process ends in any way (``kill -9`` included), so a stale lock never blocks a start."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from pathlib import Path

from ..config.paths import private_dir


class AlreadyRunning(Exception):
    def __init__(self, path: Path, pid: int | None):
        self.path, self.pid = path, pid
        who = f"pid {pid}" if pid else "another process"
        super().__init__(
            f"a followup-guard daemon is already running for {path.parent} ({who}); "
            "only one may run per data dir"
        )


class DaemonLock:
    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> DaemonLock:
        private_dir(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise AlreadyRunning(self.path, read_pid(self.path)) from None
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, 0)
            os.close(self.fd)  # closing drops the flock
            self.fd = None

    def __enter__(self) -> DaemonLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_pid(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def is_locked(path: Path) -> bool:
    """Does a live process hold the daemon lock? (Works from any process, never blocks.)"""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
