"""Per-rule precision and recall over the labelled corpus (tests/corpus)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from corpus_runner import CorpusWorld, load_cases, score
from followup_guard.checks.registry import all_rules

MIN_PRECISION = 0.9
MIN_RECALL = 0.85
CATALOG = Path(__file__).parents[1].parent / "shared" / "rules.md"


def catalog_rule_ids() -> list[str]:
    """The send-time rule ids of the catalog (shared/rules.md), reminders excluded."""
    text = CATALOG.read_text("utf-8")
    send_time = text.split("## Reminders")[0]
    return re.findall(r"^\| `([a-z-]+)` \|", send_time, flags=re.M)


@pytest.fixture(scope="module")
def results():
    world = CorpusWorld()
    cases = load_cases()
    rules = all_rules()
    blocking = {r for r in rules}
    scores, misses = score(world, cases, sorted(rules), blocking)
    return cases, scores, misses


def test_registry_implements_exactly_the_catalog():
    if not CATALOG.exists():
        pytest.skip("not-applicable: shared/rules.md is not beside this checkout")
    assert sorted(all_rules()) == sorted(catalog_rule_ids())


def test_corpus_size_and_coverage(results):
    cases, scores, _ = results
    assert len(cases) >= 150, f"only {len(cases)} corpus cases"
    assert len({c.id for c in cases}) == len(cases), "duplicate case ids"
    assert sum(1 for c in cases if c.clean) >= 40
    thin = {
        r: (s.expected, s.forbidden) for r, s in scores.items() if s.expected < 5 or s.forbidden < 5
    }
    assert not thin, f"rules with fewer than 5 triggering or 5 near-miss cases: {thin}"


def test_precision_and_recall(results, capsys):
    _, scores, misses = results
    lines = [f"{'rule':28} {'prec':>6} {'recall':>6} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for r, s in sorted(scores.items()):
        lines.append(f"{r:28} {s.precision:6.2f} {s.recall:6.2f} {s.tp:4} {s.fp:4} {s.fn:4}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        if misses:
            print("\nmisses:\n  " + "\n  ".join(misses))
    low = {
        r: (round(s.precision, 2), round(s.recall, 2))
        for r, s in scores.items()
        if s.precision < MIN_PRECISION or s.recall < MIN_RECALL
    }
    assert not low, f"rules below {MIN_PRECISION} precision or {MIN_RECALL} recall: {low}"
