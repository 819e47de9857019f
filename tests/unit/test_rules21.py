"""Fixes from the rules21 pass: "single" is private only as a marital status or a drink;
offering a third person's number asks for nothing; anger of the past told as a reason is a
story; checking one's own inbox every hour is no contact; a full name before a bracket in
Title Case is an affiliation, no slot; a note to self in braces is a slot; a closing line
typed above the configured signature is no tagline; a tradesman's call to action and a
drinking motto in a signature are; "it is unacceptable that" is a verdict in anger. Each
shape has neighbours that must keep firing or stay quiet.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import fired, letter, world_with
from test_rules10 import world as world  # the module's fixture, shared

# ---- inappropriate: "single", a number offered ---------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "I found your account of the maize hybrid trials at the Njoro and Kitale sites very "
        "useful, particularly the way you weigh stability across seasons above the single "
        "best yield.",
        "Happy to pass on his number if that's useful; he is looking for contract work.",
    ],
)
def test_a_single_best_or_a_number_offered_is_not_personal(world: World, middle: str) -> None:
    assert "inappropriate" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "Could you pass on her number? I would love to take her for a drink.",
        "I've left a bottle of single malt at reception with your name on it, a little "
        "sweetener so you remember me when you're scoring.",
    ],
)
def test_asking_for_a_number_or_a_bottle_as_a_sweetener_is(world: World, middle: str) -> None:
    assert "inappropriate" in fired(world, letter(middle))


# ---- angry and pushy ------------------------------------------------------------------------------


def test_anger_of_the_past_told_as_a_reason_is_a_story(world: World) -> None:
    middle = (
        "Three outbreaks last season traced back to uninspected hives. It made me angry at "
        "the time, and it's why I'm strict about the protocol."
    )
    assert "angry" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "Your silence made me angry, and I think I deserved better.",
        "I have to say it is frankly unacceptable that three panel members could not find "
        "five minutes between them to send me a line.",
    ],
)
def test_anger_at_the_reader_still_fires(world: World, middle: str) -> None:
    assert "angry" in fired(world, letter(middle))


def test_checking_ones_own_inbox_every_hour_is_no_contact(world: World) -> None:
    middle = "I have not slept properly since the interview, and I check my email every hour."
    assert "pushy" not in fired(world, letter(middle))


def test_emailing_the_reader_every_hour_is(world: World) -> None:
    assert "pushy" in fired(world, letter("I will email every hour until you answer me."))


# ---- unfilled-placeholder --------------------------------------------------------------------------


def test_an_affiliation_after_a_full_name_is_no_slot(world: World) -> None:
    middle = (
        "As requested, my referees are Prof. Joseph Langat [Egerton University] and Beatrice "
        "Achieng [Rift Valley Farmers' Cooperative]."
    )
    assert "unfilled-placeholder" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I was especially struck by {specific moment from the visit}.",
        "I enjoyed meeting the team at [Acme Widgets] yesterday.",
        "Thanks [Sarah] for the tour.",
    ],
)
def test_a_note_to_self_or_a_bare_name_in_brackets_is_a_slot(world: World, middle: str) -> None:
    assert "unfilled-placeholder" in fired(world, letter(middle))


# ---- unprofessional-signature ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def signed_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    old = 'name = "Renee Kowalski"\n\n[[applications]]'
    new = 'name = "Renee Kowalski"\nsignature = """Renee Kowalski\n+1 312 555 0143"""\n\n[[applications]]'
    return world_with(tmp_path_factory, "rules21-signed", old, new)


def test_a_second_closing_above_the_signature_is_no_tagline(signed_world: World) -> None:
    closing = "Renee\n\nKind regards,\nRenee Kowalski\n+1 312 555 0143"
    found = fired(signed_world, letter("I would be glad to join the team.", closing=closing))
    assert "unprofessional-signature" not in found


@pytest.mark.parametrize(
    "closing",
    [
        "Best regards,\nRenee Kowalski\nRenee's Filing Help - no job too small\n"
        "www.reneefiles.example | Call now: 312 555 0143",
        "Best regards,\nRenee Kowalski\nWork hard, drink harder. Bees don't care and neither "
        "do I.\n312 555 0143",
        "Best regards,\nRenee Kowalski\nTimaru's Swarm Guy - swarm removal, wasp nests, no job "
        "too small\nwww.reneeswarms.example | Call now: 312 555 0143",
    ],
)
def test_a_call_to_action_a_motto_or_a_chatty_closing_still_is(world: World, closing: str) -> None:
    found = fired(world, letter("I would be glad to join the team.", closing=closing))
    assert "unprofessional-signature" in found
