"""Fixes from the rules16 pass: set ironies of the wait (minimisers, thanks for the days it
took), put-downs dressed as observations (praise "for someone who", an interviewer who did
not seem to know, the job belittled), ultimatums and calls by the clock, looks and parties
at home; a signature read when the letter has no closing, with a price or text-speak in it;
and `wrong-name` quiet on the place a company is named after. Each family has good letters
that share its words and must stay quiet.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP), and, for
`wrong-name`, in a world of its own where the other company is named after its town.
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import OTHER_COMPANY, fired, letter, world_with
from test_rules10 import world as world  # the module's fixture, shared


@pytest.mark.parametrize(
    ("middle", "tone"),
    [
        (
            "We went over the e-filing rules for all of three minutes before the fire drill.",
            "sarcastic",
        ),
        ("Thanks for letting me know, a mere nineteen days after the panel.", "sarcastic"),
        ("And thank you for the eleven days it took to send two lines.", "sarcastic"),
        ("Thanks for all the updates since the interview. Oh wait.", "sarcastic"),
        ("I'll keep refreshing my inbox, as that's clearly working so well.", "sarcastic"),
        (
            "You asked sensible questions for someone who has only been a supervisor since June.",
            "disparaging",
        ),
        (
            "Kevin did not seem to know much about privilege logs, so I hope you will decide.",
            "disparaging",
        ),
        (
            "I was surprised that a senior paralegal hadn't heard of the new e-filing rules.",
            "disparaging",
        ),
        (
            "Logistics is a simpler business than a law firm, so I would find the role quite easy.",
            "disparaging",
        ),
        ("It is good to see the firm finally getting around to e-discovery.", "disparaging"),
        (
            "Your file room was at least passable, and I could help bring the rest of the office up to the same standard.",
            "disparaging",
        ),
        ("I could tell you were reading most of the questions off the sheet.", "disparaging"),
        ("If there's nothing by Friday I'll be withdrawing my application.", "pushy"),
        ("I'll phone your desk at 9 and again at 3 until I get an answer.", "pushy"),
        ("I'll expect to hear the firm's decision by Monday at the latest.", "pushy"),
        (
            "There is no need to keep interviewing other candidates; just tell me which Monday you want me to start.",
            "pushy",
        ),
        ("Judging by those arms, the rowing challenge will be easy for you.", "inappropriate"),
        (
            "My partner and I are having a few people over on Saturday, and you should come.",
            "inappropriate",
        ),
        (
            "Would you like to join our pub quiz team? You'd be a laugh after a couple of pints.",
            "inappropriate",
        ),
        (
            "I am not a number in a queue, and this is what I get for taking a day off work.",
            "angry",
        ),
        ("Your recruitment team needs to do better by the people it interviews.", "angry"),
    ],
)
def test_the_rules16_shapes_fire(world: World, middle: str, tone: str) -> None:
    assert tone in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "You gave me good advice for someone who is starting out in litigation support.",
        "I was surprised that I hadn't come across your pro bono clinic before.",
        "I am confident I would find the role easy to settle into, given my e-filing work.",
        "Thank you for the two weeks' notice of the assessment day; it helped me plan.",
        "When a client complained, I would reply within the day and call them back.",
        "Your figures on unrepresented tenants made me angry at how preventable most evictions are.",
        "My old firm's e-discovery work was at least as demanding as yours sounds.",
        "I would be glad to help bring the rest of the team up to speed on the new system.",
        "I hope that gives you more than enough time to decide before the holidays.",
        "I am not willing to let that chance go to waste.",
    ],
)
def test_their_good_neighbours_stay_quiet(world: World, middle: str) -> None:
    severe = {"sarcastic", "disparaging", "pushy", "inappropriate", "angry"}
    assert not severe & set(fired(world, letter(middle)))


@pytest.mark.parametrize(
    "closing",
    [
        # No closing at all: the name line starts the signature.
        "I hope to hear from you soon.\n\nRenee Kowalski\nRenee's Lashes & Brows, Evanston\n"
        "Book now: 10% off your first visit!",
        "Best regards,\nRenee Kowalski\nPart-time astrologer | Readings $40 per session",
        "Best regards,\nRenee Kowalski\nSent from my iPhone - excuse the typos, I'm probably "
        "on the school run lol",
    ],
)
def test_a_signature_advert_or_tagline_is_found(world: World, closing: str) -> None:
    assert "unprofessional-signature" in fired(world, letter("", closing=closing))


@pytest.mark.parametrize(
    "closing",
    [
        "I hope to hear from you soon.\n\nRenee Kowalski\nLitigation Paralegal, Chicago\n"
        "(312) 555-0144",
        "Best regards,\nRenee Kowalski\nNALA Certified Paralegal, Reg. R.41872",
        "Best regards,\nRenee Kowalski\nSent from my iPhone",
    ],
)
def test_a_plain_signature_stays_quiet(world: World, closing: str) -> None:
    assert "unprofessional-signature" not in fired(world, letter("", closing=closing))


@pytest.fixture(scope="module")
def town_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return world_with(
        tmp_path_factory, "rules16-town", OTHER_COMPANY, 'company = "Evanston Legal Aid"'
    )


@pytest.mark.parametrize(
    "middle",
    [
        "If I join Hartwell & Pruitt, we would move from Ohio to Evanston next spring.",
        "I volunteer with a reading club at Evanston library on Saturdays.",
        "Your litigation team is among the strongest in Evanston, I am told.",
    ],
)
def test_the_town_a_company_is_named_after_is_no_wrong_name(town_world: World, middle: str) -> None:
    assert "wrong-name" not in fired(town_world, letter(middle))


def test_the_company_itself_is_still_a_wrong_name(town_world: World) -> None:
    found = fired(town_world, letter("I would be proud to join the Evanston Legal Aid team."))
    assert "wrong-name" in found


@pytest.mark.parametrize(
    "middle",
    [
        "I saw in the AIMS newsletter that your lab passed its reassessment.",
        "I would reconcile the defaults against the TRACES justification report first.",
    ],
)
def test_a_plural_in_capitals_before_a_noun_is_a_name(world: World, middle: str) -> None:
    assert "too-casual" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "You have the BEST team I have ever met, and I am REALLY excited.",
        "These THINGS matter to me, and PLEASE let me know soon.",
    ],
)
def test_shouting_before_a_noun_is_still_shouting(world: World, middle: str) -> None:
    assert "too-casual" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "Please find attached my documents for file reference [OKTH/HR/MAT/2026/114].",
        "The audit sheet has five columns (alert line crossed [Y/N], action taken, reviewer).",
        "Your note on why repeat papers carry the [R] flag in the export made sense of it.",
        "We kept paper charts in the cupboard [we are moving to electronic next year].",
    ],
)
def test_codes_choices_marks_and_asides_in_brackets_are_no_slots(world: World, middle: str) -> None:
    assert "unfilled-placeholder" not in fired(world, letter(middle))


def test_a_note_to_self_in_brackets_is_still_a_slot(world: World) -> None:
    found = fired(world, letter("I also enjoyed [one more thing you discussed]."))
    assert "unfilled-placeholder" in found


@pytest.mark.parametrize(
    "middle",
    [
        "Your point about how angry and frightened families become stayed with me.",
        "Your story of the day the system crashed, and how angry the queue got, stayed with me.",
        "I told you I was frustrated when we were sent out before the order was confirmed, "
        "and that I raised it through the safety committee.",
    ],
)
def test_anger_told_of_others_or_of_a_past_job_is_not_angry(world: World, middle: str) -> None:
    assert "angry" not in fired(world, letter(middle))


def test_an_irish_greeting_is_a_greeting(world: World) -> None:
    body = letter("I would be glad to join the team.", detail="Go raibh maith agat for the panel.")
    found = fired(world, body.replace("Dear Margaret,", "A Margaret, a chara,"))
    assert not any("no greeting" in m for m in found.get("too-casual", []))


@pytest.mark.parametrize(
    ("closing", "flagged"),
    [
        ("Thank you for standing by me, as always.\n\nRenee", False),
        ("Best regards,\nRenee Kowalski\nParalegal by day, karaoke queen by night", True),
        ("Best regards,\nRenee Kowalski\nNails by Tasha - book now", True),
    ],
)
def test_a_brand_wants_its_capitals(world: World, closing: str, flagged: bool) -> None:
    found = fired(world, letter("I would be glad to join the team.", closing=closing))
    assert ("unprofessional-signature" in found) is flagged


def test_a_listed_phrase_wins_over_the_models_reading_of_its_sentence(world: World) -> None:
    # The model reads the sentence as disparaging ("judging", "the firm"); the listed phrase
    # names the words, a remark on looks, and is the one finding for that stretch.
    found = fired(world, letter("Judging by those biceps, the firm's gym gets plenty of use."))
    assert "inappropriate" in found
    assert "disparaging" not in found


def test_a_letter_a_severe_rule_warns_about_is_not_also_generic(world: World) -> None:
    thin = "Thank you for your time today."
    found = fired(world, letter("You have the nicest smile I have seen all year.", detail=thin))
    assert "inappropriate" in found
    assert "generic" not in found
    plain = fired(world, letter("I look forward to hearing from you.", detail=thin))
    assert "generic" in plain


@pytest.mark.parametrize(
    "greeting", ["To the hiring team,", "Ladies and Gentlemen,", "Dear Sir or Madam,"]
)
def test_formal_greetings_are_greetings(world: World, greeting: str) -> None:
    body = letter("I remain very interested.").replace("Dear Margaret,", greeting)
    assert not any("no greeting" in m for m in fired(world, body).get("too-casual", []))


@pytest.mark.parametrize(
    "closing",
    [
        "God bless you,\nRenee Kowalski, ACP\n(312) 555-0144",
        "Renee Kowalski\nLitigation Paralegal (NALA certified)\n(312) 555-0144",
    ],
)
def test_a_blessing_or_a_signature_block_signs_off(world: World, closing: str) -> None:
    found = fired(world, letter("I remain very interested.", closing=closing))
    assert not any("no sign-off" in m for m in found.get("too-casual", []))


def test_a_nickname_in_a_bare_name_sign_off_is_still_found(world: World) -> None:
    closing = 'Renee "Bates" Kowalski\nFile it, stamp it, serve it, call it a day.'
    assert "unprofessional-signature" in fired(world, letter("I am keen.", closing=closing))


@pytest.mark.parametrize(
    "middle",
    [
        "I volunteered with MERCY Malaysia after the floods.",
        "My engineering registration is ELECT/45821.",
    ],
)
def test_capitals_in_a_name_or_a_code_are_not_shouting(world: World, middle: str) -> None:
    assert "too-casual" not in fired(world, letter(middle))
