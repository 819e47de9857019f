"""The one phrase matcher of the rules, in the manner of proselint's ``existence_check``.

A rule's words and phrases are data beside it (``rules/data/<rule id>.toml``, read by
:func:`phrase_list`); :func:`existence_check` finds them in a text.

The phrases are written in the pattern language of :mod:`.phrase_pattern`.

A phrase can carry negative contexts, which is how business idioms stay quiet:

* ``unless_before``: a regex searched in the same sentence just before the match;
* ``unless_after``: a regex matched right after the match;
* ``negatable`` (default True): a negation among the five words before the match
  ("I am not desperate") cancels it;
* ``regex`` with ``needs`` / ``needs_words``: the pattern is a regular expression, tried only
  on a text holding one of those characters / one of those words;
* ``in_quotes`` (default False): matches inside double quotation marks are someone else's words
  (a quoted motto, a customer's complaint) and are skipped unless this is set.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from . import datacache, phrase_pattern
from .phrase_pattern import compile_phrase, know_triggers, match_at, read_triggers, triggers_of
from .regex_opening import opening_words
from .textview import TextView, view

DATA = Path(__file__).with_name("rules") / "data"


# Words in nearly every letter: a phrase is better filed under one of its rarer words.
_COMMON = frozenset(
    [
        "a",
        "about",
        "am",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "do",
        "for",
        "from",
        "have",
        "he",
        "her",
        "him",
        "his",
        "how",
        "i",
        "i'm",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "up",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)


def _gate_cost(words: frozenset[str]) -> tuple[int, int, int]:
    """How often a trigger set is likely to be met: sets of common words first to avoid."""
    return (sum(w in _COMMON for w in words), len(words), -min(len(w) for w in words))


class Phrase:
    """One pattern and how to describe what it found (see the module docstring)."""

    __slots__ = (
        "in_quotes",
        "label",
        "needs",
        "needs_words",
        "negatable",
        "pattern",
        "regex",
        "unless_after",
        "unless_before",
    )

    def __init__(
        self,
        pattern: str,
        label: str = "",
        unless_before: str = "",
        unless_after: str = "",
        negatable: bool = True,
        in_quotes: bool = False,
        regex: bool = False,
        needs: str = "",
        needs_words: Iterable[str] = (),
    ) -> None:
        self.pattern = pattern
        self.label = label  # how the message describes it ("is a threat"); "" = rule default
        self.unless_before = unless_before
        self.unless_after = unless_after
        self.negatable = negatable
        self.in_quotes = in_quotes
        self.regex = regex  # ``pattern`` is a regular expression (for the few that need one)
        self.needs = needs  # for a regex: characters one of which the text must hold
        # For a regex: lower-case words one of which the text must hold. Python's re scans an
        # alternation of openings ("i'll|i will|...") slowly; a set test skips most texts.
        self.needs_words = frozenset(needs_words)

    def __repr__(self) -> str:
        return f"Phrase({self.pattern!r})"


class Match:
    """Where a phrase matched: character offsets into the text, and the words."""

    __slots__ = ("end", "phrase", "start", "text")

    def __init__(self, start: int, end: int, text: str, phrase: Phrase) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.phrase = phrase

    def __repr__(self) -> str:
        return f"Match({self.start}, {self.end}, {self.text!r})"


@lru_cache(maxsize=256)
def _rx(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


# --- phrase sets ------------------------------------------------------------------------------


class PhraseSet:
    """A rule's phrase list. Phrases are parsed on first use, and only when triggered."""

    def __init__(self, phrases: Iterable[Phrase | str]) -> None:
        self.phrases: tuple[Phrase, ...] = tuple(
            p if isinstance(p, Phrase) else Phrase(p) for p in phrases
        )
        self._gate: dict[str, tuple[int, ...]] | None = None
        self._always: tuple[int, ...] = ()

    def _candidates(self, words: frozenset[str]) -> list[int]:
        # A phrase needs a word of every trigger set, so filing it under any one set is
        # correct; filing it under the rarest one means fewer phrases to try per draft.
        """The phrases that may match a text with these words: each phrase is filed under
        the words of its most selective trigger set (so most are never looked at)."""
        if self._gate is None:
            gate: dict[str, list[int]] = {}
            always = []
            for i, ph in enumerate(self.phrases):
                sets = () if ph.regex else triggers_of(ph.pattern)
                if not sets:
                    always.append(i)
                    continue
                for w in min(sets, key=_gate_cost):
                    gate.setdefault(w, []).append(i)
            self._gate = {w: tuple(ix) for w, ix in gate.items()}
            self._always = tuple(always)
        gate_ = self._gate
        hit = {i for w in words & gate_.keys() for i in gate_[w]}
        hit.update(self._always)
        return sorted(hit)

    def find(
        self,
        text: str | TextView,
        names: Sequence[str] = (),
        extra: Iterable[str] = (),
        quotes_ok: bool = False,
    ) -> list[Match]:
        """Every non-overlapping match in ``text``, in order of position.

        ``names`` fills ``{NAME}`` tokens (people of the application); ``extra`` are more
        patterns (from the rule's options) matched the same way. ``quotes_ok`` reports
        matches inside quotation marks too (a signature's quoted motto is its own).
        """
        tv = text if isinstance(text, TextView) else view(text)
        names_t = tuple(sorted({n for n in names if n}))
        found: list[Match] = []
        chosen = [self.phrases[i] for i in self._candidates(tv.words)]
        for ph in chosen + [Phrase(p) for p in extra if _valid(p)]:
            for start, end in self._spans(tv, ph, names_t):
                if self._rejected(tv, ph, start, end, quotes_ok):
                    continue
                found.append(Match(start, end, tv.text[start:end], ph))
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        out: list[Match] = []
        last_end = -1
        for mt in found:  # keep the first, longest of overlapping matches
            if mt.start >= last_end:
                out.append(mt)
                last_end = mt.end
        return out

    @staticmethod
    def _spans(tv: TextView, ph: Phrase, names: tuple[str, ...]) -> list[tuple[int, int]]:
        if ph.regex:
            if ph.needs and not any(ch in tv.text for ch in ph.needs):
                return []
            if ph.needs_words and ph.needs_words.isdisjoint(tv.words):
                return []
            return _regex_spans(tv, ph.pattern)
        key = names if "{NAME}" in ph.pattern else ()
        words = tv.words
        # Plain loops here, not any() over a generator: this runs for most phrases of a draft.
        for t in triggers_of(ph.pattern):
            if t.isdisjoint(words):
                return []
        c = compile_phrase(ph.pattern, key)
        index = tv.index
        keys = index.keys()
        # Every match holds a word of each trigger set. A set no token of the text meets (one
        # met only by a part of a hyphenated word, "call" in "on-call") means no match: known
        # before the starts are looked up, which is the costlier step.
        present = []
        for t in c.triggers:
            met = t & keys  # set algebra runs in C
            if not met:
                return []
            present.append(met)
        if c.starts is None:
            candidates: Iterable[int] = range(len(tv.tokens))
        else:
            candidates = sorted({k for w in c.starts for k in index.get(w, ())})
        if present and candidates:
            # Keep only the starts that have one of the rarest set's words within reach.
            rarest = (  # a single set needs no counting
                present[0]
                if len(present) == 1
                else min(present, key=lambda t: sum(len(index[w]) for w in t))
            )
            anchors = sorted(k for w in rarest for k in index[w])
            reach = c.maxlen
            candidates = [
                k
                for k in candidates
                if (i := bisect_left(anchors, k)) < len(anchors) and anchors[i] < k + reach
            ]
        out = []
        for k in candidates:
            end = match_at(c.seq, 0, tv, k, k)
            if end is not None and end > k:
                out.append((tv.starts[k], tv.ends[end - 1]))
        return out

    @staticmethod
    def _rejected(tv: TextView, ph: Phrase, start: int, end: int, quotes_ok: bool) -> bool:
        if not (ph.in_quotes or quotes_ok) and tv.in_quotes(start, end):
            return True
        if ph.negatable and tv.negated_before(start):
            return True
        if ph.unless_before:
            before = tv.text[tv.sentence_start(start) : start]
            if _rx(ph.unless_before).search(before):
                return True
        return bool(ph.unless_after and _rx(ph.unless_after).match(tv.text[end : end + 80]))


# The characters re.IGNORECASE matches to an ASCII letter without being ASCII ("ſ" matches
# "s"), which TextView does not read as that letter: a text holding one is searched whole.
# tests/unit/test_regex_opening.py checks this list against every code point.
ODD_FOLDS = "\u0130\u0131\u017f\u212a"  # İ ı ſ and the Kelvin sign


def _regex_spans(tv: TextView, pattern: str) -> list[tuple[int, int]]:
    """Where a regex phrase matches, as ``finditer`` finds them. A pattern read to open
    with one of a few words is tried only where those words stand: ``re`` would try it at
    every character (no literal prefix to skip to), which is most of its cost."""
    rx = _rx(pattern)
    prose = tv.prose
    opening = opening_words(pattern)
    if opening is None or (not prose.isascii() and any(c in prose for c in ODD_FOLDS)):
        return [(m.start(), m.end()) for m in rx.finditer(prose)]
    out = []
    end = 0
    for pos in tv.word_starts(opening):
        if pos < end:  # inside the last match: finditer goes on from its end
            continue
        m = rx.match(prose, pos)
        if m is None:
            continue
        if m.end() == pos:  # an empty match, which finditer steps past its own way
            return [(m.start(), m.end()) for m in rx.finditer(prose)]
        out.append((pos, m.end()))
        end = m.end()
    return out


def _valid(pattern: object) -> bool:
    """Can ``pattern`` (from a rule's ``also`` option) be used? Bad ones are skipped."""
    if not isinstance(pattern, str) or not pattern.strip():
        return False
    try:
        compile_phrase(pattern.strip().lower())
    except (ValueError, IndexError):
        return False
    return True


def snippet(text: str, limit: int = 60) -> str:
    """``text`` on one line, shortened for a message."""
    s = " ".join(text.split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


# --- the rules' data files ---------------------------------------------------------------------


@dataclass(frozen=True)
class _PhraseData:
    """Every rule data file, parsed, and the trigger sets of their phrases (see datacache)."""

    rules: dict[str, dict[str, Any]]
    triggers: dict[str, tuple[frozenset[str], ...]]


def _parse_data_file(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    return data


def _read_all(files: list[Path]) -> _PhraseData:
    rules = {f.stem: _parse_data_file(f) for f in files}
    triggers = {}
    for data in rules.values():
        variables = data.get("vars", {})
        for table in data.values():
            if not (isinstance(table, list) and all(isinstance(p, dict) for p in table)):
                continue
            for p in table:
                if isinstance(p.get("pattern"), str) and not p.get("regex", False):
                    pattern = _fill(p["pattern"], variables)
                    triggers[pattern] = read_triggers(pattern)
    return _PhraseData(rules, triggers)


@cache
def _all_data() -> _PhraseData:
    """All data files at once, from the cache when their bytes and the parser are unchanged."""
    files = sorted(DATA.glob("*.toml"))
    code = [Path(__file__), Path(phrase_pattern.__file__)]
    data = datacache.cached("phrases", files + code, _PhraseData, lambda: _read_all(files))
    know_triggers(data.triggers)
    return data


@cache
def rule_data(rule_id: str) -> dict[str, Any]:
    """``rules/data/<rule_id>.toml``, parsed once per process."""
    found = _all_data().rules.get(rule_id)
    return found if found is not None else _parse_data_file(DATA / f"{rule_id}.toml")


def _fill(text: str, variables: dict[str, str]) -> str:
    for name, value in variables.items():
        text = text.replace("{" + name + "}", value)
    return text


@cache
def phrase_list(rule_id: str, table: str = "phrase") -> PhraseSet:
    """The phrases of a rule's data file (its ``[[phrase]]`` tables, or another name)."""
    data = rule_data(rule_id)
    variables: dict[str, str] = data.get("vars", {})
    default = data.get("label", "")
    return PhraseSet(
        Phrase(
            _fill(p["pattern"], variables),
            p.get("label", default),
            unless_before=_fill(p.get("unless_before", ""), variables),
            unless_after=_fill(p.get("unless_after", ""), variables),
            negatable=p.get("negatable", True),
            in_quotes=p.get("in_quotes", False),
            regex=p.get("regex", False),
            needs=p.get("needs", ""),
            needs_words=p.get("needs_words", ()),
        )
        for p in data.get(table, [])
    )


def existence_check(
    text: str | TextView,
    phrases: PhraseSet,
    *,
    names: Sequence[str] = (),
    extra: Iterable[str] = (),
    quotes_ok: bool = False,
) -> list[Match]:
    """Where any of ``phrases`` (or the ``extra`` patterns of a rule's options) stands in
    ``text``: non-overlapping matches in order, each with its phrase's label."""
    return phrases.find(text, names=names, extra=extra, quotes_ok=quotes_ok)
