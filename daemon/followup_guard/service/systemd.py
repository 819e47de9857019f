"""The systemd user unit (``config/followup-guard.service`` in the source tree is this template
rendered for the usual ``pip install --user`` location) and ``followup-guard install systemd``."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

UNIT_NAME = "followup-guard.service"

UNIT_TEMPLATE = """\
# followup-guard: the background daemon, as a systemd user service.
# Installed by `followup-guard install systemd`; or copy it to ~/.config/systemd/user/ and run
#   systemctl --user daemon-reload && systemctl --user enable --now followup-guard
# Logs: journalctl --user -u followup-guard    State: followup-guard doctor
[Unit]
Description=followup-guard: watches Sent mail and reminds about interview follow-ups
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart={exec_start}
ExecReload=/bin/kill -HUP $MAINPID
# SIGTERM stops it cleanly; 2 = a config or usage problem, which a restart cannot fix.
Restart=on-failure
RestartSec=30
RestartPreventExitStatus=2
TimeoutStopSec=30
Environment=PYTHONUNBUFFERED=1
NoNewPrivileges=yes
# The desktop notifications need the session bus, which the user manager provides.

[Install]
WantedBy=default.target
"""

DEFAULT_EXEC = "%h/.local/bin/followup-guard daemon"


def render(exec_start: str = DEFAULT_EXEC) -> str:
    return UNIT_TEMPLATE.format(exec_start=exec_start)


def exec_start(config: str | None = None, data_dir: str | None = None) -> str:
    """The command line for ExecStart: the installed console script, else this Python."""
    exe = shutil.which("followup-guard")
    argv = [exe] if exe else [sys.executable, "-m", "followup_guard.cli.main"]
    argv.append("daemon")
    if config:
        argv += ["--config", str(Path(config).expanduser().resolve())]
    if data_dir:
        argv += ["--data-dir", str(Path(data_dir).expanduser().resolve())]
    # systemd's own quoting is close enough to the shell's for paths; '%' must be doubled.
    return " ".join(shlex.quote(a) for a in argv).replace("%", "%%")


def unit_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
    return root / "systemd" / "user"


def systemctl_user(*args: str) -> tuple[bool, str]:
    systemctl = shutil.which("systemctl")
    if systemctl is None:
        return False, "systemctl not found"
    try:
        res = subprocess.run(
            [systemctl, "--user", *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    return res.returncode == 0, (res.stderr or res.stdout).strip()
