"""The drafts guard against a real Dovecot: drafts saved and replaced the way clients do,
`followup-guard drafts --json` (its speed, APPEND to notification, is measured by
scripts/bench_drafts.py, not here), one notification per set of findings, deletion,
a missing, renamed or recreated Drafts folder, and bad input. No session bus here: the log
carries the notifications (the bus itself is in test_drafts_notify.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from drafts_helpers import (
    BOSS,
    DANA,
    DaemonProc,
    ImapUser,
    draft,
    drafts_json,
    rules_of,
    wait_for,
    write_drafts_config,
)

pytestmark = pytest.mark.real

NOTIFIED = "notifying ["  # the guard's log line for each notification it sends


@pytest.fixture
def no_bus(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No session bus for the daemon: notifications fall back to the log."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime"))


@pytest.fixture
def world(dovecot, tmp_path: Path, no_bus: None) -> Iterator[tuple[DaemonProc, ImapUser]]:
    cfg = write_drafts_config(tmp_path, dovecot, extra_account="poll_seconds = 5\n")
    d = DaemonProc(cfg, tmp_path / "data").start()
    user = ImapUser(dovecot)
    try:
        d.wait_ready(30)
        yield d, user
    finally:
        user.close()
        assert d.terminate() == 0, d.last_log()[-3000:]


def listing(d: DaemonProc) -> dict:
    return drafts_json(d.config, d.data_dir)


# A wait for the daemon to get somewhere, not a speed target (those are benchmarks): it returns
# as soon as the listing matches, and only a hung daemon uses the whole of it.
def wait_listing(d: DaemonProc, pred, timeout: float = 15, what: str = "") -> tuple[dict, float]:
    box: dict = {}

    def ok() -> bool:
        box["l"] = listing(d)
        return bool(pred(box["l"]))

    took = wait_for(ok, timeout, lambda: f"{what}: {box.get('l')}\n{d.last_log()[-2500:]}")
    return box["l"], took


def test_draft_to_the_boss_listed_once_notified_and_cleared(world) -> None:
    d, user = world
    assert listing(d) == {"drafts": []}
    uid = user.save(draft(to=f"{DANA}, {BOSS}"))
    got, _ = wait_listing(
        d, lambda ls: any("outside-hiring-process" in r for r in rules_of(ls)), 15, "boss draft"
    )
    (entry,) = got["drafts"]
    assert entry["account"] == "main" and entry["folder"] == "Drafts"
    assert entry["application"] == "acme" and entry["subject"] == "Thank you for the interview"
    assert sorted(entry["to"]) == sorted([DANA, BOSS])
    f = next(f for f in entry["findings"] if f["rule"] == "outside-hiring-process")
    assert set(f) >= {"rule", "category", "severity", "message", "fix", "advice", "span"}
    assert f["severity"] == "block" and f["category"] == "scope"
    d.wait_log(NOTIFIED + "outside-hiring-process]", 5)

    # The next autosave with the same findings (a word changed): replaced as clients do.
    body2 = draft(to=f"{DANA}, {BOSS}").replace(b"Tuesday", b"Tuesday afternoon")
    uid2 = user.replace(uid, body2)
    wait_for(lambda: "Tuesday afternoon" not in d.last_log() and d.last_log().count(
        "draft main Drafts") >= 2, 5, lambda: d.last_log()[-2000:])  # fmt: skip
    got, _ = wait_listing(d, lambda ls: len(ls["drafts"]) == 1, 15, "one draft after replace")
    time.sleep(1.0)
    assert d.last_log().count(NOTIFIED) == 1, d.last_log()[-3000:]
    assert len(listing(d)["drafts"]) == 1

    # The boss removed: a new set of findings (none at warn/block) → no new notification.
    uid3 = user.replace(uid2, draft())
    wait_listing(d, lambda ls: ls["drafts"] and not any(
        "outside-hiring-process" in r for r in rules_of(ls)), 15, "boss removed")  # fmt: skip
    assert d.last_log().count(NOTIFIED) == 1

    # Deleted (sent or discarded): gone from the list.
    user.delete(uid3)
    wait_listing(d, lambda ls: ls["drafts"] == [], 15, "deleted draft still listed")
    assert "gone (sent or discarded)" in d.last_log()
    # Nothing of a draft in the store: no message, no contact.
    from daemon_helpers import count

    assert count(d.data_dir) == 0


def test_clean_draft_has_no_findings(world) -> None:
    d, user = world
    user.save(draft())
    got, _ = wait_listing(d, lambda ls: len(ls["drafts"]) == 1, 15, "clean draft")
    assert got["drafts"][0]["findings"] == [], got
    time.sleep(0.5)
    assert NOTIFIED not in d.last_log()


def test_finished_letter_findings_wait_for_a_sign_off(world) -> None:
    d, user = world
    half = "Dear Dana,\r\n\r\nI enjoyed our talk about the ledger service and"
    uid = user.save(draft(half))
    got, _ = wait_listing(d, lambda ls: len(ls["drafts"]) == 1, 15, "half draft")
    rules = rules_of(got)[0]
    assert got["drafts"][0]["held"] >= 1, got
    assert not {"too-short", "missing-thanks"} & set(rules), got
    full = half + " the retries.\r\n\r\nBest regards,\r\nAlice Applicant\r\n"
    user.replace(uid, draft(full))
    got, _ = wait_listing(
        d, lambda ls: any("missing-thanks" in r for r in rules_of(ls)), 15, "signed"
    )
    assert got["drafts"][0]["held"] == 0


# A server like Outlook.com: no SPECIAL-USE, and no Drafts folder until a client makes one.
NO_SPECIAL_USE = "namespace inbox {\n  mailbox Drafts {\n    auto = no\n    special_use =\n  }\n}\n"


@pytest.fixture
def plain_dovecot(request: pytest.FixtureRequest) -> Iterator:
    from conftest import require_tool
    from servers.dovecot import Dovecot

    server = Dovecot(
        dovecot_bin=require_tool("dovecot"),
        doveadm_bin=require_tool("doveadm"),
        openssl_bin=require_tool("openssl"),
        extra_config=NO_SPECIAL_USE,
    )
    try:
        yield server.start()
    finally:
        server.cleanup()


def test_drafts_folder_missing_created_renamed_deleted(
    plain_dovecot, tmp_path: Path, no_bus: None
) -> None:
    dovecot = plain_dovecot
    cfg = write_drafts_config(tmp_path, dovecot, extra_account="poll_seconds = 5\n")
    d = DaemonProc(cfg, tmp_path / "data").start()
    try:
        # Missing: said in the log, retried with the Sent watcher's backoff.
        d.wait_log("no Drafts folder found", 15)
        assert listing(d) == {"drafts": []}
        dovecot.create_folder("alice", "Drafts")  # a client creates it on its first save
        user = ImapUser(dovecot)
        try:
            user.save(draft())
        finally:
            user.close()
        got, _ = wait_listing(d, lambda ls: len(ls["drafts"]) == 1, 40, "created")
        assert got["drafts"][0]["folder"] == "Drafts"

        # Renamed to a localized name (no \Drafts attribute anywhere): found by its name.
        dovecot.doveadm("mailbox", "rename", "-u", "alice", "Drafts", "Entwürfe")
        dovecot.kick("alice")
        wait_listing(
            d, lambda ls: [x["folder"] for x in ls["drafts"]] == ["Entwürfe"], 40, "renamed"
        )

        # Deleted: the list empties and the log says why.
        dovecot.delete_folder("alice", "Entwürfe")
        dovecot.kick("alice")
        wait_listing(d, lambda ls: ls["drafts"] == [], 40, "deleted folder")
        d.wait_log("no Drafts folder found", 40, count=2)
        assert d.alive()
        assert "Traceback" not in d.last_log()
    finally:
        assert d.terminate() == 0


def test_uidvalidity_change_reads_the_folder_anew(world, dovecot) -> None:
    d, user = world
    user.save(draft())
    wait_listing(d, lambda ls: len(ls["drafts"]) == 1, 15, "first draft")
    before = dovecot.status("alice", "Drafts")["uidvalidity"]
    user.close()
    dovecot.delete_folder("alice", "Drafts")
    dovecot.create_folder("alice", "Drafts")
    u2 = ImapUser(dovecot)
    try:
        u2.save(draft(to=BOSS, subject="After the rebuild"))
        assert dovecot.status("alice", "Drafts")["uidvalidity"] != before
        dovecot.kick("alice")
        wait_listing(d, lambda ls: [x["subject"] for x in ls["drafts"]] == ["After the rebuild"],
                     30, "after UIDVALIDITY change")  # fmt: skip
    finally:
        u2.close()


def test_bad_drafts_no_crash_no_notification_for_empty_clear_log(world) -> None:
    d, user = world
    # No recipients yet (a draft just begun): no check, no notification, a log line.
    user.save(draft("", to="", subject="", mid="<empty@example.org>"))
    d.wait_log("no recipients yet, not checked", 5)
    # A half-typed address at the company.
    user.save(draft(to="dana.wu@acme", subject="Half typed", mid="<half@example.org>"))
    # An undecodable charset.
    user.save(
        draft(
            "Dear Dana,\r\n\r\n\xe9t\xe9 merci\r\n",
            subject="Charset",
            mid="<charset@example.org>",
            content_type="text/plain; charset=x-no-such-charset",
        )
    )
    # HTML only.
    user.save(
        draft(
            "<html><body><p>Dear Dana,</p><p>Thank you for the interview about the ledger "
            "service.</p><p>Best regards,<br>Alice Applicant</p></body></html>\r\n",
            subject="HTML only",
            mid="<html@example.org>",
            content_type="text/html; charset=utf-8",
        )
    )
    # A 20 MB attachment.
    boundary = "b0undary"
    big = (
        f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "Dear Dana,\r\n\r\nPlease find my portfolio attached.\r\n\r\nBest regards,\r\nAlice\r\n"
        f"--{boundary}\r\nContent-Type: application/octet-stream\r\n"
        'Content-Disposition: attachment; filename="portfolio.bin"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
        + ("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n"
           * 270_000)
        + f"--{boundary}--\r\n"
    )  # fmt: skip
    user.save(
        draft(
            big,
            to=BOSS,
            subject="Portfolio",
            mid="<big@example.org>",
            content_type=f'multipart/mixed; boundary="{boundary}"',
        )
    )
    got, _ = wait_listing(
        d,
        lambda ls: (
            {"Half typed", "Charset", "HTML only", "Portfolio"}
            <= {x["subject"] for x in ls["drafts"]}
        ),
        20,
        "bad drafts",
    )
    by = {x["subject"]: x for x in got["drafts"]}
    assert "" not in by  # the empty draft is never listed
    assert "address-typo" in [f["rule"] for f in by["Half typed"]["findings"]]
    assert "outside-hiring-process" in [f["rule"] for f in by["Portfolio"]["findings"]]
    log = d.last_log()
    assert "Traceback" not in log, log[-3000:]
    assert "HTML only; checked its text" in log
    assert "no recipients yet" in log
    assert d.alive()
    # The empty draft never raised a notification.
    assert not any("notifying" in line and "''" in line for line in log.splitlines())


def test_drafts_command_without_daemon_says_so(tmp_path: Path, dovecot) -> None:
    cfg = write_drafts_config(tmp_path, dovecot)
    res = subprocess.run(
        [sys.executable, "-m", "followup_guard.cli.main", "drafts", "--json",
         "--config", str(cfg), "--data-dir", str(tmp_path / "nodaemon")],
        capture_output=True, text=True, timeout=30, env=dict(os.environ),
    )  # fmt: skip
    assert res.returncode == 3
    assert "no followup-guard daemon answers" in res.stderr
    assert "Traceback" not in res.stderr


def test_finished_letter_findings_show_once_the_draft_is_quiet(
    dovecot, tmp_path: Path, no_bus: None
) -> None:
    cfg = write_drafts_config(tmp_path, dovecot, quiet=3)
    d = DaemonProc(cfg, tmp_path / "data").start()
    user = ImapUser(dovecot)
    try:
        d.wait_ready(30)
        user.save(draft("Dear Dana,\r\n\r\nI enjoyed our talk about the ledger service and"))
        got, _ = wait_listing(d, lambda ls: len(ls["drafts"]) == 1, 15, "half draft")
        assert got["drafts"][0]["held"] >= 1 and NOTIFIED not in d.last_log()
        # Nobody typed for 3 s: the letter is taken as it stands.
        got, _ = wait_listing(d, lambda ls: ls["drafts"][0]["held"] == 0, 8.0, "quiet")
        assert "missing-thanks" in rules_of(got)[0]
        d.wait_log(NOTIFIED + "missing-thanks]", 3)
    finally:
        user.close()
        assert d.terminate() == 0


def test_local_drafts_maildir(dovecot, tmp_path: Path, no_bus: None) -> None:
    md = tmp_path / "postponed"
    for sub in ("cur", "new", "tmp"):
        (md / sub).mkdir(parents=True)
    cfg = write_drafts_config(
        tmp_path, dovecot, extra=f'\n[[maildirs]]\npath = "{md}"\ndirection = "drafts"\n'
    )
    d = DaemonProc(cfg, tmp_path / "data").start()
    try:
        d.wait_ready(30)
        f = md / "cur" / "1700000000.M1P1.host:2,D"
        f.write_bytes(draft(to=f"{DANA}, {BOSS}", subject="Postponed"))
        got, _ = wait_listing(d, lambda ls: len(ls["drafts"]) == 1, 15, "maildir draft")
        (entry,) = got["drafts"]
        assert entry["account"] == "maildir" and entry["folder"] == str(md)
        assert "outside-hiring-process" in rules_of(got)[0]
        f.unlink()
        wait_listing(d, lambda ls: ls["drafts"] == [], 15, "maildir draft deleted")
        from daemon_helpers import count

        assert count(d.data_dir) == 0  # never recorded
    finally:
        assert d.terminate() == 0
