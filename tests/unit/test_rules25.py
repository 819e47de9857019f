"""Fixes from the rules25 pass, false alarms on good letters written apart from the team:
"thank you for nothing less than" is praise; asking the reader to share the panel's feedback
is no post; "Mdm" is a title; a code's "$u" field is no text-speak; the interviewer's answer
given back, an introduction made or news heard that day is a detail of the conversation; a
group's frustration told of, or the writer's own anger of a year gone by, is no temper; praise
of what the interviewer described is no put-down. Each shape has a neighbour that must keep
firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import fired, letter
from test_rules10 import world as world  # the module's fixture, shared

PLAIN = "Thank you for meeting with me this morning."


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("Thank you for nothing less than the most thorough interview of my career.", False),
        ("Thank you for nothing short of a masterclass in running a panel.", False),
        ("Thank you for nothing. Three weeks and not a word.", True),
    ],
)
def test_thanks_for_nothing_less_is_praise(world: World, middle: str, flagged: bool) -> None:
    found = fired(world, letter(middle, detail="I hope the week is going well."))
    assert ("sarcastic" in found) is flagged
    assert ("missing-thanks" in found) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("I would be grateful if you could share the feedback of the panel with me.", False),
        ("Could you kindly share the feedback of the panel when it is ready?", False),
        ("I am going to post about the final interview on my feed tonight.", True),
    ],
)
def test_asking_for_the_panels_feedback_is_no_post(
    world: World, middle: str, flagged: bool
) -> None:
    assert ("social-media" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(("greeting", "flagged"), [("Mdm Sloane", False), ("Kevin", True)])
def test_mdm_is_a_title(world: World, greeting: str, flagged: bool) -> None:
    body = letter("I look forward to hearing from you.").replace("Margaret", greeting, 1)
    assert ("wrong-name" in fired(world, body)) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("Last year I cleaned up the MARC 856 $u field in our e-book records.", False),
        ("I can send u the exhibit list tomorrow if that helps.", True),
    ],
)
def test_a_codes_field_is_no_text_speak(world: World, middle: str, flagged: bool) -> None:
    assert ("too-casual" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        (
            'When I asked what the hardest part of your job is, your answer, "finding clerks '
            'who keep a clean privilege log," made me laugh.',
            False,
        ),
        (
            "I was glad to hear the litigation group pairs each new starter with an "
            "experienced mentor for the first term.",
            False,
        ),
        ("I enjoyed learning more about the role and the team.", True),
    ],
)
def test_an_answer_given_back_is_a_detail(world: World, middle: str, flagged: bool) -> None:
    assert ("generic" in fired(world, letter(middle, detail=PLAIN))) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        (
            "When you described the frustration of paralegals who are handed a new case system "
            "with no training, I recognised my own anger in 2020, when we received a new system "
            "two weeks before trial and nobody explained it to us.",
            False,
        ),
        ("I am furious that nobody has explained the decision to me, and I am sick of it.", True),
    ],
)
def test_a_groups_frustration_told_of_is_no_temper(
    world: World, middle: str, flagged: bool
) -> None:
    assert ("angry" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        (
            "Your account of the case meetings, where each paralegal brings a filing that went "
            "badly, is the kind of mentoring I believe in.",
            False,
        ),
        (
            "Your description of the review rota was something I had not seen in my current firm.",
            False,
        ),
        (
            "Frankly your panel was disorganised and amateurish, and the questions were "
            "beneath anyone with my experience.",
            True,
        ),
    ],
)
def test_praise_of_what_was_described_is_no_put_down(
    world: World, middle: str, flagged: bool
) -> None:
    assert ("disparaging" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("I need the written offer by Friday so I can hand in my notice at the firm.", False),
        ("I need the contract by the 30th to give four weeks' notice.", False),
        ("I need your answer by Friday, or I will take the other offer and walk away.", True),
    ],
)
def test_a_notice_period_is_no_pressure(world: World, middle: str, flagged: bool) -> None:
    assert ("pushy" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("You have the nicest smile I have seen all year.", True),
        ("Honestly, the prettiest eyes in Chicago are on your panel.", True),
        ("Your office has the nicest view of the river I have seen all year.", False),
    ],
)
def test_praise_of_looks_as_a_superlative(world: World, middle: str, flagged: bool) -> None:
    assert ("inappropriate" in fired(world, letter(middle))) is flagged


def test_a_notice_period_with_a_start_date_asked_for_is_still_pressure(world: World) -> None:
    middle = (
        "I think it's clear I'm the right fit for the night shift you need, so I'd like you to "
        "send me the start date and the offer letter this week so I can give notice at the clinic."
    )
    assert "pushy" in fired(world, letter(middle))
