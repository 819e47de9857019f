"""End to end in the real Thunderbird (Debian's, 128 ESR or later) under Xvfb, via Marionette.

One Thunderbird for the whole module (it takes a few seconds to start): a fresh
profile with an IMAP account on a real Dovecot and SMTP to a local sink, the
add-on installed from the .xpi that `install()` builds, and the native host
installed by `install()` into the test's own HOME. The tests share Thunderbird and the
store, but each opens the composer it needs and counts relative to what is there, so any
one of them passes alone or in any order (`-p randomly`, `-k`).

The dialog is driven with xdotool (Marionette cannot reach extension pages):
Return = the default "Edit message", Escape, Tab to "Send anyway".
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import email.utils
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from followup_guard.sources.base import CatchUpResult
from tb_harness import ProfileSpec, ThunderbirdSession, thunderbird_servers

pytestmark = pytest.mark.real

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "thunderbird"
ME = "alice@example.test"
NOTICE_TITLE = "could not check"


def write_config(path: Path, imap_port: int, *, now: datetime) -> None:
    """A config with one active application (Acme) and one rejected one (Globex)."""
    start = (now - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    end = (now - timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    path.write_text(
        f"""
[general]
timezone = "UTC"
notify = false

[user]
name = "Alice Candidate"

[[accounts]]
id = "test"
host = "127.0.0.1"
port = {imap_port}
tls = "none"
username = "alice"
password_command = "echo secret"
sent_folder = "Sent"

[[identities]]
address = "{ME}"
name = "Alice Candidate"

[[applications]]
id = "acme-backend"
company = "Acme Corp"
role = "Backend Engineer"
domains = ["acme.example"]
status = "active"
talking_points = ["payments ledger"]

  [[applications.rounds]]
  name = "onsite"
  start = "{start}"
  end = "{end}"
  timezone = "UTC"

  [[applications.people]]
  name = "Dana Wu"
  address = "dana.wu@acme.example"
  role = "interviewer"

[[applications]]
id = "globex-data"
company = "Globex"
domains = ["globex.example"]
status = "rejected"

  [[applications.rounds]]
  name = "phone"
  start = "2026-01-05T10:00"
  end = "2026-01-05T10:30"
  timezone = "UTC"

  [[applications.people]]
  name = "Pat Lee"
  address = "pat.lee@globex.example"
  role = "permitted"
""",
        encoding="utf-8",
    )


class E2E:
    """Everything the tests share: servers, Thunderbird, paths."""

    def __init__(self, tmp: Path, dovecot, sink, tb: ThunderbirdSession, install: dict) -> None:
        self.tmp = tmp
        self.dovecot = dovecot
        self.sink = sink
        self.tb = tb
        self.install = install
        self.config = tmp / "config.toml"
        self.data = tmp / "data"
        self.manifest = Path(install["manifest"])
        self.manifest_text = self.manifest.read_text()

    # -- helpers
    def ctx(self):
        from followup_guard import api

        return api.open_context(self.config, self.data)

    def sink_count(self) -> int:
        return len(self.sink.messages())

    def assert_nothing_sent(self, before: int, wait: float = 1.5) -> None:
        time.sleep(wait)
        assert self.sink_count() == before

    def kill_hosts(self) -> None:
        for pid in self.tb.host_pids():
            os.kill(pid, signal.SIGTERM)
        self.tb.wait(lambda: not self.tb.host_pids(), 10, "the native host to stop")

    def point_manifest_at(self, program: Path | None) -> None:
        """None: the manifest is removed (the host is missing)."""
        if program is None:
            self.manifest.unlink(missing_ok=True)
            return
        doc = json.loads(self.manifest_text)
        doc["path"] = str(program)
        self.manifest.write_text(json.dumps(doc))

    def restore_manifest(self) -> None:
        self.manifest.write_text(self.manifest_text)


@pytest.fixture(autouse=True)
def _no_stray_popups(request: pytest.FixtureRequest) -> Iterator[None]:
    """No test leaves a dialog or a composer open for the next one (each opens its own)."""
    yield
    if "e2e" in request.fixturenames:
        with contextlib.suppress(Exception):
            request.getfixturevalue("e2e").tb.close_dialogs()
        with contextlib.suppress(Exception):
            request.getfixturevalue("e2e").tb.close_composers()


@pytest.fixture(scope="module")
def e2e(tmp_path_factory: pytest.TempPathFactory) -> Iterator[E2E]:
    from followup_guard.bridges.thunderbird import install

    tmp = tmp_path_factory.mktemp("tb-e2e")
    with thunderbird_servers(tmp, xdotool=True) as servers:
        dovecot, sink, xvfb, home = servers.dovecot, servers.sink, servers.xvfb, servers.home
        config = tmp / "config.toml"
        write_config(config, dovecot.imap_port, now=datetime.now(timezone.utc))
        installed = install(data_dir=tmp / "data", config_path=config, home=home)
        spec = ProfileSpec(
            imap_host=dovecot.host,
            imap_port=dovecot.imap_port,
            imap_user="alice",
            imap_password=dovecot.users["alice"],
            smtp_host=sink.host,
            smtp_port=sink.port,
            email=ME,
            xpi=installed["xpi"],
        )
        env = {
            "HOME": str(home),
            "FOLLOWUP_GUARD_CONFIG": str(config),
            "FOLLOWUP_GUARD_HOME": str(tmp / "data"),
        }
        tb = ThunderbirdSession(spec, env=env, display=xvfb.display, workdir=tmp / "tb")
        try:
            tb.start()
            tb.wait_addon_ready()
            tb.start_window_log()
            yield E2E(tmp, dovecot, sink, tb, installed)
        except BaseException:
            sys.stderr.write(f"--- Thunderbird log:\n{tb.log_tail(80)}\n")
            raise
        finally:
            tb.stop()
            # Thunderbird's console (the add-on's and the host's messages) as an artifact.
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            if tb.log_path.exists():
                (ARTIFACTS / "thunderbird-e2e.log").write_bytes(tb.log_path.read_bytes())


def test_a_clean_draft_is_sent_without_a_dialog(e2e: E2E) -> None:
    tb = e2e.tb
    tb.open_composer(
        to=["Sam Friend <sam@example.org>"],
        subject="Photos from Saturday",
        body="Dear Sam,\n\nThank you for the lovely lunch on Saturday. I will send you the "
        "photos tomorrow.\n\nBest regards,\nAlice\n",
    )
    tb.start_window_log()
    before = e2e.sink_count()
    t0 = tb.send()
    msg = e2e.sink.wait_for(before + 1, 20)[-1]
    print(f"clean draft: Send → at the sink in {time.monotonic() - t0:.3f} s")
    tb.wait(lambda: not tb.composers(), 15, "the composer to close")
    assert [w for w in tb.window_log() if w["type"] == "mail:extensionPopup"] == []
    assert tb.dialogs() == []
    assert b"Subject: Photos from Saturday" in msg.data


def test_info_findings_never_open_the_dialog(e2e: E2E) -> None:
    from followup_guard import api
    from followup_guard.bridges.native_draft import draft_to_message, message_bytes

    body = (
        "Dear Pat,\n\nThank you for letting me know about the decision at Globex. I enjoyed "
        "our conversation and would be glad to stay in touch.\n\nBest regards,\nAlice\n"
    )
    draft = {"from": f"Alice Candidate <{ME}>", "to": ["Pat Lee <pat.lee@globex.example>"],
             "subject": "Thank you", "body": body}  # fmt: skip
    with e2e.ctx() as ctx:
        findings = api.check_message(ctx, message_bytes(draft_to_message(draft))).findings
    severities = {f.severity for f in findings}
    assert severities == {"info"}, f"precondition: only info findings, got {findings}"

    tb = e2e.tb
    before = e2e.sink_count()
    tb.open_composer(to=draft["to"], subject=draft["subject"], body=body)
    tb.start_window_log()
    tb.send()
    e2e.sink.wait_for(before + 1, 20)
    tb.wait(lambda: not tb.composers(), 15, "the composer to close")
    assert [w for w in tb.window_log() if w["type"] == "mail:extensionPopup"] == []


BLOCK_TO = ["Bob Boss <bob.boss@acme.example>"]
BLOCK_SUBJECT = "Following up on my application"
BLOCK_BODY = (
    "Dear Bob,\n\nI interviewed with Dana today and wanted to follow up with you directly "
    "about the role at [Company].\n\nBest regards,\nAlice\n"
)


def test_block_draft_opens_the_dialog_and_edit_keeps_the_composer(e2e: E2E) -> None:
    tb = e2e.tb
    before = e2e.sink_count()
    tb.open_composer(to=BLOCK_TO, subject=BLOCK_SUBJECT, body=BLOCK_BODY)
    t0 = tb.send()
    dialog = tb.wait_for_dialog(10, title="check before sending")
    print(f"block draft: Send → dialog window in {time.monotonic() - t0:.3f} s")
    assert "dialog.html" in dialog["url"]
    assert dialog["title"].startswith("followup-guard: check before sending")
    time.sleep(0.4)  # let it paint
    tb.screenshot(ARTIFACTS / "tb-dialog.png")
    tb.press("Return")  # the default button: Edit message
    tb.wait_dialog_gone()
    composer = tb.wait_composer_unlocked()
    assert composer["title"].endswith(f"{BLOCK_SUBJECT} - Thunderbird")
    e2e.assert_nothing_sent(before)

    # Again, with Escape this time: same outcome.
    tb.send()
    tb.wait_for_dialog(10)
    tb.press("Escape")
    tb.wait_dialog_gone()
    tb.wait_composer_unlocked()
    e2e.assert_nothing_sent(before, wait=1.0)
    assert len(tb.composers()) == 1


def catch_up(e2e: E2E, role: str) -> CatchUpResult:
    """One pass of the daemon's IMAP source over the account's Sent or INBOX."""
    import threading

    from followup_guard.service.recorder import DaemonRecorder
    from followup_guard.sources.imap import ImapSource

    with e2e.ctx() as ctx:
        recorder = DaemonRecorder(
            ctx.store,
            lambda: ctx.config,
            threading.Lock(),
            on_record=lambda _outcome: None,
            on_report=lambda _state: None,
        )
        source = ImapSource(recorder, ctx.config.accounts[0], role)
        try:
            return source.catch_up()
        finally:
            source.close()


def test_send_anyway_sends_and_counts_once(e2e: E2E) -> None:
    from followup_guard.mail.parse import normalize_message_id
    from followup_guard.record.history import build_history

    tb = e2e.tb

    def acme_contacts() -> int:
        with e2e.ctx() as ctx:
            app = ctx.config.application("acme-backend")
            history = build_history(ctx.config, ctx.store, app)
            return len([c for c in history.contacts if c.direction == "out"])

    def catch_up_sent() -> CatchUpResult:
        return catch_up(e2e, "sent")

    catch_up_sent()  # what other tests left in Sent (sent while the host was away) is counted
    contacts_before = acme_contacts()
    sent_before = e2e.dovecot.status("alice", "Sent")["messages"]
    before = e2e.sink_count()
    tb.close_composers()
    tb.open_composer(to=BLOCK_TO, subject=BLOCK_SUBJECT, body=BLOCK_BODY)
    tb.send()
    tb.wait_for_dialog(10)
    tb.press("Tab", "Return")  # "Send anyway": a block finding asks once more
    time.sleep(0.4)
    tb.screenshot(ARTIFACTS / "tb-dialog-confirm.png")
    assert tb.dialogs(), "the dialog must ask again before sending over a block finding"
    e2e.assert_nothing_sent(before, wait=0.5)
    tb.press("Tab", "Return")  # "Yes, send it"
    msgs = e2e.sink.wait_for(before + 1, 20)
    tb.wait(lambda: not tb.composers(), 15, "the composer to close")
    sent = email.message_from_bytes(msgs[-1].data, policy=email.policy.default)
    assert "bob.boss@acme.example" in str(sent["To"])
    message_id = normalize_message_id(sent["Message-ID"])

    # The add-on told the host at once (compose.onAfterSend → `sent`).
    def recorded() -> bool:
        with e2e.ctx() as ctx:
            return ctx.store.has_message_id(message_id)

    tb.wait(recorded, 10, "the `sent` record in the store", interval=0.2)
    assert acme_contacts() == contacts_before + 1

    # Thunderbird's copy lands in Sent on Dovecot; the daemon's IMAP catch-up sees it
    # and it still counts once.
    tb.wait(lambda: e2e.dovecot.status("alice", "Sent")["messages"] > sent_before, 20,
            "the copy in Sent", interval=0.2)  # fmt: skip
    result = catch_up_sent()
    assert result.seen >= 1
    assert result.new == 0  # the copy in Sent was already recorded by the add-on
    assert acme_contacts() == contacts_before + 1


def test_a_reply_carries_the_related_message_id(e2e: E2E) -> None:
    """A reply to the company's message: In-Reply-To reaches the guard, and a reply to them
    never gets a timing warning, even after a same-day contact (recorded here)."""
    from followup_guard import api
    from followup_guard.record.history import build_history

    tb = e2e.tb
    earlier = (
        f"From: Alice Candidate <{ME}>\r\nTo: Dana Wu <dana.wu@acme.example>\r\n"
        "Subject: Thank you for today\r\n"
        f"Date: {email.utils.format_datetime(datetime.now(timezone.utc) - timedelta(hours=1))}"
        "\r\nMessage-ID: <same-day-1@example.test>\r\n\r\nDear Dana,\r\n\r\nThank you "
        "for the onsite today.\r\n\r\nBest regards,\r\nAlice\r\n"
    ).encode()
    with e2e.ctx() as ctx:
        api.record_sent(ctx, earlier)
    inbound = (
        b"From: Dana Wu <dana.wu@acme.example>\r\n"
        b"To: Alice Candidate <alice@example.test>\r\n"
        b"Subject: Next steps\r\n"
        b"Date: " + email.utils.format_datetime(datetime.now(timezone.utc)).encode() + b"\r\n"
        b"Message-ID: <next-steps-1@acme.example>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Hi Alice,\r\n\r\nCould you send me your availability for Friday?\r\n\r\nDana\r\n"
    )
    e2e.dovecot.append("alice", "INBOX", inbound)
    catch_up(e2e, "inbox")  # the daemon's INBOX source would do this
    folder = f"imap://alice@{e2e.dovecot.host}/INBOX"
    tb.wait_for_message(folder, "next-steps-1@acme.example")
    before = e2e.sink_count()
    tb.open_reply(
        folder,
        "next-steps-1@acme.example",
        "Dear Dana,\n\nThank you for the quick note. Friday works well for me: I am free "
        "from 9 to 12 and after 2 pm, and glad to talk more about the payments ledger at "
        "Acme Corp.\n\nBest regards,\nAlice\n",
    )
    tb.start_window_log()
    tb.send()
    msgs = e2e.sink.wait_for(before + 1, 20)
    tb.wait(lambda: not tb.composers(), 15, "the composer to close")
    assert [w for w in tb.window_log() if w["type"] == "mail:extensionPopup"] == []
    sent = email.message_from_bytes(msgs[-1].data, policy=email.policy.default)
    assert sent["In-Reply-To"] == "<next-steps-1@acme.example>"

    def reply_recorded() -> bool:
        with e2e.ctx() as ctx:
            app = ctx.config.application("acme-backend")
            history = build_history(ctx.config, ctx.store, app)
            return any(c.kind == "reply" and c.direction == "out" for c in history.contacts)

    tb.wait(reply_recorded, 10, "the reply in the store", interval=0.2)


def test_host_missing_holds_the_message_with_a_notice(e2e: E2E) -> None:
    tb = e2e.tb
    e2e.point_manifest_at(None)
    e2e.kill_hosts()
    try:
        before = e2e.sink_count()
        body = "Dear Dana,\n\nOne more question.\n\nBest regards,\nAlice\n"
        tb.open_composer(to=["Dana Wu <dana.wu@acme.example>"], subject="A question", body=body)
        tb.send()
        notice = tb.wait_for_dialog(10, title=NOTICE_TITLE)
        assert NOTICE_TITLE in notice["title"]
        time.sleep(0.4)
        tb.screenshot(ARTIFACTS / "tb-notice-held.png")
        tb.press("Escape")
        tb.wait_dialog_gone()
        tb.wait_composer_unlocked()
        e2e.assert_nothing_sent(before)
    finally:
        e2e.restore_manifest()


def test_host_missing_with_the_send_setting_sends_with_a_notice(e2e: E2E) -> None:
    tb = e2e.tb
    e2e.point_manifest_at(None)
    e2e.kill_hosts()
    tb.set_addon_storage({"onUnavailable": "send"})
    try:
        before = e2e.sink_count()
        tb.close_composers()
        tb.open_composer(to=["Dana Wu <dana.wu@acme.example>"], subject="A question",
                         body="Dear Dana,\n\nOne more question.\n\nBest regards,\nAlice\n")  # fmt: skip
        tb.send()
        e2e.sink.wait_for(before + 1, 20)
        notice = tb.wait_for_dialog(10, title=NOTICE_TITLE)
        assert NOTICE_TITLE in notice["title"]
        time.sleep(0.3)
        tb.screenshot(ARTIFACTS / "tb-notice-sent.png")
        tb.press("Return")  # "OK"
        tb.wait_dialog_gone()
        tb.wait(lambda: not tb.composers(), 15, "the composer to close")
    finally:
        tb.set_addon_storage({"onUnavailable": "hold"})
        e2e.restore_manifest()


def test_a_host_slower_than_5_s_holds_the_message(e2e: E2E) -> None:
    tb = e2e.tb
    slow = e2e.tmp / "slow-host"
    # Reads its stdin until Thunderbird closes it, never answers.
    slow.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import sys; sys.stdin.buffer.read()'\n")
    slow.chmod(0o755)
    e2e.kill_hosts()
    e2e.point_manifest_at(slow)
    try:
        before = e2e.sink_count()
        tb.open_composer(to=["Dana Wu <dana.wu@acme.example>"], subject="Slow",
                         body="Dear Dana,\n\nA note.\n\nBest regards,\nAlice\n")  # fmt: skip
        t0 = tb.send()
        time.sleep(3)
        assert tb.composer_state()["locked"], "the composer waits for the check"
        notice = tb.wait_for_dialog(10, title=NOTICE_TITLE)
        waited = time.monotonic() - t0
        assert 4.5 < waited < 9, waited
        assert NOTICE_TITLE in notice["title"]
        tb.press("Escape")
        tb.wait_dialog_gone()
        tb.wait_composer_unlocked()
        e2e.assert_nothing_sent(before, wait=0.5)
    finally:
        e2e.restore_manifest()


def test_a_config_error_is_reported_and_holds(e2e: E2E) -> None:
    tb = e2e.tb
    good = e2e.config.read_text()
    e2e.config.write_text(good + "\n[[applications]]\nid = 5\n")
    try:
        before = e2e.sink_count()
        tb.close_composers()
        tb.open_composer(to=["Dana Wu <dana.wu@acme.example>"], subject="Config",
                         body="Dear Dana,\n\nA note.\n\nBest regards,\nAlice\n")  # fmt: skip
        tb.send()
        notice = tb.wait_for_dialog(10, title=NOTICE_TITLE)
        assert NOTICE_TITLE in notice["title"]
        tb.press("Escape")
        tb.wait_dialog_gone()
        tb.wait_composer_unlocked()
        e2e.assert_nothing_sent(before, wait=0.5)
    finally:
        e2e.config.write_text(good)
    tb.close_composers()
