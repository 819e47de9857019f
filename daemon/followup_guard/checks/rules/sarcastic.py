"""sarcastic: sassy wording, the 'thanks for nothing' kind."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import (
    phrase_hits,
)
from ..registry import Example, Hit, rule


@rule(
    "sarcastic",
    category="tone",
    severity="block",
    summary="Flags sassy or sarcastic wording, the 'thanks for nothing' kind.",
    why="Sarcasm does not survive email: the reader sees only the barb. A sassy reply to "
    "silence or to a rejection closes the door for good, even if you were a finalist.",
    fix="Say plainly what you mean, or say nothing yet: a polite status question works; "
    "a jab never does.",
    advice="Follow-up advice: stay classy, not sassy; the interviewer is probably busy, "
    "not indifferent.",
    sources=("003",),
    options={"max_reported": 3, "also": [], "model": True},
    bad=[
        Example(
            "Dear Dana,\n\nThanks for nothing. I guess you were too busy to reply to my "
            "last three emails.\n\nAlex",
            "thanks for nothing",
        ),
        Example(
            "Dear Dana,\n\nThanks so much for the quick reply, it only took three weeks.\n\nAlex",
            "sarcastic praise",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThanks a lot for the tour of the payments ledger, and for your "
            "time on Friday.\n\nBest regards,\nAlex",
            "sincere thanks",
        ),
        Example(
            "Dear Dana,\n\nI know you are busy with the Kafka migration, so no need for a "
            "long reply.\n\nBest regards,\nAlex",
            "understanding",
        ),
    ],
)
def sarcastic(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    yield from phrase_hits(draft, "sarcastic", opts, "reads as sarcastic")
