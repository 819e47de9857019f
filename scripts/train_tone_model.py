#!/usr/bin/env python3
"""Train the sentence tone model and write ``checks/tone_model/weights.json``.

    pip install scikit-learn            # training only; the runtime is plain Python
    python scripts/train_tone_model.py [--data scripts/tone_training] [--c 2] [--check]

Data: every ``*.jsonl`` in --data and its subfolders (a second writer's in ``writer2/``), one
``{"text": ..., "label": ...}`` a line, label one of angry, sarcastic, disparaging, pushy,
desperate, inappropriate, good. Sentences written for this project (see
``scripts/tone_training/README.md``); the Stanford politeness corpus and the Enron mail are
kept out on purpose: they measure the model (``scripts/measure_real_text.py``).

Model: one binary logistic regression per severe tone (one-vs-rest: every other sentence,
good or another tone, is a negative), L2, balanced class weights, over the sparse features of
``checks/tone_model/features.py``; words and word pairs seen in fewer than three sentences
(other features: two) are dropped.
Thresholds: from 5-fold out-of-fold probabilities, the lowest cut (at least --min-cut) at which
no more than --max-good-fp of the good sentences would fire the tone: a warning on a good letter
costs as much as a miss. The script prints per-tone out-of-fold precision (against good
sentences) and recall at the chosen cut.

--check retrains and exits 1 if the result differs from the committed weights (CI can run it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "daemon"))

from followup_guard.checks.tone_model import TONES, WEIGHTS_PATH  # noqa: E402
from followup_guard.checks.tone_model.features import sentence_features  # noqa: E402

LABELS = (*TONES, "good")


def load(data_dir: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for path in sorted(data_dir.glob("**/*.jsonl")):
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                text, label = str(obj["text"]), str(obj["label"])
            except (ValueError, KeyError, TypeError) as e:
                raise SystemExit(f"{path}:{n}: not a {{text, label}} object: {e}") from e
            if label not in LABELS:
                raise SystemExit(f"{path}:{n}: unknown label {label!r} (one of {LABELS})")
            rows.append((text, label))
    if not rows:
        raise SystemExit(f"no training sentences in {data_dir}/*.jsonl")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "scripts" / "tone_training")
    ap.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    ap.add_argument("--c", type=float, default=2.0, help="inverse L2 strength")
    ap.add_argument("--max-good-fp", type=float, default=0.0025)
    ap.add_argument("--min-cut", type=float, default=0.85)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    try:
        import numpy as np
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_predict
    except ImportError:
        print("training needs scikit-learn: pip install scikit-learn", file=sys.stderr)
        return 2

    rows = load(args.data)
    print("sentences:", dict(sorted(Counter(label for _, label in rows).items())))
    feats = [{k: v for k, (v, _span) in sentence_features(t).items()} for t, _ in rows]
    df = Counter(k for f in feats for k in f)
    # Words and word pairs need three sentences: fewer is chance in a few hundred sentences.
    feats = [
        {k: v for k, v in f.items() if df[k] >= (3 if k[:2] in ("w:", "b:") else 2)} for f in feats
    ]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(feats)
    names = vec.get_feature_names_out()
    labels = np.array([label for _, label in rows])
    good = labels == "good"
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)

    bias: list[float] = []
    columns: list[np.ndarray] = []
    thresholds: dict[str, float] = {}
    print(f"{'tone':<14}{'cut':>6}{'recall':>8}{'prec':>7}{'good fp':>9}")
    for tone in TONES:
        y = (labels == tone).astype(int)
        clf = LogisticRegression(C=args.c, class_weight="balanced", max_iter=2000)
        oof = cross_val_predict(clf, x, y, cv=folds, method="predict_proba")[:, 1]
        good_scores = np.sort(oof[good])
        k = int(np.floor(args.max_good_fp * len(good_scores)))
        cut = max(args.min_cut, float(good_scores[-(k + 1)]) + 1e-3 if len(good_scores) else 0.5)
        cut = round(min(cut, 0.97), 3)
        fired = oof >= cut
        tp = int((fired & (y == 1)).sum())
        fp_good = int((fired & good).sum())
        recall = tp / max(1, int(y.sum()))
        prec = tp / max(1, tp + fp_good)
        print(f"{tone:<14}{cut:>6.3f}{recall:>8.2f}{prec:>7.2f}{fp_good:>6}/{int(good.sum())}")
        thresholds[tone] = cut
        clf.fit(x, y)
        bias.append(round(float(clf.intercept_[0]), 4))
        columns.append(clf.coef_[0])

    weights: dict[str, list[float]] = {}
    mat = np.vstack(columns).T
    for i, name in enumerate(names):
        row = [round(float(v), 4) for v in mat[i]]
        if max(abs(v) for v in row) >= 0.01:
            weights[str(name)] = row
    out = {
        "version": 1,
        "classes": list(TONES),
        "bias": bias,
        "thresholds": thresholds,
        "min_words": 3,
        "min_evidence": 3.0,
        "trained_on": {lab: int((labels == lab).sum()) for lab in LABELS},
        "c": args.c,
        "weights": dict(sorted(weights.items())),
    }
    text = json.dumps(out, separators=(",", ":"), sort_keys=False) + "\n"
    if args.check:
        same = args.out.exists() and args.out.read_text("utf-8") == text
        print("weights are current" if same else f"{args.out} is stale: rerun without --check")
        return 0 if same else 1
    args.out.write_text(text, "utf-8")
    print(f"wrote {args.out} ({len(weights)} features, {len(text) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
