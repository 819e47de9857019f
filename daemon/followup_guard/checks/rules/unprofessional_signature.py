"""unprofessional-signature: side businesses and taglines in the signature."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import (
    layout,
)
from ..matcher import existence_check, phrase_list, snippet
from ..registry import Example, Hit, rule
from ..textview import TextView

# Emoji (pictographs, symbols, dingbats), except the contact icons some plain signatures
# use before a number or an address (phone, envelope, mobile, globe, pin, check mark).
_EMOJI = re.compile(
    "[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55\u2764]"
    "(?<![\u260e\u2706\u2709\u2713\u2714\U0001f4de\U0001f4e7\U0001f4f1\U0001f310\U0001f4cd])"
)


_POSTSCRIPT = re.compile(r"\n[ \t]*P\.?[ \t]?P?\.?[ \t]?S\b", re.I)


def _emoji(text: str) -> re.Match[str] | None:
    return _EMOJI.search(text) if not text.isascii() else None


@rule(
    "unprofessional-signature",
    category="tone",
    severity="warn",
    summary="Flags a signature that advertises a side business or carries an unprofessional "
    "tagline.",
    why="The signature is the last thing the interviewer reads. An ad for your party-magic "
    "gigs, a promo code or a jokey motto there undercuts an otherwise careful letter "
    "and raises questions about your focus.",
    fix="Use a plain signature for the job search: your name, phone number, and at most a "
    "LinkedIn or portfolio link.",
    advice="Follow-up advice: a signature advertising a side job does not make you look "
    "like a must-hire.",
    sources=("000",),
    options={"also": [], "max_reported": 2},
    bad=[
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex\n-- \nAlex "
            "Morgan\nMagician for children's parties, book now!",
            "side business",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex\n-- \nAlex "
            "Morgan\nYOLO. Work hard, party harder.",
            "tagline",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex\n-- \nAlex "
            "Morgan\n+1 617 555 0142\nlinkedin.com/in/alexmorgan",
            "plain",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex Morgan\n"
            "Backend Engineer, payments and event streaming",
            "a professional line",
        ),
    ],
)
def unprofessional_signature(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    limit = int(opts.get("max_reported", 2))
    extra = tuple(opts.get("also", ()) or ())
    n = 0
    sig = draft.signature or ""
    if sig.strip():
        for mt in existence_check(
            TextView(sig), phrase_list("unprofessional-signature"), extra=extra, quotes_ok=True
        ):
            n += 1
            if n > limit:
                return
            yield Hit(f"the signature's '{snippet(mt.text)}' {mt.phrase.label}", None)
        if (em := _emoji(sig)) and n < limit:
            n += 1
            yield Hit(f"the signature's '{em.group(0)}' is an emoji", None)
    # A signature typed into the body, below the sign-off, is part of draft.text.
    lay = layout(draft)
    if lay.sign_off:
        a = lay.sign_off[0]
        first_nl = draft.text.find("\n", a)
        if first_nl != -1:
            tail = draft.text[first_nl:]
            # A postscript below the signature is the letter again, not the signature.
            if ps := _POSTSCRIPT.search(tail):
                tail = tail[: ps.start()]
            for mt in existence_check(
                TextView(tail), phrase_list("unprofessional-signature"), extra=extra, quotes_ok=True
            ):
                n += 1
                if n > limit:
                    return
                s = first_nl + mt.start
                yield Hit(
                    f"the signature's '{snippet(mt.text)}' {mt.phrase.label}",
                    (s, first_nl + mt.end),
                )
            if (em := _emoji(tail)) and n < limit:
                yield Hit(
                    f"the signature's '{em.group(0)}' is an emoji",
                    (first_nl + em.start(), first_nl + em.end()),
                )
