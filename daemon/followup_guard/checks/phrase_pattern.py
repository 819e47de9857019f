"""The pattern language of the phrase lists, parsed into small tuples and matched on a
:class:`~.textview.TextView`.

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
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .textview import TextView

# A parsed token: (_WORD, forms) | (_NUM,) | (_GAP, n) | (_GROUP, alternatives, ...).
Element = tuple[Any, ...]

# --- the pattern language -------------------------------------------------------------------

# Parsed elements are plain tuples (cheap to build: a cold start parses what it uses):
#   (_WORD, frozenset of forms) | (_NUM,) | (_GAP, n)
#   | (_GROUP, alternatives, optional, {first word: alternatives}, alternatives to always try)
_WORD, _NUM, _GROUP, _GAP = 0, 1, 2, 3
_ANY_NAME = frozenset({"\x00name"})  # {NAME} parsed without names: matches nothing, and its
# words are unknown (so trigger sets computed without names stay valid for any names)


def _group(alts: tuple[tuple[Element, ...], ...], optional: bool) -> Element:
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
def _parse_seq(s: str, names: tuple[str, ...]) -> tuple[Element, ...]:
    """A space-separated sequence of tokens."""
    elems: list[Element] = []
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


def _parse_token(tok: str, names: tuple[str, ...]) -> list[Element]:
    """One token: a word, a number, or adjacent groups like ``(i )?(expected|was)``."""
    out: list[Element] = []
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


def _parse_alt(alt: str, names: tuple[str, ...]) -> tuple[Element, ...]:
    if alt.strip() == "{NAME}":
        return (_names_group(names),)
    return _parse_seq(alt, names)


def _names_group(names: Sequence[str]) -> Element:
    alts = tuple(
        tuple((_WORD, frozenset({w.lower()})) for w in n.split())
        for n in sorted(names, key=len, reverse=True)
        if n.split()
    )
    return _group(alts or (((_WORD, _ANY_NAME),),), False)


def _parse_word(word: str, names: tuple[str, ...]) -> Element:
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


def _first_words(seq: Sequence[Element]) -> frozenset[str] | None:
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


def _key_words(seq: Sequence[Element]) -> frozenset[str] | None:
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


def _trigger_sets(seq: Sequence[Element]) -> tuple[frozenset[str], ...]:
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
        seq: tuple[Element, ...],
        starts: frozenset[str] | None,
        triggers: tuple[frozenset[str], ...],
    ) -> None:
        self.seq = seq
        self.starts = starts
        self.triggers = triggers
        self.maxlen = _maxlen(seq)  # the most words a match can span


def _maxlen(seq: Sequence[Element]) -> int:
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


# Trigger sets read in an earlier process (the matcher's data cache), by pattern.
_known_triggers: dict[str, tuple[frozenset[str], ...]] = {}


def know_triggers(known: dict[str, tuple[frozenset[str], ...]]) -> None:
    """Take trigger sets that :func:`triggers_of` computed in an earlier process."""
    _known_triggers.update(known)


def triggers_of(pattern: str) -> tuple[frozenset[str], ...]:
    """:func:`read_triggers`, or the sets cached for ``pattern``."""
    known = _known_triggers.get(pattern)
    return known if known is not None else read_triggers(pattern)


@lru_cache(maxsize=4096)
def read_triggers(pattern: str) -> tuple[frozenset[str], ...]:
    """Sets of words one of which every match of ``pattern`` holds, read from the pattern's
    text without parsing it: each plain word, and each required choice whose alternatives all
    open with a plain word. Cheap, so the phrase lists need no prebuilt index: a phrase is
    parsed only when the draft holds a word of each of its sets."""
    out: list[frozenset[str]] = []
    for tok in _split_top(pattern.strip(), " "):
        if _plain(tok):
            out.append(_parse_word(tok, ())[1])
        elif tok.startswith("(") and tok.endswith(")") and _closing(tok) == len(tok) - 1:
            words: set[str] = set()
            for alt in _split_top(tok[1:-1], "|"):
                first = _split_top(alt.strip(), " ")[0]
                if not _plain(first):
                    break
                words |= _parse_word(first, ())[1]
            else:
                out.append(frozenset(words))
    return tuple(sorted(out, key=len))


def _plain(tok: str) -> bool:
    """A single word (not a choice, a gap, a number, an optional token or ``{NAME}``)."""
    return bool(tok) and tok[0] not in "?*({\\" and "(" not in tok and "{" not in tok


def _closing(tok: str) -> int:
    """Where the parenthesis opening ``tok`` closes."""
    depth = 0
    for i, ch in enumerate(tok):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return i
    return -1


def match_at(seq: Sequence[Element], i: int, tv: TextView, k: int, first: int) -> int | None:
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
            return match_at(seq, i + 1, tv, k + 1, first)
        return None
    if kind == _GROUP:
        rest = tuple(seq[i + 1 :])
        for alt in e[3].get(tokens[k], e[4]) if k < len(tokens) else e[4]:
            r = match_at(alt + rest, 0, tv, k, first)
            if r is not None:
                return r
        return match_at(seq, i + 1, tv, k, first) if e[2] else None
    # a gap of up to e[1] words
    for skip in range(e[1] + 1):
        if skip:
            j = k + skip - 1  # the skipped token
            if j >= len(tokens) or (j > first and not tv.gap_ok[j - 1]):
                return None
        r = match_at(seq, i + 1, tv, k + skip, first)
        if r is not None:
            return r
    return None
