"""Config hot reload: watchdog on the config file's directory (editors replace the file by a
rename, so the file itself cannot be watched); a change is debounced, then reported."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("followup_guard.reload")

DEBOUNCE_SECONDS = 0.3


class ConfigWatcher:
    def __init__(self, path: Path, on_change: Callable[[], None]) -> None:
        self.path = path.resolve() if path.exists() else path.absolute()
        self.on_change = on_change
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self.observer: Any = None

    def _fire(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(DEBOUNCE_SECONDS, self.on_change)
            self._timer.daemon = True
            self._timer.start()

    def start(self) -> ConfigWatcher:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        target = self.path
        names = {str(target), str(self.path)}
        fire = self._fire

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                paths = {str(getattr(event, "src_path", "")), str(getattr(event, "dest_path", ""))}
                if paths & names:
                    fire()

        self.observer = Observer()
        self.observer.schedule(Handler(), str(target.parent), recursive=False)
        self.observer.daemon = True
        self.observer.start()
        return self

    def stop(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
