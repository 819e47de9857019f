"""The add-on's draft fields (from, to, subject, body, ...) as an RFC 5322 message, with the
header text exactly as the user typed it."""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import datetime, timezone
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from .native_frames import ProtocolError


def one_line(value: Any) -> str:
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
        item = one_line(item)
        if item:
            out.append(item)
    return out


def _msgid(value: Any, field: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ProtocolError("bad-request", f"params.{field} must be a string")
    text = one_line(value).strip("<>").strip()
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
    _set_header(msg, "From", one_line(params.get("from")))
    for header, field in (("To", "to"), ("Cc", "cc"), ("Bcc", "bcc")):
        addrs = _addresses(params.get(field), field)
        if addrs:
            _set_header(msg, header, ", ".join(addrs))
    subject = params.get("subject")
    if subject:
        _set_header(msg, "Subject", one_line(subject))
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
