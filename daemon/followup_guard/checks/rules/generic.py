"""generic: a thank-you with nothing specific to this interview."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

from ...mail.text import WORD
from .. import spelling, tone_model
from ..draft import Draft
from ..letter import (
    MONTHS,
    WEEKDAYS,
    is_sentence_start,
    layout,
    own_name_words,
)
from ..matcher import rule_data
from ..registry import Example, Hit, rule
from ..slots import slots


@cache
def _plain_words() -> frozenset[str]:
    return frozenset(rule_data("generic")["plain_words"])


@cache
def _template_words() -> frozenset[str]:
    return frozenset(rule_data("generic")["template_words"].split())


@cache
def _template_phrases() -> re.Pattern[str]:
    """Stock phrases of thank-you and cover letters ("hit the ground running", "came away
    with"): their words are no detail of the interview, however unusual they are alone."""
    phrases = sorted(rule_data("generic")["template_phrases"], key=len, reverse=True)
    alts = [r"[\s\-]+".join(re.escape(w) for w in p.split()) for p in phrases]
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.I)


def _specifics(draft: Draft) -> re.Pattern[str]:
    """One pattern for what would make this letter specific to its application."""
    app = draft.application
    assert app is not None
    return _specifics_for(
        tuple(p.name for p in app.people), app.company, tuple(app.talking_points), app.role
    )


def _same_stem(a: str, b: str) -> bool:
    """'driving'/'driver', 'teaching'/'teacher', 'nursing'/'nurse': one word's forms."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 4 and n >= min(len(a), len(b)) - 3


# Words that join a talking point's words but name nothing alone ("a", "of", "and").
_JOINERS = frozenset(
    {"a", "an", "the", "of", "and", "or", "to", "for", "in", "on", "at", "with", "by", "from"}
    | {"into", "our", "your", "my", "their", "its"}
)


@lru_cache(maxsize=64)
def _specifics_for(
    people: tuple[str, ...], company: str, talking_points: tuple[str, ...], role: str = ""
) -> re.Pattern[str]:
    names: list[str] = []  # case-sensitive: "Bill" the person, not "the bill"
    terms: list[str] = []  # case-insensitive
    # A word of the job's title is in every letter for it ("the driving position" for a
    # driver): a talking point's single word of that stem does not count alone.
    role_words = [w.lower() for w in WORD.findall(role)]
    for name in people:
        names.extend(re.escape(w) for w in name.split() if len(w) >= 2)
    for tp in talking_points:
        words = [part for w in WORD.findall(tp) for part in w.split("-")]  # on-call
        if words:
            # "behaviour support plans" recalled as "a behaviour support plan" (rules10 round):
            # the last word in either number.
            *head, last = words
            tail = re.escape(last.removesuffix("s")) + "s?" if last.isalpha() else re.escape(last)
            terms.append(r"[\s\-]+".join([*(re.escape(w) for w in head), tail]))
        # One word of a longer point counts alone unless it is everyday vocabulary: "safety"
        # of "safety walks" or "chain" of "cold chain" is in any letter of the trade.
        everyday = (
            {w for w, lvl in spelling.lookup([w.lower() for w in words])[0].items() if lvl <= 10}
            if len(words) > 1
            else set()
        )
        # Two adjacent words of a longer point name it too: "the Stage 3 platform" recalls
        # "Stage 3 lot layout" (rules33);
        # not two everyday words ("patient care" of "bilingual patient care": CV talk).
        if len(words) > 2:
            for a, b in pairwise(words):
                la, lb = a.lower(), b.lower()
                if la in _JOINERS or lb in _JOINERS or (la in everyday and lb in everyday):
                    continue
                terms.append(re.escape(a) + r"[\s\-]+" + re.escape(b))
        for w in words:
            if len(w) < 2:  # the "S" of "SAP S/4HANA" would match any "'s" (rules36)
                continue
            if any(_same_stem(w.lower(), r) for r in role_words) or w.lower() in everyday:
                continue
            if w[:1].isupper() or (len(w) >= 5 and w.lower() not in _plain_words()):
                terms.append(re.escape(w))
    alts = []
    if names:
        alts.append("(?-i:" + "|".join(names) + ")")
    if terms:
        alts.append("|".join(terms))
    return re.compile(r"(?<![\w])(?:" + "|".join(alts or ["(?!x)x"]) + r")(?![\w])", re.I)


# Capitalised words that say nothing about this interview.
_CALENDAR = MONTHS | WEEKDAYS | {"i", "ok"}
# Letters of any alphabet: "Ingénierie" is one word, not "Ing" (a capital mid-sentence) and
# "nierie".
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[&'’\-])*[^\W_]|[^\W_]")
_BREAK = re.compile(r"[^\s\w'’\-]")  # punctuation between two words: not a phrase
_RARE_LEVEL = 35  # SCOWL size level from which a word is not everyday vocabulary
_RARE_NEEDED = 2  # distinct such words that show a concrete detail
_PAIR_LEVEL = 20  # two adjacent words outside the template are a detail if one is this rare
_UNKNOWN_LEVEL = 100  # words the dictionary does not know


def concrete_detail(body: str, plain: frozenset[str]) -> bool:
    """Whether ``body`` names something a template would not: an acronym, code or number
    ("CRRT", "KS3", "section 106"), a proper noun mid-sentence ("Albury", "TripAdvisor"), at
    least two less common words ("planograms", "covenant", "watchlist"), or two adjacent
    words no template uses, one of them beyond the commonest ("loss prevention", "charity
    events"; not "supporting patients"). Template letters are
    written in a small everyday vocabulary ("the role", "the team", "the opportunity");
    interviews whose record lists no talking points are still recalled this way. ``plain``:
    lower-case words that never count (the sender's name, the role's title: "the Backend
    Engineer role" is in every letter for the job)."""
    words: list[str] = []
    pairs: list[tuple[str, str]] = []
    prev_base = ""
    template = _template_words()
    stock = [(m.start(), m.end()) for m in _template_phrases().finditer(body)]
    prev: re.Match[str] | None = None
    for m in _TOKEN.finditer(body):
        if any(a <= m.start() < b for a, b in stock):
            prev = None  # a stock phrase is neither a detail nor half of one
            continue
        w = m.group()
        low = w.lower().replace("’", "'")
        base = low.removesuffix("'s")  # "the team's goals" is template talk too
        if "'" in base:  # a contraction ("I'm", "it's") is made of function words
            base = "i"
        outside = base not in template and base not in plain and len(base) >= 3
        if outside and prev is not None and not _BREAK.search(body, prev.end(), m.start()):
            pairs.append((prev_base, base))
        prev, prev_base = (m, base) if outside else (None, "")
        if low in _CALENDAR or low in plain or "'" in base:
            continue
        if base in template or base in plain:
            continue
        core = w[: len(base)]  # without its "'s" ("the PSI's guidance")
        if (any(c.isdigit() for c in core) and any(c.isalpha() for c in core)) or sum(
            c.isupper() for c in core
        ) >= 2:
            return True  # an acronym or a code ("KS3"); a bare number ("in 2 weeks") is not
        if core[0].isupper() and not is_sentence_start(body, m.start()):
            return True
        words.append(base)
    level = _levels(set(words) | {w for p in pairs for w in p})
    # A pair of the commonest words ("supporting patients", "strongly identify") is CV talk;
    # one less common word makes it a thing of this workplace ("loss prevention").
    if any(max(level(a), level(b)) >= _PAIR_LEVEL for a, b in pairs):
        return True
    rare = {low for low in words if level(low) >= _RARE_LEVEL}
    return len(rare) >= _RARE_NEEDED


def _levels(words: set[str]) -> Callable[[str], int]:
    """A word's SCOWL level (unknown words count as rarest); a hyphenated compound of known
    words ("patient-centred") is as common as its rarest part."""
    parts = {p for w in words for p in w.split("-") if p}
    known, _ = spelling.lookup([*words, *parts])

    def level(word: str) -> int:
        if word in known:
            return known[word]
        pieces = [p for p in word.split("-") if p]
        if len(pieces) > 1 and all(p in known for p in pieces):
            return max(known[p] for p in pieces)
        return _UNKNOWN_LEVEL

    return level


@cache
def _recall_cues() -> re.Pattern[str]:
    """A recalled moment ("you mentioned", "the way you"), not followed by a modal: "how you
    would like to proceed" is the letter's business, not the interview's."""
    cues = sorted(rule_data("generic")["recall_cues"], key=len, reverse=True)
    alts = [r"\s+".join(re.escape(w) for w in c.split()) for c in cues]
    return re.compile(
        r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])"
        r"(?!\s+(?:would|will|can|could|might|may|should|wish|want|prefer)\b)",
        re.I,
    )


_CLAUSE_END = re.compile(r"[.!?;]|\n\s*\n")


# A sentence about the writer's own record ("I have eight years in the BPO industry", "My
# background in case management", "With over twenty years in the U.S. Army", "As a retired
# Sergeant First Class, I ..."): a CV line, the same in every letter, so its field words and
# proper nouns are no detail of this interview (rules11 round). One that recalls saying it
# ("As I mentioned, I have managed ...") is a moment of the conversation and stays.
_SELF = re.compile(
    r"(?:i (?:have|'ve) (?:\w+ ){0,3}?(?:years?|experience|worked|spent|handled|managed|led|"
    r"run|built|coached|been (?:a|an)|a background)"
    r"|i bring|i(?: am|'m) (?:a|an|passionate|confident|experienced|skilled|certified|"
    r"licensed|qualified|trained|fluent)"
    r"|my (?:\w+ )?(?:background|experience|skills|training|qualifications|career)"
    r"|with (?:over |more than |nearly |almost |some )?\w+ (?:years?|decades?)"
    r"|as an? [^,.]{1,40}, i\b"
    r"|throughout my career|in my (?:\w+ )?(?:years?|career)"
    r"|having (?:worked|spent|served|led|managed))\b",
    re.I,
)
_BULLET = re.compile(r"[-*•–]\s")


def about_them(body: str) -> str:
    """``body`` without the sentences about the writer's own record, and the bullet lines
    that list it ("I bring:" then "- a New Mexico LMSW license"). Sentences as the tone
    model splits them: hard-wrapped lines joined, each list item its own."""
    kept: list[str] = []
    listing = False
    for a, b in tone_model.sentences(body):
        s = body[a:b]
        if listing and _BULLET.match(s):
            continue
        listing = False
        if _SELF.match(s):
            listing = s.endswith(":")
            continue
        kept.append(s)
    return " ".join(kept)


def recalled_detail(body: str, plain: frozenset[str]) -> bool:
    """Whether ``body`` recalls something the interviewer said or does ("you mentioned the
    move to the new depot", "the script register you showed me", "the way you match each
    aide to the same few clients"): a recall cue in a sentence that holds, besides it, two
    distinct words outside the template vocabulary (and ``plain``)."""
    template = _template_words()
    for cue in _recall_cues().finditer(body):
        stop = _CLAUSE_END.search(body, cue.end())
        start = max((m.end() for m in _CLAUSE_END.finditer(body, 0, cue.start())), default=0)
        clause = body[start : cue.start()] + " " + body[cue.end() : stop.start() if stop else None]
        content = {
            low
            for w in _TOKEN.findall(clause)
            if len(low := w.lower().replace("’", "'").removesuffix("'s")) >= 3
            and low not in template
            and low not in plain
            and low not in _CALENDAR
        }
        if len(content) >= 2:
            return True
    return False


@rule(
    "generic",
    category="tone",
    severity="warn",
    kinds=["thank-you"],
    summary="Flags a thank-you note with nothing specific to this interview: no interviewer "
    "name (beyond the greeting), no talking point from the record, and no concrete detail of "
    "its own (an acronym, a proper noun, field words, a moment recalled: 'the way you "
    "...'). The company's name and the role's "
    "title alone do not count: a template has them filled in; nor do stock phrases ('came "
    "away', 'hit the ground running', 'team player'). Status inquiries need not "
    "repeat the interview and are left alone, as is a letter a severe tone rule already warns "
    "about: it is no template, and the tone is what matters there.",
    why="Interviewers read many thank-you notes; the ones that sound like a form letter "
    "are forgotten at once, or worse, suggest the candidate was not really listening. A "
    "single concrete detail from the conversation changes that.",
    fix="Mention something from this interview: a problem you discussed, a point the "
    "interviewer made, the company by name. The application's talking points are a "
    "good start.",
    advice="Follow-up advice: a standard, impersonal message is a red flag; recall a "
    "talking point you both cared about.",
    sources=("002",),
    options={"count_greeting": False, "specific_terms": []},
    bad=[
        Example(
            "Dear Dana,\n\nThank you for taking the time to meet with me. I enjoyed "
            "learning more about the role and the team.\n\nBest regards,\nAlex",
            "only the greeting is personal",
        ),
        Example(
            "Hello,\n\nThank you for the interview. I am very interested in the position "
            "and look forward to hearing from you.\n\nKind regards,\nAlex",
            "a template",
        ),
        Example(
            "Dear Dana,\n\nThank you for interviewing me for the Backend Engineer position at "
            "Acme Corp. I enjoyed learning more about the role and the team.\n\nBest regards,\n"
            "Alex",
            "a template with the company filled in",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for walking me through the payments ledger.\n\n"
            "Best regards,\nAlex",
            "a talking point",
        ),
        Example(
            "Dear Dana,\n\nI enjoyed hearing how Acme moved its reconciliation jobs off the "
            "nightly batch.\n\nBest regards,\nAlex",
            "a detail of the conversation",
        ),
        Example(
            "Dear Dana,\n\nThank you for this morning. I liked the way you pair each new "
            "driver with one mentor for the first month.\n\nBest regards,\nAlex",
            "a recalled moment in everyday words",
        ),
    ],
)
def generic(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    if draft.application is None or not draft.text.strip():
        return
    lay = layout(draft)
    start = 0 if opts.get("count_greeting") else lay.body[0]
    end = lay.body[1]
    body = draft.text[start:end]
    if not body.strip():
        return
    extra = [t for t in opts.get("specific_terms", ()) or ()]
    if _specifics(draft).search(body):
        return
    # The role, the company and the people are in every letter for the job, template or not.
    app = draft.application
    plain = (
        own_name_words(draft)
        | {w.lower() for w in WORD.findall(app.role)}
        | {w.lower() for w in WORD.findall(app.company)}
        | {w.lower() for p in app.people for w in WORD.findall(p.name)}
    )
    if concrete_detail(about_them(body), plain) or recalled_detail(body, plain):
        return
    for t in extra:
        if re.search(rf"(?<![\w]){re.escape(t)}(?![\w])", body, re.I):
            return
    # A slot left in the body ("our discussion of [specific topic]") is where the detail was
    # meant to go: unfilled-placeholder says so, and a second finding would say it again.
    if any(start <= a < end for a, _, _ in slots(draft)):
        return
    tps = ", ".join(app.talking_points[:3])
    what = "no interviewer name, no detail of the conversation" + (
        f", no talking point ({tps})" if tps else ""
    )
    yield Hit(f"nothing here is specific to this interview: {what}", None)
