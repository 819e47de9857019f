"""The spelling dictionary: a small SQLite file queried only for the words of one draft.

``data/words.sqlite`` (built by ``scripts/build_wordlist.py``) holds about 130,000 lower-case
English words with their SCOWL size level, plus a table of frequent misspellings and their fixes.
Nothing is loaded at start: a check opens the file read-only on first use and asks for exactly
the words it needs (one ``SELECT ... WHERE w IN (...)``), so a cold run pays a few hundred
microseconds, not the second or so a full dictionary load costs.
"""

from __future__ import annotations

import _thread
import sqlite3
from collections.abc import Collection, Iterable
from functools import lru_cache
from pathlib import Path

DB_PATH = Path(__file__).with_name("data") / "words.sqlite"
_CHUNK = 900  # stay under SQLite's historical 999-variable limit
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")

_conns: dict[int, sqlite3.Connection] = {}  # one read-only connection per thread


def _db() -> sqlite3.Connection:
    tid = _thread.get_ident()
    db = _conns.get(tid)
    if db is None:
        db = sqlite3.connect(
            f"file:{DB_PATH}?mode=ro&immutable=1", uri=True, check_same_thread=False
        )
        _conns[tid] = db
    return db


def _query(sql: str, words: list[str]) -> list[tuple]:
    rows: list[tuple] = []
    db = _db()
    for i in range(0, len(words), _CHUNK):
        chunk = words[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows.extend(db.execute(sql.format(marks=marks), chunk).fetchall())
    return rows


_CACHE_MAX = 50_000
_cache: dict[str, tuple[int | None, str | None]] = {}  # word -> (level, fix); a daemon's
# letters share most of their words, so each is looked up once per process.


def lookup(words: Iterable[str]) -> tuple[dict[str, int], dict[str, str]]:
    """For lower-case ``words``: the known ones with their level, and the listed misspellings
    with their fix. One round trip (per 450 words) for the words not seen before."""
    known: dict[str, int] = {}
    fixes: dict[str, str] = {}
    todo: list[str] = []
    for w in set(words):
        hit = _cache.get(w)
        if hit is None:
            todo.append(w)
            continue
        if hit[0] is not None:
            known[w] = hit[0]
        if hit[1] is not None:
            fixes[w] = hit[1]
    if todo:
        k2, f2 = _lookup_db(sorted(todo))
        known.update(k2)
        fixes.update(f2)
        if len(_cache) > _CACHE_MAX:
            _cache.clear()
        for w in todo:
            _cache[w] = (k2.get(w), f2.get(w))
    return known, fixes


def _lookup_db(ws: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    known: dict[str, int] = {}
    fixes: dict[str, str] = {}
    db = _db()
    for i in range(0, len(ws), _CHUNK // 2):
        chunk = ws[i : i + _CHUNK // 2]
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT w, lvl, NULL FROM words WHERE w IN ({marks}) "
            f"UNION ALL SELECT w, NULL, fix FROM fixes WHERE w IN ({marks})"
        )
        for w, lvl, fix in db.execute(sql, chunk + chunk):
            if fix is not None:
                fixes[w] = fix
            else:
                known[w] = lvl
    return known, fixes


def is_word(word: str) -> bool:
    return bool(lookup([word.lower()])[0])


def _adjacent(a: str, b: str) -> bool:
    for row in _KEYBOARD_ROWS:
        i, j = row.find(a), row.find(b)
        if i >= 0 and j >= 0 and abs(i - j) == 1:
            return True
    return False


def _edits1(word: str) -> dict[str, int]:
    """Every string one edit away (Damerau: with transpositions), with a plausibility rank:
    0 = transposition or a doubled/undoubled letter, 1 = neighbouring key, 2 = anything else."""
    out: dict[str, int] = {}

    def put(cand: str, rank: int) -> None:
        if cand and cand != word and rank < out.get(cand, 9):
            out[cand] = rank

    n = len(word)
    for i in range(n):  # deletions
        put(word[:i] + word[i + 1 :], 0 if i > 0 and word[i] == word[i - 1] else 2)
    for i in range(n - 1):  # transpositions
        put(word[:i] + word[i + 1] + word[i] + word[i + 2 :], 0)
    for i in range(n):  # substitutions
        for c in _LETTERS:
            if c != word[i]:
                put(word[:i] + c + word[i + 1 :], 1 if _adjacent(c, word[i]) else 2)
    for i in range(n + 1):  # insertions
        for c in _LETTERS:
            doubled = (i > 0 and word[i - 1] == c) or (i < n and word[i] == c)
            put(word[:i] + c + word[i:], 0 if doubled else 2)
    return out


@lru_cache(maxsize=512)
def suggest(word: str, limit: int = 3) -> tuple[str, ...]:
    """Dictionary words one edit away from ``word`` (lower case), most plausible first."""
    word = word.lower()
    if len(word) < 3 or len(word) > 30:
        return ()
    _known, fixes = lookup([word])
    if word in fixes:
        return (fixes[word],)
    cands = _edits1(word)
    rows = _query("SELECT w, lvl FROM words WHERE w IN ({marks})", sorted(cands))
    ranked = sorted(rows, key=lambda r: (min(r[1], 60) // 20, cands[r[0]], r[1], r[0]))
    return tuple(w for w, _lvl in ranked[:limit])


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
