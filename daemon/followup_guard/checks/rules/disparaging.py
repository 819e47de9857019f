"""disparaging: wording that belittles the interviewer, the company or its process."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import (
    phrase_hits,
)
from ..registry import Example, Hit, rule


@rule(
    "disparaging",
    category="tone",
    severity="block",
    summary="Flags wording that belittles the interviewer, the company or its hiring process.",
    why="Criticising the people who interviewed you, or how they run their process, tells "
    "them how you would talk about them as colleagues. It does not win an argument; it "
    "ends the conversation.",
    fix="Drop the judgement. If part of the process genuinely went wrong, describe it "
    "neutrally and ask a question, or keep it for a private note.",
    advice="Follow-up advice: never disparage the interviewer or the company, whatever "
    "the outcome.",
    sources=("000",),
    options={"max_reported": 3, "also": [], "model": True},
    bad=[
        Example(
            "Dear Dana,\n\nFrankly, your hiring process is a joke and the take-home was a "
            "complete waste of time.\n\nAlex",
            "belittles the process",
        ),
        Example(
            "Dear Dana,\n\nJohn clearly had no idea what he was talking about.\n\nAlex",
            "belittles the interviewer",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThe system design round was tough, and I enjoyed working "
            "through the payments ledger problem.\n\nBest regards,\nAlex",
            "honest",
        ),
        Example(
            "Dear Dana,\n\nIt sounds like a crazy busy quarter with the Kafka migration; "
            "that is a killer feature to ship.\n\nBest regards,\nAlex",
            "idioms",
        ),
    ],
)
def disparaging(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    yield from phrase_hits(draft, "disparaging", opts, "belittles the company")
