"""awaiting-reply: a new nudge while the last follow-up awaits its answer."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...record.history import History
from ...record.schedule import (
    awaiting_reply_until,
)
from ..draft import Draft
from ..registry import Example, Hit, rule
from ..timeline import (
    awaiting_decision,
    channel,
    day,
    names,
    when,
)

if TYPE_CHECKING:
    pass


# A letter that answers a voicemail or call from them ("thank you for your voicemail",
# "sorry I missed your call"): the logged voicemail was theirs, not a nudge of ours.
_THEIR_VOICEMAIL = re.compile(
    r"\b(?:(?:for|got|received|heard|to) your (?:voicemail|voice ?mail|voice message|"
    r"phone message|message on my phone|call)|you left (?:me )?(?:a )?(?:voicemail|voice ?mail|"
    r"voice message|message)|missed your (?:call|voicemail)|returning your (?:call|message)|"
    r"when you (?:called|rang|phoned))\b",
    re.I,
)


# A letter that says its writer's last call did not reach the person ("I rang on Monday but
# you were in a meeting", "your colleague kindly took a message", "I tried Brian yesterday
# without luck"): that call left a message, as a voicemail does; it answered nothing.
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
_SENTENCE = re.compile(r"[^.!?\n]+")


def _call_missed(text: str) -> bool:
    """Does a sentence of ``text`` say the writer called and did not reach the person?"""
    return any(_CALLED.search(s) and _NOT_REACHED.search(s) for s in _SENTENCE.findall(text))


def _latest_call_as_message(history: History) -> History:
    """``history`` with its latest logged call of ours taken as a message left (a
    voicemail): the letter says it did not reach them."""
    calls = [
        i for i, c in enumerate(history.contacts) if c.channel == "call" and c.direction == "out"
    ]
    if not calls:
        return history
    contacts = list(history.contacts)
    contacts[calls[-1]] = replace(contacts[calls[-1]], channel="voicemail")
    return replace(history, contacts=contacts)


@rule(
    "awaiting-reply",
    category="timing",
    severity="warn",
    kinds=["follow-up"],
    options={"business_days": 5},
    summary="Flags a new follow-up while the previous one (a mail or a voicemail) is unanswered "
    "and less than five business days old. A reply, a phone call or a meeting since "
    "then counts as an answer (a call the letter says did not reach them, 'I rang but you "
    "were in a meeting', counts as a message left), and so does a letter that answers their "
    "voicemail or call ('thank you for your voicemail'); weekends and configured holidays do "
    "not count as days.",
    why="A second nudge before the first had a fair chance to be answered tells the reader "
    "you are counting the hours. People are travelling, interviewing others, or waiting on "
    "someone else.",
    fix="Give the earlier message until the date shown; if it stays unanswered, one polite "
    "reminder is fine.",
    advice="Follow-up advice: allow about a working week for an answer before writing again.",
    sources=("003",),
    bad=[
        Example(
            "A second status inquiry two days after the first, with no answer between.",
            case="ar-two-days-later",
        ),
        Example(
            "An email two days after leaving a voicemail that nobody returned.",
            case="ar-voicemail-two-days-ago",
        ),
    ],
    good=[
        Example("A reminder a week after an unanswered inquiry.", case="ar-ok-a-week-later"),
        Example(
            "A note the day after a phone call with the recruiter.", case="ar-ok-call-answered-it"
        ),
    ],
)
def awaiting_reply(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    history = draft.history
    if history is None or not awaiting_decision(draft):
        return
    missed = _call_missed(draft.text)
    if missed:
        history = _latest_call_as_message(history)
    pending = awaiting_reply_until(draft.config, history, int(opts["business_days"]))
    if pending is None:
        return
    contact, until = pending
    if draft.at >= until:
        return
    if contact.channel in ("voicemail", "call") and _THEIR_VOICEMAIL.search(draft.text):
        return  # the log cannot say who left it: this letter answers their voicemail
    what = "follow-up" if contact.channel == "mail" else channel(contact)
    if missed and contact.channel == "voicemail":
        what = "call (a message left, as you say)"
    prep = "for" if contact.channel == "voicemail" else "to"
    yield Hit(
        f"your {what} of {day(draft, contact.at)} {prep} {names(draft, contact.people)} "
        f"has had no answer yet; give it until {when(draft, until)}",
        person=contact.people[0] if contact.people else None,
    )
