"""One notification per new suggestion, through a real session bus to a real notification
server (dunst on Xvfb, under dbus-run-session's bus), and the Track / Dismiss actions."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import corpus
import pytest
from test_suggestions import invite

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "thunderbird"))

from conftest import require_tool  # noqa: E402
from followup_guard.api import open_context  # noqa: E402
from followup_guard.config.load import load_config  # noqa: E402
from followup_guard.config.paths import Paths  # noqa: E402
from followup_guard.mail.parse import parse_bytes  # noqa: E402
from followup_guard.record import suggest  # noqa: E402
from followup_guard.record import suggestions as sg  # noqa: E402
from followup_guard.service.runner import Runtime  # noqa: E402
from followup_guard.service.suggestion_notes import SuggestionNotices  # noqa: E402
from followup_guard.store.db import Store  # noqa: E402

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)


def setup(tmp_path: Path, notify: bool) -> tuple[Runtime, Store, list[str]]:
    cfg = tmp_path / "config.toml"
    cfg.write_text(corpus.CONFIG.replace("notify = false", f"notify = {str(notify).lower()}"))
    paths = Paths(cfg, tmp_path / "data")
    second = invite(uid="second@g", start="20261210T100000", end="20261210T110000", mid="m2@g")
    with open_context(paths.config, paths.data_dir) as ctx:
        for raw in (invite(), second):
            suggest.consider(ctx.config, ctx.store, parse_bytes(raw), now=NOW)
    lines: list[str] = []
    rt = Runtime(paths, load_config(cfg), printer=lines.append)
    return rt, Store(paths.store), lines


def test_each_new_suggestion_is_announced_once_and_the_buttons_act(tmp_path: Path) -> None:
    rt, store, lines = setup(tmp_path, notify=False)
    notices = SuggestionNotices(rt, store)
    assert notices.check() == 2
    assert lines[0].startswith("suggestion 1: Interview with Initech, Tue 8 Dec 14:00")
    assert "suggestions accept 1" in lines[0]
    assert notices.check() == 0
    assert "tracked: initech" in notices.act(1, "track")
    assert load_config(rt.paths.config).application("initech") is not None
    assert "dismissed" in notices.act(2, "dismiss")
    assert sg.pending(store) == []
    assert "is dismissed already" in notices.act(2, "track")
    store.close()


@pytest.mark.real
def test_a_desktop_notification_reaches_a_real_notification_server(tmp_path: Path) -> None:
    require_tool("dbus-run-session")
    require_tool("dunst")
    require_tool("dunstctl")
    require_tool("Xvfb")
    from tb_harness import Xvfb

    rt, store, _ = setup(tmp_path, notify=True)
    store.close()
    script = tmp_path / "announce.py"
    script.write_text(
        "import sys, time\n"
        "from followup_guard.config.load import load_config\n"
        "from followup_guard.config.paths import Paths\n"
        "from followup_guard.service.runner import Runtime\n"
        "from followup_guard.service.suggestion_notes import SuggestionNotices\n"
        "from followup_guard.store.db import Store\n"
        "from pathlib import Path\n"
        f"p = Paths(Path({str(rt.paths.config)!r}), Path({str(rt.paths.data_dir)!r}))\n"
        "rt = Runtime(p, load_config(p.config))\n"
        "print(SuggestionNotices(rt, Store(p.store)).check())\n"
    )
    runner = tmp_path / "run.sh"
    runner.write_text(
        "set -e\n"
        "dunst -config /dev/null >dunst.log 2>&1 &\n"
        "for i in $(seq 50); do dbus-send --session --print-reply"
        " --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner"
        " string:org.freedesktop.Notifications 2>/dev/null | grep -q true && break; sleep 0.1;"
        " done\n"
        f"{sys.executable} {script}\n"
        "sleep 0.5\n"
        "dunstctl close-all\n"  # shown notifications enter the history once closed
        "sleep 0.3\n"
        "dunstctl history > history.json\n"
        "kill %1 || true\n"
    )
    with Xvfb() as xvfb:
        env = {**os.environ, "DISPLAY": xvfb.display, "HOME": str(tmp_path)}
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        out = subprocess.run(["dbus-run-session", "--", "bash", str(runner)], cwd=tmp_path,
                             env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "2"
    history = (tmp_path / "history.json").read_text()
    assert "Interview with Initech, Tue 8 Dec 14:00 — track it?" in history


@pytest.mark.real
def test_track_pressed_on_a_real_notification_writes_the_config(tmp_path: Path) -> None:
    """dunst's context menu (its `dmenu` stand-in picks "Track") sends ActionInvoked on the
    real bus; the daemon's listener hears it and the suggestion is tracked in the config."""
    require_tool("dbus-run-session")
    require_tool("dunst")
    require_tool("dunstctl")
    require_tool("Xvfb")
    from tb_harness import Xvfb

    rt, store, _ = setup(tmp_path, notify=True)
    store.close()
    picker = tmp_path / "pick-track.sh"
    picker.write_text(
        '#!/bin/sh\ntee menu.txt | grep -m1 "^#Track" || true\n'  # the menu's "Track" line
    )
    picker.chmod(0o755)
    (tmp_path / "dunstrc").write_text(f'[global]\n    dmenu = "{picker}"\n')
    script = tmp_path / "announce.py"
    script.write_text(
        "import time\n"
        "from followup_guard.config.load import load_config\n"
        "from followup_guard.config.paths import Paths\n"
        "from followup_guard.service.runner import Runtime\n"
        "from followup_guard.service.suggestion_notes import SuggestionNotices\n"
        "from followup_guard.store.db import Store\n"
        "from pathlib import Path\n"
        f"p = Paths(Path({str(rt.paths.config)!r}), Path({str(rt.paths.data_dir)!r}))\n"
        "rt = Runtime(p, load_config(p.config))\n"
        "print(SuggestionNotices(rt, Store(p.store)).check(), flush=True)\n"
        "open('shown', 'w').close()\n"
        "for _ in range(100):\n"
        "    if 'Initech' in p.config.read_text():\n"
        "        print('tracked', flush=True)\n"
        "        break\n"
        "    time.sleep(0.1)\n"
    )
    runner = tmp_path / "run.sh"
    runner.write_text(
        "set -e\n"
        "dunst -config dunstrc >dunst.log 2>&1 &\n"
        "for i in $(seq 50); do dbus-send --session --print-reply"
        " --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner"
        " string:org.freedesktop.Notifications 2>/dev/null | grep -q true && break; sleep 0.1;"
        " done\n"
        f"{sys.executable} {script} &\n"
        "for i in $(seq 100); do [ -e shown ] && break; sleep 0.1; done\n"
        "sleep 0.5\n"
        "dunstctl context\n"  # the user opens the notification's menu and picks Track
        "wait %2\n"
        "kill %1 || true\n"
    )
    with Xvfb() as xvfb:
        env = {**os.environ, "DISPLAY": xvfb.display, "HOME": str(tmp_path)}
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        out = subprocess.run(["dbus-run-session", "--", "bash", str(runner)], cwd=tmp_path,
                             env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr
    menu = (tmp_path / "menu.txt").read_text() if (tmp_path / "menu.txt").exists() else ""
    assert "tracked" in out.stdout.split(), f"{out.stdout}\nmenu offered:\n{menu}"
    assert "Initech" in rt.paths.config.read_text()
