"""Real Thunderbird (Debian's, under Xvfb via Marionette) saves a draft to the test Dovecot's
Drafts with Ctrl+S; the daemon sees it and raises its notification on the session bus. No
add-on is installed: the drafts guard needs nothing in the client."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require_module, require_tool
from drafts_helpers import BOSS, DANA, DaemonProc, drafts_json, write_drafts_config

pytestmark = pytest.mark.real

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "drafts"


@pytest.fixture
def desktop() -> Iterator:
    for tool in ("Xvfb", "dbus-daemon", "dunst", "xdotool", "xwd"):
        require_tool(tool)
    require_module("jeepney")
    from servers.notifications import Desktop

    with Desktop() as desk:
        yield desk


def test_thunderbird_ctrl_s_draft_raises_the_notification(
    dovecot, desktop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_tool("thunderbird")
    require_module("marionette_driver")
    from tb_harness import ProfileSpec, ThunderbirdSession

    for k, v in desktop.env.items():
        monkeypatch.setenv(k, v)
    cfg = write_drafts_config(tmp_path, dovecot)
    d = DaemonProc(cfg, tmp_path / "data").start()
    spec = ProfileSpec(
        imap_host=dovecot.host,
        imap_port=dovecot.imap_port,
        imap_user="alice",
        imap_password="secret",
        smtp_host="127.0.0.1",
        smtp_port=1,
        email="alice@example.org",
        full_name="Alice Applicant",
        extra_prefs={
            "mail.identity.id1.draft_folder": f"imap://alice@{dovecot.host}/Drafts",
            "mail.identity.id1.drafts_folder_picker_mode": "1",
        },
    )
    tb = ThunderbirdSession(spec, display=desktop.display, workdir=tmp_path / "tb")
    try:
        d.wait_ready(30)
        tb.start()
        tb.open_composer(
            to=[DANA, BOSS],
            subject="Thank you for the system design round",
            body="Dear Dana,\n\nThank you for the conversation about the ledger service.\n\n"
            "Best regards,\nAlice Applicant",
        )
        # Ctrl+S, typed into the focused composer window as a user would.
        tb.js('Services.wm.getMostRecentWindow("msgcompose").focus();')
        win = desktop.wait_window("Thank you for the system design round", 20)
        desktop.xdotool("windowfocus", "--sync", win)
        t0 = time.monotonic()
        desktop.xdotool("key", "--clearmodifiers", "ctrl+s")
        note = desktop.monitor.wait_notify(lambda n: n.title.startswith("Draft"), 30)
        took = time.monotonic() - t0
        assert "outside-hiring-process" in note.title, note
        assert BOSS in note.body
        desktop.screenshot(ARTIFACTS / "thunderbird-notification.png")
        listed = drafts_json(d.config, d.data_dir)["drafts"]
        assert [x["subject"] for x in listed] == ["Thank you for the system design round"]
        print(f"Thunderbird Ctrl+S → notification: {took:.2f} s")
    except Exception:
        print(tb.log_tail())
        raise
    finally:
        tb.cleanup()
        assert d.terminate() == 0, d.last_log()[-3000:]
