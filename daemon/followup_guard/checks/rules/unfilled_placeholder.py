"""unfilled-placeholder: template slots left in the text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import (
    first_recipient_name,
)
from ..registry import Example, Hit, rule
from ..slots import slots


def _slot_hint(slot: str, draft: Draft) -> str:
    s = slot.lower()
    app = draft.application
    name = first_recipient_name(draft)
    if app and re.search(r"company|organi|employer|firm", s):
        return f"Replace it with '{app.company}'."
    if app and re.search(r"title|position|role|job", s) and app.role:
        return f"Replace it with '{app.role}'."
    if name and re.search(r"name|interviewer|manager|recipient|person|contact", s):
        return f"Replace it with '{name}'."
    return "Fill it in or delete it."


@rule(
    "unfilled-placeholder",
    category="tone",
    severity="block",
    summary="Flags template slots left in the text: [Company], {name}, <Hiring Manager>, "
    "XXX, ____.",
    why="A template slot that survives into the sent letter proves it was a template, and "
    "it is the first thing the reader's eye lands on. Personalising the letter was the "
    "whole point of sending it.",
    fix="Fill in every slot with the real name or detail, or delete it.",
    advice="Follow-up advice: a standard message shows; make each note personal.",
    sources=("002",),
    options={"max_reported": 5},
    bad=[
        Example(
            "Dear [Interviewer Name],\n\nThank you for the interview at {company}.\n\n"
            "Best regards,\nAlex",
            "brackets and braces",
        ),
        Example(
            "Dear <Hiring Manager>,\n\nI enjoyed discussing XXX with you.\n\nBest regards,\nAlex",
            "angle brackets and XXX",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for the interview at Acme [1]. The talk on the "
            "payments ledger was great.\n\nBest regards,\nAlex",
            "a footnote mark",
        ),
        Example(
            "Dear Dana,\n\nHere is the [design doc](https://example.org/doc) I "
            "mentioned, and my email <alex.morgan@example.org>.\n\nBest regards,\nAlex",
            "a link and an address",
        ),
    ],
)
def unfilled_placeholder(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    last = -1
    n = 0
    for a, b, s in slots(draft):
        if a < last:
            continue
        last = b
        n += 1
        if n > int(opts.get("max_reported", 5)):
            break
        yield Hit(f"'{s}' is a template slot left unfilled", (a, b), fix=_slot_hint(s, draft))
