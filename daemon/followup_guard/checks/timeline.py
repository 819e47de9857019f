"""What the timing rules share: dates in the user's words, and who a contact was with."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from ..record.history import Contact, History
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


# A letter that says its writer's last call did not reach the person ("I rang on Monday but
# you were in a meeting", "your colleague kindly took a message", "I tried your line
# yesterday"): that call left a message, as a voicemail does; it answered nothing.
_CALLED = re.compile(
    r"\b(?:called|rang|phoned|tried (?:to )?(?:call|ring|phone|reach)"
    r"|tried [A-Z]\w+ (?:again )?(?:yesterday|today|this morning|on \w+day))\b",
)
_NOT_REACHED = re.compile(
    r"\b(?:left (?:a |my )?(?:message|number|details|name)|took (?:a |my )?(?:message|number"
    r"|details)|without (?:any )?luck|no luck|(?:couldn't|could not|didn't|did not|wasn't able "
    r"to|was unable to) (?:get through|reach|catch)|(?:you|she|he|they) (?:were|was) (?:in a "
    r"meeting|out|away|unavailable|busy|on leave|off)|front desk|receptionist|switchboard)\b",
    re.I,
)
_TRIED_LINE = re.compile(
    r"\btried (?:your|his|her|their|[A-Z]\w+['’]s) (?:line|phone|number|mobile|cell|desk|"
    r"extension|office|landline|switchboard)\b|"
    # "I tried to reach you by phone yesterday": trying says it did not get through.
    r"\btried (?:to )?(?:reach|get hold of|get through to|catch) (?:you|him|her|them|[A-Z]\w+)\b"
    r"[^.!?\n]{0,30}\b(?:by phone|on the phone|by telephone|phone|call)"
)
# A letter that says its writer sent a text or left a note ("I sent you a text message last
# Thursday", "I left a card at reception"): the user can only log that as a note, and it is a
# message left, like a voicemail.
_MESSAGE_LEFT = re.compile(
    r"\b(?:sent|texted|messaged|dropped)\b[^.!?\n]{0,25}\b(?:a text|text message|an sms|"
    r"a whatsapp|(?:a |a quick |a short )?message)\b|\btexted\b|\bleft (?:you |him |her |them )?"
    r"(?:a |my )?(?:short |quick |brief |little |handwritten |hand-written |thank-you )?"
    r"(?:note|card|letter)\b|"
    # A visit or a word in passing logged as a note ("I dropped off copies of my certificates
    # at the desk", "I've been in touch with Kieran"; rules29).
    r"\bI(?:['’]ve| have| had)?(?: \w+ly| also| just)? (?:(?:dropped|popped|stopped) "
    r"(?:off|in|by|round)|(?:been|got|gotten) in touch with)\b",
    re.I,
)
_SENTENCE = re.compile(r"[^.!?\n]+")


def _call_missed(text: str) -> bool:
    """Does a sentence of ``text`` say the writer called and did not reach the person?"""
    return any(
        _TRIED_LINE.search(s) or (_CALLED.search(s) and _NOT_REACHED.search(s))
        for s in _SENTENCE.findall(text)
    )


def _latest_as_message(history: History, channel: str) -> tuple[History, datetime | None]:
    """``history`` with its latest logged ``channel`` entry of ours (a call, a note) taken as
    a message left, a voicemail, as the letter says; and when that entry was."""
    found = [
        i for i, c in enumerate(history.contacts) if c.channel == channel and c.direction == "out"
    ]
    if not found:
        return history, None
    contacts = list(history.contacts)
    contacts[found[-1]] = replace(contacts[found[-1]], channel="voicemail")
    return replace(history, contacts=contacts), contacts[found[-1]].at


def as_told(draft: Draft, history: History) -> tuple[History, dict[datetime, str]]:
    """``history`` as the letter tells it: the latest logged call it says missed the person,
    and the latest note it says was a text or a card, become messages left (voicemails), a
    contact that awaits an answer. Also when each such entry was, and what it was logged as."""
    left: dict[datetime, str] = {}
    said: tuple[tuple[str, Callable[[str], object]], ...] = (
        ("call", _call_missed),
        ("note", _MESSAGE_LEFT.search),
    )
    for logged_as, says in said:
        if says(draft.text):
            history, at = _latest_as_message(history, logged_as)
            if at is not None:
                left[at] = logged_as
    return history, left
