"""Fixes from the rules24 pass, false alarms on good letters: a plural of a company's name
word names the place after it ("the Sandias"), no misspelling; a word of another company's
name inside a longer form of it already judged a place ("along the Rio Grande") is no wrong
name; a job needed with a condition ("I need a job with hours that match my kids' school day")
is a requirement, not a plea. Each shape has neighbours that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP), and in worlds of
their own where the other company is named after a mountain range or a river.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import World
from test_rules10 import CONFIG, MARGARET, SENDER, fired, letter
from test_rules10 import world as world  # the module's fixture, shared

AT = datetime.fromisoformat("2026-11-17T18:00:00-06:00")


def _world(tmp_path_factory: pytest.TempPathFactory, name: str, company: str) -> World:
    root: Path = tmp_path_factory.mktemp(name)
    config = CONFIG.replace('company = "Crossdock Logistics"', f'company = "{company}"')
    (root / "config.toml").write_text(config, "utf-8")
    return World(root)


@pytest.fixture(scope="module")
def river_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return _world(tmp_path_factory, "rules24-river", "Rio Grande Unified School District")


@pytest.fixture(scope="module")
def range_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Margaret's own firm named after the mountains."""
    root: Path = tmp_path_factory.mktemp("rules24-range")
    config = CONFIG.replace('company = "Hartwell & Pruitt LLP"', 'company = "Sandia Academies"')
    assert config != CONFIG
    (root / "config.toml").write_text(config, "utf-8")
    return World(root)


def _to_margaret(world: World, middle: str) -> dict[str, list[str]]:
    raw = f"From: {SENDER}\nTo: {MARGARET}\nSubject: Thank you\n\n{letter(middle)}"
    return world.messages(raw, AT)


def test_the_river_a_company_is_named_after_is_no_wrong_name(river_world: World) -> None:
    middle = "Your clerks' volunteer clean-up of the bosque along the Rio Grande impressed me."
    assert "wrong-name" not in _to_margaret(river_world, middle)


def test_the_company_named_after_the_river_still_is(river_world: World) -> None:
    middle = "I would be proud to join Rio Grande Unified and its counselling team."
    assert "wrong-name" in _to_margaret(river_world, middle)


def test_a_plural_of_a_name_word_is_no_misspelling(range_world: World) -> None:
    middle = "I enjoyed the hand-painted mural of the Sandias outside the front office."
    assert "misspelling" not in _to_margaret(range_world, middle)


def test_a_slip_of_the_name_word_still_is(range_world: World) -> None:
    body = f"Dear Margaret,\n\n{middle_slip()}\n\nBest regards,\nRenee\n"
    raw = f"From: {SENDER}\nTo: {MARGARET}\nSubject: Thank you\n\n{body}"
    assert "misspelling" in range_world.messages(raw, AT)


def middle_slip() -> str:
    return "Thank you for the panel; I would be glad to join Sandai Academies and its team."


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        (
            "I'll be honest, I need a job with hours that match my kids' school day, and this "
            "is the first one I've found that fits.",
            False,
        ),
        ("Please, I need a job with any hours at all, I am begging you.", True),
    ],
)
def test_a_job_needed_with_a_condition_is_no_plea(world: World, middle: str, flagged: bool) -> None:
    assert ("desperate" in fired(world, letter(middle))) is flagged
