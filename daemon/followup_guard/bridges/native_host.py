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
import email.utils
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any, BinaryIO

from .. import wire
from .excerpt import with_excerpts

HOST_NAME = "followup_guard"
EXTENSION_ID = "followup-guard@followup-guard.local"

#: Thunderbird refuses host→extension messages over 1 MB.
MAX_REPLY_BYTES = 1024 * 1024
#: A request this big is refused (a draft is plain text; 8 MB is far beyond any real one).
MAX_REQUEST_BYTES = 8 * 1024 * 1024

METHODS = (
    "check",
    "sent",
    "snooze",
    "ping",
    "suggestions",
    "timeline",
    "accept",
    "dismiss",
    "recognise",
)


class ProtocolError(Exception):
    """A request that cannot be served; becomes an error frame."""

    def __init__(self, code: str, message: str, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fatal = fatal


# --------------------------------------------------------------------------- framing


def read_frame(stream: BinaryIO, max_bytes: int = MAX_REQUEST_BYTES) -> bytes | None:
    """Reads one frame's payload. Returns None at a clean EOF (between frames).

    Raises :class:`ProtocolError` (fatal) for an absurd length or a frame cut
    short by EOF: in both cases the stream cannot be resynchronised.
    """
    try:
        return wire.read_frame(stream.read, wire.NATIVE, max_bytes=max_bytes)
    except wire.WireError as exc:
        code = "too-large" if "limit" in str(exc) else "bad-request"
        raise ProtocolError(code, str(exc), fatal=True) from None


def encode_frame(obj: Any) -> bytes:
    return wire.encode(obj, wire.NATIVE)


def write_frame(stream: BinaryIO, obj: Any) -> None:
    stream.write(encode_frame(obj))
    stream.flush()


def error_reply(req_id: Any, code: str, message: str) -> dict[str, Any]:
    return {"id": req_id, "ok": False, "error": {"code": code, "message": message}}


def fit_reply(reply: dict[str, Any], limit: int = MAX_REPLY_BYTES) -> dict[str, Any]:
    """Returns `reply` or a smaller version of it whose frame payload is <= limit bytes."""

    def size(obj: Any) -> int:
        return len(encode_frame(obj)) - wire.HEADER_SIZE

    if size(reply) <= limit:
        return reply
    result = reply.get("result")
    if reply.get("ok") and isinstance(result, dict) and isinstance(result.get("findings"), list):
        shrunk = dict(result)
        findings = []
        for finding in result["findings"]:
            if isinstance(finding, dict):
                finding = {
                    k: (v[:2000] + "…" if isinstance(v, str) and len(v) > 2000 else v)
                    for k, v in finding.items()
                }
            findings.append(finding)
        # Most serious first, so dropping from the end loses the least.
        order = {"block": 0, "warn": 1, "info": 2}
        findings.sort(key=lambda f: order.get(f.get("severity"), 3) if isinstance(f, dict) else 3)
        shrunk["findings"] = findings
        candidate = {**reply, "result": shrunk}
        while size(candidate) > limit and findings:
            findings.pop()
            shrunk["truncated"] = True
        if size(candidate) <= limit:
            return candidate
    return error_reply(reply.get("id"), "too-large", f"the reply is over {limit} bytes")


# --------------------------------------------------------------------------- drafts


def _clean(value: Any) -> str:
    """One header value: a string without line breaks (they would inject headers)."""
    if value is None:
        return ""
    text = str(value)
    return " ".join(text.replace("\r", " ").replace("\n", " ").split())


def _addresses(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ProtocolError("bad-request", f"params.{field} must be a list of addresses")
    out = []
    for item in value:
        if not isinstance(item, str):
            raise ProtocolError("bad-request", f"params.{field} must hold strings")
        item = _clean(item)
        if item:
            out.append(item)
    return out


def _msgid(value: Any, field: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ProtocolError("bad-request", f"params.{field} must be a string")
    text = _clean(value).strip("<>").strip()
    return f"<{text}>" if text else None


def _set_header(msg: EmailMessage, name: str, value: str) -> None:
    """Sets a header to the text as given (cleaned of line breaks), without parsing it.

    Address headers are not parsed here on purpose: the header registry would turn an
    invalid address such as ``jhon.smith@`` into ``<>``, and the checker must see it
    (rule ``address-typo``). :func:`message_bytes` writes the text back unchanged.
    """
    if value:
        msg.set_raw(name, value)


#: Serialises drafts for the API: UTF-8 headers (RFC 6532) and raw header text kept as is.
WIRE_POLICY = default_policy.clone(utf8=True, refold_source="none")


def message_bytes(msg: EmailMessage) -> bytes:
    """The draft as RFC 5322 bytes, with the header text exactly as the user typed it."""
    return msg.as_bytes(policy=WIRE_POLICY)


def draft_to_message(params: Mapping[str, Any], *, now: datetime | None = None) -> EmailMessage:
    """Builds an RFC 5322 message from the add-on's draft fields.

    Headers: From, To, Cc, Bcc, Subject, Date (now), Message-ID (if given),
    In-Reply-To, References, X-Forwarded-Message-Id (for a forward). The body is
    text/plain from ``body``; if only ``html`` is given it is kept as text/html.
    Raises :class:`ProtocolError` for params of the wrong shape.
    """
    if not isinstance(params, Mapping):
        raise ProtocolError("bad-request", "params must be an object")
    for field in ("from", "subject", "body", "html", "type"):
        value = params.get(field)
        if value is not None and not isinstance(value, str):
            raise ProtocolError("bad-request", f"params.{field} must be a string")

    msg = EmailMessage(policy=default_policy)
    _set_header(msg, "From", _clean(params.get("from")))
    for header, field in (("To", "to"), ("Cc", "cc"), ("Bcc", "bcc")):
        addrs = _addresses(params.get(field), field)
        if addrs:
            _set_header(msg, header, ", ".join(addrs))
    subject = params.get("subject")
    if subject:
        _set_header(msg, "Subject", _clean(subject))
    when = now or datetime.now(timezone.utc).astimezone()
    msg["Date"] = email.utils.format_datetime(when)
    message_id = _msgid(params.get("messageId"), "messageId")
    if message_id:
        msg["Message-ID"] = message_id
    in_reply_to = _msgid(params.get("inReplyTo"), "inReplyTo")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    refs = params.get("references") or []
    if isinstance(refs, str):
        refs = refs.split()
    if not isinstance(refs, list):
        raise ProtocolError("bad-request", "params.references must be a list")
    ref_ids = [r for r in (_msgid(x, "references") for x in refs) if r]
    if in_reply_to and in_reply_to not in ref_ids:
        ref_ids.append(in_reply_to)
    if ref_ids:
        msg["References"] = " ".join(ref_ids)
    forward_of = _msgid(params.get("forwardOf"), "forwardOf")
    if forward_of:
        msg["X-Forwarded-Message-Id"] = forward_of

    body = params.get("body")
    html = params.get("html")
    if not body and html:
        msg.set_content(html, subtype="html", charset="utf-8")
    else:
        text = body or ""
        if not text.endswith("\n"):
            text += "\n"
        msg.set_content(text, charset="utf-8")
    return msg


# --------------------------------------------------------------------------- dispatch

Handler = Callable[[Any, Mapping[str, Any]], Any]


def _to_jsonable(obj: Any) -> Any:
    if obj is None:
        return {}
    if hasattr(obj, "to_json"):
        value = obj.to_json()
        return json.loads(value) if isinstance(value, (str, bytes)) else value
    if hasattr(obj, "__dataclass_fields__"):
        import dataclasses

        return json.loads(json.dumps(dataclasses.asdict(obj), default=str))
    if isinstance(obj, (dict, list, str, int, float, bool)):
        return obj
    return {"value": str(obj)}


def handle_check(ctx: Any, params: Mapping[str, Any]) -> Any:
    from followup_guard import api

    raw = message_bytes(draft_to_message(params))
    result = api.check_message(ctx, raw, requested=bool(params.get("requested", False)))
    return with_excerpts(_to_jsonable(result), result.text)


def handle_sent(ctx: Any, params: Mapping[str, Any]) -> Any:
    from followup_guard import api

    if not params.get("messageId"):
        raise ProtocolError("bad-request", "params.messageId is required for sent")
    msg = draft_to_message(params)
    outcome = api.record_sent(
        ctx,
        message_bytes(msg),
        source="thunderbird",
        requested=bool(params.get("requested", False)),
    )
    result = _to_jsonable(outcome)
    if isinstance(result, dict):
        result.setdefault("messageId", msg["Message-ID"])
    return result


def handle_snooze(ctx: Any, params: Mapping[str, Any]) -> Any:
    from followup_guard import api

    rule = params.get("rule")
    person = params.get("person")
    days = params.get("days")
    if not isinstance(rule, str) or not rule.strip():
        raise ProtocolError("bad-request", "params.rule must be a rule id")
    if not isinstance(person, str) or not person.strip():
        raise ProtocolError("bad-request", "params.person must be an address")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 0):
        raise ProtocolError("bad-request", "params.days must be a whole number of days or null")
    try:
        api.snooze(ctx, rule.strip(), _clean(person), days)
    except KeyError as exc:
        detail = exc.args[0] if exc.args else rule
        raise ProtocolError("bad-request", f"unknown rule: {detail}") from None
    return {"snoozed": True, "rule": rule.strip(), "person": _clean(person), "days": days}


def handle_ping(ctx: Any, params: Mapping[str, Any]) -> Any:
    return {"pong": True, "version": _version(), "pid": os.getpid()}


def _suggestion_id(params: Mapping[str, Any]) -> int:
    sid = params.get("id")
    if isinstance(sid, bool) or not isinstance(sid, int) or sid < 1:
        raise ProtocolError("bad-request", "params.id must be a suggestion number")
    return sid


def handle_suggestions(ctx: Any, params: Mapping[str, Any]) -> Any:
    from ..record.suggestions import pending

    return {"suggestions": [s.to_json() for s in pending(ctx.store)]}


def handle_timeline(ctx: Any, params: Mapping[str, Any]) -> Any:
    from ..record.suggestions import timeline

    return timeline(ctx.config, ctx.store)


def handle_accept(ctx: Any, params: Mapping[str, Any]) -> Any:
    from ..record.suggestions import SuggestionError, accept

    as_app = params.get("as")
    if as_app is not None and (not isinstance(as_app, str) or not as_app.strip()):
        raise ProtocolError("bad-request", "params.as must be an application id or null")
    try:
        return accept(ctx.config, ctx.store, _suggestion_id(params), as_app)
    except SuggestionError as exc:
        raise ProtocolError("bad-request", str(exc)) from None


def handle_dismiss(ctx: Any, params: Mapping[str, Any]) -> Any:
    from ..record.suggestions import SuggestionError, dismiss

    try:
        return {"dismissed": dismiss(ctx.store, _suggestion_id(params)).id}
    except SuggestionError as exc:
        raise ProtocolError("bad-request", str(exc)) from None


def handle_recognise(ctx: Any, params: Mapping[str, Any]) -> Any:
    """A message the user is reading: does it hold an interview? Its suggestions (made now
    if the daemon has not seen the message). The message itself is not recorded: the daemon
    records INBOX, and a message opened in another folder is not necessarily received."""
    import base64
    import binascii

    from ..mail.parse import NotAMessage, parse_bytes
    from ..record.suggestions import consider, get

    raw = params.get("raw")
    if not isinstance(raw, str):
        raise ProtocolError("bad-request", "params.raw must be the message, base64")
    try:
        data = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ProtocolError("bad-request", "params.raw is not valid base64") from None
    try:
        msg = parse_bytes(data)
    except NotAMessage as exc:
        raise ProtocolError("bad-request", str(exc)) from None
    found = []
    for o in consider(ctx.config, ctx.store, msg):
        s = get(ctx.store, o.suggestion) if o.suggestion else None
        if s is not None:
            found.append(s.to_json() | {"state": s.state, "headline": s.headline})
    return {"suggestions": found}


DEFAULT_HANDLERS: dict[str, Handler] = {
    "check": handle_check,
    "sent": handle_sent,
    "snooze": handle_snooze,
    "ping": handle_ping,
    "suggestions": handle_suggestions,
    "timeline": handle_timeline,
    "accept": handle_accept,
    "dismiss": handle_dismiss,
    "recognise": handle_recognise,
}


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("followup-guard")
    except Exception:
        return "unknown"


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
        if method not in handlers:
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
        return {"id": req_id, "ok": True, "result": _to_jsonable(result)}
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
