"""Fixes from the rules7 tuning pass (tests/tuning us-dental, jm-logistics, nir-schooladmin,
my-hr): honorifics in greetings, a tracked company's word inside a place name, side
businesses and nicknames in signatures, more networks and requests for social-media, "y'all",
and moments seen or asked for generic.

Every test runs the real engine (``check_message``) against a small world of its own, written
to a temporary folder: Nur Farhana Abdul Rahman, an HR executive in Kuala Lumpur, with an
open application at Tanjung Precision Industries (panel on Wed 18 Nov 2026), an open one at
Seri Mutiara Bank and a rejected one at Bunga Raya Logistics.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import World

CONFIG = """
[general]
timezone = "Asia/Kuala_Lumpur"

[user]
name = "Nur Farhana Abdul Rahman"

[[identities]]
address = "nurfarhana.ar@example.com"
name = "Nur Farhana Abdul Rahman"

[[references]]
name = "Mohd Hafiz Ismail"
address = "hafiz.ismail@sinar.example"

[[applications]]
id = "tanjung"
company = "Tanjung Precision Industries"
role = "HR Executive"
domains = ["tanjungprecision.example"]
status = "active"
talking_points = ["shift allowance", "foreign worker levy"]

  [[applications.rounds]]
  name = "panel interview"
  start = "2026-11-18T10:00"
  end = "2026-11-18T11:30"
  timezone = "Asia/Kuala_Lumpur"

  [[applications.people]]
  name = "Rosnah Yusof"
  address = "rosnah.yusof@tanjungprecision.example"
  role = "interviewer"

  [[applications.people]]
  name = "Azman Said"
  address = "azman.said@tanjungprecision.example"
  role = "interviewer"

[[applications]]
id = "mutiara"
company = "Seri Mutiara Bank"
role = "Payroll Executive"
domains = ["serimutiara.example"]
status = "active"

  [[applications.rounds]]
  name = "panel"
  start = "2026-11-24T10:00"
  end = "2026-11-24T11:00"
  timezone = "Asia/Kuala_Lumpur"

  [[applications.people]]
  name = "Siti Hajar Mohd Noor"
  address = "sitihajar.noor@serimutiara.example"
  role = "interviewer"

[[applications]]
id = "bunga"
company = "Bunga Raya Logistics"
role = "HR Assistant"
domains = ["bungaraya.example"]
status = "rejected"

  [[applications.people]]
  name = "Daniel Chong"
  address = "daniel.chong@bungaraya.example"
  role = "interviewer"
"""

ROSNAH = "Rosnah Yusof <rosnah.yusof@tanjungprecision.example>"
AZMAN = "Azman Said <azman.said@tanjungprecision.example>"
SENDER = "Nur Farhana Abdul Rahman <nurfarhana.ar@example.com>"
AT = "2026-11-18T18:00:00+08:00"  # the evening of Tanjung's panel
DETAIL = "Thank you for the panel today and for the frank talk about the shift allowance."
NAME_LINES = "Nur Farhana Abdul Rahman\nHR Executive (Payroll)\n+60 12-384 5521"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root: Path = tmp_path_factory.mktemp("rules7-world")
    (root / "config.toml").write_text(CONFIG, "utf-8")
    return World(root)


def fired(world: World, body: str, *, to: str = ROSNAH) -> dict[str, list[str]]:
    """Rule id -> finding messages for a letter from Farhana to ``to``."""
    raw = f"From: {SENDER}\nTo: {to}\nSubject: Thank you\n\n{body}"
    return world.messages(raw, datetime.fromisoformat(AT))


def letter(
    middle: str,
    greeting: str = "Dear Puan Rosnah,",
    closing: str = "Thank you and regards,\n" + NAME_LINES,
) -> str:
    return f"{greeting}\n\n{DETAIL}\n\n{middle}\n\n{closing}\n"


# ---- wrong-name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("greeting", "to"),
    [("Dear Puan Rosnah,", ROSNAH), ("Dear Encik Azman,", AZMAN), ("Dear Cik Rosnah,", ROSNAH)],
)
def test_an_honorific_in_the_greeting_is_no_name(world: World, greeting: str, to: str) -> None:
    body = letter("I look forward to hearing from you.", greeting=greeting)
    assert "wrong-name" not in fired(world, body, to=to)


def test_a_greeting_to_another_applications_person_is_still_seen(world: World) -> None:
    body = letter("I look forward to hearing from you.", greeting="Dear Puan Siti Hajar,")
    assert "wrong-name" in fired(world, body)


@pytest.mark.parametrize(
    "middle",
    [
        "I will be at my parents' home in Tanjung Malim from 10 to 13 December.",
        "My husband grew up on Pulau Mutiara and would be happy to move back.",
        "My address is No. 14, Jalan Bunga Raya 3, Taman Melawati.",
        "The bunga raya arrangement in your lobby reminded me of my mother's garden.",
        "I came in from the Mutiara side of the industrial park.",
        "Since I live at Mutiara Heights, the commute would be short.",
    ],
)
def test_a_company_word_inside_a_place_is_the_place(world: World, middle: str) -> None:
    assert "wrong-name" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I would be proud to join Seri Mutiara Bank next year.",
        "The team at Seri Mutiara was very welcoming.",
    ],
)
def test_another_company_named_in_the_letter_is_still_seen(world: World, middle: str) -> None:
    assert "wrong-name" in fired(world, letter(middle))


# ---- unprofessional-signature -------------------------------------------------------------


@pytest.mark.parametrize(
    "tail",
    [
        "Farhana's Kuih Raya - taking pre-orders now. WhatsApp 012-384 5521",
        "Also: Rahman's Party Rentals, tents and chairs. WhatsApp 012-384 5521",
        "Rahman Courier & Barrel Shipping, every fortnight. Call 012-384 5521",
        "Owner, FarhaBeauty Tudung Collection | Shopee & Lazada: @farhabeauty",
        "Balancing the books and the banter since 2009",
    ],
)
def test_signature_sees_a_business_named_after_you_and_a_dated_motto(
    world: World, tail: str
) -> None:
    body = letter("I hope to hear from you soon.", closing=f"Best regards,\n{NAME_LINES}\n{tail}")
    assert "unprofessional-signature" in fired(world, body)


def test_signature_sees_a_nickname_under_the_closing(world: World) -> None:
    body = letter(
        "I hope to hear from you soon.", closing="Best regards,\nFarah a.k.a. The Payroll Queen"
    )
    assert "unprofessional-signature" in fired(world, body)


@pytest.mark.parametrize(
    "tail",
    [
        "Member, Malaysian Institute of Human Resource Management",
        "Nur Farhana binti Abdul Rahman, HR Executive",
        "Languages: Malay, English, Mandarin",
        "Class of 2016, Universiti Malaya",
    ],
)
def test_signature_leaves_plain_lines(world: World, tail: str) -> None:
    body = letter("I hope to hear from you soon.", closing=f"Best regards,\n{NAME_LINES}\n{tail}")
    assert "unprofessional-signature" not in fired(world, body)


# ---- social-media -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "You mentioned you ride on weekends. I have just followed you on Strava.",
        "I'm on Strava too, under Farhana R. So add me and we can race up Penang Hill!",
        "Could you pop me into the staff WhatsApp group you mentioned?",
        "I looked for you on Facebook but couldn't find you.",
        "I have followed the company's TikTok, and I might make a short video about my "
        "interview day there.",
    ],
)
def test_social_media_sees_new_networks_groups_and_videos(world: World, middle: str) -> None:
    assert "social-media" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I also noticed on LinkedIn that the bank posted a second payroll opening.",
        "Your story about the clerk who spotted a fake claim from a photo a driver posted on "
        "Facebook made me laugh.",
    ],
)
def test_social_media_leaves_what_someone_else_posted(world: World, middle: str) -> None:
    assert "social-media" not in fired(world, letter(middle))


# ---- too-casual and generic ---------------------------------------------------------------


def test_yall_is_a_dialect_word_not_slang(world: World) -> None:
    body = letter("Y'all made me feel at home on the production floor.")
    assert "too-casual" not in fired(world, body)
    body = letter("Ya'll made me feel at home, thx again.")
    assert "too-casual" in fired(world, body)


def test_generic_counts_a_question_recalled_in_plain_words(world: World) -> None:
    body = (
        "Dear Puan Rosnah,\n\nThank you for the interview. When you asked what I would say to "
        "a cleaner who thinks the company took too much from her pay, I realised that is what "
        "this job is really about.\n\nThank you and regards,\nNur Farhana Abdul Rahman\n"
    )
    assert "generic" not in fired(world, body)
    plain = (
        "Dear Puan Rosnah,\n\nThank you for the interview. I enjoyed meeting everyone and I "
        "am excited about the opportunity to join the team.\n\nThank you and regards,\n"
        "Nur Farhana Abdul Rahman\n"
    )
    assert "generic" in fired(world, plain)


# ---- pushy --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "I need to know by Wednesday.",
        "Tanjung is my first choice, so I will need the panel's decision by Thursday at the "
        "latest.",
        "I'd like a yes or no on the position by Friday.",
        "I'd like to know before the weekend, so I'll be watching my phone.",
        # rules8
        "I have another offer that expires on Friday, so I need Puan Rosnah to make her "
        "decision by Thursday at noon.",
        "I'll call you Thursday morning, and again Friday if I haven't reached you.",
        "I'll be near your building on Wednesday, so I'll drop by your desk around noon to get "
        "an update.",
        "Please let me know by end of day tomorrow where things stand.",
    ],
)
def test_pushy_sees_a_deadline_set_on_their_decision(world: World, middle: str) -> None:
    assert "pushy" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "Another company has made me an offer, and I need to answer them by Friday.",
        "I want to be upfront that another firm has asked for my answer by Friday.",
        "I understand these things take time, but I would like to know by Friday if possible.",
        "I need to hand in my notice by Friday, so any news before then would help.",
        "As you suggested, I'll call you on Thursday, and we can set the date then.",
        "As agreed, I will drop by on Monday to collect the contract.",
        "Please let me know by Friday if that time works for you.",
    ],
)
def test_pushy_leaves_a_deadline_of_ones_own_said_as_information(world: World, middle: str) -> None:
    assert "pushy" not in fired(world, letter(middle))


# ---- rules8: greetings and closings of Quebec French, Spanish and Malay; places ------------


@pytest.mark.parametrize(
    ("greeting", "closing"),
    [
        ("Bonjour Rosnah,", "Bonne journée,"),
        ("Chère Rosnah,", "Cordialement,"),
        ("Buenos días Rosnah,", "Saludos,"),
        ("Assalamualaikum Puan Rosnah,", "Bien cordialement,"),
    ],
)
def test_greetings_and_closings_of_other_languages_name_no_one(
    world: World, greeting: str, closing: str
) -> None:
    body = letter(
        "I look forward to hearing from you.",
        greeting=greeting,
        closing=f"{closing}\n{NAME_LINES}",
    )
    found = fired(world, body)
    assert "wrong-name" not in found
    assert not any("no sign-off" in m or "no greeting" in m for m in found.get("too-casual", []))


@pytest.mark.parametrize(
    "middle",
    [
        "After the panel I walked down and stood by the Mutiara for a while.",
        "I live near the Tanjung station, so the commute is short.",
        "I have just moved to an apartment on Tanjung, so my address has changed.",
    ],
)
def test_a_company_word_after_an_article_or_a_home_is_a_place(world: World, middle: str) -> None:
    assert "wrong-name" not in fired(world, letter(middle))


def test_a_company_word_after_an_article_with_a_noun_of_the_company_is_it(world: World) -> None:
    assert "wrong-name" in fired(world, letter("I would love to join the Mutiara team."))


def test_generic_reads_a_word_with_accents_as_one_word() -> None:
    from followup_guard.checks.rules.generic import concrete_detail

    plain = frozenset(["saint-laurent", "ingénierie", "executive", "assistant"])
    body = "It was a pleasure to learn more about Saint-Laurent Ingénierie and the role."
    assert not concrete_detail(body, plain)


@pytest.mark.parametrize(
    "tail",
    [
        "CEO, Farha Phones Repairs. Call 012-384 5521 for all your repairs.",
        "Agent, Obaapa Shea Butter: wholesale and retail, nationwide delivery",
    ],
)
def test_signature_sees_a_trade_in_everyday_words(world: World, tail: str) -> None:
    body = letter("I hope to hear from you soon.", closing=f"Best regards,\n{NAME_LINES}\n{tail}")
    assert "unprofessional-signature" in fired(world, body)


def test_signature_sees_a_nickname_in_guillemets(world: World) -> None:
    closing = "Au plaisir,\nNur « La Machine » Farhana\n+60 12-384 5521"
    body = letter("I hope to hear from you soon.", closing=closing)
    assert "unprofessional-signature" in fired(world, body)


def test_mentioning_a_thing_is_not_a_post(world: World) -> None:
    middle = (
        "When you asked about remote staff, I should have mentioned the lockdown, when we "
        "sent payslips as WhatsApp voice notes."
    )
    assert "social-media" not in fired(world, letter(middle))


# ---- rules9: Sahib, seas and gulfs, notes to references, told stories, trades -------------


def test_sahib_after_a_name_is_a_title(world: World) -> None:
    body = letter("I look forward to hearing from you.", greeting="Dear Azman Sahib,")
    assert "wrong-name" not in fired(world, body, to=AZMAN)


def test_a_company_word_after_gulf_of_is_a_place(world: World) -> None:
    middle = "I grew up watching the tankers cross the Gulf of Mutiara from my window."
    assert "wrong-name" not in fired(world, letter(middle))


def test_a_note_to_ones_own_reference_may_offer_a_drink(world: World) -> None:
    hafiz = "Mohd Hafiz Ismail <hafiz.ismail@sinar.example>"
    body = (
        "Dear Hafiz,\n\nTanjung Precision may call you this week about my application. Would "
        "you like to grab a drink some evening? The first round is on me.\n\nThank you and "
        "regards,\n" + NAME_LINES + "\n"
    )
    assert "inappropriate" not in fired(world, body, to=hafiz)
    invite = "Would you like to grab a drink some evening? The first round is on me."
    assert "inappropriate" in fired(world, letter(invite))


def test_generic_counts_a_story_the_interviewer_told(world: World) -> None:
    body = (
        "Dear Puan Rosnah,\n\nThank you for seeing me today. When you told the story of your "
        "first night shift, when the lights went out across the whole plant, I understood why "
        "you value field rounds.\n\nThank you and regards,\nNur Farhana Abdul Rahman\n"
    )
    assert "generic" not in fired(world, body)


@pytest.mark.parametrize(
    "tail",
    [
        "Motto: Ping it till it pings back",
        "Rahman Mobile Notary & Tax Prep - walk-ins welcome, two locations",
        "Rahman Maxi Taxi Service: Shah Alam to KL daily, call to book",
    ],
)
def test_signature_sees_mottos_and_trades_named_after_you(world: World, tail: str) -> None:
    body = letter("I hope to hear from you soon.", closing=f"Best regards,\n{NAME_LINES}\n{tail}")
    assert "unprofessional-signature" in fired(world, body)


def test_signature_leaves_credentials_in_capitals(world: World) -> None:
    closing = "Best regards,\nNur Farhana Abdul Rahman\nRahman MAAT, CIPD Level 5\n+60 12-384 5521"
    body = letter("I hope to hear from you soon.", closing=closing)
    assert "unprofessional-signature" not in fired(world, body)


def test_social_media_sees_give_me_a_follow(world: World) -> None:
    middle = "If you're on Instagram, give me a follow at @farhana_bakes."
    assert "social-media" in fired(world, letter(middle))


def test_a_flag_is_quoted_whole(world: World) -> None:
    body = letter("Go team \U0001f1f2\U0001f1fe!")
    assert any("\U0001f1f2\U0001f1fe" in m for m in fired(world, body).get("too-casual", []))
