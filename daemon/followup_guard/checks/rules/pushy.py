"""pushy: ultimatums, demands for an answer, announced repeated calls."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import (
    phrase_hits,
)
from ..matcher import existence_check, phrase_list, snippet
from ..registry import Example, Hit, rule
from ..textview import view


@rule(
    "pushy",
    category="tone",
    severity="warn",
    summary="Flags ultimatums, demands for an answer, announced repeated calls, and an offer "
    "asked for before the company has made one.",
    why="Checking in once is expected; pressing is not. Deadlines you set for the employer, "
    "demands for an answer today, or promises to keep calling read as badgering, and "
    "the employer remembers the badgering rather than the interview.",
    fix="Ask, don't demand: 'Could you share where things stand?' If you have a real "
    "deadline (another offer), state it once, politely, as information.",
    advice="Follow-up advice: be assertive, not pushy; one or two contacts over a "
    "week, never calls several times a day.",
    sources=("000", "003"),
    options={"max_reported": 3, "also": [], "model": True},
    bad=[
        Example(
            "Dear Dana,\n\nI expect an answer by Friday. If I don't hear back by then, I "
            "will assume the worst.\n\nAlex",
            "ultimatum",
        ),
        Example(
            "Dear Dana,\n\nI will keep calling every day until I hear back.\n\nAlex",
            "announced repeated calls",
        ),
        Example(
            "Dear Dana,\n\nPlease send the offer letter over this week so I can hand in my "
            "notice.\n\nAlex",
            "an offer presumed (no offer on record)",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nCould you share where things stand on the Backend Engineer "
            "role when you have a moment?\n\nBest regards,\nAlex",
            "polite inquiry",
        ),
        Example(
            "Dear Dana,\n\nI have an offer from another company with a deadline of "
            "December 4, so an update before then would help me.\n\nBest regards,\nAlex",
            "a real deadline stated as information",
        ),
    ],
)
def pushy(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    hits = list(phrase_hits(draft, "pushy", opts, "reads as pushy"))
    yield from hits
    if hits:
        return
    # The phrases first: most letters hold none, and then the record is never read.
    presumed = existence_check(view(draft.text), phrase_list("pushy", "presumes"))[:1]
    if presumed and _offer_on_record(draft):
        return
    for mt in presumed:
        yield Hit(
            f"'{snippet(mt.text)}' {mt.phrase.label}",
            (mt.start, mt.end),
            fix="Wait for the offer; until then ask where things stand. If they did offer, "
            'set the application\'s status to "offer" in the config.',
        )


def _offer_on_record(draft: Draft) -> bool:
    """An offer the user may ask about: the status says so, a message from the company or
    the thread this draft answers names one."""
    app, history = draft.application, draft.history
    if app is None or app.status == "offer":
        return True
    if "offer" in (draft.msg.subject or "").lower():
        return True
    return history is not None and any("offer" in c.subject.lower() for c in history.inbound)
