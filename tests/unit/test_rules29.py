"""Fixes from the rules29 pass (a garments merchandiser in Dhaka, a safari guide in Arusha, a
lettings negotiator in Manchester, an aircraft mechanic in Tulsa): closings and kin titles of
South Asian and East African English, a business card ruled off below the signature, facts in
brackets, posts told to a network in other words, virtues as template talk, a side trade
listed as "Also available:". Each shape has a neighbour that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import fired, letter, signed
from test_rules10 import world as world  # the module's fixture, shared

NO_SIGN_OFF = "the message has no sign-off"


@pytest.mark.parametrize("closing", ["Thanking you,", "With regards,", "Allah Hafez,"])
def test_closings_of_other_englishes_are_sign_offs(world: World, closing: str) -> None:
    found = fired(world, letter("I look forward to hearing from you.", closing=closing))
    assert NO_SIGN_OFF not in found.get("too-casual", [])


def test_a_letter_that_just_stops_still_has_no_sign_off(world: World) -> None:
    found = fired(world, letter("I look forward to hearing from you.", closing="Regarding"))
    assert NO_SIGN_OFF in found.get("too-casual", [])


@pytest.mark.parametrize("greeting", ["Dear Apa,", "Dear Bhai,", "Dear Ndugu Margaret,"])
def test_a_kin_title_in_the_greeting_is_no_other_name(world: World, greeting: str) -> None:
    body = letter("I look forward to hearing from you.").replace("Dear Margaret,", greeting, 1)
    assert "wrong-name" not in fired(world, body)


@pytest.mark.parametrize("greeting", ["Dear Apa Lakshmi,", "Dear Kevin,"])
def test_another_name_in_the_greeting_still_is(world: World, greeting: str) -> None:
    body = letter("I look forward to hearing from you.").replace("Dear Margaret,", greeting, 1)
    assert "wrong-name" in fired(world, body)


CARD = (
    "Best regards,\nRenee Kowalski\n------------------------\nKOWALSKI PARTY RENTALS, Oak Park\n"
    "Tents and chairs for every occasion, call for rates!"
)


def test_a_business_name_ruled_off_below_the_signature_is_no_raised_voice(world: World) -> None:
    found = fired(world, letter("I look forward to hearing from you.", closing=CARD))
    assert "angry" not in found
    assert not any("shouting" in m for m in found.get("too-casual", []))
    assert "unprofessional-signature" in found  # a side business, all the same


def test_capitals_in_the_letter_are_still_shouting(world: World) -> None:
    found = fired(world, letter("I NEED TO KNOW WHERE THINGS STAND.", closing=CARD))
    assert any("shouting" in m for m in found.get("too-casual", []))


@pytest.mark.parametrize(
    "middle",
    [
        "I reviewed the discovery binders [the 2019 cases at my firm] the same way.",
        "I am free Monday [all day] and Tuesday [after 1 p.m.] for a second interview.",
    ],
)
def test_a_fact_in_brackets_is_no_slot(world: World, middle: str) -> None:
    assert "unfilled-placeholder" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle", ["I enjoyed hearing about [one more thing you discussed].", "I want the [job title]."]
)
def test_a_note_to_self_in_brackets_is_still_a_slot(world: World, middle: str) -> None:
    assert "unfilled-placeholder" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I put a short story on my Facebook page this afternoon about the panel and the office.",
        "I already told my friends on Instagram all about the tour of your office.",
    ],
)
def test_a_post_told_in_other_words_is_a_post(world: World, middle: str) -> None:
    assert "social-media" in fired(world, letter(middle))


def test_telling_ones_family_is_no_post(world: World) -> None:
    middle = "I already told my family all about the tour of your office."
    assert "social-media" not in fired(world, letter(middle))


def test_virtues_promised_are_template_talk(world: World) -> None:
    body = (
        "Dear Margaret,\n\nI would like to express my sincere gratitude for the interview held "
        "today. It was a great experience for me.\n\nI assure you that if I am given the "
        "chance, I will do my best with full honesty and sincerity.\n\nYours faithfully,\nRenee\n"
    )
    assert "generic" in fired(world, body)


def test_services_listed_as_also_available_advertise(world: World) -> None:
    found = fired(world, signed("Also available: notary visits and cheap van hire"))
    assert "unprofessional-signature" in found
