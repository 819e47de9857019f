"""Helpers shared by the unit tests: CLI runners (the world and the message builders are in
tests/factories.py, re-exported here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

# The shared world and message builders, re-exported for the unit tests.
from factories import CORPUS_CONFIG as CORPUS_CONFIG
from factories import DANA as DANA
from factories import EXAMPLE_CONFIG as EXAMPLE_CONFIG
from factories import JOHN as JOHN
from factories import MARIA as MARIA
from factories import ME as ME
from factories import REPO as REPO
from factories import eml as eml


def cli_env(config: Path, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["FOLLOWUP_GUARD_CONFIG"] = str(config)
    env["FOLLOWUP_GUARD_HOME"] = str(home)
    env["XDG_CONFIG_HOME"] = str(home / "xdg-config")
    env["XDG_DATA_HOME"] = str(home / "xdg-data")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def run(
    config: Path, home: Path, *args: str | Path, stdin: bytes | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    """``followup-guard ARGS`` in a subprocess, with config and data dir set by the env."""
    proc = subprocess.run(
        [sys.executable, "-m", "followup_guard.cli.main", *map(str, args)],
        input=stdin,
        capture_output=True,
        env=cli_env(config, home),
        timeout=timeout,
        cwd=config.parent if config.parent.is_dir() else None,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def run_json(config: Path, home: Path, *args: str | Path, stdin: bytes | None = None) -> Any:
    proc = run(config, home, *args, "--json", stdin=stdin)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def assert_clean_error(proc: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """Exit ``code``, a short message on stderr and no traceback; returns stderr."""
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    assert proc.stderr.strip(), "an error must say what is wrong"
    return proc.stderr
