"""Fixes from the rules32 pass (a lorry driver in Birmingham, a banker in Accra, a hairdresser
in Melbourne, an aquatics supervisor in San Diego): a name inside "X of Name" is that place's,
a town followed by its state is a town, and clients who "find me" by word of mouth are no
request on a network. Each shape has a neighbour that must keep firing.

The letters run through the real engine in the world of ``test_rules10``, with the other
company a city's department (San Diego Parks and Recreation) or, from ``test_rules30``, with
Dawn Fenwick and Monique Lafayette on its panel.
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import fired, letter, with_other_company
from test_rules10 import world as world  # the module's fixture, shared
from test_rules30 import named_world as named_world  # the other panel: Fenwick, Lafayette


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("I have done plenty of deliveries out to the University of Lafayette campus.", False),
        ("Please pass my thanks to Lafayette as well.", True),
    ],
)
def test_a_name_inside_x_of_name_is_that_places(
    named_world: World, middle: str, flagged: bool
) -> None:
    assert ("wrong-name" in fired(named_world, letter(middle))) is flagged


@pytest.fixture(scope="module")
def city_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The other application is with a city's own department: San Diego Parks and Recreation."""
    return with_other_company(tmp_path_factory, "rules32-city", "San Diego Parks and Recreation")


@pytest.mark.parametrize(
    ("closing", "flagged"),
    [
        ("Best regards,\nRenee Kowalski\nParalegal\nSan Diego, CA", False),
        ("Best regards,\nRenee Kowalski\nVolunteer, San Diego Parks and Recreation", True),
    ],
)
def test_a_town_followed_by_its_state_is_a_town(
    city_world: World, closing: str, flagged: bool
) -> None:
    found = fired(city_world, letter("I look forward to hearing from you.", closing=closing))
    assert ("wrong-name" in found) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("Most of my clients find me by word of mouth these days rather than Instagram.", False),
        ("You can find me on Instagram if you would like to see my work.", True),
    ],
)
def test_clients_who_find_me_are_no_request(world: World, middle: str, flagged: bool) -> None:
    assert ("social-media" in fired(world, letter(middle))) is flagged
