"""The followup-guard tab in the real Thunderbird (Debian's, under Xvfb, via Marionette), on
a real native host and store: the add-on is installed from the .xpi that `install()` builds,
the tab is opened as the toolbar button opens it, and Track on a suggestion writes the
config. Extension pages run in the parent process here (extensions.webextensions.remote =
false), so the chrome context can read the page and press its button."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import corpus
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "thunderbird"))

from followup_guard.api import open_context, record_message  # noqa: E402
from followup_guard.config.load import load_config  # noqa: E402
from tb_harness import ADDON_ID, ProfileSpec, ThunderbirdSession, thunderbird_servers  # noqa: E402

pytestmark = pytest.mark.real
ARTIFACTS = REPO / "test-artifacts" / "invitations"
ME = "alice@example.test"
HOOLI_MID = "tb-inbox-invite@hooli.example"
PLAIN_MID = "tb-inbox-photos@friends.example"

OPEN_TAB = """
const [id, page] = arguments;
const { ExtensionParent } = ChromeUtils.importESModule(
  "resource://gre/modules/ExtensionParent.sys.mjs");
const ext = ExtensionParent.GlobalManager.getExtension(id);
const win = Services.wm.getMostRecentWindow("mail:3pane");
const tab = win.gTabmail.openTab("contentTab", { url: ext.baseURI.resolve(page) });
return !!tab;
"""
PAGE = """
const win = Services.wm.getMostRecentWindow("mail:3pane");
const info = win.gTabmail.tabInfo.find(t => t.browser && String(t.browser.currentURI.spec)
  .endsWith("/tab.html"));
return info ? info.browser.contentDocument : null;
"""


def config_text(imap_port: int) -> str:
    return f"""# my search: keep this comment
[general]
timezone = "UTC"
notify = false

[[accounts]]
id = "test"
host = "127.0.0.1"
port = {imap_port}
tls = "none"
username = "alice"
password_command = "echo secret"

[[identities]]
address = "{ME}"
name = "Alice Candidate"
"""


@pytest.fixture(scope="module")
def tb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from followup_guard.bridges.thunderbird import install

    tmp = tmp_path_factory.mktemp("tb-tab")
    with thunderbird_servers(tmp) as servers:
        dovecot, sink, xvfb, home = servers.dovecot, servers.sink, servers.xvfb, servers.home
        config = tmp / "config.toml"
        config.write_text(config_text(dovecot.imap_port))
        data = tmp / "data"
        start = datetime.now(timezone.utc) + timedelta(days=3)
        ics = f"""BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
DTSTART:{start:%Y%m%dT150000Z}
DTEND:{start:%Y%m%dT160000Z}
DTSTAMP:{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}
ORGANIZER;CN=Maria Lopez:mailto:maria.lopez@initech.example
UID:tb-tab-1@google.com
ATTENDEE;CN=Bill Lumbergh:mailto:bill@initech.example
ATTENDEE;CN=Alice Candidate:mailto:{ME}
SUMMARY:Technical interview - Initech
END:VEVENT
END:VCALENDAR
"""
        raw = corpus.wrap(ics, style="google", sender="Maria Lopez <maria.lopez@initech.example>",
                          subject="Invitation: Technical interview - Initech", to=ME,
                          mid="tb-tab@google.com", sent=datetime.now(timezone.utc))  # fmt: skip
        with open_context(config, data) as ctx:
            record_message(ctx, raw, source="file", direction="in")
        # In the real INBOX, for "Track this interview" on the message itself.
        hooli = (
            ics.replace("tb-tab-1@google.com", "tb-tab-2@google.com")
            .replace("initech.example", "hooli.example")
            .replace("Initech", "Hooli")
            .replace("Maria Lopez", "Gavin Belson")
        )
        hooli = hooli.replace(f"{start:%Y%m%d}T15", f"{start + timedelta(days=1):%Y%m%d}T15")
        dovecot.append(
            "alice",
            "INBOX",
            (f"From: Sam <sam@friends.example>\r\nTo: {ME}\r\nSubject: Photos\r\n"
             f"Message-ID: <{PLAIN_MID}>\r\n\r\nHere are the photos.\r\n").encode(),
        )  # fmt: skip
        dovecot.append(
            "alice",
            "INBOX",
            corpus.wrap(
                hooli,
                style="outlook",
                sender="Gavin Belson <gavin@hooli.example>",
                subject="Technical interview - Hooli",
                to=ME,
                mid=HOOLI_MID,
                sent=datetime.now(timezone.utc),
            ),
        )
        installed = install(data_dir=data, config_path=config, home=home)
        spec = ProfileSpec(
            imap_host=dovecot.host,
            imap_port=dovecot.imap_port,
            imap_user="alice",
            imap_password=dovecot.users["alice"],
            smtp_host=sink.host,
            smtp_port=sink.port,
            email=ME,
            xpi=installed["xpi"],
            extra_prefs={"extensions.webextensions.remote": False},
        )
        env = {"HOME": str(home), "FOLLOWUP_GUARD_CONFIG": str(config),
               "FOLLOWUP_GUARD_HOME": str(data)}  # fmt: skip
        session = ThunderbirdSession(spec, env=env, display=xvfb.display, workdir=tmp / "tb")
        try:
            session.start()
            session.wait_addon_ready()
            yield {"tb": session, "config": config}
        except BaseException:
            sys.stderr.write(f"--- Thunderbird log:\n{session.log_tail(80)}\n")
            raise
        finally:
            session.stop()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            if session.log_path.exists():
                (ARTIFACTS / "thunderbird-tab.log").write_bytes(session.log_path.read_bytes())


def test_the_tab_in_thunderbird_tracks_a_suggestion_into_the_config(tb: dict[str, Any]) -> None:
    t: ThunderbirdSession = tb["tb"]
    assert t.js(OPEN_TAB, ADDON_ID, "tab.html") is True
    t.wait(
        lambda: (
            t.js("const d = (() => {" + PAGE + "})(); return d && d.body && d.body.dataset.ready;")
            == "true"
        ),
        30,
        "the tab to load its data from the native host",
    )
    doc = "const d = (() => {" + PAGE + "})();"
    card = t.js(doc + "const c = d.querySelector('#suggestion-list li.card');"
                "return c ? c.textContent : null;")  # fmt: skip
    assert card and "Interview with Initech" in str(card) and "Bill Lumbergh" in str(card)
    t.screenshot(ARTIFACTS / "thunderbird-tab.png", windowtype="mail:3pane")
    t.js(doc + "d.querySelector('#suggestion-list li.card button.track').click();")
    t.wait(
        lambda: "initech" in tb["config"].read_text(),
        20,
        "Track to write the config",
    )
    app = load_config(tb["config"]).application("initech")
    assert app is not None and [r.name for r in app.rounds] == ["Technical interview"]
    assert tb["config"].read_text().startswith("# my search: keep this comment\n")
    t.wait(
        lambda: (
            "Tracked: initech" in str(t.js(doc + "return d.getElementById('status').textContent;"))
        ),
        10,
        "the tab to say so",
    )
    time.sleep(0.3)
    t.screenshot(ARTIFACTS / "thunderbird-tab-tracked.png", windowtype="mail:3pane")


BUTTON = """
const win = Services.wm.getMostRecentWindow("mail:3pane");
const about = win.gTabmail.currentAboutMessage;
if (!about || !about.document) { return null; }
const b = [...about.document.querySelectorAll("[id$='-messageDisplayAction-toolbarbutton']")][0];
"""


def test_track_this_interview_on_the_message_itself(tb: dict[str, Any]) -> None:
    t: ThunderbirdSession = tb["tb"]
    inbox = "imap://alice@127.0.0.1/INBOX"
    t.wait_for_message(inbox, HOOLI_MID, timeout=40)
    t.wait_for_message(inbox, PLAIN_MID, timeout=40)
    show = """
        const [uri, mid] = arguments;
        const { MailUtils } = ChromeUtils.importESModule("resource:///modules/MailUtils.sys.mjs");
        const folder = MailUtils.getExistingFolder(uri);
        MailUtils.displayMessageInFolderTab(folder.msgDatabase.getMsgHdrForMessageID(mid));
    """

    def state() -> Any:
        return t.js(BUTTON + "return b ? {disabled: b.disabled} : null;")

    t.js(show, inbox, PLAIN_MID)  # no interview here: the button is switched off
    t.wait(lambda: (s := state()) is not None and s["disabled"], 30, "the button to be disabled")
    t.js(show, inbox, HOOLI_MID)
    t.wait(
        lambda: (s := state()) is not None and not s["disabled"],
        30,
        "the Track this interview button to be enabled",
    )
    # Enabled only when the host found a pending interview in this message.
    t.screenshot(ARTIFACTS / "thunderbird-track-button.png", windowtype="mail:3pane")
    t.js(BUTTON + "b.click();")
    t.wait(lambda: "hooli" in tb["config"].read_text(), 20, "Track to write the config")
    app = load_config(tb["config"]).application("hooli")
    assert app is not None and [p.address for p in app.interviewers] == ["bill@hooli.example"]
