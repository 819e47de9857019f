"""What the native host answers: one handler per request method, each a thin relay to
:mod:`followup_guard.api` (or, for interviews found in the inbox, to ``record/``)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from typing import Any

from .excerpt import with_excerpts
from .native_draft import draft_to_message, message_bytes, one_line
from .native_frames import ProtocolError

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

Handler = Callable[[Any, Mapping[str, Any]], Any]


def to_jsonable(obj: Any) -> Any:
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
    return with_excerpts(to_jsonable(result), result.text)


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
    result = to_jsonable(outcome)
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
        api.snooze(ctx, rule.strip(), one_line(person), days)
    except KeyError as exc:
        detail = exc.args[0] if exc.args else rule
        raise ProtocolError("bad-request", f"unknown rule: {detail}") from None
    return {"snoozed": True, "rule": rule.strip(), "person": one_line(person), "days": days}


def handle_ping(ctx: Any, params: Mapping[str, Any]) -> Any:
    return {"pong": True, "version": host_version(), "pid": os.getpid()}


def _suggestion_id(params: Mapping[str, Any]) -> int:
    sid = params.get("id")
    if isinstance(sid, bool) or not isinstance(sid, int) or sid < 1:
        raise ProtocolError("bad-request", "params.id must be a suggestion number")
    return sid


def handle_suggestions(ctx: Any, params: Mapping[str, Any]) -> Any:
    from ..record.suggestions import pending

    return {"suggestions": [s.to_json() for s in pending(ctx.store)]}


def handle_timeline(ctx: Any, params: Mapping[str, Any]) -> Any:
    from ..record.timeline import timeline

    return timeline(ctx.config, ctx.store)


def handle_accept(ctx: Any, params: Mapping[str, Any]) -> Any:
    from ..record.accept import accept
    from ..record.suggestions import SuggestionError

    as_app = params.get("as")
    if as_app is not None and (not isinstance(as_app, str) or not as_app.strip()):
        raise ProtocolError("bad-request", "params.as must be an application id or null")
    try:
        return accept(ctx.config, ctx.store, _suggestion_id(params), as_app)
    except SuggestionError as exc:
        raise ProtocolError("bad-request", str(exc)) from None


def handle_dismiss(ctx: Any, params: Mapping[str, Any]) -> Any:
    from ..record.accept import dismiss
    from ..record.suggestions import SuggestionError

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
    from ..record.suggest import consider
    from ..record.suggestions import get

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


def host_version() -> str:
    try:
        from importlib.metadata import version

        return version("followup-guard")
    except Exception:
        return "unknown"
