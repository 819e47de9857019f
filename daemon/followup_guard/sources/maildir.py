"""Maildir source: a local Sent (or INBOX) Maildir, as kept by mbsync/offlineimap for mutt.

Each message file is identified by its Maildir unique name (the file name before ``:2,``),
which survives the moves from ``new/`` to ``cur/`` and flag changes. Its hash is stored as the
location UID (account ``maildir``, folder = the Maildir's path, UIDVALIDITY 0), so a restart
reads only files it has not seen, and the message itself is stored under its idempotency key
like every other source: the same message here and over IMAP counts once. A message without a
usable Date is dated by its delivery: the file's modification time (set when it was delivered,
kept by renames), else the time in its unique name.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..mail.parse import NotAMessage, parse_bytes
from .base import CatchUpResult, Direction, Found, Recorder, Seen, Source

if TYPE_CHECKING:
    from ..config.model import MaildirSource as MaildirConfig

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


def delivery_time(file: Path) -> datetime | None:
    """When the message was delivered: the file's mtime, else the time its name starts with."""
    try:
        return datetime.fromtimestamp(file.stat().st_mtime, timezone.utc)
    except OSError:
        pass
    m = re.match(r"(\d{9,11})\.", file.name)
    return datetime.fromtimestamp(int(m.group(1)), timezone.utc) if m else None


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
    recorder: Recorder, source: MaildirConfig, skipped: set[int] | None = None
) -> CatchUpResult:
    """Record every message file not recorded before. Idempotent. ``skipped`` (kept by the
    caller between scans) holds files already skipped as unreadable, so each is reported once
    per run."""
    folder = str(source.path)
    # A drafts Maildir is never recorded (sources/drafts.py reads it): no evidence to give.
    evidence: Direction | None = (
        "out" if source.direction == "out" else "in" if source.direction == "in" else None
    )
    seen = new = bad = 0
    known = recorder.known_uids(ACCOUNT, folder, 0)
    skipped = skipped if skipped is not None else set()
    pending = [(f, uid_of(f.name)) for f in _files(source.path)]
    pending = [(f, u) for f, u in pending if u not in known and u not in skipped]
    pending.sort(key=lambda fu: fu[0].name)
    for i in range(0, len(pending), BATCH):
        # Read and parse before the write; then one store transaction for the batch.
        items: list[Found] = []
        names: list[tuple[str, int]] = []
        for file, uid in pending[i : i + BATCH]:
            seen += 1
            try:
                raw, size = read_message(file)
            except FileNotFoundError:
                # Moved (new → cur, or a flag change) since the listing: the next scan
                # finds it under its new name, with the same unique name.
                continue
            except OSError as exc:
                log.warning("maildir %s: cannot read %s: %s", folder, file.name, exc.strerror)
                skipped.add(uid)
                bad += 1
                continue
            try:
                parsed = parse_bytes(raw, size=size)
            except Exception as exc:  # NotAMessage or anything odd: skip, one line
                _skip(folder, file.name, exc)
                skipped.add(uid)
                bad += 1
                continue
            where = Seen(ACCOUNT, folder, 0, uid, delivery_time(file))
            items.append(recorder.prepare(Found(parsed, where, "maildir", evidence)))
            names.append((file.name, uid))
        if not items:
            continue
        for (name, uid), out in zip(names, recorder.record(items), strict=True):
            if isinstance(out, Exception):
                _skip(folder, name, out)
                skipped.add(uid)
                bad += 1
            else:
                new += out.new
    if seen:
        log.info("maildir %s: %d read, %d new, %d skipped", folder, seen, new, bad)
    return CatchUpResult(seen, new, bad)


def _skip(folder: str, name: str, exc: Exception) -> None:
    why = (
        str(exc) if isinstance(exc, NotAMessage) else f"{exc.__class__.__name__}: {str(exc)[:200]}"
    )
    log.warning("maildir %s: skipped %s: %s", folder, name, why)


class MaildirSource(Source):
    """Scans at start, then on every inotify event (debounced) and every few minutes."""

    kind = "maildir"

    def __init__(self, recorder: Recorder, source: MaildirConfig) -> None:
        super().__init__(recorder, f"maildir:{source.path}", ACCOUNT, str(source.path))
        self.source = source
        self.changed = threading.Event()
        self.observer: Any = None
        self.skipped: set[int] = set()

    def wake(self) -> None:
        self.changed.set()

    def catch_up(self) -> CatchUpResult:
        path = self.source.path
        if not (path / "cur").is_dir():
            raise NotAMaildir(f"{path} is not a Maildir (no cur/ inside)")
        self.report(status="syncing")
        res = scan(self.recorder, self.source, self.skipped)
        self.report(status="idle", error=None, last_sync=datetime.now(timezone.utc))
        return res

    def close(self) -> None:
        stop_watching(self.observer)
        self.observer = None

    def watch(self) -> None:
        path = self.source.path
        self.report(status="syncing")
        while not self.stopping.is_set() and not (path / "cur").is_dir():
            self.report(status="error", error=f"{path} is not a Maildir (no cur/ inside)")
            log.warning("maildir %s: not a Maildir (no cur/ inside); waiting for it", path)
            if self.stopping.wait(30):
                return
        # A delivery is a create in new/ and a rename to cur/; a deletion changes nothing here.
        self.observer = watch_maildir(path, self.changed, _DELIVERY_EVENTS)
        log.info("maildir %s: watching", path)
        while not self.stopping.is_set():
            self.changed.clear()
            try:
                self.catch_up()
            except Exception as exc:  # a full disk, a locked store: say so, go on
                log.error("maildir %s: scan failed: %s", path, exc)
                self.report(status="error", error=str(exc))
            if self.changed.wait(RESCAN_SECONDS) and not self.stopping.is_set():
                self.stopping.wait(0.2)  # debounce: a delivery is a create + a rename


_DELIVERY_EVENTS = frozenset({"created", "moved", "modified", "closed"})


def watch_maildir(path: Path, changed: threading.Event, events: frozenset[str] | None) -> Any:
    """Start a watchdog observer on ``path``'s new/ and cur/ that sets ``changed`` on every
    file event of a type in ``events`` (every type when None); stop it with
    :func:`stop_watching`."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            if not event.is_directory and (events is None or event.event_type in events):
                changed.set()

    obs = Observer()
    for sub in ("new", "cur"):
        d = path / sub
        if d.is_dir():
            obs.schedule(Handler(), str(d), recursive=False)
    obs.daemon = True
    obs.start()
    return obs


def stop_watching(observer: Any) -> None:
    """Stop an observer of :func:`watch_maildir` (None: nothing to stop)."""
    if observer is not None:
        observer.stop()
        with contextlib.suppress(RuntimeError):  # joined before it started
            observer.join(timeout=5)


class NotAMaildir(Exception):
    """The configured path has no ``cur/`` folder."""
