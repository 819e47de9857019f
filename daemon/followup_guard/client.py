"""Ask the running daemon to check a message (see daemon/check_server.py).

Deliberately light: only the standard library's socket, json and base64, so a cold
`followup-guard check` that finds the daemon pays almost nothing beyond Python's own start.
Every failure (no daemon, a stale config, a timeout) returns None and the caller checks
in-process; only a verdict on the input itself comes back as :class:`InputRejected`.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import struct
from pathlib import Path
from typing import Any

SOCKET_NAME = "check.sock"
_LEN = struct.Struct(">I")


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
    path = data_dir / SOCKET_NAME
    if not path.exists():
        return None
    req = json.dumps(
        {
            "v": 1,
            "method": "check",
            "config": str(config.resolve()),
            "raw": base64.b64encode(raw).decode("ascii"),
            "at": at,
            "bcc": list(bcc),
            "requested": requested,
        }
    ).encode("utf-8")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(str(path))
            s.sendall(_LEN.pack(len(req)) + req)
            head = _recv(s, 4)
            (n,) = _LEN.unpack(head)
            reply = json.loads(_recv(s, n))
    except (OSError, ValueError, ConnectionError):
        return None
    if not isinstance(reply, dict):
        return None
    if reply.get("ok") and isinstance(reply.get("result"), dict):
        return reply["result"]
    if reply.get("error") == "input":
        raise InputRejected(str(reply.get("message", "not a message")))
    return None


class NoDaemon(OSError):
    """No daemon answers on the data dir's socket."""


def drafts_from_daemon(data_dir: Path, *, timeout: float = 5.0) -> list[dict[str, Any]]:
    """The running daemon's drafts listing. Raises NoDaemon when none answers."""
    path = data_dir / SOCKET_NAME
    if not path.exists():
        raise NoDaemon(f"no daemon socket at {path}")
    req = json.dumps({"v": 1, "method": "drafts"}).encode("utf-8")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(str(path))
            s.sendall(_LEN.pack(len(req)) + req)
            (n,) = _LEN.unpack(_recv(s, 4))
            reply = json.loads(_recv(s, n))
    except (OSError, ValueError, ConnectionError) as exc:
        raise NoDaemon(f"the daemon did not answer on {path}: {exc}") from None
    if not isinstance(reply, dict) or not reply.get("ok"):
        error = reply.get("error") if isinstance(reply, dict) else "a malformed reply"
        raise NoDaemon(f"the daemon cannot list drafts: {error}")
    drafts = reply.get("result", {}).get("drafts")
    return drafts if isinstance(drafts, list) else []


def _recv(s: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("the daemon closed the connection")
        buf += chunk
    return bytes(buf)
