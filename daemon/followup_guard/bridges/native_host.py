"""The native-messaging host for the Thunderbird add-on (`followup-guard native-host`).

Thunderbird starts this program through the host manifest ``followup_guard.json``
(see :mod:`followup_guard.bridges.thunderbird`) and talks to it over stdin/stdout:
each frame is a uint32 length in native byte order followed by that many bytes
of UTF-8 JSON. The add-on keeps one port open (``runtime.connectNative``), so a
single host process answers many requests; it ends when Thunderbird closes
stdin.

Requests: ``{"id": 1, "method": "check" | "sent" | "snooze" | "ping", "params": {...}}``;
for interviews found in the inbox also ``suggestions``, ``timeline``, ``accept`` (``{"id",
"as"}``), ``dismiss`` (``{"id"}``) and ``recognise`` (``{"raw"}``: a received message, base64).
Replies:  ``{"id": 1, "ok": true, "result": {...}}`` or
          ``{"id": 1, "ok": false, "error": {"code": ..., "message": ...}}`` with
          code ``bad-request`` | ``too-large`` | ``config`` | ``internal``.

Safety rules:

* stdout carries frames only. Anything else a library prints goes to stderr.
* Garbage (bad UTF-8, bad JSON, a non-object, an unknown method, bad params)
  gets an error frame and the host keeps reading.
* A request length over :data:`MAX_REQUEST_BYTES` cannot be skipped safely (the
  stream might never deliver that many bytes), so the host answers with a
  ``too-large`` error and exits with status 1. A truncated frame at EOF is
  answered the same way.
* A reply never exceeds :data:`MAX_REPLY_BYTES` (Thunderbird closes the port at
  1,048,577 bytes): long texts in findings are shortened, then findings are
  dropped (``"truncated": true``), and if it still does not fit the reply is a
  ``too-large`` error.

The host is a thin relay: every method calls :mod:`followup_guard.api`.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from .. import wire
from .native_frames import (
    MAX_REPLY_BYTES,
    MAX_REQUEST_BYTES,
    ProtocolError,
    error_reply,
    fit_reply,
    read_frame,
    write_frame,
)
from .native_methods import DEFAULT_HANDLERS, Handler, to_jsonable

HOST_NAME = "followup_guard"
EXTENSION_ID = "followup-guard@followup-guard.local"


def _default_ctx_factory() -> Any:
    from followup_guard import api

    return api.open_context()


def _is_config_error(exc: BaseException) -> bool:
    return type(exc).__name__ == "ConfigError"


def _config_message(exc: BaseException) -> str:
    problems = getattr(exc, "problems", None)
    text = str(exc) or "configuration error"
    if problems:
        items = [str(p) for p in (problems if isinstance(problems, Iterable) else [problems])]
        text = f"{text}: " + "; ".join(items[:5])
    return f"followup-guard configuration: {text}"


class _ContextHolder:
    """Opens the context on first use and again when the config file changes."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._ctx: Any = None
        self._stamp: Any = None

    @staticmethod
    def _config_path(ctx: Any) -> Path | None:
        paths = getattr(ctx, "paths", None) if ctx is not None else None
        for attr in ("config_file", "config_path", "config"):
            value = getattr(paths, attr, None)
            if isinstance(value, (str, os.PathLike)):
                return Path(value)
        env = os.environ.get("FOLLOWUP_GUARD_CONFIG")
        return Path(env) if env else None

    def _current_stamp(self, ctx: Any) -> Any:
        path = self._config_path(ctx)
        if path is None:
            return None
        try:
            st = path.stat()
        except OSError:
            return ("missing", str(path))
        return (str(path), st.st_mtime_ns, st.st_size)

    def get(self) -> Any:
        if self._ctx is not None and self._current_stamp(self._ctx) != self._stamp:
            self.close()
        if self._ctx is None:
            ctx = self._factory()
            self._ctx = ctx
            self._stamp = self._current_stamp(ctx)
        return self._ctx

    def close(self) -> None:
        ctx, self._ctx = self._ctx, None
        if ctx is None:
            return
        closer = getattr(ctx, "close", None)
        if closer is None:
            closer = getattr(getattr(ctx, "store", None), "close", None)
        if callable(closer):
            with contextlib.suppress(Exception):
                closer()


def handle_request(
    payload: bytes,
    holder: _ContextHolder,
    handlers: Mapping[str, Handler],
) -> dict[str, Any]:
    """One request payload → one reply object. Never raises."""
    req_id: Any = None
    try:
        try:
            request = wire.decode(payload)
        except wire.WireError as exc:
            raise ProtocolError("bad-request", str(exc)) from None
        if not isinstance(request, dict):
            raise ProtocolError("bad-request", "request must be a JSON object")
        req_id = request.get("id")
        if not (req_id is None or isinstance(req_id, (int, str))) or isinstance(req_id, bool):
            req_id = None
            raise ProtocolError("bad-request", "id must be a number or a string")
        method = request.get("method")
        if not isinstance(method, str) or method not in handlers:
            raise ProtocolError("bad-request", f"unknown method: {method!r}")
        params = request.get("params")
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise ProtocolError("bad-request", "params must be an object")
        try:
            ctx = holder.get()
        except Exception as exc:
            if _is_config_error(exc):
                raise ProtocolError("config", _config_message(exc)) from None
            raise
        result = handlers[method](ctx, params)
        return {"id": req_id, "ok": True, "result": to_jsonable(result)}
    except ProtocolError as exc:
        return error_reply(req_id, exc.code, exc.message)
    except Exception as exc:
        if _is_config_error(exc):
            return error_reply(req_id, "config", _config_message(exc))
        traceback.print_exc(file=sys.stderr)
        return error_reply(req_id, "internal", f"{type(exc).__name__}: {exc}")


def run(
    stdin: BinaryIO,
    stdout: BinaryIO,
    ctx_factory: Callable[[], Any] | None = None,
    *,
    handlers: Mapping[str, Handler] | None = None,
    max_request: int = MAX_REQUEST_BYTES,
    max_reply: int = MAX_REPLY_BYTES,
) -> int:
    """Serves frames from `stdin` until EOF. Returns the exit status (0 clean, 1 protocol)."""
    holder = _ContextHolder(ctx_factory or _default_ctx_factory)
    table = dict(DEFAULT_HANDLERS if handlers is None else handlers)
    try:
        while True:
            try:
                payload = read_frame(stdin, max_request)
            except ProtocolError as exc:
                with contextlib.suppress(OSError, ValueError):
                    write_frame(stdout, error_reply(None, exc.code, exc.message))
                print(f"followup-guard native-host: {exc.message}; stopping", file=sys.stderr)
                return 1
            if payload is None:
                return 0
            reply = fit_reply(handle_request(payload, holder, table), max_reply)
            try:
                write_frame(stdout, reply)
            except (BrokenPipeError, OSError, ValueError):
                return 0  # Thunderbird went away
    finally:
        holder.close()


def _parse_argv(argv: list[str]) -> dict[str, str]:
    """Lenient: Thunderbird passes the manifest path and the extension id; ignore them."""
    options: dict[str, str] = {}
    it = iter(argv)
    for arg in it:
        if arg in ("--config", "--data-dir"):
            value = next(it, None)
            if value:
                options[arg[2:]] = value
        elif arg.startswith(("--config=", "--data-dir=")):
            key, _, value = arg[2:].partition("=")
            options[key] = value
    return options


def main(argv: list[str] | None = None) -> int:
    """Entry point of `followup-guard native-host` (argv without the program name)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if any(a in ("-h", "--help") for a in args):
        print(__doc__, file=sys.stderr)
        return 0
    options = _parse_argv(args)
    # Frames own the real stdout; stray prints from any library go to stderr.
    out = sys.stdout.buffer
    inp = sys.stdin.buffer
    sys.stdout = sys.stderr

    def factory() -> Any:
        from followup_guard import api

        return api.open_context(
            config_path=Path(options["config"]) if "config" in options else None,
            data_dir=Path(options["data-dir"]) if "data-dir" in options else None,
        )

    try:
        return run(inp, out, factory)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
