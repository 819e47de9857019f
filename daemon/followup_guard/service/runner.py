"""The long-running job: sources → recorder → store, reminders, config hot reload, heartbeat.

Threads: one per source (an IMAP folder with its own connection, a Maildir with watchdog's
observer); the main thread does the heartbeat, reminders and reloads. The sources write through
one recorder (``recorder.py``: one store connection, ``write_lock``), so there is one writer.
The daemon does not know what kind each source is (``sources.from_config`` makes them).
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..checks.settings import load_checked
from ..config.load import ConfigError
from ..config.model import Config
from ..config.paths import Paths
from ..sources import from_config
from ..sources.base import Recorded, Source, SourceState
from ..store.db import Store
from .check_server import CheckServer, config_stamp
from .drafts import DraftNotifications, DraftsGuard
from .lock import DaemonLock
from .notify import Notifier, desktop_notify
from .recorder import DaemonRecorder
from .reload import ConfigWatcher
from .state import HEARTBEAT_SECONDS, StateFile
from .suggestion_notes import SuggestionNotices

log = logging.getLogger("followup_guard.service")

REMINDER_SECONDS = 60.0
FIRST_SYNC_WAIT = 300.0  # reminders wait this long at most for every source's first sync
JOIN_SECONDS = 10.0
CACHE_KB = 8192


def setup_logging(verbose: bool = False, stream: Any = None) -> None:
    """Plain lines on stderr (journald adds its own time stamps, but a terminal wants them)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_followup_guard", False):
            root.removeHandler(h)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._followup_guard = True  # type: ignore[attr-defined]
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # The imapclient loggers print protocol lines, credentials included: never on.
    for name in ("imapclient", "imapclient.imaplib", "imapclient.imapclient"):
        lg = logging.getLogger(name)
        lg.setLevel(logging.WARNING)
    logging.getLogger("imapclient.imaplib").disabled = True
    logging.getLogger("watchdog").setLevel(logging.WARNING)
    # watchdog reports an inotify event that races its own shutdown as an error; it is not one.
    logging.getLogger("watchdog.observers.inotify").addFilter(
        lambda record: "called when the thread is inactive" not in record.getMessage()
    )


def format_config_error(exc: ConfigError) -> list[str]:
    return [str(p) for p in exc.problems]


class Runtime:
    """What the sources' threads and the main loop share: the current config, the write lock,
    the recorder, state and events."""

    def __init__(
        self,
        paths: Paths,
        config: Config,
        *,
        mode: str = "daemon",
        printer: Callable[[str], None] | None = None,
    ) -> None:
        self.paths = paths
        self.config = config
        self.write_lock = threading.Lock()
        self.stop = threading.Event()
        self.wake = threading.Event()
        self.reload_requested = threading.Event()
        self.changed = threading.Event()
        self.state = StateFile(paths.daemon_state, config=paths.config, mode=mode)
        self.printer = printer
        self.config_stamp: tuple[int, int] | None = None  # of the file version in force
        self.failures: dict[str, str] = {}
        self._lock = threading.Lock()
        self.recorder: DaemonRecorder | None = None
        self.drafts: DraftsGuard | None = None  # what the drafts sources report to (daemon mode)

    def open_recorder(self) -> DaemonRecorder:
        """The recorder every source writes through, with its own store connection."""
        store = Store(self.paths.store)
        store.set_cache_kb(CACHE_KB)
        self.recorder = DaemonRecorder(
            store,
            lambda: self.config,
            self.write_lock,
            on_record=self.on_record,
            on_report=self.on_report,
        )
        return self.recorder

    def close_recorder(self) -> None:
        if self.recorder is not None:
            self.recorder.store.close()
            self.recorder = None

    def on_report(self, s: SourceState) -> None:
        self.state.update_source(
            s.key,
            kind=s.kind,
            account=s.account,
            folder=s.folder,
            status=s.status,
            error=s.error,
            last_sync=s.last_sync,
            uidvalidity=s.uidvalidity,
            last_uid=s.last_uid,
        )
        if s.status == "failed":
            with self._lock:
                self.failures[s.key] = s.error or "failed"

    def on_record(self, outcome: Recorded) -> None:
        # One debug line per new message of a tracked application only: with -v, a line per
        # message of a 100,000-message backfill (each an unbuffered write) cost ~15 µs a
        # message, ~10 % of the backfill; the rest show in the per-batch progress line.
        if outcome.new and outcome.application:
            log.debug("recorded %s %s (%s)", outcome.direction, outcome.key, outcome.application)
        if outcome.new:
            self.store_changed()
            if self.printer is not None:
                self.printer(outcome_line(outcome))

    def store_changed(self) -> None:
        self.changed.set()
        self.wake.set()

    def set_config(self, config: Config) -> None:
        self.config = config  # the recorder reads it on every batch


def outcome_line(o: Recorded) -> str:
    arrow = "sent    " if o.direction == "out" else "received"
    app = o.application or "(no tracked application)"
    return f"recorded {arrow} {app:<24} {o.key}"


def stop_sources(sources: list[Source]) -> None:
    for src in sources:
        src.stop()
    deadline = time.monotonic() + JOIN_SECONDS
    for src in sources:
        src.join(timeout=max(0.1, deadline - time.monotonic()))
        if src.is_alive():
            log.warning("%s did not stop within %d s", src.key, JOIN_SECONDS)


class Reminders:
    """Due reminders → one notification each (desktop where possible, always the log)."""

    def __init__(self, runtime: Runtime, store: Store) -> None:
        self.runtime = runtime
        self.store = store
        self.due: dict[str, Any] = {}  # id → Reminder, as of the last check

    def check(self, now: datetime | None = None) -> int:
        from ..record.reminders import due_reminders

        now = now or datetime.now(timezone.utc)
        config = self.runtime.config
        shown = 0
        try:
            due = due_reminders(config, self.store, now)
        except Exception as exc:  # a bug here must not take the sync down
            log.error("computing reminders failed: %s: %s", exc.__class__.__name__, exc)
            return 0
        now_due = {r.id: r for r in due}
        for rid, r in self.due.items():
            if rid not in now_due:
                log.info("reminder cleared [%s] %s", r.rule, r.title)
                if self.runtime.printer is not None:
                    self.runtime.printer(f"reminder cleared [{r.rule}] {r.title}")
        self.due = now_due
        for r in due:
            if self.store.was_notified(r.id):
                continue
            log.info("reminder [%s] %s", r.rule, r.message)
            if self.runtime.printer is not None:
                self.runtime.printer(f"reminder [{r.rule}] {r.message}")
            if config.general.notify:
                desktop_notify(r.title or "followup-guard", r.message)
            with self.runtime.write_lock:
                self.store.mark_notified(r.id, now)
            shown += 1
        self.runtime.state.set(reminders_checked=now)
        return shown


def load(paths: Paths) -> Config:
    return load_checked(paths.config)


class Daemon:
    def __init__(
        self,
        paths: Paths,
        config: Config,
        *,
        mode: str = "daemon",
        printer: Callable[[str], None] | None = None,
    ) -> None:
        self.paths = paths
        self.runtime = Runtime(paths, config, mode=mode, printer=printer)
        self.sources: list[Source] = []
        self.config_watcher: ConfigWatcher | None = None
        self.store: Store | None = None

    # -- once ------------------------------------------------------------------------------

    def run_once(self) -> int:
        """One catch-up of every source, then the reminders; exit 0, or 1 if a source failed."""
        rt = self.runtime
        recorder = rt.open_recorder()
        self.store = recorder.store
        failed = 0
        try:
            for src in from_config(recorder, rt.config):
                try:
                    src.catch_up()
                except Exception as exc:
                    failed += 1
                    status, why = src.describe(exc)
                    log.error("%s: %s", src.key, why)
                    src.report(status=status, error=why)
                finally:
                    src.close()
            Reminders(rt, recorder.store).check()
        finally:
            rt.state.set(stopped=datetime.now(timezone.utc))
            rt.close_recorder()
        return 1 if failed else 0

    # -- the daemon --------------------------------------------------------------------------

    def _signals(self) -> None:
        def stop(signum: int, _frame: Any) -> None:
            log.info("%s: shutting down", signal.Signals(signum).name)
            self.runtime.stop.set()
            self.runtime.wake.set()

        def hup(_signum: int, _frame: Any) -> None:
            self.runtime.reload_requested.set()
            self.runtime.wake.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGHUP, hup)

    def _start_sources(self, config: Config) -> None:
        assert self.runtime.recorder is not None
        self.sources = from_config(self.runtime.recorder, config, drafts=self.runtime.drafts)
        self.runtime.state.drop_sources({src.key for src in self.sources})
        for src in self.sources:
            src.start()
        if not self.sources:
            log.warning(
                "no [[accounts]] or [[maildirs]] in the config: nothing to watch; reminders only"
            )

    def reload(self) -> None:
        rt = self.runtime
        stamp = config_stamp(self.paths.config)
        try:
            new = load(self.paths)
        except ConfigError as exc:
            problems = format_config_error(exc)
            log.error(
                "the edited config has %d problem%s; the last good config stays in force:",
                len(problems),
                "" if len(problems) == 1 else "s",
            )
            for p in problems:
                log.error("  %s", p)
            rt.state.set(config_problems=problems)
            return
        except Exception as exc:
            log.error(
                "reloading the config failed (%s: %s); the last good config stays in force",
                exc.__class__.__name__,
                exc,
            )
            rt.state.set(config_problems=[str(exc)])
            return
        old = rt.config
        rt.state.set(config_problems=[])
        rt.config_stamp = stamp
        if new == old:
            log.info("config reloaded: no change")
            return
        rt.set_config(new)
        if new.accounts != old.accounts or new.maildirs != old.maildirs or rt.failures:
            log.info("config reloaded: the sources changed; restarting them")
            stop_sources(self.sources)
            rt.failures.clear()
            self._start_sources(new)
        else:
            log.info("config reloaded")
        rt.store_changed()  # applications may have changed: re-check reminders

    def _all_synced_once(self) -> bool:
        srcs = self.runtime.state.sources()
        return all(
            s.get("last_sync") or s.get("status") in ("failed", "stopped") for s in srcs.values()
        )

    def run(self) -> int:
        rt = self.runtime
        self._signals()
        rt.open_recorder()
        self.store = Store(self.paths.store)
        reminders = Reminders(rt, self.store)
        notices = SuggestionNotices(rt, self.store)  # interviews found in the inbox
        rt.state.set(config_problems=[])
        notifier = Notifier()
        rt.drafts = DraftsGuard(
            self.paths,
            lambda: rt.config,
            DraftNotifications(notifier, self.paths, lambda: rt.config),
        ).start()
        self._start_sources(rt.config)

        def config_changed() -> None:
            rt.reload_requested.set()
            rt.wake.set()

        try:
            self.config_watcher = ConfigWatcher(self.paths.config, config_changed).start()
        except Exception as exc:  # no inotify left, an odd file system: run without
            log.warning("cannot watch the config for changes (%s); send SIGHUP to reload", exc)
        checks = None
        try:  # answers `followup-guard check` from memory (see check_server.py)
            checks = CheckServer(
                self.paths, lambda: (rt.config, rt.config_stamp), drafts=rt.drafts.listing
            )
            checks.start()
        except OSError as exc:
            checks = None
            log.warning("cannot answer checks on a socket (%s); `check` works on its own", exc)
        log.info("followup-guard daemon running (pid %d, data dir %s)", _pid(), self.paths.data_dir)
        started = time.monotonic()
        last_beat = last_reminders = 0.0
        try:
            while not rt.stop.is_set():
                rt.wake.wait(timeout=5.0)
                rt.wake.clear()
                if rt.stop.is_set():
                    break
                now = time.monotonic()
                if rt.reload_requested.is_set():
                    rt.reload_requested.clear()
                    self.reload()
                if now - last_beat >= HEARTBEAT_SECONDS:
                    rt.state.heartbeat()
                    last_beat = now
                ready = self._all_synced_once() or now - started > FIRST_SYNC_WAIT
                if ready and (rt.changed.is_set() or now - last_reminders >= REMINDER_SECONDS):
                    rt.changed.clear()
                    reminders.check()
                    notices.check()
                    last_reminders = now
        finally:
            if checks is not None:
                checks.stop()
            if self.config_watcher is not None:
                self.config_watcher.stop()
            stop_sources(self.sources)
            rt.drafts.stop()
            notifier.close()
            rt.state.set(stopped=datetime.now(timezone.utc))
            rt.close_recorder()
            self.store.close()
            log.info("followup-guard daemon stopped")
        return 0


def _pid() -> int:
    import os

    return os.getpid()


def run_daemon(
    paths: Paths, *, once: bool = False, printer: Callable[[str], None] | None = None
) -> int:
    """Take the lock, load the config, run. Raises lock.AlreadyRunning, ConfigError."""
    with DaemonLock(paths.lock):
        stamp = config_stamp(paths.config)
        config = load(paths)
        d = Daemon(paths, config, mode="once" if once else "daemon", printer=printer)
        d.runtime.config_stamp = stamp
        return d.run_once() if once else d.run()
