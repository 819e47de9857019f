"""Fixes from the rules19 pass, each a shape rather than a wording: a company whose name
holds "of" or "the" is still named in full; a town beside a company named after it is a
place after "past" or "through" too; a bracketed aside that continues its sentence is no
slot; a signature block's title and credential lines are not the writer's tone; anger told
of someone at work is a story, whatever their trade; a quoted saying in a signature line is
a tagline; a post of "them" is a post. Each shape has neighbours that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP), and, for
`wrong-name`, in worlds of their own where the other company's name holds "of" or is
named after its town.
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import OTHER_COMPANY, fired, letter, world_with
from test_rules10 import world as world  # the module's fixture, shared


@pytest.fixture(scope="module")
def of_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return world_with(
        tmp_path_factory, "rules19-of", OTHER_COMPANY, 'company = "Ministry of Forests"'
    )


@pytest.fixture(scope="module")
def lake_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return world_with(
        tmp_path_factory, "rules19-lake", OTHER_COMPANY, 'company = "Fraser Lake Timber"'
    )


# ---- wrong-name: the small words of a name, and places passed on the way -------------------


@pytest.mark.parametrize(
    "middle",
    [
        "I would be proud to join the stewardship team at the Ministry of Forests.",
        "I am excited about joining the Ministry of the Forests, as I said.",
        "Working for the MINISTRY OF FORESTS has long been my goal.",
    ],
)
def test_a_name_with_of_in_it_is_named_in_full(of_world: World, middle: str) -> None:
    assert "wrong-name" in fired(of_world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "The ministry asked for forests data in my last job, which is how I learned GIS.",
        "I also hold an offer from the Ministry of Forests, so a date would help me plan.",
    ],
)
def test_the_words_of_such_a_name_alone_are_no_wrong_name(of_world: World, middle: str) -> None:
    assert "wrong-name" not in fired(of_world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "Since we spoke I drove out past Fraser Lake to see the 2023 burn along Highway 16.",
        "The bus route through Fraser Lake made me late, and I am sorry for that.",
        "My family spent summers along Fraser Lake when I was a child.",
    ],
)
def test_a_town_passed_on_the_way_is_no_wrong_name(lake_world: World, middle: str) -> None:
    assert "wrong-name" not in fired(lake_world, letter(middle))


def test_the_company_named_after_the_town_still_is(lake_world: World) -> None:
    found = fired(lake_world, letter("I would be glad to join the Fraser Lake Timber crew."))
    assert "wrong-name" in found


# ---- unfilled-placeholder: an aside in brackets ------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "Your point that every alarm must be logged [even the nuisance ones] stayed with me.",
        "I keep a log of every exhibit [especially the late ones] in one spreadsheet.",
        "Each deposition is proofread twice [and read aloud once] before it goes out.",
    ],
)
def test_an_aside_in_brackets_is_no_slot(world: World, middle: str) -> None:
    assert "unfilled-placeholder" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    ["I also enjoyed [one more thing you discussed].", "I liked hearing about [the team project]."],
)
def test_a_note_to_self_is_still_a_slot(world: World, middle: str) -> None:
    assert "unfilled-placeholder" in fired(world, letter(middle))


# ---- tone: a signature block is labels, not the writer's voice --------------------------------


def test_a_credentials_block_below_the_closing_is_not_judged_for_tone(world: World) -> None:
    closing = (
        "Respectfully yours,\nRenee Kowalski\nParalegal | NALA Certified Paralegal (CP)\n"
        "Basic and Advanced Litigation Training, ABA, NFPA\n+1 312 555 0143"
    )
    found = fired(world, letter("I would be glad to join the team.", closing=closing))
    assert not {"disparaging", "angry", "sarcastic"} & set(found)


def test_a_shouted_line_below_the_closing_is_still_read(world: World) -> None:
    closing = "Best regards,\nRenee\nDON'T WASTE MY TIME WITH ANOTHER PANEL"
    found = fired(world, letter("I would be glad to join the team.", closing=closing))
    assert "angry" in found or "unprofessional-signature" in found


# ---- angry: anger met at work, in any trade ----------------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "You asked how I handled the angry oiler on my last vessel who blamed me for the trip.",
        "Calming angry relatives without taking it personally is something I practise weekly.",
        "You talked about how angry and upset some parents are when they first arrive.",
        "I once spent an hour with an irate landscaper whose fence we had damaged.",
    ],
)
def test_anger_met_at_work_is_no_anger_at_the_reader(world: World, middle: str) -> None:
    assert "angry" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I am angry that nobody has called me back after three weeks of silence.",
        "Frankly I am furious at how this process has treated me, and you should know it.",
    ],
)
def test_the_writers_own_anger_still_fires(world: World, middle: str) -> None:
    assert "angry" in fired(world, letter(middle))


# ---- unprofessional-signature and social-media ------------------------------------------------


def test_a_quoted_saying_after_other_words_is_a_tagline(world: World) -> None:
    closing = 'Sincerely,\nRenee K.\n~ Paralegal Queen ~ "Well-behaved women rarely make history"'
    found = fired(world, letter("I would be glad to join the team.", closing=closing))
    assert "unprofessional-signature" in found


def test_a_quoted_title_in_a_signature_is_no_tagline(world: World) -> None:
    closing = 'Best regards,\nRenee Kowalski\nAuthor of "Discovery Practice For Paralegals"'
    found = fired(world, letter("I would be glad to join the team.", closing=closing))
    assert "unprofessional-signature" not in found


def test_posting_them_on_instagram_is_a_post(world: World) -> None:
    middle = "I took a few photos of the file room and posted them on my Instagram with a tag."
    assert "social-media" in fired(world, letter(middle))


# ---- sentences: a title's stop ends no sentence -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The printout Engr. Tumulak showed me was old.",
        "I spoke with Atty. Reyes and Capt. Lim after the panel.",
        "Please pass my thanks to Cllr. Shah and Sgt. Okoro.",
    ],
)
def test_a_title_before_a_name_is_inside_its_sentence(text: str) -> None:
    from followup_guard.checks.tone_model import sentences

    assert len(sentences(text)) == 1


def test_a_sentence_still_ends_before_a_capital() -> None:
    from followup_guard.checks.tone_model import sentences

    assert len(sentences("The panel ran late. Tumulak showed me the log.")) == 2
