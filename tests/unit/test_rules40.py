"""Fixes from the rules39, rules40 and rules41 passes (a teacher aide in Hamilton NZ, a train guard in
Manchester, an insurance representative in Omaha, a chef in Cape Town; before them a property
manager, a millwright, an airport agent and a dietitian): te reo Maori titles in a greeting,
a sentence in te reo, the singular of a plural talking point, "my video panel", thanks for a
trial morning the school arranged after the thank-you notes, "why don't you and I ...", and
a date offered as "the only option"; then (rules41: a cook in Nadi, a clearing officer in
Tema, a healthcare assistant in Galway, a body technician in San Antonio) the Pacific's
hellos and thanks, the user's own town sharing a word with another application, and a
certificate code among codes; and (rules42: a preschool teacher in Singapore) thanks to an
interviewer after the offer came.

Every test runs the real engine against a small world of its own, written to a temporary
folder: Hinemoa Parata, a kaiawhina, with an interview hui at a kura on Tue 8 Dec 2026.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import World

CONFIG = """
[general]
timezone = "Pacific/Auckland"

[user]
name = "Hinemoa Parata"

[[identities]]
address = "hinemoa.parata@example.com"
name = "Hinemoa Parata"
signature = "Hinemoa Parata\\n12 Lake Road, Frankton\\n021 555 0187"

[[applications]]
id = "kura"
company = "Te Kura o Te Kotuku"
role = "Kaiawhina"
domains = ["tekotuku.example"]
status = "active"
talking_points = ["rumaki reo", "Santa Specials"]

  [[applications.rounds]]
  name = "interview hui"
  start = "2026-12-08T10:00"
  end = "2026-12-08T11:00"
  timezone = "Pacific/Auckland"

  [[applications.people]]
  name = "Huia Tamihana"
  address = "huia@tekotuku.example"
  role = "interviewer"

  [[applications.people]]
  name = "Nikora Paki"
  address = "nikora@tekotuku.example"
  role = "interviewer"

  [[applications.people]]
  name = "Ripeka Te Whata"
  address = "ripeka@tekotuku.example"
  role = "permitted"

[[applications]]
id = "trust"
company = "Frankton Learning Trust"
role = "Learning Support"
domains = ["franktontrust.example"]
status = "active"
"""


def _message(sets: str, direction: str, at: str, who: str, subject: str, body: str) -> str:
    """One stored message of the history set ``sets``, to or from ``who``."""
    me = "Hinemoa Parata <hinemoa.parata@example.com>"
    sender, to = (me, who) if direction == "out" else (who, me)
    return (
        f'[[sets.{sets}.messages]]\ndirection = "{direction}"\nat = "{at}"\nfrom = "{sender}"\n'
        f'to = ["{to}"]\nsubject = "{subject}"\nbody = "{body}"\n\n'
    )


def _thank_yous(sets: str) -> str:
    """The two thank-you notes, sent the evening of the hui."""
    return _message(
        sets,
        "out",
        "2026-12-08T17:30:00+13:00",
        "Huia Tamihana <huia@tekotuku.example>",
        "Thank you for the hui",
        "Kia ora Whaea Huia,\\n\\nThank you for the hui today.",
    ) + _message(
        sets,
        "out",
        "2026-12-08T17:45:00+13:00",
        "Nikora Paki <nikora@tekotuku.example>",
        "Thank you",
        "Kia ora Matua Nikora,\\n\\nThank you for your time at the hui today.",
    )


RIPEKA = "Ripeka Te Whata <ripeka@tekotuku.example>"
# "invited": the thank-you notes, then the school invites Hinemoa back for a trial morning on
# Tue 15 Dec; "thanked": the notes alone; "offered": an offer, and nothing else.
HISTORIES = (
    _thank_yous("invited")
    + _message(
        "invited",
        "in",
        "2026-12-09T09:30:00+13:00",
        RIPEKA,
        "Invitation - trial morning",
        "Kia ora Hinemoa,\\n\\nWe would like to invite you back for a trial morning on "
        "Tuesday 15 December.",
    )
    + _thank_yous("thanked")
    + _message(
        "offered",
        "in",
        "2026-12-16T09:30:00+13:00",
        RIPEKA,
        "Offer - Kaiawhina",
        "Kia ora Hinemoa,\\n\\nI am delighted to offer you the position of Kaiawhina at Te "
        "Kura o Te Kotuku, starting in January. The written offer is attached.",
    )
)

SENDER = "Hinemoa Parata <hinemoa.parata@example.com>"
HUIA = "Huia Tamihana <huia@tekotuku.example>"
EVENING = datetime.fromisoformat("2026-12-08T18:30:00+13:00")  # the evening of the hui
TRIAL_DAY = datetime.fromisoformat("2026-12-15T15:30:00+13:00")  # a week less two hours on


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root: Path = tmp_path_factory.mktemp("kura")
    (root / "config.toml").write_text(CONFIG, "utf-8")
    (root / "histories.toml").write_text(HISTORIES, "utf-8")
    return World(root)


def _raw(to: str, body: str, subject: str = "Thank you") -> str:
    return f"From: {SENDER}\nTo: {to}\nSubject: {subject}\n\n{body}"


def _fired(world: World, body: str, to: str = HUIA) -> dict[str, list[str]]:
    return world.messages(_raw(to, body), EVENING)


THANKS = (
    "Thank you for the interview hui this morning and for showing me the rumaki reo "
    "classes.\n\nI would be proud to support the kura as a kaiawhina and to keep growing my "
    "own reo alongside the tamariki.\n\nNgā mihi,\nHinemoa\n"
)


@pytest.mark.parametrize(
    "greeting", ["Kia ora Whaea Huia,", "Tēnā koe Whaea Huia,", "Bula Huia,", "Talofa Huia,"]
)
def test_a_title_or_hello_of_another_language_is_no_name(world: World, greeting: str) -> None:
    found = _fired(world, f"{greeting}\n\n{THANKS}")
    assert "wrong-name" not in found
    assert "misspelling" not in found  # "Whaea" is no slip of Ripeka Te Whata's name


def test_another_person_after_the_title_is_still_named(world: World) -> None:
    assert "wrong-name" in _fired(world, f"Kia ora Whaea Ripeka,\n\n{THANKS}")


def test_thanks_in_fijian_are_thanks(world: World) -> None:
    body = (
        "Bula Huia,\n\nVinaka vakalevu for the interview hui this morning and for showing me "
        "the rumaki reo classes.\n\nI would be proud to support the kura as a kaiawhina.\n\n"
        "Hinemoa\n"
    )
    assert "missing-thanks" not in _fired(world, body)


# One sentence in the thank-you note: whether the rule fires on it. Each fix has its
# neighbour that still fires.
@pytest.mark.parametrize(
    ("rule", "sentence", "flagged"),
    [
        # A bare "i" in a sentence of te reo is a word of te reo; in English, the pronoun.
        ("too-casual", "E mihi ana ki a koe me te kura mō te manaakitanga i tēnei ata.", False),
        ("too-casual", "so i wanted to say thanks for today.", True),
        # The singular of the talking point "Santa Specials"; a slip of it.
        ("misspelling", "I would gladly help with the Santa Special on Saturday.", False),
        ("misspelling", "I would gladly help with the Santa Specails on Saturday.", True),
        # "my video panel" is the interview; "my video from the hui" a post.
        ("social-media", "I'm writing to check in following my video panel with Huia.", False),
        ("social-media", "I'm writing a post about my video from the hui for my followers.", True),
        # Frankton is where Hinemoa lives (her signature) and the first word of the trust.
        ("wrong-name", "The bus from Frankton gets me to the kura by eight.", False),
        ("wrong-name", "I would bring to Frankton Learning Trust what I learnt here.", True),
        # A certificate code among codes; "b4" for "before".
        ("too-casual", "My ASE B2, B3 and B4 certificates are attached.", False),
        ("too-casual", "I will send them b4 the weekend.", True),
        # "why don't you and I ..." invites (inappropriate's); "why don't you ...?" reproaches.
        ("angry", "And Huia, after the last bell, why don't you and I make a night of it?", False),
        ("angry", "Why don't you answer the messages you are sent?", True),
        # "I'll take that as a no" closes an ultimatum (pushy's); mock acceptance is sarcasm.
        ("sarcastic", "If I don't hear by Friday, I'll take that as a no and go elsewhere.", False),
        ("sarcastic", "Since nobody has replied, I will take your silence as a yes.", True),
    ],
)
def test_one_sentence(world: World, rule: str, sentence: str, flagged: bool) -> None:
    found = _fired(world, f"Kia ora Whaea Huia,\n\n{sentence} {THANKS}")
    assert (rule in found) is flagged


@pytest.mark.parametrize(
    ("sentence", "desperate"),
    [
        ("If the 5th is the only option, I'll swap my shift.", False),
        ("This job is the only option I have left.", True),
    ],
)
def test_a_date_offered_as_the_only_option(world: World, sentence: str, desperate: bool) -> None:
    body = (
        "Kia ora Whaea Huia,\n\nWould Wednesday the 6th suit for the trial morning instead? "
        f"{sentence}\n\nNgā mihi,\nHinemoa\n"
    )
    assert ("desperate" in _fired(world, body)) is desperate


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        # Thanks for the trial morning the school arranged after the thank-you notes.
        ("Please pass my thanks on to Whaea Huia and Matua Nikora as well.", False),
        # The same day, asking for news: still an inquiry before the week is out.
        ("Could you let me know when the panel expects to decide?", True),
        ("I would welcome any further news on the role.", True),
    ],
)
def test_thanks_for_what_the_school_arranged_is_no_inquiry(
    world: World, middle: str, flagged: bool
) -> None:
    body = (
        "Kia ora Ripeka,\n\nThank you for organising the trial morning today; the tamariki "
        f"made me feel so welcome. {middle}\n\nNgā mihi,\nHinemoa\n"
    )
    result = world.check(_raw(RIPEKA, body, "Ngā mihi for today"), TRIAL_DAY, "invited")
    assert ("inquiry-too-soon" in {f.rule for f in result.findings}) is flagged


def test_thanks_with_no_new_word_from_the_school_is_still_counted(world: World) -> None:
    # No invitation came after the thank-you notes: a third note within the week is chasing.
    body = (
        "Kia ora Ripeka,\n\nThank you again for organising the hui last week; the tamariki "
        "made me feel so welcome.\n\nNgā mihi,\nHinemoa\n"
    )
    result = world.check(_raw(RIPEKA, body, "Ngā mihi"), TRIAL_DAY, "thanked")
    assert "inquiry-too-soon" in {f.rule for f in result.findings}


@pytest.mark.parametrize(("history", "late"), [("offered", False), (None, True)])
def test_thanks_after_the_offer_are_not_late(world: World, history: str | None, late: bool) -> None:
    body = (
        "Dear Matua Nikora,\n\nI will be joining the kura in January, and I wanted to say "
        "thank you: your feedback after the hui was the most useful I have had in years.\n\n"
        "Ngā mihi,\nHinemoa\n"
    )
    to = "Nikora Paki <nikora@tekotuku.example>"
    at = datetime.fromisoformat("2026-12-18T16:00:00+13:00")
    result = world.check(_raw(to, body, "Thank you"), at, history)
    assert ("thank-you-late" in {f.rule for f in result.findings}) is late
