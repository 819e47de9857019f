"""Fixes from the rules13 pass: `angry` for a reproach put as a question and for the writer's
own anger said with softeners, `pushy` for an ultimatum put as the writer's next step and
for an offer letter presumed, `inappropriate` for looks by comparison and invitations away
from work. Each family has good letters that share its words and must stay quiet.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from corpus_runner import World
from test_rules10 import AT, DETAIL, fired, letter
from test_rules10 import world as world  # the module's fixture, shared


@pytest.mark.parametrize(
    "middle",
    [
        "Why haven't you answered a single one of my emails?",
        "How come nobody there can tell me anything, and why didn't you call as promised?",
        "Why do you keep moving the date without telling the candidates?",
        "Did you actually read the writing sample I sent?",
        "Have you even looked at my application since the interview?",
        "Don't you check your inbox over there?",
        "Are you ever going to reply to me?",
        "Care to explain why the decision date keeps slipping?",
        "How many times do I have to ask for a simple update?",
        "You told me Friday and then said nothing. Where's the sense in that?",
        "What does my age have to do with the role?",
        "So you're saying the role was filled before I even interviewed?",
    ],
)
def test_a_reproach_put_as_a_question_is_angry(world: World, middle: str) -> None:
    assert "angry" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I completely understand why you haven't been able to decide yet.",
        "Why don't you come along to the bar association talk on the 12th as my guest?",
        "Did you get a chance to look at the writing sample I sent?",
        "Have you had a chance to speak with the partners about the timeline?",
        "I wondered how the new case management system has settled in?",
        "What does the first month on the litigation team usually look like?",
        "Are you going to be at the county bar breakfast next week?",
    ],
)
def test_questions_without_reproach_stay_quiet(world: World, middle: str) -> None:
    assert "angry" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I'll be honest: I'm fairly frustrated that the date came and went with no word.",
        "I was, however, upset that the panel started an hour late without a word.",
        "Frankly I'm still annoyed about being left in reception for forty minutes.",
        "I am fed up of being messed about by your recruiters.",
        "It was upsetting to be told one date and then hear nothing at all.",
        "I find it rather galling that nobody has replied in three weeks.",
    ],
)
def test_the_writers_own_anger_is_angry(world: World, middle: str) -> None:
    assert "angry" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I was frustrated with the paper filing system at my previous firm, so I moved it "
        "all to iManage.",
        "I'm really frustrated by slow e-discovery exports, which is why I learned Relativity "
        "scripting.",
        "I was so upset to hear about the flood in your Chicago office.",
        "I was angry on behalf of the client in your story, and admired how the team handled it.",
        "I'm annoyed with myself for forgetting to mention my notary commission.",
        "It was frustrating when the court portal went down, but we filed on time.",
    ],
)
def test_frustration_in_a_story_or_sympathy_stays_quiet(world: World, middle: str) -> None:
    assert "angry" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I have another offer and I will have to accept it if I do not hear from you by Thursday.",
        "If I haven't heard back by Friday, I'll take the other firm's offer.",
        "You'll want to move quickly if you're serious about hiring me.",
        "I would like you to confirm today whether I am your first choice.",
        "I look forward to receiving my offer letter early next week.",
    ],
)
def test_an_ultimatum_or_a_presumed_offer_is_pushy(world: World, middle: str) -> None:
    assert "pushy" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I have received another offer with a deadline of Friday; if there is any news on "
        "your timeline before then, I would be glad to hear it.",
        "If I haven't heard by the end of the month, I'll assume the timeline has moved and "
        "check back in January.",
        "I am serious about litigation support as a career.",
        "I would like to confirm that Tuesday at ten suits me for the second round.",
    ],
)
def test_firm_but_polite_is_not_pushy(world: World, middle: str) -> None:
    assert "pushy" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "You are far better looking than any partner I have worked for.",
        "How about you and I grab a drink on Friday and talk it over?",
        "It would be nice to get to know each other better outside the office.",
        "If you're ever keen for a round at the Lincoln Park course, I'm always short a partner.",
        "I would be happy to bring you along to my church's potluck on Sunday.",
    ],
)
def test_looks_and_invitations_are_inappropriate(world: World, middle: str) -> None:
    assert "inappropriate" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "The new exhibit binders look far better than the old ones.",
        "I hope to get to know the team better if I join.",
        "If you ever need a second reader on a brief, I would be glad to help.",
    ],
)
def test_work_talk_with_those_words_is_fine(world: World, middle: str) -> None:
    assert "inappropriate" not in fired(world, letter(middle))


PLAIN = "Thank you for your time at yesterday's panel."


@pytest.mark.parametrize(
    "middle",
    [
        "I particularly enjoyed our discussion of [specific topic], and it confirmed my "
        "interest in the role.",
        "It was great to hear about {project} and I look forward to hearing from you.",
    ],
)
def test_a_slot_where_the_detail_goes_is_one_finding(world: World, middle: str) -> None:
    found = fired(world, letter(middle, detail=PLAIN))
    assert "unfilled-placeholder" in found
    assert "generic" not in found


def test_a_slot_in_the_greeting_leaves_a_template_body_generic(world: World) -> None:
    body = letter("I enjoyed learning more about the role and the team.", detail=PLAIN)
    found = fired(world, body.replace("Dear Margaret", "Dear [Interviewer Name]"))
    assert {"unfilled-placeholder", "generic"} <= set(found)


def test_a_moment_that_stayed_with_the_writer_is_specific(world: World) -> None:
    middle = (
        "The moment that stayed with me was the client who came in during the tour to pick "
        "up her late husband's papers, and how gently your colleague at the desk sat with her."
    )
    assert "generic" not in fired(world, letter(middle, detail=PLAIN))


@pytest.mark.parametrize(
    "closing",
    [
        "Kind regards,\nRen K.\nProfessional Nap Negotiator & Snack Bandit",
        "Kind regards,\nRenny W\nBook dragon. Tea addict. Will proofread for biscuits.",
        "Best regards,\nAtty. Renee Kowalski\nBlessed, favoured and unstoppable. Nobody can "
        "dim my shine!",
        "Best regards,\nRenee Kowalski\n(312) 555-0142\nParalegals do it with more exhibits",
    ],
)
def test_taglines_under_any_form_of_the_name(world: World, closing: str) -> None:
    assert "unprofessional-signature" in fired(world, letter("", closing=closing))


@pytest.mark.parametrize(
    "closing",
    [
        "Kind regards,\nRen K.\nLitigation Paralegal, Cook County",
        "Best regards,\nAtty. Renee Kowalski\nLicensed in Illinois",
        "Kind regards,\nRenny W\n(312) 555-0142",
    ],
)
def test_plain_lines_under_any_form_of_the_name(world: World, closing: str) -> None:
    assert "unprofessional-signature" not in fired(world, letter("", closing=closing))


# ---- structural false alarms met in the rules14 worlds --------------------------------


def test_a_rank_before_the_surname_is_a_title(world: World) -> None:
    body = letter("I look forward to hearing from you.").replace("Dear Margaret", "Dear Lt. Sloane")
    assert "wrong-name" not in fired(world, body)


@pytest.mark.parametrize(
    "middle",
    [
        "I write regarding my video interview of 17 November and would welcome any news.",
        "Your example of the clerk disciplined for posting photos of a case file on Facebook "
        "was a lesson I will remember.",
    ],
)
def test_no_post_of_the_writers_own(world: World, middle: str) -> None:
    assert "social-media" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "The witness statement [names removed] is attached as you asked.",
        "Our export job logged '[ERROR] batch 4 failed' twice before I fixed the mapping.",
        "The portal's endpoint /matters/{matter_id}/documents returned the full list.",
        "The template only needed its <title> tag changed for the new matter.",
    ],
)
def test_notes_logs_paths_and_tags_are_no_slots(world: World, middle: str) -> None:
    assert "unfilled-placeholder" not in fired(world, letter(middle))


def test_a_log_level_in_brackets_is_no_shouting(world: World) -> None:
    middle = "Our export job logged '[ERROR] batch 4 failed' twice before I fixed the mapping."
    assert "too-casual" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "closing",
    [
        "Best regards,\nRenee Kowalski\nNALA #P2291847 | Illinois notary #617203",
        "Best regards,\nRenee Kowalski\nCLA and CP certified (NALA)",
    ],
)
def test_credentials_in_capitals_and_numbers_are_plain(world: World, closing: str) -> None:
    found = fired(world, letter("", closing=closing))
    assert "unprofessional-signature" not in found
    assert "angry" not in found


def test_thanks_for_all_your_support_is_no_advert(world: World) -> None:
    closing = "Thank you, Margaret, for all your support.\n\nWith respect,\nRenee"
    assert "unprofessional-signature" not in fired(world, letter("", closing=closing))


def test_anger_of_others_in_a_talking_point_is_not_the_writers(world: World) -> None:
    middle = (
        "We spoke about how angry clients can become when a matter drags on for months, and "
        "how a clear timetable calms most of that."
    )
    assert "angry" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I suppose 'by Friday' was more of a suggestion than a deadline.",
        "Do tell me which decade you had in mind and I will plan around it.",
        "Three rounds for one vacancy, which I suppose is a skill.",
        "I'm sure your clients simply love filling in the same form twice.",
        "Weekend on-call every other week sounds like a real holiday.",
    ],
)
def test_set_ironies_are_sarcastic(world: World, middle: str) -> None:
    assert "sarcastic" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "Law firm HR teams are not exactly famous for their speed, so I am not surprised.",
        "Your intake process is fine for what it is.",
        "It feels a little old-fashioned, but I'm sure you'll get there eventually.",
        "I could tell you were new to interviewing, so don't worry about the overrun.",
        "Please don't worry about not being familiar with e-discovery; I can handle that.",
    ],
)
def test_put_downs_that_recur_are_disparaging(world: World, middle: str) -> None:
    assert "disparaging" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "The firm is known for its pro bono work, which is one reason I applied.",
        "With nine years behind the reception desk, I know a busy Monday.",
        "I'm sure the team will be glad of the new filing system.",
    ],
)
def test_praise_and_cv_lines_are_not_put_downs(world: World, middle: str) -> None:
    found = fired(world, letter(middle))
    assert "disparaging" not in found
    assert "sarcastic" not in found


# ---- false alarms met in the rules15 worlds --------------------------------------------


def test_god_bless_in_the_closing_is_a_closing(world: World) -> None:
    closing = "Thank you and God bless,\nRenee Kowalski"
    assert "unprofessional-signature" not in fired(world, letter("", closing=closing))


def test_a_slogan_in_the_signature_still_is_one(world: World) -> None:
    closing = "Best regards,\nRenee Kowalski\nGod bless America"
    assert "unprofessional-signature" in fired(world, letter("", closing=closing))


def test_a_joined_surname_in_the_greeting_is_the_recipients(world: World) -> None:
    raw = (
        "From: Renee Kowalski <renee.kowalski@example.com>\n"
        "To: Margaret Sloane-Okafor <margaret.sloane@hartwellpruitt.example>\n"
        "Subject: Thank you\n\nDear Ms Sloane-Okafor,\n\n" + DETAIL + "\n\nBest regards,\nRenee\n"
    )
    assert "wrong-name" not in world.messages(raw, datetime.fromisoformat(AT))


@pytest.mark.parametrize(
    "middle",
    [
        "Our triage card runs [airway, breathing, circulation, disability, exposure] in order.",
        "I can take another look at the exhibit index at any time that suits you.",
        "You asked how I would handle staff sharing client files on WhatsApp groups.",
    ],
)
def test_lists_second_looks_and_others_posts_are_fine(world: World, middle: str) -> None:
    found = fired(world, letter(middle))
    assert not {"unfilled-placeholder", "inappropriate", "social-media"} & set(found)


@pytest.mark.parametrize(
    "middle",
    [
        "I loved the photo in your hallway of the firm's first office on Clark Street.",
        "I noticed the photo in your office that you run the Chicago half-marathon every year.",
    ],
)
def test_a_photo_of_a_place_or_a_thing_is_not_personal(world: World, middle: str) -> None:
    assert "inappropriate" not in fired(world, letter(middle))


def test_a_remark_on_their_photo_still_is(world: World) -> None:
    middle = "Your profile photo is gorgeous, by the way."
    assert "inappropriate" in fired(world, letter(middle))


def test_the_readers_own_anger_recalled_is_a_talking_point(world: World) -> None:
    middle = (
        "One thing you said has stuck with me: that you get angry every time a client's file "
        "goes missing because nobody logged it, and I feel exactly the same way."
    )
    assert "angry" not in fired(world, letter(middle))
