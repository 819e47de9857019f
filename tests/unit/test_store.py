"""The SQLite store: schema, file mode, idempotent ingestion, snoozes and allowances."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fgtest import CORPUS_CONFIG, DANA, JOHN, ME, eml
from followup_guard.api import open_context, record_message, record_sent
from followup_guard.mail.parse import parse_bytes
from followup_guard.record.history import build_history
from followup_guard.store.db import SCHEMA_VERSION, Location, Store, StoreError, parse_iso

T0 = datetime(2026, 11, 20, 23, 0, tzinfo=timezone.utc)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_store_is_private_wal_and_current(tmp_path: Path) -> None:
    path = tmp_path / "data" / "store.sqlite3"
    with Store(path) as store:
        store.add_message(parse_bytes(eml(mid="a@x", date=T0)), direction="out", source="t")
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(path) + suffix)
            assert p.exists() and _mode(p) == 0o600, (suffix, oct(_mode(p)))
    assert _mode(path.parent) == 0o700


def test_migrates_an_empty_v0_database(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    sqlite3.connect(path).close()  # an empty database: user_version 0
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {
            r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert {
            "messages",
            "addresses",
            "refs",
            "locations",
            "folders",
            "contacts",
            "snoozes",
            "allowances",
            "notified",
        } <= tables
    with Store(path) as store:  # opening again does not re-run the migration
        assert store.message_count() == 0


def test_newer_schema_is_a_clear_store_error(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match=rf"schema v{SCHEMA_VERSION + 1}, newer than"):
            Store(path, readonly=readonly)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(path)


def test_readonly_open_of_a_missing_store(tmp_path: Path) -> None:
    path = tmp_path / "nothing-here" / "store.sqlite3"
    with pytest.raises(StoreError, match="no store at"):
        Store(path, readonly=True)
    assert not path.parent.exists()  # a readonly open creates nothing


def test_readonly_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    Store(path).close()
    with Store(path, readonly=True) as store, pytest.raises(sqlite3.OperationalError):
        store.add_contact("acme", "", "call", T0)


def test_same_message_twice_counts_once(tmp_path: Path) -> None:
    raw = eml(mid="ty-1@example.org", date=T0)
    with Store(tmp_path / "s.db") as store:
        first = store.add_message(parse_bytes(raw), direction="out", source="file")
        second = store.add_message(parse_bytes(raw), direction="out", source="file")
        assert first[1] is True and second == (first[0], False)
        assert store.message_count() == 1


def test_same_message_id_in_two_folders_counts_once(tmp_path: Path) -> None:
    sent = eml(mid="<Ty-1@Example.ORG>".strip("<>"), date=T0)
    # The copy in another folder has extra trace headers: other bytes, same Message-ID.
    other = b"Received: from mx by imap; Fri, 20 Nov 2026 23:00:05 +0000\r\n" + sent
    with Store(tmp_path / "s.db") as store:
        a, new_a = store.add_message(
            parse_bytes(sent),
            direction="out",
            source="imap",
            location=Location("acc", "Sent", 7, 11),
        )
        b, new_b = store.add_message(
            parse_bytes(other),
            direction="out",
            source="imap",
            location=Location("acc", "INBOX", 3, 500),
        )
        assert (new_a, new_b) == (True, False) and a == b
        assert store.message_count() == 1
        assert store.known_uids("acc", "Sent", 7) == {11}
        assert store.known_uids("acc", "INBOX", 3) == {500}
        assert store.known_uids("acc", "INBOX", 4) == set()  # a new UIDVALIDITY knows nothing
        locations = store.db.execute(
            "SELECT folder FROM locations WHERE message = ? ORDER BY folder", (a,)
        ).fetchall()
        assert locations == [("INBOX",), ("Sent",)]
        # The domain part of the Message-ID is case-insensitive; the local part is not.
        assert store.has_message_id("Ty-1@example.org")
        assert not store.has_message_id("ty-1@example.org")


def test_message_without_message_id_deduped_by_header_digest(tmp_path: Path) -> None:
    raw = eml(date=T0, subject="No id here")
    with Store(tmp_path / "s.db") as store:
        key = parse_bytes(raw).key
        assert key.startswith("sha:")
        assert store.add_message(parse_bytes(raw), direction="out", source="file")[1]
        assert not store.add_message(parse_bytes(raw), direction="out", source="file")[1]
        # A different subject is a different message.
        assert store.add_message(
            parse_bytes(eml(date=T0, subject="Another")), direction="out", source="file"
        )[1]
        assert store.message_count() == 2


def test_folder_state_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert store.folder_state("acc", "Sent") is None
        with store.transaction():
            store.set_folder_state("acc", "Sent", 7, 42)
        with store.transaction():
            store.set_folder_state("acc", "Sent", 7, 45)
        assert store.folder_state("acc", "Sent") == (7, 45)
        assert [f[:4] for f in store.folders()] == [("acc", "Sent", 7, 45)]


def test_failed_batch_rolls_back_messages_and_state(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_message(
                parse_bytes(eml(mid="b1@x", date=T0)),
                direction="out",
                source="imap",
                location=Location("acc", "Sent", 1, 1),
            )
            store.set_folder_state("acc", "Sent", 1, 1)
            raise RuntimeError("connection dropped")
        assert store.message_count() == 0 and store.folder_state("acc", "Sent") is None


def test_shim_copy_then_imap_copy_count_once_and_keep_bcc(tmp_path: Path) -> None:
    home = tmp_path / "data"
    draft = eml(to=DANA, mid="ty-dana@example.org", date=T0, subject="Thank you")
    with open_context(CORPUS_CONFIG, home) as ctx:
        out = record_sent(ctx, draft, extra_bcc=["John.Smith@acme.example"])
        assert out.new and out.application == "acme-backend" and out.direction == "out"
        # The Sent copy the server keeps: trace headers added, the Bcc header dropped.
        imap_copy = b"Received: by imap.example.org; Fri, 20 Nov 2026 23:00:02 +0000\r\n" + draft
        again = record_message(
            ctx, imap_copy, source="imap", location=Location("personal", "Sent", 9, 3)
        )
        assert not again.new and again.key == out.key
        assert ctx.store.message_count() == 1
        rows = ctx.store.db.execute(
            "SELECT field, addr, m.source FROM addresses a JOIN messages "
            "m ON m.id = a.message ORDER BY field, addr"
        ).fetchall()
        assert rows == [
            ("bcc", "john.smith@acme.example", "shim"),
            ("from", "alex.morgan@example.org", "shim"),
            ("to", "dana.wu@acme.example", "shim"),
        ]
        history = build_history(ctx.config, ctx.store, ctx.config.application("acme-backend"))
        (contact,) = history.contacts
        assert contact.kind == "thank-you"
        assert sorted(contact.people) == ["dana.wu@acme.example", "john.smith@acme.example"]


def test_later_copy_adds_bcc_the_first_sighting_lacked(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_message(
            parse_bytes(eml(to=DANA, mid="m@x", date=T0)), direction="out", source="maildir"
        )
        store.add_message(
            parse_bytes(eml(to=DANA, bcc=JOHN, mid="m@x", date=T0)), direction="out", source="imap"
        )
        bcc = store.db.execute("SELECT addr FROM addresses WHERE field = 'bcc'").fetchall()
        assert bcc == [("john.smith@acme.example",)] and store.message_count() == 1


def test_message_without_date_uses_the_given_time(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_message(
            parse_bytes(eml(frm=ME, mid="nodate@x")), direction="out", source="shim", at=T0
        )
        (sent_at,) = store.db.execute("SELECT sent_at FROM messages").fetchone()
        assert parse_iso(sent_at) == T0


def test_manual_contacts(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_contact("acme", "Dana.Wu@acme.example", "call", T0 + timedelta(days=1), "hi")
        store.add_contact("acme", "", "note", T0)
        store.add_contact("globex", "", "voicemail", T0)
        assert store.contacts_for("acme") == [
            ("", "note", T0, ""),
            ("dana.wu@acme.example", "call", T0 + timedelta(days=1), "hi"),
        ]
        with pytest.raises(sqlite3.IntegrityError):
            store.add_contact("acme", "", "carrier-pigeon", T0)


def test_snoozes_expire_and_unsnooze(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.snooze("weekly-limit", "Dana.Wu@acme.example", T0 + timedelta(days=3))
        store.snooze("same-day-repeat", "john.smith@acme.example", None)
        assert store.snoozes(T0) == [
            ("same-day-repeat", "john.smith@acme.example", None),
            ("weekly-limit", "dana.wu@acme.example", T0 + timedelta(days=3)),
        ]
        later = T0 + timedelta(days=3, seconds=1)
        assert store.snoozes(later) == [("same-day-repeat", "john.smith@acme.example", None)]
        store.snooze("weekly-limit", "dana.wu@acme.example", T0 + timedelta(days=10))  # renew
        assert len(store.snoozes(later)) == 2
        assert store.unsnooze("weekly-limit", "DANA.WU@acme.example") == 1
        assert store.unsnooze("weekly-limit", None) == 0
        assert store.unsnooze("same-day-repeat", None) == 1
        assert store.snoozes(T0) == []


def test_allowances_are_single_use_and_expire(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.add_allowance("digest-a", T0 + timedelta(minutes=10))
        store.add_allowance("digest-b", T0 + timedelta(minutes=10))
        assert store.take_allowance("digest-a", T0 + timedelta(minutes=1)) is True
        assert store.take_allowance("digest-a", T0 + timedelta(minutes=2)) is False  # used up
        assert store.take_allowance("digest-b", T0 + timedelta(minutes=11)) is False  # expired
        assert store.take_allowance("never-allowed", T0) is False
        left = store.db.execute("SELECT count(*) FROM allowances").fetchone()[0]
        assert left == 0


def test_notified_once(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert not store.was_notified("thank-you:acme:dana")
        store.mark_notified("thank-you:acme:dana", T0)
        store.mark_notified("thank-you:acme:dana", T0 + timedelta(hours=1))
        assert store.was_notified("thank-you:acme:dana")


def test_schema_version_is_the_last_migration() -> None:
    from followup_guard.store import schema as db

    assert max(db._MIGRATIONS) == SCHEMA_VERSION
    assert sorted(db._MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))
