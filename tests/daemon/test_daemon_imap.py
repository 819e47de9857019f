"""The daemon against a real Dovecot: recording, idempotency, restarts, reconnects, UIDVALIDITY,
crash during backfill, TLS and authentication. No mocks."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from daemon_helpers import (
    DaemonProc,
    bulk_inject,
    count,
    imap_account,
    imap_client,
    message,
    snapshot,
    wait_for,
    write_config,
)
from imapclient import IMAPClient

pytestmark = pytest.mark.real


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


@contextlib.contextmanager
def imap_session(dovecot) -> Iterator[IMAPClient]:
    c = imap_client(dovecot)
    try:
        yield c
    finally:
        c.logout()


def daemon_for(dovecot, home: Path, data: str = "data", **kw) -> DaemonProc:
    cfg = write_config(home, accounts=imap_account(dovecot, home, **kw))
    return DaemonProc(cfg, home / data)


def test_sent_recorded_while_running_and_reply_in_inbox(dovecot, home: Path) -> None:
    # How fast is scripts/bench_daemon.py's (beside a bare IDLE client); here only that the
    # running daemon records it at all, long before its IDLE renewal (540 s) would.
    dovecot.append("alice", "Sent", message("old"))
    d = daemon_for(dovecot, home).start()
    try:
        d.wait_ready()
        assert count(d.data_dir) == 1
        dovecot.append("alice", "Sent", message(1))
        wait_for(lambda: count(d.data_dir) == 2, 30, lambda: d.log)
        assert count(d.data_dir, "direction = 'out' AND message_id = 'msg-1@example.org'") == 1

        reply = (
            b"From: Dana Wu <dana.wu@acme.example>\r\nTo: alice@example.org\r\n"
            b"Subject: Re: Message 1\r\nMessage-ID: <reply-1@acme.example>\r\n"
            b"In-Reply-To: <msg-1@example.org>\r\nReferences: <msg-1@example.org>\r\n"
            b"\r\nThanks, we will be in touch.\r\n"
        )
        dovecot.append("alice", "INBOX", reply)
        wait_for(
            lambda: count(d.data_dir, "message_id = 'reply-1@acme.example'") == 1, 30, lambda: d.log
        )
        assert count(d.data_dir, "message_id = 'reply-1@acme.example' AND direction = 'in'") == 1
        assert count(d.data_dir, "ref = 'msg-1@example.org'", "refs") == 1

        from followup_guard.api import open_context
        from followup_guard.record.history import build_history

        with open_context(d.config, d.data_dir) as ctx:
            hist = build_history(ctx.config, ctx.store, ctx.config.applications[0])
        kinds = [(c.direction, c.kind, c.message_id) for c in hist.contacts]
        assert ("in", "inbound", "reply-1@acme.example") in kinds
        assert d.alive()
    finally:
        assert d.terminate() == 0
    assert "SIGTERM: shutting down" in d.log and "daemon stopped" in d.log


def test_a_message_sent_just_after_another_is_recorded_at_once(dovecot, home: Path) -> None:
    """Thank-you notes to each interviewer go out seconds apart. The second can land while the
    daemon reads the first and goes back to IDLE; the server then announces it with the IDLE
    reply itself, where the IMAP library buffers it unseen. The daemon must record it at once,
    not at the next change or the IDLE renewal (540 s). Found by scripts/bench_daemon.py."""
    bulk_inject(dovecot, "alice", "Sent", (message(i) for i in range(2000)))
    d = daemon_for(dovecot, home).start()
    try:
        d.wait_ready(timeout=60)
        for k in range(6):
            # A bare IDLE client hears of the first note when the daemon does (Dovecot tells
            # every IDLE session after the same delay); the second goes out at that moment.
            watcher = imap_client(dovecot)
            watcher.select_folder("Sent", readonly=True)
            watcher.idle()
            with imap_session(dovecot) as writer:
                writer.append("Sent", message(f"first-{k}"))
            while not any(r[1:2] == (b"EXISTS",) for r in watcher.idle_check(timeout=10)):
                pass
            watcher.idle_done()
            watcher.logout()
            with imap_session(dovecot) as writer:
                writer.append("Sent", message(f"second-{k}"))
                wait_for(
                    lambda k=k: (
                        count(d.data_dir, f"message_id = 'msg-second-{k}@example.org'") == 1
                    ),
                    10,
                    lambda: d.log,
                )
        assert count(d.data_dir) == 2012
        assert d.alive()
    finally:
        assert d.terminate() == 0


def test_a_message_sent_while_the_daemon_fetches_is_recorded_after_the_fetch(
    dovecot, home: Path
) -> None:
    """A message that lands while the daemon fetches is announced inside the FETCH replies,
    which the IMAP library sets aside; the server does not announce it again at IDLE. The
    daemon looks again (a SELECT) before it IDLEs."""
    bulk_inject(dovecot, "alice", "Sent", (message(i) for i in range(3000)))
    d = daemon_for(dovecot, home).start()
    try:
        wait_for(lambda: "500/3000 messages fetched" in d.log, 60, lambda: d.log)
        with imap_session(dovecot) as writer:
            writer.append("Sent", message("during-the-fetch"))
        wait_for(
            lambda: count(d.data_dir, "message_id = 'msg-during-the-fetch@example.org'") == 1,
            10,
            lambda: d.log,
        )
        assert count(d.data_dir) == 3001
    finally:
        assert d.terminate() == 0


def test_duplicates_and_same_message_id_in_two_folders_count_once(dovecot, home: Path) -> None:
    raw = message(7)
    dovecot.append("alice", "Sent", raw)
    dovecot.append("alice", "Sent", raw)  # the same message twice (a client that also APPENDs)
    dovecot.append("alice", "INBOX", raw)  # Bcc to self: the same Message-ID in INBOX
    d = daemon_for(dovecot, home)
    assert d.run_once() == 0, d.log
    assert count(d.data_dir) == 1
    assert count(d.data_dir, "1", "locations") == 3
    assert count(d.data_dir, "direction = 'out'") == 1  # from an identity: out, also in INBOX
    assert d.run_once() == 0
    assert count(d.data_dir) == 1 and count(d.data_dir, "1", "locations") == 3


def test_restart_counts_nothing_twice_and_fetches_only_new(dovecot, home: Path) -> None:
    for i in range(5):
        dovecot.append("alice", "Sent", message(i))
    d = daemon_for(dovecot, home)
    assert d.run_once() == 0
    assert "main Sent: backfill done, 5 fetched, 5 new" in d.last_log()
    first = snapshot(d.data_dir)

    assert d.run_once() == 0  # nothing new: no search, no fetch
    assert "fetched" not in d.last_log()
    assert snapshot(d.data_dir) == first

    for i in range(5, 7):
        dovecot.append("alice", "Sent", message(i))
    d.start()
    try:
        d.wait_ready()
        assert "main Sent: incremental done, 2 fetched, 2 new" in d.last_log()
        assert count(d.data_dir) == 7
    finally:
        assert d.terminate() == 0
    d.start()  # a restart of the long-running daemon: again nothing fetched
    try:
        d.wait_ready()
        assert "fetched" not in d.last_log()
        assert count(d.data_dir) == 7
    finally:
        d.terminate()


def test_kick_and_server_restart_reconnect_and_catch_up(dovecot, home: Path) -> None:
    d = daemon_for(dovecot, home).start()
    try:
        d.wait_ready()
        assert dovecot.kick("alice")
        dovecot.append("alice", "Sent", message("while-kicked"))
        wait_for(lambda: count(d.data_dir) == 1, 15, lambda: d.last_log()[-2000:])
        assert "reconnecting in" in d.last_log()

        d.wait_log("connected to", count=4)  # both folders back
        dovecot.stop()
        # Delivered while the server is down, as a local MDA would.
        bulk_inject(dovecot, "alice", "Sent", [message("while-down")], resync=False)
        bulk_inject(
            dovecot,
            "alice",
            "INBOX",
            [message("reply-while-down", to="alice@example.org", sender="dana.wu@acme.example")],
            resync=False,
        )
        time.sleep(1.0)
        dovecot.start()
        wait_for(lambda: count(d.data_dir) == 3, 20, lambda: d.last_log()[-2000:])
        assert count(d.data_dir, "direction = 'in'") == 1
        dovecot.append("alice", "Sent", message("after"))  # and it is idling again
        wait_for(lambda: count(d.data_dir) == 4, 5)
        assert d.alive()
    finally:
        assert d.terminate() == 0


def test_uidvalidity_change_counts_nothing_twice(dovecot, home: Path) -> None:
    msgs = [message(i) for i in range(4)]
    for raw in msgs:
        dovecot.append("alice", "Sent", raw)
    d = daemon_for(dovecot, home).start()
    try:
        d.wait_ready()
        assert count(d.data_dir) == 4
        old = dovecot.status("alice", "Sent")["uidvalidity"]
        dovecot.delete_folder("alice", "Sent")
        dovecot.create_folder("alice", "Sent")
        new = dovecot.status("alice", "Sent")["uidvalidity"]
        assert new != old
        for raw in [*msgs, message("new")]:  # the same mail restored, plus one
            dovecot.append("alice", "Sent", raw)
        # A session idling in a deleted folder may never hear of it (Dovecot sometimes says
        # BYE, sometimes not): the IDLE renewal would notice within 9 minutes; a kick now.
        dovecot.kick("alice")
        wait_for(lambda: count(d.data_dir) == 5, 20, lambda: d.last_log()[-3000:])
        d.wait_log("UIDVALIDITY changed")
        time.sleep(0.5)
        assert count(d.data_dir) == 5
        from daemon_helpers import db

        con = db(d.data_dir)
        state = con.execute(
            "SELECT uidvalidity, last_uid FROM folders WHERE folder = 'Sent'"
        ).fetchone()
        con.close()
        assert state == (new, 5)
    finally:
        assert d.terminate() == 0


def test_kill9_during_backfill_then_restart_equals_uninterrupted(dovecot, home: Path) -> None:
    n = 10_000
    t0 = time.monotonic()
    bulk_inject(
        dovecot,
        "alice",
        "Sent",
        (
            message(
                i,
                days_ago=1 + i / 1000,
                to=("dana.wu@acme.example" if i % 3 else "someone@other.example"),
            )
            for i in range(n)
        ),
    )
    inject = time.monotonic() - t0
    assert dovecot.status("alice", "Sent")["messages"] == n

    d = daemon_for(dovecot, home, data="crashed").start()
    wait_for(lambda: 2000 <= count(d.data_dir) < n, 60, lambda: d.last_log()[-2000:])
    d.kill9()
    partial = count(d.data_dir)
    assert partial < n
    assert d.run_once(timeout=300) == 0, d.last_log()[-2000:]

    ref = DaemonProc(d.config, home / "uninterrupted")
    t1 = time.monotonic()
    assert ref.run_once(timeout=300) == 0
    full = time.monotonic() - t1
    a, b = snapshot(d.data_dir), snapshot(ref.data_dir)
    assert len(b["messages"]) == n
    for table in a:
        assert a[table] == b[table], table
    print(f"inject {n}: {inject:.1f} s; killed after {partial}; uninterrupted run {full:.1f} s")


def test_tls_needs_the_ca_and_checks_it(dovecot, home: Path) -> None:
    dovecot.append("alice", "Sent", message(1))
    refused = daemon_for(dovecot, home, data="no-ca", tls="implicit")
    assert refused.run_once() == 1
    assert "TLS certificate verification failed" in refused.last_log()
    assert "set ca_file" in refused.last_log()
    assert count(refused.data_dir) == 0

    ok = daemon_for(dovecot, home, data="with-ca", tls="implicit", ca=True)
    assert ok.run_once() == 0, ok.last_log()
    assert count(ok.data_dir) == 1

    starttls = daemon_for(dovecot, home, data="starttls", tls="starttls", ca=True)
    assert starttls.run_once() == 0, starttls.last_log()
    assert count(starttls.data_dir) == 1


def test_wrong_password_stops_with_a_clear_message(dovecot, home: Path) -> None:
    once = daemon_for(dovecot, home, data="once", password="wrong")
    assert once.run_once() == 1
    assert "authentication failed" in once.last_log()
    assert "refused the login for 'alice'" in once.last_log()
    assert "wrong" not in once.last_log()  # the password itself is never logged

    d = daemon_for(dovecot, home, data="daemon", password="wrong").start()
    try:
        d.wait_log("authentication failed, not retrying", count=1)
        time.sleep(4)  # a retrying daemon would have tried again by now (backoff starts at 1 s)
        # --once tried Sent and INBOX (2); the daemon Sent, INBOX and Drafts (3), once each.
        assert dovecot.log_text().count("auth failed") <= 5, dovecot.log_text()[-2000:]
        failures = d.last_log().count("authentication failed")
        assert failures == 3, d.last_log()  # Sent, INBOX and Drafts, once each
        assert d.alive()  # it keeps running (reminders, other sources, a config fix)
        state = json.loads((d.data_dir / "daemon.json").read_text())
        assert {s["status"] for s in state["sources"].values()} == {"failed"}
    finally:
        assert d.terminate() == 0


def test_polls_where_the_server_offers_no_idle(tmp_path: Path) -> None:
    from conftest import require_tool
    from servers.dovecot import Dovecot

    caps = "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE UIDPLUS NAMESPACE UNSELECT SPECIAL-USE"
    with Dovecot(
        dovecot_bin=require_tool("dovecot"),
        doveadm_bin=require_tool("doveadm"),
        openssl_bin=require_tool("openssl"),
        extra_config=f"imap_capability = {caps}\n",
    ) as server:
        d = daemon_for(server, tmp_path, extra="poll_seconds = 1\n").start()
        try:
            d.wait_ready()
            assert "offers no IDLE; polling every 1 s" in d.last_log()
            server.append("alice", "Sent", message("polled"))
            wait_for(lambda: count(d.data_dir) == 1, 5, lambda: d.last_log()[-2000:])
        finally:
            assert d.terminate() == 0


def test_xoauth2_runs_the_token_command_and_never_logs_the_token(dovecot, home: Path) -> None:
    marker = home / "token-asked"
    acc = imap_account(dovecot, home).replace(
        "password_command = ",
        f'auth = "xoauth2"\ntoken_command = "touch {marker} && echo '
        'ya29.secret-token"\n# password_command = ',
    )
    d = DaemonProc(write_config(home, accounts=acc), home / "data")
    # This Dovecot offers no XOAUTH2: the login fails, permanently and clearly.
    assert d.run_once() == 1
    assert marker.exists()
    assert "authentication failed" in d.last_log()
    assert "ya29.secret-token" not in d.last_log()

    failing = imap_account(dovecot, home).replace(
        'password_command = "cat', 'password_command = "exit 3; cat'
    )
    d2 = DaemonProc(write_config(home, accounts=failing), home / "data2")
    assert d2.run_once() == 1
    assert "the password_command of account 'main' failed (exit status 3)" in d2.last_log()


def test_a_rejection_in_the_inbox_closes_the_application(dovecot, home: Path) -> None:
    """Acme's "we have decided to move forward with another candidate" arrives in INBOX; the
    daemon records it, and a check run afterwards treats Acme as closed (after-rejection, and
    no social-media warning on a request to stay in touch)."""
    d = daemon_for(dovecot, home).start()
    try:
        d.wait_ready()
        rejection = (
            b"From: Dana Wu <dana.wu@acme.example>\r\nTo: alice@example.org\r\n"
            b"Subject: Your application\r\nMessage-ID: <no-1@acme.example>\r\n"
            b"Date: Tue, 24 Nov 2026 10:00:00 +0000\r\n\r\n"
            b"Dear Alice,\r\n\r\nThank you for your time. After careful consideration we have "
            b"decided to move forward with another candidate.\r\n\r\nBest wishes,\r\nDana\r\n"
        )
        dovecot.append("alice", "INBOX", rejection)
        wait_for(lambda: count(d.data_dir, "message_id = 'no-1@acme.example'") == 1, 5)
        assert count(d.data_dir, "message_id = 'no-1@acme.example' AND decision = 'rejection'")

        from datetime import datetime, timezone

        from followup_guard.api import check_message, open_context

        draft = (
            b"From: Alice Applicant <alice@example.org>\r\nTo: Dana Wu <dana.wu@acme.example>\r\n"
            b"Subject: Thank you\r\n\r\nDear Dana,\r\n\r\nThank you for letting me know. May I "
            b"connect with you on LinkedIn to stay in touch?\r\n\r\nBest regards,\r\nAlice\r\n"
        )
        with open_context(d.config, d.data_dir) as ctx:
            result = check_message(ctx, draft, at=datetime(2026, 11, 25, 9, tzinfo=timezone.utc))
        rules = {f.rule for f in result.findings}
        assert "after-rejection" in rules and "social-media" not in rules
        assert d.alive()
    finally:
        assert d.terminate() == 0
