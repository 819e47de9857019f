"""The words a regular-expression phrase can open with, read from the pattern's text.

Python's ``re`` tries a pattern at every character of the text when the pattern opens with
``\\b`` or a lookahead (no literal prefix to jump to), which makes a phrase like pushy's
``\\b(?=(?:i|we)\\b)...`` cost as much as a full scan per draft even though it can only match
where "i" or "we" stands. :func:`opening_words` reads such a pattern's opening; the matcher
then tries the pattern only at those words' offsets (``TextView.word_starts``), which finds
exactly the matches ``finditer`` would.

The reading is conservative: it understands a small part of the syntax (literals, ``\\b``,
``\\s``, ``\\W``, groups, lookarounds, quantifiers) and answers None, meaning "search the
whole text", for anything else. What it returns is sound when

* the pattern puts ``\\b`` before the opening word, so a match starts where a word (or a part
  of one after an apostrophe or a hyphen) starts, and
* the opening word is followed by a character that cannot be part of a word (a space, an
  apostrophe, ``\\b``, ``\\s``, ``\\W``), so the word the text holds there is exactly it,

and the text holds none of the four characters ``re.IGNORECASE`` reads as an ASCII letter
without being one ("ſ" for "s"; the matcher searches such a text whole). The unit
tests (tests/unit/test_regex_opening.py) hold every shipped pattern to ``finditer``.
"""

from __future__ import annotations

from functools import lru_cache

# An item of a pattern: (kind, value, quantifier). Kinds: "lit" a literal character; "b" the
# word boundary; "nonword" \s or \W (one character that cannot be part of a word); "zero" an
# assertion that matches no text (^, $, (?!...), (?<=...), (?<!...)); "ahead" a lookahead
# (?=...) with its text; "group" a group with its text; "other" anything else.
# Quantifier: "" none, "more" at least one (+, {n,} with n >= 1), "opt" possibly none.
_Item = tuple[str, str, str]

_NONWORD_ESCAPES = frozenset("sW")


def _class_end(s: str, i: int) -> int:
    """Where the character class opening at ``s[i]`` ("[") closes, or -1."""
    j = i + 1
    if s[j : j + 1] == "^":
        j += 1
    if s[j : j + 1] == "]":  # a "]" first is a member
        j += 1
    while j < len(s):
        if s[j] == "\\":
            j += 2
            continue
        if s[j] == "]":
            return j
        j += 1
    return -1


def _group_end(s: str, i: int) -> int:
    """Where the group opening at ``s[i]`` ("(") closes, or -1."""
    depth = 0
    j = i
    while j < len(s):
        ch = s[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[":
            j = _class_end(s, j)
            if j == -1:
                return -1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    return -1


def _split_alternatives(s: str) -> list[str] | None:
    """``s`` split at its top-level ``|`` (not inside groups, classes or escapes)."""
    out: list[str] = []
    start = 0
    j = 0
    while j < len(s):
        ch = s[j]
        if ch == "\\":
            j += 2
            continue
        if ch in "([":
            end = _group_end(s, j) if ch == "(" else _class_end(s, j)
            if end == -1:
                return None
            j = end + 1
            continue
        if ch == "|":
            out.append(s[start:j])
            start = j + 1
        j += 1
    out.append(s[start:])
    return out


def _quantifier(s: str, j: int) -> tuple[str, int]:
    """The quantifier standing at ``s[j]`` (its kind and the index after it)."""
    if j >= len(s) or s[j] not in "?*+{":
        return "", j
    if s[j] == "{":
        end = s.find("}", j)
        low, _, high = s[j + 1 : end].partition(",")
        if end == -1 or not (low + high).isdigit():
            return "?", j  # "{" read otherwise: the caller gives up
        kind = "more" if low and int(low) >= 1 else "opt"
        j = end + 1
    else:
        kind = "more" if s[j] == "+" else "opt"
        j += 1
    if j < len(s) and s[j] in "?+":  # lazy or possessive: the same counts
        j += 1
    return kind, j


def _items(s: str) -> list[_Item] | None:
    """The items of a sequence without top-level ``|``; None for syntax not understood."""
    out: list[_Item] = []
    j = 0
    while j < len(s):
        ch = s[j]
        if ch == "\\":
            if j + 1 >= len(s):
                return None
            nxt = s[j + 1]
            if nxt == "b":
                item = ("b", "", "")
            elif nxt in _NONWORD_ESCAPES:
                item = ("nonword", "", "")
            elif nxt.isascii() and nxt.isalnum():
                item = ("other", "", "")  # \d, \w, \A, \1, \x41, ...: not read further
            else:
                item = ("lit", nxt, "")
            j += 2
        elif ch == "[":
            end = _class_end(s, j)
            if end == -1:
                return None
            item = ("other", "", "")
            j = end + 1
        elif ch == "(":
            end = _group_end(s, j)
            if end == -1:
                return None
            inner = s[j + 1 : end]
            if not inner.startswith("?"):
                item = ("group", inner, "")
            elif inner.startswith("?:"):
                item = ("group", inner[2:], "")
            elif inner.startswith("?="):
                item = ("ahead", inner[2:], "")
            elif inner.startswith(("?!", "?<=", "?<!")):
                item = ("zero", "", "")
            else:
                return None  # flags, named groups, comments, conditionals: not read
            j = end + 1
        elif ch in "^$":
            item = ("zero", "", "")
            j += 1
        elif ch == ".":
            item = ("other", "", "")
            j += 1
        elif ch in ")|?*+":
            return None
        else:
            item = ("lit", ch, "")
            j += 1
        quant, j = _quantifier(s, j)
        if quant == "?":
            return None
        out.append((item[0], item[1], quant))
    return out


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _ends_word(items: list[_Item], i: int, follow: bool) -> bool:
    """Does what stands at ``items[i]`` (``follow`` past the end) surely start with a
    character that is not part of a word, or at a word boundary?"""
    if i == len(items):
        return follow
    kind, value, quant = items[i]
    if quant == "opt":
        return False
    if kind == "b" or kind == "nonword":
        return True
    return kind == "lit" and not _is_word_char(value)


def _alternatives(s: str, bounded: bool, follow: bool) -> frozenset[str] | None:
    alts = _split_alternatives(s)
    if alts is None:
        return None
    words: set[str] = set()
    for alt in alts:
        items = _items(alt)
        if items is None:
            return None
        got = _sequence(items, bounded, follow)
        if got is None:
            return None
        words |= got
    return frozenset(words)


def _sequence(items: list[_Item], bounded: bool, follow: bool) -> frozenset[str] | None:
    """Opening words of a sequence: ``bounded`` if a word boundary stands where it starts,
    ``follow`` if what comes after it surely starts with a character not of a word."""
    i = 0
    while i < len(items):  # assertions match no text: the opening is after them
        kind, value, quant = items[i]
        if kind == "b" and not quant:
            bounded = True
        elif kind == "ahead" and not quant:
            # The words the lookahead needs stand where the match starts.
            got = _alternatives(value, bounded, False)
            if got is not None:
                return got
        elif kind != "zero":
            break
        i += 1
    if i == len(items):
        return None
    kind, value, quant = items[i]
    if kind == "group" and quant != "opt":
        # A repeated group may be followed by itself: its end is then not surely a word's.
        after = _ends_word(items, i + 1, follow) if not quant else False
        return _alternatives(value, bounded, after)
    if not bounded:
        return None
    word = ""
    while i < len(items):
        kind, value, quant = items[i]
        if kind != "lit" or not (value.isascii() and value.isalnum()):
            break
        if quant:
            return None  # "years?": the word in the text may be longer
        word += value.lower()
        i += 1
    if not word or not _ends_word(items, i, follow):
        return None
    return frozenset([word])


@lru_cache(maxsize=512)
def opening_words(pattern: str) -> frozenset[str] | None:
    """Lower-case words, one of which stands where every match of ``pattern`` starts, as a
    whole word or a part of one after an apostrophe or a hyphen ("i" in "I'll"); None when
    the pattern's opening is not read (the matcher then searches the whole text)."""
    return _alternatives(pattern, False, False)
