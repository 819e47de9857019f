"""Maildir source: a local Sent (or INBOX) Maildir, as kept by mbsync/offlineimap for mutt.

Each message file is identified by its Maildir unique name (the file name before ``:2,``),
which survives the moves from ``new/`` to ``cur/`` and flag changes. Its hash is stored as the
location UID (account ``maildir``, folder = the Maildir's path, UIDVALIDITY 0), so a restart
reads only files it has not seen, and the message itself is stored under its idempotency key
like every other source: the same message here and over IMAP counts once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..mail.parse import NotAMessage, parse_bytes
from ..store.db import Location, NewMessage

if TYPE_CHECKING:
    from ..api import Context, RecordOutcome
    from ..config.model import MaildirSource

log = logging.getLogger("followup_guard.maildir")

ACCOUNT = "maildir"
READ_BYTES = 1024 * 1024  # headers and the first text part; attachments are not needed
BATCH = 500
RESCAN_SECONDS = 300.0  # a full scan now and then, in case an event was missed


def unique_name(filename: str) -> str:
    """``1700000000.M1P2.host,U=7:2,S`` → ``1700000000.M1P2.host,U=7`` (the info part goes)."""
    return re.split(r"[:!;]", filename, maxsplit=1)[0]


def uid_of(filename: str) -> int:
    """A stable 63-bit number for a Maildir unique name (stored as the location's UID)."""
    return int.from_bytes(hashlib.sha256(unique_name(filename).encode()).digest()[:8], "big") >> 1


@dataclass
class ScanResult:
    seen: int = 0
    new: int = 0
    skipped: int = 0


def _files(path: Path) -> list[Path]:
    out: list[Path] = []
    for sub in ("cur", "new"):
        try:
            with os.scandir(path / sub) as it:
                out.extend(
                    Path(e.path)
                    for e in it
                    if not e.name.startswith(".") and e.is_file(follow_symlinks=False)
                )
        except FileNotFoundError:
            continue
    return out


def read_message(file: Path) -> tuple[bytes, int]:
    with open(file, "rb") as fh:
        raw = fh.read(READ_BYTES)
        size = os.fstat(fh.fileno()).st_size
    return raw, size


def scan(
    ctx: Context,
    source: MaildirSource,
    *,
    write_lock: threading.Lock | None = None,
    on_record: Callable[[RecordOutcome], None] | None = None,
    skipped: set[int] | None = None,
) -> ScanResult:
    """Record every message file not recorded before. Idempotent; the only writer.
    ``skipped`` (kept by the caller between scans) holds files already skipped as unreadable,
    so each is reported once per run."""
    from ..api import record_messages

    lock = write_lock or threading.Lock()
    folder = str(source.path)
    result = ScanResult()
    known = ctx.store.known_uids(ACCOUNT, folder, 0)
    pending = [(f, uid_of(f.name)) for f in _files(source.path)]
    skipped = skipped if skipped is not None else set()
    pending = [(f, u) for f, u in pending if u not in known and u not in skipped]
    pending.sort(key=lambda fu: fu[0].name)
    for i in range(0, len(pending), BATCH):
        # Read and parse outside the write lock; then one store transaction for the batch.
        items: list[NewMessage] = []
        names: list[tuple[str, int]] = []
        for file, uid in pending[i : i + BATCH]:
            result.seen += 1
            try:
                raw, size = read_message(file)
            except FileNotFoundError:
                # Moved (new → cur, or a flag change) since the listing: the next scan
                # finds it under its new name, with the same unique name.
                continue
            except OSError as exc:
                log.warning("maildir %s: cannot read %s: %s", folder, file.name, exc.strerror)
                skipped.add(uid)
                result.skipped += 1
                continue
            try:
                parsed = parse_bytes(raw)
                parsed.size = size
                if (
                    source.direction == "in"
                    and parsed.sender is not None
                    and ctx.config.is_mine(parsed.sender.addr)
                ):
                    direction = "out"
                else:
                    direction = source.direction
            except Exception as exc:  # NotAMessage or anything odd: skip, one line
                _skip(folder, file.name, exc)
                skipped.add(uid)
                result.skipped += 1
                continue
            items.append(
                NewMessage(
                    parsed,
                    direction,
                    "maildir",
                    location=Location(ACCOUNT, folder, 0, uid),
                    at=_mtime(file),
                )
            )
            names.append((file.name, uid))
        if not items:
            continue
        outcomes = []
        with lock, ctx.store.transaction():
            for (name, uid), out in zip(names, record_messages(ctx, items), strict=True):
                if isinstance(out, Exception):
                    _skip(folder, name, out)
                    skipped.add(uid)
                    result.skipped += 1
                else:
                    outcomes.append(out)
        result.new += sum(o.new for o in outcomes)
        if on_record is not None:
            for o in outcomes:
                on_record(o)
    if result.seen:
        log.info(
            "maildir %s: %d read, %d new, %d skipped",
            folder,
            result.seen,
            result.new,
            result.skipped,
        )
    return result


def _skip(folder: str, name: str, exc: Exception) -> None:
    why = (
        str(exc) if isinstance(exc, NotAMessage) else f"{exc.__class__.__name__}: {str(exc)[:200]}"
    )
    log.warning("maildir %s: skipped %s: %s", folder, name, why)


def _mtime(file: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(file.stat().st_mtime, timezone.utc)
    except OSError:
        return None


class MaildirWatcher(threading.Thread):
    """Scans at start, then on every watchdog event (debounced) and every few minutes."""

    def __init__(self, runtime: Any, source: MaildirSource) -> None:
        super().__init__(name=f"maildir-{source.path.name}", daemon=True)
        self.runtime = runtime
        self.source = source
        self.key = f"maildir:{source.path}"
        self.stop_event = threading.Event()
        self.wake = threading.Event()
        self.observer: Any = None
        self.skipped: set[int] = set()

    def stop(self) -> None:
        self.stop_event.set()
        self.wake.set()

    def _start_observer(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        wake = self.wake

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if not event.is_directory and event.event_type in (
                    "created",
                    "moved",
                    "modified",
                    "closed",
                ):
                    wake.set()

        obs = Observer()
        for sub in ("new", "cur"):
            d = self.source.path / sub
            if d.is_dir():
                obs.schedule(Handler(), str(d), recursive=False)
        obs.daemon = True
        obs.start()
        self.observer = obs

    def run(self) -> None:
        path = self.source.path
        ctx = self.runtime.new_context()
        self.runtime.source_state(
            self.key, kind="maildir", account=ACCOUNT, folder=str(path), status="syncing"
        )
        try:
            while not self.stop_event.is_set() and not (path / "cur").is_dir():
                self.runtime.source_state(
                    self.key, status="error", error=f"{path} is not a Maildir (no cur/ inside)"
                )
                log.warning("maildir %s: not a Maildir (no cur/ inside); waiting for it", path)
                if self.stop_event.wait(30):
                    return
            self._start_observer()
            log.info("maildir %s: watching", path)
            while not self.stop_event.is_set():
                self.wake.clear()
                self.runtime.source_state(self.key, status="syncing")
                try:
                    res = scan(
                        ctx,
                        self.source,
                        write_lock=self.runtime.write_lock,
                        on_record=self.runtime.on_record,
                        skipped=self.skipped,
                    )
                except Exception as exc:  # a full disk, a locked store: say so, go on
                    log.error("maildir %s: scan failed: %s", path, exc)
                    self.runtime.source_state(self.key, status="error", error=str(exc))
                else:
                    self.runtime.source_state(
                        self.key, status="idle", error=None, last_sync=datetime.now(timezone.utc)
                    )
                    if res.new:
                        self.runtime.store_changed()
                if self.wake.wait(RESCAN_SECONDS):
                    self.stop_event.wait(0.2)  # debounce: a delivery is a create + a rename
        finally:
            if self.observer is not None:
                self.observer.stop()
                self.observer.join(timeout=5)
            ctx.close()
            self.runtime.source_state(self.key, status="stopped")
