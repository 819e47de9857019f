"""Desktop notifications over the D-Bus session bus (freedesktop Notifications), with actions.

jeepney speaks D-Bus in pure Python (keyring already uses it on Linux), so the daemon can
offer a "Details" action and hear ``ActionInvoked`` and ``NotificationClosed``, which
``notify-send`` cannot report back. One connection is opened on first use and kept; a lost
bus is reopened on the next notification. Where no session bus exists, nothing is shown and
the callers' log lines carry the message (the daemon logs every reminder and draft finding).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jeepney import DBusAddress, MatchRule, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from jeepney.io.threading import DBusRouter
from jeepney.low_level import HeaderFields, MessageType

log = logging.getLogger("followup_guard.notify")

APP_NAME = "followup-guard"
BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
CALL_TIMEOUT = 5.0
URGENCY = {"low": 0, "normal": 1, "critical": 2}

OnAction = Callable[[int, str], None]
OnClosed = Callable[[int, int], None]


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


class Notifier:
    """Sends notifications and routes their action and closed signals to callbacks."""

    def __init__(self, address: str | None = None) -> None:
        self.address = address
        self._lock = threading.Lock()
        self._conn: Any = None
        self._router: Any = None
        self._signals: queue.Queue[Any] = queue.Queue()
        self._listener: threading.Thread | None = None
        self._actions: dict[int, OnAction] = {}
        self._closed: dict[int, OnClosed] = {}
        self._stopped = threading.Event()

    def _connect(self) -> Any:
        """The router, (re)opened as needed; raises OSError/ValueError when no bus answers."""
        if self._router is not None and self._router._rcv_thread.is_alive():
            return self._router
        self._drop()
        address = self.address or session_bus()
        if address is None:
            raise OSError("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
        conn = open_dbus_connection(bus=address)
        router = DBusRouter(conn)
        for member in ("ActionInvoked", "NotificationClosed"):
            rule = MatchRule(type="signal", interface=INTERFACE, member=member, path=OBJECT_PATH)
            router.filter(rule, queue=self._signals)
            router.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT)
        self._conn, self._router = conn, router
        if self._listener is None or not self._listener.is_alive():
            self._listener = threading.Thread(
                target=self._listen, name="notify-signals", daemon=True
            )
            self._listener.start()
        return router

    def _drop(self) -> None:
        if self._router is not None:
            with contextlib.suppress(Exception):
                self._router.close()
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = self._router = None

    def notify(
        self,
        title: str,
        body: str,
        *,
        urgency: str = "normal",
        actions: Sequence[tuple[str, str]] = (),
        on_action: OnAction | None = None,
        on_closed: OnClosed | None = None,
        replaces_id: int = 0,
        timeout_ms: int = -1,
    ) -> int | None:
        """Show one notification; its id, or None when no notification service took it.

        ``actions`` are (key, label) pairs; ``on_action(id, key)`` runs on the listener thread
        when the user picks one, ``on_closed(id, reason)`` when it goes away."""
        flat: list[str] = [x for pair in actions for x in pair]
        hints = {"urgency": ("y", URGENCY.get(urgency, 1))}
        msg = new_method_call(
            DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE),
            "Notify",
            "susssasa{sv}i",
            (APP_NAME, replaces_id, "dialog-warning", title, body, flat, hints, timeout_ms),
        )
        with self._lock:
            try:
                router = self._connect()
                reply = router.send_and_get_reply(msg, timeout=CALL_TIMEOUT)
            except Exception as exc:  # no bus, no server, a timeout: the log carries it
                log.debug("notification not shown: %s: %s", exc.__class__.__name__, exc)
                self._drop()
                return None
            if reply.header.message_type != MessageType.method_return:
                log.debug("notification refused: %s", reply.body)
                return None
            nid = int(reply.body[0])
            if on_action is not None:
                self._actions[nid] = on_action
            if on_closed is not None:
                self._closed[nid] = on_closed
            return nid

    def _listen(self) -> None:
        while not self._stopped.is_set():
            try:
                msg = self._signals.get(timeout=0.5)
            except queue.Empty:
                continue
            member = msg.header.fields.get(HeaderFields.member)
            try:
                if member == "ActionInvoked":
                    nid, key = int(msg.body[0]), str(msg.body[1])
                    with self._lock:
                        cb = self._actions.get(nid)
                    if cb is not None:
                        cb(nid, key)
                elif member == "NotificationClosed":
                    nid, reason = int(msg.body[0]), int(msg.body[1])
                    with self._lock:
                        self._actions.pop(nid, None)
                        done = self._closed.pop(nid, None)
                    if done is not None:
                        done(nid, reason)
            except Exception:  # a callback's bug must not end the listener
                log.exception("handling a notification signal failed")

    def close(self) -> None:
        self._stopped.set()
        with self._lock:
            self._drop()
        if self._listener is not None:
            self._listener.join(timeout=2)


_default: Notifier | None = None
_default_lock = threading.Lock()


def default_notifier() -> Notifier:
    global _default
    with _default_lock:
        if _default is None:
            _default = Notifier()
        return _default


def desktop_notify(title: str, body: str, *, urgency: str = "normal") -> bool:
    """Show one plain notification (reminders); True if the notification service took it."""
    if session_bus() is None:
        return False
    return default_notifier().notify(title, body, urgency=urgency) is not None
