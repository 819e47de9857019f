"""Rules are units: the registry finds every module, every rule's own examples behave as
labelled, the catalog's ids all exist, and each rule's data file is its own."""

from __future__ import annotations

import ast
import os
import re
from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import World
from followup_guard.checks import matcher
from followup_guard.checks.engine import build_draft
from followup_guard.checks.registry import Rule, all_rules, rule_modules
from followup_guard.mail.parse import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "daemon" / "followup_guard"
CATALOG = ROOT.parent / "shared" / "rules.md"
CATALOG_COPY = Path(__file__).with_name("catalog_ids.txt")
MORNING_AFTER = "2026-11-21T09:30:00-05:00"  # a thank-you to Acme's interviewers


def catalog_ids() -> list[str]:
    """The send-time rule ids of shared/rules.md (the reminders excluded)."""
    text = CATALOG.read_text("utf-8").split("## Reminders")[0]
    return re.findall(r"^\| `([a-z-]+)` \|", text, flags=re.M)


def copied_ids() -> list[str]:
    lines = CATALOG_COPY.read_text("utf-8").splitlines()
    return [x.strip() for x in lines if x.strip() and not x.startswith("#")]


@pytest.fixture(scope="module")
def world() -> World:
    return World()


def test_the_registry_finds_every_rule_module() -> None:
    rules = all_rules()
    by_module: dict[str, list[str]] = {}
    for r in rules.values():
        by_module.setdefault(r.check.__module__.rsplit(".", 1)[1], []).append(r.id)
    assert sorted(by_module) == rule_modules()
    for module, ids in by_module.items():
        assert module in {i.replace("-", "_") for i in ids}, f"{module}: holds {ids}"


def test_every_catalog_id_is_a_rule() -> None:
    if CATALOG.exists():
        ids = catalog_ids()
        assert ids == copied_ids(), f"refresh {CATALOG_COPY.name} from shared/rules.md"
    elif os.environ.get("CI") == "true":
        pytest.fail("shared/rules.md must be beside the checkout in CI")
    else:
        ids = copied_ids()
    assert len(ids) >= 25
    assert sorted(all_rules()) == sorted(ids)


def test_every_rule_is_described() -> None:
    for rid, r in all_rules().items():
        assert isinstance(r, Rule)
        assert r.summary and r.why and r.fix and r.advice, rid
        assert r.sources or r.advice.startswith("Not from the articles"), rid
        assert all(re.fullmatch(r"00[0-4]", a) for a in r.sources), rid
        assert not re.search(r"\(\d{3}", r.advice + r.fix + r.why), f"{rid}: article numbers"
        assert r.bad and r.good, f"{rid}: needs good and bad examples"
        assert all(v is not None for v in r.options.values()), rid


def test_every_data_file_belongs_to_a_rule() -> None:
    for path in matcher.DATA.glob("*"):
        assert path.suffix in (".toml", ".txt"), path.name
        assert path.stem in all_rules(), f"{path.name}: no rule {path.stem!r}"
        matcher.rule_data(path.stem)  # parses


def test_rules_import_no_other_rule() -> None:
    """A rule shares code through modules below checks/rules/, never with another rule."""
    for path in (PACKAGE / "checks" / "rules").glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                pytest.fail(f"{path.name} imports from a sibling rule module: {node.module}")


def test_config_does_not_import_checks() -> None:
    for path in (PACKAGE / "config").glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith(("checks", "followup_guard.checks")), (
                    path.name
                )
                assert not (node.level >= 2 and (node.module or "").startswith("checks")), path.name


def _examples():
    for rid, r in sorted(all_rules().items()):
        for label in ("bad", "good"):
            for i, ex in enumerate(getattr(r, label)):
                yield pytest.param(rid, label, ex, id=f"{rid}-{label}-{i}")


@pytest.mark.parametrize(("rule_id", "label", "example"), list(_examples()))
def test_every_example_behaves_as_labelled(world: World, rule_id: str, label: str, example) -> None:
    r = all_rules()[rule_id]
    if example.case:
        cases = {c.id: c for c in world.cases()}
        assert example.case in cases, f"{rule_id}: no corpus case {example.case!r}"
        fired, _ = world.run(cases[example.case])
        hit = rule_id in fired
    else:
        # An example without a case is a letter to Dana Wu the morning after her onsite.
        ctx = world.context(None)
        try:
            raw = (
                "From: Alex Morgan <alex.morgan@example.org>\nTo: Dana Wu <dana.wu@acme.example>"
                f"\nSubject: Thank you\n\n{example.text}\n"
            ).encode()
            draft = build_draft(
                world.config, ctx.store, parse_bytes(raw), at=datetime.fromisoformat(MORNING_AFTER)
            )
        finally:
            ctx.close()
        settings = world.config.rule_settings(rule_id, dict(r.options), draft.application)
        hit = (r.kinds is None or draft.kind in r.kinds) and bool(list(r.check(draft, settings)))
    assert hit == (label == "bad"), f"{rule_id} {label} example: {example.text!r}"
