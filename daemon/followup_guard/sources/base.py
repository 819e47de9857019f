"""The Source interface: where messages come from, and what a source hands on.

A source (an IMAP folder, a Maildir, a set of files) finds messages, parses them and hands
each, with where it was seen, to a :class:`Recorder`. The daemon (``service/``) owns the
recorder and runs a list of sources without knowing their kind (as mailnag's ``daemon/``
runs its ``backends/``). A source imports only ``config``, ``mail`` and this module: never the
API, the store, the record of contacts or the checks.

The life of a source: ``start()`` runs ``watch()`` in a thread of its own — a first
``catch_up()``, then waiting for change (IMAP IDLE, inotify, a rescan timer) and catching up
again — until ``stop()``. ``catch_up()`` on its own is one synchronous pass (``daemon
--once``). ``state()`` says what the source is doing, for ``doctor`` and ``status``.

The sync state is kept per folder, after isync: ``(UIDVALIDITY, last UID)`` advances in the
same write as the batch it covers (:meth:`Recorder.record`), so a crash anywhere re-reads at
most one batch and, every write being idempotent, counts nothing twice.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal, Protocol

from ..mail.parse import ParsedMessage

Direction = Literal["out", "in"]
Status = Literal["starting", "connecting", "syncing", "idle", "error", "failed", "stopped"]


@dataclass(frozen=True, slots=True)
class FolderState:
    """A folder's sync state: the UIDVALIDITY it was read under and the last UID read."""

    uidvalidity: int
    last_uid: int


@dataclass(frozen=True, slots=True)
class Seen:
    """Where a message was seen, and the date the folder itself gives it."""

    account: str  # the account id; "maildir" for a Maildir; "file" for files
    folder: str  # the folder on the server; the Maildir's or the file's path
    uidvalidity: int  # IMAP UIDVALIDITY; 0 where there is none
    uid: int  # IMAP UID; a stable number for a Maildir file; the position in an mbox
    # The folder's own date: IMAP INTERNALDATE, the Maildir delivery time, the mbox ``From ``
    # line. Used when the message has no usable Date; None where the folder gives none.
    folder_date: datetime | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """One parsed message and where it was seen: what a source hands to the recorder."""

    msg: ParsedMessage
    seen: Seen
    source: str  # "imap", "maildir", "file", ...: stored with the message
    # The evidence of the folder: a Sent folder holds the user's mail ("out"), an INBOX
    # mail to the user ("in", unless a configured identity sent it). None: the folder says
    # nothing; the recorder decides from the configured identities, or leaves it unknown.
    direction: Direction | None
    # The recorder's work done away from the write (Recorder.prepare); opaque to sources.
    prepared: object | None = None

    def with_prepared(self, prepared: object) -> Found:
        return replace(self, prepared=prepared)


@dataclass(frozen=True, slots=True)
class Recorded:
    """What became of one message handed to the recorder."""

    new: bool  # False: it was stored already (it counts once)
    application: str | None
    direction: str
    key: str


@dataclass(frozen=True, slots=True)
class SourceState:
    """What a source reports about itself (``daemon.json``; ``doctor``; ``status``)."""

    key: str  # unique among the daemon's sources, e.g. "work/sent" or "maildir:/path"
    kind: str  # "imap", "maildir", ...
    account: str
    folder: str | None
    status: Status = "starting"
    error: str | None = None
    last_sync: datetime | None = None
    uidvalidity: int | None = None
    last_uid: int | None = None


class Recorder(Protocol):
    """What a source writes to; implemented by the daemon (``service/recorder.py``).

    Every method is safe to call from any source's thread; writes are serialised (one writer).
    """

    def folder_state(self, account: str, folder: str) -> FolderState | None:
        """The stored sync state of a folder; None before its first sync."""
        ...

    def known_uids(self, account: str, folder: str, uidvalidity: int) -> set[int]:
        """The UIDs already recorded for this folder (Maildir and file sources)."""
        ...

    def prepare(self, found: Found) -> Found:
        """Work that needs no store (matching by address, the text's fingerprint), so a source
        can do it in its own thread while another batch is written. Never raises."""
        ...

    def wants_text(self, found: Found) -> bool:
        """Whether the body is worth reading: a message to a tracked application (the store
        keeps a fingerprint of the user's own text for those alone) or from one (its text
        may turn the application down)."""
        ...

    def record(
        self,
        batch: Sequence[Found],
        *,
        account: str | None = None,
        folder: str | None = None,
        state: FolderState | None = None,
    ) -> list[Recorded | Exception]:
        """Store a batch (idempotently) and, in the same transaction, the folder's new sync
        state if given. Returns an outcome per message, or the exception that kept that one
        message out; the others are stored."""
        ...

    def report(self, state: SourceState) -> None:
        """A source's state changed (status, error, last sync)."""
        ...


@dataclass(frozen=True, slots=True)
class CatchUpResult:
    seen: int = 0  # messages read
    new: int = 0  # stored for the first time
    skipped: int = 0  # not messages, unreadable, or refused by the store


class Source(ABC):
    """A place messages come from. Subclasses implement ``catch_up`` and ``watch``."""

    kind = "source"

    def __init__(self, recorder: Recorder, key: str, account: str, folder: str | None) -> None:
        self.recorder = recorder
        self.stopping = threading.Event()
        self._state = SourceState(key, self.kind, account, folder)
        self._thread: threading.Thread | None = None

    @property
    def key(self) -> str:
        return self._state.key

    # -- what each kind implements ----------------------------------------------------------

    @abstractmethod
    def catch_up(self) -> CatchUpResult:
        """Record every message not recorded yet, once; raises on a failure (the caller
        reports it). Safe to interrupt anywhere."""

    @abstractmethod
    def watch(self) -> None:
        """Catch up, then follow changes until ``stop()``; handles its own failures and
        retries, reporting them through ``report``."""

    def wake(self) -> None:
        """Interrupt a wait (``stop`` calls it); kinds that block elsewhere override it."""
        return None

    def close(self) -> None:
        """Release what ``catch_up`` left open (a connection); ``watch`` does so itself."""
        return None

    def describe(self, exc: BaseException) -> tuple[Status, str]:
        """A failure of ``catch_up`` as a status ('failed': retrying cannot help) and one
        line the user can act on."""
        return "error", str(exc) or exc.__class__.__name__

    # -- shared -----------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self.key, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.watch()
        finally:
            self.close()
            if self._state.status != "failed":
                self.report(status="stopped")

    def stop(self) -> None:
        self.stopping.set()
        self.wake()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def state(self) -> SourceState:
        return self._state

    def report(self, **changes: object) -> None:
        """Update this source's state and tell the recorder."""
        self._state = replace(self._state, **changes)  # type: ignore[arg-type]
        self.recorder.report(self._state)
