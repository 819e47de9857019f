"""Per-rule precision and recall over the development corpus (tests/corpus).

Every firing on every case counts (tests/corpus_runner.py): expected, allowed, or false. The
frozen test part is measured by scripts/accuracy.py, not tuned against here.
"""

from __future__ import annotations

import pytest
from corpus_runner import World, score, table
from followup_guard.checks.registry import all_rules

MIN_PRECISION = 0.9
MIN_RECALL = 0.85


@pytest.fixture(scope="module")
def world() -> World:
    return World()


@pytest.fixture(scope="module")
def report(world: World):
    return score([world], sorted(all_rules()))


def test_corpus_size_and_coverage(world: World, report) -> None:
    cases = world.cases()
    assert len(cases) >= 150, f"only {len(cases)} corpus cases"
    assert len({c.id for c in cases}) == len(cases), "duplicate case ids"
    assert sum(1 for c in cases if c.clean) >= 40
    thin = {
        r: (s.positives, s.negatives)
        for r, s in report.counts.items()
        if s.positives < 5 or s.negatives < 5
    }
    assert not thin, f"rules with fewer than 5 positive or 5 negative cases: {thin}"


def test_every_label_names_a_rule(world: World) -> None:
    rules = set(all_rules())
    for case in world.cases():
        unknown = set(case.expect + case.allow + case.forbid) - rules
        assert not unknown, f"{case.id}: unknown rule ids {sorted(unknown)}"
        assert not set(case.expect) & set(case.allow + case.forbid), case.id


def test_precision_and_recall(report, capsys) -> None:
    with capsys.disabled():
        print("\n" + table(report))
        if report.misses:
            print("\nfalse positives and misses:\n  " + "\n  ".join(report.misses))
    low = {
        r: (round(s.precision, 2), round(s.recall, 2), s.tp, s.fp, s.fn)
        for r, s in report.counts.items()
        if s.precision < MIN_PRECISION or s.recall < MIN_RECALL
    }
    assert not low, f"rules below {MIN_PRECISION} precision or {MIN_RECALL} recall: {low}"
    assert report.clean_warned == 0, "a clean letter got a warn or block finding"
