#!/usr/bin/env python3
"""Build ``checks/data/phrase_index.txt``: the trigger words of every tone phrase.

A cold ``followup-guard check`` should not parse the ~150 phrases of the tone rules just to learn
that most of them cannot match. This index holds, for each phrase of ``checks/phrases.py``,
its trigger sets (for each required token, the words one of which must occur in the text), so a
cold start reads one small text file and parses only the phrases the draft could match.

The index is only a speed-up: a phrase missing from it is parsed at run time. Rerun this after
editing ``checks/phrases.py`` or ``checks/lexicon.py`` (tests/test_tone.py checks it is current).

Usage: python scripts/build_phrase_index.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "daemon"))

from followup_guard.checks import lexicon, phrases  # noqa: E402


def build() -> str:
    lines = [
        "# Trigger sets of the tone phrases: pattern, then TAB before each set (words split",
        "# by spaces). Built by scripts/build_phrase_index.py; do not edit by hand.",
    ]
    rows: dict[str, str] = {}
    for name in sorted(vars(phrases)):
        pset = getattr(phrases, name)
        if not isinstance(pset, lexicon.PhraseSet):
            continue
        for ph in pset.phrases:
            if ph.regex:
                continue
            if "\t" in ph.pattern or "\n" in ph.pattern:
                raise SystemExit(f"phrase {ph.pattern!r} holds a tab or newline")
            sets = lexicon.compile_phrase(ph.pattern).triggers
            rows[ph.pattern] = "\t".join([ph.pattern] + [" ".join(sorted(t)) for t in sets])
    return "\n".join(lines + [rows[p] for p in sorted(rows)]) + "\n"


def main() -> int:
    text = build()
    lexicon.INDEX_PATH.write_text(text, "utf-8")
    n = sum(1 for line in text.splitlines() if not line.startswith("#"))
    print(f"{lexicon.INDEX_PATH}: {n} phrases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
