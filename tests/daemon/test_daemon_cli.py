"""`followup-guard daemon` / `install systemd` wiring, the shipped unit, notifications."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from followup_guard.service import notify, systemd

REPO = Path(__file__).resolve().parents[2]


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followup_guard.cli.main", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_shipped_unit_is_the_template() -> None:
    assert (REPO / "config" / "followup-guard.service").read_text() == systemd.render()
    unit = systemd.render()
    assert "ExecStart=%h/.local/bin/followup-guard daemon" in unit
    assert "RestartPreventExitStatus=2" in unit and "WantedBy=default.target" in unit


def test_daemon_help_lists_its_options() -> None:
    res = cli("daemon", "--help")
    assert res.returncode == 0, res.stderr
    for flag in ("--once", "--demo", "--verbose", "--config", "--data-dir"):
        assert flag in res.stdout


def test_install_systemd_writes_the_unit(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    res = cli("install", "systemd", "--print", "--config", str(tmp_path / "c.toml"), env=env)
    assert res.returncode == 0, res.stderr
    assert f"daemon --config {tmp_path / 'c.toml'}" in res.stdout
    res = cli("install", "systemd", "--no-start", env=env)
    assert res.returncode == 0, res.stderr
    unit = tmp_path / "systemd" / "user" / "followup-guard.service"
    text = unit.read_text()
    assert "ExecStart=" in text and " daemon" in text
    assert "systemctl --user" in res.stdout


def test_daemon_reports_a_bad_config_clearly(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("[general]\ntimezone = 'Nowhere/Land'\n")
    res = cli("daemon", "--once", "--config", str(cfg), "--data-dir", str(tmp_path / "d"))
    assert res.returncode == 2
    assert f"{cfg}:2: general.timezone: unknown time zone" in res.stderr


def test_notify_without_a_session_bus(monkeypatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", "/nonexistent")
    assert notify.session_bus() is None
    assert notify.desktop_notify("title", "body") is False
