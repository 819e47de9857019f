"""``daemon.json`` in the data dir: the daemon's heartbeat and per-source sync state, for
``doctor`` and ``status`` (:func:`daemon_status`). Written atomically (temp file + rename)."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..config.paths import Paths
from ..store.db import Store, StoreError
from .lock import is_locked, read_pid

HEARTBEAT_SECONDS = 30.0


def _iso(d: datetime | None) -> str | None:
    return d.astimezone(timezone.utc).isoformat(timespec="seconds") if d else None


def _parse(s: Any) -> datetime | None:
    if not isinstance(s, str):
        return None
    try:
        return datetime.fromisoformat(s)
    except ValueError:
        return None


class StateFile:
    """The daemon's view of itself; every change is written out at once (it is tiny)."""

    def __init__(self, path: Path, *, config: Path, mode: str = "daemon") -> None:
        self.path = path
        self._lock = threading.Lock()
        now = datetime.now(timezone.utc)
        self.data: dict[str, Any] = {
            "pid": os.getpid(),
            "started": _iso(now),
            "heartbeat": _iso(now),
            "stopped": None,
            "mode": mode,
            "config": str(config),
            "config_problems": [],
            "sources": {},
            "reminders_checked": None,
        }

    def update_source(self, key: str, **fields: Any) -> None:
        with self._lock:
            src = self.data["sources"].setdefault(
                key, {"status": "starting", "error": None, "last_sync": None}
            )
            for k, v in fields.items():
                src[k] = _iso(v) if isinstance(v, datetime) else v
            self._write()

    def drop_sources(self, keep: set[str]) -> None:
        with self._lock:
            for key in list(self.data["sources"]):
                if key not in keep:
                    del self.data["sources"][key]
            self._write()

    def set(self, **fields: Any) -> None:
        with self._lock:
            for k, v in fields.items():
                self.data[k] = _iso(v) if isinstance(v, datetime) else v
            self._write()

    def sources(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {k: dict(v) for k, v in self.data["sources"].items()}

    def heartbeat(self) -> None:
        self.set(heartbeat=datetime.now(timezone.utc))

    def _write(self) -> None:
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                json.dump(self.data, fh, indent=2, ensure_ascii=False)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a full disk must not stop the daemon; the next write tries again


def _store_folders(paths: Paths) -> list[dict[str, Any]]:
    if not paths.store.exists():
        return []
    try:
        with Store(paths.store, readonly=True, timeout=2) as store:
            rows = store.folders()
    except (StoreError, sqlite3.Error):
        return []
    return [
        {
            "account": a,
            "folder": f,
            "uidvalidity": v,
            "last_uid": u,
            "last_sync": _iso(t),
        }
        for a, f, v, u, t in rows
    ]


def daemon_status(paths: Paths) -> dict[str, Any]:
    """Is the daemon running, since when, and when did each folder last sync.

    ``{"running": bool, "summary": str (one line for doctor), "pid": int | None,
    "started": iso | None, "heartbeat": iso | None, "stale": bool,
    "mode": "daemon" | "once" | None, "config_problems": [str],
    "sources": [{"key", "kind", "account", "folder", "status", "error", "last_sync"}],
    "folders": [{"account", "folder", "uidvalidity", "last_uid", "last_sync"}]}``

    ``sources`` is the daemon's own view (from ``daemon.json``); ``folders`` is the sync
    state in the store, there even when the daemon is not running. ``stale``: the daemon holds
    the lock but has not written a heartbeat for over three intervals (hung).
    """
    running = is_locked(paths.lock)
    try:
        data = json.loads(paths.daemon_state.read_text())
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    heartbeat = _parse(data.get("heartbeat"))
    stale = bool(
        running
        and heartbeat
        and (datetime.now(timezone.utc) - heartbeat).total_seconds() > 3 * HEARTBEAT_SECONDS
    )
    sources = []
    for key, src in sorted((data.get("sources") or {}).items()):
        if isinstance(src, dict):
            sources.append(
                {
                    "key": key,
                    "kind": src.get("kind"),
                    "account": src.get("account"),
                    "folder": src.get("folder"),
                    "status": src.get("status"),
                    "error": src.get("error"),
                    "last_sync": src.get("last_sync"),
                }
            )
    folders = _store_folders(paths)
    if running:
        summary = f"running (pid {data.get('pid') or read_pid(paths.lock)}"
        summary += f", since {data.get('started')})" if data.get("started") else ")"
        if stale:
            summary += f"; no heartbeat since {data.get('heartbeat')}: it may be hung"
    else:
        summary = "not running"
        if data.get("stopped"):
            summary += f" (stopped {data.get('stopped')})"
        elif data.get("heartbeat"):
            summary += f" (last heartbeat {data.get('heartbeat')}; it did not stop cleanly)"
    for src in sources:
        if running and src["status"] in ("error", "failed"):
            summary += f"; {src['key']}: {src['error']}"
    if running and data.get("config_problems"):
        summary += "; config has problems, the last good one is in force"
    last = {s["key"]: s["last_sync"] for s in sources if s["last_sync"]}
    last = last or {f"{f['account']}/{f['folder']}": f["last_sync"] for f in folders}
    if last:
        summary += "; last sync: " + ", ".join(f"{k} {v}" for k, v in last.items())
    return {
        "running": running,
        "summary": summary,
        "pid": (data.get("pid") or read_pid(paths.lock)) if running else None,
        "started": data.get("started"),
        "heartbeat": data.get("heartbeat"),
        "stopped": data.get("stopped"),
        "stale": stale,
        "mode": data.get("mode"),
        "config_problems": list(data.get("config_problems") or []),
        "sources": sources,
        "folders": folders,
        "state_file": str(paths.daemon_state),
    }
