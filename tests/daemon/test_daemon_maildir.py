"""The Maildir source, config hot reload (with a bad edit), the lock, SIGTERM and the state file."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from daemon_helpers import DaemonProc, count, message, snapshot, wait_for, write_config
from followup_guard.config.paths import Paths
from followup_guard.service.state import daemon_status


def maildir(path: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    return path


def deliver(box: Path, raw: bytes, name: str) -> Path:
    """As an MDA (or mbsync) does: write in tmp/, rename into new/."""
    tmp = box / "tmp" / name
    tmp.write_bytes(raw)
    final = box / "new" / name
    os.rename(tmp, final)
    return final


def maildirs_toml(*entries: tuple[Path, str]) -> str:
    return "".join(f'\n[[maildirs]]\npath = "{p}"\ndirection = "{d}"\n' for p, d in entries)


@pytest.fixture
def setup(tmp_path: Path):
    sent, inbox = maildir(tmp_path / "mail" / "Sent"), maildir(tmp_path / "mail" / "INBOX")
    cfg = write_config(tmp_path, maildirs=maildirs_toml((sent, "out"), (inbox, "in")))
    return tmp_path, sent, inbox, DaemonProc(cfg, tmp_path / "data")


def test_maildir_source_records_once_and_restarts_cheaply(setup) -> None:
    _home, sent, inbox, d = setup
    deliver(sent, message(1), "1700000001.M1P1.host")
    d.start()
    try:
        d.wait_ready()
        assert count(d.data_dir) == 1
        t0 = time.monotonic()
        f = deliver(sent, message(2), "1700000002.M2P1.host")
        wait_for(lambda: count(d.data_dir) == 2, 5)
        assert time.monotonic() - t0 < 2
        # The mail client marks it read: new/ → cur/ with flags. Same message, same file.
        os.rename(f, sent / "cur" / (f.name + ":2,S"))
        # A copy of message 1 under another name (a re-sync), and a reply in INBOX.
        deliver(sent, message(1), "1700000003.M3P1.host")
        deliver(
            inbox,
            message(
                "r",
                sender="dana.wu@acme.example",
                to="alice@example.org",
                extra="In-Reply-To: <msg-1@example.org>\r\n",
            ),
            "1700000004.M4P1.host",
        )
        wait_for(lambda: count(d.data_dir, "direction = 'in'") == 1, 5)
        time.sleep(0.5)
        assert count(d.data_dir) == 3
        assert count(d.data_dir, "direction = 'out'") == 2
    finally:
        assert d.terminate() == 0
    before = snapshot(d.data_dir)
    assert d.run_once() == 0
    assert "read" not in d.last_log()  # nothing new to read after a restart
    assert snapshot(d.data_dir) == before


def test_config_hot_reload_and_a_bad_edit(setup) -> None:
    home, sent, _inbox, d = setup
    other = maildir(home / "mail" / "Other")
    d.start()
    try:
        d.wait_ready()
        good = d.config.read_text()
        # A bad edit: reported with the loader's clear errors; the last good config stays.
        d.config.write_text(good + "\n[general]\ntimezone = 'Mars/Olympus'\n")
        d.wait_log("the last good config stays in force")
        d.config.write_text(good.replace('timezone = "UTC"', 'timezone = "Mars/Olympus"'))
        d.wait_log("unknown time zone 'Mars/Olympus'")
        assert f"{d.config}:" in d.last_log()  # file and line, like `followup-guard check`
        status = daemon_status(Paths(d.config, d.data_dir))
        assert status["running"] and status["config_problems"]
        deliver(sent, message(1), "1700000001.M1P1.host")  # still recording
        wait_for(lambda: count(d.data_dir) == 1, 5)

        # A good edit that adds a Maildir: the sources restart and the new one is watched.
        d.config.write_text(good + maildirs_toml((other, "out")))
        d.wait_log("config reloaded: the sources changed")
        wait_for(lambda: not daemon_status(Paths(d.config, d.data_dir))["config_problems"], 5)
        deliver(other, message(2), "1700000002.M2P1.host")
        wait_for(lambda: count(d.data_dir) == 2, 10, lambda: d.last_log()[-2000:])
        # An editor's atomic save (write elsewhere, rename over) is seen too.
        tmp = d.config.with_name("config.toml.swp")
        tmp.write_text(good.replace('company = "Acme Corp"', 'company = "Acme Corporation"'))
        os.replace(tmp, d.config)
        d.wait_log("config reloaded", count=2)
        assert d.alive()
    finally:
        assert d.terminate() == 0


def test_one_daemon_per_data_dir_and_clean_sigterm(setup) -> None:
    _home, sent, inbox, d = setup
    paths = Paths(d.config, d.data_dir)
    assert daemon_status(paths)["running"] is False
    d.start()
    try:
        d.wait_ready()
        st = daemon_status(paths)
        assert st["running"] and st["pid"] == d.proc.pid and not st["stale"]
        assert st["summary"].startswith(f"running (pid {d.proc.pid}")
        assert {s["key"] for s in st["sources"]} == {f"maildir:{sent}", f"maildir:{inbox}"}
        second = DaemonProc(d.config, d.data_dir)
        assert second.run_once() == 2
        assert "already running" in second.last_log() and str(d.proc.pid) in second.last_log()
    finally:
        assert d.terminate() == 0
    st = daemon_status(paths)
    assert st["running"] is False and st["stopped"]
    state = json.loads((d.data_dir / "daemon.json").read_text())
    assert {s["status"] for s in state["sources"].values()} == {"stopped"}
    assert oct((d.data_dir / "daemon.json").stat().st_mode & 0o777) == "0o600"
    # kill -9 leaves no stale lock behind
    d.start()
    d.wait_ready()
    d.kill9()
    assert daemon_status(paths)["running"] is False
    assert d.run_once() == 0


def test_demo_once(tmp_path: Path) -> None:
    import subprocess
    import sys

    env = {**os.environ, "FOLLOWUP_GUARD_HOME": str(tmp_path)}
    res = subprocess.run(
        [sys.executable, "-m", "followup_guard", "daemon", "--demo", "--once"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "demo: you sent 'Thank you for the onsite'" in out
    assert "recorded sent     acme-backend" in out
    assert "recorded received globex-data" in out
    assert "reminder [thank-you-due]" in out and "John Smith" in out
    assert (tmp_path / "demo" / "store.sqlite3").exists()
    # Run again: the demo dir (and only it) is made anew.
    res = subprocess.run(
        [sys.executable, "-m", "followup_guard", "daemon", "--demo", "--once"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert res.returncode == 0 and out.count("recorded") == res.stdout.count("recorded")
    shutil.rmtree(tmp_path / "demo")


def test_the_running_daemon_answers_checks(setup) -> None:
    from followup_guard.client import check_via_daemon

    _home, _sent, _inbox, d = setup
    raw = message("draft", body="Dear Dana,\r\n\r\nthank you for the interview.\r\n")
    assert check_via_daemon(d.data_dir, d.config, raw) is None  # no daemon: check locally
    d.start()
    try:
        d.wait_ready()
        result = check_via_daemon(d.data_dir, d.config, raw)
        assert result is not None and result["application"] == "acme"
        assert "findings" in result
    finally:
        assert d.terminate() == 0
    assert not (d.data_dir / "check.sock").exists()
