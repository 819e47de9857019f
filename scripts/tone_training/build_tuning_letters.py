#!/usr/bin/env python3
"""Build ``tuning_letters/sentences.jsonl``: tone sentences from the development letters.

    python3 scripts/tone_training/build_tuning_letters.py          # rewrite the file
    python3 scripts/tone_training/build_tuning_letters.py --check  # exit 1 if it is stale

The letters of ``tests/tuning`` carry a label for the whole letter ("this one is pushy"), not
for the sentence that makes it so. Helper sessions that saw only the tone section of the rule
catalog read each severe letter of the training worlds, sentence by sentence as the model
splits them, and wrote ``tuning_letters/labels.tsv``: ``world/case<TAB>sentence number<TAB>
label`` (a tone, or ``good`` for a sentence with nothing wrong in it; sentences they were
unsure of are not listed). This script turns those lines back into sentences, adds every
sentence of the same worlds' clean letters as ``good``, and writes them with a weight of 2
(letters written the way the frozen test part was written count more than standalone lines;
3 read plain thanks in business mail as sarcasm once the 30 later worlds were added).

Only the worlds listed in ``tuning_letters/worlds.txt`` are read, and two things are left out
on purpose:
- the worlds added from the ``rules26`` round on (not listed): they stay unseen by the
  model, so they can say whether training on letters carries to letters it has not seen;
- the ``angry`` lines: with them the politeness measure fell from 43.5 to 35.9 points (the
  angry cut rose with the new data), while ``angry`` already meets its target on the frozen
  part. They stay in ``labels.tsv`` for the record.
"""

from __future__ import annotations

import argparse
import email
import json
import sys
from email import policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "daemon"))
sys.path.insert(0, str(ROOT / "tests"))

from corpus_runner import load_cases  # type: ignore[import-not-found]  # noqa: E402
from followup_guard.checks import tone_model  # noqa: E402

HERE = Path(__file__).resolve().parent / "tuning_letters"
TONES = frozenset(tone_model.TONES)
LEFT_OUT_TONES = frozenset({"angry"})
WEIGHT = 2


def letter_sentences(message: str) -> list[str]:
    """The sentences of a case's plain-text body, as the tone model splits them (quoted
    reply lines dropped), each on one line."""
    msg = email.message_from_string(message.lstrip("\n"), policy=policy.default)
    part = msg.get_body(preferencelist=("plain",))
    text = part.get_content() if part else ""  # type: ignore[attr-defined]
    out = []
    for a, b in tone_model.sentences(text):
        s = " ".join(text[a:b].split())
        if s and not s.startswith(">"):
            out.append(s)
    return out


def build() -> str:
    names = [
        line.strip()
        for line in (HERE / "worlds.txt").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    worlds = [ROOT / "tests" / "tuning" / name for name in names]
    severe: dict[str, list[str]] = {}
    clean: list[tuple[str, str]] = []
    for world in worlds:
        for case in load_cases(world):
            key = f"{world.name}/{case.id}"
            if TONES & set(case.expect):
                severe[key] = letter_sentences(case.message)
            elif case.clean:
                clean += [(s, key) for s in letter_sentences(case.message)]
    rows: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()
    labelled = (HERE / "labels.tsv").read_text("utf-8").splitlines()
    for n, line in enumerate(labelled, 1):
        key, number, label = line.split("\t")
        if key not in severe or not 0 < int(number) <= len(severe[key]):
            raise SystemExit(f"labels.tsv:{n}: no sentence {number} in {key}")
        if label in LEFT_OUT_TONES:
            continue
        text = severe[key][int(number) - 1]
        if (text, label) not in seen:
            seen.add((text, label))
            rows.append({"text": text, "label": label, "src": f"{key}#{number}"})
    toned = {str(r["text"]) for r in rows if r["label"] != "good"}
    # A sentence labelled with a tone in one letter is no good example in another.
    rows = [r for r in rows if not (r["label"] == "good" and r["text"] in toned)]
    seen |= {(t, "good") for t in toned}
    for text, key in clean:
        if len(text.split()) >= 3 and (text, "good") not in seen:
            seen.add((text, "good"))
            rows.append({"text": text, "label": "good", "src": key})
    return "".join(json.dumps({**r, "weight": WEIGHT}, ensure_ascii=False) + "\n" for r in rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = ap.parse_args()
    text = build()
    out = HERE / "sentences.jsonl"
    if args.check:
        same = out.exists() and out.read_text("utf-8") == text
        print("sentences.jsonl is current" if same else f"{out} is stale: rerun without --check")
        return 0 if same else 1
    out.write_text(text, "utf-8")
    print(f"wrote {out} ({text.count(chr(10))} sentences)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
