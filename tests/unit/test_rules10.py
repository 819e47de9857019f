"""Fixes from the rules10 tuning pass (tests/tuning us-paralegal, au-agedcare, in-software):
a lawyer named is no threat, requests sent to the panel by name, a signature's advert left to
the signature rule, masked numbers, and generic's talking points in either number, recalled
statements and CV adjectives.

Every test runs the real engine (``check_message``) against a small world of its own, written
to a temporary folder: Renee Kowalski, a paralegal in Chicago, with an open application at
Hartwell & Pruitt LLP (panel on Tue 17 Nov 2026) and one at Crossdock Logistics.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import World

CONFIG = """
[general]
timezone = "America/Chicago"

[user]
name = "Renee Kowalski"

[[identities]]
address = "renee.kowalski@example.com"
name = "Renee Kowalski"

[[applications]]
id = "hartwell"
company = "Hartwell & Pruitt LLP"
role = "Litigation Paralegal"
domains = ["hartwellpruitt.example"]
status = "active"
talking_points = ["behaviour support plans", "bates numbering"]

  [[applications.rounds]]
  name = "panel interview"
  start = "2026-11-17T10:00"
  end = "2026-11-17T11:30"
  timezone = "America/Chicago"

  [[applications.people]]
  name = "Margaret Sloane"
  address = "margaret.sloane@hartwellpruitt.example"
  role = "interviewer"

  [[applications.people]]
  name = "Kevin Duarte"
  address = "kevin.duarte@hartwellpruitt.example"
  role = "interviewer"

[[applications]]
id = "crossdock"
company = "Crossdock Logistics"
role = "Legal Operations Paralegal"
domains = ["crossdock.example"]
status = "active"
"""

MARGARET = "Margaret Sloane <margaret.sloane@hartwellpruitt.example>"
SENDER = "Renee Kowalski <renee.kowalski@example.com>"
AT = "2026-11-17T18:00:00-06:00"  # the evening of the panel
DETAIL = "Thank you for the panel today and for the walk through your bates numbering rules."


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root: Path = tmp_path_factory.mktemp("rules10-world")
    (root / "config.toml").write_text(CONFIG, "utf-8")
    return World(root)


OTHER_COMPANY = 'company = "Crossdock Logistics"'


def world_with(tmp_path_factory: pytest.TempPathFactory, name: str, old: str, new: str) -> World:
    """The world of this module with one line of its config changed (another company's name,
    a signature, a status), for the rule tests of later rounds."""
    config = CONFIG.replace(old, new, 1)
    assert config != CONFIG, f"{old!r} is not in the config"
    root: Path = tmp_path_factory.mktemp(name)
    (root / "config.toml").write_text(config, "utf-8")
    return World(root)


def with_other_company(tmp_path_factory: pytest.TempPathFactory, name: str, company: str) -> World:
    """The world of this module with the other application's company named ``company``."""
    return world_with(tmp_path_factory, name, OTHER_COMPANY, f'company = "{company}"')


def fired(world: World, body: str) -> dict[str, list[str]]:
    """Rule id -> finding messages for a letter from Renee to Margaret."""
    raw = f"From: {SENDER}\nTo: {MARGARET}\nSubject: Thank you\n\n{body}"
    return world.messages(raw, datetime.fromisoformat(AT))


def letter(middle: str, detail: str = DETAIL, closing: str = "Best regards,\nRenee") -> str:
    return f"Dear Margaret,\n\n{detail}\n\n{middle}\n\n{closing}\n"


def signed(tagline: str, middle: str = "I look forward to hearing from you.") -> str:
    """A letter from Renee whose signature carries ``tagline`` below her full name."""
    return letter(middle, closing=f"Best regards,\nRenee Kowalski\n{tagline}")


# ---- angry: a lawyer brought in, not one named ------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "My former supervising attorney, Diane Okafor, is happy to be called as a reference.",
        "I drafted the privilege logs for three attorneys at once.",
    ],
)
def test_a_lawyer_named_is_no_threat(world: World, middle: str) -> None:
    assert "angry" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "If I hear nothing by Friday I will be speaking to a lawyer about how this was handled.",
        "My attorney will be in touch about the way this process was run.",
    ],
)
def test_a_lawyer_brought_in_is_a_threat(world: World, middle: str) -> None:
    assert "angry" in fired(world, letter(middle))


# ---- social-media -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "I have also sent both of them LinkedIn requests; do let them know it is me.",
        "I have followed Margaret and Kevin on Twitter already.",
        "I've started following your account on X, and I'd love it if you'd connect with me "
        "there too.",
        "I put up a little video on my TikTok about how excited I was after the panel.",
    ],
)
def test_requests_to_the_panel_in_new_wording(world: World, middle: str) -> None:
    assert "social-media" in fired(world, letter(middle))


def test_an_advert_in_a_typed_signature_is_the_signature_rules(world: World) -> None:
    body = letter(
        "I look forward to hearing from you.",
        closing="Best regards,\nRenee Kowalski\nCertified Crypto Trader | join my Telegram "
        "signals group",
    )
    found = fired(world, body)
    assert "social-media" not in found
    assert "unprofessional-signature" in found


def test_a_postscript_below_the_signature_is_still_read(world: World) -> None:
    body = letter(
        "I look forward to hearing from you.",
        closing="Best regards,\nRenee Kowalski\n\nP.S. I sent you a friend request on Facebook.",
    )
    assert "social-media" in fired(world, body)


# ---- unfilled-placeholder: a masked number --------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "My ID copy is masked, so only the last four digits (XXXX XXXX 4821) are visible.",
        "The form shows my SSN as xxx-xx-1234, as your portal asked.",
    ],
)
def test_a_masked_number_is_no_slot(world: World, middle: str) -> None:
    assert "unfilled-placeholder" not in fired(world, letter(middle))


def test_a_run_of_x_is_still_a_slot(world: World) -> None:
    assert "unfilled-placeholder" in fired(world, letter("I enjoyed discussing XXX with you."))


# ---- generic ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "detail",
    [
        # A talking point ("behaviour support plans") recalled in the singular.
        "Thank you for today. Describing a behaviour support plan for you was a good test.",
        # A recalled statement.
        "Thank you for meeting me. I appreciated hearing that you try to keep the same faces "
        "on each shift so the residents are not meeting new staff every week.",
    ],
)
def test_specific_in_other_words(world: World, detail: str) -> None:
    assert "generic" not in fired(world, letter("Best wishes for the week.", detail=detail))


def test_cv_adjectives_are_template_talk(world: World) -> None:
    detail = (
        "Thank you for the interview earlier today. I am a hard-working, reliable and "
        "compassionate carer who works well in a team and independently."
    )
    assert "generic" in fired(world, letter("I look forward to hearing from you.", detail=detail))


# ---- pushy and desperate: wording from the rules10 development misses -------------------
@pytest.mark.parametrize(
    "middle",
    [
        "I am sure you saw I am right for the role, so let us not drag this out.",
        "I have cleared every round and I see no reason for any further delay.",
        "I don't see why a decision should take until January.",
        "If there is no update by Monday I will have no option but to write to the partners.",
        "I would appreciate it if you could let me know the outcome by return.",
        "I'll check back with you every couple of days until I hear something.",
        "Expecting to hear from you today.",
    ],
)
def test_hurrying_the_decision_is_pushy(world: World, middle: str) -> None:
    assert "pushy" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I have not been able to sleep properly since the interview.",
        "My mother asks every evening, and I would hate to disappoint her again.",
        "A no at this stage would be very hard for our family to face.",
        "My family keeps asking whether you have called.",
        "I turned down two other interviews, so I am really relying on this one.",
        "I don't know how much more rejection I can take.",
    ],
)
def test_sleepless_waiting_and_family_pressure_are_desperate(world: World, middle: str) -> None:
    assert "desperate" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I see no reason to change the filing plan we discussed.",
        "I would be happy to send the writing sample by return if that helps.",
        "I will check in with the records team every Monday, as I do now.",
        "I turned down the chance to move to the Denver office last year to stay near family.",
        "My family is delighted I reached the final round, and so am I.",
        "I have not been able to find the exhibit list since the system change, so I rebuilt it.",
    ],
)
def test_look_alikes_stay_quiet(world: World, middle: str) -> None:
    found = fired(world, letter(middle))
    assert "pushy" not in found and "desperate" not in found


@pytest.mark.parametrize(
    "middle",
    [
        "I would appreciate knowing by Monday whether I have made it through.",
        "I'd really appreciate a yes or no by the end of the day.",
        "I would be grateful to know the outcome by Friday, as I do not like being left hanging.",
    ],
)
def test_a_deadline_put_as_thanks_in_advance_is_pushy(world: World, middle: str) -> None:
    assert "pushy" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I would appreciate knowing the outcome by Friday if at all possible.",
        "I would be grateful to hear by Thursday, as I have another offer to answer.",
        "I would appreciate a rough timeline by the end of the week, whenever suits.",
        "I would appreciate any feedback on my case study when you have a moment.",
    ],
)
def test_thanks_in_advance_with_a_reason_or_no_day_stays_quiet(world: World, middle: str) -> None:
    assert "pushy" not in fired(world, letter(middle))
