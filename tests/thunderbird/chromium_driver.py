"""A tiny W3C WebDriver client for Debian's chromium + chromedriver, stdlib only (urllib).

No selenium: the handful of endpoints the dialog tests need (session, navigate,
execute, elements, frames, actions, screenshot) are plain JSON over HTTP.

    with ChromeDriver("/usr/bin/chromedriver", "/usr/bin/chromium") as d:
        d.get("http://127.0.0.1:8000/page.html")
        d.execute("return document.title")
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"

# W3C WebDriver key codes
KEYS = {
    "Tab": "\ue004",
    "Enter": "\ue007",
    "Escape": "\ue00c",
    "Shift": "\ue008",
    "Space": "\ue00d",
}

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]


class WebDriverError(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromeDriver:
    def __init__(
        self,
        chromedriver: str,
        chromium: str,
        *,
        window: tuple[int, int] = (620, 600),
        timeout: float = 30,
    ) -> None:
        self.chromedriver = chromedriver
        self.chromium = chromium
        self.window = window
        self.timeout = timeout
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.profile = Path(tempfile.mkdtemp(prefix="fg-chromium-"))
        self.proc: subprocess.Popen[bytes] | None = None
        self.session: str | None = None

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> ChromeDriver:
        self.proc = subprocess.Popen(
            [self.chromedriver, f"--port={self.port}", "--allowed-ips=127.0.0.1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                if self._request("GET", "/status").get("ready"):
                    break
            except (OSError, WebDriverError):
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.stop()
                raise WebDriverError("chromedriver did not start")
            time.sleep(0.1)
        w, h = self.window
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": self.chromium,
                        "args": [
                            *CHROMIUM_FLAGS,
                            f"--user-data-dir={self.profile}",
                            f"--window-size={w},{h}",
                        ],
                    },
                }
            }
        }
        value = self._request("POST", "/session", caps)
        self.session = value["sessionId"]
        self._request("POST", self._s("/timeouts"), {"script": 10000, "pageLoad": 20000})
        return self

    def stop(self) -> None:
        if self.session is not None:
            with contextlib.suppress(Exception):
                self._request("DELETE", self._s(""))
            self.session = None
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
            self.proc = None
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> ChromeDriver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ----------------------------------------------------------------- transport

    def _s(self, path: str) -> str:
        return f"/session/{self.session}{path}"

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body if body is not None else {}).encode() if method == "POST" else None
        req = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                payload = json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as exc:
            try:
                payload = json.loads(exc.read() or b"{}")
            except ValueError:
                payload = {}
            value = payload.get("value") or {}
            raise WebDriverError(
                f"{method} {path}: {value.get('error', exc.code)}: {value.get('message', '')}"
            ) from None
        return payload.get("value")

    # ----------------------------------------------------------------- commands

    def get(self, url: str) -> None:
        self._request("POST", self._s("/url"), {"url": url})

    def execute(self, script: str, *args: Any) -> Any:
        return self._request(
            "POST", self._s("/execute/sync"), {"script": script, "args": list(args)}
        )

    def execute_async(self, script: str, *args: Any) -> Any:
        return self._request(
            "POST", self._s("/execute/async"), {"script": script, "args": list(args)}
        )

    def cdp(self, cmd: str, params: dict | None = None) -> Any:
        """A Chrome DevTools Protocol command through chromedriver (goog/cdp/execute)."""
        return self._request(
            "POST", self._s("/goog/cdp/execute"), {"cmd": cmd, "params": params or {}}
        )

    def find(self, css: str) -> dict:
        return self._request("POST", self._s("/element"), {"using": "css selector", "value": css})

    def find_all(self, css: str) -> list[dict]:
        return self._request("POST", self._s("/elements"), {"using": "css selector", "value": css})

    @staticmethod
    def element_id(element: dict) -> str:
        return element[ELEMENT_KEY]

    def active_element(self) -> dict:
        return self._request("GET", self._s("/element/active"))

    def click(self, element: dict) -> None:
        self._request("POST", self._s(f"/element/{self.element_id(element)}/click"))

    def text(self, element: dict) -> str:
        return self._request("GET", self._s(f"/element/{self.element_id(element)}/text"))

    def attribute(self, element: dict, name: str) -> Any:
        return self._request(
            "GET", self._s(f"/element/{self.element_id(element)}/attribute/{name}")
        )

    def switch_to_frame(self, element: dict | None) -> None:
        self._request("POST", self._s("/frame"), {"id": element})

    def switch_to_parent(self) -> None:
        self._request("POST", self._s("/frame/parent"))

    def keys(self, *names: str, shift: bool = False) -> None:
        """Presses keys (names from KEYS, or single characters) one after the other."""
        actions = []
        if shift:
            actions.append({"type": "keyDown", "value": KEYS["Shift"]})
        for name in names:
            value = KEYS.get(name, name)
            actions += [{"type": "keyDown", "value": value}, {"type": "keyUp", "value": value}]
        if shift:
            actions.append({"type": "keyUp", "value": KEYS["Shift"]})
        self._request(
            "POST",
            self._s("/actions"),
            {"actions": [{"type": "key", "id": "keyboard", "actions": actions}]},
        )
        self._request("DELETE", self._s("/actions"))

    def screenshot(self, path: Path) -> Path:
        png = base64.b64decode(self._request("GET", self._s("/screenshot")))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        return path

    def wait(self, script: str, *args: Any, timeout: float = 5, what: str = "") -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.execute(script, *args)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {what or script}")
            time.sleep(0.05)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class StaticServer:
    """Serves `root` on 127.0.0.1 (a free port) from a background thread."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> StaticServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
