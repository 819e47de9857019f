"""Answer checks from the running daemon over a Unix socket in the data dir.

A terminal client starts `followup-guard check` (or the sendmail shim) as a fresh process for
every message; most of such a process's time goes to importing the rules and loading the
config. The daemon has both in memory already, so the command asks it first
(:mod:`followup_guard.client`) and does the work itself only when no daemon answers.

The socket is a file in the user's 0700 data dir with mode 0600: no network listener, and
nobody but the user can connect. Checks only read: the server has its own read-only store
connection, and the one writer stays the sources' catch-up.

Protocol: one request per connection, each way a 4-byte big-endian length and UTF-8 JSON.
Request: ``{"v": 1, "method": "check", "config": "/abs/config.toml", "raw": "<base64>",
"at": ISO 8601 | null, "bcc": [...], "requested": bool}``. Reply: ``{"ok": true, "result":
{check contract + "text"}}`` or ``{"ok": false, "error": "..."}``; ``"stale"`` means the
daemon's config is not the file on disk (a different file, or an edit not yet reloaded).
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import socket
import struct
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..api import Context, NotAMessage, check_message
from ..config.model import Config
from ..config.paths import Paths
from ..store.db import Store

log = logging.getLogger("followup_guard.service")

SOCKET_NAME = "check.sock"
MAX_REQUEST = 32 * 1024 * 1024
_LEN = struct.Struct(">I")


def socket_path(data_dir: Path) -> Path:
    return data_dir / SOCKET_NAME


def config_stamp(path: Path) -> tuple[int, int] | None:
    """What identifies the config file's current version: (mtime in ns, size)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _recv_exact(conn: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = conn.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise ConnectionError("the client closed the connection")
        buf += chunk
    return bytes(buf)


class CheckServer:
    """Serves checks on ``<data dir>/check.sock`` from a thread until :meth:`stop`."""

    def __init__(
        self,
        paths: Paths,
        current: Callable[[], tuple[Config, tuple[int, int] | None]],
        drafts: Callable[[], list[dict[str, Any]]] | None = None,
    ):
        """``current`` returns the config in force and the stamp of the file it came from;
        ``drafts`` the drafts guard's listing (request ``{"v": 1, "method": "drafts"}``)."""
        self.paths = paths
        self.current = current
        self.drafts = drafts
        self.path = socket_path(paths.data_dir)
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    def start(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # a leftover from a daemon that was killed; the lock says we own it
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            sock.bind(str(self.path))
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)
        sock.listen(16)
        sock.settimeout(0.5)
        self._sock = sock
        self._thread = threading.Thread(target=self._serve, name="check-server", daemon=True)
        self._thread.start()
        log.debug("answering checks on %s", self.path)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._sock is not None:
            self._sock.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _serve(self) -> None:
        store: Store | None = None
        try:
            while not self._stop.is_set():
                try:
                    conn, _ = self._sock.accept()  # type: ignore[union-attr]
                except TimeoutError:
                    continue
                except OSError:
                    break
                with conn:
                    if store is None and self.paths.store.exists():
                        store = Store(self.paths.store, readonly=True)
                    self._handle(conn, store)
        finally:
            if store is not None:
                store.close()

    def _handle(self, conn: socket.socket, store: Store | None) -> None:
        conn.settimeout(5)
        try:
            (n,) = _LEN.unpack(_recv_exact(conn, 4))
            if n > MAX_REQUEST:
                reply = {"ok": False, "error": "request too large"}
            else:
                reply = self._answer(json.loads(_recv_exact(conn, n)), store)
        except (ConnectionError, OSError, ValueError) as exc:
            log.debug("check socket: bad request: %s", exc)
            return
        data = json.dumps(reply, ensure_ascii=False).encode("utf-8")
        with contextlib.suppress(OSError):
            conn.sendall(_LEN.pack(len(data)) + data)

    def _answer(self, req: dict, store: Store | None) -> dict:
        if isinstance(req, dict) and req.get("v") == 1 and req.get("method") == "drafts":
            if self.drafts is None:
                return {"ok": False, "error": "the drafts guard is not running"}
            return {"ok": True, "result": {"drafts": self.drafts()}}
        if not isinstance(req, dict) or req.get("v") != 1 or req.get("method") != "check":
            return {"ok": False, "error": "unsupported request"}
        config, stamp = self.current()
        wanted = Path(str(req.get("config", "")))
        if (
            config.path is None
            or wanted.resolve() != config.path.resolve()
            or config_stamp(config.path) != stamp
        ):
            return {"ok": False, "error": "stale"}
        try:
            raw = base64.b64decode(str(req.get("raw", "")), validate=True)
            at = None
            if req.get("at"):  # as `check --at`: a time without an offset is the user's local time
                at = datetime.fromisoformat(str(req["at"]).replace("Z", "+00:00"))
                if at.tzinfo is None:
                    at = at.replace(tzinfo=config.general.timezone)
            bcc = [str(b) for b in req.get("bcc") or []]
        except (ValueError, TypeError) as exc:
            return {"ok": False, "error": f"bad request: {exc}"}
        ctx = Context(config, store or Store(":memory:"), self.paths)
        try:
            result = check_message(
                ctx, raw, at=at, extra_bcc=bcc, requested=bool(req.get("requested"))
            )
        except NotAMessage as exc:
            return {"ok": False, "error": "input", "message": str(exc)}
        except Exception as exc:  # a bug must not take the daemon down: the client falls back
            log.exception("check failed")
            return {"ok": False, "error": f"internal: {exc.__class__.__name__}"}
        return {"ok": True, "result": {**result.to_json(), "text": result.text}}
