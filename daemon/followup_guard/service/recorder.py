"""The daemon's recorder: what every source writes to (see ``sources/base.py``).

One store connection and one lock: every read and write of the sources goes through here, one
at a time (one writer), and a batch is stored in the same transaction as the folder state
that covers it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from ..config.model import Config
from ..record import recording
from ..sources.base import FolderState, Found, Recorded, SourceState
from ..store.db import Store

SHRINK_AFTER = 500  # messages written since the last catch-up ended: hand the cache back


class DaemonRecorder:
    def __init__(
        self,
        store: Store,
        config: Callable[[], Config],
        lock: threading.Lock,
        *,
        on_record: Callable[[Recorded], None],
        on_report: Callable[[SourceState], None],
    ) -> None:
        self.store = store
        self.config = config
        self.lock = lock
        self.on_record = on_record
        self.on_report = on_report
        self._written = 0

    def folder_state(self, account: str, folder: str) -> FolderState | None:
        with self.lock:
            st = self.store.folder_state(account, folder)
        return FolderState(*st) if st is not None else None

    def known_uids(self, account: str, folder: str, uidvalidity: int) -> set[int]:
        with self.lock:
            return self.store.known_uids(account, folder, uidvalidity)

    def prepare(self, found: Found) -> Found:
        return recording.prepare(self.config(), found)

    def wants_text(self, found: Found) -> bool:
        return recording.wants_text(found)

    def record(
        self,
        batch: Sequence[Found],
        *,
        account: str | None = None,
        folder: str | None = None,
        state: FolderState | None = None,
    ) -> list[Recorded | Exception]:
        config = self.config()
        with self.lock, self.store.transaction():
            out = recording.record_batch(config, self.store, batch) if batch else []
            if state is not None and account is not None and folder is not None:
                self.store.set_folder_state(account, folder, state.uidvalidity, state.last_uid)
        self._written += len(batch)
        if not batch and self._written >= SHRINK_AFTER:
            # A catch-up ends with its folder state alone: after a backfill, the page cache
            # that the writes grew goes back before the source idles.
            self._written = 0
            with self.lock:
                self.store.shrink_memory()
        for o in out:
            if not isinstance(o, Exception):
                self.on_record(o)
        return out

    def report(self, state: SourceState) -> None:
        self.on_report(state)
