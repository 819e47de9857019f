"""What the timing rules share: dates in the user's words, and who a contact was with."""

from __future__ import annotations

from datetime import datetime

from ..record.history import Contact
from .draft import Draft


def when(draft: Draft, d: datetime) -> str:
    """'Fri 20 Nov 12:00' in the user's time zone."""
    local = d.astimezone(draft.tz)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def day(draft: Draft, d: datetime) -> str:
    local = d.astimezone(draft.tz)
    return f"{local:%a} {local.day} {local:%b}"


def span_words(seconds: float) -> str:
    """'40 minutes', '26 hours', '3 days': rounded down, so never more than the truth."""
    hours = seconds / 3600
    if hours < 1:
        minutes = max(1, int(seconds // 60))
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    if hours < 48:
        return f"{int(hours)} hour{'s' if int(hours) != 1 else ''}"
    return f"{int(hours // 24)} days"


def ago(draft: Draft, d: datetime) -> str:
    return span_words((draft.at - d).total_seconds()) + " ago"


def awaiting_decision(draft: Draft) -> bool:
    """The application is open. Once it is closed (rejected, withdrawn) there is no decision to
    chase: late thanks, early or repeated inquiries no longer apply; after-rejection speaks."""
    return draft.application is not None and not draft.application.closed


def names(draft: Draft, addrs: tuple[str, ...] | list[str]) -> str:
    app = draft.application
    out = []
    for a in addrs:
        p = app.person(a) if app else None
        out.append(p.name if p else a)
    return " and ".join(dict.fromkeys(out)) or "the company"


def same_day(draft: Draft, c: Contact) -> bool:
    return c.at.astimezone(draft.tz).date() == draft.at.astimezone(draft.tz).date()


def channel(c: Contact) -> str:
    return {"mail": "message", "call": "call", "voicemail": "voicemail", "meeting": "meeting"}.get(
        c.channel, c.channel
    )


def to_whom(draft: Draft, c: Contact) -> str:
    """'message to Dana Wu', 'call with Maria Lopez', 'voicemail for Dana Wu'."""
    prep = {"call": "with", "meeting": "with", "voicemail": "for"}.get(c.channel, "to")
    return f"{channel(c)} {prep} {names(draft, c.people)}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
