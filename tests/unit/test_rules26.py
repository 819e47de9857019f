"""Fixes from the rules26 pass, false alarms on good letters written apart from the team: news
the writer must pass on by a day ("I need to let my supervisor know by Wednesday") is no
deadline set on the reader; an invitation put as a question ("Why don't you come with us?")
is not the reproach "why don't you ...", though it may well be too personal. Each shape has a
neighbour that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import fired, letter
from test_rules10 import world as world  # the module's fixture, shared


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        (
            "Thursday or Friday would suit best. I need to let my supervisor know by Wednesday "
            "that I'll be out of the office.",
            False,
        ),
        ("I need to know by Wednesday what the panel has decided.", True),
    ],
)
def test_news_passed_on_is_no_deadline(world: World, middle: str, flagged: bool) -> None:
    assert ("pushy" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("middle", "angry"),
    [
        (
            "My brother has two spare tickets for Saturday's game. Why don't you come with me?",
            False,
        ),
        ("Why don't you just admit you never read my application?", True),
    ],
)
def test_an_invitation_as_a_question_is_no_reproach(world: World, middle: str, angry: bool) -> None:
    found = fired(world, letter(middle))
    assert ("angry" in found) is angry
