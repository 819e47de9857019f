"""Fixes from the rules4 and rules5 tuning passes (tests/tuning scot-joiner, us-warehouse,
sg-nurse; ke-itsupport, us-socialwork, wal-hospitality): wrong-name, generic, social-media,
unprofessional-signature, and greetings and lines in other languages.

Every test runs the real engine (``check_message``) against a small world of its own, written
to a temporary folder: Ross Gallacher, a joiner in Glasgow, with an open application at
Thistle Homes (interview on Tue 17 Nov 2026), an open one at Kelvin Valley Council and a
rejected one at Merchant City Interiors.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import World

CONFIG = """
[general]
timezone = "Europe/London"

[user]
name = "Ross Gallacher"

[[identities]]
address = "ross.gallacher@example.com"
name = "Ross Gallacher"

[[applications]]
id = "thistle"
company = "Thistle Homes"
role = "Site Joiner"
domains = ["thistlehomes.example"]
status = "active"
talking_points = ["timber frame", "safety walks"]

  [[applications.rounds]]
  name = "site interview"
  start = "2026-11-17T10:00"
  end = "2026-11-17T11:30"
  timezone = "Europe/London"

  [[applications.people]]
  name = "Fiona Baxter"
  address = "fiona.baxter@thistlehomes.example"
  role = "interviewer"

  [[applications.people]]
  name = "Craig Munro"
  address = "craig.munro@thistlehomes.example"
  role = "interviewer"

  [[applications.people]]
  name = "Shona Reid"
  address = "shona.reid@thistlehomes.example"
  role = "permitted"

[[applications]]
id = "council"
company = "Kelvin Valley Council"
role = "Maintenance Joiner"
domains = ["kelvinvalley-council.example"]
status = "active"

  [[applications.rounds]]
  name = "panel"
  start = "2026-11-19T10:00"
  end = "2026-11-19T11:00"
  timezone = "Europe/London"

  [[applications.people]]
  name = "Derek Lennox"
  address = "derek.lennox@kelvinvalley-council.example"
  role = "interviewer"

[[applications]]
id = "rannoch"
company = "Rannoch Homes"
role = "Joiner"
domains = ["rannochhomes.example"]
status = "active"

  [[applications.people]]
  name = "Grace Lyall"
  address = "grace.lyall@rannochhomes.example"
  role = "interviewer"

[[applications]]
id = "merchant"
company = "Merchant City Interiors"
role = "Shopfitter"
domains = ["merchantcityinteriors.example"]
status = "rejected"

  [[applications.rounds]]
  name = "workshop interview"
  start = "2026-11-05T10:00"
  end = "2026-11-05T11:00"
  timezone = "Europe/London"

  [[applications.people]]
  name = "Gordon Kerr"
  address = "gordon.kerr@merchantcityinteriors.example"
  role = "interviewer"
"""

FIONA = "Fiona Baxter <fiona.baxter@thistlehomes.example>"
SHONA = "Shona Reid <shona.reid@thistlehomes.example>"
SENDER = "Ross Gallacher <ross.gallacher@example.com>"
AT = "2026-11-17T18:00:00+00:00"  # the evening of Thistle's interview
DETAIL = "Thank you for the site interview and for showing me the timber frame kits on plot 4."


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root: Path = tmp_path_factory.mktemp("rules4-world")
    (root / "config.toml").write_text(CONFIG, "utf-8")
    return World(root)


def fired(
    world: World, body: str, *, to: str = FIONA, subject: str = "Thank you"
) -> dict[str, list[str]]:
    """Rule id -> finding messages for a letter from Ross to ``to``."""
    raw = f"From: {SENDER}\nTo: {to}\nSubject: {subject}\n\n{body}"
    return world.messages(raw, datetime.fromisoformat(AT))


def letter(middle: str, closing: str = "Kind regards,\nRoss Gallacher") -> str:
    return f"Dear Fiona,\n\n{DETAIL}\n\n{middle}\n\n{closing}\n"


# ---- wrong-name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "Working for Kelvin Valley Council would be a great next step for me.",
        "I would love working for Kelvin Valley Council.",
    ],
)
def test_wrong_name_sees_a_wish_left_over_from_another_letter(world: World, middle: str) -> None:
    assert "wrong-name" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I am currently working for Kelvin Valley Council on a short contract.",
        "I'm working with Kelvin Valley Council until the end of the month.",
        # A place that shares the first words of a tracked company's name.
        "Last year I overhauled sash windows in a tenement in the Merchant City.",
    ],
)
def test_wrong_name_leaves_a_present_employer_and_a_place(world: World, middle: str) -> None:
    assert "wrong-name" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "As I mentioned to Grace on the phone, I can start in January.",
        "Please pass my thanks to Grace as well.",
    ],
)
def test_wrong_name_sees_a_common_word_name_spoken_to(world: World, middle: str) -> None:
    assert "wrong-name" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        # rules6: "customer" names this job's work here, not a client of my employer.
        "I would love to lead the customer care team at Kelvin Valley Council.",
        "My customer service record would serve the team at Kelvin Valley Council well.",
    ],
)
def test_wrong_name_sees_another_company_beside_customer_words(world: World, middle: str) -> None:
    assert "wrong-name" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "My old foreman's motto was Grace under Pressure.",
        "I spent the weekend walking on Rannoch Moor.",  # a place named by the same word
        "Our biggest customer, Kelvin Valley Council, renewed the contract.",
        "I am back in Lyall by Sunday evening.",  # a town sharing a surname
        "I can drive up to Lyall for the site induction.",
    ],
)
def test_wrong_name_leaves_a_common_word_and_a_place_of_the_same_name(
    world: World, middle: str
) -> None:
    assert "wrong-name" not in fired(world, letter(middle))


def test_wrong_name_reads_a_new_subject(world: World) -> None:
    subject = "Thank you - Maintenance Joiner interview at Kelvin Valley Council"
    (message,) = fired(world, letter("I hope to hear from you."), subject=subject)["wrong-name"]
    assert "the subject names Kelvin Valley Council" in message
    assert "this letter is for Thistle Homes" in message


@pytest.mark.parametrize(
    "subject",
    [
        "Re: Your interview at Kelvin Valley Council",  # a reply keeps the subject it got
        "Offer from Kelvin Valley Council - timeline question",  # a deliberate mention
    ],
)
def test_wrong_name_leaves_reply_subjects_and_deliberate_mentions(
    world: World, subject: str
) -> None:
    assert "wrong-name" not in fired(world, letter("I hope to hear from you."), subject=subject)


# ---- generic ------------------------------------------------------------------------------

TEMPLATE = (
    "Dear Hiring Manager,\n\nPlease accept my sincere thanks for interviewing me today.\n\n"
    "{middle}\n\nI look forward to hearing from you.\n\nYours sincerely,\nRoss Gallacher\n"
)


@pytest.mark.parametrize(
    "middle",
    [
        "I bring over ten years of experience in the trade.",  # a number word is no detail
        # "safety" alone is not the talking point "safety walks": every letter of the trade
        # has it.
        "I have always put safety first and I would be proud to join your team.",
        # A recall cue with nothing of the interview after it, or the letter's own business.
        "As you mentioned, the role would suit my experience.",
        "Please let me know how you would like to arrange the next step.",
        # Two adjacent words of the commonest kind are CV talk, not a detail.
        "I take real pleasure in treating every person with respect.",
    ],
)
def test_generic_sees_cv_boilerplate_and_everyday_words_of_a_talking_point(
    world: World, middle: str
) -> None:
    assert "generic" in fired(world, TEMPLATE.format(middle=middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I will read the HSE's guidance on working at height before I start.",  # an acronym
        "I enjoyed the safety walks you run on a Monday.",  # the talking point itself
        # A moment of the interview recalled in everyday words.
        "I liked the way you plan each job around the weather.",
        "I liked hearing how you keep the same crew on one site from start to finish.",
        # One less common word makes the pair a thing of this site.
        "I enjoyed seeing the scaffold inspection board at the gate.",
    ],
)
def test_generic_keeps_an_acronym_a_whole_talking_point_and_a_recalled_moment(
    world: World, middle: str
) -> None:
    assert "generic" not in fired(world, TEMPLATE.format(middle=middle))


# ---- social-media -------------------------------------------------------------------------


def test_social_media_sees_a_follow_beside_reading_their_page(world: World) -> None:
    middle = "I came across your Instagram account of site tips and have just followed you."
    assert "social-media" in fired(world, letter(middle))


def test_social_media_sees_a_linkedin_request_passed_on_to_interviewers(world: World) -> None:
    body = (
        "Dear Shona,\n\nCould you kindly pass my LinkedIn connection request on to Fiona and "
        "Craig? I could not find their profiles.\n\nKind regards,\nRoss Gallacher\n"
    )
    assert "social-media" in fired(world, body, to=SHONA, subject="Site Joiner post")


def test_social_media_leaves_a_linkedin_request_to_the_recruiter(world: World) -> None:
    body = (
        "Dear Shona,\n\nThank you for offering to connect; I have sent you a LinkedIn "
        "connection request.\n\nKind regards,\nRoss Gallacher\n"
    )
    assert "social-media" not in fired(world, body, to=SHONA, subject="Site Joiner post")


def test_social_media_sees_a_few_photos_put_up(world: World) -> None:
    middle = "P.S. I put a few photos from the site visit up on Facebook last night."
    assert "social-media" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        # rules6: groups on a network, a short video of the day, photos going up.
        "If there's a crew WhatsApp group, I'd be happy to be added.",
        "I run a Facebook group for site joiners. I would be happy to add you.",
        "I put together a short TikTok about the day, no names.",
        "I'll be putting a couple of photos from the yard up on my Insta tonight.",
    ],
)
def test_social_media_sees_groups_videos_and_photos(world: World, middle: str) -> None:
    assert "social-media" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I first saw the role shared in a joiners' group on Facebook.",
        "Is there an update on the process yet?",
        "Could you share any news on the process before Christmas?",
    ],
)
def test_social_media_leaves_asking_for_news(world: World, middle: str) -> None:
    assert "social-media" not in fired(world, letter(middle))


# ---- unprofessional-signature -------------------------------------------------------------


@pytest.mark.parametrize(
    "closing",
    [
        "Kind regards,\nRoss Gallacher\nOwner, Gallacher Pressure Washing\nFree estimates",
        "Kind regards,\nRoss Gallacher\nBrisket by the pound - order online at rossbbq.example",
        "Kind regards,\nRoss Gallacher\nFreelance make-up artist - now taking 2027 wedding "
        "bookings, call 07700 900123",
        # A motto of two sentences: the second one's capital names nothing.
        "Kind regards,\nRoss Gallacher\nSite Joiner\nSleep is for the weak. Night shift forever.",
        # rules5: what fuels you, a call to book, a second venture, a jokey title.
        "Kind regards,\nRoss Gallacher\nSite Joiner | Fuelled by bacon rolls",
        "Kind regards,\nRoss Gallacher\n07700 900123\nGallacher Kitchens - book now at "
        "gallacherkitchens.example",
        "Kind regards,\nRoss Gallacher\nAlso running Clyde Bike Hire, Partick",
        "Kind regards,\nRoss Gallacher\nSite Joiner | Chaos Coordinator",
        # rules6: a business named after you, a trade in your time off, a motto below a
        # name line that carries the phone number.
        "Kind regards,\nRoss Gallacher\nSite Joiner\nKitchen fitting on my weekends - 07700 900123",
        "Kind regards,\nRoss Gallacher\nSite Joiner\nRates on request: ross@example.com",
        "Kind regards,\nRoss Gallacher | 07700 900123\nMeasure twice, cut once",
    ],
)
def test_signature_sees_adverts_and_two_sentence_mottos(world: World, closing: str) -> None:
    assert "unprofessional-signature" in fired(world, letter("I hope to hear soon.", closing))


@pytest.mark.parametrize(
    "closing",
    [
        "Kind regards,\nRoss Gallacher\nTime-served joiner. CSCS Blue Card.",
        "Kind regards,\nRoss Gallacher\nMember of the Guild of Master Craftsmen\n07700 900123",
        "Kind regards,\nRoss Gallacher\nSite Joiner, Powerhouse Construction Ltd",
        "Kind regards,\nRoss Gallacher\nSite Joiner\nVolunteer, Mountain Rescue - Arrochar Team",
    ],
)
def test_signature_leaves_plain_two_sentence_lines(world: World, closing: str) -> None:
    assert "unprofessional-signature" not in fired(world, letter("I hope to hear soon.", closing))


# ---- other languages (rules5: greetings, closings and lines in Welsh, Swahili, Spanish) ------


@pytest.mark.parametrize(
    "greeting", ["Shwmae Fiona,", "Annwyl Fiona,", "Habari Fiona,", "Hola Fiona,"]
)
def test_a_greeting_in_another_language_names_the_recipient(world: World, greeting: str) -> None:
    body = f"{greeting}\n\n{DETAIL}\n\nKind regards,\nRoss Gallacher\n"
    assert "wrong-name" not in fired(world, body)


@pytest.mark.parametrize(
    "middle",
    [
        "Diolch yn fawr iawn am eich amser heddiw.",  # a Welsh sentence of thanks
        "Asante sana for the tour of the yard.",
    ],
)
def test_a_line_in_another_language_is_not_spell_checked(world: World, middle: str) -> None:
    assert "misspelling" not in fired(world, letter(middle, "Diolch o galon,\nRoss Gallacher"))


def test_a_typo_among_english_words_is_still_found(world: World) -> None:
    found = fired(world, letter("I would be glad to recieve the drawings before Monday."))
    assert any("'recieve'" in m for m in found.get("misspelling", []))


# ---- a threat, and the noun "report" (rules6) -------------------------------------------------


def test_angry_reads_a_threat_to_report_but_not_a_report_you_run(world: World) -> None:
    assert "angry" in fired(world, letter("If I hear nothing by Friday I will report you."))
    noun = "I liked the daily ageing report you now run against the backlog."
    assert "angry" not in fired(world, letter(noun))


def test_a_name_line_is_mostly_the_name() -> None:
    from followup_guard.checks.rules.unprofessional_signature import _name_line

    names = frozenset({"jake", "whitmore"})
    assert _name_line("Jake Whitmore | 0491 570 156", names)
    assert _name_line("Jake Whitmore, Haul Truck Operator", names)
    # A business named after you is a line of its own to judge.
    assert not _name_line("Whitmore Earthmoving - bobcat and tipper hire on my weeks off", names)


def test_a_compound_nouns_plural_is_no_typo(world: World) -> None:
    assert "misspelling" not in fired(world, letter("Thanks for the feedback on my run-throughs."))
    found = fired(world, letter("I recieved your feedback on my run-throughs."))["misspelling"]
    assert any("'recieved'" in m for m in found) and not any("throughs" in m for m in found)
