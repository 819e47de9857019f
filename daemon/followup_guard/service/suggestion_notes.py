"""One desktop notification per new suggestion ("Interview with Acme Corp, Tue 8 Dec 14:00 —
track it?") with Track and Dismiss actions, and a log line for each (the log is where they
show without a desktop). The suggestions themselves are made while mail is recorded
(``record/suggest.py``); this only announces the ones not announced yet."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store.db import Store

from ..progname import command_for

log = logging.getLogger("followup_guard.suggestions")

ACTIONS = (("track", "Track"), ("dismiss", "Dismiss"))


def notify_with_actions(
    title: str,
    body: str,
    actions: Sequence[tuple[str, str]],
    on_action: Callable[[int, str], None],
) -> bool:
    """Show a notification with buttons (the D-Bus notifier of ``service/notify.py`` hears
    ActionInvoked); True if a notification service took it. Without a session bus the log
    line and `followup-guard suggestions` say how to act."""
    from .notify import default_notifier

    return default_notifier().notify(title, body, actions=actions, on_action=on_action) is not None


class SuggestionNotices:
    """Announces each new pending suggestion once; acts on the notification's buttons."""

    def __init__(self, runtime: Any, store: Store) -> None:
        self.runtime = runtime
        self.store = store

    def check(self) -> int:
        from ..record.suggestions import get, table
        from ..store.suggestions import table_exists

        if not table_exists(self.store.db):
            return 0
        shown = 0
        try:
            rows = table(self.store).unnotified()
        except Exception as exc:  # a bug here must not take the sync down
            log.error("reading suggestions failed: %s: %s", exc.__class__.__name__, exc)
            return 0
        for row in rows:
            s = get(self.store, row.id)
            if s is None:
                continue
            who = ", ".join(p.name for p in s.people if p.role == "interviewer")
            line = (
                f"suggestion {s.id}: {s.headline} ({s.round.name}"
                + (f" with {who}" if who else "")
                + ") — track it: "
                + command_for(
                    self.runtime.paths.config,
                    self.runtime.paths.data_dir,
                    "suggestions",
                    "accept",
                    str(s.id),
                )
            )
            log.info("%s", line)
            if self.runtime.printer is not None:
                self.runtime.printer(line)
            if self.runtime.config.general.notify:
                body = f"{s.round.name}" + (f" with {who}" if who else "")
                notify_with_actions(f"{s.headline} — track it?", body, ACTIONS, self._on(s.id))
            with self.runtime.write_lock:
                table(self.store).mark_notified(s.id)
            shown += 1
        return shown

    def _on(self, sid: int) -> Callable[[int, str], None]:
        def on_action(_notification: int, key: str) -> None:
            self.act(sid, key)

        return on_action

    def act(self, sid: int, key: str) -> str:
        """A notification's button: "track" accepts the suggestion, "dismiss" drops it."""
        from ..config.load import ConfigError, load_config
        from ..record.accept import accept, dismiss
        from ..record.suggestions import SuggestionError

        try:
            with self.runtime.write_lock:
                if key == "track":
                    # The config on disk, not the one in memory: the user may have edited it.
                    config = load_config(self.runtime.paths.config)
                    done = accept(config, self.store, sid)
                    msg = f"suggestion {sid} tracked: {done.application}, round {done.round!r}"
                elif key == "dismiss":
                    dismiss(self.store, sid)
                    msg = f"suggestion {sid} dismissed"
                else:
                    return ""
        except (SuggestionError, ConfigError) as exc:
            msg = f"suggestion {sid}: {exc}"
        log.info("%s", msg)
        if self.runtime.printer is not None:
            self.runtime.printer(msg)
        self.runtime.reload_requested.set()
        self.runtime.wake.set()
        return msg
