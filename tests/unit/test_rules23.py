"""Fixes from the rules23 pass: "single" after "you're newly" is still a marital status; "give
you a ring" is a phone call, not jewellery; a phone footer with an apology for typos is a plain
signature line; something seen that "showed me how" the team works is a detail of the
interview for `generic`. Each shape has neighbours that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import fired, letter
from test_rules10 import world as world  # the module's fixture, shared


def test_newly_single_is_still_private(world: World) -> None:
    middle = (
        "You mentioned you're newly single and new to Chicago; I'd be happy to show you a few "
        "good spots around the river some evening if you'd like the company."
    )
    assert "inappropriate" in fired(world, letter(middle))


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        (
            "I'll give you a ring tomorrow morning and again Monday if I haven't caught you, "
            "just so we can lock this in.",
            False,
        ),
        ("You'd look lovely with a ring on that finger.", True),
    ],
)
def test_a_ring_is_a_call_unless_it_is_jewellery(world: World, middle: str, flagged: bool) -> None:
    assert ("inappropriate" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("footer", "flagged"),
    [
        ("Sent from the road - apologies for any typos", False),
        ("Sent from my phone. Please excuse the brevity", False),
        ("Sent from my phone lol, too busy living my best life", True),
    ],
)
def test_a_phone_footer_with_an_apology_is_plain(world: World, footer: str, flagged: bool) -> None:
    closing = f"Cheers,\n\nRenee Kowalski\n312 555 0143\n{footer}"
    found = fired(world, letter("I would be glad to join the team.", closing=closing))
    assert ("unprofessional-signature" in found) is flagged


def test_something_seen_that_showed_me_how_is_a_detail(world: World) -> None:
    body = (
        "Dear Margaret,\n\nThank you for yesterday's panel and for the tour of the office "
        "afterwards. The members' exercise class, led by volunteers, showed me how much the "
        "members run the place themselves.\n\nI hope to hear from you.\n\nBest regards,\nRenee\n"
    )
    assert "generic" not in fired(world, body)


def test_a_template_thank_you_is_still_generic(world: World) -> None:
    body = (
        "Dear Margaret,\n\nThank you for taking the time to meet with me. I enjoyed learning "
        "more about the role and the team.\n\nBest regards,\nRenee\n"
    )
    assert "generic" in fired(world, body)
