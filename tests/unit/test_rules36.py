"""Fixes from the rules36 pass (a licensed electrician in Toronto, a chartered accountant in
Johannesburg, a dental hygienist in Auckland, a retail store manager in Chicago): the agency
recruiter's same-day courtesy note, a reply whose subject the writer lengthened, another
company named when declining for it, a talking point's one-letter word, stock praise, and
credentials after the name in a signature. Each shape has a neighbour that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from corpus_runner import World
from followup_guard.record.history import History
from test_rules10 import SENDER, fired, letter, world_with
from test_rules10 import world as world  # the module's fixture, shared
from test_rules34 import with_hartwell_person

AGENCY = """
  [[applications.people]]
  name = "Paula Grant"
  address = "paula.grant@talentfirst.example"
  role = "permitted"
"""
RECRUITER = "Paula Grant <paula.grant@talentfirst.example>"


@pytest.fixture(scope="module")
def agency_world(tmp_path_factory: pytest.TempPathFactory, world: World) -> World:
    """Renee's world with Paula Grant, a recruiter at an agency (not Hartwell's domain)."""
    return with_hartwell_person(tmp_path_factory, world, AGENCY, "rules36-agency")


@pytest.mark.parametrize(
    ("body", "at", "flagged"),
    [
        # The evening of the panel: thanks to the agency recruiter for the preparation.
        (
            "Hi Paula,\n\nThank you for setting up today's panel and for the prep call on "
            "Friday. I will let you know if I hear anything from them directly.\n\n"
            "Kind regards,\nRenee\n",
            "2026-11-17T18:00:00-06:00",
            False,
        ),
        # The same evening, thanks that also ask when they will decide: an inquiry.
        (
            "Hi Paula,\n\nThank you for coordinating today's panel. Do you know whether the "
            "team expects to decide before Thanksgiving?\n\nKind regards,\nRenee\n",
            "2026-11-17T18:00:00-06:00",
            True,
        ),
        # Two days on, asking for news: too soon.
        (
            "Hi Paula,\n\nIs there any news on the Litigation Paralegal role yet?\n\n"
            "Kind regards,\nRenee\n",
            "2026-11-19T10:00:00-06:00",
            True,
        ),
    ],
)
def test_same_day_thanks_to_an_agency_recruiter_is_no_inquiry(
    agency_world: World, body: str, at: str, flagged: bool
) -> None:
    raw = f"From: {SENDER}\nTo: {RECRUITER}\nSubject: Thank you\n\n{body}"
    found = agency_world.messages(raw, datetime.fromisoformat(at))
    assert ("inquiry-too-soon" in found) is flagged


INVITED = datetime.fromisoformat("2026-12-01T10:05:00+02:00")
LATER = datetime.fromisoformat("2026-12-03T07:45:00+02:00")
LERATO = "lerato.mahlangu@kopanang.example"


@pytest.mark.parametrize(
    ("subject", "answers"),
    [
        ("RE: Final interview with our CFO", True),
        ("RE: Final interview with our CFO - change of time", True),
        ("Re: Final interview with our CFO: a question", True),
        ("Re: Final interview with our CFO (rescheduling)", True),
        # Not a reply: no prefix, or another subject that merely starts the same way.
        ("Final interview with our CFO - change of time", False),
        ("RE: Final interview with our CFOs", False),
        ("RE: Final interview", False),
    ],
)
def test_a_lengthened_reply_subject_still_answers(subject: str, answers: bool) -> None:
    history = History(
        "kop", by_subject={"final interview with our cfo": [(INVITED, frozenset({LERATO}))]}
    )
    assert history.answers_by_subject(subject, [LERATO], LATER) is answers
    assert not history.answers_by_subject(subject, ["someone@else.example"], LATER)


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("After a lot of thought I have accepted a position with Crossdock Logistics.", False),
        ("I have decided to join Crossdock Logistics, so I must withdraw.", False),
        ("I am excited about the chance to join Crossdock Logistics.", True),
        ("I would love to bring my experience to Crossdock Logistics.", True),
    ],
)
def test_another_company_named_when_declining_for_it(
    world: World, middle: str, flagged: bool
) -> None:
    assert ("wrong-name" in fired(world, letter(middle))) is flagged


@pytest.fixture(scope="module")
def sap_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return world_with(
        tmp_path_factory,
        "rules36-sap",
        'talking_points = ["behaviour support plans", "bates numbering"]',
        'talking_points = ["SAP S/4HANA migration", "month-end close"]',
    )


TEMPLATE = (
    "Good afternoon,\n\nMany thanks for the interview this morning. It was great to meet you and "
    "to hear about the company's vision for the future.\n\nI am very excited about this "
    "opportunity.\n\nRegards,\nRenee\n"
)


def test_a_one_letter_word_of_a_talking_point_is_no_detail(sap_world: World) -> None:
    assert "generic" in fired(sap_world, TEMPLATE)


def test_the_talking_point_itself_still_is(sap_world: World) -> None:
    body = TEMPLATE.replace("the company's vision for the future", "the S/4HANA migration plan")
    assert "generic" not in fired(sap_world, body)


@pytest.mark.parametrize(
    ("praise", "flagged"),
    [
        ("Your firm seems a fantastic place to work, with a real focus on quality.", True),
        ("Your firm seems a fantastic place to work, with its focus on e-discovery audits.", False),
    ],
)
def test_stock_praise_is_no_detail(world: World, praise: str, flagged: bool) -> None:
    body = (
        f"Dear Margaret,\n\nThanks so much for the chat today. {praise}\n\nBest regards,\nRenee\n"
    )
    assert ("generic" in fired(world, body)) is flagged


PITCH = "Independent Distributor, VitaGlow Wellness\nAsk me about the business opportunity!"


@pytest.mark.parametrize(
    "name_line", ["Renee Kowalski CP(NALA)", "Renee Kowalski, CP", "Renee Kowalski"]
)
def test_credentials_after_the_name_keep_it_the_name_line(world: World, name_line: str) -> None:
    body = letter(
        "I look forward to hearing from you.", closing=f"Best regards,\n{name_line}\n{PITCH}"
    )
    assert "unprofessional-signature" in fired(world, body)


def test_credentials_and_a_title_are_a_proper_signature(world: World) -> None:
    body = letter(
        "I look forward to hearing from you.",
        closing="Best regards,\nRenee Kowalski CP(NALA)\nLitigation Paralegal\n+1 312 555 0142",
    )
    assert "unprofessional-signature" not in fired(world, body)
