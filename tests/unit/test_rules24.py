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

import pytest
from corpus_runner import World
from test_rules10 import OTHER_COMPANY, fired, letter, world_with
from test_rules10 import world as world  # the module's fixture, shared


@pytest.fixture(scope="module")
def river_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    company = 'company = "Rio Grande Unified School District"'
    return world_with(tmp_path_factory, "rules24-river", OTHER_COMPANY, company)


@pytest.fixture(scope="module")
def range_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Margaret's own firm named after the mountains."""
    own = 'company = "Hartwell & Pruitt LLP"'
    return world_with(tmp_path_factory, "rules24-range", own, 'company = "Sandia Academies"')


def test_the_river_a_company_is_named_after_is_no_wrong_name(river_world: World) -> None:
    middle = "Your clerks' volunteer clean-up of the bosque along the Rio Grande impressed me."
    assert "wrong-name" not in fired(river_world, letter(middle))


def test_the_company_named_after_the_river_still_is(river_world: World) -> None:
    middle = "I would be proud to join Rio Grande Unified and its counselling team."
    assert "wrong-name" in fired(river_world, letter(middle))


def test_a_plural_of_a_name_word_is_no_misspelling(range_world: World) -> None:
    middle = "I enjoyed the hand-painted mural of the Sandias outside the front office."
    assert "misspelling" not in fired(range_world, letter(middle))


def test_a_slip_of_the_name_word_still_is(range_world: World) -> None:
    body = f"Dear Margaret,\n\n{middle_slip()}\n\nBest regards,\nRenee\n"
    assert "misspelling" in fired(range_world, body)


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
