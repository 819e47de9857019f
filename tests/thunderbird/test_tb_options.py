"""The add-on's options page (plugins/thunderbird/options.html) in headless Chromium.

The WebExtension APIs it uses (accounts.list, storage.local, runtime.sendMessage) are
stubbed in before the page's own script runs (CDP Page.addScriptToEvaluateOnNewDocument);
the stub records what the page stores.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from chromium_driver import ChromeDriver, StaticServer
from conftest import require_tool

pytestmark = pytest.mark.real

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "thunderbird"

STUB = """
(() => {
  const params = JSON.parse(sessionStorage.getItem("fgStub") || "{}");
  const stored = Object.assign({}, params.stored || {});
  window.fgStored = stored;
  window.fgSets = [];
  window.browser = {
    runtime: {
      id: "followup-guard@followup-guard.local",
      sendMessage: async (msg) => (msg.type === "fg-options-ping"
        ? (params.ping || {ok: true, result: {pong: true, version: "0.1.0"}}) : null),
    },
    accounts: {
      list: async () => [
        {id: "account1", name: "Job search", identities: [
          {id: "id1", name: "Alex Morgan", email: "alex.morgan@example.org"},
          {id: "id2", name: "", email: "alex@work.example"}]},
        {id: "account2", name: "Local Folders", identities: []},
      ],
    },
    storage: {
      local: {
        get: async (defaults) => Object.assign({}, defaults, stored),
        set: async (items) => { Object.assign(stored, items); window.fgSets.push(items); },
      },
    },
  };
})();
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[ChromeDriver]:
    chromium = require_tool("chromium")
    chromedriver = require_tool("chromedriver")
    with StaticServer(REPO) as server, ChromeDriver(chromedriver, chromium) as driver:
        driver.server = server  # type: ignore[attr-defined]
        driver.cdp("Page.addScriptToEvaluateOnNewDocument", {"source": STUB})
        yield driver


def open_options(d: ChromeDriver, stub: dict) -> None:
    base = d.server.base  # type: ignore[attr-defined]
    d.get(base + "/tests/thunderbird/fixtures/dialog_harness.html")  # same origin, any page
    d.execute("sessionStorage.setItem('fgStub', JSON.stringify(arguments[0]));", stub)
    d.get(base + "/plugins/thunderbird/options.html")
    d.wait("return document.querySelectorAll('input[name=identity]').length === 2",
           what="the identities")  # fmt: skip


def state(d: ChromeDriver) -> dict:
    return d.execute(
        "return {all: document.getElementById('guard-all').checked,"
        " ids: [...document.querySelectorAll('input[name=identity]')].map(b =>"
        "   [b.value, b.checked, b.disabled, b.parentElement.textContent.trim()]),"
        " mode: document.querySelector('input[name=onUnavailable]:checked').value,"
        " stored: window.fgStored};"
    )


def test_defaults_guard_every_identity_and_hold(browser: ChromeDriver) -> None:
    open_options(browser, {})
    s = state(browser)
    assert s["all"] is True
    assert [i[:3] for i in s["ids"]] == [["id1", True, True], ["id2", True, True]]
    assert s["ids"][0][3].startswith("Alex Morgan <alex.morgan@example.org>")
    assert s["mode"] == "hold"
    browser.screenshot(ARTIFACTS / "options.png")


def test_choosing_identities_and_send_is_stored(browser: ChromeDriver) -> None:
    d = browser
    open_options(d, {})
    d.click(d.find("#guard-all"))
    d.wait("return window.fgSets.length === 1", what="the save")
    assert d.execute("return window.fgStored.guardedIdentities") == ["id1", "id2"]
    d.click(d.find("input[name=identity][value=id2]"))
    d.wait("return window.fgSets.length === 2", what="the save")
    assert d.execute("return window.fgStored.guardedIdentities") == ["id1"]
    d.click(d.find("input[name=onUnavailable][value=send]"))
    d.wait("return window.fgStored.onUnavailable === 'send'", what="the save")
    assert d.execute("return window.fgStored.guardedIdentities") == ["id1"]


def test_stored_settings_are_shown(browser: ChromeDriver) -> None:
    open_options(browser, {"stored": {"guardedIdentities": ["id2"], "onUnavailable": "send"}})
    s = state(browser)
    assert s["all"] is False
    assert [i[:3] for i in s["ids"]] == [["id1", False, False], ["id2", True, False]]
    assert s["mode"] == "send"


def test_connection_test_reports_the_host(browser: ChromeDriver) -> None:
    d = browser
    open_options(d, {"ping": {"ok": False, "error": "No such native application followup_guard"}})
    d.click(d.find("#ping"))
    d.wait("return document.getElementById('ping-result').textContent.startsWith('Not')",
           what="the answer")  # fmt: skip
    assert d.text(d.find("#ping-result")) == (
        "Not connected: No such native application followup_guard"
    )
    open_options(d, {})
    d.click(d.find("#ping"))
    d.wait("return document.getElementById('ping-result').textContent.startsWith('Conn')",
           what="the answer")  # fmt: skip
    assert d.text(d.find("#ping-result")) == "Connected to followup-guard 0.1.0."
