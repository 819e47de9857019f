"""The sentence tone model: per sentence, how likely each severe tone is, and which words say so.

A one-vs-rest logistic regression over sparse sentence features (:mod:`.features`), trained
offline by ``scripts/train_tone_model.py`` and shipped as ``weights.json``. At run time it is a
dot product: no numpy, no network. The weights are read once per process (the daemon and the
Thunderbird host keep them), and a draft's scores are cached by its text.

    from followup_guard.checks import tone_model
    for s in tone_model.score(text):
        s.prob["angry"], s.span, s.carriers["angry"]

The severe tone rules call :func:`confident`: the sentences where a tone's probability clears
the threshold chosen at training time for precision, with the span of the words that carried
it (or the whole sentence).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .features import Span, sentence_features

TONES: tuple[str, ...] = (
    "angry",
    "sarcastic",
    "disparaging",
    "pushy",
    "desperate",
    "inappropriate",
)
WEIGHTS_PATH = Path(__file__).with_name("weights.json")

# A sentence ends at . ! ? (and closing quotes) before a space and a word that does not start
# in lower case, unless the word before is an abbreviation ("Dr. Patel", "e.g. this"); and at
# every line break.
_END = re.compile(r"[.!?]+[\"'’”)\]]*[ \t]+(?=[^a-z\s])")
_ABBREV = re.compile(r"(?:\b(?:mr|mrs|ms|dr|st|prof|vs|etc|no|jr|sr)|\b\w\.\w|\b[A-Z])\.$", re.I)


@dataclass(frozen=True)
class SentenceScore:
    """One sentence of the text: where it is, each tone's probability, and for each tone the
    words (spans into the whole text) that pushed it up most."""

    span: Span
    prob: dict[str, float]
    carriers: dict[str, tuple[Span, ...]] = field(default_factory=dict)
    # Per tone, the log-odds contributed by content: words and cues, not pronouns, sentence
    # length or negation alone. A confident finding needs enough of it.
    evidence: dict[str, float] = field(default_factory=dict)

    def carrier_span(self, tone: str) -> Span:
        """The words that carry ``tone`` (from the first to the last), or the sentence."""
        spans = self.carriers.get(tone)
        if not spans:
            return self.span
        return (min(a for a, _ in spans), max(b for _, b in spans))


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    thresholds: dict[str, float]
    min_words: int
    min_evidence: float


class ModelError(RuntimeError):
    """The shipped weights are missing or malformed (a broken install)."""


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped weights, read once per process."""
    try:
        raw = json.loads(WEIGHTS_PATH.read_text("utf-8"))
        classes = tuple(raw["classes"])
        n = len(classes)
        weights = {k: tuple(v) for k, v in raw["weights"].items() if len(v) == n}
        return Model(
            classes=classes,
            bias=tuple(raw["bias"]),
            weights=weights,
            thresholds={k: float(v) for k, v in raw["thresholds"].items()},
            min_words=int(raw.get("min_words", 3)),
            min_evidence=float(raw.get("min_evidence", 1.5)),
        )
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ModelError(f"tone model weights unreadable at {WEIGHTS_PATH}: {e}") from e


def sentences(text: str) -> list[Span]:
    """Spans of the sentences of ``text`` (blank ones dropped, surrounding space trimmed)."""
    out: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        cuts = [pos]
        for m in _END.finditer(line):
            if not _ABBREV.search(line, 0, m.start() + 1):
                cuts.append(pos + m.end())
        cuts.append(pos + len(line))
        for a, b in zip(cuts, cuts[1:]):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
        pos += len(line) + 1
    return out


# Features that say little about tone by themselves: who speaks, how long, a bare "not".
_CONTEXT_ONLY = frozenset(
    {"bias_len", "c:you", "c:i", "c:we", "start:you", "start:i", "c:negation", "c:hedge"}
)


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def score_sentence(sentence: str, offset: int = 0) -> SentenceScore:
    m = model()
    feats = sentence_features(sentence)
    n = len(m.classes)
    z = list(m.bias)
    evidence = [0.0] * n
    contrib: list[list[tuple[float, Span]]] = [[] for _ in range(n)]
    for name, (value, span) in feats.items():
        w = m.weights.get(name)
        if w is None:
            continue
        content = name not in _CONTEXT_ONLY
        for c in range(n):
            part = w[c] * value
            z[c] += part
            if content and part > 0:
                evidence[c] += part
            if content and span is not None and part > 0.25:
                contrib[c].append((part, (span[0] + offset, span[1] + offset)))
    prob = {m.classes[c]: _sigmoid(z[c]) for c in range(n)}
    carriers: dict[str, tuple[Span, ...]] = {}
    for c in range(n):
        if contrib[c]:
            top = sorted(contrib[c], reverse=True)[:3]
            carriers[m.classes[c]] = tuple(sorted({s for _, s in top}))
    ev = {m.classes[c]: evidence[c] for c in range(n)}
    return SentenceScore((offset, offset + len(sentence)), prob, carriers, ev)


@lru_cache(maxsize=256)
def _score_cached(text: str) -> tuple[SentenceScore, ...]:
    return tuple(score_sentence(text[a:b], a) for a, b in sentences(text))


def score(text: str) -> list[SentenceScore]:
    """Every sentence of ``text`` with its tone probabilities (cached by text)."""
    return list(_score_cached(text))


def confident(text: str, tone: str, threshold: float | None = None) -> list[SentenceScore]:
    """The sentences of ``text`` the model is confident read as ``tone`` (one of
    :data:`TONES`): probability at or above ``threshold`` (default: the shipped one, chosen
    for precision) and at least the model's minimum number of words."""
    m = model()
    if tone not in m.classes:
        raise ValueError(f"unknown tone {tone!r}; known: {', '.join(TONES)}")
    cut = m.thresholds.get(tone, 0.9) if threshold is None else threshold
    out = []
    for s in _score_cached(text):
        if (
            s.prob[tone] >= cut
            and s.evidence[tone] >= m.min_evidence
            and len(text[s.span[0] : s.span[1]].split()) >= m.min_words
        ):
            out.append(s)
    return out
