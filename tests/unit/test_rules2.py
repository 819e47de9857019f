"""Fixes from the rules2 tuning pass (tests/tuning ie-pharmacy, us-trucking, uk-accounts):
wrong-name, unprofessional-signature, social-media and generic on letters in Irish, British,
Australian and American usage.

Every test runs the real engine (``check_message``) against a small world of its own, written
to a temporary folder: Sam Taylor, a dental nurse, with an open application at Riverside Dental
(thank-you notes due on Tue 17 Nov 2026), an open one at Harbour Light Logistics and a rejected
one at Meadow Foods.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import World
from followup_guard.checks.letter import _layout

CONFIG = """
[general]
timezone = "Europe/London"

[user]
name = "Sam Taylor"

[[identities]]
address = "sam.taylor@example.co.uk"
name = "Sam Taylor"
signature = "Sam Taylor"

[[references]]
name = "Joan Pryce"
address = "joan.pryce@example.net"

[[applications]]
id = "riverside"
company = "Riverside Dental Practice"
role = "Dental Nurse"
domains = ["riversidedental.example"]
status = "active"
talking_points = ["sedation clinic", "decontamination room", "nursing rota"]

  [[applications.rounds]]
  name = "interview"
  start = "2026-11-17T10:00"
  end = "2026-11-17T11:00"
  timezone = "Europe/London"

  [[applications.people]]
  name = "Nora Quinlan"
  address = "nora.quinlan@riversidedental.example"
  role = "interviewer"

  [[applications.people]]
  name = "Peter Vance"
  address = "peter.vance@riversidedental.example"
  role = "interviewer"

[[applications]]
id = "harbour"
company = "Harbour Light Logistics"
role = "Transport Administrator"
domains = ["harbourlight.example"]
status = "active"

  [[applications.rounds]]
  name = "interview"
  start = "2026-11-18T10:00"
  end = "2026-11-18T11:00"
  timezone = "Europe/London"

  [[applications.people]]
  name = "Tonya Briggs"
  address = "tonya.briggs@harbourlight.example"
  role = "interviewer"

  [[applications.people]]
  name = "Wesley Young"
  address = "wesley.young@harbourlight.example"
  role = "interviewer"

  [[applications.people]]
  name = "Patrick Doyle"
  address = "patrick.doyle@harbourlight.example"
  role = "interviewer"

[[applications]]
id = "meadow"
company = "Meadow Foods Ltd"
role = "Office Assistant"
domains = ["meadowfoods.example"]
status = "rejected"

  [[applications.rounds]]
  name = "interview"
  start = "2026-11-03T10:00"
  end = "2026-11-03T11:00"
  timezone = "Europe/London"

  [[applications.people]]
  name = "Karen Ebbs"
  address = "karen.ebbs@meadowfoods.example"
  role = "interviewer"
"""

NORA = "Nora Quinlan <nora.quinlan@riversidedental.example>"
AT = "2026-11-17T17:00:00+00:00"  # the evening of Riverside's interview


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root: Path = tmp_path_factory.mktemp("rules2-world")
    (root / "config.toml").write_text(CONFIG, "utf-8")
    return World(root)


def fired(world: World, body: str, *, to: str = NORA, at: str = AT) -> dict[str, list[str]]:
    """Rule id -> finding messages for a letter from Sam to ``to``."""
    raw = f"From: Sam Taylor <sam.taylor@example.co.uk>\nTo: {to}\nSubject: Thank you\n\n{body}"
    return world.messages(raw, datetime.fromisoformat(at))


def letter(middle: str, closing: str = "Kind regards,\nSam Taylor") -> str:
    return (
        "Dear Nora,\n\nThank you for this morning's interview and for showing me the "
        f"sedation clinic.\n\n{middle}\n\n{closing}\n"
    )


# ---- wrong-name ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "I would be proud to join Harbour Light and help the team grow.",  # leading words
        "I enjoyed my interview at Meadow this morning just as much.",  # short name, a cue
        "Please pass my thanks to Tonya as well.",  # a first name that is mostly a name
        "I look forward to meeting Mr Young again.",  # a common word after a title
    ],
)
def test_wrong_name_finds_short_forms_of_other_applications(world: World, middle: str) -> None:
    assert "wrong-name" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "The harbour light at dusk is what I see on my walk to work.",  # lower case
        "I grew up on Meadow Lane, so the practice is close to home.",  # another proper name
        "I work best with young patients who are nervous.",  # a common word
        "Young patients in particular will benefit from the new clinic.",  # sentence start
        "I'm free any day except St Patrick's Day for a second meeting.",  # a longer name
        "Please pass my thanks to Peter as well.",  # a colleague at Riverside
        "Joan Pryce, my referee, is expecting your call.",  # my own reference
        "I have also met the Briggs twins who volunteer at the surgery.",  # after an article
    ],
)
def test_wrong_name_leaves_common_words_and_the_right_people(world: World, middle: str) -> None:
    assert "wrong-name" not in fired(world, letter(middle))


# ---- unprofessional-signature ----------------------------------------------------------------

MIDDLE = "The sedation clinic sounds well run, and I would be glad to help in the new surgery."


@pytest.mark.parametrize(
    "closing",
    [
        # An advert longer than a signature line used to hide the whole block.
        "Kind regards,\nSam Taylor\nDental Nurse\nSam's Lashes and Brows, Headingley: book a "
        "full set this month and get a second treatment at half price for a friend, free quote",
        "Slán,\nSam xx",  # an Irish closing, and a kiss
        "All the best,\nSam x",
        "Cheers,\nSam Taylor\nWork hard, play harder ;)",  # a text emoticon
        "Kind regards,\nSam Taylor\n\nThis email and any attachments are confidential and "
        "intended solely for the addressee. If you have received it in error, please notify "
        "the sender and delete it. The sender accepts no liability for viruses. Registered "
        "in England, company number 01234567.",
        "Best wishes,\nSam Taylor\nIf you can read this, you are too close to my bumper",
        "Thanks heaps,\nSam Taylor\nNails by Sam - gel and acrylics, DM me for prices",
        "Kind regards,\nSam Taylor\nWedding cakes to order, prices from £150",
    ],
)
def test_signature_flags_adverts_kisses_emoticons_disclaimers(world: World, closing: str) -> None:
    assert "unprofessional-signature" in fired(world, letter(MIDDLE, closing))


@pytest.mark.parametrize(
    "closing",
    [
        "Kind regards,\nSam Taylor (she/her)\nQualified Dental Nurse, GDC registered\n"
        "07700 900123\nlinkedin.com/in/samtaylor-dn",
        "Best wishes,\nSam Taylor\nThis email is confidential and intended only for the addressee.",
        "Mise le meas,\nSam Taylor\nSent from my iPhone",
        "Kind regards,\nSamantha Taylor",
        "Kind regards,\nSam Taylor\nSupervised by The Dental Nursing Council",
        "Kind regards,\nSam Taylor X",  # a capital X (an initial, "Malcolm X") is no kiss
    ],
)
def test_signature_leaves_plain_blocks_alone(world: World, closing: str) -> None:
    assert "unprofessional-signature" not in fired(world, letter(MIDDLE, closing))


def test_a_long_signature_line_still_ends_the_letter(world: World) -> None:
    closing = (
        "Kind regards,\nSam Taylor\nDental Nurse\nAvailable from January, happy to travel to "
        "any of the practice's sites across Leeds, Bradford and Wakefield for cover shifts"
    )
    found = fired(world, letter(MIDDLE, closing))
    assert not any("no sign-off" in m for m in found.get("too-casual", [])), found


# ---- social-media --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "I found your account on X last night and gave you a follow.",
        "I couldn't find you on Instagram, so what's your handle?",
        "Are you on Facebook at all? It would be lovely to stay in touch.",
        # A request in the sentence after the one that names the network.
        "You mentioned your photography page on Instagram. I'd love to connect with you there.",
    ],
)
def test_social_media_finds_follows_handles_and_questions(world: World, middle: str) -> None:
    assert "social-media" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "The vacancy was shared in my dental nursing group on Facebook.",  # someone else's post
        "I'd read Riverside's latest post on Instagram about the sedation clinic.",
        "I watched the practice's tour video on YouTube before the interview.",
        "There is a lovely view from the surgery. I'd love to work there.",  # no network
    ],
)
def test_social_media_leaves_job_ads_and_company_posts(world: World, middle: str) -> None:
    assert "social-media" not in fired(world, letter(middle))


# ---- generic -------------------------------------------------------------------------------


def thank_you(middle: str) -> str:
    return (
        f"Dear Nora,\n\nThank you for taking the time to meet me today. {middle}\n\n"
        "I look forward to hearing from you.\n\nKind regards,\nSam Taylor\n"
    )


@pytest.mark.parametrize(
    "middle",
    [
        "I came away even more enthusiastic about the role.",  # stock phrases, not details
        "I take pride in my work and would hit the ground running.",
        "Just a quick note to say I am a hard worker and a team player.",
        "I enjoyed hearing more about the nursing position.",  # the job's own title word
        "Really appreciated the yarn this arvo, and I reckon I'd be a great fit.",  # Australian
        "Thanks for fitting me into your busy schedule; I'd be chuffed to join the team.",
    ],
)
def test_generic_sees_through_stock_phrases(world: World, middle: str) -> None:
    assert "generic" in fired(world, thank_you(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I enjoyed hearing how the nursing rota covers late clinics.",  # a talking point
        "Your point about the running costs of the new surgery was well made.",
        "I appreciated the tip about emergency appointments on Saturdays.",
    ],
)
def test_generic_keeps_real_details(world: World, middle: str) -> None:
    assert "generic" not in fired(world, thank_you(middle))


def test_a_wrapped_line_that_starts_with_thanks_is_no_closing() -> None:
    body = (
        "Dear Nora,\n\nThanks to you and Peter,\nthe tour of the sedation clinic was the "
        "highlight of my week and I would love to join the team at the practice next month.\n"
    )
    lay = _layout(body, frozenset({"sam", "taylor"}), frozenset({"nora"}))
    assert lay.sign_off is None


def test_a_friend_request_is_social_media_not_inappropriate(world: World) -> None:
    found = fired(world, letter("I added you on Facebook too, hope that's alright."))
    assert "social-media" in found
    assert "inappropriate" not in found
    assert "inappropriate" in fired(world, letter("I think I matched with you on Hinge!"))
