"""Mail that is odd but real: dates from the folder or unknown, direction from evidence, mbox
read as mboxo/mboxrd readers do, header blocks that MTAs accept, and the store's migration."""

from __future__ import annotations

import email.utils
import json
import mailbox
import os
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fgtest import DANA, ME, eml, run
from followup_guard.api import Context, UnknownSender, check_message, record_message
from followup_guard.config.hosts import dial_name, is_loopback
from followup_guard.config.load import ConfigError, parse_config
from followup_guard.mail.parse import parse_bytes
from followup_guard.record.history import build_history
from followup_guard.sources.files import FileMessage, from_line_date, iter_paths
from followup_guard.store.db import SCHEMA_VERSION, Store
from followup_guard.store.schema import _MIGRATIONS
from hypothesis import given, settings
from hypothesis import strategies as st

NOW = datetime(2026, 11, 24, 15, 0, tzinfo=timezone.utc)  # a Tuesday afternoon
FOLLOW_UP = "Dear Dana,\n\nI wanted to add one thing to my note.\n\nBest regards,\nAlex Morgan\n"


@pytest.fixture
def ctx(world_ctx: Context) -> Context:
    return world_ctx


def stored_dates(ctx: Context) -> list[str | None]:
    return [r[0] for r in ctx.store.db.execute("SELECT sent_at FROM messages ORDER BY id")]


def rules(ctx: Context, raw: bytes, at: datetime) -> list[str]:
    return [f.rule for f in check_message(ctx, raw, at=at).findings]


# -- dates ------------------------------------------------------------------------------------


def test_a_message_without_date_is_not_dated_at_ingest(ctx: Context) -> None:
    # Ingested today, written some day unknown: it must not make today's follow-up a
    # same-day repeat (it was recorded as sent "now" before).
    out = record_message(
        ctx, eml(to=DANA, subject="A note", mid="undated@example.org"), source="file"
    )
    assert out.new and out.application == "acme-backend"
    assert stored_dates(ctx) == [None]
    draft = eml(to=DANA, subject="One more thing", body=FOLLOW_UP)
    found = rules(ctx, draft, datetime.now(timezone.utc))
    assert "same-day-repeat" not in found and "weekly-limit" not in found
    # It is still a contact with the application, outside every timing window.
    app = ctx.config.application("acme-backend")
    assert app is not None
    history = build_history(ctx.config, ctx.store, app)
    assert [u.message_key for u in history.undated] == ["mid:undated@example.org"]
    assert history.contacts == [] or all(
        c.message_key != "mid:undated@example.org" for c in history.contacts
    )


def test_the_folder_date_stands_in_for_a_missing_date(ctx: Context) -> None:
    week_ago = NOW - timedelta(days=7)
    record_message(ctx, eml(to=DANA, mid="a@example.org"), source="maildir", at=week_ago)
    # A Date header wins over the folder's date.
    dated = eml(to=DANA, mid="b@example.org", date=NOW - timedelta(days=2))
    record_message(ctx, dated, source="imap", at=week_ago)
    assert stored_dates(ctx) == [
        week_ago.isoformat(timespec="microseconds"),
        (NOW - timedelta(days=2)).isoformat(timespec="microseconds"),
    ]


def test_ingest_dates_mbox_by_its_from_line_and_maildir_by_delivery(
    tmp_path: Path, world_config: Path
) -> None:
    cfg, home = world_config, tmp_path / "data"
    (tmp_path / "sent.mbox").write_bytes(
        b"From alex.morgan@example.org Mon Nov 16 09:30:00 2026\n"
        + eml(to=DANA, subject="Undated in mbox", mid="m1@example.org").replace(b"\r\n", b"\n")
        + b"\n"
    )
    md = mailbox.Maildir(tmp_path / "Maildir", create=True)
    key = md.add(eml(to=DANA, subject="Undated in Maildir", mid="m2@example.org"))
    md.close()
    delivered = datetime(2026, 11, 10, 8, 0, tzinfo=timezone.utc)
    file = next((tmp_path / "Maildir").glob(f"*/{key}*"))
    os.utime(file, (delivered.timestamp(), delivered.timestamp()))
    (tmp_path / "loose.eml").write_bytes(eml(to=DANA, subject="Undated", mid="m3@example.org"))
    proc = run(cfg, home, "ingest", tmp_path / "sent.mbox", tmp_path / "loose.eml", "--maildir",
               tmp_path / "Maildir", "--json")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["new"] == 3
    db = sqlite3.connect(home / "store.sqlite3")
    dates = dict(db.execute("SELECT message_id, sent_at FROM messages").fetchall())
    db.close()
    assert dates == {
        "m1@example.org": "2026-11-16T09:30:00.000000+00:00",
        "m2@example.org": delivered.isoformat(timespec="microseconds"),
        "m3@example.org": None,  # a loose file gives no date: unknown
    }


# -- direction --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sender",
    [None, "undisclosed-recipients:;", "Alex Morgan", "<>"],
)
def test_unusable_from_is_never_stored_as_the_users_mail(ctx: Context, sender: str | None) -> None:
    raw = eml(to=ME, subject="Hello", mid="who@example.org")
    raw = raw.replace(b"From: Alex Morgan <alex.morgan@example.org>\r\n", b"")
    if sender is not None:
        raw = f"From: {sender}\r\n".encode() + raw
    with pytest.raises(UnknownSender, match="nothing says who sent it"):
        record_message(ctx, raw, source="file")
    assert ctx.store.message_count() == 0
    # Evidence decides: a message received (INBOX, --inbound) is inbound.
    assert record_message(ctx, raw, source="file", direction="in").direction == "in"


def test_ingest_says_why_it_skips_a_message_with_no_sender(
    tmp_path: Path, world_config: Path
) -> None:
    cfg, home = world_config, tmp_path / "data"
    (tmp_path / "anon.eml").write_bytes(b"To: dana.wu@acme.example\r\nSubject: hi\r\n\r\nhello\r\n")
    proc = run(cfg, home, "ingest", tmp_path / "anon.eml")
    assert "Traceback" not in proc.stderr
    assert "no usable From address" in proc.stderr and "--inbound" in proc.stderr
    assert "recorded 0 new" in proc.stdout


# -- mbox -------------------------------------------------------------------------------------

MBOXO = b"""From alex.morgan@example.org Mon Nov 16 09:30:00 2026
From: Alex Morgan <alex.morgan@example.org>
To: dana.wu@acme.example
Subject: one
Message-ID: <one@example.org>

Dear Dana,
From time to time I think of our talk.

From time to time, again, after a blank line.
>From the start, quoted by the writer.

From dana.wu@acme.example Tue Nov 17 10:00:00 2026
From: Dana Wu <dana.wu@acme.example>
To: alex.morgan@example.org
Subject: two
Message-ID: <two@acme.example>

Second.
"""


def read_box(path: Path) -> list[FileMessage]:
    items = list(iter_paths([path]))
    assert all(isinstance(i, FileMessage) for i in items), items
    return [i for i in items if isinstance(i, FileMessage)]


def test_mboxo_from_in_a_body_does_not_split(tmp_path: Path) -> None:
    (tmp_path / "o.mbox").write_bytes(MBOXO)
    first, second = read_box(tmp_path / "o.mbox")
    body = parse_bytes(first.raw).body
    assert "From time to time I think" in body
    assert "From time to time, again, after a blank line." in body
    assert "\nFrom the start, quoted by the writer." in body  # one '>' unquoted
    assert parse_bytes(second.raw).subject == "two"
    assert first.folder_date == datetime(2026, 11, 16, 9, 30, tzinfo=timezone.utc)


def test_an_mbox_the_standard_library_wrote_reads_back(tmp_path: Path) -> None:
    # mailbox.mbox writes mboxo: a body line starting "From " is quoted as ">From ".
    box = mailbox.mbox(tmp_path / "o.mbox")
    box.add(eml(to=DANA, mid="o1@example.org", body="Hi,\n\nFrom here on, all is well.\n"))
    box.add(eml(to=DANA, mid="o2@example.org", body="Second.\n"))
    box.flush()
    box.close()
    assert b"\n>From here on" in (tmp_path / "o.mbox").read_bytes()
    first, second = read_box(tmp_path / "o.mbox")
    assert "\nFrom here on, all is well." in parse_bytes(first.raw).body
    assert parse_bytes(second.raw).message_id == "o2@example.org"


def test_mboxrd_quoting_loses_one_level(tmp_path: Path) -> None:
    # mboxrd quotes ">From " too (as ">>From "), so a quoted quote survives; CRLF line ends,
    # as some tools keep them.
    (tmp_path / "rd.mbox").write_bytes(
        b"From alex.morgan@example.org Mon Nov 16 09:30:00 2026\r\n"
        b"From: alex.morgan@example.org\r\nTo: dana.wu@acme.example\r\n"
        b"Message-ID: <rd1@example.org>\r\n\r\n"
        b"Hi,\r\n\r\n>From here on.\r\n>>From a quote.\r\n\r\n"
        b"From dana.wu@acme.example Tue Nov 17 10:00:00 2026\r\n"
        b"From: dana.wu@acme.example\r\nMessage-ID: <rd2@acme.example>\r\n\r\nSecond.\r\n"
    )
    first, second = read_box(tmp_path / "rd.mbox")
    body = parse_bytes(first.raw).body
    assert "\nFrom here on." in body and "\n>From a quote." in body
    assert parse_bytes(second.raw).message_id == "rd2@acme.example"
    assert second.folder_date == datetime(2026, 11, 17, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("line", "want"),
    [
        (b"From a@b.example Mon Nov 16 09:30:00 2026", datetime(2026, 11, 16, 9, 30)),
        (b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011", datetime(2011, 7, 8, 12, 8, 34)),
        (b"From a@b Mon Nov 16 09:30:00 +0100 2026", datetime(2026, 11, 16, 8, 30)),
        (b"From a@b Mon Nov 16 09:30 2026", datetime(2026, 11, 16, 9, 30)),
        (b"From time to time I write", None),
        (b"From a@b Mon Foo 16 09:30:00 2026", None),
    ],
)
def test_from_line_dates(line: bytes, want: datetime | None) -> None:
    got = from_line_date(line)
    assert got == (want.replace(tzinfo=timezone.utc) if want else None)


# -- header blocks ----------------------------------------------------------------------------


def test_a_line_of_spaces_before_the_headers_is_accepted() -> None:
    msg = parse_bytes(b"   \r\n" + eml(to=DANA, subject="Spaces first"))
    assert msg.subject == "Spaces first" and msg.sender is not None
    assert msg.sender.addr == "alex.morgan@example.org"


def test_rfc2822_obsolete_syntax_example() -> None:
    # RFC 2822, appendix A.6.3 (white space before colons, comments, folded address).
    raw = (
        b"From  : John Doe <jdoe@machine(comment).  example>\r\n"
        b"To    : Mary Smith\r\n  \r\n          <mary@example.net>\r\n"
        b"Subject     : Saying Hello\r\n"
        b"Date  : Fri, 21 Nov 1997 09:55:06 -0600\r\n"
        b"Message-ID  : <1234   @   local(blah)  .machine .example>\r\n"
        b"\r\n"
        b'This is a message just to say hello.\r\nSo, "Hello".\r\n'
    )
    msg = parse_bytes(raw)
    assert msg.sender is not None and msg.sender.addr == "jdoe@machine.example"
    assert [a.addr for a in msg.to] == ["mary@example.net"]
    assert msg.subject == "Saying Hello"
    assert msg.date == datetime(1997, 11, 21, 15, 55, 6, tzinfo=timezone.utc)
    assert msg.body.startswith("This is a message just to say hello.")


_NAME = st.from_regex(r"[A-Za-z0-9'_\-]{1,8}( [A-Za-z0-9'_\-]{1,8}){0,2}", fullmatch=True)
_ATOM = st.from_regex(r"[A-Za-z0-9_%+'\-]{1,8}", fullmatch=True)
_LABEL = st.from_regex(r"[A-Za-z0-9\-]{1,8}", fullmatch=True)


@settings(max_examples=2000, deadline=None)
@given(
    name=st.one_of(st.none(), _NAME),
    local=st.lists(_ATOM, min_size=1, max_size=3).map(".".join),
    domain=st.lists(_LABEL, min_size=2, max_size=3).map(".".join),
)
def test_plain_addresses_read_as_the_standard_parser_reads_them(
    name: str | None, local: str, domain: str
) -> None:
    value = f"{name} <{local}@{domain}>" if name is not None else f"{local}@{domain}"
    raw = f"From: {value}\r\nTo: x@y.example\r\n\r\nhi\r\n".encode()
    ((want_name, want_addr),) = email.utils.getaddresses([value])
    got = parse_bytes(raw).sender
    assert got is not None and (got.name, got.addr) == (want_name, want_addr.lower())


# -- loopback ---------------------------------------------------------------------------------

ACCOUNT = """
[[accounts]]
host = "{host}"
port = 143
tls = "none"
username = "alex"
password_command = "echo x"
"""


@pytest.mark.parametrize(
    "host", ["localhost", "LOCALHOST", "localhost.", "127.0.0.1", "::1", "[::1]"]
)
def test_loopback_names_pass_validation_and_dial_a_loopback_address(host: str) -> None:
    assert is_loopback(host)
    config = parse_config(ACCOUNT.format(host=host), "c.toml")
    assert config.accounts[0].tls == "none"
    import socket

    addrs = {ai[4][0] for ai in socket.getaddrinfo(dial_name(host), 143, type=socket.SOCK_STREAM)}
    assert addrs and all(is_loopback(a) for a in addrs), addrs


@pytest.mark.parametrize("host", ["localhost.example", "imap.example.org", "10.0.0.1", "local"])
def test_other_hosts_are_refused_plaintext(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(ConfigError, match="only allowed to loopback"):
        parse_config(ACCOUNT.format(host=host), "c.toml")


# -- the store's migration --------------------------------------------------------------------


def test_a_v1_store_migrates_keeping_every_row(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(f"BEGIN; {_MIGRATIONS[1]}; PRAGMA user_version = 1; COMMIT;")
    db.execute(
        "INSERT INTO messages (id, key, message_id, direction, sent_at, source, recorded_at)"
        " VALUES (7, 'mid:a@b', 'a@b', 'out', '2026-11-20T10:00:00.000000+00:00', 'file', 'x')"
    )
    db.execute("INSERT INTO addresses VALUES (7, 'to', 'd@acme.example', 'acme.example', "
               "'elpmaxe.emca', '')")  # fmt: skip
    db.execute("INSERT INTO locations VALUES ('maildir', '/m', 0, 1, 7)")
    db.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        ((m, addrs),) = store.messages_for(["d@acme.example"], [])
        assert (m.id, m.sent_at, addrs[0][1]) == (
            7,
            datetime(2026, 11, 20, 10, tzinfo=timezone.utc),
            "d@acme.example",
        )
        assert store.known_uids("maildir", "/m", 0) == {1}
        store.add_message(
            parse_bytes(eml(to=DANA, mid="new@example.org")), direction="out", source="t"
        )
        assert [r[0] for r in store.db.execute("SELECT sent_at FROM messages ORDER BY id")] == [
            "2026-11-20T10:00:00.000000+00:00",
            None,
        ]


def test_a_store_at_v3_keeps_its_words_and_suggestions_and_gains_unknown_dates(
    tmp_path: Path,
) -> None:
    """v2 (sent_words) and v3 (suggestions) shipped before an unknown date did (v4)."""
    path = tmp_path / "store.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for v in (1, 2, 3):
        db.executescript(f"BEGIN; {_MIGRATIONS[v]}; PRAGMA user_version = {v}; COMMIT;")
    db.execute(
        "INSERT INTO messages (id, key, message_id, direction, sent_at, source, recorded_at)"
        " VALUES (3, 'mid:a@b', 'a@b', 'out', '2026-11-20T10:00:00.000000+00:00', 'file', 'x')"
    )
    db.execute("INSERT INTO sent_words VALUES ('kafka', 2)")
    db.execute(
        "INSERT INTO suggestions (uid, state, company, round_name, start, end, created_at,"
        " updated_at) VALUES ('u1', 'pending', 'Acme', 'Onsite', 's', 'e', 'c', 'u')"
    )
    db.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.sent_words(["kafka", "zorblatt"], min_count=2) == {"kafka"}
        assert store.db.execute("SELECT uid FROM suggestions").fetchall() == [("u1",)]
        store.add_message(
            parse_bytes(eml(to=DANA, mid="new@example.org")), direction="out", source="t"
        )
        assert [r[0] for r in store.db.execute("SELECT sent_at FROM messages ORDER BY id")] == [
            "2026-11-20T10:00:00.000000+00:00",
            None,
        ]


def test_a_batch_counts_each_word_once_a_new_message(tmp_path: Path) -> None:
    """`sent_words.n` is in how many outgoing messages a word stands: a batch adds one per new
    message that holds it (however often it says it), none for a copy already stored or seen
    earlier in the batch, and the same batch again adds nothing."""
    from followup_guard.store.messages import NewMessage

    def out(mid: str, body: str) -> NewMessage:
        return NewMessage(parse_bytes(eml(mid=mid, body=body)), "out", "t")

    batch = [
        out("a@x", "Dear Dana,\n\nKafka, Kafka and more Kafka.\n\nAlex\n"),
        out("b@x", "Dear Dana,\n\nThe Kafka migration went well.\n\nAlex\n"),
        out("a@x", "Dear Dana,\n\nKafka, Kafka and more Kafka.\n\nAlex\n"),  # a second copy
        NewMessage(parse_bytes(eml(mid="c@x", body="Kafka from outside.")), "in", "t"),
    ]
    with Store(tmp_path / "store.sqlite3") as store:
        store.add_message(
            parse_bytes(eml(mid="old@x", body="Kafka earlier.")), direction="out", source="t"
        )
        store.add_messages(batch)
        store.add_messages(batch)
        counts = dict(store.db.execute("SELECT w, n FROM sent_words"))
    assert counts["kafka"] == 3
    assert counts["migration"] == 1
    assert counts["dana"] == 2
