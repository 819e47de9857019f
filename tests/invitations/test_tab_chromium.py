"""The followup-guard tab (plugins/thunderbird/tab.html) in headless Chromium, on the real
engine's data: a harness page relays the tab's requests to a real `followup-guard
native-host` process (native-messaging frames over its stdin/stdout), which reads a real
store and config. Tracking a suggestion there writes the config file. Screenshots are kept
in test-artifacts/invitations/."""

from __future__ import annotations

import functools
import http.server
import json
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import corpus
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "thunderbird"))

from chromium_driver import ChromeDriver  # noqa: E402
from conftest import require_tool  # noqa: E402
from followup_guard.api import open_context, record_message  # noqa: E402
from followup_guard.config.load import load_config  # noqa: E402

pytestmark = pytest.mark.real
ARTIFACTS = REPO / "test-artifacts" / "invitations"


class NativeHost:
    """`followup-guard native-host` as Thunderbird runs it: frames over pipes."""

    def __init__(self, config: Path, data_dir: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "followup_guard.cli.main", "native-host",
             "--config", str(config), "--data-dir", str(data_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        self.lock = threading.Lock()
        self.next_id = 1

    def call(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            assert self.proc.stdin and self.proc.stdout
            req = json.dumps({"id": self.next_id, "method": method, "params": params}).encode()
            self.next_id += 1
            self.proc.stdin.write(struct.pack("=I", len(req)) + req)
            self.proc.stdin.flush()
            (n,) = struct.unpack("=I", self.proc.stdout.read(4))
            return json.loads(self.proc.stdout.read(n))

    def close(self) -> str:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait(10)
        return self.proc.stderr.read().decode() if self.proc.stderr else ""


class _Relay(http.server.SimpleHTTPRequestHandler):
    host: NativeHost

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        req = json.loads(body)
        reply = json.dumps(self.host.call(req["method"], req["params"])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict[str, Any]]:
    chromium = require_tool("chromium")
    chromedriver = require_tool("chromedriver")
    config = tmp_path / "config.toml"
    now = datetime.now(timezone.utc)
    phone = (now - timedelta(days=2)).strftime("%Y-%m-%dT14:00")
    config.write_text(
        "# my search: keep this comment\n"
        + corpus.CONFIG.replace('start = "2026-11-20T14:00"', f'start = "{phone}"')
    )
    data = tmp_path / "data"
    # The real engine's data: mail recorded through the API, an invitation found in it.
    with open_context(config, data) as ctx:
        sent = (now - timedelta(days=1)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        record_message(
            ctx,
            (f"From: Alex Morgan <alex.morgan@example.org>\nTo: seun@globex.example\n"
             f"Subject: Thank you for the phone screen\nDate: {sent}\nMessage-ID: <ty1@x>\n\n"
             "Dear Seun,\n\nthank you for your time.\n\nAlex\n").encode(),
            source="file", direction="out",
        )  # fmt: skip
        start = now + timedelta(days=4)
        ics = f"""BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
DTSTART:{start:%Y%m%dT140000Z}
DTEND:{start:%Y%m%dT150000Z}
DTSTAMP:{now:%Y%m%dT%H%M%SZ}
ORGANIZER;CN=Maria Lopez:mailto:maria.lopez@initech.example
UID:tab-test-1@google.com
ATTENDEE;CN=Maria Lopez:mailto:maria.lopez@initech.example
ATTENDEE;CN=Bill Lumbergh:mailto:bill@initech.example
ATTENDEE;CN=Alex Morgan:mailto:alex.morgan@example.org
SEQUENCE:0
SUMMARY:Technical interview - Initech
END:VEVENT
END:VCALENDAR
"""
        raw = corpus.wrap(ics, style="google", sender="Maria Lopez <maria.lopez@initech.example>",
                          subject="Invitation: Technical interview - Initech",
                          mid="tab-inv@google.com", sent=now)  # fmt: skip
        record_message(ctx, raw, source="file", direction="in")
    host = NativeHost(config, data)
    handler = type("Relay", (_Relay,), {"host": host})
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(REPO))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        with ChromeDriver(chromedriver, chromium, window=(1100, 900)) as d:
            yield {"d": d, "base": base, "config": config, "host": host}
    finally:
        httpd.shutdown()
        httpd.server_close()
        err = host.close()
        assert "Traceback" not in err, err


def open_tab(w: dict[str, Any]) -> ChromeDriver:
    d: ChromeDriver = w["d"]
    d.switch_to_frame(None)
    d.get(w["base"] + "/tests/invitations/tab_harness.html")
    d.execute("window.start(arguments[0]);", "/plugins/thunderbird/tab.html")
    d.wait(
        "const f = document.getElementById('tab');"
        "return f.contentDocument && f.contentDocument.body"
        " && f.contentDocument.body.dataset.ready === 'true';",
        timeout=15,
        what="the tab to render",
    )
    d.switch_to_frame(d.find("#tab"))
    return d


def test_tab_shows_applications_timeline_windows_and_suggestions(world: dict[str, Any]) -> None:
    d = open_tab(world)
    apps = d.execute(
        "return [...document.querySelectorAll('article.app')].map(a => ({id: a.dataset.id,"
        " kinds: [...a.querySelectorAll('.timeline li')].map(l => l.dataset.kind),"
        " windows: a.querySelector('.windows').textContent,"
        " reminders: [...a.querySelectorAll('.reminders li')].map(l => l.dataset.rule)}));"
    )
    (globex,) = apps
    assert globex["id"] == "globex-data"
    assert globex["kinds"] == ["round", "sent"]
    assert "Thank-you to Oluwaseun Okonkwo (phone screen): sent" in globex["windows"]
    assert "Status inquiry fine from" in globex["windows"]
    cards = d.execute(
        "return [...document.querySelectorAll('#suggestion-list li.card')].map(c => ({"
        " id: c.dataset.id, text: c.textContent}));"
    )
    (card,) = cards
    assert "Interview with Initech" in card["text"] and "Bill Lumbergh" in card["text"]
    assert "a new application" in card["text"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    d.switch_to_frame(None)
    assert d.screenshot(ARTIFACTS / "tab-suggestion.png").stat().st_size > 1000


def test_track_in_the_tab_writes_the_config(world: dict[str, Any]) -> None:
    d = open_tab(world)
    d.click(d.find("#suggestion-list li.card button.track"))
    d.wait("return document.body.dataset.lastAction && document.body.dataset.ready === 'true'"
           " && !document.querySelector('#suggestion-list li.card');", timeout=15,
           what="the suggestion to be tracked")  # fmt: skip
    assert "Tracked: initech" in d.text(d.find("#status"))
    ids = d.execute("return [...document.querySelectorAll('article.app')].map(a => a.dataset.id);")
    assert ids == ["globex-data", "initech"]
    text = world["config"].read_text()
    assert text.startswith("# my search: keep this comment\n")
    app = load_config(world["config"]).application("initech")
    assert app is not None and [r.name for r in app.rounds] == ["Technical interview"]
    assert {p.address for p in app.interviewers} == {"bill@initech.example"}
    d.switch_to_frame(None)
    d.screenshot(ARTIFACTS / "tab-tracked.png")


def test_dismiss_in_the_tab(world: dict[str, Any]) -> None:
    d = open_tab(world)
    d.click(d.find("#suggestion-list li.card button.dismiss"))
    d.wait("return document.body.dataset.lastAction"
           " && !document.querySelector('#suggestion-list li.card');", timeout=15,
           what="the suggestion to go")  # fmt: skip
    assert d.execute("return document.getElementById('suggestions').hidden") is True
    assert world["host"].call("suggestions", {})["result"] == {"suggestions": []}
    assert load_config(world["config"]).application("initech") is None


def test_text_from_mail_is_never_html(world: dict[str, Any]) -> None:
    import base64

    evil = "Interview <img src=x onerror=window.pwned=1> Initech"
    start = datetime.now(timezone.utc) + timedelta(days=6)
    ics = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//x//y//EN\nMETHOD:REQUEST\nBEGIN:VEVENT\n"
        f"UID:evil@x\nDTSTART:{start:%Y%m%dT100000Z}\nDTEND:{start:%Y%m%dT110000Z}\n"
        f"SUMMARY:{evil}\nORGANIZER;CN=<b>Bold</b>:mailto:bold@initech.example\n"
        "ATTENDEE;CN=<i>Kim</i>:mailto:kim@initech.example\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    raw = corpus.wrap(ics, style="outlook", sender="bold@initech.example", subject=evil,
                      mid="evil@x", sent=datetime.now(timezone.utc))  # fmt: skip
    reply = world["host"].call("recognise", {"raw": base64.b64encode(raw).decode()})
    assert reply["ok"] and reply["result"]["suggestions"], reply
    d = open_tab(world)
    assert "<img src=x" in d.text(d.find("#suggestion-list"))
    assert (
        d.execute(
            "return document.querySelectorAll('#suggestion-list img, #suggestion-list b, #suggestion-list i').length"
        )
        == 0
    )
    assert d.execute("return window.pwned === undefined && window.parent.pwned === undefined")
