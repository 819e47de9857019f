"""Fixes from the rules34 pass (a tax accountant in Chicago, a physiotherapist in Bristol, a
construction project manager in Brisbane, a law clerk in Toronto), whose writers were asked for
letters bad in only one or two sentences: put-downs of the pay, the staff, the process and the
interviewer's knowledge; irony about a foreseeable mishap, a date at last and a distracted
interviewer; a date, a visit home and a game with a stake; and three good letters that warned
(a same-day thanks to the recruiter, news awaited from another interview, "tell me if this is
out of line"). Each shape has a neighbour that must keep firing (or stay quiet).

The letters run through the real engine in the world of ``test_rules10`` (Renee, a paralegal,
thanking Margaret the evening of the panel).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from corpus_runner import World
from test_rules10 import SENDER, fired, letter
from test_rules10 import world as world  # the module's fixture, shared


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("The salary is well below what any serious firm would pay for this work.", True),
        ("The salary is a little below what I earn now, and I am fine with that.", False),
        ("Honestly, it suggests the firm doesn't really value its support staff.", True),
        ("I could tell the firm values its support staff.", False),
        ("Of all the firms I have met this fall, yours has been by far the least organized.", True),
        ("It was by far the least stressful panel I have sat.", False),
        ("It might also explain why the team has had so much turnover.", True),
        ("It might also explain why the team has grown so quickly.", False),
        ("Some of your tips on privilege logs were a bit out of date.", True),
        ("My notes from that course are a bit out of date, so I will refresh them.", False),
        ("The questions felt pitched at someone fresh out of college.", True),
        ("The questions were pitched at exactly the right level.", False),
        ("I would bring a level of organization the office has been missing.", True),
        ("I would bring the same level of organization to the office.", False),
    ],
)
def test_put_downs_in_one_sentence(world: World, middle: str, flagged: bool) -> None:
    assert ("disparaging" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("Staff sickness in December - who could possibly have seen that coming?", True),
        ("Staff sickness in December is hard on everyone, and I hope the team is well.", False),
        ('"By December 15" - wow, a whole date!', True),
        ("Wow, the whole team came to say hello, which I loved.", False),
        ("I learned a great deal about multitasking while you answered your emails.", True),
        ("I learned a great deal about privilege review from your examples.", False),
        ("Thanks also for leaving me in the foyer for forty minutes past our start time.", True),
        ("Thanks also for leaving me the visitor pass at the front desk.", False),
    ],
)
def test_irony_in_one_sentence(world: World, middle: str, flagged: bool) -> None:
    assert ("sarcastic" in fired(world, letter(middle))) is flagged


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("I'd really like to take you out some time, nothing to do with the job.", True),
        ("I'd really like to take you up on the offer of a second conversation.", False),
        ("I'd be happy to come round to your place one evening to help with your back.", True),
        (
            "I'd be happy to come round to your office one morning to go through the exhibits.",
            False,
        ),
        ("How about a friendly game some weekend, and the loser buys the first round?", True),
        ("How about a short call on Thursday to go over the references?", False),
    ],
)
def test_invitations_in_other_words(world: World, middle: str, flagged: bool) -> None:
    assert ("inappropriate" in fired(world, letter(middle))) is flagged


def test_doubt_about_ones_own_request_is_no_anger(world: World) -> None:
    polite = "Also, and tell me if this is out of line, I would love to see the new archive."
    rude = "Frankly, the way the panel spoke to me was completely out of line."
    assert "angry" not in fired(world, letter(polite))
    assert "angry" in fired(world, letter(rude))


def test_news_awaited_from_another_interview_is_no_pressure(world: World) -> None:
    waiting = (
        "I'm still waiting on the outcome of another interview that I expect to hear about "
        "this week, and I'd like to decide with both options in front of me."
    )
    demand = "I expect to hear from you by Friday."
    assert "pushy" not in fired(world, letter(waiting))
    assert "pushy" in fired(world, letter(demand))


RECRUITER = "Paula Grant <paula.grant@hartwellpruitt.example>"
PERMITTED = """
  [[applications.people]]
  name = "Paula Grant"
  address = "paula.grant@hartwellpruitt.example"
  role = "permitted"
"""


def with_hartwell_person(
    tmp_path_factory: pytest.TempPathFactory, world: World, person: str, name: str
) -> World:
    """The world of ``test_rules10`` with one more ``[[applications.people]]`` block
    (``person``) on Hartwell's application."""
    config = (world.root / "config.toml").read_text("utf-8")
    marker = 'role = "interviewer"\n'
    at = config.rindex(marker, 0, config.index("[[applications]]", config.index("Hartwell")))
    root = tmp_path_factory.mktemp(name)
    end = at + len(marker)
    (root / "config.toml").write_text(config[:end] + person + config[end:], "utf-8")
    return World(root)


@pytest.fixture(scope="module")
def recruiter_world(tmp_path_factory: pytest.TempPathFactory, world: World) -> World:
    """The world of ``test_rules10`` with Paula Grant, the recruiter, on Hartwell's side."""
    return with_hartwell_person(tmp_path_factory, world, PERMITTED, "rules34-recruiter")


@pytest.mark.parametrize(
    ("body", "at", "flagged"),
    [
        # The evening of the panel: thanks for arranging it.
        (
            "Dear Paula,\n\nThank you for arranging today's panel with Margaret and Kevin, and "
            "for the clear directions.\n\nBest regards,\nRenee\n",
            "2026-11-17T18:00:00-06:00",
            False,
        ),
        # The same evening, thanks that also ask when they will decide: an inquiry.
        (
            "Dear Paula,\n\nThank you for coordinating today's panel so smoothly. I wanted to "
            "ask whether the team expects to decide before Thanksgiving.\n\nBest regards,\n"
            "Renee\n",
            "2026-11-17T18:00:00-06:00",
            True,
        ),
        # Two days on, asking for news: a status inquiry, too soon.
        (
            "Dear Paula,\n\nIs there any news on the Litigation Paralegal role yet?\n\n"
            "Best regards,\nRenee\n",
            "2026-11-19T10:00:00-06:00",
            True,
        ),
    ],
)
def test_same_day_thanks_to_the_recruiter_is_no_inquiry(
    recruiter_world: World, body: str, at: str, flagged: bool
) -> None:
    raw = f"From: {SENDER}\nTo: {RECRUITER}\nSubject: Thank you\n\n{body}"
    found = recruiter_world.messages(raw, datetime.fromisoformat(at))
    assert ("inquiry-too-soon" in found) is flagged
