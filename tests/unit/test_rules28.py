"""Fixes from the rules28 pass: a slot alone on the greeting line ("<Hiring Manager>,") is
an unfilled greeting, not a letter without one; a town one is "new to" is a place, not the
company named after it. Each shape has a neighbour that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP), and in
``test_rules27``'s, where the other company is named after a town.
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import fired, letter
from test_rules10 import world as world  # the module's fixture, shared
from test_rules27 import town_world as town_world  # the other company named after a town


@pytest.mark.parametrize("greeting", ["<Hiring Manager>,", "[Name],"])
def test_a_slot_on_the_greeting_line_is_an_unfilled_greeting(world: World, greeting: str) -> None:
    body = letter("I look forward to hearing from you.").replace("Dear Margaret,", greeting, 1)
    found = fired(world, body)
    assert "unfilled-placeholder" in found
    assert not any("no greeting" in m for m in found.get("too-casual", []))


def test_a_letter_with_no_greeting_line_still_has_none(world: World) -> None:
    body = letter("I look forward to hearing from you.").replace("Dear Margaret,\n\n", "", 1)
    assert any("no greeting" in m for m in fired(world, body).get("too-casual", []))


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("Since you are new to Evanston, I can recommend a good coffee place.", False),
        ("I would be just as glad to join Evanston Metro and its housing team.", True),
    ],
)
def test_a_town_one_is_new_to_is_a_place(town_world: World, middle: str, flagged: bool) -> None:
    assert ("wrong-name" in fired(town_world, letter(middle))) is flagged
