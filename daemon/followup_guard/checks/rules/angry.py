"""angry: hostile, blaming or furious wording."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import (
    phrase_hits,
)
from ..registry import Example, Hit, rule


@rule(
    "angry",
    category="tone",
    severity="block",
    summary="Flags hostile, blaming or furious wording.",
    why="Frustration after a long silence is natural, but an angry message is the one thing "
    "that can turn a maybe into a firm no, and it can get a candidate remembered badly by "
    "a recruiter for years. Hiring often stalls for reasons nobody outside can see.",
    fix="Take the anger out: state what you would like to know (an update on the timeline), "
    "assume good faith, and wait a day before sending.",
    advice="Follow-up advice: stay courteous even when a process drags; an angry "
    "note or one that runs down the interviewer can get you blacklisted.",
    sources=("000", "003"),
    options={"max_reported": 3, "also": [], "model": True},
    bad=[
        Example(
            "Dear Dana,\n\nI am honestly furious that nobody has replied to me. You "
            "wasted my time.\n\nAlex",
            "furious, blaming",
        ),
        Example(
            "Dear Dana,\n\nHow dare you keep candidates waiting like this? Your silence is "
            "unacceptable.\n\nAlex",
            "hostile",
        ),
        Example(
            "Dear Dana,\n\nIt has been more than a little frustrating not to hear anything "
            "since the decision date passed. Is there any news on the Backend Engineer "
            "role?\n\nAlex",
            "frustration said to be large",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nI know hiring timelines shift. Is there any update on the "
            "Backend Engineer role at Acme?\n\nBest regards,\nAlex",
            "patient",
        ),
        Example(
            "Dear Dana,\n\nWe talked about attacking the problem of aggressive growth "
            "targets in the payments ledger; I enjoyed that.\n\nBest regards,\nAlex",
            "business idioms are fine",
        ),
        Example(
            "Dear Dana,\n\nMy former supervising attorney, Diane Okafor, is happy to be "
            "called as a reference.\n\nBest regards,\nAlex",
            "a lawyer named, not brought in",
        ),
        Example(
            "Dear Dana,\n\nI'll admit it's been a little frustrating not to hear anything "
            "since the decision date passed, and I know December gets busy. Is there any "
            "news on the Backend Engineer role?\n\nBest regards,\nAlex",
            "a mild feeling owned, not anger",
        ),
    ],
)
def angry(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    yield from phrase_hits(draft, "angry", opts, "reads as angry")
