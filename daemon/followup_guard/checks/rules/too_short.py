"""too-short: a thank-you with fewer than two real paragraphs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...mail.text import WORD
from ..draft import Draft
from ..letter import (
    layout,
    paragraphs,
)
from ..registry import Example, Hit, rule


@rule(
    "too-short",
    category="tone",
    severity="info",
    kinds=["thank-you"],
    summary="Notes a thank-you with fewer than two real paragraphs.",
    why="A one-line thanks is better than none, but it gives the interviewer nothing to "
    "remember you by. Two short paragraphs leave room for what stood out in the "
    "conversation and why you fit.",
    fix="Add a paragraph: a detail from the conversation, and how your experience fits "
    "what they need.",
    advice="Thank-you advice: write at least two paragraphs; a 30-minute interview "
    "leaves plenty to follow up on.",
    sources=("002",),
    options={"min_paragraphs": 2, "min_paragraph_words": 8},
    bad=[
        Example(
            "Dear Dana,\n\nThanks for your time today, I enjoyed talking about the "
            "payments ledger.\n\nBest regards,\nAlex",
            "one paragraph",
        ),
        Example("Thank you for the interview at Acme, it was great to meet you.", "one line"),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for walking me through the payments ledger today; "
            "the reconciliation problem stuck with me.\n\nMy work on idempotent "
            "consumers at my last job maps well onto the Kafka migration, and I would "
            "enjoy helping with it.\n\nBest regards,\nAlex",
            "two paragraphs",
        ),
        Example(
            "Dear Dana,\nThank you for walking me through the payments ledger today.\n"
            "My work on idempotent consumers maps well onto the Kafka migration you "
            "described, and I would enjoy it.\nBest regards,\nAlex",
            "one line per paragraph",
        ),
    ],
)
def too_short(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    text = draft.text
    if not text.strip():
        return
    lay = layout(draft)
    min_words = int(opts.get("min_paragraph_words", 8))
    paras = paragraphs(text, *lay.body)
    real = [p for p in paras if len(WORD.findall(text[p[0] : p[1]])) >= min_words]
    want = int(opts.get("min_paragraphs", 2))
    if len(real) < want:
        n = len(real)
        span = (paras[0][0], paras[-1][1]) if paras else None
        yield Hit(
            f"this thank-you has {n} paragraph{'s' if n != 1 else ''} of substance "
            f"({want} advised)",
            span,
        )
