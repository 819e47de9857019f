"""The one phrase matcher of the rules, in the manner of proselint's ``existence_check``.

A rule's words and phrases are data beside it (``rules/data/<rule id>.toml``, read by
:func:`phrase_list`); :func:`existence_check` finds them in a text.

A phrase is written in a tiny pattern language, one token per word, so lists stay readable:

* tokens are separated by single spaces and match whole words, case-insensitively; between
  two words of the text any run of spaces, newlines, commas, semicolons, colons, dashes or
  quotation marks is fine, but not a full stop: a phrase never spans two sentences;
* ``(a|b c|d)`` is a choice; a choice can hold several words and nested choices, and
  ``(out )?`` inside it is an optional part: ``(buy you|take you (out )?(to|for))``;
* ``?tok`` makes a token optional: ``i ?(really|truly) need this job``;
* ``*N`` skips up to N words: ``if i don't hear back *6 (i'll|i will) assume``;
* ``word?`` at the end of a word makes its last letter optional: ``questions?``;
* ``\\d+`` is any number; ``'`` is both the straight and the typographic apostrophe;
* ``{NAME}`` stands for the names of the people of the draft's application;
* ``{VAR}`` is replaced by the data file's ``[vars]`` entry of that name (shared pieces).

Why not regular expressions: compiling a few hundred large alternations costs Python's ``re``
about 300 ms, far too much for a cold ``followup-guard check``. Parsing this language is
cheap, and matching runs only where one of a phrase's first words stands in the text.

Every required token whose words are plain gives a set of *trigger words*, one of which must
occur in the text; a phrase is tried only if all its sets meet the draft's words, so most
phrases are ruled out by a few set lookups. The rare phrase that needs a real regular
expression (quotation marks, percent signs) is a ``Phrase(..., regex=True)``, compiled on
first use.

A phrase can carry negative contexts, which is how business idioms stay quiet:

* ``unless_before``: a regex searched in the same sentence just before the match;
* ``unless_after``: a regex matched right after the match;
* ``negatable`` (default True): a negation among the five words before the match
  ("I am not desperate") cancels it;
* ``in_quotes`` (default False): matches inside double quotation marks are someone else's words
  (a quoted motto, a customer's complaint) and are skipped unless this is set.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

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
    ) -> None:
        self.pattern = pattern
        self.label = label  # how the message describes it ("is a threat"); "" = rule default
        self.unless_before = unless_before
        self.unless_after = unless_after
        self.negatable = negatable
        self.in_quotes = in_quotes
        self.regex = regex  # ``pattern`` is a regular expression (for the few that need one)
        self.needs = needs  # for a regex: characters one of which the text must hold

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


# --- the pattern language -------------------------------------------------------------------

# Parsed elements are plain tuples (cheap to build: a cold start parses what it uses):
#   (_WORD, frozenset of forms) | (_NUM,) | (_GAP, n)
#   | (_GROUP, alternatives, optional, {first word: alternatives}, alternatives to always try)
_WORD, _NUM, _GROUP, _GAP = 0, 1, 2, 3
_ANY_NAME = frozenset({"\x00name"})  # {NAME} parsed without names: matches nothing, and its
# words are unknown (so trigger sets computed without names stay valid for any names)


def _group(alts: tuple[tuple[tuple, ...], ...], optional: bool) -> tuple:
    """A choice, with its alternatives indexed by the word they start with (so a match tries
    only the few that can fit, not all thirty)."""
    by_first: dict[str, list[int]] = {}
    always: list[int] = []
    for i, alt in enumerate(alts):
        first = _first_words(alt)
        if first is None:
            always.append(i)
        else:
            for w in first:
                by_first.setdefault(w, []).append(i)
    index = {w: tuple(alts[i] for i in sorted(set(ix) | set(always))) for w, ix in by_first.items()}
    return (_GROUP, alts, optional, index, tuple(alts[i] for i in always))


_NUM_EL = (_NUM,)


def _split_top(s: str, sep: str) -> list[str]:
    """``s`` split at ``sep`` outside parentheses."""
    if "(" not in s:
        return s.split(sep)
    out: list[str] = []
    depth = 0
    cur = ""
    for piece in _PARENS.split(s):
        if piece == "(":
            depth += 1
            cur += piece
        elif piece == ")":
            depth -= 1
            if depth < 0:
                raise ValueError(f"unbalanced parentheses in {s!r}")
            cur += piece
        elif depth:
            cur += piece
        else:
            bits = piece.split(sep)
            cur += bits[0]
            for b in bits[1:]:
                out.append(cur)
                cur = b
    if depth:
        raise ValueError(f"unbalanced parentheses in {s!r}")
    out.append(cur)
    return out


_PARENS = re.compile(r"([()])")


@lru_cache(maxsize=4096)
def _parse_seq(s: str, names: tuple[str, ...]) -> tuple[tuple, ...]:
    """A space-separated sequence of tokens."""
    elems: list[tuple] = []
    for tok in _split_top(s.strip(), " "):
        if not tok:
            continue
        if tok.startswith("*") and tok[1:].isdigit():
            elems.append((_GAP, int(tok[1:])))
            continue
        optional = tok.startswith("?") and len(tok) > 1
        parsed = _parse_token(tok[1:] if optional else tok, names)
        if optional:
            elems.append(_group((tuple(parsed),), True))
        else:
            elems.extend(parsed)
    return tuple(elems)


def _parse_token(tok: str, names: tuple[str, ...]) -> list[tuple]:
    """One token: a word, a number, or adjacent groups like ``(i )?(expected|was)``."""
    out: list[tuple] = []
    i = 0
    while i < len(tok):
        if tok[i] == "(":
            depth, j = 0, i
            while True:
                if tok[j] == "(":
                    depth += 1
                elif tok[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = tok[i + 1 : j]
            optional = j + 1 < len(tok) and tok[j + 1] == "?"
            alts = tuple(_parse_alt(a, names) for a in _split_top(inner, "|"))
            out.append(_group(alts, optional))
            i = j + (2 if optional else 1)
            continue
        j = tok.find("(", i)
        word = tok[i:] if j == -1 else tok[i:j]
        out.append(_parse_word(word, names))
        i = len(tok) if j == -1 else j
    return out


def _parse_alt(alt: str, names: tuple[str, ...]) -> tuple[tuple, ...]:
    if alt.strip() == "{NAME}":
        return (_names_group(names),)
    return _parse_seq(alt, names)


def _names_group(names: Sequence[str]) -> tuple:
    alts = tuple(
        tuple((_WORD, frozenset({w.lower()})) for w in n.split())
        for n in sorted(names, key=len, reverse=True)
        if n.split()
    )
    return _group(alts or (((_WORD, _ANY_NAME),),), False)


def _parse_word(word: str, names: tuple[str, ...]) -> tuple:
    if word == "{NAME}":
        return _names_group(names)
    if word == "\\d+":
        return _NUM_EL
    w = word.replace("’", "'").lower()
    if w.endswith("?") and len(w) > 2:
        return (_WORD, frozenset({w[:-2].rstrip("'"), w[:-1].rstrip("'")}))
    w = w.rstrip("'")  # "candidates'": the text's word is "candidates"
    if not w.replace("'", "").replace("-", "").isalnum():
        raise ValueError(f"unsupported word {word!r} in a phrase (use regex=True)")
    return (_WORD, frozenset({w}))


def _first_words(seq: Sequence[tuple]) -> frozenset[str] | None:
    """Words a match of ``seq`` can start with (None: cannot tell)."""
    acc: set[str] = set()
    for e in seq:
        if e[0] == _WORD:
            return None if e[1] is _ANY_NAME else frozenset(acc | e[1])
        if e[0] == _GROUP:
            for alt in e[1]:
                f = _first_words(alt)
                if f is None:
                    return None
                acc |= f
            if not e[2]:
                return frozenset(acc)
            continue
        return None  # a number or a gap first
    return None


def _key_words(seq: Sequence[tuple]) -> frozenset[str] | None:
    """The forms of one word every match of ``seq`` must contain (the longest one)."""
    best: frozenset[str] | None = None
    for e in seq:
        cand: frozenset[str] | None = None
        if e[0] == _WORD:
            if e[1] is _ANY_NAME:
                return None
            cand = e[1]
        elif e[0] == _GROUP and not e[2]:
            acc: set[str] = set()
            for alt in e[1]:
                k = _key_words(alt)
                if k is None:
                    acc = set()
                    break
                acc |= k
            cand = frozenset(acc) if acc else None
        if cand and (best is None or min(map(len, cand)) > min(map(len, best))):
            best = cand
    return best


def _trigger_sets(seq: Sequence[tuple]) -> tuple[frozenset[str], ...]:
    """For each required top-level element: words one of which must occur in the text."""
    out = []
    for e in seq:
        if e[0] == _WORD:
            if e[1] is not _ANY_NAME:
                out.append(e[1])
        elif e[0] == _GROUP and not e[2]:
            k = _key_words((e,))
            if k:
                out.append(k)
    return tuple(sorted(out, key=len))


class _Compiled:
    __slots__ = ("maxlen", "seq", "starts", "triggers")

    def __init__(
        self,
        seq: tuple[tuple, ...],
        starts: frozenset[str] | None,
        triggers: tuple[frozenset[str], ...],
    ) -> None:
        self.seq = seq
        self.starts = starts
        self.triggers = triggers
        self.maxlen = _maxlen(seq)  # the most words a match can span


def _maxlen(seq: Sequence[tuple]) -> int:
    n = 0
    for e in seq:
        if e[0] == _GROUP:
            n += max(_maxlen(alt) for alt in e[1])
        elif e[0] == _GAP:
            n += e[1]
        else:
            n += 1
    return n


@lru_cache(maxsize=2048)
def compile_phrase(pattern: str, names: tuple[str, ...] = ()) -> _Compiled:
    """Parse one phrase (cached): its elements, first words and trigger sets."""
    seq = _parse_seq(pattern, names)
    if not seq or seq[0][0] == _GAP:
        raise ValueError(f"phrase {pattern!r} must start with a word")
    if seq[0][0] == _GROUP and seq[0][2]:
        raise ValueError(f"phrase {pattern!r} cannot start with an optional token")
    return _Compiled(seq, _first_words(seq), _trigger_sets(seq))


def triggers_of(pattern: str) -> tuple[frozenset[str], ...]:
    """The trigger sets of a phrase (the same whatever names fill ``{NAME}``)."""
    return compile_phrase(pattern).triggers


@lru_cache(maxsize=256)
def _rx(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


def _match(seq: Sequence[tuple], i: int, tv: TextView, k: int, first: int) -> int | None:
    if i == len(seq):
        return k
    e = seq[i]
    kind = e[0]
    tokens = tv.tokens
    if kind in (_WORD, _NUM):
        if k >= len(tokens) or (k > first and not tv.gap_ok[k - 1]):
            return None
        tok = tokens[k]
        if (tok in e[1]) if kind == _WORD else tok.isdigit():
            return _match(seq, i + 1, tv, k + 1, first)
        return None
    if kind == _GROUP:
        rest = tuple(seq[i + 1 :])
        for alt in e[3].get(tokens[k], e[4]) if k < len(tokens) else e[4]:
            r = _match(alt + rest, 0, tv, k, first)
            if r is not None:
                return r
        return _match(seq, i + 1, tv, k, first) if e[2] else None
    # a gap of up to e[1] words
    for skip in range(e[1] + 1):
        if skip:
            j = k + skip - 1  # the skipped token
            if j >= len(tokens) or (j > first and not tv.gap_ok[j - 1]):
                return None
        r = _match(seq, i + 1, tv, k + skip, first)
        if r is not None:
            return r
    return None


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
            return [(m.start(), m.end()) for m in _rx(ph.pattern).finditer(tv.text)]
        key = names if "{NAME}" in ph.pattern else ()
        words = tv.words
        if any(t.isdisjoint(words) for t in triggers_of(ph.pattern)):
            return []
        c = compile_phrase(ph.pattern, key)
        if c.starts is None:
            candidates: Iterable[int] = range(len(tv.tokens))
        else:
            candidates = sorted({k for w in c.starts for k in tv.index.get(w, ())})
        if c.triggers and candidates:
            # Every match holds a word of each trigger set: keep only the starts that have
            # one of the rarest set's words within reach.
            index = tv.index
            present = [t & index.keys() for t in c.triggers]  # set algebra runs in C
            if not all(present):
                # A set met only by a part of a hyphenated word ("call" in "on-call"): no
                # token of the text is one of its words, and every match needs one.
                return []
            rarest = min(present, key=lambda t: sum(len(index[w]) for w in t))
            anchors = sorted(k for w in rarest for k in index[w])
            reach = c.maxlen
            candidates = [
                k
                for k in candidates
                if (i := bisect_left(anchors, k)) < len(anchors) and anchors[i] < k + reach
            ]
        out = []
        for k in candidates:
            end = _match(c.seq, 0, tv, k, k)
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


@cache
def rule_data(rule_id: str) -> dict[str, Any]:
    """``rules/data/<rule_id>.toml``, parsed once per process."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    return tomllib.loads((DATA / f"{rule_id}.toml").read_text("utf-8"))


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
