"""Fixes from the rules27 pass, false alarms on good letters written apart from the team:
"Mōrena" (good morning) is a greeting, not a name; a town left behind after a verb of moving
("relocating from Cebu to Metro Manila") is a place, not another company named after it; the
"there" of "if there's any news" is no network named in the sentence before. Each shape has a
neighbour that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP), and in one where
the other company is named after a town.
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import fired, letter, with_other_company
from test_rules10 import world as world  # the module's fixture, shared


@pytest.fixture(scope="module")
def town_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return with_other_company(tmp_path_factory, "rules27-town", "Evanston Metro Legal Aid")


@pytest.mark.parametrize(
    ("greeting", "flagged"),
    [("Morena Margaret", False), ("Mōrena Margaret", False), ("Dear Kevin", True)],
)
def test_morena_is_a_greeting(world: World, greeting: str, flagged: bool) -> None:
    body = letter("I look forward to hearing from you.").replace("Dear Margaret", greeting, 1)
    assert ("wrong-name" in fired(world, body)) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        (
            "The cost of relocating from Evanston to the city is why I asked about the package.",
            False,
        ),
        ("I would be just as glad to join Evanston Metro and its housing team.", True),
    ],
)
def test_a_town_left_behind_is_a_place(town_world: World, middle: str, flagged: bool) -> None:
    assert ("wrong-name" in fired(town_world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        (
            "The family law clinic you mentioned is on Facebook, I believe. I'm also writing to "
            "ask if there's any news on the role after my panel.",
            False,
        ),
        (
            "Are you on Instagram? I posted about the panel there last night.",
            True,
        ),
    ],
)
def test_the_there_of_theres_news_is_no_network(world: World, middle: str, flagged: bool) -> None:
    assert ("social-media" in fired(world, letter(middle))) is flagged
