#!/usr/bin/env python3
"""Build ``checks/data/words.sqlite``, the spelling dictionary of the misspelling rule.

Sources (see ``checks/data/README.md`` for their licenses):

* SCOWL word lists (Kevin Atkinson; permissive license) as shipped by Debian's ``scowl``
  package in ``/usr/share/dict/scowl`` (``apt-get install scowl``): the English, American,
  British (-ise and -ize), Canadian and Australian lists and their common variants, size
  levels 10 to 70 (the bigger levels are mostly rare words that would hide real typos).
* ``checks/data/extra_words.txt``: tech and hiring vocabulary (written for this project).
* ``checks/data/misspellings.txt``: frequent misspellings and their fixes (written for this
  project).

Words are stored lower-cased, without possessive ``'s`` forms (the rule strips those), with the
lowest SCOWL size level they appear at (10 = most common; it ranks suggestions). The output is
deterministic: the same inputs and SQLite version give the same bytes.

Usage: python scripts/build_wordlist.py [--scowl DIR] [--out PATH]
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "daemon" / "followup_guard" / "checks" / "data"

VARIETIES = (
    "english",
    "american",
    "british",
    "british_z",
    "canadian",
    "australian",
    "variant_1",
    "british_variant_1",
    "canadian_variant_1",
    "australian_variant_1",
)
# Second-tier variant spellings ("crawfish", "judgment"/"judgement" kin): known, never suggested.
RARE_VARIETIES = ("variant_2", "british_variant_2", "canadian_variant_2", "australian_variant_2")
KINDS = ("words", "upper", "proper-names", "contractions", "abbreviations")
MAX_LEVEL = 70
# Level 80 holds rare words ("flowsheet", "vasopressor", "intraday") and a few typos; its
# words are stored as known, never suggested, and one a slip (a swap, a doubled or undoubled
# letter) away from a common word is left out: it is a typo. Level 95 would add 3.5 MB for
# half a point fewer findings on real mail, and more typos ("untill", "accomodate").
RARE_LEVELS = (80,)
# Personal names of level 95 ("Karie", "Stubbs", "Marcello") and rare names a slip from a
# common word ("Bruni"/"bruin") are stored at NAME_LEVEL: the rule takes them for names only
# when they are written with a capital, since lower case they are as often typos ("thier").
NAME_LEVEL = 95
COMMON_LEVEL = 50
EXTRA_LEVEL = 50
_NAME = re.compile(r"^(?P<variety>[a-z_0-9]+)-(?P<kind>[a-z-]+)\.(?P<level>\d+)$")


@dataclass
class Entry:
    level: int  # lowest SCOWL size level the word is listed at
    name: bool  # listed only as a personal name: never offered as a correction
    in_names: bool  # listed as a personal name (maybe also as a word)


def scowl_words(scowl_dir: Path) -> dict[str, Entry]:
    """Every word of the chosen SCOWL lists, lower-cased, with its lowest size level and
    whether it is only a personal name."""
    words: dict[str, Entry] = {}
    files = sorted(p for p in scowl_dir.iterdir() if _NAME.match(p.name))
    used = 0
    for path in files:
        m = _NAME.match(path.name)
        assert m is not None
        level, variety, kind = int(m["level"]), m["variety"], m["kind"]
        if kind not in KINDS:
            continue
        if variety in VARIETIES:
            rare_name = level == NAME_LEVEL and kind == "proper-names"
            if level > MAX_LEVEL and level not in RARE_LEVELS and not rare_name:
                continue
        elif variety in RARE_VARIETIES:
            if level > MAX_LEVEL or kind == "proper-names":
                continue
            level = RARE_LEVELS[0]
        else:
            continue
        used += 1
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        is_name = kind == "proper-names"
        for line in text.splitlines():
            w = unicodedata.normalize("NFC", line.strip()).lower()
            if not w or w.endswith("'s") or " " in w:
                continue
            e = words.get(w)
            if e is None:
                words[w] = Entry(level, is_name, is_name)
            else:
                e.level = min(e.level, level)
                e.name = e.name and is_name
                e.in_names = e.in_names or is_name
    if not used:
        raise SystemExit(f"no SCOWL lists in {scowl_dir} (apt-get install scowl)")
    return words


def _slips(word: str) -> set[str]:
    """Words one plausible slip from ``word``: two letters swapped, a letter doubled or
    undoubled."""
    out = set()
    for i in range(len(word) - 1):
        out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        if word[i] == word[i + 1]:
            out.add(word[:i] + word[i + 1 :])
    for i in range(len(word)):
        out.add(word[:i] + word[i] + word[i:])
    out.discard(word)
    return out


def drop_rare_slips(words: dict[str, Entry]) -> int:
    """Remove rare words (level > MAX_LEVEL) that are a slip away from a common word; a rare
    personal name is kept at NAME_LEVEL instead (known only when written with a capital)."""
    drop = [
        w
        for w, e in words.items()
        if e.level > MAX_LEVEL
        and e.level != NAME_LEVEL
        and any(x in words and words[x].level <= COMMON_LEVEL for x in _slips(w))
    ]
    for w in drop:
        if words[w].in_names:  # "stubbs" is a rare word and the name "Stubbs"
            words[w] = Entry(NAME_LEVEL, True, True)
        else:
            del words[w]
    return len(drop)


def vocab_words() -> dict[str, int]:
    """The field vocabularies in ``data/vocab/*.txt`` (technical, business, clinical,
    education, logistics), stored at EXTRA_LEVEL so they can be suggested."""
    out: dict[str, int] = {}
    for path in sorted((DATA / "vocab").glob("*.txt")):
        for w in data_lines(path):
            out[w.lower()] = EXTRA_LEVEL
    return out


def data_lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def build(scowl_dir: Path, out: Path) -> tuple[int, int]:
    words = scowl_words(scowl_dir)
    dropped = drop_rare_slips(words)
    print(f"left out (or kept as capitalised names) {dropped} rare words a slip from a common one")
    extra = vocab_words()
    for w in data_lines(DATA / "extra_words.txt"):
        extra[w.lower()] = EXTRA_LEVEL
    for w, lvl in extra.items():  # a field word is a word, even if SCOWL has it as a name
        e = words.get(w)
        words[w] = Entry(min(e.level, lvl) if e else lvl, False, bool(e and e.in_names))
    fixes: dict[str, str] = {}
    for line in data_lines(DATA / "misspellings.txt"):
        wrong, fix = re.split(r"\s+", line, maxsplit=1)
        fixes[wrong.lower()] = fix.strip()
    for fix in fixes.values():
        for part in fix.split():
            if part not in words or words[part].level >= NAME_LEVEL:
                raise SystemExit(f"misspellings.txt: fix {fix!r} is not in the word list")

    tmp = out.with_suffix(".tmp")
    if tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp)
    db.executescript(
        """
        PRAGMA page_size = 4096;
        PRAGMA journal_mode = OFF;
        CREATE TABLE words (
            w TEXT PRIMARY KEY, lvl INTEGER NOT NULL, name INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE fixes (w TEXT PRIMARY KEY, fix TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID;
        """
    )
    db.executemany(
        "INSERT INTO words VALUES (?, ?, ?)",
        [(w, e.level, int(e.name)) for w, e in sorted(words.items())],
    )
    db.executemany("INSERT INTO fixes VALUES (?, ?)", sorted(fixes.items()))
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            (
                "source",
                f"SCOWL via Debian scowl, varieties {','.join(VARIETIES)}, "
                f"levels <= {MAX_LEVEL} and rare levels {RARE_LEVELS} (never suggested), "
                f"variants {','.join(RARE_VARIETIES)} as rare, personal names of level "
                f"{NAME_LEVEL} (known when capitalised); "
                "vocab/*.txt; extra_words.txt; misspellings.txt",
            ),
            ("words", str(len(words))),
            ("fixes", str(len(fixes))),
        ],
    )
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(out)
    return len(words), len(fixes)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scowl", type=Path, default=Path("/usr/share/dict/scowl"))
    ap.add_argument("--out", type=Path, default=DATA / "words.sqlite")
    args = ap.parse_args(argv)
    n_words, n_fixes = build(args.scowl, args.out)
    size = args.out.stat().st_size
    print(f"{args.out}: {n_words} words, {n_fixes} fixes, {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
