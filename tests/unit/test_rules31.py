"""Fixes from the rules31 pass (a nurse in Lagos, a retail supervisor in Dublin, a science
teacher in Chennai, a pharmacist in Calgary): a company named in the possessive is known
without its "'s", "fit" is a remark on looks only after a verb of being or looking, and a
trade's terms or a catalogue's pitch in a signature advertise. Each shape has a neighbour
that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import fired, letter, signed, world_with
from test_rules10 import world as world  # the module's fixture, shared


@pytest.fixture(scope="module")
def possessive_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return world_with(
        tmp_path_factory,
        "rules31-world",
        'company = "Hartwell & Pruitt LLP"',
        'company = "Kilbride\'s"',
    )


def test_a_company_named_in_the_possessive_is_known_without_it(possessive_world: World) -> None:
    found = fired(possessive_world, letter("I would be glad to bring that experience to Kilbride."))
    assert "misspelling" not in found


def test_a_typo_beside_that_name_is_still_one(possessive_world: World) -> None:
    found = fired(possessive_world, letter("I look forward to recieving news from Kilbride."))
    assert "misspelling" in found


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("I enjoyed hearing how you fit intake meetings in between hearings.", False),
        ("You looked so fit at the interview, if I may say so.", True),
    ],
)
def test_fit_is_a_remark_on_looks_only_after_being_or_looking(
    world: World, middle: str, flagged: bool
) -> None:
    assert ("inappropriate" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    "tagline",
    [
        "Also selling handmade candles, Oak Park market. Pay on delivery",
        "Independent beauty consultant - ask me about this month's catalogue offers",
        "RK Law Tuitions | Admissions open, WhatsApp 312-555-0100 for fee details",
    ],
)
def test_a_trades_terms_or_a_catalogues_pitch_advertise(world: World, tagline: str) -> None:
    assert "unprofessional-signature" in fired(world, signed(tagline))


def test_a_friend_request_is_one_finding_social_medias(world: World) -> None:
    found = fired(
        world, letter("I have sent you a friend request on Facebook, hope you don't mind.")
    )
    assert "social-media" in found
    assert "inappropriate" not in found
