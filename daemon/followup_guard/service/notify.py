"""Desktop notifications: freedesktop notifications over the D-Bus session bus, through
``notify-send`` or ``gdbus`` (no Python dependency); where neither works, the log carries them."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger("followup_guard.notify")

APP_NAME = "followup-guard"


def session_bus() -> str | None:
    """The session bus address, if one is reachable."""
    addr = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if addr:
        return addr
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    bus = Path(runtime) / "bus"
    if bus.exists():
        return f"unix:path={bus}"
    return None


def _gvariant_str(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def desktop_notify(title: str, body: str, *, urgency: str = "normal") -> bool:
    """Show one notification; True if the notification service took it."""
    bus = session_bus()
    if bus is None:
        return False
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus}
    notify_send = shutil.which("notify-send")
    if notify_send:
        cmd = [notify_send, "--app-name", APP_NAME, "--urgency", urgency, title, body]
    elif gdbus := shutil.which("gdbus"):
        cmd = [
            gdbus,
            "call",
            "--session",
            "--dest",
            "org.freedesktop.Notifications",
            "--object-path",
            "/org/freedesktop/Notifications",
            "--method",
            "org.freedesktop.Notifications.Notify",
            "--",  # the arguments follow: else gdbus reads the timeout "-1" as an option
            APP_NAME,
            "0",
            "",
            title,
            body,
            "[]",
            "{'urgency': <byte " + ("2" if urgency == "critical" else "1") + ">}",
            "-1",
        ]
    else:
        return False
    try:
        res = subprocess.run(
            cmd, env=env, capture_output=True, timeout=10, check=False, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.debug("notification failed: %s", exc)
        return False
    if res.returncode != 0:
        log.debug("notification failed: %s", res.stderr.decode(errors="replace").strip()[:200])
        return False
    return True
