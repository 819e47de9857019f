"""awaiting-reply: a new nudge while the last follow-up awaits its answer."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ...record.schedule import (
    awaiting_reply_until,
)
from ..draft import Draft
from ..registry import Example, Hit, rule
from ..timeline import (
    as_told,
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


_LEFT_AS = {"call": "call (a message left, as you say)", "note": "text or note (as you say)"}


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
    history, left = as_told(draft, history)
    pending = awaiting_reply_until(draft.config, history, int(opts["business_days"]))
    if pending is None:
        return
    contact, until = pending
    if draft.at >= until:
        return
    if contact.channel in ("voicemail", "call") and _THEIR_VOICEMAIL.search(draft.text):
        return  # the log cannot say who left it: this letter answers their voicemail
    what = "follow-up" if contact.channel == "mail" else channel(contact)
    if contact.at in left:
        what = _LEFT_AS[left[contact.at]]
    prep = "for" if contact.channel == "voicemail" and contact.at not in left else "to"
    yield Hit(
        f"your {what} of {day(draft, contact.at)} {prep} {names(draft, contact.people)} "
        f"has had no answer yet; give it until {when(draft, until)}",
        person=contact.people[0] if contact.people else None,
    )
