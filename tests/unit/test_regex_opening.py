"""A regex phrase is tried only where its opening words stand (checks/regex_opening.py): that
must find exactly what searching the whole text finds, for every shipped regex phrase."""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

import pytest
from followup_guard.checks import matcher
from followup_guard.checks.regex_opening import opening_words
from followup_guard.checks.textview import TextView

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TESTS = Path(__file__).resolve().parents[1]


def _shipped_regexes() -> dict[str, matcher.Phrase]:
    out = {}
    for f in sorted(matcher.DATA.glob("*.toml")):
        for table, rows in matcher.rule_data(f.stem).items():
            if isinstance(rows, list) and rows and isinstance(rows[0], dict):
                for p in matcher.phrase_list(f.stem, table).phrases:
                    if p.regex:
                        out[p.pattern] = p
    return dict(sorted(out.items()))


PHRASES = _shipped_regexes()
REGEXES = list(PHRASES)
READ = [p for p in REGEXES if opening_words(p) is not None]


def _whole(text: str, pattern: str) -> list[tuple[int, int]]:
    """What the matcher found before it read openings: a search of the whole text."""
    return [(m.start(), m.end()) for m in matcher._rx(pattern).finditer(TextView(text).prose)]


def _anchored(text: str, pattern: str) -> list[tuple[int, int]]:
    return matcher._regex_spans(TextView(text), pattern)


@cache
def _letters() -> tuple[tuple[str, frozenset[str]], ...]:
    """Every letter of the development and corpus worlds, with its words."""
    texts: set[str] = set()
    for root in (TESTS / "tuning", TESTS / "corpus"):
        for path in root.rglob("*.toml"):
            if path.name in ("config.toml", "histories.toml"):
                continue
            data = tomllib.loads(path.read_text("utf-8"))
            texts.update(c["message"] for c in data.get("case", []) if "message" in c)
    return tuple((t, TextView(t).words) for t in sorted(texts))


@cache
def _examples(pattern: str) -> tuple[str, ...]:
    """The stretches of the worlds' letters the pattern matches, with their sentence (of the
    letters the matcher would search: those passing the phrase's ``needs`` gates)."""
    phrase = PHRASES[pattern]
    rx = matcher._rx(pattern)
    out: set[str] = set()
    for text, words in _letters():
        if phrase.needs and not any(ch in text for ch in phrase.needs):
            continue
        if phrase.needs_words and phrase.needs_words.isdisjoint(words):
            continue
        for m in rx.finditer(text):
            a = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
            b = min((i for i in (text.find(c, m.end()) for c in ".!?\n") if i != -1), default=-1)
            out.add(m.group(0))
            out.add(text[a : len(text) if b == -1 else b + 1])
    return tuple(sorted(out))


# Hand-written matches for patterns no world's letter holds (so none is tested on nothing).
EXTRA = [
    "I will phone at 10 and again at 2.",
    "If there is nothing by Friday, I will be withdrawing my application.",
    "Who the hell are you?",
    "So you are saying I failed?",
    "Why haven't you answered me yet?",
    "Don't you even read your email?",
    "Are you ever going to answer me?",
    "What does this have to do with the role?",
    "Have you even read my CV?",
    "Why do you even bother asking?",
]


def _variants(example: str) -> list[str]:
    """The example where a word could start oddly: after an apostrophe, a hyphen, an
    underscore, a digit, in capitals, with a typographic apostrophe, twice over."""
    out = [example, example.upper(), example.title(), example.replace("'", "’")]
    for before in ("", " ", "x", "x'", "x-", "x_", "1", "“", "(", "Re: ", "well. ", "\n"):
        out.append(before + example)
        out.append(before + example + " " + example)
    out.append(example.replace(" ", "-"))
    out.append(example.replace(" ", "\n"))
    return out


def test_every_read_opening_is_tested() -> None:
    """Each pattern with a read opening has matches to test it on."""
    bare = [p for p in READ if not any(_whole(t, p) for t in _examples(p) + tuple(EXTRA))]
    assert bare == []


@pytest.mark.parametrize("pattern", READ, ids=[p[:40] for p in READ])
def test_anchored_search_finds_what_the_whole_search_finds(pattern: str) -> None:
    for example in (*_examples(pattern), *EXTRA):
        for text in _variants(example):
            assert _anchored(text, pattern) == _whole(text, pattern), text


def test_the_matchers_letters_give_the_same_spans() -> None:
    """On whole letters (a sample of the worlds'), every shipped regex phrase."""
    for text, _ in _letters()[::200]:
        tv = TextView(text)
        for pattern in REGEXES:
            assert matcher._regex_spans(tv, pattern) == _whole(text, pattern)


def test_odd_case_folds_are_all_listed() -> None:
    """The characters re.IGNORECASE matches to an ASCII letter or digit that are not ASCII
    themselves (a text holding one is searched whole)."""
    ascii_alnum = re.compile(r"[a-z0-9]", re.IGNORECASE)
    odd = {chr(i) for i in range(0x80, 0x110000) if ascii_alnum.fullmatch(chr(i))}
    assert odd <= set(matcher.ODD_FOLDS)


def test_lower_case_keeps_word_characters() -> None:
    """TextView reads words on the lower-cased text (a character whose lower case is longer
    is kept): a character is part of a word (re's \\w) exactly when its lower case is."""
    for i in range(0x110000):
        c = chr(i)
        low = c.lower()
        if len(low) == 1:
            assert (low.isalnum() or low == "_") == (c.isalnum() or c == "_"), hex(i)


def test_odd_fold_text_is_searched_whole() -> None:
    pattern = r"\bso\s+you(?:'re|\s+are)?\s+(?:saying|telling me|deny|denying)\b[^.?!\n]*\?"
    assert opening_words(pattern) == frozenset({"so"})
    text = "\u017fo you are saying I failed?"  # "ſo": re.IGNORECASE reads ſ as s
    assert _anchored(text, pattern) == _whole(text, pattern) == [(0, len(text))]


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\b(?=(?:i|we)\b)(?:i|we) need", {"i", "we"}),
        (r"\b(?:was|were|would have been) lovely", {"was", "were", "would"}),
        (r"\b(?:don't|can't)\s+you", {"don", "can"}),
        (r"\bat\s+\d", {"at"}),
        (r"\ba\s+x|\bthe\b", {"a", "the"}),
        (r"\b(?:level\s+of|the)\s+x", {"level", "the"}),
        (r"\b(?:years?|a decade)\s+behind", None),  # "year" may be longer in the text
        (r"at\s+\d", None),  # no \b: a match may start inside a word
        (r"\b(?:a|b)?c", None),
        (r"\b(?:ab)+c", None),  # "ab" may be followed by "ab" again
        (r"\b(?:ab)+ c", None),
        (r"\bab(?:c|d)", None),
        (r"(?:^|[.!?\n]\s*)what", None),
        (r"(?<=\s)/s", None),
        (r"(?i)\bso you", None),
        (r"\b(?!no\b)(?:so|to) x", {"so", "to"}),
        (r"\bso[ ]you", None),
        (r"\bx{,2}y", None),
        (r"\bxy{2}", None),
        (r"\b[a-z]+ you", None),
        (r"\bcafé", None),
        (r"\b(?=\w)(?:so)\b", {"so"}),
    ],
)
def test_opening_words(pattern: str, words: set[str] | None) -> None:
    assert opening_words(pattern) == (frozenset(words) if words is not None else None)
