"""missing-thanks: a thank-you note that never thanks."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import (
    first_recipient_name,
)
from ..matcher import phrase_list
from ..registry import Example, Hit, rule
from ..textview import view

_THANKS = re.compile(  # (the lookahead on the first letters lets re skip ahead quickly)
    r"(?=[tgaokmc])(?<![\w])(?:thank|thanks|thanked|thankful|thank-you|thx|thnx|thanx|tnx|"
    r"ty|tysm|thks|thnks|grateful|gratitude|appreciate|"
    r"appreciated|appreciative|appreciation|appreciating|obliged|kudos|much obliged|"
    r"kind of you|generous of you|good of you|cheers for|ta for)(?![\w])",
    re.I,
)


@rule(
    "missing-thanks",
    category="tone",
    severity="warn",
    kinds=["thank-you"],
    summary="Flags a thank-you note that never thanks or shows appreciation.",
    why="The first note after an interview exists to thank the interviewer for their time. "
    "One that only restates your qualifications, or only asks about next steps, reads "
    "as self-centred.",
    fix="Thank them for their time and for something specific: 'Thank you for walking me "
    "through ...'.",
    advice="Thank-you advice: express appreciation for the interviewer's time and interest.",
    sources=("000", "004"),
    options={},
    bad=[
        Example(
            "Dear Dana,\n\nI enjoyed our talk about the payments ledger. When can I "
            "expect to hear about next steps?\n\nBest regards,\nAlex",
            "no thanks",
        ),
        Example(
            "Dear Dana,\n\nThanks for nothing, honestly.\n\nAlex", "sarcastic thanks do not count"
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nI enjoyed our talk about the payments ledger.\n\nThank you,\nAlex",
            "thanks in the sign-off",
        ),
        Example(
            "Dear Dana,\n\nI really appreciate the time you took to walk me through the "
            "Kafka migration.\n\nBest regards,\nAlex",
            "appreciation",
        ),
    ],
)
def missing_thanks(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    text = draft.text
    if not text.strip():
        return
    tv = view(text)
    if phrase_list("missing-thanks", "appreciation").find(tv):
        return
    # "my supervisor thanked me", "thanks to my training", "thank goodness": no thanks here.
    others = phrase_list("missing-thanks", "not_thanks").find(tv)
    for m in _THANKS.finditer(text):
        if any(o.start <= m.start() < o.end for o in others):
            continue
        # "for nothing less than the most thorough interview" is praise (rules25).
        if re.match(
            r"\s+(?:a\s+lot\s+)?for\s+nothing\b(?!\s+(?:less|short)\b)", text[m.end() :], re.I
        ) or re.search(r"\bno\s+$", text[max(0, m.start() - 4) : m.start()], re.I):
            continue
        # Sarcastic thanks ("thanks for wasting my time") do not count.
        a = tv.sentence_start(m.start())
        b = min((i for i in (text.find(c, m.end()) for c in ".!?\n") if i != -1), default=len(text))
        rel = m.start() - a
        if any(mt.start <= rel < mt.end for mt in phrase_list("sarcastic").find(text[a : b + 1])):
            continue
        return
    name = first_recipient_name(draft)
    yield Hit(
        f"this thank-you never thanks {name or 'the interviewer'} or shows appreciation", None
    )
