"""Fixes from the rules3 tuning pass (tests/tuning us-homecare, uk-busdriver, za-labtech):
generic, missing-thanks, unprofessional-signature and unprofessional-sender on letters in
South African, British, Australian and American usage.

Every test runs the real engine (``check_message``) against a small world of its own, written
to a temporary folder: Lindiwe Mokoena, a dispensary assistant in Pretoria, with an open
application at Karee Community Pharmacy (thank-you notes due on Tue 17 Nov 2026), an open one
at Summit Freight and a rejected one at Oakvale Foods.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import World

CONFIG = """
[general]
timezone = "Africa/Johannesburg"
holidays = ["2026-12-16"]

[user]
name = "Lindiwe Mokoena"

[[identities]]
address = "lindiwe.mokoena@example.co.za"
name = "Lindiwe Mokoena"
signature = "Lindiwe Mokoena"

[[identities]]
address = "lindi.mokoena@example.com"
name = "Lindi Mokoena"
signature = "Lindi Mokoena"

[[references]]
name = "Grace Pillay"
address = "grace.pillay@example.net"

[[applications]]
id = "karee"
company = "Karee Community Pharmacy"
role = "Dispensary Assistant"
domains = ["kareepharmacy.example"]
status = "active"
talking_points = ["chronic medication", "dispensing software", "cold chain"]

  [[applications.rounds]]
  name = "interview"
  start = "2026-11-17T10:00"
  end = "2026-11-17T11:00"
  timezone = "Africa/Johannesburg"

  [[applications.people]]
  name = "Ruth Adeyemi"
  address = "ruth.adeyemi@kareepharmacy.example"
  role = "interviewer"

  [[applications.people]]
  name = "Hendrik Louw"
  address = "hendrik.louw@kareepharmacy.example"
  role = "interviewer"

[[applications]]
id = "summit"
company = "Summit Freight"
role = "Stock Controller"
domains = ["summitfreight.example"]
status = "active"

  [[applications.rounds]]
  name = "interview"
  start = "2026-11-18T10:00"
  end = "2026-11-18T11:00"
  timezone = "Africa/Johannesburg"

  [[applications.people]]
  name = "Gareth Bell"
  address = "gareth.bell@summitfreight.example"
  role = "interviewer"

[[applications]]
id = "oakvale"
company = "Oakvale Foods"
role = "Stores Clerk"
domains = ["oakvalefoods.example"]
status = "rejected"

  [[applications.rounds]]
  name = "interview"
  start = "2026-11-03T10:00"
  end = "2026-11-03T11:00"
  timezone = "Africa/Johannesburg"

  [[applications.people]]
  name = "Priscilla Moodley"
  address = "priscilla.moodley@oakvalefoods.example"
  role = "interviewer"
"""

RUTH = "Ruth Adeyemi <ruth.adeyemi@kareepharmacy.example>"
SENDER = "Lindiwe Mokoena <lindiwe.mokoena@example.co.za>"
AT = "2026-11-17T16:00:00+02:00"  # the afternoon of Karee's interview


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root: Path = tmp_path_factory.mktemp("rules3-world")
    (root / "config.toml").write_text(CONFIG, "utf-8")
    return World(root)


def fired(
    world: World, body: str, *, sender: str = SENDER, to: str = RUTH, at: str = AT
) -> dict[str, list[str]]:
    """Rule id -> finding messages for a letter to ``to``."""
    raw = f"From: {sender}\nTo: {to}\nSubject: Thank you\n\n{body}"
    return world.messages(raw, datetime.fromisoformat(at))


def letter(middle: str, closing: str = "Kind regards\nLindiwe Mokoena") -> str:
    return (
        "Dear Ruth\n\nThank you for this morning's interview and for explaining how the "
        f"pharmacy manages chronic medication collections.\n\n{middle}\n\n{closing}\n"
    )


# ---- generic ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        # The formal South African template: "vacant post", "favourable response".
        "Good day\n\nThank you very much for the opportunity to be interviewed for the vacant "
        "post. It was a pleasure to learn more about the position and the organisation.\n\n"
        "I am a dedicated individual and I believe that I will add value to your team. I look "
        "forward to your favourable response.\n\nKind regards\nLindiwe Mokoena",
        # "I hereby wish to thank you for affording me the opportunity ..."
        "To whom it may concern\n\nI hereby wish to thank you for affording me the opportunity "
        "to be interviewed. It was an honour to meet the panel.\n\nI am a self-motivated team "
        "player and I trust that my application will receive your favourable consideration."
        "\n\nYours faithfully\nLindiwe Mokoena",
        # A driver's or tradesperson's CV boilerplate is no detail of the interview.
        "To whom it may concern,\n\nI would like to thank you for interviewing me today.\n\n"
        "I have a full clean driving licence and a strong work ethic, and I believe I would be "
        "an asset to your team.\n\nYours sincerely,\nLindiwe Mokoena",
    ],
)
def test_generic_sees_formal_template_letters(world: World, body: str) -> None:
    assert "generic" in fired(world, body)


@pytest.mark.parametrize(
    "middle",
    [
        "The vacancy you described in the cold chain team suits my experience.",  # talking point
        "I liked the post-dated script register you showed me at the counter.",  # a detail
        "Your trust in new staff to run the Saturday clinic stood out for me.",  # a detail
    ],
)
def test_generic_leaves_letters_with_a_detail(world: World, middle: str) -> None:
    body = f"Good day\n\n{middle}\n\nKind regards\nLindiwe Mokoena"
    assert "generic" not in fired(world, body)


# ---- missing-thanks ---------------------------------------------------------------------------

NO_THANKS = "Dear Ruth\n\nI am writing after this morning's interview. {middle}\n\n{closing}\n"


@pytest.mark.parametrize(
    "middle",
    [
        "My last manager thanked me more than once for covering the Saturday clinic.",
        "Thankfully the taxi was on time, and thank goodness the rain held off.",
        "Thanks to my years on the chronic medication counter, I know the software well.",
        "I was often thanked by patients for explaining their cold chain insulin.",
        "There is no need to thank me for bringing my certificates.",
    ],
)
def test_missing_thanks_sees_thank_words_that_thank_nobody(world: World, middle: str) -> None:
    body = NO_THANKS.format(middle=middle, closing="Kind regards\nLindiwe Mokoena")
    assert "missing-thanks" in fired(world, body)


@pytest.mark.parametrize(
    ("middle", "closing"),
    [
        ("I really value the time you gave me to see the dispensing software.", "Regards\nLindiwe"),
        ("It was a privilege to meet you and Hendrik.", "Kind regards\nLindiwe"),
        ("It was a real pleasure meeting the team.", "Kind regards\nLindiwe"),
        ("Please pass on my thanks to Hendrik as well.", "Regards\nLindiwe"),  # 'thanks to'
        ("Many thanks to you both for your time.", "Regards\nLindiwe"),
        ("Your advice about the cold chain audit meant a lot.", "Regards\nLindiwe"),
        ("I know the software well.", "Baie dankie\nLindiwe"),  # Afrikaans thanks
        ("I know the software well.", "Thanks again,\nLindiwe"),
        ("Ta very much for the tour of the dispensary.", "Lindiwe"),  # British, Australian
    ],
)
def test_missing_thanks_leaves_appreciation_in_other_words(
    world: World, middle: str, closing: str
) -> None:
    body = NO_THANKS.format(middle=middle, closing=closing)
    assert "missing-thanks" not in fired(world, body)


# ---- unprofessional-signature ---------------------------------------------------------------

MIDDLE = "The dispensing software you use is one I know well, and I would be glad to help."


@pytest.mark.parametrize(
    "closing",
    [
        "Kind regards\nLindiwe Mokoena\nOwner: Lindi's Braids & Beauty",  # 'Owner:' not 'of'
        "Kind regards\nLindiwe Mokoena\nProprietor, Mokoena Cakes and Treats",
        "Kind regards\nLindiwe Mokoena\nCall 082 555 0193 for bookings",  # number in between
        "Regards,\nLindiwe Mokoena\nWhatsApp 082 555 0193 to place your order",
        "Best wishes,\nLindiwe Mokoena\nPretoria's best knotless braids, 082 555 0193",
        "Best wishes,\nLindiwe Mokoena\nBest prices in Gauteng - 082 555 0193",
        "Kind regards\nLindiwe Mokoena\nLindi's Lashes - full sets from R250",  # a trading name
        "Kind regards\nLindiwe Mokoena\nMokoena Catering: weddings, funerals and parties",
        "Kind regards\nLindiwe Mokoena\nCustom cakes to order - 082 555 0193",
    ],
)
def test_signature_flags_business_lines_with_a_number(world: World, closing: str) -> None:
    assert "unprofessional-signature" in fired(world, letter(MIDDLE, closing))


@pytest.mark.parametrize(
    "closing",
    [
        "Kind regards\nLindiwe Mokoena\nPharmacist's Assistant (Post-Basic), SAPC registered",
        "Kind regards\nLindiwe Mokoena\nCall 082 555 0193 or email me any time",
        "Kind regards\nLindiwe Mokoena\nFormer owner of a spaza shop (2019-2022)\n082 555 0193",
        "Kind regards\nLindiwe Mokoena\nSt John's Ambulance first aid, Level 3",
        "Kind regards\nLindiwe Mokoena\nSt Mary's Hospital pharmacy, 2019-2024",
        "Kind regards\nLindiwe Mokoena\nAvailable from 4 January; 082 555 0193",
    ],
)
def test_signature_leaves_plain_lines(world: World, closing: str) -> None:
    assert "unprofessional-signature" not in fired(world, letter(MIDDLE, closing))


def test_signature_leaves_a_last_sentence_taken_for_the_closing(world: World) -> None:
    body = (
        "Dear Ruth\n\nI enjoyed hearing how the pharmacy manages its cold chain.\n\n"
        "Thank you again for meeting with me yesterday.\nLindiwe Mokoena\n"
    )
    assert "unprofessional-signature" not in fired(world, body)


# ---- unprofessional-sender ------------------------------------------------------------------

SENDER_BODY = letter("The dispensing software you use is one I know well.")


@pytest.mark.parametrize(
    "sender",
    [
        "Lab Rat Lindi <lindi.mokoena@example.com>",  # everyday words, no surname
        "Nurse Lindiwe <lindiwe.mokoena@example.co.za>",
        "Home Office <lindiwe.mokoena@example.co.za>",  # not your name at all
    ],
)
def test_sender_flags_everyday_words_for_a_name(world: World, sender: str) -> None:
    assert "unprofessional-sender" in fired(world, SENDER_BODY, sender=sender)


@pytest.mark.parametrize(
    "sender",
    [
        "Lindi Mokoena <lindi.mokoena@example.com>",  # the second identity
        "Lindi <lindi.mokoena@example.com>",  # a first name alone
        "Lindiwe Grace Mokoena <lindiwe.mokoena@example.co.za>",  # a middle name
        "Ms L. Mokoena <lindiwe.mokoena@example.co.za>",  # a title and an initial
        "Mokoena, Lindiwe <lindiwe.mokoena@example.co.za>",  # surname first
        "Lindiwe Mokoena, PhD <lindiwe.mokoena@example.co.za>",  # a post-nominal
        "lindiwe.mokoena@example.co.za",  # no display name
    ],
)
def test_sender_leaves_your_name_in_its_forms(world: World, sender: str) -> None:
    assert "unprofessional-sender" not in fired(world, SENDER_BODY, sender=sender)


# ---- social-media ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "I hope you don't mind me sending you a friend request.",  # 'don't mind' asks
        "I hope you wouldn't mind if I added you on Facebook.",
        "I hope you don't mind me following you on Instagram.",
        "Let's stay in touch on Facebook!",
    ],
)
def test_social_media_sees_requests_after_dont_mind(world: World, middle: str) -> None:
    assert "social-media" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I hope you don't mind me following up on the cold chain question.",
        "I hope you don't mind me adding you to the email to my referee.",
        "I won't be adding anyone on social media until a decision is made.",
        "I stay in touch with my old patients through the clinic's newsletter.",
    ],
)
def test_social_media_leaves_work_senses(world: World, middle: str) -> None:
    assert "social-media" not in fired(world, letter(middle))


# ---- wrong-name -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "Oakvale's approach to stock counts impressed me.",  # a short name opening a sentence
        "Summit's team made me feel very welcome.",
        "Summit's warehouse is exactly where I want to work.",
    ],
)
def test_wrong_name_sees_a_short_name_in_the_possessive_at_a_sentence_start(
    world: World, middle: str
) -> None:
    assert "wrong-name" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "Summit Road traffic was heavy this morning.",
        "Summit views from the office must be lovely.",  # no possessive
        "I enjoyed the view from the summit on my walk in.",
    ],
)
def test_wrong_name_leaves_a_common_word_at_a_sentence_start(world: World, middle: str) -> None:
    assert "wrong-name" not in fired(world, letter(middle))
