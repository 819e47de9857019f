"""Messages in the store: writing them once each, and the reads the checks and the record need.

Part of :class:`followup_guard.store.db.Store` (a mixin over its connection ``db``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..mail.decision import Decision
from ..mail.parse import ParsedMessage
from ..mail.text import own_text

AddrRow = tuple[str, str, str, str]  # (field, address, domain, display name)


# Words worth remembering for the spelling check: letters (with inner apostrophes or
# hyphens), 3 to 40 long. Numbers, addresses and code are never spelling findings anyway.
_SENT_WORD = re.compile(r"(?<![\w@./])[^\W\d_]{3,40}(?:['’-][^\W\d_]+)*(?![\w@])")


def iso(d: datetime) -> str:
    """UTC, fixed width, so stored times sort and compare as text."""
    return d.astimezone(timezone.utc).isoformat(timespec="microseconds")


def message_key(message_id: str) -> str:
    """The store key of a message with this (normalized) Message-ID: messages are looked up
    by Message-ID through the key's unique index; ``message_id`` itself has no index."""
    return "mid:" + message_id


def parse_iso(s: str) -> datetime:
    return datetime.fromisoformat(s)


def _when(d: datetime | None) -> str | None:
    return iso(d) if d is not None else None


@dataclass(frozen=True, slots=True)
class StoredMessage:
    id: int
    key: str
    message_id: str | None
    direction: str
    sent_at: datetime | None  # None: the date is unknown (no Date, no date from the folder)
    from_addr: str
    subject: str
    in_reply_to: str | None
    sketch: str  # the fingerprint, unparsed (most reads never need it)
    requested: bool
    source: str
    refs: tuple[str, ...] = ()  # In-Reply-To and References
    decision: Decision | None = None  # what a received message says (mail/decision.py)


def _stored(r: tuple[Any, ...], refs: Sequence[str]) -> StoredMessage:
    return StoredMessage(
        r[0],
        r[1],
        r[2],
        r[3],
        parse_iso(r[4]) if r[4] is not None else None,
        r[5],
        r[6],
        r[7],
        r[8],
        bool(r[9]),
        r[10],
        tuple(refs),
        r[11],
    )


@dataclass(frozen=True, slots=True)
class Location:
    account: str
    folder: str
    uidvalidity: int
    uid: int


@dataclass(slots=True)
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
    decision: Decision | None = None  # what a received message says (record/recording.py)


def _chunks(seq: list[str], n: int) -> Iterator[list[str]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


_INSERT_ADDR = (
    "INSERT OR IGNORE INTO addresses (message, field, addr, domain, rdomain, name)"
    " VALUES (?,?,?,?,?,?)"
)


def _addr_row(mid: int, fld: str, addr: str, name: str = "") -> tuple[int, str, str, str, str, str]:
    addr = addr.lower()
    domain = addr.rpartition("@")[2]
    return (mid, fld, addr, domain, domain[::-1], name)


class MessageTable:
    """The message methods of the store."""

    db: sqlite3.Connection

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
        decision: Decision | None = None,
    ) -> tuple[int, bool]:
        """Store a message once. Returns (row id, True if it was new). Call inside a
        transaction for batches; on its own it runs in one. ``decision``: what a received
        message says of the application (read by the recorder; kept instead of its text)."""
        own = not self.db.in_transaction
        if own:
            self.db.execute("BEGIN IMMEDIATE")
        try:
            result = self._add(
                msg, direction, source, fingerprint, requested, location, at, extra_bcc, decision
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
        decision: Decision | None = None,
    ) -> tuple[int, bool]:
        key = msg.key
        sent_at = msg.date or at  # None: unknown, never the time of ingest
        # Insert first and look up only on a conflict: new messages (the common case in a
        # backfill) cost one statement, not two.
        cur = self.db.execute(
            "INSERT INTO messages (key, message_id, direction, sent_at, from_addr,"
            " from_name, subject, in_reply_to, fingerprint, requested, source, recorded_at,"
            " decision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key) DO NOTHING",
            (
                key,
                msg.message_id,
                direction,
                _when(sent_at),
                msg.sender.addr if msg.sender else "",
                msg.sender.name if msg.sender else "",
                msg.subject[:500],
                msg.in_reply_to,
                " ".join(map(str, fingerprint)),
                int(requested),
                source,
                iso(datetime.now(timezone.utc)),
                decision,
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
                it.decision,
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
        recorded = iso(now)
        next_id = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM messages").fetchone()[0]
        first = next_id
        in_batch: dict[str, int] = {}  # key → the row id given to its first copy in the batch
        ids: list[int] = []
        rows: list[tuple[Any, ...]] = []
        for it in items:
            msg = it.msg
            key = msg.key
            mid = in_batch.get(key)
            if mid is None:
                mid = in_batch[key] = next_id
                next_id += 1
                sender = msg.sender
                sent_at = msg.date or it.at
                rows.append(
                    (
                        mid,
                        key,
                        msg.message_id,
                        it.direction,
                        _when(sent_at),
                        sender.addr if sender else "",
                        sender.name if sender else "",
                        msg.subject[:500],
                        msg.in_reply_to,
                        " ".join(map(str, it.fingerprint)),
                        int(it.requested),
                        it.source,
                        recorded,
                        it.decision,
                    )
                )
            ids.append(mid)
        before = self.db.total_changes
        self.db.executemany(
            "INSERT INTO messages (id, key, message_id, direction, sent_at, from_addr,"
            " from_name, subject, in_reply_to, fingerprint, requested, source, recorded_at,"
            " decision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key) DO NOTHING",
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
        addr_rows: list[tuple[int, str, str, str, str, str]] = []
        ref_rows: list[tuple[int, str]] = []
        requested: list[tuple[int]] = []
        loc_rows: list[tuple[str, str, int, int, int]] = []
        results: list[tuple[int, bool]] = []
        seen: set[int] = set()
        for it, mid in zip(items, ids, strict=True):
            msg = it.msg
            new = mid in inserted and mid not in seen
            seen.add(mid)
            if new:
                if it.direction == "out" and msg.body:
                    self._learn_words(msg.body)
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
            for extra in it.extra_bcc:
                addr_rows.append(_addr_row(mid, "bcc", extra))
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
            n: int = self.db.execute(q, (direction,)).fetchone()[0]
            return n
        n = self.db.execute("SELECT count(*) FROM messages").fetchone()[0]
        return n

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
    ) -> list[tuple[StoredMessage, list[AddrRow]]]:
        """Messages with any of ``addrs`` or an address at ``domains`` (or a subdomain), plus
        replies threaded under them; each with its (field, addr, domain, name) rows."""
        clauses: list[str] = []
        params: list[str] = []
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
            params.append(iso(since))
        rows = self.db.execute(
            "WITH RECURSIVE seed(id) AS"
            f" (SELECT a.message FROM addresses a WHERE {where}),"
            " thread(id, level) AS (SELECT id, 0 FROM seed UNION"
            " SELECT r.message, t.level + 1 FROM thread t JOIN messages p ON p.id = t.id"
            " JOIN refs r ON r.ref = p.message_id"
            " WHERE t.level < 3 AND p.message_id IS NOT NULL)"
            " SELECT id, key, message_id, direction, sent_at, from_addr, subject, in_reply_to,"
            " fingerprint, requested, source, decision FROM messages"
            f" WHERE id IN (SELECT id FROM thread){cond} ORDER BY sent_at, id",
            params,
        ).fetchall()
        if not rows:
            return []
        addr_rows: dict[int, list[AddrRow]] = {r[0]: [] for r in rows}
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

    # -- threads ----------------------------------------------------------------------------

    def thread_addresses(
        self, message_ids: Sequence[str], direction: str | None = None
    ) -> list[tuple[str, str]]:
        """(address, domain) of everyone on the stored messages with these Message-IDs (a
        thread's In-Reply-To and References); only those of ``direction`` if given."""
        if not message_ids:
            return []
        marks = ",".join("?" * len(message_ids))
        cond = " AND m.direction = ?" if direction else ""
        params: list[str] = [message_key(i) for i in message_ids]
        if direction:
            params.append(direction)
        return [
            (addr, domain)
            for addr, domain in self.db.execute(
                "SELECT a.addr, a.domain FROM messages m JOIN addresses a ON a.message = m.id"
                f" WHERE m.key IN ({marks}){cond}",
                params,
            )
        ]
