"""The webmail user's path end to end: Roundcube (Debian's packages, PHP's built-in server on
127.0.0.1) against the test Dovecot, driven in Chromium: compose to the interviewer's boss,
save the draft; the daemon's notification on the session bus names outside-hiring-process.
Roundcube saves without the \\Draft flag and replaces its copy on every save."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import require_module, require_tool
from drafts_helpers import BOSS, DaemonProc, drafts_json, write_drafts_config

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


@pytest.fixture
def roundcube(dovecot) -> Iterator:
    require_tool("php")
    from servers.roundcube import PUBLIC_HTML, Roundcube

    if not (PUBLIC_HTML / "index.php").exists():
        require_tool("roundcube")  # fails under CI with the package's name; skips locally
    with Roundcube(imap_port=dovecot.imap_port) as rc:
        yield rc


@pytest.fixture
def browser() -> Iterator:
    from chromium_driver import ChromeDriver

    with ChromeDriver(
        require_tool("chromedriver"), require_tool("chromium"), window=(1280, 900)
    ) as d:
        yield d


def test_roundcube_draft_to_the_boss_raises_the_notification(
    dovecot, roundcube, browser, desktop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for k, v in desktop.env.items():
        monkeypatch.setenv(k, v)
    cfg = write_drafts_config(tmp_path, dovecot)
    d = DaemonProc(cfg, tmp_path / "data").start()
    try:
        d.wait_ready(30)
        b = browser
        b.get(roundcube.url)
        b.wait("return !!document.querySelector('#rcmloginuser')", timeout=20)
        b.execute(
            "document.querySelector('#rcmloginuser').value = 'alice';"
            "document.querySelector('#rcmloginpwd').value = 'secret';"
            "document.querySelector('#rcmloginsubmit').click();"
        )
        b.wait("return window.rcmail && rcmail.env.task == 'mail'", timeout=30, what="login")
        # Straight after login Roundcube may still be settling its session (on a loaded
        # machine the first compose page can come back as the mail list): ask again.
        for attempt in range(3):
            b.get(roundcube.url + "?_task=mail&_action=compose")
            try:
                b.wait("return window.rcmail && rcmail.env.action == 'compose' && "
                       "!!document.querySelector('#compose-subject')", timeout=20, what="compose")  # fmt: skip
                break
            except TimeoutError:
                if attempt == 2:
                    raise
        # To: typed into the recipient widget the way a user does (a comma ends an address).
        field = b.find("#compose_to ul.recipient-input input")
        b.click(field)
        b._request("POST", b._s(f"/element/{b.element_id(field)}/value"),
                   {"text": f"Carl Boss <{BOSS}>,"})  # fmt: skip
        b.execute(
            "document.querySelector('#compose-subject').value = arguments[0];"
            "document.querySelector('#composebody').value = arguments[1];",
            "Following up on my interview",
            "Dear Carl,\n\nI interviewed with Dana Wu for the Backend Engineer role and "
            "wanted to ask you directly how the decision is going.\n\nBest regards,\n"
            "Alice Applicant",
        )
        assert BOSS in b.execute("return document.querySelector('#_to').value")
        t0 = time.monotonic()
        b.execute("rcmail.command('savedraft')")
        b.wait("return rcmail.env.draft_id", timeout=20, what="Roundcube saved the draft")
        note = desktop.monitor.wait_notify(lambda n: n.title.startswith("Draft"), 15)
        took = time.monotonic() - t0
        assert "outside-hiring-process" in note.title, note
        assert BOSS in note.body
        b.screenshot(ARTIFACTS / "roundcube-compose.png")
        desktop.screenshot(ARTIFACTS / "roundcube-notification.png")
        listed = drafts_json(d.config, d.data_dir)["drafts"]
        assert [x["subject"] for x in listed] == ["Following up on my interview"]
        assert "outside-hiring-process" in [f["rule"] for f in listed[0]["findings"]]
        # Roundcube's copy carries no \Draft flag: the folder is the signal.
        from imapclient import IMAPClient

        c = IMAPClient(dovecot.host, port=dovecot.imap_port, ssl=False)
        c.login("alice", "secret")
        c.select_folder("Drafts", readonly=True)
        flags = c.get_flags(c.search(["ALL"]))
        c.logout()
        assert flags and all(b"\\Draft" not in f for f in flags.values()), flags

        # A second save of the same draft (Roundcube: APPEND, then delete the old UID) with
        # the same findings raises no second notification.
        first_uid = b.execute("return rcmail.env.draft_id")
        b.execute("document.querySelector('#composebody').value += '\\n\\nP.S. Thanks!';")
        b.execute("rcmail.command('savedraft')")
        b.wait("return rcmail.env.draft_id && rcmail.env.draft_id != arguments[0]",
               first_uid, timeout=20, what="second save")  # fmt: skip
        d.wait_log("draft main Drafts", count=2, timeout=10)
        time.sleep(1.5)
        assert len([n for n in desktop.monitor.notifications if n.title.startswith("Draft")]) == 1
        print(f"Roundcube save → notification: {took:.2f} s")
    except Exception:
        print(roundcube.log_tail())
        raise
    finally:
        assert d.terminate() == 0, d.last_log()[-3000:]
