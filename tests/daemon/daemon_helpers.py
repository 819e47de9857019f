"""Helpers for the daemon tests: configs, a daemon subprocess, fast bulk injection, store reads."""

from __future__ import annotations

import os
import signal
import sqlite3
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

# The shared world and message builders, re-exported for the daemon tests.
from factories import imap_account as imap_account
from factories import message as message
from factories import write_config as write_config
from imapclient import IMAPClient


class DaemonProc:
    """``python -m followup_guard.service`` as a child process, its log in a file."""

    def __init__(self, config: Path, data_dir: Path, *args: str) -> None:
        self.config, self.data_dir = config, data_dir
        self.log_file = data_dir.parent / f"daemon-{data_dir.name}.log"
        self.args = args
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self, *extra: str) -> DaemonProc:
        self.starts += 1
        with open(self.log_file, "ab") as log:
            log.write(f"--- start {self.starts}\n".encode())
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "followup_guard",
                    "daemon",
                    "--config",
                    str(self.config),
                    "--data-dir",
                    str(self.data_dir),
                    "-v",
                    *self.args,
                    *extra,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        return self

    def run_once(self, *extra: str, timeout: float = 120) -> int:
        self.start("--once", *extra)
        assert self.proc is not None
        return self.proc.wait(timeout=timeout)

    @property
    def log(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def last_log(self) -> str:
        return self.log.rsplit(f"--- start {self.starts}\n", 1)[-1]

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_log(self, text: str, timeout: float = 15, count: int = 1) -> None:
        wait_for(
            lambda: self.last_log().count(text) >= count,
            timeout,
            lambda: f"{text!r} ×{count} not in the log:\n{self.last_log()[-3000:]}",
        )

    def wait_ready(self, timeout: float = 15) -> None:
        """Every source has finished its first sync."""
        import json

        def ready() -> bool:
            try:
                data = json.loads((self.data_dir / "daemon.json").read_text())
            except (OSError, ValueError):
                return False
            srcs = data.get("sources") or {}
            return (
                bool(srcs)
                and data.get("pid") == self.proc.pid
                and all(s.get("status") == "idle" and s.get("last_sync") for s in srcs.values())
            )

        wait_for(ready, timeout, lambda: f"daemon not ready:\n{self.last_log()[-3000:]}")

    def terminate(self, timeout: float = 20) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


def wait_for(
    pred: Callable[[], bool], timeout: float = 15, what: Callable[[], str] | str = "condition"
) -> float:
    t0 = time.monotonic()
    while True:
        if pred():
            return time.monotonic() - t0
        if time.monotonic() - t0 > timeout:
            raise AssertionError(
                f"timed out after {timeout} s: {what() if callable(what) else what}"
            )
        time.sleep(0.02)


def db(data_dir: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{data_dir / 'store.sqlite3'}?mode=ro", uri=True, timeout=10)


def count(data_dir: Path, where: str = "1", table: str = "messages") -> int:
    if not (data_dir / "store.sqlite3").exists():
        return 0
    con = db(data_dir)
    try:
        return con.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0
    finally:
        con.close()


def snapshot(data_dir: Path) -> dict[str, list[tuple]]:
    """The store's content minus the times of recording: equal for equal histories."""
    con = db(data_dir)
    try:
        return {
            "messages": con.execute(
                "SELECT key, message_id, direction, sent_at, from_addr, from_name, subject,"
                " in_reply_to, fingerprint, requested, source FROM messages ORDER BY key"
            ).fetchall(),
            "addresses": con.execute(
                "SELECT m.key, a.field, a.addr, a.domain, a.name FROM addresses a JOIN messages m"
                " ON m.id = a.message ORDER BY 1, 2, 3"
            ).fetchall(),
            "refs": con.execute(
                "SELECT m.key, r.ref FROM refs r JOIN messages m ON m.id = r.message ORDER BY 1, 2"
            ).fetchall(),
            "locations": con.execute(
                "SELECT l.account, l.folder, l.uidvalidity, l.uid, m.key FROM locations l JOIN"
                " messages m ON m.id = l.message ORDER BY 1, 2, 3, 4"
            ).fetchall(),
            "folders": con.execute(
                "SELECT account, folder, uidvalidity, last_uid FROM folders ORDER BY 1, 2"
            ).fetchall(),
        }
    finally:
        con.close()


def bulk_inject(
    dovecot, user: str, folder: str, messages: Iterable[bytes], *, resync: bool = True
) -> int:
    """Write message files straight into Dovecot's Maildir, then `doveadm force-resync`:
    ~100× faster than one `doveadm save` per message. ``resync`` False: deliver into ``new/``
    as a local MDA would (works while Dovecot is down; it notices them at the next SELECT)."""
    if resync:
        dovecot.status(user, folder)  # make sure the folder exists on disk
    box = (
        dovecot.mail_dir
        / user
        / ("." + folder.replace("/", ".") if folder != "INBOX" else "")
        / ("cur" if resync else "new")
    )
    st = os.stat(dovecot.mail_dir)
    t = int(time.time())
    n = 0
    for n, raw in enumerate(messages, start=1):
        data = raw.replace(b"\r\n", b"\n")
        name = box / f"{t}.M{n}P{os.getpid()}R{os.urandom(4).hex()}.fgtest,S={len(data)}"
        if resync:
            name = name.with_name(name.name + ":2,S")
        name.write_bytes(data)
        if os.geteuid() == 0:
            os.chown(name, st.st_uid, st.st_gid)
    if resync:
        dovecot.doveadm("force-resync", "-u", user, folder)
    return n


def imap_client(dovecot, *, tls: bool = False, timeout: float = 30) -> IMAPClient:
    """A mail client's own session as alice on a test Dovecot, plain or implicit TLS."""
    if tls:
        ctx = ssl.create_default_context(cafile=str(dovecot.ca_file))
        ctx.check_hostname = False
        c = IMAPClient(
            dovecot.host, port=dovecot.imaps_port, ssl=True, ssl_context=ctx, timeout=timeout
        )
    else:
        c = IMAPClient(dovecot.host, port=dovecot.imap_port, ssl=False, timeout=timeout)
    c.login("alice", "secret")
    return c
