"""The store's schema: one migration script per version, each run in one transaction."""

from __future__ import annotations

import sqlite3

from .suggestions import MIGRATION as SUGGESTIONS_MIGRATION

SCHEMA_VERSION = 5  # the last key of _MIGRATIONS (tests/unit/test_store.py checks)

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
    # v4: a message's date may be unknown (NULL): no Date header and no date from the folder.
    # SQLite cannot drop a NOT NULL in place: the table is rebuilt (its rows keep their ids,
    # so the addresses, refs and locations that point at them stay right).
    4: """
    CREATE TABLE messages_v2 (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        message_id TEXT,
        direction TEXT NOT NULL CHECK (direction IN ('out', 'in')),
        sent_at TEXT,                       -- ISO 8601, UTC; NULL: the date is unknown
        from_addr TEXT NOT NULL DEFAULT '',
        from_name TEXT NOT NULL DEFAULT '',
        subject TEXT NOT NULL DEFAULT '',
        in_reply_to TEXT,
        fingerprint TEXT NOT NULL DEFAULT '',
        requested INTEGER NOT NULL DEFAULT 0,
        source TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    INSERT INTO messages_v2 SELECT * FROM messages;
    DROP TABLE messages;
    ALTER TABLE messages_v2 RENAME TO messages;
    """,
    # v5: what a received message says of the application ('rejection', 'offer'; NULL:
    # nothing decisive, or stored before v5), read from its text when it is stored (the text
    # itself is not kept).
    5: """
    ALTER TABLE messages ADD COLUMN decision TEXT
        CHECK (decision IS NULL OR decision IN ('rejection', 'offer'));
    """,
}


class StoreError(Exception):
    """The store cannot be opened or is from a newer version."""


def schema_version(db: sqlite3.Connection) -> int:
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    return version


def check_version(db: sqlite3.Connection, path: object) -> int:
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store {path} is schema v{version}, newer than this "
            f"followup-guard (v{SCHEMA_VERSION}); upgrade followup-guard"
        )
    return version


def migrate(db: sqlite3.Connection, path: object) -> None:
    version = check_version(db, path)
    if version >= SCHEMA_VERSION:
        return
    # A table rebuild must not cascade: foreign keys are off while the scripts run (they
    # cannot be switched inside a transaction), and checked before the commit.
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        for target in range(version + 1, SCHEMA_VERSION + 1):
            # One transaction per version: a crash mid-migration leaves the old version.
            # (executescript commits an open transaction first, so it runs only the script.)
            try:
                db.executescript(f"BEGIN IMMEDIATE; {_MIGRATIONS[target]}")
                if db.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise StoreError(f"the store {path}: migrating to v{target} broke references")
                db.execute(f"PRAGMA user_version = {target}")
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
    finally:
        db.execute("PRAGMA foreign_keys = ON")
