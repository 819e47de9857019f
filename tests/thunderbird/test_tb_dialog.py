"""The Thunderbird warning dialog (plugins/thunderbird/dialog.html) in headless Chromium.

A harness page (fixtures/dialog_harness.html) loads the dialog in a full-size
iframe and plays the background page: it feeds the findings and records what
the dialog asks for (snooze) and how it ends (edit / send). Chromium is driven
through chromedriver's W3C WebDriver API with urllib (chromium_driver.py).
Screenshots land in test-artifacts/thunderbird/.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from chromium_driver import ChromeDriver, StaticServer
from conftest import require_tool

pytestmark = pytest.mark.real

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "thunderbird"
HARNESS = "/tests/thunderbird/fixtures/dialog_harness.html"
DIALOG = "/plugins/thunderbird/dialog.html"

DANA = "Dana Wu <dana.wu@acme.example>"
BOSS = "Bob Boss <bob.boss@acme.example>"

BLOCK_PLACEHOLDER = {
    "rule": "unfilled-placeholder",
    "category": "tone",
    "severity": "block",
    "message": "The letter still has a template slot in it: “[Company]”.",
    "fix": "Replace [Company] with Acme Corp.",
    "advice": "A letter with its template showing reads as mass-produced.",
    "span": [42, 51],
}
BLOCK_SCOPE = {
    "rule": "outside-hiring-process",
    "category": "scope",
    "severity": "block",
    "message": "Bob Boss is at Acme Corp but not part of your hiring process.",
    "fix": "Write only to your interviewers or the recruiter.",
    "advice": "Going around the hiring process can look like pressure.",
    "span": None,
    "person": "bob.boss@acme.example",
}
WARN_GENERIC = {
    "rule": "generic",
    "category": "tone",
    "severity": "warn",
    "message": "Nothing in the letter is specific to this interview.",
    "fix": "Mention the payments ledger you talked about.",
    "advice": "A specific detail shows you listened.",
    "span": None,
}
INFO_SHORT = {
    "rule": "too-short",
    "category": "tone",
    "severity": "info",
    "message": "The thank-you is one paragraph long.",
    "fix": "Two short paragraphs are enough.",
    "advice": "A little more room makes it personal.",
    "span": None,
}


def findings_data(*findings: dict, to: list[str] | None = None) -> dict:
    return {
        "mode": "findings",
        "application": "acme-backend",
        "kind": "thank-you",
        "findings": list(findings),
        "draft": {
            "from": "Alex Morgan <alex.morgan@example.org>",
            "to": to if to is not None else [DANA, BOSS],
            "cc": [],
            "bcc": [],
            "subject": "Thank you",
        },
    }


@pytest.fixture(scope="module")
def browser() -> Iterator[ChromeDriver]:
    chromium = require_tool("chromium")
    chromedriver = require_tool("chromedriver")
    with StaticServer(REPO) as server, ChromeDriver(chromedriver, chromium) as driver:
        driver.server = server  # type: ignore[attr-defined]
        yield driver


class Dialog:
    """One loaded dialog; the driver's current frame is the dialog's iframe."""

    def __init__(self, driver: ChromeDriver) -> None:
        self.d = driver

    def open(self, data: dict) -> Dialog:
        d = self.d
        d.switch_to_frame(None)
        d.get(d.server.base + HARNESS)  # type: ignore[attr-defined]
        d.execute("window.start(arguments[0], arguments[1]);", data, DIALOG)
        frame = d.find("#dialog")
        d.wait(
            "const f = document.getElementById('dialog');"
            "return f.contentDocument && f.contentDocument.body"
            " && f.contentDocument.body.dataset.ready === 'true';",
            what="the dialog to render",
        )
        d.switch_to_frame(frame)
        d.wait(
            "return document.activeElement && document.activeElement.id === 'edit';",
            what="the default button to have the focus",
        )
        return self

    def calls(self) -> list[dict]:
        self.d.switch_to_parent()
        try:
            return self.d.execute("return window.fgCalls;")
        finally:
            self.d.switch_to_frame(self.d.find("#dialog"))

    def finishes(self, expect: int = 0, timeout: float = 3) -> list[str]:
        """The dialog's end results so far; waits until there are `expect` of them.

        Messages to the harness are asynchronous: with expect=0 this settles briefly first.
        """
        deadline = time.monotonic() + timeout
        while True:
            found = [c["action"] for c in self.calls() if c["kind"] == "finish"]
            if (expect and len(found) >= expect) or time.monotonic() > deadline:
                return found
            if not expect:
                time.sleep(0.2)
                return [c["action"] for c in self.calls() if c["kind"] == "finish"]
            time.sleep(0.05)

    def focused(self) -> str:
        return self.d.execute(
            "const a = document.activeElement;"
            "return a ? (a.id || (a.dataset.rule + '|' + a.dataset.person)) : null;"
        )

    def shot(self, name: str) -> Path:
        self.d.switch_to_parent()
        try:
            return self.d.screenshot(ARTIFACTS / name)
        finally:
            self.d.switch_to_frame(self.d.find("#dialog"))


@pytest.fixture
def dialog(browser: ChromeDriver) -> Dialog:
    return Dialog(browser)


def test_renders_findings_grouped_by_severity(dialog: Dialog) -> None:
    dialog.open(findings_data(WARN_GENERIC, INFO_SHORT, BLOCK_PLACEHOLDER, BLOCK_SCOPE))
    d = dialog.d
    groups = d.execute(
        "return [...document.querySelectorAll('#findings section')].map(s => ({"
        " severity: s.dataset.severity, title: s.querySelector('h2').textContent,"
        " rules: [...s.querySelectorAll('.finding')].map(f => f.dataset.rule)}));"
    )
    assert [g["severity"] for g in groups] == ["block", "warn", "info"]
    assert groups[0]["rules"] == ["unfilled-placeholder", "outside-hiring-process"]
    assert groups[0]["title"] == "Strongly advised not to send (2)"
    assert groups[1]["title"] == "Worth a second look (1)"
    card = d.execute(
        "const c = document.querySelector('.finding[data-rule=\"unfilled-placeholder\"]');"
        "return {what: c.querySelector('.what').textContent,"
        " fix: c.querySelector('.fix').textContent,"
        " advice: c.querySelector('.advice').textContent};"
    )
    assert card["what"] == BLOCK_PLACEHOLDER["message"]
    assert card["fix"] == "Fix: " + BLOCK_PLACEHOLDER["fix"]
    assert card["advice"] == "Why: " + BLOCK_PLACEHOLDER["advice"]
    summary = d.text(d.find("#summary"))
    assert "2 findings strongly advised against" in summary
    assert "1 finding worth a second look" in summary
    assert "acme-backend" in d.text(d.find("#context"))
    # A finding that names its person offers only that person; others offer every recipient.
    snoozes = d.execute(
        "return [...document.querySelectorAll('.snooze-btn')].map(b =>"
        " [b.dataset.rule, b.dataset.person, b.textContent]);"
    )
    assert [
        "outside-hiring-process",
        "bob.boss@acme.example",
        "Don't warn me about this for Bob Boss",
    ] in snoozes
    assert [
        "unfilled-placeholder",
        "dana.wu@acme.example",
        "Don't warn me about this for Dana Wu",
    ] in snoozes
    assert len([s for s in snoozes if s[0] == "outside-hiring-process"]) == 1
    assert d.text(d.find("#edit")) == "Edit message"
    assert d.text(d.find("#send")) == "Send anyway"
    assert dialog.focused() == "edit"
    assert dialog.shot("dialog-findings.png").stat().st_size > 1000


def test_finding_text_is_not_html(dialog: Dialog) -> None:
    evil = dict(WARN_GENERIC, message='<img src=x onerror="window.pwned=1"><b>bold</b>')
    dialog.open(findings_data(evil))
    d = dialog.d
    assert d.text(d.find(".finding .what")) == evil["message"]
    assert d.execute("return document.querySelectorAll('.finding img, .finding b').length") == 0
    assert d.execute("return window.pwned === undefined && window.parent.pwned === undefined")


def test_enter_means_edit_message(dialog: Dialog) -> None:
    dialog.open(findings_data(BLOCK_PLACEHOLDER))
    dialog.d.keys("Enter")
    assert dialog.finishes(1) == ["edit"]


def test_escape_means_edit_message(dialog: Dialog) -> None:
    dialog.open(findings_data(WARN_GENERIC))
    dialog.d.keys("Escape")
    assert dialog.finishes(1) == ["edit"]
    dialog.d.keys("Escape", "Enter")  # finished: nothing more is sent
    assert dialog.finishes(1) == ["edit"]


def test_enter_on_the_body_is_still_edit(dialog: Dialog) -> None:
    dialog.open(findings_data(WARN_GENERIC))
    dialog.d.execute("document.activeElement.blur();")
    dialog.d.keys("Enter")
    assert dialog.finishes(1) == ["edit"]


def test_tab_order_cycles_inside_the_dialog(dialog: Dialog) -> None:
    dialog.open(findings_data(BLOCK_SCOPE, WARN_GENERIC, to=[DANA]))
    d = dialog.d
    order = [dialog.focused()]
    for _ in range(4):
        d.keys("Tab")
        order.append(dialog.focused())
    assert order == [
        "edit",
        "send",
        "outside-hiring-process|bob.boss@acme.example",
        "generic|dana.wu@acme.example",
        "edit",
    ]
    d.keys("Tab", shift=True)
    assert dialog.focused() == "generic|dana.wu@acme.example"
    d.keys("Tab", shift=True)
    assert dialog.focused() == "outside-hiring-process|bob.boss@acme.example"
    d.keys("Tab", shift=True)
    assert dialog.focused() == "send"
    assert dialog.finishes() == []


def test_send_anyway_with_only_warnings_sends(dialog: Dialog) -> None:
    dialog.open(findings_data(WARN_GENERIC, INFO_SHORT))
    dialog.d.keys("Tab")
    assert dialog.focused() == "send"
    dialog.d.keys("Enter")
    assert dialog.finishes(1) == ["send"]


def test_send_anyway_with_a_block_asks_once_more(dialog: Dialog) -> None:
    dialog.open(findings_data(BLOCK_PLACEHOLDER, WARN_GENERIC))
    d = dialog.d
    d.click(d.find("#send"))
    assert d.execute("return !document.getElementById('confirm').hidden")
    assert dialog.focused() == "confirm-back"
    assert dialog.finishes() == []
    dialog.shot("dialog-confirm.png")
    # Tab stays inside the question
    d.keys("Tab")
    assert dialog.focused() == "confirm-send"
    d.keys("Tab")
    assert dialog.focused() == "confirm-back"
    # Esc (and Enter on "Go back") only go back to the findings
    d.keys("Escape")
    assert d.execute("return document.getElementById('confirm').hidden")
    assert dialog.focused() == "send"
    assert dialog.finishes() == []
    d.keys("Enter")  # on "Send anyway": asks again
    assert dialog.focused() == "confirm-back"
    d.keys("Enter")
    assert d.execute("return document.getElementById('confirm').hidden")
    assert dialog.finishes() == []
    d.keys("Enter")
    d.keys("Tab", "Enter")  # "Yes, send it"
    assert dialog.finishes(1) == ["send"]


def test_snooze_calls_with_rule_and_person(dialog: Dialog) -> None:
    dialog.open(findings_data(BLOCK_SCOPE, WARN_GENERIC))
    d = dialog.d
    button = d.find('.snooze-btn[data-rule="outside-hiring-process"]')
    d.click(button)
    d.wait(
        "return document.querySelector("
        "'.snooze-btn[data-rule=\"outside-hiring-process\"]').textContent.startsWith('Snoozed')",
        what="the snooze to finish",
    )
    calls = [c for c in dialog.calls() if c["kind"] == "snooze"]
    assert calls == [
        {
            "kind": "snooze",
            "rule": "outside-hiring-process",
            "person": "bob.boss@acme.example",
            "days": None,
        }
    ]
    assert d.text(button) == "Snoozed for Bob Boss"
    assert "snoozed" in d.attribute(d.find('.finding[data-rule="outside-hiring-process"]'), "class")
    dialog.shot("dialog-snoozed.png")
    # The only block finding is snoozed: "Send anyway" no longer asks again.
    d.click(d.find("#send"))
    assert dialog.finishes(1) == ["send"]


def test_snooze_by_keyboard(dialog: Dialog) -> None:
    dialog.open(findings_data(WARN_GENERIC, to=[DANA]))
    d = dialog.d
    d.keys("Tab", "Tab")
    assert dialog.focused() == "generic|dana.wu@acme.example"
    d.keys("Enter")
    d.wait(
        "return document.querySelector('.snooze-btn').textContent.startsWith('Snoozed')",
        what="the snooze",
    )
    assert [c for c in dialog.calls() if c["kind"] == "snooze"] == [
        {"kind": "snooze", "rule": "generic", "person": "dana.wu@acme.example", "days": None}
    ]
    assert dialog.finishes() == []
    assert dialog.focused() == "edit"  # the focus moved on from the disabled button


def test_snooze_failure_is_shown(dialog: Dialog) -> None:
    d = dialog.d
    dialog.open(findings_data(WARN_GENERIC, to=[DANA]))
    d.switch_to_parent()
    d.execute("window.fgSnoozeReply = {ok: false, error: 'the store is locked'};")
    d.switch_to_frame(d.find("#dialog"))
    d.click(d.find(".snooze-btn"))
    d.wait("return document.querySelector('.snooze-error')", what="the error")
    assert d.text(d.find(".snooze-error")) == "Could not snooze: the store is locked"
    assert not d.execute("return document.querySelector('.snooze-btn').disabled")


def test_unavailable_held_notice(dialog: Dialog) -> None:
    d = dialog.d
    dialog.open(
        {
            "mode": "unavailable-held",
            "reason": "the followup-guard helper did not answer within 5 s",
            "draft": {"to": [DANA], "cc": [], "bcc": [], "subject": "Thank you"},
        }
    )
    assert d.execute("return document.title") == "followup-guard: could not check this message"
    assert "held" in d.text(d.find("#summary"))
    assert "did not answer within 5 s" in d.text(d.find("#reason"))
    assert d.text(d.find("#send")) == "Send without checking"
    assert dialog.focused() == "edit"
    dialog.shot("notice-held.png")
    d.keys("Tab", "Enter")
    assert dialog.finishes(1) == ["send"]


def test_unavailable_sent_notice(dialog: Dialog) -> None:
    d = dialog.d
    dialog.open(
        {
            "mode": "unavailable-sent",
            "reason": "No such native application",
            "draft": {"to": [DANA], "cc": [], "bcc": [], "subject": "Hi"},
        }
    )
    assert "sent without a check" in d.text(d.find("#summary"))
    assert d.text(d.find("#edit")) == "OK"
    assert not d.execute("return document.getElementById('send').offsetParent")
    dialog.shot("notice-sent.png")
    d.keys("Tab")
    assert dialog.focused() == "edit"  # the only button
    d.keys("Enter")
    assert dialog.finishes(1) == ["edit"]


def test_messages_read_as_sentences_but_addresses_stay(dialog: Dialog) -> None:
    timing = dict(WARN_GENERIC, rule="inquiry-too-soon", message="the onsite ended 4 hours ago")
    scope = dict(BLOCK_SCOPE, message="bob.boss@acme.example in To is at Acme Corp")
    dialog.open(findings_data(timing, scope))
    texts = dialog.d.execute(
        "return [...document.querySelectorAll('.finding .what')].map(h => h.textContent);"
    )
    assert texts == ["bob.boss@acme.example in To is at Acme Corp", "The onsite ended 4 hours ago"]
