"""The local SQLite store: messages, where they were seen, manual contacts, sync state.

Design (after isync/mbsync): a message is stored once under its idempotency key; where it was
seen (account, folder, UIDVALIDITY, UID) is a separate table; per-folder sync state advances in
the same transaction as the batch it covers. Counts are always computed from rows.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path

from ..config.paths import private_dir
from ..mail.parse import ParsedMessage
from ..mail.text import own_text
from .suggestions import MIGRATION as SUGGESTIONS_MIGRATION

SCHEMA_VERSION = 3  # the last key of _MIGRATIONS (tests/unit/test_store.py checks)

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        message_id TEXT,                    -- not indexed: look it up as key = 'mid:' || id
        direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
        sent_at TEXT NOT NULL,              -- ISO 8601, UTC
        from_addr TEXT NOT NULL DEFAULT '',
        from_name TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        in_reply_to TEXT,
        fingerprint TEXT NOT NULL DEFAULT '', -- space-separated shingle sketch of the user's text
        requested INTEGER NOT NULL DEFAULT 0,
        source TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE TABLE addresses (            -- every address on a message, for matching at query time
        message INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        field TEXT NOT NULL CHECK (field IN ('from', 'to', 'cc', 'bcc')),
        addr TEXT NOT NULL,
        domain TEXT NOT NULL,
        rdomain TEXT NOT NULL,              -- the domain reversed: subdomains become a prefix
        name TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (message, field, addr)
    ) WITHOUT ROWID;
    -- one index serves both lookups: an address (its reversed domain, then the address) and
    -- a domain with its subdomains (a range of reversed domains)
    CREATE INDEX addresses_rdomain ON addresses (rdomain, addr);
    CREATE TABLE refs (                 -- In-Reply-To and References, for thread matching
        message INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        ref TEXT NOT NULL,
        PRIMARY KEY (message, ref)
    ) WITHOUT ROWID;
    CREATE INDEX refs_ref ON refs (ref);
    CREATE TABLE locations (            -- where a message was seen; many per message
        account TEXT NOT NULL,
        folder TEXT NOT NULL,
        uidvalidity INTEGER NOT NULL,
        uid INTEGER NOT NULL,
        message INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        PRIMARY KEY (account, folder, uidvalidity, uid)
    ) WITHOUT ROWID;
    CREATE TABLE folders (              -- per-folder sync state, as mbsync's .mbsyncstate
        account TEXT NOT NULL,
        folder TEXT NOT NULL,
        uidvalidity INTEGER NOT NULL,
        last_uid INTEGER NOT NULL,
        last_sync TEXT NOT NULL,
        PRIMARY KEY (account, folder)
    );
    CREATE TABLE contacts (             -- calls, voicemails, meetings, notes logged by hand
        id INTEGER PRIMARY KEY,
        application TEXT NOT NULL,
        person TEXT NOT NULL DEFAULT '',
        channel TEXT NOT NULL CHECK (channel IN ('call', 'voicemail', 'meeting', 'note')),
        at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX contacts_app ON contacts (application, at);
    CREATE TABLE snoozes (
        rule TEXT NOT NULL,
        person TEXT NOT NULL,
        until TEXT,                         -- NULL: until unsnoozed
        PRIMARY KEY (rule, person)
    );
    CREATE TABLE allowances (           -- `followup-guard allow`: one message content, briefly
        digest TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL
    );
    CREATE TABLE notified (             -- reminders already shown, so each shows once
        reminder TEXT PRIMARY KEY,
        at TEXT NOT NULL
    );
    """,
    2: """
    CREATE TABLE sent_words (           -- words of the user's own text in outgoing mail
        w TEXT PRIMARY KEY,             -- lower case; a word the user has sent is no typo
        n INTEGER NOT NULL              -- in how many messages
    ) WITHOUT ROWID;
    """,
    3: SUGGESTIONS_MIGRATION,  # interviews found in the inbox (store/suggestions.py)
}

# Words worth remembering for the spelling check: letters (with inner apostrophes or
# hyphens), 3 to 40 long. Numbers, addresses and code are never spelling findings anyway.
_SENT_WORD = re.compile(r"(?<![\w@./])[^\W\d_]{3,40}(?:['’-][^\W\d_]+)*(?![\w@])")


class StoreError(Exception):
    """The store cannot be opened or is from a newer version."""


def _iso(d: datetime) -> str:
    """UTC, fixed width, so stored times sort and compare as text."""
    return d.astimezone(timezone.utc).isoformat(timespec="microseconds")


def message_key(message_id: str) -> str:
    """The store key of a message with this (normalized) Message-ID: messages are looked up
    by Message-ID through the key's unique index; ``message_id`` itself has no index."""
    return "mid:" + message_id


def parse_iso(s: str) -> datetime:
    return datetime.fromisoformat(s)


@dataclass(frozen=True)
class StoredMessage:
    id: int
    key: str
    message_id: str | None
    direction: str
    sent_at: datetime
    from_addr: str
    subject: str
    in_reply_to: str | None
    sketch: str  # the fingerprint, unparsed (most reads never need it)
    requested: bool
    source: str
    refs: tuple[str, ...] = ()  # In-Reply-To and References


_STORED_FIELDS = tuple(f.name for f in fields(StoredMessage))
_new = object.__new__


def _stored(r: tuple, refs: Sequence[str]) -> StoredMessage:
    """StoredMessage(*row) without the frozen dataclass's per-field ``object.__setattr__``
    (the same instance: a check builds one per stored message of the application)."""
    m = _new(StoredMessage)
    values = (
        r[0],
        r[1],
        r[2],
        r[3],
        parse_iso(r[4]),
        r[5],
        r[6],
        r[7],
        r[8],
        bool(r[9]),
        r[10],
        tuple(refs),
    )
    m.__dict__.update(zip(_STORED_FIELDS, values, strict=True))
    return m


@dataclass(frozen=True)
class Location:
    account: str
    folder: str
    uidvalidity: int
    uid: int


@dataclass
class NewMessage:
    """One message for ``Store.add_messages``: the arguments of ``add_message``."""

    msg: ParsedMessage
    direction: str
    source: str
    fingerprint: Sequence[int] = ()
    requested: bool = False
    location: Location | None = None
    at: datetime | None = None
    extra_bcc: Sequence[str] = ()


def _chunks(seq: list, n: int) -> Iterator[list]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


_INSERT_ADDR = (
    "INSERT OR IGNORE INTO addresses (message, field, addr, domain, rdomain, name)"
    " VALUES (?,?,?,?,?,?)"
)


def _addr_row(mid: int, fld: str, addr: str, name: str = "") -> tuple:
    addr = addr.lower()
    domain = addr.rpartition("@")[2]
    return (mid, fld, addr, domain, domain[::-1], name)


class Store:
    """One SQLite database. Open one per process; writes are short transactions."""

    def __init__(self, path: Path | str, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        if str(path) == ":memory:":  # an empty store, for checks before anything was recorded
            self.db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            self._migrate()
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
                    timeout=10,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                self.db = sqlite3.connect(
                    self.path, timeout=10, isolation_level=None, check_same_thread=False
                )
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = NORMAL")
                self._migrate()
            else:
                self._check_version()
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

    # -- schema -----------------------------------------------------------------------------

    def _check_version(self) -> int:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} is schema v{version}, newer than this "
                f"followup-guard (v{SCHEMA_VERSION}); upgrade followup-guard"
            )
        return version

    def _migrate(self) -> None:
        version = self._check_version()
        for target in range(version + 1, SCHEMA_VERSION + 1):
            # One script, one transaction: a crash mid-migration leaves the old version.
            self.db.executescript(
                f"BEGIN IMMEDIATE; {_MIGRATIONS[target]}; PRAGMA user_version = {target}; COMMIT;"
            )

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

    # -- messages ---------------------------------------------------------------------------

    def add_message(
        self,
        msg: ParsedMessage,
        *,
        direction: str,
        source: str,
        fingerprint: Sequence[int] = (),
        requested: bool = False,
        location: Location | None = None,
        at: datetime | None = None,
        extra_bcc: Iterable[str] = (),
    ) -> tuple[int, bool]:
        """Store a message once. Returns (row id, True if it was new). Call inside a
        transaction for batches; on its own it runs in one."""
        own = not self.db.in_transaction
        if own:
            self.db.execute("BEGIN IMMEDIATE")
        try:
            result = self._add(
                msg, direction, source, fingerprint, requested, location, at, extra_bcc
            )
        except BaseException:
            if own:
                self.db.execute("ROLLBACK")
            raise
        if own:
            self.db.execute("COMMIT")
        return result

    def _add(
        self,
        msg: ParsedMessage,
        direction: str,
        source: str,
        fingerprint: Sequence[int],
        requested: bool,
        location: Location | None,
        at: datetime | None,
        extra_bcc: Iterable[str],
    ) -> tuple[int, bool]:
        key = msg.key
        sent_at = msg.date or at or datetime.now(timezone.utc)
        # Insert first and look up only on a conflict: new messages (the common case in a
        # backfill) cost one statement, not two.
        cur = self.db.execute(
            "INSERT INTO messages (key, message_id, direction, sent_at, from_addr,"
            " from_name, subject, in_reply_to, fingerprint, requested, source, recorded_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key) DO NOTHING",
            (
                key,
                msg.message_id,
                direction,
                _iso(sent_at),
                msg.sender.addr if msg.sender else "",
                msg.sender.name if msg.sender else "",
                msg.subject[:500],
                msg.in_reply_to,
                " ".join(map(str, fingerprint)),
                int(requested),
                source,
                _iso(datetime.now(timezone.utc)),
            ),
        )
        new = cur.rowcount == 1
        if new:
            mid = cur.lastrowid
            assert mid is not None
            if direction == "out" and msg.body:
                self._learn_words(msg.body)
            rows = [_addr_row(mid, "from", msg.sender.addr, msg.sender.name)] if msg.sender else []
            for fld, addrs in (("to", msg.to), ("cc", msg.cc), ("bcc", msg.bcc)):
                rows.extend(_addr_row(mid, fld, a.addr, a.name) for a in addrs)
            rows.extend(_addr_row(mid, "bcc", a) for a in extra_bcc)
            self.db.executemany(_INSERT_ADDR, rows)
            if msg.thread_ids:
                self.db.executemany(
                    "INSERT OR IGNORE INTO refs VALUES (?,?)", [(mid, r) for r in msg.thread_ids]
                )
        else:
            mid = self.db.execute("SELECT id FROM messages WHERE key = ?", (key,)).fetchone()[0]
            if requested:
                self.db.execute("UPDATE messages SET requested = 1 WHERE id = ?", (mid,))
            # A copy seen later may carry Bcc that the first sighting lacked (Sent keeps Bcc).
            extra = [_addr_row(mid, "bcc", a.addr, a.name) for a in msg.bcc]
            extra += [_addr_row(mid, "bcc", a) for a in extra_bcc]
            if extra:
                self.db.executemany(_INSERT_ADDR, extra)
        if location is not None:
            self.db.execute(
                "INSERT OR IGNORE INTO locations VALUES (?,?,?,?,?)",
                (location.account, location.folder, location.uidvalidity, location.uid, mid),
            )
        return mid, new

    def _learn_words(self, body: str) -> None:
        words = {w.lower().replace("’", "'") for w in _SENT_WORD.findall(own_text(body))}
        if words:
            self.db.executemany(
                "INSERT INTO sent_words (w, n) VALUES (?, 1)"
                " ON CONFLICT (w) DO UPDATE SET n = n + 1",
                [(w,) for w in sorted(words)],
            )

    def sent_words(self, words: Iterable[str], min_count: int = 1) -> frozenset[str]:
        """Which of ``words`` (lower case) the user has written in at least ``min_count``
        outgoing messages recorded since schema v2 (their own text: quotes cut)."""
        ws = sorted(set(words))
        found: set[str] = set()
        for chunk in _chunks(ws, 900):
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.db.execute(
                    f"SELECT w FROM sent_words WHERE w IN ({marks}) AND n >= ?",
                    [*chunk, min_count],
                )
            )
        return frozenset(found)

    def add_messages(self, items: Sequence[NewMessage]) -> list[tuple[int, bool] | Exception]:
        """Store a batch of messages, each once: what ``add_message`` does for each, in one
        statement per table. Returns, per item, (row id, True if it was new), or the exception
        that kept that one message out: when the batch cannot be written at once, it is
        written message by message and only the failing ones are left out. Call inside a
        transaction (the batch's folder state belongs in the same one); on its own it runs
        in one."""
        own = not self.db.in_transaction
        self.db.execute("BEGIN IMMEDIATE" if own else "SAVEPOINT batch")
        try:
            try:
                results: list[tuple[int, bool] | Exception] = list(self._add_batch(items))
            except Exception:
                self.db.execute("ROLLBACK TO batch" if not own else "ROLLBACK")
                if own:
                    self.db.execute("BEGIN IMMEDIATE")
                results = [self._add_one_or_error(it) for it in items]
        except BaseException:
            self.db.execute("ROLLBACK" if own else "ROLLBACK TO batch")
            if not own:
                self.db.execute("RELEASE batch")
            raise
        self.db.execute("COMMIT" if own else "RELEASE batch")
        return results

    def _add_one_or_error(self, it: NewMessage) -> tuple[int, bool] | Exception:
        self.db.execute("SAVEPOINT msg")
        try:
            result = self._add(
                it.msg,
                it.direction,
                it.source,
                it.fingerprint,
                it.requested,
                it.location,
                it.at,
                it.extra_bcc,
            )
        except Exception as exc:
            self.db.execute("ROLLBACK TO msg")
            self.db.execute("RELEASE msg")
            return exc
        self.db.execute("RELEASE msg")
        return result

    def _add_batch(self, items: Sequence[NewMessage]) -> list[tuple[int, bool]]:
        """The batch path: new messages get their row ids up front (this connection holds the
        write lock), so messages, addresses, refs and locations each take one executemany."""
        now = datetime.now(timezone.utc)
        recorded = _iso(now)
        next_id = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM messages").fetchone()[0]
        first = next_id
        in_batch: dict[str, int] = {}  # key → the row id given to its first copy in the batch
        ids: list[int] = []
        rows = []
        for it in items:
            msg = it.msg
            key = msg.key
            mid = in_batch.get(key)
            if mid is None:
                mid = in_batch[key] = next_id
                next_id += 1
                sender = msg.sender
                sent_at = msg.date or it.at or now
                rows.append(
                    (
                        mid,
                        key,
                        msg.message_id,
                        it.direction,
                        _iso(sent_at),
                        sender.addr if sender else "",
                        sender.name if sender else "",
                        msg.subject[:500],
                        msg.in_reply_to,
                        " ".join(map(str, it.fingerprint)),
                        int(it.requested),
                        it.source,
                        recorded,
                    )
                )
            ids.append(mid)
        before = self.db.total_changes
        self.db.executemany(
            "INSERT INTO messages (id, key, message_id, direction, sent_at, from_addr,"
            " from_name, subject, in_reply_to, fingerprint, requested, source, recorded_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key) DO NOTHING",
            rows,
        )
        if self.db.total_changes - before == len(rows):
            inserted = set(range(first, next_id))  # the common case: all of them were new
        else:  # some were stored before: their rows keep their own ids
            stored: dict[str, int] = {}
            for chunk in _chunks(list(in_batch), 500):
                stored.update(
                    self.db.execute(
                        f"SELECT key, id FROM messages WHERE key IN ({','.join('?' * len(chunk))})",
                        chunk,
                    )
                )
            inserted = {mid for key, mid in in_batch.items() if stored.get(key) == mid}
            ids = [stored[it.msg.key] for it in items]
        addr_rows: list[tuple] = []
        ref_rows: list[tuple] = []
        requested: list[tuple[int]] = []
        loc_rows: list[tuple] = []
        results: list[tuple[int, bool]] = []
        seen: set[int] = set()
        for it, mid in zip(items, ids, strict=True):
            msg = it.msg
            new = mid in inserted and mid not in seen
            seen.add(mid)
            if new:
                if msg.sender:
                    addr_rows.append(_addr_row(mid, "from", msg.sender.addr, msg.sender.name))
                for fld, addrs in (("to", msg.to), ("cc", msg.cc), ("bcc", msg.bcc)):
                    for a in addrs:
                        addr_rows.append(_addr_row(mid, fld, a.addr, a.name))
                if msg.thread_ids:
                    ref_rows.extend((mid, r) for r in msg.thread_ids)
            else:
                if it.requested:
                    requested.append((mid,))
                # A copy seen later may carry Bcc that the first sighting lacked.
                for a in msg.bcc:
                    addr_rows.append(_addr_row(mid, "bcc", a.addr, a.name))
            for a in it.extra_bcc:
                addr_rows.append(_addr_row(mid, "bcc", a))
            if it.location is not None:
                loc = it.location
                loc_rows.append((loc.account, loc.folder, loc.uidvalidity, loc.uid, mid))
            results.append((mid, new))
        if addr_rows:
            self.db.executemany(_INSERT_ADDR, addr_rows)
        if ref_rows:
            self.db.executemany("INSERT OR IGNORE INTO refs VALUES (?,?)", ref_rows)
        if requested:
            self.db.executemany("UPDATE messages SET requested = 1 WHERE id = ?", requested)
        if loc_rows:
            self.db.executemany("INSERT OR IGNORE INTO locations VALUES (?,?,?,?,?)", loc_rows)
        return results

    def message_count(self, direction: str | None = None) -> int:
        if direction:
            q = "SELECT count(*) FROM messages WHERE direction = ?"
            return self.db.execute(q, (direction,)).fetchone()[0]
        return self.db.execute("SELECT count(*) FROM messages").fetchone()[0]

    def has_message_id(self, message_id: str) -> bool:
        q = "SELECT 1 FROM messages WHERE key = ?"
        return self.db.execute(q, (message_key(message_id),)).fetchone() is not None

    def inbound_with_message_ids(self, ids: Sequence[str]) -> list[int]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        q = f"SELECT id FROM messages WHERE key IN ({marks}) AND direction = 'in'"
        return [r[0] for r in self.db.execute(q, [message_key(i) for i in ids])]

    def messages_for(
        self, addrs: Sequence[str], domains: Sequence[str], since: datetime | None = None
    ) -> list[tuple[StoredMessage, list[tuple]]]:
        """Messages with any of ``addrs`` or an address at ``domains`` (or a subdomain), plus
        replies threaded under them; each with its (field, addr, domain, name) rows."""
        clauses, params = [], []
        for addr in addrs:  # (rdomain, addr) is the index
            clauses.append("(a.rdomain = ? AND a.addr = ?)")
            params += [addr.lower().rpartition("@")[2][::-1], addr]
        for d in domains:  # the domain itself, or any subdomain (an index range)
            rd = d.lower()[::-1]
            clauses.append("(a.rdomain = ? OR (a.rdomain >= ? AND a.rdomain < ?))")
            params += [rd, rd + ".", rd + "/"]
        if not clauses:
            return []
        # One statement: the seed by address and domain, then up to three levels of replies
        # threaded under it (In-Reply-To/References pointing at a Message-ID already found).
        where = " OR ".join(clauses)
        cond = ""
        if since is not None:
            cond = " AND sent_at >= ?"
            params.append(_iso(since))
        rows = self.db.execute(
            "WITH RECURSIVE seed(id) AS"
            f" (SELECT a.message FROM addresses a WHERE {where}),"
            " thread(id, level) AS (SELECT id, 0 FROM seed UNION"
            " SELECT r.message, t.level + 1 FROM thread t JOIN messages p ON p.id = t.id"
            " JOIN refs r ON r.ref = p.message_id"
            " WHERE t.level < 3 AND p.message_id IS NOT NULL)"
            " SELECT id, key, message_id, direction, sent_at, from_addr, subject, in_reply_to,"
            " fingerprint, requested, source FROM messages"
            f" WHERE id IN (SELECT id FROM thread){cond} ORDER BY sent_at, id",
            params,
        ).fetchall()
        if not rows:
            return []
        addr_rows: dict[int, list[tuple]] = {r[0]: [] for r in rows}
        refs: dict[int, list[str]] = {}
        ids = list(addr_rows)
        m3 = ",".join("?" * len(ids))
        for mid, is_ref, fld, addr, dom, name in self.db.execute(
            "SELECT message, 0, field, addr, domain, name FROM addresses"
            f" WHERE message IN ({m3}) UNION ALL SELECT message, 1, '', ref, '', '' FROM refs"
            f" WHERE message IN ({m3}) ORDER BY 1, 2, 3, 4",
            ids + ids,
        ):
            if is_ref:
                refs.setdefault(mid, []).append(addr)
            else:
                addr_rows[mid].append((fld, addr, dom, name))
        return [(_stored(r, refs.get(r[0], ())), addr_rows[r[0]]) for r in rows]

    # -- folders (sync state) ---------------------------------------------------------------

    def folder_state(self, account: str, folder: str) -> tuple[int, int] | None:
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
            (account, folder, uidvalidity, last_uid, _iso(datetime.now(timezone.utc))),
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
                    _iso(at),
                    note,
                    _iso(datetime.now(timezone.utc)),
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
                (rule, person.lower(), _iso(until) if until else None),
            )

    def unsnooze(self, rule: str, person: str | None) -> int:
        with self.transaction():
            if person is None:
                cur = self.db.execute("DELETE FROM snoozes WHERE rule = ?", (rule,))
            else:
                cur = self.db.execute(
                    "DELETE FROM snoozes WHERE rule = ? AND person = ?", (rule, person.lower())
                )
        return cur.rowcount

    def snoozes(self, now: datetime) -> list[tuple[str, str, datetime | None]]:
        out = []
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
                "INSERT OR REPLACE INTO allowances VALUES (?,?)", (digest, _iso(expires_at))
            )

    def take_allowance(self, digest: str, now: datetime) -> bool:
        """Use up an unexpired allowance for this content; True if there was one."""
        with self.transaction():
            row = self.db.execute(
                "SELECT expires_at FROM allowances WHERE digest = ?", (digest,)
            ).fetchone()
            self.db.execute(
                "DELETE FROM allowances WHERE digest = ? OR expires_at < ?", (digest, _iso(now))
            )
        return row is not None and parse_iso(row[0]) > now

    # -- reminders --------------------------------------------------------------------------

    def was_notified(self, reminder: str) -> bool:
        q = "SELECT 1 FROM notified WHERE reminder = ?"
        return self.db.execute(q, (reminder,)).fetchone() is not None

    def mark_notified(self, reminder: str, at: datetime) -> None:
        with self.transaction():
            self.db.execute("INSERT OR IGNORE INTO notified VALUES (?,?)", (reminder, _iso(at)))
