"""A real desktop for notification tests: Xvfb, a private D-Bus session bus
(``dbus-daemon --session``) and dunst as the notification server, plus a bus monitor.

Kept free of pytest so scripts (the drafts benchmark) can use it too.

    with Desktop() as desk:
        env = desk.env            # DISPLAY and DBUS_SESSION_BUS_ADDRESS for child processes
        note = desk.monitor.wait_notify(lambda n: "draft" in n.title)
        desk.click_notification()  # a left click: dunst invokes the "default" action
        desk.screenshot(path)      # the whole screen as PNG (xwd, converted here)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import struct
import subprocess
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import end_process

DUNSTRC = """[global]
    font = Monospace 9
    width = 420
    height = 300
    origin = top-right
    offset = 10x10
    # A left click runs the notification's default action ("Details"), then closes it.
    mouse_left_click = do_action, close_current
    show_indicators = no
    idle_threshold = 0
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
"""


@dataclass
class Notification:
    """A Notify call seen on the bus, and its reply (the id)."""

    serial: int
    app: str
    replaces: int
    title: str
    body: str
    actions: list[str]
    hints: dict[str, Any]
    id: int | None = None


@dataclass
class Signal:
    member: str
    args: tuple[Any, ...]


@dataclass
class BusMonitor:
    """Watches the session bus as ``dbus-monitor`` does (BecomeMonitor), with jeepney."""

    address: str
    notifications: list[Notification] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)
    _conn: Any = None
    _thread: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> BusMonitor:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        conn = open_dbus_connection(bus=self.address)
        rules = [
            "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
            "type='method_return'",
            "type='signal',interface='org.freedesktop.Notifications'",
        ]
        msg = new_method_call(
            DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus",
                        "org.freedesktop.DBus.Monitoring"),
            "BecomeMonitor", "asu", (rules, 0),
        )  # fmt: skip
        conn.send_and_get_reply(msg, timeout=5)
        self._conn = conn
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        from jeepney.low_level import HeaderFields, MessageType

        calls: dict[tuple[str, int], Notification] = {}
        while not self._stop.is_set():
            try:
                msg = self._conn.receive(timeout=0.5)
            except TimeoutError:
                continue
            except Exception:
                return
            h = msg.header
            member = h.fields.get(HeaderFields.member)
            with self._lock:
                if h.message_type == MessageType.method_call and member == "Notify":
                    app, rep, _icon, title, body, actions, hints, _t = msg.body
                    n = Notification(h.serial, app, rep, title, body, list(actions), dict(hints))
                    calls[(h.fields.get(HeaderFields.sender), h.serial)] = n
                    self.notifications.append(n)
                elif h.message_type == MessageType.method_return:
                    key = (h.fields.get(HeaderFields.destination),
                           h.fields.get(HeaderFields.reply_serial))  # fmt: skip
                    if key in calls and msg.body:
                        calls.pop(key).id = int(msg.body[0])
                elif h.message_type == MessageType.signal:
                    self.signals.append(Signal(str(member), tuple(msg.body)))

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()

    def wait_notify(
        self, pred: Callable[[Notification], bool] = lambda n: True, timeout: float = 10
    ) -> Notification:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                hit = [n for n in self.notifications if pred(n) and n.id is not None]
            if hit:
                return hit[0]
            time.sleep(0.02)
        with self._lock:
            seen = [(n.title, n.body) for n in self.notifications]
        raise AssertionError(f"no matching notification within {timeout} s; seen: {seen}")

    def wait_signal(self, member: str, nid: int, timeout: float = 10) -> Signal:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                hit = [s for s in self.signals if s.member == member and s.args[0] == nid]
            if hit:
                return hit[0]
            time.sleep(0.02)
        raise AssertionError(f"no {member} for notification {nid}; signals: {self.signals}")


class Desktop:
    """Xvfb + dbus-daemon --session + dunst, all on loopback/unix sockets, stopped on exit."""

    def __init__(self, width: int = 1024, height: int = 768) -> None:
        self.width, self.height = width, height
        self.dir = Path(tempfile.mkdtemp(prefix="fg-desktop-"))
        self.procs: list[subprocess.Popen[bytes]] = []
        self.display = ""
        self.bus = ""
        self.monitor: BusMonitor | None = None

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DISPLAY": self.display,
            "DBUS_SESSION_BUS_ADDRESS": self.bus,
            "XDG_RUNTIME_DIR": str(self.dir),
        }

    def _tool(self, name: str) -> str:
        path = shutil.which(name)
        if path is None:
            raise RuntimeError(f"{name} is not installed (scripts/setup installs it)")
        return path

    def start(self) -> Desktop:
        os.chmod(self.dir, 0o700)
        read, write = os.pipe()
        self.procs.append(
            subprocess.Popen(
                [self._tool("Xvfb"), "-displayfd", str(write), "-screen", "0",
                 f"{self.width}x{self.height}x24", "-nolisten", "tcp"],
                pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        os.close(write)
        with os.fdopen(read) as f:
            self.display = ":" + f.readline().strip()
        read, write = os.pipe()
        self.procs.append(
            subprocess.Popen(
                [self._tool("dbus-daemon"), "--session", "--nofork", "--nopidfile",
                 f"--address=unix:path={self.dir / 'bus'}", f"--print-address={write}"],
                pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
        os.close(write)
        with os.fdopen(read) as f:
            self.bus = f.readline().strip()
        rc = self.dir / "dunstrc"
        rc.write_text(DUNSTRC)
        self.dunst_log = self.dir / "dunst.log"
        with open(self.dunst_log, "wb") as log:
            self.procs.append(
                subprocess.Popen(
                    [self._tool("dunst"), "-config", str(rc)],
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        self._wait_name("org.freedesktop.Notifications")
        self.monitor = BusMonitor(self.bus).start()
        return self

    def _wait_name(self, name: str, timeout: float = 20) -> None:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        deadline = time.monotonic() + timeout
        with open_dbus_connection(bus=self.bus) as conn:
            while time.monotonic() < deadline:
                msg = new_method_call(
                    DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus",
                                "org.freedesktop.DBus"), "NameHasOwner", "s", (name,),
                )  # fmt: skip
                if conn.send_and_get_reply(msg, timeout=5).body[0]:
                    return
                time.sleep(0.05)
        raise RuntimeError(f"{name} did not appear on the bus: {self.dunst_log.read_text()}")

    def xdotool(self, *args: str, timeout: float = 30) -> str:
        res = subprocess.run(
            [self._tool("xdotool"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return res.stdout

    def click_notification(self, timeout: float = 10) -> None:
        """Left-click dunst's window, as a user would."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            wins = self.xdotool("search", "--onlyvisible", "--class", "Dunst").split()
            if wins:
                self.xdotool("mousemove", "--window", wins[-1], "20", "12", "click", "1")
                return
            time.sleep(0.1)
        raise AssertionError("no dunst window on screen")

    def wait_window(self, name: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            wins = self.xdotool("search", "--onlyvisible", "--name", name).split()
            if wins:
                return wins[-1]
            time.sleep(0.1)
        raise AssertionError(f"no window named {name!r} within {timeout} s")

    def screenshot(self, path: Path) -> Path:
        """The whole screen as a PNG (xwd's dump, converted here: no ImageMagick needed).

        xwd fails now and then when a window goes away while it walks the tree (a
        notification closing): a few tries, then the last error."""
        for attempt in range(4):
            res = subprocess.run(
                [self._tool("xwd"), "-root", "-silent"],
                env=self.env,
                capture_output=True,
                check=False,
                timeout=30,
            )
            if res.returncode == 0 or attempt == 3:
                break
            time.sleep(0.3)
        if res.returncode != 0:
            raise AssertionError(f"xwd failed: {res.stderr.decode(errors='replace')[:300]}")
        raw = res.stdout
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(xwd_to_png(raw))
        return path

    def stop(self) -> None:
        if self.monitor is not None:
            self.monitor.stop()
        for p in reversed(self.procs):
            end_process(p)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Desktop:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


def xwd_to_png(data: bytes) -> bytes:
    """A 24/32-bit TrueColor XWD dump (what ``xwd -root`` gives on Xvfb) as a PNG."""
    fields = struct.unpack(">25I", data[:100])
    header_size, width, height = fields[0], fields[4], fields[5]
    byte_order, bpp, bytes_per_line = fields[7], fields[11], fields[12]
    masks, ncolors = fields[14:17], fields[19]
    if bpp not in (24, 32):
        raise ValueError(f"xwd dump with {bpp} bits per pixel is not supported")
    step = bpp // 8
    offset = header_size + 12 * ncolors

    def shift(mask: int) -> int:
        return (mask & -mask).bit_length() - 1

    shifts = [shift(m) for m in masks]
    rows = bytearray()
    order = "<" if byte_order == 0 else ">"
    fmt = order + ("I" if step == 4 else "")
    for y in range(height):
        line = data[offset + y * bytes_per_line : offset + y * bytes_per_line + width * step]
        rows.append(0)
        if step == 4:
            for (px,) in struct.iter_unpack(fmt, line):
                rows += bytes((px & m) >> s for m, s in zip(masks, shifts, strict=True))
        else:
            for x in range(width):
                b = line[x * 3 : x * 3 + 3]
                px = int.from_bytes(b, "little" if byte_order == 0 else "big")
                rows += bytes((px & m) >> s for m, s in zip(masks, shifts, strict=True))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))  # fmt: skip

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 6))
        + chunk(b"IEND", b"")
    )
