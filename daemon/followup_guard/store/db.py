"""The local SQLite store: messages, where they were seen, manual contacts, sync state.

Design (after isync/mbsync): a message is stored once under its idempotency key; where it was
seen (account, folder, UIDVALIDITY, UID) is a separate table; per-folder sync state advances in
the same transaction as the batch it covers. Counts are always computed from rows. Every SQL
statement of the package is in this folder: ``schema.py`` (tables and migrations),
``messages.py`` (messages, addresses, threads), and here (the connection, folders, contacts,
snoozes, allowances, reminders).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path

from ..config.paths import private_dir
from .messages import (
    Location,
    MessageTable,
    NewMessage,
    StoredMessage,
    iso,
    message_key,
    parse_iso,
)
from .schema import SCHEMA_VERSION, StoreError, check_version, migrate

__all__ = [
    "SCHEMA_VERSION",
    "Location",
    "NewMessage",
    "Store",
    "StoreError",
    "StoredMessage",
    "message_key",
    "parse_iso",
]


class Store(MessageTable):
    """One SQLite database. Open one per process; writes are short transactions."""

    def __init__(self, path: Path | str, *, readonly: bool = False, timeout: float = 10) -> None:
        self.path = Path(path)
        self.readonly = readonly
        if str(path) == ":memory:":  # an empty store, for checks before anything was recorded
            self.db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            migrate(self.db, self.path)
            return
        if not readonly:
            private_dir(self.path.parent)
            if not self.path.exists():
                fd = os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600)
                os.close(fd)
        elif not self.path.exists():
            raise StoreError(f"no store at {self.path}; run the daemon or `followup-guard ingest`")
        try:
            if readonly:
                self.db = sqlite3.connect(
                    f"file:{self.path}?mode=ro",
                    uri=True,
                    timeout=timeout,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                self.db = sqlite3.connect(
                    self.path, timeout=timeout, isolation_level=None, check_same_thread=False
                )
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                migrate(self.db, self.path)
            else:
                check_version(self.db, self.path)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if p.exists() and not readonly:
                with suppress(OSError):
                    os.chmod(p, 0o600)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # -- folders (sync state) ---------------------------------------------------------------

    def folder_state(self, account: str, folder: str) -> tuple[int, int] | None:
        """(UIDVALIDITY, last UID) of a folder; None before its first sync."""
        row = self.db.execute(
            "SELECT uidvalidity, last_uid FROM folders WHERE account = ? AND folder = ?",
            (account, folder),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def set_folder_state(self, account: str, folder: str, uidvalidity: int, last_uid: int) -> None:
        self.db.execute(
            "INSERT INTO folders VALUES (?,?,?,?,?) ON CONFLICT (account, folder) DO UPDATE SET"
            " uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid,"
            " last_sync = excluded.last_sync",
            (account, folder, uidvalidity, last_uid, iso(datetime.now(timezone.utc))),
        )

    def folders(self) -> list[tuple[str, str, int, int, datetime]]:
        return [
            (a, f, v, u, parse_iso(t))
            for a, f, v, u, t in self.db.execute(
                "SELECT account, folder, uidvalidity, last_uid, last_sync"
                " FROM folders ORDER BY account, folder"
            )
        ]

    def known_uids(self, account: str, folder: str, uidvalidity: int) -> set[int]:
        return {
            r[0]
            for r in self.db.execute(
                "SELECT uid FROM locations WHERE account = ? AND folder = ? AND uidvalidity = ?",
                (account, folder, uidvalidity),
            )
        }

    # -- manual contacts --------------------------------------------------------------------

    def add_contact(
        self, application: str, person: str, channel: str, at: datetime, note: str = ""
    ) -> int:
        with self.transaction():
            cur = self.db.execute(
                "INSERT INTO contacts (application, person, channel, at, note, recorded_at)"
                " VALUES (?,?,?,?,?,?)",
                (
                    application,
                    person.lower(),
                    channel,
                    iso(at),
                    note,
                    iso(datetime.now(timezone.utc)),
                ),
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def contacts_for(self, application: str) -> list[tuple[str, str, datetime, str]]:
        return [
            (p, ch, parse_iso(at), note)
            for p, ch, at, note in self.db.execute(
                "SELECT person, channel, at, note FROM contacts WHERE application = ? ORDER BY at",
                (application,),
            )
        ]

    # -- snoozes and allowances -------------------------------------------------------------

    def snooze(self, rule: str, person: str, until: datetime | None) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT INTO snoozes VALUES (?,?,?) ON CONFLICT (rule, person) DO UPDATE SET"
                " until = excluded.until",
                (rule, person.lower(), iso(until) if until else None),
            )

    def unsnooze(self, rule: str, person: str | None) -> int:
        with self.transaction():
            if person is None:
                cur = self.db.execute("DELETE FROM snoozes WHERE rule = ?", (rule,))
            else:
                cur = self.db.execute(
                    "DELETE FROM snoozes WHERE rule = ? AND person = ?", (rule, person.lower())
                )
        n: int = cur.rowcount
        return n

    def snoozes(self, now: datetime) -> list[tuple[str, str, datetime | None]]:
        out: list[tuple[str, str, datetime | None]] = []
        for rule, person, until in self.db.execute(
            "SELECT rule, person, until FROM snoozes ORDER BY rule, person"
        ):
            u = parse_iso(until) if until else None
            if u is None or u > now:
                out.append((rule, person, u))
        return out

    def add_allowance(self, digest: str, expires_at: datetime) -> None:
        with self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO allowances VALUES (?,?)", (digest, iso(expires_at))
            )

    def take_allowance(self, digest: str, now: datetime) -> bool:
        """Use up an unexpired allowance for this content; True if there was one."""
        with self.transaction():
            row = self.db.execute(
                "SELECT expires_at FROM allowances WHERE digest = ?", (digest,)
            ).fetchone()
            self.db.execute(
                "DELETE FROM allowances WHERE digest = ? OR expires_at < ?", (digest, iso(now))
            )
        return row is not None and parse_iso(row[0]) > now

    # -- reminders --------------------------------------------------------------------------

    def was_notified(self, reminder: str) -> bool:
        q = "SELECT 1 FROM notified WHERE reminder = ?"
        return self.db.execute(q, (reminder,)).fetchone() is not None

    def mark_notified(self, reminder: str, at: datetime) -> None:
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO notified VALUES (?,?)", (reminder, iso(at)))

    # -- tuning -----------------------------------------------------------------------------

    def set_cache_kb(self, kb: int) -> None:
        """A page cache of ``kb`` for this connection: a backfill writes into indexes spread
        over the whole file, and a cache larger than SQLite's 2 MB default keeps them in memory."""
        self.db.execute(f"PRAGMA cache_size = -{int(kb)}")

    def shrink_memory(self) -> None:
        """Hand the page cache back (after a backfill, before idling)."""
        self.db.execute("PRAGMA shrink_memory")
