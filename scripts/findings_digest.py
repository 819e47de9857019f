#!/usr/bin/env python3
"""A digest of every finding the check makes on the development and corpus letters.

    PYTHONPATH=$PWD/daemon python3 scripts/findings_digest.py OUT.jsonl [DIR...]

Runs every case of every world under DIR (default: tests/tuning and tests/corpus), writes one
JSON line per case with its findings, and prints the number of cases and the SHA-256 of the
file. A change meant to alter no behaviour (a faster path, a refactor) must leave the digest
as it was; `diff` two OUT files to see what moved. Uses two processes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from multiprocessing import Pool
from pathlib import Path

# Runs from a clone, the package installed or not.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "daemon"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus_runner import World, find_worlds

DEFAULT_DIRS = [Path("tests/tuning"), Path("tests/corpus")]


def _one_world(root: str) -> list[str]:
    world = World(Path(root))
    lines = []
    for case in world.cases():
        try:
            _, result = world.run(case)
            found = sorted(json.dumps(f.to_json(), sort_keys=True) for f in result.findings)
        except Exception as exc:  # a crash is a behaviour too, and must show in the digest
            found = [f"ERROR {type(exc).__name__}: {exc}"]
        row = {"world": root, "file": case.file, "case": case.id, "findings": found}
        lines.append(json.dumps(row, sort_keys=True))
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, metavar="OUT.jsonl")
    ap.add_argument("dirs", nargs="*", type=Path, metavar="DIR")
    args = ap.parse_args()
    roots = [str(p) for p in find_worlds(args.dirs or DEFAULT_DIRS)]
    if not roots:
        print("no worlds (folders with a config.toml) under the given directories", file=sys.stderr)
        return 2
    with Pool(2) as pool:
        lines = [line for chunk in pool.map(_one_world, roots, chunksize=1) for line in chunk]
    data = "\n".join(lines) + "\n"
    args.out.write_text(data, "utf-8")
    print(f"{len(lines)} cases {hashlib.sha256(data.encode()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
