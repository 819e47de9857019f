"""Helpers shared by the unit tests: message builders and CLI runners."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CORPUS_CONFIG = REPO / "tests" / "corpus" / "config.toml"
EXAMPLE_CONFIG = REPO / "daemon" / "followup_guard" / "config" / "example.toml"

ME = "Alex Morgan <alex.morgan@example.org>"
DANA = "Dana Wu <dana.wu@acme.example>"
JOHN = "John Smith <john.smith@acme.example>"
MARIA = "Maria Lopez <maria.lopez@acme.example>"


def eml(
    *,
    frm: str = ME,
    to: str | list[str] = DANA,
    subject: str = "Hello",
    date: datetime | str | None = None,
    mid: str | None = None,
    cc: str | list[str] | None = None,
    bcc: str | list[str] | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    body: str = "Dear Dana,\n\nThank you for your time.\n\nBest,\nAlex\n",
    headers: dict[str, str] | None = None,
) -> bytes:
    """A small RFC 5322 message. ``date`` may be an aware datetime or a header string."""

    def join(v: str | list[str]) -> str:
        return ", ".join(v) if isinstance(v, list) else v

    lines = [f"From: {frm}", f"To: {join(to)}"]
    if cc:
        lines.append(f"Cc: {join(cc)}")
    if bcc:
        lines.append(f"Bcc: {join(bcc)}")
    lines.append(f"Subject: {subject}")
    if date is not None:
        lines.append(f"Date: {format_datetime(date) if isinstance(date, datetime) else date}")
    if mid:
        lines.append(f"Message-ID: <{mid}>")
    if in_reply_to:
        lines.append(f"In-Reply-To: <{in_reply_to}>")
    if references:
        lines.append("References: " + " ".join(f"<{r}>" for r in references))
    for k, v in (headers or {}).items():
        lines.append(f"{k}: {v}")
    lines.append("MIME-Version: 1.0")
    lines.append("Content-Type: text/plain; charset=utf-8")
    return ("\r\n".join(lines) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode("utf-8")


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
