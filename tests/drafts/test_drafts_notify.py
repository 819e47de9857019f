"""The drafts guard's notification on a real desktop: a private session bus, dunst under
Xvfb, the daemon against a real Dovecot. Observed on the bus: the Notify call (title, body,
actions), no second call for the same findings, a user's click on the notification (dunst
invokes the "default" = Details action), and the findings window that opens; a screenshot is
kept in test-artifacts/drafts/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require_module, require_tool
from drafts_helpers import (
    BOSS,
    CLEAN_BODY,
    DANA,
    DaemonProc,
    ImapUser,
    draft,
    wait_for,
    write_drafts_config,
)

pytestmark = pytest.mark.real

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "drafts"


@pytest.fixture
def desktop() -> Iterator:
    for tool in ("Xvfb", "dbus-daemon", "dunst", "xdotool", "xwd"):
        require_tool(tool)
    require_module("jeepney")
    require_module("tkinter")
    from servers.notifications import Desktop

    with Desktop() as desk:
        yield desk


def start_daemon(dovecot, tmp_path: Path, desktop, monkeypatch: pytest.MonkeyPatch) -> DaemonProc:
    for k, v in desktop.env.items():
        monkeypatch.setenv(k, v)  # the daemon (a child process) runs on the test desktop
    cfg = write_drafts_config(tmp_path, dovecot)
    d = DaemonProc(cfg, tmp_path / "data").start()
    d.wait_ready(30)
    return d


def test_notification_on_the_bus_details_opens_the_findings_window(
    dovecot, desktop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = start_daemon(dovecot, tmp_path, desktop, monkeypatch)
    user = ImapUser(dovecot)
    try:
        uid = user.save(draft(to=f"{DANA}, {BOSS}", subject="Thank you for Tuesday"))
        note = desktop.monitor.wait_notify(lambda n: n.title.startswith("Draft"), 10)
        assert note.title == "Draft “Thank you for Tuesday”: outside-hiring-process"
        assert f"To {DANA}, {BOSS}" in note.body
        assert "[block] outside-hiring-process:" in note.body and BOSS in note.body
        assert note.actions[:2] == ["default", "Details"] and "details" in note.actions
        assert note.hints.get("urgency") == ("y", 2)  # a block finding: critical

        # The next autosave, same findings: nothing new on the bus.
        again = draft(CLEAN_BODY + "P.S. See you soon.\r\n", to=f"{DANA}, {BOSS}",
                      subject="Thank you for Tuesday")  # fmt: skip
        uid = user.replace(uid, again)
        d.wait_log("draft main Drafts", count=2)
        wait_for(lambda: "checked in" in d.last_log().rsplit("draft main Drafts", 1)[-1], 5)
        time.sleep(1.0)
        assert len([n for n in desktop.monitor.notifications if n.title.startswith("Draft")]) == 1

        # The user clicks the notification: dunst sends ActionInvoked, the window opens.
        desktop.click_notification()
        sig = desktop.monitor.wait_signal("ActionInvoked", note.id)
        assert sig.args[1] == "default"
        desktop.wait_window("followup-guard", 30)
        time.sleep(0.5)  # let Tk draw
        shot = desktop.screenshot(ARTIFACTS / "details-window.png")
        assert shot.stat().st_size > 5000
        assert "opening the findings window" in d.last_log()
        desktop.monitor.wait_signal("NotificationClosed", note.id)
    finally:
        user.close()
        assert d.terminate() == 0, d.last_log()[-3000:]
