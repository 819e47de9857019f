"""Recognise interview invitations in received mail: calendar invitations
(``mail/ical.py``) and the scheduling or confirmation emails of hiring tools and calendars
(``mail/scheduling_email.py``); and, from headers alone, which messages are worth fetching
whole.

This package only reads: each message becomes zero or more :class:`Event` values, plus a
line for every part it had to skip. Whether an event is an interview, and for which company,
is decided in ``record/interview.py``, which knows the config.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from .event import Recognised
from .hiring_tools import tool_of_domain
from .ical import read_calendar
from .parse import ParsedMessage
from .scheduling_email import SCHEDULE_RE, scheduling_event


def recognise(msg: ParsedMessage) -> Recognised:
    """Every invitation event in a received message: its calendars first; a scheduling email
    only when it carries no calendar (Greenhouse and Google send both in one message)."""
    out = Recognised()
    for i, data in enumerate(msg.calendars):
        label = "calendar" if len(msg.calendars) == 1 else f"calendar {i + 1}"
        part = read_calendar(data, label)
        out.events.extend(part.events)
        out.skipped.extend(part.skipped)
        if part.readable:
            break  # the text/calendar part and its .ics twin carry the same event
    if not msg.calendars:
        ev = scheduling_event(msg)
        if ev is not None:
            out.events.append(ev)
    return out


# -- what is worth fetching (IMAP reads INBOX headers only) ---------------------------------

LOOK_BACK = timedelta(days=60)  # older mail holds no interview still worth tracking
_CTYPE_RE = re.compile(rb"^content-type:\s*([\w.+-]+/[\w.+-]+)", re.I | re.M)


def content_type_of(header: bytes) -> str:
    m = _CTYPE_RE.search(header)
    return m.group(1).decode("ascii", "replace").lower() if m else "text/plain"


def worth_a_look(msg: ParsedMessage, content_type: str, now: datetime | None = None) -> str:
    """From the headers alone: ``"full"`` (read the whole message: a calendar, or a tool's or
    a recruiter's scheduling email), ``"structure"`` (a recent multipart message: read its
    BODYSTRUCTURE for a calendar part), or ``""`` (nothing to look at)."""
    now = now or datetime.now(timezone.utc)
    if msg.date is not None and msg.date < now - LOOK_BACK:
        return ""
    if content_type in ("text/calendar", "application/ics"):
        return "full"
    tool = tool_of_domain(msg.sender.domain) if msg.sender else None
    if SCHEDULE_RE.search(msg.subject) and (tool or "interview" in msg.subject.lower()):
        return "full"
    if content_type.startswith("multipart/"):
        return "structure"
    return "full" if tool and SCHEDULE_RE.search(msg.subject) else ""


def structure_has_calendar(structure: object) -> bool:
    """Whether an IMAP BODYSTRUCTURE (as imapclient returns it) names a calendar part."""
    text = repr(structure).lower()
    return "'calendar'" in text or ".ics'" in text or "b'ics'" in text
