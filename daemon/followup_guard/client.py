"""Ask the running daemon (see service/check_server.py): check a message, or any other request.

Deliberately light: the standard library's socket and base64 and our small codec, so a cold
`followup-guard check` that finds the daemon pays almost nothing beyond Python's own start.
Every failure (no daemon, a stale config, a timeout) returns None and the caller checks
in-process; only a verdict on the input itself comes back as :class:`InputRejected`.
"""

from __future__ import annotations

import base64
import os
import socket
from pathlib import Path
from typing import Any

from . import wire

SOCKET_NAME = "check.sock"
#: A reply larger than this is not from our daemon.
MAX_REPLY = 64 * 1024 * 1024


class InputRejected(ValueError):
    """The daemon read the input and it is not a message it can judge."""


def check_via_daemon(
    data_dir: Path,
    config: Path,
    raw: bytes,
    *,
    at: str | None = None,
    bcc: list[str] | tuple[str, ...] = (),
    requested: bool = False,
    timeout: float = 3.0,
) -> dict[str, Any] | None:
    """The daemon's check result (the check contract plus "text"), or None to check here."""
    if os.environ.get("FOLLOWUP_GUARD_NO_DAEMON"):
        return None
    reply = ask_daemon(
        data_dir,
        {
            "v": 1,
            "method": "check",
            "config": os.path.realpath(config),  # never raises, even on a symlink loop
            "raw": base64.b64encode(raw).decode("ascii"),
            "at": at,
            "bcc": list(bcc),
            "requested": requested,
        },
        timeout=timeout,
    )
    if reply is None:
        return None
    if reply.get("ok") and isinstance(reply.get("result"), dict):
        result: dict[str, Any] = reply["result"]
        return result
    if reply.get("error") == "input":
        raise InputRejected(str(reply.get("message", "not a message")))
    return None


def ask_daemon(
    data_dir: Path, request: dict[str, Any], *, timeout: float = 3.0
) -> dict[str, Any] | None:
    """The daemon's reply to ``request``, or None when no daemon answers in ``timeout``."""
    path = data_dir / SOCKET_NAME
    if not path.exists():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(str(path))
            s.sendall(wire.encode(request))
            payload = wire.read_frame(s.recv, wire.BIG, max_bytes=MAX_REPLY)
        reply = wire.decode(payload) if payload is not None else None
    except (OSError, ValueError):
        return None
    return reply if isinstance(reply, dict) else None


class NoDaemon(OSError):
    """No daemon answers on the data dir's socket."""


def drafts_from_daemon(data_dir: Path, *, timeout: float = 5.0) -> list[dict[str, Any]]:
    """The running daemon's drafts listing. Raises NoDaemon when none answers."""
    path = data_dir / SOCKET_NAME
    if not path.exists():
        raise NoDaemon(f"no daemon socket at {path}")
    reply = ask_daemon(data_dir, {"v": 1, "method": "drafts"}, timeout=timeout)
    if reply is None:
        raise NoDaemon(f"the daemon did not answer on {path}")
    if not reply.get("ok"):
        raise NoDaemon(f"the daemon cannot list drafts: {reply.get('error')}")
    result = reply.get("result")
    drafts = result.get("drafts") if isinstance(result, dict) else None
    return drafts if isinstance(drafts, list) else []
