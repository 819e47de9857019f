"""The IMAP source through the Source interface, in-process, against a real Dovecot: catch up,
state, the folder's date for mail without one, loopback names, and watching."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from daemon_helpers import imap_account, message, write_config
from followup_guard.config.load import load_config
from followup_guard.service.recorder import DaemonRecorder
from followup_guard.sources import from_config
from followup_guard.sources.base import Recorded, SourceState
from followup_guard.sources.drafts import DraftCopy, ImapDraftsSource
from followup_guard.sources.imap import ImapSource
from followup_guard.sources.imap_connect import connect
from followup_guard.store.db import Store

pytestmark = pytest.mark.real


@dataclass
class Seen:
    outcomes: list[Recorded] = field(default_factory=list)
    states: list[SourceState] = field(default_factory=list)


@pytest.fixture
def world(dovecot, tmp_path: Path) -> Iterator[tuple[DaemonRecorder, Seen, Path]]:
    seen = Seen()
    cfg = write_config(tmp_path, accounts=imap_account(dovecot, tmp_path))
    config = load_config(cfg)
    store = Store(tmp_path / "store.sqlite3")
    recorder = DaemonRecorder(
        store,
        lambda: config,
        threading.Lock(),
        on_record=seen.outcomes.append,
        on_report=seen.states.append,
    )
    try:
        yield recorder, seen, cfg
    finally:
        store.close()


def undated(i: int) -> bytes:
    return b"\r\n".join(line for line in message(i).split(b"\r\n") if not line.startswith(b"Date:"))


def test_sources_from_config_catch_up_and_report(dovecot, world) -> None:
    recorder, seen, cfg = world
    dovecot.append("alice", "Sent", message(1))
    dovecot.append("alice", "Sent", undated(2))
    dovecot.append(
        "alice", "INBOX", message(3, sender="dana.wu@acme.example", to="alice@example.org")
    )
    sources = from_config(recorder, load_config(cfg))
    assert [(s.key, s.kind) for s in sources] == [("main/sent", "imap"), ("main/inbox", "imap")]
    for src in sources:
        try:
            src.catch_up()
        finally:
            src.close()
    assert sorted((o.direction, o.key) for o in seen.outcomes) == [
        ("in", "mid:msg-3@example.org"),
        ("out", "mid:msg-1@example.org"),
        ("out", "mid:msg-2@example.org"),
    ]
    state = sources[0].state()
    assert (state.status, state.folder, state.last_uid) == ("idle", "Sent", 2)
    assert {s.status for s in seen.states} >= {"connecting", "syncing", "idle"}
    # The message without a Date is dated by the server's INTERNALDATE (the time of APPEND).
    (sent_at,) = recorder.store.db.execute(
        "SELECT sent_at FROM messages WHERE message_id = 'msg-2@example.org'"
    ).fetchone()
    assert sent_at is not None
    assert abs(datetime.fromisoformat(sent_at) - datetime.now(timezone.utc)).total_seconds() < 300
    # A second pass finds nothing new and stores nothing twice.
    seen.outcomes.clear()
    src = sources[0]
    try:
        assert src.catch_up().new == 0
    finally:
        src.close()
    assert seen.outcomes == []


@pytest.mark.parametrize("host", ["LOCALHOST", "localhost."])
def test_plaintext_to_a_loopback_name_connects(dovecot, world, tmp_path: Path, host: str) -> None:
    recorder, _, _ = world
    dovecot.append("alice", "Sent", message(1))
    account = imap_account(dovecot, tmp_path).replace(
        f'host = "{dovecot.host}"', f'host = "{host}"'
    )
    config = load_config(write_config(tmp_path, accounts=account))
    assert config.accounts[0].host == host and config.accounts[0].tls == "none"
    src = ImapSource(recorder, config.accounts[0], "sent")
    try:
        assert src.catch_up().new == 1
    finally:
        src.close()


def test_watch_records_new_mail_and_stops(dovecot, world) -> None:
    recorder, seen, cfg = world
    (src,) = [s for s in from_config(recorder, load_config(cfg)) if s.key == "main/sent"]
    src.start()
    try:
        deadline = time.monotonic() + 20
        while src.state().status != "idle" and time.monotonic() < deadline:
            time.sleep(0.05)
        dovecot.append("alice", "Sent", message(9))
        while not seen.outcomes and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [o.key for o in seen.outcomes] == ["mid:msg-9@example.org"]
    finally:
        src.stop()
        src.join(10)
    assert not src.is_alive() and src.state().status == "stopped"


@dataclass
class DraftsSeen:
    saved: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)

    def saved_copy(self, copy: DraftCopy) -> None:
        self.saved.append(copy.ref)

    def gone_copy(self, source: str, ref: str) -> None:
        self.gone.append(ref)


def test_a_draft_saved_while_the_drafts_folder_is_searched_is_read_before_idle(
    dovecot, world
) -> None:
    """A draft saved while the daemon searches Drafts is announced inside the SEARCH replies,
    which the IMAP library drops; the IDLE after would not hear of it. Here the save lands
    right after the search and a NOOP takes its announcement, as the SEARCH reply would have:
    the source must still read the draft before it goes to IDLE."""
    recorder, _seen, cfg = world
    (account,) = load_config(cfg).accounts
    dovecot.append("alice", "Drafts", message(1))
    seen = DraftsSeen()
    sink = SimpleNamespace(saved=seen.saved_copy, gone=seen.gone_copy)
    src = ImapDraftsSource(recorder, account, sink)
    client = connect(account)
    src.folder = src._find_folder(client)
    searches = 0
    real_search = client.search

    def search_then_a_save(criteria: list[str]) -> list[int]:
        nonlocal searches
        found = real_search(criteria)
        searches += 1
        if searches == 2:  # the quiet pass: another client saves a draft meanwhile
            dovecot.append("alice", "Drafts", message(2))
            client.noop()  # takes the EXISTS, as the SEARCH reply would have
        return list(found)

    client.search = search_then_a_save  # type: ignore[method-assign]
    try:
        src._settle(client)
        assert len(seen.saved) == 2, seen.saved  # both drafts, the second before any IDLE
        assert searches == 4  # the last pass found the folder as it was left
        # And the next pass is quiet: nothing new, nothing gone, nothing read twice.
        assert src._catch_up_on(client).mode == "unchanged"
        assert len(seen.saved) == 2 and seen.gone == []
    finally:
        client.logout()
