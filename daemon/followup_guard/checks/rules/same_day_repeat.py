"""same-day-repeat: a second contact with the application on the same day."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..draft import Draft
from ..registry import Example, Hit, rule
from ..timeline import (
    same_day,
    to_whom,
)

if TYPE_CHECKING:
    pass


@rule(
    "same-day-repeat",
    category="timing",
    severity="block",
    options={"max_per_day": 1},
    summary="Flags a second contact with the same application on the same day, by any channel "
    "(mail, call, voicemail). Separate thank-you notes to different interviewers are fine.",
    why="Two messages or a message plus a call in one day feels like pressure, and it is the "
    "pattern recruiters remember. One contact a day is the most that still reads as polite.",
    fix="Hold this one; if you forgot something, add it to your next message in a few days.",
    advice="Follow-up advice: space your contacts out; never chase twice in a day.",
    sources=("000", "003"),
    bad=[
        Example(
            "A second note to John Smith an hour after the first.",
            case="sdr-two-emails-one-afternoon",
        )
    ],
    good=[
        Example(
            "Separate thank-you notes to Dana Wu and John Smith on the same evening.",
            case="sdr-ok-separate-thank-yous",
        )
    ],
)
def same_day_repeat(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    history = draft.history
    if history is None:  # not about a tracked application
        return
    today = [c for c in history.outbound if same_day(draft, c)]
    if draft.kind == "thank-you":
        mine = {r.address.addr for r in draft.recipients}
        today = [c for c in today if set(c.people) & mine]
    if len(today) + 1 <= int(opts["max_per_day"]):
        return
    last = today[-1]
    yield Hit(
        f"your last {to_whom(draft, last)} was today at "
        f"{last.at.astimezone(draft.tz):%H:%M}; this would be contact number "
        f"{len(today) + 1} with {draft.application.company if draft.application else ''} "
        "today",
        person=last.people[0] if last.people else None,
    )
