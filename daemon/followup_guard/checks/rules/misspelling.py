"""misspelling: typos, and misspelt names above all."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from ...mail.text import WORD
from ...textdist import distance
from .. import spelling
from ..draft import Draft
from ..letter import (
    OTHER_LANGUAGE_OPENERS,
    SALUTATION_WORDS,
    TITLE_JOINS,
    is_sentence_start,
    layout,
)
from ..matcher import rule_data
from ..registry import Example, Hit, rule
from ..textview import TextView, sentence_end, sentence_start, view

_MASK = re.compile(
    r"\S+@\S+\.\w+|https?://\S+|www\.\S+|\b[\w\-]+(?:\.[\w\-]+)*\."
    r"(?:com|org|net|io|dev|example|co|ai|edu|gov|uk|de|app)\b\S*|`[^`\n]*`"
)
_MAYBE_MASK = re.compile(
    r"[@`]|://|www\.|\.(?:com|org|net|io|dev|example|co|ai|edu|gov|uk|de|"
    r"app)\b"
)
_TOKEN = re.compile(r"(?<![\w'’\-])[^\W_]+(?:['’][^\W\d_]+)*(?![\w])")


_BASES: dict[str, str | None] = {}  # word -> _base_of(word), across checks


def _base_of(w: str) -> str | None:
    """The word to look up for a word of the text: possessive stripped; None for a
    hyphenated word (its parts are words of their own), one with digits, or a short one."""
    if "-" in w:
        return None
    base = w[:-2] if w.endswith("'s") else (w[:-1] if w.endswith("'") else w)
    if len(base) >= 2 and base.replace("'", "").isalpha():
        return base
    return None


_NOT_WORDS = frozenset(
    {
        "xoxo",
        "xx",
        "xxx",
        "hmm",
        "hmmm",
        "um",
        "uh",
        "eh",
        "ah",
        "oh",
        "aha",
        "ok",
        "okay",
        "hi",
        "hey",
    }
)


def _dl1(a: str, b: str, max_dist: int) -> int:
    """Edit distance with transpositions, cut off above ``max_dist``."""
    return distance(a, b, max_dist)


def _near(token: str, name: str) -> bool:
    """Is ``token`` a near miss of ``name`` (not equal, an edit or two away)?"""
    t, n = token.lower(), name.lower()
    if t == n or len(n) < 3 or abs(len(t) - len(n)) > 2:
        return False
    if min(len(t), len(n)) < 3:
        return False
    allowed = 2 if min(len(t), len(n)) >= 8 else 1
    return _dl1(t, n, allowed) <= allowed


class _RecordName(NamedTuple):
    word: str  # one word of a name, as written in the record ("John", "Corp")
    full: str  # the whole name ("John Smith", "Acme Corp")
    what: str  # "John Smith's name", "the company name", "a talking point"


def _record_names(draft: Draft) -> list[_RecordName]:
    out: list[_RecordName] = []
    app = draft.application
    apps = [app] if app else []
    for a in apps:
        for p in a.people:
            for w in p.name.split():
                out.append(_RecordName(w, p.name, f"{p.name}'s name"))
        for w in WORD.findall(a.company):
            out.append(_RecordName(w, a.company, "the company name"))
        for tp in a.talking_points:
            for w in WORD.findall(tp):
                if w[:1].isupper():
                    out.append(_RecordName(w, tp, "a talking point"))
    return out


@rule(
    "misspelling",
    category="tone",
    severity="warn",
    summary="Flags spelling mistakes, and misspelt names above all; names and terms from the "
    "application record are never flagged.",
    why="A typo in a thank-you note suggests the same carelessness in your work, and a "
    "misspelt interviewer or company name is worse: it shows you did not check the one "
    "word they are sure to notice.",
    fix="Correct the spelling; for names, copy them from the interviewer's email signature.",
    advice="Proofreading advice: typos undo much of a note's good effect; "
    "proofread more than once.",
    sources=("000", "001", "004"),
    options={"max_reported": 5, "max_suggestions": 2, "ignore": []},
    bad=[
        Example(
            "Dear Dana,\n\nThank you for the interveiw. I definately enjoyed meeting "
            "Jhon and the team.\n\nBest regards,\nAlex",
            "typos and a misspelt name",
        ),
        Example(
            "Dear Dana,\n\nI recieved the schedule from Acme Crop today.\n\nBest regards,\nAlex",
            "a typo and the company name",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for explaining the Kafka migration; John Smith's "
            "questions about the payments ledger were great.\n\nBest regards,\nAlex",
            "record names are known",
        ),
        Example(
            "Dear Dana,\n\nI looked at Grafana and Kubernetes docs after our talk, and "
            "I read about Stripe's ledger design.\n\nBest regards,\nAlex",
            "capitalised proper nouns are left alone",
        ),
    ],
)
def misspelling(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    text = draft.text
    if not text.strip():
        return
    tv = view(text)
    accepted = draft.accepted_words
    extra = {w.lower() for w in opts.get("ignore", ()) or ()}
    for r in draft.recipients:  # "seun@globex.example": "Seun" is how they sign
        extra.update(p for p in re.split(r"[._\-+]", r.address.addr.split("@")[0]) if p)
    if draft.application:
        for p in draft.application.people:
            extra.update(x for x in re.split(r"[._\-+]", p.address.split("@")[0]) if x)
    masked = (
        [(m.start(), m.end()) for m in _MASK.finditer(text)] if _MAYBE_MASK.search(text) else []
    )
    greet = layout(draft).greeting

    def usable(a: int, b: int) -> str | None:
        """The word at a..b as written, unless it is masked, an acronym or mixed case."""
        if masked and any(x <= a < y for x, y in masked):
            return None
        w = text[a:b]
        rest = w[1:]
        return w if rest == rest.lower() else None

    # Distinct words (lower case) without digits, possessives stripped.
    bases: dict[str, str] = {}
    memo = _BASES
    if len(memo) > 50_000:
        memo.clear()
    for w in tv.words:
        base = memo.get(w, "\x00")
        if base == "\x00":
            base = memo[w] = _base_of(w)
        if base is not None:
            bases[w] = base
    folded = {b: _fold(b) for b in bases.values() if not b.isascii()}
    for w in [w for w, b in bases.items() if b in folded and not folded[b].isascii()]:
        del bases[w]  # another script (Cyrillic, Arabic, CJK): not for an English dictionary
    folded = {b: f for b, f in folded.items() if f.isascii()}
    # Titles and greetings of other Englishes ("Whaea", "Encik", "Tēnā") are words, never
    # slips of a name that looks like them ("Whaea" beside Ripeka Te Whata; rules40).
    skip = (
        accepted | extra | _NOT_WORDS | SALUTATION_WORDS | rule_data("too-casual")["slang"].keys()
    )
    wrong = spelling.misspelt([*bases.values(), *folded.values()], skip)
    for orig, plain in folded.items():  # "résumé" is "resume" with its accents
        if orig in wrong and plain not in wrong and plain not in skip:
            del wrong[orig]

    hits: list[tuple[int, Hit]] = []  # (priority, hit): names first
    reported: set[str] = set()
    record = _record_names(draft)

    def name_hit(w: str, a: int, rn: _RecordName) -> None:
        reported.add(w.lower())
        hits.append(
            (
                0,
                Hit(
                    f"'{w}' looks like a misspelling of {rn.word} ({rn.what})",
                    (a, a + len(w)),
                    fix=f"Write '{rn.word}' (as in {rn.full}).",
                ),
            )
        )

    # Names: slips in the greeting ("Dear Jon,") and next to the rest of a name ("Acme Crop").
    if record:
        for a, w in _name_slip_candidates(text, tv, record, greet):
            lw = w.lower()
            if lw in reported or lw in accepted or lw in extra or usable(a, a + len(w)) is None:
                continue
            rn = next((rn for rn in record if _near(w, rn.word)), None)
            if rn is not None and not _name_form(w, rn.word):
                name_hit(w, a, rn)
    n_sugg = int(opts.get("max_suggestions", 2))
    limit = int(opts.get("max_reported", 5))
    unknown: list[tuple[int, str, str]] = []  # (offset, as written, base): typos, or names
    # Words in the table of frequent misspellings ("accross") are typos wherever they stand.
    listed = spelling.lookup([b for b in bases.values() if b in wrong])[1] if wrong else {}
    # Personal names of the word list ("Karie", "Marcello"): names when written with a capital.
    known_names = spelling.names(b for b in bases.values() if b in wrong and b not in listed)
    for w, base in bases.items():
        if base not in wrong or base in reported or base in skip:
            continue
        if len(base) < 3 and not wrong[base]:
            continue
        if (
            base not in listed
            and _named_elsewhere(text, tv.positions[w], len(base), greet)
            and not any(_near(base, rn.word) for rn in record)
        ):
            continue  # capitalised inside a sentence somewhere in the letter: a name
        for a in tv.positions[w]:
            written = usable(a, a + len(base))
            if written is None or _unknown_compound(text, a, len(base), wrong):
                continue
            if text[a - 1 : a] == "-" and base.endswith("s") and spelling.is_word(base[:-1]):
                continue  # "run-throughs", "walk-throughs": a compound noun's plural
            if (
                _after_name(text, a)
                and base not in listed
                and not any(_near(written, rn.word) for rn in record)
            ):
                continue  # "Lisa maillet", "Mr. Maldinado": a surname, not a typo
            if written[0].isupper():
                rn = next((rn for rn in record if _near(written, rn.word)), None)
                if rn is not None and _name_form(written, rn.word):
                    break  # the name itself, in the Irish vocative
                if rn is not None:  # "Jhon", "Okonkow"
                    name_hit(written, a, rn)
                    break
                # Capitalised and unknown: probably a proper noun (a product, a city), unless
                # it opens a sentence and has a correction ("Recieved", "Teh").
                if (
                    not _opens_sentence(text, a)
                    or (greet and greet[0] <= a < greet[1])
                    or len(base) < 4
                    or not wrong[base]
                    or base in known_names
                    or _alone_on_line(text, a, len(base))
                ):
                    continue
            if _other_language(text, a, wrong):
                break  # "Diolch o galon", "Asante sana": a line in another language
            unknown.append((a, written, base))
            break
    # Only words with a confident correction are reported: an unknown word without one is far
    # more often a name or a field term than a typo (spelling.suggest decides).
    for a, written, base in sorted(unknown):
        span = (a, a + len(base))
        sugg = wrong[base]
        if sugg:
            shown = " or ".join(f"'{_case_like(written, x)}'" for x in sugg[:n_sugg])
            hits.append(
                (
                    1,
                    Hit(
                        f"'{written}' looks like a misspelling of {shown}",
                        span,
                        fix=f"Write {shown}.",
                    ),
                )
            )
    hits.sort(key=lambda ph: (ph[0], ph[1].span or (0, 0)))
    chosen = [h for _, h in hits[:limit]]
    chosen.sort(key=lambda h: h.span or (0, 0))
    if len(hits) > limit and chosen:
        last = chosen[-1]
        chosen[-1] = Hit(f"{last.message} (and {len(hits) - limit} more)", last.span, fix=last.fix)
    yield from chosen


def _other_language(text: str, pos: int, wrong: Mapping[str, Any]) -> bool:
    """Is the sentence (or line) holding ``pos`` in another language: a line opened by a
    greeting or closing of another language, or three words or more, most of them unknown
    to the dictionary ("Diolch yn fawr iawn am eich amser heddiw")? A typo stands among
    known words; a Welsh or Swahili line in an English letter does not."""
    line_start = text.rfind("\n", 0, pos) + 1
    first = WORD.match(text, line_start + len(text[line_start:]) - len(text[line_start:].lstrip()))
    if first and first.group().lower() in OTHER_LANGUAGE_OPENERS:
        return True  # "Diolch o galon,", "Asante sana"
    sentence = text[sentence_start(text, pos) : sentence_end(text, pos)]
    words = [_base_of(w.lower()) for w in WORD.findall(sentence)]
    return spelling.mostly_foreign([b for b in words if b is not None], wrong.__contains__)


# A title, or a capitalised given name with an optional middle initial ("Joseph M. Deffner").
_PREV_NAME = re.compile(r"(?:\b(Mr|Mrs|Ms|Dr|Prof)\.?|\b([A-Z][a-z]+)(?:[ \t]+[A-Za-z]\.)?)[ \t]+$")
_NOT_GIVEN_NAMES = frozenset(
    [
        "I",
        "Dear",
        "Hi",
        "Hello",
        "Thanks",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)


def _after_name(text: str, pos: int) -> bool:
    """Does the word at ``pos`` follow a title or a capitalised given name inside a sentence
    ("Mr. Maldinado", "forward to Lisa maillet")? Then it is a surname, lower case or not."""
    m = _PREV_NAME.search(text, max(0, pos - 30), pos)
    if m is None:
        return False
    if m.group(1):
        return True
    word = m.group(2)
    if word in _NOT_GIVEN_NAMES:
        return False
    # A sentence (or a line of a list of people) may open with the given name ("Eric thode
    # will ...", "Elaine schield (corp)"): there only a word the dictionary knows solely as a
    # personal name counts, not "Please" or "Attached".
    return not _opens_sentence(text, m.start(2)) or bool(spelling.names([word.lower()]))


_INITIAL = re.compile(r"(?<![^\s(])[A-Za-z]\.[ \t]+$")


def _opens_sentence(text: str, a: int) -> bool:
    """Is ``a`` the start of a sentence? Not at the start of a line that continues a
    hard-wrapped sentence ("in place with\nCalpine that extends")."""
    if not is_sentence_start(text, a) or _INITIAL.search(text, max(0, a - 6), a):
        return False  # after an initial ("carol s. Remond") a name goes on
    start = text.rfind("\n", 0, a) + 1
    if start == 0 or text[start:a].strip():
        return True
    before = text[: start - 1].rstrip(" \t")
    return not before or not (before[-1].islower() or before[-1] == ",")


def _named_elsewhere(
    text: str, positions: list[int], n: int, greet: tuple[int, int] | None
) -> bool:
    """Is the word written with a capital inside a sentence (not its first word, not in the
    greeting) at one of ``positions``? Then the writer treats it as a name everywhere
    ("Brandee is ... / Thanks, Brandee")."""
    for a in positions:
        w = text[a : a + n]
        if not w[:1].isupper() or w[1:] != w[1:].lower() or (greet and greet[0] <= a < greet[1]):
            continue
        if not _opens_sentence(text, a):
            return True
    return False


def _unknown_compound(text: str, a: int, n: int, wrong: Mapping[str, object]) -> bool:
    """Is the word at ``a`` part of a hyphenated compound none of whose parts is a word
    ("thien-huong", "t-ville")? That is a name or a code: a typo seldom hits every part.
    (A lone "e" counts as a word: "e-mial" is a typo.)"""
    if text[a - 1 : a] != "-" and text[a + n : a + n + 1] != "-":
        return False
    start, end = a, a + n
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalpha() or text[end] == "-"):
        end += 1
    parts = [x.lower() for x in text[start:end].split("-") if x]
    return len(parts) >= 2 and all(x in wrong or (len(x) == 1 and x != "e") for x in parts)


_SIGNATURE_LINE = re.compile(r"[ \t]*(?:[(\[]?[\d\-.+ ()\]x]*)?[ \t]*$")


def _alone_on_line(text: str, a: int, n: int) -> bool:
    """Does the word stand alone on its line, but for a phone number or an extension
    ("Christy 39050", "Brandee")? A line like that is a signature: a name."""
    start = text.rfind("\n", 0, a) + 1
    if text[start:a].strip(" \t-,"):
        return False
    end = text.find("\n", a)
    return _SIGNATURE_LINE.fullmatch(text, a + n, len(text) if end < 0 else end) is not None


_NEXT_WORD = re.compile(r"[ \t]+([A-Z][^\W\d_]*)")
_PREV_WORD = re.compile(r"([A-Z][^\W\d_]*)[ \t]+$")


def _name_slip_candidates(
    text: str, tv: TextView, record: list[_RecordName], greet: tuple[int, int] | None
) -> Iterator[tuple[int, str]]:
    """Capitalised words where a name is expected: in the greeting, and right before or after
    another part of a record name ("Jon Smith", "Acme Crop")."""
    if greet:
        for m in _CAP_WORD.finditer(text, greet[0], greet[1]):
            if m.group(0).lower() not in SALUTATION_WORDS:  # "Dear" is no slip of "Year 9"
                yield m.start(), m.group(0)
    for full in {rn.full for rn in record if " " in rn.full}:
        parts = full.split()
        for k, part in enumerate(parts):
            lp = part.lower()
            if lp in TITLE_JOINS:
                # "The Probation Service": every "the" of the letter is no part of that name
                # ("the March intake" is no slip of Helen Marsh; rules43).
                continue
            for pos in (tv.positions.get(lp) or []) + (tv.positions.get(lp + "'s") or []):
                if k + 1 < len(parts):
                    nxt = _NEXT_WORD.match(text, pos + len(part))
                    if nxt and nxt.group(1).lower() != parts[k + 1].lower():
                        yield nxt.start(1), nxt.group(1)
                if k > 0:
                    prev = _PREV_WORD.search(text, max(0, pos - 40), pos)
                    if prev and prev.group(1).lower() != parts[k - 1].lower():
                        yield prev.start(1), prev.group(1)


def _name_form(written: str, name: str) -> bool:
    """A form of the name, not a slip of it: an Irish name in the vocative takes an "h" after
    its first letter ("A Bhríd, a chara" to Bríd; rules22); a plural names the place or
    people after it ("the mural of the Sandias" beside Sandia Academies; rules24), and the
    singular of a plural one ("the Dining Car Special" beside the talking point "Dining Car
    Specials"; rules40)."""
    w, n = written.lower(), name.lower()
    return len(n) > 1 and (w in (n[0] + "h" + n[1:], n + "s", n + "es") or n in (w + "s", w + "es"))


_CAP_WORD = re.compile(r"(?<![\w'’])[A-Z][^\W\d_]+(?![\w'’])")


def _fold(word: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _case_like(model: str, word: str) -> str:
    if model[:1].isupper() and word[:1].islower():
        return word[:1].upper() + word[1:]
    return word
