"""The data dir is 0700 whichever command creates it first (issue: `check`, the shim and
`install thunderbird` used to create it 0755)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from followup_guard.config.paths import private_dir

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "tests" / "corpus" / "config.toml"
RISKY = (
    "From: Alex Morgan <alex.morgan@example.org>\nTo: Tom Becker <tom.becker@acme.example>\n"
    "Subject: Hi\n\nhey Tom, any news??\n"
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    env.pop("FOLLOWUP_GUARD_HOME", None)
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def test_private_dir_makes_the_last_part_0700_under_any_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        made = private_dir(tmp_path / "a" / "b" / "data")
    finally:
        os.umask(old)
    assert _mode(made) == 0o700
    private_dir(made)  # twice is fine
    assert _mode(made) == 0o700


@pytest.mark.parametrize(
    "args",
    [
        ("-m", "followup_guard", "--config", str(CONFIG), "--data-dir", "{d}", "check", "-"),
        ("-m", "followup_guard.bridges.sendmail", "-t"),
    ],
    ids=["check", "sendmail-shim"],
)
def test_first_command_creates_a_private_data_dir(tmp_path: Path, args: tuple[str, ...]) -> None:
    data = tmp_path / "share" / "followup-guard"
    argv = [a.replace("{d}", str(data)) for a in args]
    env_args = argv
    env = {**os.environ, "HOME": str(tmp_path / "home"), "FOLLOWUP_GUARD_HOME": str(data)}
    env["FOLLOWUP_GUARD_CONFIG"] = str(CONFIG)
    res = subprocess.run(
        [sys.executable, *env_args],
        input=RISKY,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert "Traceback" not in res.stderr
    assert res.returncode in (1, 77), res.stderr  # findings / refused
    assert _mode(data) == 0o700
    for sub in data.rglob("*"):
        if sub.is_dir():
            assert _mode(sub) == 0o700, sub


def test_install_thunderbird_creates_a_private_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "share" / "followup-guard"
    res = _run(tmp_path, "-m", "followup_guard", "--data-dir", str(data), "install", "thunderbird")
    assert res.returncode == 0, res.stderr
    assert _mode(data) == 0o700
