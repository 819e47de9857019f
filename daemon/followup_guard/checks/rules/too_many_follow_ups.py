"""too-many-follow-ups: another follow-up after too many unanswered ones."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ...record.schedule import (
    inquiry_anchor,
    unanswered_follow_ups,
)
from ..draft import Draft
from ..registry import Example, Hit, rule
from ..timeline import (
    awaiting_decision,
    day,
    ordinal,
)

if TYPE_CHECKING:
    pass


@rule(
    "too-many-follow-ups",
    category="timing",
    severity="warn",
    kinds=["follow-up"],
    options={"max_follow_ups": 3},
    summary="Flags a follow-up once the number of unanswered follow-ups (mails, voicemails) "
    "since the thank-you and since the last answer (a reply, a call, a meeting) has "
    "reached the limit (three). Messages before the interview do not count.",
    why="After a few unanswered messages, another one will not change the outcome; it only "
    "risks the impression you leave. Silence after repeated polite contact is an answer.",
    fix="Let this application rest and put the energy into the next one; a short, friendly "
    "closing note is the most that still helps.",
    advice="Follow-up advice: after a handful of unanswered messages, stop and move on.",
    sources=("004",),
    bad=[
        Example(
            "A fourth follow-up with no answer to the first three.", case="tmf-fourth-in-january"
        )
    ],
    good=[
        Example("A second follow-up after a week of silence.", case="tmf-ok-third"),
        Example(
            "A fourth message when the recruiter answered the second one.",
            case="tmf-ok-first-one-answered",
        ),
    ],
)
def too_many_follow_ups(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app, history = draft.application, draft.history
    if app is None or history is None or not awaiting_decision(draft):
        return
    # Counted after the thank-you (or the round), as the let-it-rest reminder counts them.
    unanswered = unanswered_follow_ups(history, inquiry_anchor(app, history, draft.at))
    limit = int(opts["max_follow_ups"])
    if len(unanswered) < limit:
        return
    first = unanswered[0]
    yield Hit(
        f"this would be your {ordinal(len(unanswered) + 1)} follow-up to "
        f"{draft.application.company if draft.application else 'them'} with no answer "
        f"since {day(draft, first.at)}; the limit is {limit}"
    )
