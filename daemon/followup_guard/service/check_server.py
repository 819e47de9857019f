"""Answer checks from the running daemon over a Unix socket in the data dir.

A terminal client starts `followup-guard check` (or the sendmail shim) as a fresh process for
every message; most of such a process's time goes to importing the rules and loading the
config. The daemon has both in memory already, so the command asks it first
(:mod:`followup_guard.client`) and does the work itself only when no daemon answers.

The socket is a file in the user's 0700 data dir with mode 0600: no network listener, and
nobody but the user can connect. Checks only read: the server has its own read-only store
connection, and the one writer stays the sources' catch-up.

Protocol (:mod:`followup_guard.wire`): one request per connection, each way a 4-byte
big-endian length and UTF-8 JSON.
Request: ``{"v": 1, "method": "check", "config": "/abs/config.toml", "raw": "<base64>",
"at": ISO 8601 | null, "bcc": [...], "requested": bool}``. Reply: ``{"ok": true, "result":
{check contract + "text"}}`` or ``{"ok": false, "error": "..."}``; ``"stale"`` means the
daemon's config is not the file on disk (a different file, or an edit not yet reloaded).
``{"v": 1, "method": "ping"}`` answers ``{"ok": true, "result": {"pid", "served"}}``; other
parts of the daemon add methods with :meth:`CheckServer.register`.

No request may end the server, and no client may hold up another: one selector thread reads
every connection without blocking (a request has :data:`REQUEST_SECONDS` to arrive whole, and
at most :data:`MAX_CONNECTIONS` are open), complete requests go to a small pool of workers,
and every failure becomes an error reply. If the selector thread itself fails it is started
again (:attr:`CheckServer.restarts` counts that; `doctor` asks a real question).
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import selectors
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import wire
from ..api import Context, NotAMessage, check_message
from ..config.model import Config
from ..config.paths import Paths, private_dir
from ..store.db import Store

log = logging.getLogger("followup_guard.service")

SOCKET_NAME = "check.sock"
MAX_REQUEST = 32 * 1024 * 1024
#: How long a client may take to send its whole request.
REQUEST_SECONDS = 5.0
#: Connections still sending their request, at most; more are closed at once (the client
#: then checks by itself). Well above a burst of real clients, well below the fd limit.
MAX_CONNECTIONS = 256
#: Threads that compute answers; reading and accepting never wait for them.
WORKERS = 2
#: How long a reply may take to write to a client that reads slowly.
SEND_SECONDS = 2.0

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def socket_path(data_dir: Path) -> Path:
    return data_dir / SOCKET_NAME


def config_stamp(path: Path) -> tuple[int, int] | None:
    """What identifies the config file's current version: (mtime in ns, size)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class _Pending:
    """A connection whose request is still arriving."""

    __slots__ = ("buffer", "conn", "deadline")

    def __init__(self, conn: socket.socket, deadline: float) -> None:
        self.conn = conn
        self.deadline = deadline
        self.buffer = wire.FrameBuffer(wire.BIG, max_bytes=MAX_REQUEST)


class CheckServer:
    """Serves checks on ``<data dir>/check.sock`` until :meth:`stop`."""

    def __init__(
        self,
        paths: Paths,
        current: Callable[[], tuple[Config, tuple[int, int] | None]],
        *,
        workers: int = WORKERS,
        max_connections: int = MAX_CONNECTIONS,
        request_seconds: float = REQUEST_SECONDS,
        drafts: Callable[[], list[dict[str, Any]]] | None = None,
    ) -> None:
        """``current`` returns the config in force and the stamp of the file it came from;
        ``drafts`` the drafts guard's listing (request ``{"v": 1, "method": "drafts"}``)."""
        self.paths = paths
        self.current = current
        self.path = socket_path(paths.data_dir)
        self.max_connections = max_connections
        self.request_seconds = request_seconds
        self.restarts = 0
        self.served = 0
        self._handlers: dict[str, Handler] = {"check": self._check, "ping": self._ping}
        self._handlers["drafts"] = lambda req: (
            {"ok": True, "result": {"drafts": drafts()}}
            if drafts is not None
            else {"ok": False, "error": "the drafts guard is not running"}
        )
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="check-worker")
        self._local = threading.local()
        self._stores: list[Store] = []
        self._stores_lock = threading.Lock()

    def register(self, method: str, handler: Handler) -> None:
        """Answer ``{"v": 1, "method": method, ...}`` with ``handler(request)``."""
        self._handlers[method] = handler

    def start(self) -> None:
        private_dir(self.path.parent)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()  # a leftover from a daemon that was killed; the lock says we own it
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            sock.bind(str(self.path))
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)
        sock.listen(socket.SOMAXCONN)  # a burst of clients waits here instead of being refused
        sock.setblocking(False)
        self._sock = sock
        self._thread = threading.Thread(target=self._supervise, name="check-server", daemon=True)
        self._thread.start()
        log.debug("answering checks on %s", self.path)

    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._sock is not None:
            self._sock.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        with self._stores_lock:
            for store in self._stores:
                store.close()
            self._stores.clear()

    # ------------------------------------------------------------------ reading requests

    def _supervise(self) -> None:
        """Run the selector loop; should it ever fail, log why and run it again."""
        while not self._stop.is_set():
            try:
                self._loop()
            except Exception:
                self.restarts += 1
                log.exception("the check server failed; starting it again")
                self._stop.wait(0.2)

    def _loop(self) -> None:
        assert self._sock is not None
        pending: dict[int, _Pending] = {}
        with selectors.DefaultSelector() as sel:
            sel.register(self._sock, selectors.EVENT_READ, None)
            try:
                while not self._stop.is_set():
                    for key, _ in sel.select(timeout=0.2):
                        if key.data is None:
                            self._accept(sel, pending)
                        else:
                            self._read(sel, pending, key.data)
                    now = time.monotonic()
                    for item in [p for p in pending.values() if p.deadline < now]:
                        log.debug("check socket: a client took too long to send its request")
                        self._drop(sel, pending, item)
            finally:
                for item in list(pending.values()):
                    self._drop(sel, pending, item)

    def _accept(self, sel: selectors.BaseSelector, pending: dict[int, _Pending]) -> None:
        assert self._sock is not None
        while True:
            try:
                conn, _ = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            if len(pending) >= self.max_connections:
                log.debug("check socket: %d connections open; refusing one", len(pending))
                conn.close()
                continue
            conn.setblocking(False)
            item = _Pending(conn, time.monotonic() + self.request_seconds)
            pending[conn.fileno()] = item
            sel.register(conn, selectors.EVENT_READ, item)

    def _read(
        self, sel: selectors.BaseSelector, pending: dict[int, _Pending], item: _Pending
    ) -> None:
        try:
            data = item.conn.recv(1 << 16)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._drop(sel, pending, item)
            return
        try:
            payload = item.buffer.feed(data)
        except wire.WireError as exc:
            self._hand_over(sel, pending, item, None, str(exc))
            return
        if payload is not None:
            self._hand_over(sel, pending, item, payload, None)

    def _drop(
        self, sel: selectors.BaseSelector, pending: dict[int, _Pending], item: _Pending
    ) -> None:
        pending.pop(item.conn.fileno(), None)
        with contextlib.suppress(KeyError, ValueError):
            sel.unregister(item.conn)
        item.conn.close()

    def _hand_over(
        self,
        sel: selectors.BaseSelector,
        pending: dict[int, _Pending],
        item: _Pending,
        payload: bytes | None,
        error: str | None,
    ) -> None:
        pending.pop(item.conn.fileno(), None)
        sel.unregister(item.conn)
        try:
            self._pool.submit(self._respond, item.conn, payload, error)
        except RuntimeError:  # the pool is shutting down
            item.conn.close()

    # ------------------------------------------------------------------ answering

    def _respond(self, conn: socket.socket, payload: bytes | None, error: str | None) -> None:
        with conn:
            reply = self.answer(payload) if error is None else {"ok": False, "error": error}
            try:
                data = wire.encode(reply)
            except (TypeError, ValueError) as exc:  # a handler returned something odd
                data = wire.encode({"ok": False, "error": f"internal: {exc.__class__.__name__}"})
            conn.setblocking(True)
            conn.settimeout(SEND_SECONDS)
            with contextlib.suppress(OSError):
                conn.sendall(data)

    def answer(self, payload: bytes | None) -> dict[str, Any]:
        """One request's payload → its reply. Never raises."""
        try:
            req = wire.decode(payload or b"")
            if not isinstance(req, dict) or req.get("v") != 1:
                return {"ok": False, "error": "unsupported request"}
            handler = self._handlers.get(str(req.get("method")))
            if handler is None:
                return {"ok": False, "error": "unsupported request"}
            reply = handler(req)
        except wire.WireError as exc:
            return {"ok": False, "error": f"bad request: {exc}"}
        except Exception as exc:  # a bug must not take the server down: the client falls back
            log.exception("a check-socket request failed")
            return {"ok": False, "error": f"internal: {exc.__class__.__name__}"}
        self.served += 1
        return reply

    def _store(self) -> Store:
        """This worker's read-only store connection (SQLite connections stay in one thread);
        an empty in-memory one, kept likewise, until the daemon has written its store."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None or (store.path.name == ":memory:" and self.paths.store.exists()):
            if store is not None:
                store.close()
            exists = self.paths.store.exists()
            store = Store(self.paths.store, readonly=True) if exists else Store(":memory:")
            self._local.store = store
            with self._stores_lock:
                self._stores.append(store)
        return store

    def _ping(self, req: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "result": {"pid": os.getpid(), "served": self.served}}

    def _check(self, req: dict[str, Any]) -> dict[str, Any]:
        config, stamp = self.current()
        try:
            wanted = Path(str(req.get("config", ""))).resolve()
        except (OSError, RuntimeError) as exc:  # a symlink loop, a path too long
            return {"ok": False, "error": f"bad request: config path: {exc}"}
        if (
            config.path is None
            or wanted != config.path.resolve()
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
        ctx = Context(config, self._store(), self.paths)
        try:
            result = check_message(
                ctx, raw, at=at, extra_bcc=bcc, requested=bool(req.get("requested"))
            )
        except NotAMessage as exc:
            return {"ok": False, "error": "input", "message": str(exc)}
        return {"ok": True, "result": {**result.to_json(), "text": result.text}}
