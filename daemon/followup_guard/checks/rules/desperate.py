"""desperate: pleading, begging, 'I need this job'."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import (
    phrase_hits,
)
from ..registry import Example, Hit, rule


@rule(
    "desperate",
    category="tone",
    severity="warn",
    summary="Flags pleading, begging and 'I need this job' wording.",
    why="Employers hire the candidate who seems able to do the job, not the one who seems to "
    "need it most. Pleading shifts attention from your skills to your situation, and it "
    "weakens your hand if an offer comes.",
    fix="Show enthusiasm through specifics (what you would work on, why this team) and "
    "keep your circumstances out of it.",
    advice="Follow-up advice: enthusiasm helps, desperation hurts; show confidence.",
    sources=("000", "004"),
    options={"max_reported": 3, "also": [], "model": True},
    bad=[
        Example(
            "Dear Dana,\n\nI really need this job. Please, please give me a chance.\n\nAlex",
            "pleading",
        ),
        Example("Dear Dana,\n\nYou are my last hope; I will take any salary.\n\nAlex", "begging"),
    ],
    good=[
        Example(
            "Dear Dana,\n\nI can't wait to start working on the payments ledger, and I'm "
            "dying to learn more about the Kafka migration.\n\nBest regards,\nAlex",
            "eager, not desperate",
        ),
        Example(
            "Dear Dana,\n\nThe role is exactly what I have been looking for, and I would "
            "love to help with the on-call rotation.\n\nBest regards,\nAlex",
            "enthusiasm",
        ),
    ],
)
def desperate(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    yield from phrase_hits(draft, "desperate", opts, "reads as desperate")
