"""inquiry-too-soon: asking for news less than a week after the thank-you."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ...record.schedule import (
    inquiry_anchor,
    inquiry_ok_from,
)
from ..draft import Draft
from ..registry import Example, Hit, rule
from ..timeline import (
    ago,
    asks_news,
    awaiting_decision,
    company_wrote_since,
    names,
    opens_with_thanks,
    when,
)

if TYPE_CHECKING:
    pass


@rule(
    "inquiry-too-soon",
    category="timing",
    severity="warn",
    kinds=["follow-up"],
    options={"days": 7},
    summary="Flags an unprompted follow-up sent less than a week after the thank-you (or after "
    "the interview, if no thank-you went out), unless the promised decision date passed.",
    why="Hiring takes time: references, debriefs, other candidates. Asking for news within days "
    "of the interview signals impatience and rarely speeds anything up.",
    fix="Save it as a draft and send it on the date given; until then, no news is normal.",
    advice="Status-inquiry advice: give the team about a week, or until the date "
    "they named, before asking where things stand.",
    sources=("001", "004"),
    bad=[Example("Asking Dana Wu for news two days after the thank-you.", case="its-day-three")],
    good=[
        Example("Asking for news eight days after the thank-you.", case="its-ok-day-eight"),
        Example(
            "Asking the day after the decision date they gave has passed.",
            case="its-ok-decision-date-passed",
        ),
    ],
)
def inquiry_too_soon(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app, history = draft.application, draft.history
    if app is None or history is None or not awaiting_decision(draft) or _courtesy(draft):
        return
    anchor = inquiry_anchor(app, history, draft.at)
    ok = inquiry_ok_from(app, history, draft.at, float(opts["days"]))
    if anchor is None or ok is None or draft.at >= ok:
        return
    thanks = [c for c in history.outbound if c.kind == "thank-you" and c.at == anchor]
    if thanks:
        fact = f"your thank-you to {names(draft, thanks[0].people)} went out {ago(draft, anchor)}"
    else:
        rnd = app.last_round_before(draft.at)
        fact = f"the {rnd.name if rnd else 'interview'} ended {ago(draft, anchor)}"
    yield Hit(
        f"{fact}; a status inquiry is fine from {when(draft, ok)}",
        fix=f"Wait until {when(draft, ok)}; schedule the message for then.",
    )


def _courtesy(draft: Draft) -> bool:
    """A note that opens with thanks, within a day of the round, to the people told to be
    contacted (the recruiter who arranged it) and to no interviewer, asking no news (news
    awaited is no question: rules37): a
    courtesy the day it is due, not a status inquiry (rules34: four writers let such notes
    go out)."""
    app = draft.application
    rnd = app.last_round_before(draft.at) if app is not None else None
    # The company's people, and the application's own contacts wherever they work (the
    # agency recruiter who arranged the interview, rules36).
    company = [r for r in draft.recipients if r.at_company or r.person is not None]
    return (
        rnd is not None
        and (draft.at - rnd.end <= timedelta(hours=24) or company_wrote_since(draft))
        and bool(company)
        and all(r.person is not None and r.person.role == "permitted" for r in company)
        and opens_with_thanks(draft.text)
        and not asks_news(draft.text)
    )
