"""Fixes from the rules30 pass (a nursing assistant in Baton Rouge, a scaffolder in Newcastle,
an accounts executive in Colombo, a security supervisor in Johannesburg): a plan reported is
no demand, a report one was told of is no threat, a town driven in from and a shop's front
are places, a colleague named beside the reader is a person, the interviewer's candour
recalled is a detail, an offer of papers is template talk, and adverts' hooks, pitched
prices and slang taglines in a signature. Each shape has a neighbour that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP), and in that world
with two people on the other application named like a town and a shop.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_runner import World
from test_rules10 import CONFIG, fired, letter, signed
from test_rules10 import world as world  # the module's fixture, shared


@pytest.fixture(scope="module")
def named_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """Crossdock Logistics' interviewers are Dawn Fenwick and Monique Lafayette."""
    people = "".join(
        f'\n  [[applications.people]]\n  name = "{name}"\n'
        f'  address = "{name.split()[0].lower()}@crossdock.example"\n  role = "interviewer"\n'
        for name in ("Dawn Fenwick", "Monique Lafayette")
    )
    root: Path = tmp_path_factory.mktemp("rules30-world")
    (root / "config.toml").write_text(CONFIG + people, "utf-8")
    return World(root)


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("I know the panel was due to decide today, so I thought I would check in.", False),
        ("Please decide today; I cannot wait any longer.", True),
    ],
)
def test_a_plan_reported_is_no_demand(world: World, middle: str, flagged: bool) -> None:
    assert ("pushy" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("I have read the broker's market report you mentioned.", False),
        ("If this goes on I will report you to the bar association.", True),
    ],
)
def test_a_report_one_was_told_of_is_no_threat(world: World, middle: str, flagged: bool) -> None:
    assert ("angry" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("I will be driving in from Lafayette until my lease ends in March.", False),
        ("We once fitted shelving at the front of Fenwick on State Street.", False),
        ("Going through the exhibits with you and Dawn was really useful.", True),
        ("Please pass my thanks to Lafayette as well.", True),
    ],
)
def test_places_and_people_named_like_the_other_panel(
    named_world: World, middle: str, flagged: bool
) -> None:
    assert ("wrong-name" in fired(named_world, letter(middle))) is flagged


def test_the_interviewers_candour_recalled_is_a_detail(world: World) -> None:
    body = (
        "Dear Margaret,\n\nThank you for the time you gave me today and for being so honest "
        "about how busy the floor gets.\n\nBest regards,\nRenee\n"
    )
    assert "generic" not in fired(world, body)


def test_an_offer_of_papers_is_template_talk(world: World) -> None:
    body = (
        "Dear Interviewer,\n\nThank you for the time you spent with me today. I found our "
        "conversation interesting.\n\nShould you require references or certificates, I will "
        "gladly send them.\n\nKind regards,\nRenee\n"
    )
    assert "generic" in fired(world, body)


@pytest.mark.parametrize(
    "tagline",
    [
        "Need a hand with your tax return? Ring 312-555-0100 any evening",
        "Notary services, mates' rates, WhatsApp 312-555-0100",
        "Team No Sleep | Fightin' fires and savin' lives",
    ],
)
def test_an_advert_hook_a_pitched_price_or_a_slang_tagline(world: World, tagline: str) -> None:
    assert "unprofessional-signature" in fired(world, signed(tagline))


def test_a_plain_signature_stays_quiet(world: World) -> None:
    closing = "Best regards,\nRenee Kowalski\nLitigation Paralegal (ACP)\n312-555-0100"
    found = fired(world, letter("Are you free to talk next week?", closing=closing))
    assert "unprofessional-signature" not in found
