#!/usr/bin/env python3
"""Per-rule accuracy over worlds of labelled cases (tests/corpus/README.md has the format).

    python3 scripts/accuracy.py DIR...

Each DIR is a world (a folder with config.toml, histories.toml and case files) or holds worlds
below it. Prints, per rule, true positives, false positives, misses and allowed firings with
precision and recall, then the share of clean letters that got any warn or block finding.
With --misses, also lists every false positive and miss.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Runs from a clone, the package installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "daemon"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus_runner import World, find_worlds, score, table
from followup_guard.checks.registry import all_rules
from followup_guard.config.load import ConfigError


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path, metavar="DIR")
    ap.add_argument("--misses", action="store_true", help="list each false positive and miss")
    args = ap.parse_args()
    missing = [d for d in args.dirs if not d.is_dir()]
    if missing:
        print(f"not a directory: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    roots = find_worlds(args.dirs)
    if not roots:
        print("no worlds (folders with a config.toml) under the given directories", file=sys.stderr)
        return 2
    try:
        worlds = [World(r) for r in roots]
    except ConfigError as exc:
        print(f"a world's config has problems:\n  {exc}", file=sys.stderr)
        return 2
    report = score(worlds, sorted(all_rules()))
    print(f"{len(worlds)} world(s): " + ", ".join(str(r) for r in roots))
    print(table(report))
    if args.misses and report.misses:
        print("\n" + "\n".join(report.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
