"""same-letter-many: one letter to several interviewers, or a near copy of one sent."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ...mail.text import SKETCH_SIZE, shingles, similarity, sketch_of
from ..draft import Draft
from ..registry import Example, Hit, rule
from ..timeline import day

_SHINGLE = 5


def _dice(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Share of five-word phrases two sketches have in common: 2|A∩B| / (|A| + |B|)."""
    j = similarity(a, b)
    return 2 * j / (1 + j) if j else 0.0


def _alike(text: str, theirs: tuple[int, ...]) -> float:
    words, hashes = shingles(text)
    return _alike_parts(words, hashes, sketch_of(hashes), theirs)


def _alike_parts(
    words: list[str], hashes: list[int], mine: tuple[int, ...], theirs: tuple[int, ...]
) -> float:
    """How much of a letter (its words, 5-word-run hashes and sketch) repeats an earlier one
    (given as its fingerprint): the share of its words that sit in a five-word run the earlier
    letter also has. A copy with the name swapped and a phrase or two edited stays above 0.9;
    a letter that only shares its closing paragraph falls far below. Exact while the earlier
    sketch holds all its phrases (letters under ~130 words); for longer ones, the phrase
    overlap of the two sketches instead."""
    if len(words) < _SHINGLE or not theirs or len(theirs) >= SKETCH_SIZE:
        return _dice(mine, theirs)
    known = set(theirs)
    covered = [False] * len(words)
    for i, h in enumerate(hashes):
        if h in known:
            covered[i : i + _SHINGLE] = [True] * _SHINGLE
    return sum(covered) / len(words)


@rule(
    "same-letter-many",
    category="scope",
    severity="warn",
    options={"similarity": 0.8, "min_words": 25},
    summary="Flags one message addressed to several interviewers at once, or a letter whose "
    "text mostly repeats (over 80 % of its words, in runs of five) one already sent "
    "to a colleague at the company. Replies are left alone.",
    why="Interviewers compare notes. The same words arriving in two inboxes, or one group "
    "message, shows the note was written once and copied. A separate note that recalls "
    "each conversation shows you listened.",
    fix="Write a separate note to each interviewer, each recalling something from your "
    "conversation with them.",
    advice="Thank-you advice: a personal note for each person you met.",
    sources=("004",),
    bad=[
        Example(
            "One thank-you addressed to both Dana Wu and John Smith.", case="slm-one-note-to-both"
        ),
        Example(
            "John Smith's thank-you is Dana Wu's with the name changed.",
            case="slm-copy-with-name-swapped",
        ),
    ],
    good=[
        Example(
            "Two thank-yous, each mentioning a different part of the day.",
            case="slm-ok-genuinely-different-letter",
        ),
        Example(
            "Two different notes that end with the same closing sentence.",
            case="slm-ok-shared-closing-paragraph",
        ),
    ],
)
def same_letter_many(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    if draft.application is None or draft.kind == "reply":
        return
    interviewers = [r.person for r in draft.interviewer_recipients if r.person]
    if len(interviewers) > 1:
        who = ", ".join(p.name for p in interviewers[:-1]) + f" and {interviewers[-1].name}"
        yield Hit(f"this one message goes to {len(interviewers)} interviewers at once ({who})")
    words, hashes = shingles(draft.text)
    if len(words) < int(opts["min_words"]):
        return
    threshold = float(opts["similarity"])
    mine = sketch_of(hashes)
    for other, contact in draft.colleague_letters:
        score = _alike_parts(words, hashes, mine, contact.fingerprint)
        if score >= threshold:
            p = draft.application.person(other)
            yield Hit(
                f"{round(score * 100)} % of this letter repeats the one you sent "
                f"{p.name if p else other} on {day(draft, contact.at)}",
                person=other,
            )
            return
