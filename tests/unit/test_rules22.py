"""Fixes from the rules22 pass, false alarms on good letters: an Irish name in the vocative
("A Bhríd, a chara") is the name, not a slip of it; Afrikaans greetings and closings are a
greeting and a closing, not a name; a promise of the writer's own that names the reader ("I'll
come back to you on the offer by Friday") is no deadline; the writer's family dinner and a
date for the second round are no invitation. Each shape has neighbours that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import DETAIL, fired, letter
from test_rules10 import world as world  # the module's fixture, shared


def _body(greeting: str, closing: str = "Best regards,\nRenee") -> str:
    return f"{greeting}\n\n{DETAIL}\n\nI would be glad to join the team.\n\n{closing}\n"


def test_a_name_in_the_irish_vocative_is_no_misspelling(world: World) -> None:
    assert "misspelling" not in fired(world, _body("A Mhargaret, a chara,"))


def test_a_slip_of_the_name_still_is(world: World) -> None:
    assert "misspelling" in fired(world, _body("Dear Margeret,"))


@pytest.mark.parametrize(
    ("greeting", "closing"),
    [
        ("Goeie môre Margaret,", "Groete,\nRenee"),
        ("Goeiemiddag Margaret,", "Met vriendelike groete,\nRenee"),
    ],
)
def test_afrikaans_greetings_and_closings_are_no_names(
    world: World, greeting: str, closing: str
) -> None:
    found = fired(world, _body(greeting, closing))
    assert "wrong-name" not in found
    assert "too-casual" not in found


@pytest.mark.parametrize(
    "middle",
    [
        "I'll come back to you on the offer itself by Friday.",
        "We will get back to you with our start date by Monday.",
    ],
)
def test_a_promise_that_names_the_reader_is_not_pushy(world: World, middle: str) -> None:
    assert "pushy" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I'll need your answer on the offer by Friday.",
        "I will expect a decision from you by Monday at the latest.",
    ],
)
def test_a_deadline_on_the_reader_is_still_pushy(world: World, middle: str) -> None:
    assert "pushy" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I now know more about bates numbering than my family would like to hear about at "
        "dinner tonight.",
        "Has the panel settled on a date for the second round yet?",
    ],
)
def test_a_family_dinner_or_a_calendar_date_is_no_invitation(world: World, middle: str) -> None:
    assert "inappropriate" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    ["Are you free for dinner tonight? I know a quiet place.", "Would you go on a date with me?"],
)
def test_an_invitation_still_is(world: World, middle: str) -> None:
    assert "inappropriate" in fired(world, letter(middle))
