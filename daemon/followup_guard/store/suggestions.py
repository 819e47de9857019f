"""The suggestions table: interviews found in the inbox, waiting for the user's yes or no.

One row per calendar event (``uid`` + ``recurrence_id``; a scheduling email gets a uid made of
its company and round). The row keeps the newest version seen (``sequence``, ``dtstamp``), so
an older or repeated invitation changes nothing, and what became of it: ``pending``,
``accepted`` (into application ``application`` as round ``round_name``), ``dismissed`` or
``cancelled``. Domains and people are JSON lists: they are read and written whole.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

STATES = ("pending", "accepted", "dismissed", "cancelled")

# The store's migration for this table (store/db.py runs it as one schema version).
MIGRATION = """
CREATE TABLE suggestions (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL,
    recurrence_id TEXT NOT NULL DEFAULT '',
    sequence INTEGER NOT NULL DEFAULT 0,
    dtstamp TEXT,                       -- ISO 8601 UTC, or NULL
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'dismissed', 'cancelled')),
    company TEXT NOT NULL,
    domains TEXT NOT NULL DEFAULT '[]', -- JSON list
    application TEXT,                   -- the existing application it adds to / was accepted as
    round_name TEXT NOT NULL,
    start TEXT NOT NULL,                -- ISO 8601 with offset; without one: no time zone known
    end TEXT NOT NULL,
    timezone TEXT,                      -- IANA name, or NULL
    zone_note TEXT NOT NULL DEFAULT '',
    people TEXT NOT NULL DEFAULT '[]',  -- JSON list of {"name", "address", "role"}
    message_id TEXT,
    subject TEXT NOT NULL DEFAULT '',
    tool TEXT,
    notified INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (uid, recurrence_id)
);
CREATE INDEX suggestions_state ON suggestions (state);
"""


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    uid: str
    recurrence_id: str
    sequence: int
    dtstamp: datetime | None
    state: str
    company: str
    domains: tuple[str, ...]
    application: str | None
    round_name: str
    start: datetime
    end: datetime
    timezone: str | None
    zone_note: str
    people: tuple[dict[str, str], ...]
    message_id: str | None
    subject: str
    tool: str | None
    notified: bool
    created_at: datetime
    updated_at: datetime


_COLUMNS = (
    "id, uid, recurrence_id, sequence, dtstamp, state, company, domains, application, "
    "round_name, start, end, timezone, zone_note, people, message_id, subject, tool, notified, "
    "created_at, updated_at"
)


def _iso(d: datetime | None) -> str | None:
    if d is None:
        return None
    return d.astimezone(timezone.utc).isoformat() if d.tzinfo else d.isoformat()


def _row(r: tuple[Any, ...]) -> SuggestionRow:
    return SuggestionRow(
        id=r[0],
        uid=r[1],
        recurrence_id=r[2],
        sequence=r[3],
        dtstamp=datetime.fromisoformat(r[4]) if r[4] else None,
        state=r[5],
        company=r[6],
        domains=tuple(json.loads(r[7] or "[]")),
        application=r[8],
        round_name=r[9],
        start=datetime.fromisoformat(r[10]),
        end=datetime.fromisoformat(r[11]),
        timezone=r[12],
        zone_note=r[13],
        people=tuple(json.loads(r[14] or "[]")),
        message_id=r[15],
        subject=r[16],
        tool=r[17],
        notified=bool(r[18]),
        created_at=datetime.fromisoformat(r[19]),
        updated_at=datetime.fromisoformat(r[20]),
    )


@dataclass(frozen=True)
class NewSuggestion:
    """The fields of a suggestion as recognised (``add`` and ``update`` take one)."""

    uid: str
    recurrence_id: str
    sequence: int
    dtstamp: datetime | None
    company: str
    domains: tuple[str, ...]
    application: str | None
    round_name: str
    start: datetime  # written with its own offset (naive: no zone known)
    end: datetime
    timezone: str | None
    zone_note: str
    people: tuple[dict[str, str], ...]
    message_id: str | None
    subject: str
    tool: str | None


def _when(d: datetime) -> str:
    """A round's time as given: with its offset, or naive when the zone is unknown."""
    return d.isoformat()


class SuggestionTable:
    """Named queries on ``suggestions``, over the store's connection."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write: its own transaction, or a savepoint inside the caller's (the daemon
        records a batch of messages and their suggestions together)."""
        if self.db.in_transaction:
            self.db.execute("SAVEPOINT suggestions")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK TO suggestions")
                self.db.execute("RELEASE suggestions")
                raise
            self.db.execute("RELEASE suggestions")
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def get(self, sid: int) -> SuggestionRow | None:
        r = self.db.execute(f"SELECT {_COLUMNS} FROM suggestions WHERE id = ?", (sid,)).fetchone()
        return _row(r) if r else None

    def by_uid(self, uid: str, recurrence_id: str = "") -> SuggestionRow | None:
        r = self.db.execute(
            f"SELECT {_COLUMNS} FROM suggestions WHERE uid = ? AND recurrence_id = ?",
            (uid, recurrence_id),
        ).fetchone()
        return _row(r) if r else None

    def in_state(self, *states: str) -> list[SuggestionRow]:
        marks = ",".join("?" * len(states))
        return [
            _row(r)
            for r in self.db.execute(
                f"SELECT {_COLUMNS} FROM suggestions WHERE state IN ({marks}) ORDER BY start, id",
                states,
            )
        ]

    def all(self) -> list[SuggestionRow]:
        return [
            _row(r)
            for r in self.db.execute(f"SELECT {_COLUMNS} FROM suggestions ORDER BY start, id")
        ]

    def same_time(
        self, start: datetime, domains: tuple[str, ...], company: str
    ) -> list[SuggestionRow]:
        """Live suggestions for the same start (to the minute) with this company: the
        confirmation email and the calendar invitation of one interview."""
        out = []
        for s in self.in_state("pending", "accepted"):
            same_start = abs((_cmp(s.start) - _cmp(start)).total_seconds()) < 60
            same_company = bool(set(s.domains) & set(domains)) or (
                s.company.casefold() == company.casefold()
            )
            if same_start and same_company:
                out.append(s)
        return out

    def add(self, s: NewSuggestion, now: datetime) -> int:
        with self._write():
            cur = self.db.execute(
                "INSERT INTO suggestions (uid, recurrence_id, sequence, dtstamp, state, company,"
                " domains, application, round_name, start, end, timezone, zone_note, people,"
                " message_id, subject, tool, notified, created_at, updated_at)"
                " VALUES (?,?,?,?,'pending',?,?,?,?,?,?,?,?,?,?,?,?,0,?,?)",
                (
                    s.uid,
                    s.recurrence_id,
                    s.sequence,
                    _iso(s.dtstamp),
                    s.company,
                    json.dumps(list(s.domains)),
                    s.application,
                    s.round_name,
                    _when(s.start),
                    _when(s.end),
                    s.timezone,
                    s.zone_note,
                    json.dumps(list(s.people)),
                    s.message_id,
                    s.subject,
                    s.tool,
                    _iso(now),
                    _iso(now),
                ),
            )
            return int(cur.lastrowid or 0)

    def move(
        self,
        sid: int,
        *,
        sequence: int,
        dtstamp: datetime | None,
        start: datetime,
        end: datetime,
        timezone_name: str | None,
        zone_note: str,
        message_id: str | None,
        subject: str,
        now: datetime,
    ) -> None:
        """A newer version of the event: its time (and where it came from) replaced; a
        pending suggestion is announced again."""
        with self._write():
            self.db.execute(
                "UPDATE suggestions SET sequence = ?, dtstamp = ?, start = ?, end = ?,"
                " timezone = ?, zone_note = ?, message_id = ?, subject = ?, updated_at = ?,"
                " notified = CASE WHEN state = 'pending' THEN 0 ELSE notified END WHERE id = ?",
                (
                    sequence,
                    _iso(dtstamp),
                    _when(start),
                    _when(end),
                    timezone_name,
                    zone_note,
                    message_id,
                    subject,
                    _iso(now),
                    sid,
                ),
            )

    def seen_version(self, sid: int, sequence: int, dtstamp: datetime | None) -> None:
        with self._write():
            self.db.execute(
                "UPDATE suggestions SET sequence = ?, dtstamp = ? WHERE id = ?",
                (sequence, _iso(dtstamp), sid),
            )

    def set_state(
        self,
        sid: int,
        state: str,
        now: datetime,
        *,
        application: str | None = None,
        round_name: str | None = None,
    ) -> None:
        if state not in STATES:
            raise ValueError(f"unknown suggestion state {state!r}")
        with self._write():
            self.db.execute(
                "UPDATE suggestions SET state = ?, updated_at = ?,"
                " application = COALESCE(?, application), round_name = COALESCE(?, round_name)"
                " WHERE id = ?",
                (state, _iso(now), application, round_name, sid),
            )

    def unnotified(self) -> list[SuggestionRow]:
        return [
            _row(r)
            for r in self.db.execute(
                f"SELECT {_COLUMNS} FROM suggestions WHERE state = 'pending' AND notified = 0"
                " ORDER BY id"
            )
        ]

    def mark_notified(self, sid: int) -> None:
        with self._write():
            self.db.execute("UPDATE suggestions SET notified = 1 WHERE id = ?", (sid,))


def _cmp(d: datetime) -> datetime:
    """Aware times compare as instants; a naive one is compared as if UTC (same wall clock)."""
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def table_exists(db: sqlite3.Connection) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'suggestions'"
        ).fetchone()
        is not None
    )
