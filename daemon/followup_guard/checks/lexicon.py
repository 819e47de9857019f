"""Phrase matching for the tone rules: small patterns, negative contexts, compiled lazily.

A phrase is written in a tiny pattern language, one token per word, so lists stay readable:

* tokens are separated by single spaces and matched as whole words, case-insensitively;
  between two tokens any run of spaces, newlines, commas, semicolons, colons or dashes is fine;
* a token may be a regular expression for one word, usually a group: ``(job|role|position)``
  (spaces inside a group stand for any whitespace, so ``(fed up|sick and tired)`` works);
* ``?tok`` makes a token optional: ``i ?(really|truly) need this job``;
* ``*N`` skips up to N words: ``if i don't hear back *6 (i'll|i will) assume``;
* ``'`` matches both the straight and the typographic apostrophe;
* ``{NAME}`` stands for the names of the people of the draft's application (see
  :meth:`PhraseSet.find`).

Every required token whose words are plain gives a set of *trigger words*, one of which must
occur in the text. A draft's words are collected once into a set, and only the phrases all of
whose trigger sets meet it are compiled (once, then cached) and run. So a cold start compiles
almost nothing, and a warm check runs a handful of small regular expressions instead of
hundreds.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

_SEP = r"(?:\s*[,;:—–]\s*|\s+)"
_GAP_WORD = r"[\w'’\-]+"
_WORD_FORM = re.compile(r"^([a-z'’\-]+)(s\?)?$")  # "job", "questions?" (a plain word)
_WORDS = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_NEGATORS = frozenset({"not", "never", "no", "hardly", "without", "nor", "cannot", "barely"})
_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class Phrase:
    """One pattern and how to describe what it found."""

    pattern: str
    label: str = ""  # how the message describes it ("is a threat"); "" = the rule's default
    unless_before: str = ""
    unless_after: str = ""
    negatable: bool = True
    in_quotes: bool = False


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str
    phrase: Phrase


def _split_tokens(pattern: str) -> list[str]:
    tokens: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in pattern:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == " " and depth == 0:
            if cur:
                tokens.append("".join(cur))
                cur = []
            continue
        cur.append(ch)
    if cur:
        tokens.append("".join(cur))
    if depth != 0:
        raise ValueError(f"unbalanced parentheses in phrase {pattern!r}")
    return tokens


def _token_regex(tok: str, names: str) -> str:
    tok = tok.replace("{NAME}", names)
    tok = tok.replace("'", "['’]")
    return tok.replace(" ", r"\s+")


def _split_alts(inner: str) -> list[str]:
    """The top-level alternatives of a group's inside (nested groups kept whole)."""
    alts, depth, cur = [], 0, []
    for ch in inner:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            alts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    alts.append("".join(cur))
    return alts


def _key_word(alt: str) -> list[str] | None:
    """Forms of the longest plain word that every match of ``alt`` must contain."""
    best: list[str] | None = None
    for part in _split_tokens(alt):
        m = _WORD_FORM.match(part)
        if not m:
            continue
        word = m.group(1).replace("’", "'")
        forms = [word, word + m.group(2)[0]] if m.group(2) else [word]
        if best is None or len(word) > len(best[0]):
            best = forms
    return best


def _triggers(tok: str, names: Sequence[str]) -> frozenset[str] | None:
    """Words one of which must occur in the text for ``tok`` to match (None: unknown)."""
    if tok == "{NAME}":
        return frozenset(n.split()[0].lower() for n in names if n.split())
    if not (tok.startswith("(") and _balanced_group(tok)):
        forms = _key_word(tok)
        return frozenset(forms) if forms else None
    body = tok[1:-1]
    out: set[str] = set()
    for alt in _split_alts(body):
        if alt == "{NAME}":
            out.update(n.split()[0].lower() for n in names if n.split())
            continue
        forms = _key_word(alt)
        if not forms:
            return None
        out.update(forms)
    return frozenset(out)


def _balanced_group(tok: str) -> bool:
    """Is ``tok`` one group "( ... )" from its first to its last character?"""
    depth = 0
    for i, ch in enumerate(tok):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != len(tok) - 1:
                return False
    return depth == 0


@lru_cache(maxsize=1024)
def triggers_of(pattern: str, names: tuple[str, ...] = ()) -> tuple[frozenset[str], ...]:
    """For each required token whose words are known: the words one of which must occur.

    A phrase can only match if every one of these sets meets the text's words, so most
    phrases are ruled out by a few set lookups, before their regex is even compiled.
    """
    out = []
    for tok in _split_tokens(pattern):
        if tok.startswith("?") or (tok.startswith("*") and tok[1:].isdigit()):
            continue
        t = _triggers(tok, names)
        if t is not None:
            out.append(t)
    return tuple(sorted(out, key=len))


@lru_cache(maxsize=1024)
def compile_phrase(pattern: str, names: tuple[str, ...] = ()) -> tuple[re.Pattern[str],
                                                                       frozenset[str] | None]:
    """The regex of one phrase and the trigger words of its first required token."""
    name_alt = "(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) \
        + ")" if names else "(?!x)x"
    parts: list[str] = []
    triggers: frozenset[str] | None = None
    first_required = True
    for i, tok in enumerate(_split_tokens(pattern)):
        if tok.startswith("*") and tok[1:].isdigit():
            if i == 0:
                raise ValueError(f"phrase {pattern!r} cannot start with a gap")
            parts.append(f"(?:{_SEP}{_GAP_WORD}){{0,{int(tok[1:])}}}")
            continue
        optional = tok.startswith("?") and len(tok) > 1
        body = tok[1:] if optional else tok
        rx = _token_regex(body, name_alt)
        if i == 0:
            if optional:
                raise ValueError(f"phrase {pattern!r} cannot start with an optional token")
            parts.append(f"(?:{rx})")
        elif optional:
            parts.append(f"(?:{_SEP}(?:{rx}))?")
        else:
            parts.append(f"{_SEP}(?:{rx})")
        if not optional and first_required:
            triggers = _triggers(body, names)
            first_required = False
    regex = r"(?<![\w'’])" + "".join(parts) + r"(?![\w'’])"
    return re.compile(regex, re.IGNORECASE), triggers


@lru_cache(maxsize=256)
def _compile_context(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


class TextView:
    """A draft's text, analysed once: its words (for triggers) and its quoted stretches."""

    __slots__ = ("_quotes", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        words: set[str] = set()
        for w in _WORDS.findall(text.lower()):
            w = w.replace("’", "'")
            words.add(w)
            if "-" in w:
                words.update(w.split("-"))
        self.words = frozenset(words)
        self._quotes: list[tuple[int, int]] | None = None

    @property
    def quotes(self) -> list[tuple[int, int]]:
        """Stretches inside double quotation marks on one line ("..." or “...”)."""
        if self._quotes is None:
            spans = [(m.start(), m.end()) for m in re.finditer(r'"[^"\n]{1,300}"|“[^”\n]{1,300}”',
                                                                 self.text)]
            self._quotes = spans
        return self._quotes

    def in_quotes(self, start: int, end: int) -> bool:
        return any(a < start and end < b for a, b in self.quotes)

    def sentence_start(self, pos: int) -> int:
        i = pos - 1
        text = self.text
        while i >= 0:
            if text[i] in ".!?\n":
                return i + 1
            i -= 1
        return 0

    def negated_before(self, pos: int, window: int = 5) -> bool:
        before = self.text[self.sentence_start(pos):pos]
        for w in _WORDS.findall(before)[-window:]:
            w = w.lower().replace("’", "'")
            if w in _NEGATORS or w.endswith("n't"):
                return True
        return False


@lru_cache(maxsize=16)
def view(text: str) -> TextView:
    """The (cached) analysis of ``text``: rules looking at the same draft share it."""
    return TextView(text)


class PhraseSet:
    """A rule's phrase list. Patterns compile on first use, and only when triggered."""

    def __init__(self, phrases: Iterable[Phrase | str]) -> None:
        self.phrases: tuple[Phrase, ...] = tuple(
            p if isinstance(p, Phrase) else Phrase(p) for p in phrases)

    def find(self, text: str | TextView, names: Sequence[str] = (),
             extra: Iterable[str] = (), quotes_ok: bool = False) -> list[Match]:
        """Every non-overlapping match in ``text``, in order of position.

        ``names`` fills ``{NAME}`` tokens (people of the application); ``extra`` are more
        patterns (from the rule's options) matched the same way. ``quotes_ok`` reports
        matches inside quotation marks too (a signature's quoted motto is its own).
        """
        tv = text if isinstance(text, TextView) else view(text)
        names_t = tuple(sorted({n for n in names if n}))
        found: list[Match] = []
        phrases = self.phrases + tuple(Phrase(p) for p in extra)
        for ph in phrases:
            key = names_t if "{NAME}" in ph.pattern else ()
            if any(t.isdisjoint(tv.words) for t in triggers_of(ph.pattern, key)):
                continue
            rx, _first = compile_phrase(ph.pattern, key)
            for m in rx.finditer(tv.text):
                if self._rejected(tv, ph, m.start(), m.end(), quotes_ok):
                    continue
                found.append(Match(m.start(), m.end(), m.group(0), ph))
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        out: list[Match] = []
        last_end = -1
        for mt in found:  # keep the first, longest of overlapping matches
            if mt.start >= last_end:
                out.append(mt)
                last_end = mt.end
        return out

    @staticmethod
    def _rejected(tv: TextView, ph: Phrase, start: int, end: int, quotes_ok: bool) -> bool:
        if not (ph.in_quotes or quotes_ok) and tv.in_quotes(start, end):
            return True
        if ph.negatable and tv.negated_before(start):
            return True
        if ph.unless_before:
            before = tv.text[tv.sentence_start(start):start]
            if _compile_context(ph.unless_before).search(before):
                return True
        if ph.unless_after:
            after = tv.text[end:end + 80]
            if _compile_context(ph.unless_after).match(after):
                return True
        return False


def snippet(text: str, limit: int = 60) -> str:
    """``text`` on one line, shortened for a message."""
    s = " ".join(text.split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"
