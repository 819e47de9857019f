"""Fixes from the rules11 tuning pass, in the wording of the development misses:
`inappropriate` (treats paid for, guests asked along, clothes, age and private life remarked
on, a gift sent), `sarcastic` (a mock reason for the delay, thanks for a curt rejection or for
the wait, overwork praised), `disparaging` (the basics explained to the interviewer, an
employer said to lack proper staff, faint praise for a small firm, systems called dated) and
`angry`'s "can't even" in a bracketed aside about someone else.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

from datetime import datetime

import pytest
import test_rules10
from corpus_runner import World
from test_rules10 import fired, letter
from test_rules10 import world as world  # the module's fixture, shared


@pytest.mark.parametrize(
    "middle",
    [
        "If you're ever in Wicker Park on a Friday, the first round is on me.",
        "Next time the coffees are on me, promise.",
        "We should grab lunch one day, my treat.",
        "Why don't I shout you a coffee next week and we can keep talking?",
        "I've booked us a table at Alinea for Saturday so we can get to know each other.",
        "My sister is getting married on the 12th and I would love you to come as my guest.",
        "You should come out to the Thursday trivia night at our bar sometime!",
        "We should play golf some Sunday at Jackson Park.",
        "I'd be glad to talk it all through over a beer.",
        "That green blazer really suited you, by the way.",
        "The earrings you wore today were lovely.",
        "You don't look anywhere near old enough to have run the litigation team for a decade.",
        "You look great for someone with grandchildren.",
        "You're far too good-looking to be stuck in a records room all day.",
        "Please tell your receptionist she is an absolute stunner.",
        "Your husband is a lucky man.",
        "Sorry to hear about the divorce; I overheard you on the phone in the corridor.",
        "You seemed very tired, so I hope the baby is letting you sleep.",
        "Could you pass her my number? I was too shy to ask at the desk.",
        "I've had a $100 gift card sent to your office as a small thank-you.",
    ],
)
def test_personal_approaches_in_new_wording(world: World, middle: str) -> None:
    assert "inappropriate" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "The delay with the exhibit list is on me, and I have fixed it.",
        "Please let me know whichever day suits you better for the second round.",
        "The firm's gift card scheme for staff sounded generous.",
        "Thank you for inviting me to the team lunch on Friday; I would be glad to come.",
        "Your voice of experience on the e-discovery vendors was helpful.",
        "I will bring my own copy of the exhibit binder, so lunch is not a problem for me.",
        "I saw the firm sponsors the trivia night at the bar association, which is lovely.",
    ],
)
def test_ordinary_letters_stay_quiet(world: World, middle: str) -> None:
    assert "inappropriate" not in fired(world, letter(middle))


def test_an_aside_about_someone_else_blames_nobody(world: World) -> None:
    middle = (
        "My brother is running two shops now, which keeps him very busy (can't even send an "
        "e-mail these days)."
    )
    assert "angry" not in fired(world, letter(middle))


def test_cant_even_at_the_reader_is_still_angry(world: World) -> None:
    middle = "Three weeks on and you can't even send a one-line reply."
    assert "angry" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I can only assume the decision is coming to me by carrier pigeon.",
        "No doubt the firm's calendar runs on a different system from the rest of Chicago.",
        "Thanks so much for the two-line rejection after four rounds.",
        "Thank you for the interview, and for the fifty-minute wait in the lobby beforehand.",
        "The role covers intake, filing, billing and the coffee machine. Who needs a lunch break?",
        "Your team must be close to a record for the slowest hiring in Illinois.",
    ],
)
def test_irony_in_new_wording(world: World, middle: str) -> None:
    assert "sarcastic" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I am sorry for the wait on my side; the reference letter is attached now.",
        "Thank you for the update on the wait times at the courthouse filing desk.",
        "I assume the decision will come after the partners meet on Friday, as you said.",
        "Thank you for the clear and kind rejection; I would be glad to be considered again.",
    ],
)
def test_plain_words_about_waiting_stay_quiet(world: World, middle: str) -> None:
    assert "sarcastic" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "Don't worry, I'm happy to walk you through the basics of e-discovery once I join.",
        "It is clear the team has been without proper case management for some time.",
        "For a small firm, the office was nicer than I expected.",
        "A small firm cannot really be expected to run hiring like the big ones.",
        "Your document system looks like it was built in the nineties.",
        "Your review platform is about ten years behind what we run at my firm.",
        "Mr. Duarte didn't seem to have read my resume.",
        "Some of the questions felt a little junior for a final round.",
        "It was a relief to finally speak to someone there who knows what they're doing.",
        "The crashing portal is not the best advertisement for a firm that sells compliance.",
    ],
)
def test_put_downs_in_new_wording(world: World, middle: str) -> None:
    assert "disparaging" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "With nine years behind the wheel of litigation support, I can start quickly.",
        "I was happy to walk you through my exhibit binder; thank you for the questions.",
        "I seemed a little lost on the first question, so here is a clearer answer.",
        "My draft was rough for a first attempt, and I have tidied it since.",
        "I have ten years behind me in document review.",
    ],
)
def test_own_shortcomings_and_experience_stay_quiet(world: World, middle: str) -> None:
    assert "disparaging" not in fired(world, letter(middle))


def test_missing_someone_on_the_phone_is_no_romance(world: World) -> None:
    middle = "I'll try your desk line on Thursday, and if I miss you I'll leave a short message."
    assert "inappropriate" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "The stiffness goes from 620 [N/mm] to 850 [N/mm], and the stress stays below 140 [MPa].",
        "I have quoted the vacancy reference [KH-0931] in the subject line, as asked.",
        "Your claim numbers follow an RRS-YY-XXXXX pattern, which makes sorting easy.",
    ],
)
def test_units_codes_and_code_formats_are_no_slots(world: World, middle: str) -> None:
    assert "unfilled-placeholder" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I look forward to joining [Company] in the new year.",
        "I enjoyed our talk about XXXX and the team.",
    ],
)
def test_slots_next_to_the_new_exceptions_still_count(world: World, middle: str) -> None:
    assert "unfilled-placeholder" in fired(world, letter(middle))


# ---- angry: from the even half of the politeness requests -----------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "Three weeks and not a word. Seriously?",
        "Excuse me? I was told the decision would come last Friday.",
        "Are you kidding me? A fourth round?",
        "What's your problem with my references?",
        "I am losing my patience with you and your team.",
        "I suggest you actually read my CV before the next round.",
        "Firstly, who are you? I have never heard of you.",
        "Did you really need to ask for a fourth reference?",
        "Two months of silence. What's the deal?",
        "You're a complete joke, frankly.",
    ],
)
def test_indignation_in_the_wording_of_rude_requests(world: World, middle: str) -> None:
    assert "angry" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I really enjoyed the tour of the records room.",
        "Could you tell me who is joining the second round?",
        "Understood, and thank you: I will send the forms today.",
        "The deal we discussed for the start date suits me well.",
        "I suggest we meet on Tuesday, if that suits you.",
    ],
)
def test_plain_questions_and_answers_stay_calm(world: World, middle: str) -> None:
    assert "angry" not in fired(world, letter(middle))


# ---- pushy: an offer asked for before anyone has made one ----------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "Please send the offer letter over this week so I can hand in my notice.",
        "I trust you will now move my application forward to the offer stage.",
        "Before the next round I want the salary offer in writing.",
        "Could you push my application through and confirm the offer this week?",
    ],
)
def test_an_offer_nobody_made_is_presumed(world: World, middle: str) -> None:
    assert "pushy" in fired(world, letter(middle))


def test_asking_for_the_letter_once_offered_is_ordinary(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("offer-world")
    (root / "config.toml").write_text(
        test_rules10.CONFIG.replace('status = "active"', 'status = "offer"', 1), "utf-8"
    )
    body = letter("Please send the offer letter over this week so I can hand in my notice.")
    assert "pushy" not in fired(World(root), body)


@pytest.mark.parametrize(
    "middle",
    [
        "Once you send the offer letter, I will sign it the same day.",
        "I will send the signed contract back with my references.",
    ],
)
def test_an_offer_spoken_of_conditionally_is_no_demand(world: World, middle: str) -> None:
    assert "pushy" not in fired(world, letter(middle))


def test_a_letter_about_an_offer_may_ask_for_it(world: World) -> None:
    raw = (
        f"From: {test_rules10.SENDER}\nTo: {test_rules10.MARGARET}\nSubject: Re: Your offer\n\n"
        + letter("Please send the offer letter over this week so I can hand in my notice.")
    )
    assert "pushy" not in world.messages(raw, datetime.fromisoformat(test_rules10.AT))


# ---- angry: anger said in other words, resentment, blame on the reader's side ---------------


@pytest.mark.parametrize(
    "middle",
    [
        "Being kept as a back-up makes me absolutely furious.",
        "I walked out of the building fuming.",
        "I was very offended by the question about my plans for a family.",
        "The forty-minute wait really got my back up.",
        "I did not appreciate being spoken to like that at the front desk.",
        "Leaving me in reception for an hour did not sit well with me.",
        "Your question about my marriage was completely out of line.",
        "That is no way to treat candidates who took a day off to come in.",
        "It is your team's fault that the case study never reached me.",
        "Someone on your side dropped the ball, and it was not me.",
        "I am not happy about the way this has been handled.",
        "I find that very poor from a firm of your size.",
        "Clearly your promise meant nothing to anybody.",
        "I would rather you had been straight than stringing me along.",
    ],
)
def test_anger_in_other_words(world: World, middle: str) -> None:
    assert "angry" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I dropped the ball on one question, so here is a fuller answer.",
        "I didn't appreciate how much the team does until the tour.",
        "The walk out to the archive left me with plenty of questions.",
        "I am not happy with my answer on bates ranges, so I have written it out properly.",
        "The client who left the meeting furious in my story was calmed within the hour.",
    ],
)
def test_own_slips_and_stories_stay_calm(world: World, middle: str) -> None:
    assert "angry" not in fired(world, letter(middle))


# ---- sarcastic and disparaging: the second pass over the development misses ----------------


@pytest.mark.parametrize(
    "middle",
    [
        "'Client-first litigation support' is a bold claim for a firm that cannot send a status email.",
        "Speed is clearly not the priority in your hiring.",
        "Choosing one paralegal can take longer than an entire football season, I see.",
        "Thank you for keeping me posted; it has been a real page-turner.",
    ],
)
def test_more_irony(world: World, middle: str) -> None:
    assert "sarcastic" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I was a little surprised that a senior paralegal would not know the local rules.",
        "I had honestly expected something more modern than a filing system from 2009.",
        "I would be happy to help your team catch up on e-discovery.",
        "The exhibit list looked like the work of a trainee.",
        "It is refreshing to apply somewhere with such modest expectations.",
        "I am sure I will not find the work at all challenging.",
        "It is a nice setup for a firm of Hartwell's size.",
        "Your online reviews are not the best right now, but I can help.",
        "I'll keep it simple for you: I can cut the review time in half.",
    ],
)
def test_more_put_downs(world: World, middle: str) -> None:
    assert "disparaging" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "A shared on-call rota could work well for a team of your size.",
        "I was surprised that the courthouse still closes at four; it made the tour memorable.",
        "I expect the second round will be more technical, and I am preparing for it.",
        "The new review platform sounds like it will help the team a great deal.",
    ],
)
def test_more_fair_remarks_stay_quiet(world: World, middle: str) -> None:
    found = fired(world, letter(middle))
    assert "disparaging" not in found and "sarcastic" not in found


# ---- generic: a CV line is no detail of the interview; a thing seen in their place is -------


def test_a_cv_line_is_no_detail_of_the_interview(world: World) -> None:
    detail = (
        "Thank you for the interview today. With over ten years of litigation support at "
        "Baker McKenzie and the Cook County courts, I am confident I can contribute."
    )
    assert "generic" in fired(world, letter("I look forward to hearing from you.", detail))


@pytest.mark.parametrize(
    "detail",
    [
        # The writer recalls saying it: a moment of the conversation.
        "Thank you for the interview. As I mentioned, I have run document reviews for three "
        "class actions in the Northern District.",
        # A thing seen in their place.
        "Thank you for this morning. The model of the new courthouse in your lobby was a "
        "nice reminder of what all the filings are for.",
        "Thank you for today. You took out a pen and drew the privilege log workflow for me.",
    ],
)
def test_a_recalled_moment_or_a_thing_seen_is_specific(world: World, detail: str) -> None:
    assert "generic" not in fired(world, letter("I look forward to hearing from you.", detail))


def test_a_title_before_a_name_does_not_end_the_sentence(world: World) -> None:
    middle = "I need Ms. Sloane to make her decision by Thursday at noon at the latest."
    assert "pushy" in fired(world, letter(middle))


def test_the_masked_text_keeps_its_offsets() -> None:
    from followup_guard.checks.textview import view

    tv = view(
        "Ask Ms. Lee, e.g. by phone, in the U.S. office. Then stop. Call Dr. No at 5 p.m. Today."
    )
    assert len(tv.prose) == len(tv.text)
    # Masked: "Ms.", both dots of "e.g.", the inner dot of "U.S.", "Dr."; not "p.m." or a full stop.
    assert tv.prose.count(".") == tv.text.count(".") - 5


# ---- from the rules12 worlds: whose lawyer, whose number, whose brackets --------------------


def test_someone_else_seeing_a_solicitor_is_no_threat(world: World) -> None:
    middle = "You said tenants often post on Facebook before they contact a solicitor."
    assert "angry" not in fired(world, letter(middle))


def test_calling_their_mobile_until_they_answer_is_pushy_not_personal(world: World) -> None:
    middle = "I will keep trying your mobile number until I reach you, at lunch and after five."
    found = fired(world, letter(middle))
    assert "pushy" in found and "inappropriate" not in found


@pytest.mark.parametrize(
    ("middle", "slot"),
    [
        ('The student said: "Ms. Lee [his co-teacher] never makes me feel left out."', False),
        ('As you put it, "[insert quote here]".', True),
    ],
)
def test_an_editors_insertion_in_a_quote_is_no_slot(world: World, middle: str, slot: bool) -> None:
    assert ("unfilled-placeholder" in fired(world, letter(middle))) is slot


# ---- angry: anger told of someone else in a story from the job -------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "I keep thinking about the role-play with the furious tenant who had been without "
        "heating for three days and kept shouting that nobody cared.",
        "Your story about the client who was furious at the other side's bundle, and how you "
        "calmed the meeting, taught me a great deal.",
    ],
)
def test_anger_in_a_story_about_someone_else_is_not_the_writers(world: World, middle: str) -> None:
    assert "angry" not in fired(world, letter(middle))


def test_the_writers_own_anger_still_reads_as_angry(world: World) -> None:
    middle = "I am furious that nobody told me the role had already been filled."
    assert "angry" in fired(world, letter(middle))


# ---- a rank before a surname; a price put as an advert in the signature ---------------------


@pytest.mark.parametrize("title", ["Inspector", "Cllr", "Ms."])
def test_another_companys_interviewer_by_title_and_surname(world: World, title: str) -> None:
    # A rank or office is a title like "Ms.": Margaret Sloane of Hartwell, named in a letter
    # to Crossdock.
    body = (
        "Dear Sam,\n\nThank you for the call today and for the tour of the loading dock. "
        f"Please pass my thanks again to {title} Sloane and the team.\n\nBest regards,\nRenee\n"
    )
    raw = (
        f"From: {test_rules10.SENDER}\nTo: Sam Ortiz <sam.ortiz@crossdock.example>\n"
        f"Subject: Thank you\n\n{body}"
    )
    assert "wrong-name" in world.messages(raw, datetime.fromisoformat(test_rules10.AT))


def test_a_price_from_in_the_signature_is_an_advert(world: World) -> None:
    body = letter(
        "I look forward to hearing from you.",
        closing="Kind regards,\nRenee Kowalski\nNeed a will? Cheap DIY will packs from 25 pounds",
    )
    assert "unprofessional-signature" in fired(world, body)
