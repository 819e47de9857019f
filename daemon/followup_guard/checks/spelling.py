"""The spelling dictionary: a small SQLite file queried only for the words of one draft.

``data/words.sqlite`` (built by ``scripts/build_wordlist.py``) holds about 323,000 lower-case
English words (US, UK, Canadian, Australian) with their SCOWL size level, the field
vocabularies of ``data/vocab/`` (technical, business, clinical, education, logistics), and a
table of frequent misspellings with their fixes. Words of the rare level 80 count as
known but are never offered as a correction, and neither are personal names ("Katie" is not
what someone meant by "Karie"): names are corrected only against the application record, by
the rule. Rare personal names (``NAME_LEVEL``) are known only when written with a capital.

A word is reported only with a confident correction (:func:`suggest`): a listed misspelling,
or one plausible slip (two letters swapped, a letter doubled or dropped from a double, a
neighbouring key; a dropped or extra letter inside a long word) from exactly one common word.
An unknown word with no such neighbour is probably a name or a term, and is left alone.
Nothing is loaded at start: a check opens the file read-only on first use and asks for exactly
the words it needs (one ``SELECT ... WHERE w IN (...)``), so a cold run pays a few hundred
microseconds, not the second or so a full dictionary load costs.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

DB_PATH = Path(__file__).with_name("data") / "words.sqlite"
_CHUNK = 900  # stay under SQLite's historical 999-variable limit
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
SUGGEST_MAX_LEVEL = 60  # corrections come from common words only
NAME_LEVEL = 95  # rare personal names: a name when capitalised, unknown in lower case
_MIN_SUGGEST_LEN = 5  # shorter unknowns have too many neighbours to be sure of one
RARE_TARGET_LEVEL = 50  # a correction this rare needs the commonest kind of slip
# Slurs SCOWL lists: never offered as what someone meant ("nigas", an acronym, is no slip).
_NEVER_OFFERED = frozenset(
    [
        "cunt",
        "cunts",
        "fag",
        "faggot",
        "faggots",
        "fags",
        "nigga",
        "niggas",
        "nigger",
        "niggers",
        "retard",
        "retards",
        "slut",
        "sluts",
        "whore",
        "whores",
    ]
)

_conns: dict[int, sqlite3.Connection] = {}  # one read-only connection per thread


def _db() -> sqlite3.Connection:
    tid = threading.get_ident()
    db = _conns.get(tid)
    if db is None:
        db = sqlite3.connect(
            f"file:{DB_PATH}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        _conns[tid] = db
    return db


def _query(sql: str, words: list[str]) -> list[tuple[str, int]]:
    rows: list[tuple[str, int]] = []
    db = _db()
    for i in range(0, len(words), _CHUNK):
        chunk = words[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows.extend(db.execute(sql.format(marks=marks), chunk).fetchall())
    return rows


_CACHE_MAX = 50_000


class _Entry(NamedTuple):
    level: int | None  # SCOWL size level; None: not in the word list
    name: bool  # only a personal name
    fix: str | None  # the fix of a listed misspelling


_cache: dict[str, _Entry] = {}  # a daemon's letters share most of their words, so each is
# looked up once per process.


def _entries(words: Iterable[str]) -> dict[str, _Entry]:
    """The dictionary's entry for each lower-case word, from the cache or in one round trip
    (per 450 words) for the words not seen before."""
    out: dict[str, _Entry] = {}
    todo: list[str] = []
    for w in set(words):
        hit = _cache.get(w)
        if hit is None:
            todo.append(w)
        else:
            out[w] = hit
    if todo:
        got = _lookup_db(sorted(todo))
        if len(_cache) > _CACHE_MAX:
            _cache.clear()
        for w in todo:
            out[w] = _cache[w] = got.get(w, _NONE)
    return out


_NONE = _Entry(None, False, None)


def lookup(words: Iterable[str]) -> tuple[dict[str, int], dict[str, str]]:
    """For lower-case ``words``: the known ones with their level, and the listed misspellings
    with their fix. Rare personal names (``NAME_LEVEL``) are not among the known ones: see
    :func:`names`."""
    known: dict[str, int] = {}
    fixes: dict[str, str] = {}
    for w, e in _entries(words).items():
        if e.level is not None and e.level < NAME_LEVEL:
            known[w] = e.level
        if e.fix is not None:
            fixes[w] = e.fix
    return known, fixes


def names(words: Iterable[str]) -> set[str]:
    """Those of lower-case ``words`` that are personal names of the word list (a capitalised
    one is a name, not a typo of a common word)."""
    return {w for w, e in _entries(words).items() if e.name}


def _lookup_db(ws: list[str]) -> dict[str, _Entry]:
    found: dict[str, tuple[int | None, bool]] = {}
    fixes: dict[str, str] = {}
    db = _db()
    for i in range(0, len(ws), _CHUNK // 2):
        chunk = ws[i : i + _CHUNK // 2]
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT w, lvl, name, NULL FROM words WHERE w IN ({marks}) "
            f"UNION ALL SELECT w, NULL, NULL, fix FROM fixes WHERE w IN ({marks})"
        )
        for w, lvl, name, fix in db.execute(sql, chunk + chunk):
            if fix is not None:
                fixes[w] = fix
            else:
                found[w] = (lvl, bool(name))
    return {w: _Entry(*found.get(w, (None, False)), fixes.get(w)) for w in set(found) | set(fixes)}


def is_word(word: str) -> bool:
    return bool(lookup([word.lower()])[0])


def mostly_foreign(words: Sequence[str], unknown: Callable[[str], bool]) -> bool:
    """Three words or more, most of them (60 %) ``unknown``: a sentence in another language
    ("Diolch yn fawr iawn am eich amser heddiw", "E mihi ana ki a koe"), where a typo would
    stand among known words."""
    return len(words) >= 3 and sum(map(unknown, words)) >= 0.6 * len(words)


def _adjacent(a: str, b: str) -> bool:
    for row in _KEYBOARD_ROWS:
        i, j = row.find(a), row.find(b)
        if i >= 0 and j >= 0 and abs(i - j) == 1:
            return True
    return False


def _edits1(word: str) -> dict[str, int]:
    """Every string one edit away (Damerau: with transpositions), with a plausibility rank:
    0 = transposition or a doubled/undoubled letter, 1 = neighbouring key, 2 = any other
    letter dropped, added or changed inside the word, 3 = at its first or last letter (more
    often another name or form of a term, "Gafford"/"afford", "Sitara"/"sitar", than a
    slip: people seldom mistype the first letter)."""
    out: dict[str, int] = {}

    def put(cand: str, rank: int) -> None:
        if cand and cand != word and rank < out.get(cand, 9):
            out[cand] = rank

    n = len(word)

    def other(i: int) -> int:
        return 3 if i >= n - 1 or i == 0 else 2

    for i in range(n):  # deletions
        put(word[:i] + word[i + 1 :], 0 if i > 0 and word[i] == word[i - 1] else other(i))
    for i in range(n - 1):  # transpositions
        put(word[:i] + word[i + 1] + word[i] + word[i + 2 :], 0)
    for i in range(n):  # substitutions
        for c in _LETTERS:
            if c != word[i]:
                near = _adjacent(c, word[i]) and 0 < i < n - 1
                put(word[:i] + c + word[i + 1 :], 1 if near else other(i))
    for i in range(n + 1):  # insertions
        for c in _LETTERS:
            doubled = (i > 0 and word[i - 1] == c) or (i < n and word[i] == c)
            put(word[:i] + c + word[i:], 0 if doubled else other(i))
    return out


@lru_cache(maxsize=2048)
def suggest(word: str, limit: int = 3) -> tuple[str, ...]:
    """Confident corrections of ``word`` (lower case): empty unless there is one.

    A listed misspelling gives its fix. Otherwise the common words (SCOWL level <= 60, the
    field vocabularies) one edit away are ranked by how plausible the slip is (see
    :func:`_edits1`); the best is returned only if it is a swap, a doubled or undoubled
    letter, a neighbouring key, or (in a word of 7 letters or more) a letter dropped, added or
    changed inside the word, and no other word is as plausible and as common; a rare word
    (``RARE_TARGET_LEVEL``) only for a swap or a doubled or undoubled letter. A contraction
    written without its apostrophe gets it back ("wouldnt": "wouldn't"). A known word,
    a short one or one with several equally good neighbours gets nothing. ``limit`` is kept
    for callers; more than one suggestion is returned only for ties of listed fixes."""
    word = word.lower()
    if len(word) < 3 or len(word) > 30:
        return ()
    known, fixes = lookup([word])
    if word in fixes:
        return (fixes[word],)
    if word in known or not word.isalpha():
        return ()
    contraction = _contraction(word)
    if contraction:
        return (contraction,)
    if len(word) < _MIN_SUGGEST_LEN:
        return ()
    # Only edits that could be confident are looked up (fewer SQL parameters).
    cands = {c: r for c, r in _edits1(word).items() if r < 2 or (r == 2 and len(word) >= 7)}
    rows = [
        (w, lvl)
        for w, lvl in _query(
            "SELECT w, lvl FROM words WHERE w IN ({marks}) AND name = 0", sorted(cands)
        )
        if lvl <= SUGGEST_MAX_LEVEL and w not in _NEVER_OFFERED
    ]
    if not rows:
        return ()
    ranked = sorted(rows, key=lambda r: (cands[r[0]], min(r[1], 60) // 20, r[1], r[0]))
    best, best_lvl = ranked[0]
    rank = cands[best]
    if rank >= 3 or (rank == 2 and len(word) < 7):
        return ()
    # A rare word (level RARE_TARGET_LEVEL and up: "vixens", "dinette", "Rabelais") is less
    # likely to be what the writer meant than the unknown word is a name or a term ("vicens",
    # "donette", "rabalais"): it is offered only for the commonest slips (a swap, a doubled
    # or undoubled letter), unless it is one of our field words.
    if rank > 0 and best_lvl >= RARE_TARGET_LEVEL and best not in field_words():
        return ()
    for w, lvl in ranked[1:]:
        if cands[w] == rank and min(lvl, 60) // 20 == min(best_lvl, 60) // 20:
            return ()  # two equally good corrections: not sure which was meant
    return (best,)


def _contraction(word: str) -> str | None:
    """The contraction ``word`` is without its apostrophe ("wouldnt", "dont", "youre"), if
    exactly one is a known word."""
    if len(word) < 3:
        return None
    forms = {word[:i] + "'" + word[i:] for i in range(len(word) - 3, len(word)) if i > 0}
    found = [w for w in lookup(forms)[0] if w in forms]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=1)
def field_words() -> frozenset[str]:
    """The field vocabularies and extra words (``data/vocab/*.txt``, ``data/extra_words.txt``):
    in the dictionary at a rare level, but words our users write every day. Read only when a
    rare correction is weighed (a few hundred microseconds, once per process)."""
    data = DB_PATH.parent
    out: set[str] = set()
    for path in [*sorted((data / "vocab").glob("*.txt")), data / "extra_words.txt"]:
        try:
            lines = path.read_text("utf-8").splitlines()
        except OSError:
            continue
        out.update(x.strip().lower() for x in lines if x.strip() and not x.startswith("#"))
    return frozenset(out)


def misspelt(words: Iterable[str], names: Collection[str] = ()) -> dict[str, tuple[str, ...]]:
    """The one question the misspelling rule asks: of ``words`` (lower case), which are not
    English words and not among ``names`` (the record's names and terms), each with its
    likely corrections, best first (empty when no correction is confident)."""
    todo = [w for w in set(words) if w not in names]
    known, fixes = lookup(todo)
    out: dict[str, tuple[str, ...]] = {}
    for w in todo:
        if w in fixes:
            out[w] = (fixes[w],)
        elif w not in known:
            out[w] = suggest(w)
    return out
