"""thank-you-late: a thank-you note more than a day after the interview."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ...config.model import business_days_between
from ..draft import Draft
from ..registry import Example, Hit, rule
from ..timeline import (
    awaiting_decision,
    span_words,
)

if TYPE_CHECKING:
    pass


@rule(
    "thank-you-late",
    category="timing",
    severity="warn",
    kinds=["thank-you"],
    options={"hours": 24, "late_business_days": 2},
    summary="Flags a thank-you note that goes out more than a day after the interview ended; "
    "after two business days the warning is stronger.",
    why="Interviewers compare candidates while the conversations are fresh. A note that "
    "arrives the same day or the next morning reads as genuine interest; one that comes "
    "days later reads as an afterthought. A late note still beats no note.",
    fix="Send it now anyway, keep it short, and do not apologise at length for the delay.",
    advice="Thank-you advice: write within a day of the interview.",
    sources=("001", "002", "004"),
    bad=[
        Example(
            "A thank-you to Dana Wu on Tuesday for a Friday onsite.",
            "2 business days",
            case="tyl-john-tuesday-afternoon",
        )
    ],
    good=[
        Example(
            "A thank-you to Dana Wu the evening after the onsite.",
            "within 24 hours",
            case="tyl-ok-same-evening",
        )
    ],
)
def thank_you_late(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app = draft.application
    # After an offer, thanks to an interviewer are thanks for the job, not a late note from
    # a candidate (rules42).
    if not awaiting_decision(draft) or (draft.history and draft.history.offered_at):
        return
    assert app is not None
    rnd = app.last_round_before(draft.at)
    if rnd is None:
        return
    due = rnd.end + timedelta(hours=float(opts["hours"]))
    if draft.at <= due:
        return
    late = [
        r.person
        for r in draft.interviewer_recipients
        if r.person
        and r.person.sat_in(rnd.name)
        and not (draft.history and draft.history.thank_you_to(r.person.address, rnd.end))
    ]
    if not late:
        return
    local_end = rnd.end.astimezone(rnd.tz)
    elapsed = business_days_between(
        rnd.end.astimezone(rnd.tz), draft.at.astimezone(rnd.tz), draft.config.general.holidays
    )
    very = elapsed > float(opts["late_business_days"])
    for p in late:
        after = span_words((draft.at - rnd.end).total_seconds())
        msg = (
            f"your thank-you to {p.name} goes out {after} after the "
            f"{rnd.name} ended on {local_end:%a} {local_end.day} {local_end:%b %H:%M} "
            f"({rnd.tz}); it was due within {opts['hours']} hours"
        )
        if very:
            msg += (
                f", and more than {opts['late_business_days']} business days have passed: "
                "still send it, knowing it is late"
            )
        yield Hit(msg, person=p.address, severity="block" if very else None)
