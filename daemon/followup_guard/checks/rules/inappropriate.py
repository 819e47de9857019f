"""inappropriate: romance, personal invitations, remarks on looks, intimate sign-offs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import (
    layout,
    phrase_hits,
)
from ..registry import Example, Hit, rule


@rule(
    "inappropriate",
    category="tone",
    severity="block",
    # A note to one's own reference (a former boss, a friend) may offer a drink: the rule
    # guards the people deciding.
    kinds=["thank-you", "follow-up", "reply", "other"],
    summary="Flags romantic or suggestive content, personal invitations (drinks, dinner, "
    "games) and remarks on looks.",
    why="An interviewer is evaluating you. A compliment on their looks, an invitation to "
    "drinks or to a game, or anything flirtatious makes them uncomfortable and puts the "
    "whole application in doubt, however friendly the interview felt.",
    fix="Keep it professional: thank them for their time and their insight. If you want to "
    "network later, suggest a short call or a coffee chat about the work.",
    advice="Follow-up advice: interviewers report suggestive notes and invitations to "
    "sporting events; both cost candidates the job.",
    sources=("000",),
    options={
        "max_reported": 3,
        "also": [],
        "model": True,
        "sign_offs": [
            "love",
            "lots of love",
            "xoxo",
            "xx",
            "xxx",
            "hugs",
            "kisses",
            "hugs and kisses",
        ],
    },
    bad=[
        Example(
            "Dear Dana,\n\nYou looked gorgeous at the onsite. Would you like to grab a "
            "drink sometime?\n\nAlex",
            "looks and an invitation",
        ),
        Example(
            "Dear Dana,\n\nI have two tickets to the Celtics game on Saturday if you want "
            "to join me.\n\nLove,\nAlex",
            "invitation and a romantic sign-off",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nI'd love to hear how the Kafka migration goes; a coffee chat "
            "about it some day would be great.\n\nBest regards,\nAlex",
            "coffee chat",
        ),
        Example(
            "Dear Dana,\n\nYour game plan for the on-call rotation made a lot of sense, "
            "and the date for the decision works for me.\n\nBest regards,\nAlex",
            "game plan, date",
        ),
    ],
)
def inappropriate(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    hits = list(phrase_hits(draft, "inappropriate", opts, "is inappropriate"))
    yield from hits
    lay = layout(draft)
    sign_offs = {s.lower() for s in opts.get("sign_offs", ())}
    if lay.sign_off and sign_offs:
        a = lay.sign_off[0]
        line_end = draft.text.find("\n", a)
        line_end = len(draft.text) if line_end == -1 else line_end
        line = draft.text[a:line_end]
        word = line.strip().rstrip(",.!").strip().lower()
        if word in sign_offs:
            span = (a + line.find(line.strip()), a + line.find(line.strip()) + len(line.strip()))
            if not any(h.span and h.span[0] <= span[0] < h.span[1] for h in hits):
                yield Hit(
                    f"the sign-off '{line.strip()}' is too intimate for an interviewer",
                    span,
                    fix="Close with 'Best regards,' or 'Kind regards,'.",
                )
