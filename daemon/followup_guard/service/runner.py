"""The long-running job: sources → store, reminders, config hot reload, heartbeat.

Threads: one per watched IMAP folder (its own connection and store connection), one per Maildir,
watchdog's observers; the main thread does the heartbeat, reminders and reloads. Every store
write happens in a catch-up batch under ``write_lock``, so there is one writer at a time.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..api import Context, RecordOutcome
from ..checks.settings import load_checked
from ..config.load import ConfigError
from ..config.model import Config
from ..config.paths import Paths
from ..store.db import Store
from .check_server import CheckServer, config_stamp
from .drafts import DraftNotifications, DraftsGuard
from .lock import DaemonLock
from .notify import Notifier, desktop_notify
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
    """What the watcher threads share: the current config, the write lock, state and events."""

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
        self.contexts: list[Context] = []
        self.config_stamp: tuple[int, int] | None = None  # of the file version in force
        self.failures: dict[str, str] = {}
        self.drafts: Any = None  # the DraftsGuard the drafts sources report to (daemon mode)
        self._lock = threading.Lock()

    # -- for the watchers --------------------------------------------------------------------

    def new_context(self) -> Context:
        ctx = Context(self.config, Store(self.paths.store), self.paths)
        # A backfill writes into indexes spread over the whole file: a page cache larger than
        # SQLite's 2 MB default keeps those writes in memory (a per-connection setting).
        ctx.store.db.execute(f"PRAGMA cache_size = -{CACHE_KB}")
        with self._lock:
            self.contexts.append(ctx)
        return ctx

    def source_state(self, key: str, **fields: Any) -> None:
        self.state.update_source(key, **fields)

    def source_failed(self, key: str, message: str) -> None:
        with self._lock:
            self.failures[key] = message

    def on_record(self, outcome: RecordOutcome) -> None:
        # One debug line per new message of a tracked application only: with -v, a line per
        # message of a 100,000-message backfill (each an unbuffered write) cost ~15 µs a
        # message, ~10 % of the backfill; the rest show in the per-batch progress line.
        if outcome.new and outcome.application:
            log.debug("recorded %s %s (%s)", outcome.direction, outcome.key, outcome.application)
        if self.printer is not None and outcome.new:
            self.printer(outcome_line(outcome))

    def store_changed(self) -> None:
        self.changed.set()
        self.wake.set()

    def set_config(self, config: Config) -> None:
        self.config = config
        with self._lock:
            for ctx in self.contexts:
                ctx.config = config


def outcome_line(o: RecordOutcome) -> str:
    arrow = "sent    " if o.direction == "out" else "received"
    app = o.application or "(no tracked application)"
    return f"recorded {arrow} {app:<24} {o.key}"


def make_watchers(runtime: Runtime, config: Config) -> list[threading.Thread]:
    from ..sources.imap import ImapWatcher
    from ..sources.maildir import MaildirWatcher

    watchers: list[threading.Thread] = []
    for acc in config.accounts:
        watchers.append(ImapWatcher(runtime, acc, "sent"))
        if acc.inbox_folder:
            watchers.append(ImapWatcher(runtime, acc, "inbox"))
    for md in config.maildirs:
        if md.direction != "drafts":
            watchers.append(MaildirWatcher(runtime, md))
    if runtime.drafts is not None:
        from ..sources.drafts import drafts_watchers

        watchers += drafts_watchers(runtime, config.accounts, config.maildirs, runtime.drafts)
    return watchers


def stop_watchers(watchers: list[threading.Thread]) -> None:
    for w in watchers:
        w.stop()  # type: ignore[attr-defined]
    deadline = time.monotonic() + JOIN_SECONDS
    for w in watchers:
        w.join(timeout=max(0.1, deadline - time.monotonic()))
        if w.is_alive():
            log.warning("%s did not stop within %d s", w.name, JOIN_SECONDS)


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
        self.watchers: list[threading.Thread] = []
        self.config_watcher: ConfigWatcher | None = None
        self.store: Store | None = None

    # -- once ------------------------------------------------------------------------------

    def run_once(self) -> int:
        """One catch-up of every source, then the reminders; exit 0, or 1 if a source failed."""
        from ..sources.imap import AuthError, catch_up, connect, describe_error, find_sent_folder
        from ..sources.maildir import scan

        rt = self.runtime
        cfg = rt.config
        ctx = rt.new_context()
        self.store = ctx.store
        failed = 0
        try:
            for acc in cfg.accounts:
                client = None
                try:
                    client = connect(acc)
                    sent = find_sent_folder(client, acc.sent_folder)
                    for folder, role in ((sent, "sent"), (acc.inbox_folder, "inbox")):
                        if not folder:
                            continue
                        key = f"{acc.id}/{role}"
                        rt.source_state(
                            key, kind="imap", account=acc.id, folder=folder, status="syncing"
                        )
                        res = catch_up(
                            client,
                            ctx,
                            acc,
                            folder,
                            role,
                            write_lock=rt.write_lock,
                            on_record=rt.on_record,
                        )
                        rt.source_state(
                            key,
                            status="idle",
                            error=None,
                            last_sync=datetime.now(timezone.utc),
                            uidvalidity=res.uidvalidity,
                            last_uid=res.last_uid,
                        )
                except AuthError as exc:
                    failed += 1
                    log.error("%s: authentication failed: %s", acc.id, exc)
                    rt.source_state(
                        f"{acc.id}/sent",
                        kind="imap",
                        account=acc.id,
                        status="failed",
                        error=str(exc),
                    )
                except Exception as exc:
                    failed += 1
                    log.error("%s: %s", acc.id, describe_error(exc))
                    rt.source_state(
                        f"{acc.id}/sent",
                        kind="imap",
                        account=acc.id,
                        status="error",
                        error=describe_error(exc),
                    )
                finally:
                    if client is not None:
                        with contextlib.suppress(Exception):
                            client.logout()
            for md in cfg.maildirs:
                if md.direction == "drafts":
                    continue  # drafts are watched by the running daemon only, never recorded
                key = f"maildir:{md.path}"
                if not (md.path / "cur").is_dir():
                    failed += 1
                    log.error("maildir %s: not a Maildir (no cur/ inside)", md.path)
                    continue
                scan(ctx, md, write_lock=rt.write_lock, on_record=rt.on_record)
                rt.source_state(
                    key,
                    kind="maildir",
                    account="maildir",
                    folder=str(md.path),
                    status="idle",
                    last_sync=datetime.now(timezone.utc),
                )
            Reminders(rt, ctx.store).check()
        finally:
            rt.state.set(stopped=datetime.now(timezone.utc))
            ctx.close()
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
        self.watchers = make_watchers(self.runtime, config)
        keys = {w.key for w in self.watchers}  # type: ignore[attr-defined]
        self.runtime.state.drop_sources(keys)
        for w in self.watchers:
            w.start()
        if not self.watchers:
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
            stop_watchers(self.watchers)
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
        try:
            self.config_watcher = ConfigWatcher(
                self.paths.config, lambda: (rt.reload_requested.set(), rt.wake.set())
            ).start()
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
            stop_watchers(self.watchers)
            rt.drafts.stop()
            notifier.close()
            rt.state.set(stopped=datetime.now(timezone.utc))
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
