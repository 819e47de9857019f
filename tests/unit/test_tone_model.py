"""The sentence tone model: the shipped weights, sentence splitting, scores and spans.

The sentences below were written for these tests and are not in scripts/tone_training/: the
model must carry to wording it was not trained on, and stay quiet on good sentences that share
its words ("I beg to differ", "a killer feature", "your personal address book").
"""

from __future__ import annotations

import json

import pytest
from followup_guard.checks import textview, tone_model
from followup_guard.checks.tone_model import features

UNSEEN_BAD = {
    "angry": [
        "Your recruiters are rude and I am absolutely furious about it!!",
        "How dare your manager cancel my interview twice?",
        "This whole thing is a disgrace and I'm livid.",
    ],
    "sarcastic": [
        "Oh wow, thanks so much for the prompt reply after only two months.",
        "I'm sure you were far too busy to send a one-line email.",
        "Well done on losing my application, truly impressive.",
    ],
    "disparaging": [
        "Your interviewer was clueless and frankly incompetent.",
        "The whole department seemed like a joke run by amateurs.",
        "Your product is mediocre and your code is a mess.",
    ],
    "pushy": [
        "Reply by tomorrow noon or I'll accept the other offer.",
        "Send me your decision today, no excuses.",
        "I expect a call back within the hour.",
    ],
    "desperate": [
        "Please please give me a chance, I'm begging you.",
        "I will work for free, I just need this job.",
        "This role is my last hope and my rent is due.",
    ],
    "inappropriate": [
        "You looked gorgeous at the interview, are you single?",
        "Would you like to grab dinner and drinks, just the two of us?",
        "I found your Instagram and your holiday photos are stunning.",
    ],
}
UNSEEN_GOOD = [
    "Thank you for the interview; I enjoyed meeting the team.",
    "I have another offer with a deadline of Friday, so I wanted to ask about your timeline.",
    "I beg to differ on the caching question, and here is why.",
    "The offline mode is a killer feature.",
    "Please let me know if you need anything else from me.",
    "I'm really excited about the role and hope to hear from you soon.",
    "Dana mentioned she can't even send email from the ward some days.",
    "Your personal address book entry for me is out of date; here is my new number.",
    "I would be happy to answer any further questions.",
    "Production started on Saturday at 2:00 p.m. at about 6,500 gross.",
]


def test_weights_ship_with_the_package_and_name_the_six_tones():
    raw = json.loads(tone_model.WEIGHTS_PATH.read_text("utf-8"))
    assert tuple(raw["classes"]) == tone_model.TONES
    m = tone_model.model()
    assert m.classes == tone_model.TONES
    assert all(0.5 <= m.thresholds[t] < 1 for t in tone_model.TONES)
    assert tone_model.model() is m  # read once per process
    assert len(features.valence()) > 7000


@pytest.mark.parametrize("tone", tone_model.TONES)
def test_unseen_wording_of_each_tone_is_caught(tone):
    caught = [s for s in UNSEEN_BAD[tone] if tone_model.confident(s, tone)]
    assert len(caught) >= 2, (tone, caught)


@pytest.mark.parametrize("sentence", UNSEEN_GOOD)
def test_good_sentences_sharing_its_words_stay_quiet(sentence):
    assert [t for t in tone_model.TONES if tone_model.confident(sentence, t)] == []


def test_spans_point_at_the_sentence_and_the_words_that_carry_the_tone():
    text = (
        "Dear Dana,\n\nThanks for the call. Your interviewer was clueless and frankly incompetent."
    )
    (hit,) = tone_model.confident(text, "disparaging")
    assert text[hit.span[0] : hit.span[1]] == (
        "Your interviewer was clueless and frankly incompetent."
    )
    a, b = hit.carrier_span("disparaging")
    assert hit.span[0] <= a < b <= hit.span[1]
    assert "clueless" in text[a:b] or "incompetent" in text[a:b]


def test_sentences_split_on_ends_and_line_breaks_but_not_abbreviations_or_wrapping():
    text = (
        "Dear Dana,\n\nI met Dr. Patel, e.g. on Monday! Is it U.S. based?\n"
        "This hard-wrapped line of a plain-text letter runs on past fifty characters\n"
        "and ends here.\n- a list item\n"
        "1) Mr Hafiz Rahman, Senior Nurse Clinician at Bayshore Hospital, +65 9876 5432\n"
        "2) Ms Irene Teo\nBest regards,\nAlex"
    )
    got = [text[a:b] for a, b in tone_model.sentences(text)]
    assert got == [
        "Dear Dana,",
        "I met Dr. Patel, e.g. on Monday!",
        "Is it U.S. based?",
        "This hard-wrapped line of a plain-text letter runs on past fifty characters\n"
        "and ends here.",
        "- a list item",
        "1) Mr Hafiz Rahman, Senior Nurse Clinician at Bayshore Hospital, +65 9876 5432",
        "2) Ms Irene Teo",
        "Best regards,",
        "Alex",
    ]


_QUERY_LETTER = """Dear Priya,

As you asked on Tuesday, here is the query I described for the late-consignment report:

SELECT c.ref, c.carrier, c.eta
FROM consignments c
JOIN depots d ON d.id = c.depot_id
WHERE c.status IN ('LATE', 'HELD') AND d.region = 'NSW'
ORDER BY c.eta DESC;

It runs in about a second on last month's data.
"""


def test_a_query_sent_on_request_is_not_judged_for_tone():
    # At a cut far below the shipped ones the query's lines would read as angry (capitals,
    # brackets, quotes); the model does not judge lines that look like code at all, while
    # the prose around them is still judged.
    for tone in tone_model.TONES:
        for s in tone_model.confident(_QUERY_LETTER, tone, threshold=0.05):
            said = _QUERY_LETTER[s.span[0] : s.span[1]]
            assert "SELECT" not in said and "WHERE" not in said, (tone, said)
    prose = _QUERY_LETTER.replace("here is the query", "here is the stupid query, you idiots")
    assert any(
        tone_model.confident(prose, tone, threshold=0.05) for tone in ("angry", "disparaging")
    )


@pytest.mark.parametrize(
    "line",
    [
        "WHERE c.status IN ('LATE', 'HELD') AND d.region = 'NSW'",
        "WHERE d.[Region] IN ('N', 'S')",
        "  AND o.shipped_at IS NULL",
        "LEFT JOIN depots d ON d.id = c.depot_id",
    ],
)
def test_query_clause_lines_are_code(line):
    assert textview.in_code_line(line, 0)


@pytest.mark.parametrize(
    "line", ["WHERE IS MY REPLY", "AND I AM STILL WAITING", "Or we could meet on Friday."]
)
def test_shouted_prose_is_not_a_query(line):
    assert not textview.in_code_line(line, 0)


def test_only_sure_code_is_left_unjudged():
    # "CIT(A)" looks like a call to the broad code test (no shouting read into it), but a
    # sentence holding it is prose and its tone is judged.
    prose = "Your team lost at the CIT(A) level. The juniors are clueless."
    assert textview.in_code_line(prose, 0)
    assert not textview.has_code_line(prose, 0, len(prose))
    assert textview.has_code_line(_QUERY_LETTER, 0, len(_QUERY_LETTER))


@pytest.mark.parametrize(
    "line",
    [
        "Mr Hafiz Rahman, Senior Nurse Clinician, Bayshore Hospital (my current supervisor), "
        "+65 9876 5432",
        "Ms Irene Teo, Nurse Manager, irene.teo@example.com",
    ],
)
def test_a_referees_contact_line_is_a_listing(line):
    assert textview.is_contact_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Call me on 0412 345 678 before Friday or I will take the other offer.",
        "Mr Rahman, Senior Nurse Clinician at Bayshore Hospital, is my current supervisor.",
    ],
)
def test_prose_around_a_number_or_a_name_is_not_a_listing(line):
    assert not textview.is_contact_line(line)


def test_a_referees_contact_line_is_not_judged_for_tone():
    letter = (
        "Dear Ms Ng,\n\nThank you for your email. My two referees are:\n\n"
        "1. Mr Hafiz Rahman, Senior Nurse Clinician, Bayshore Hospital (my current "
        "supervisor), +65 9876 5432\n2. Ms Irene Teo, my former Nurse Manager, +65 8123 4567\n"
        "\nBoth are useless and know nothing about nursing.\n"
    )
    fired = {
        letter[s.span[0] : s.span[1]]
        for tone in tone_model.TONES
        for s in tone_model.confident(letter, tone, threshold=0.05)
    }
    assert not any("+65" in said for said in fired), fired
    assert "Both are useless and know nothing about nursing." in fired  # the prose still is


def test_the_interviewers_words_given_back_are_no_irony_without_an_ironic_cue():
    sincere = (
        "Dear Dana,\n\nI particularly liked your point that a contract is a promise between "
        "people first and a schema second.\n"
    )
    assert tone_model.confident(sincere, "sarcastic", threshold=0.05) == []
    ironic = (
        "Dear Dana,\n\nThanks a lot for the three weeks of silence, just as you said there "
        "would be.\n"
    )
    assert tone_model.confident(ironic, "sarcastic", threshold=0.05)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thanks to all of you for all of your efforts.",
        "Thanks - I'll include it in the master file.",
        "Many thanks for your time on Tuesday and for the tour of the ward.",
    ],
)
def test_plain_thanks_are_no_irony(sentence):
    assert tone_model.confident(f"Dear Dana,\n\n{sentence}\n", "sarcastic", threshold=0.05) == []


def test_thanks_with_a_turn_of_their_own_still_are():
    turned = "Dear Dana,\n\nThank you so much for the three weeks of silence.\n"
    assert tone_model.confident(turned, "sarcastic", threshold=0.05)


def test_unknown_tone_and_empty_text():
    with pytest.raises(ValueError, match="unknown tone 'rude'"):
        tone_model.confident("Hello.", "rude")
    assert tone_model.score("") == []
    assert tone_model.score("   \n\n ") == []


def test_features_name_politeness_strategies():
    f = features.sentence_features("Could you please let me know by Friday? Thanks!")
    assert {"p:counterfactual", "c:gratitude", "p:deadline", "punct:bang"} <= set(f)
    f = features.sentence_features("Why did you not bother to reply?")
    assert {"start:question", "p:accuse", "c:negation"} <= set(f)
    assert "case:shouting" in features.sentence_features("WHY HAS NOBODY REPLIED TO ME")
    assert "case:shouting" not in features.sentence_features("We use HTML, SQL and the NHS API.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Nothing says a warm welcome quite like forty minutes alone in reception.",
        "It's not as if anyone at a bank is used to deadlines.",
        "Wow, a whole three lines!",
        "Take your time, it's only my career.",
        "I'll treasure that template forever.",
        "Silly me for thinking a week meant a week.",
        "I assume the offer is coming by carrier pigeon.",
        "And thank you, too, for the forty-five minutes in the lobby beforehand.",
        "Congratulations on starting on time, give or take forty minutes.",
        "I can only assume my CV is being given the full ceremony.",
    ],
)
def test_irony_constructions_are_a_sarcasm_cue(sentence):
    f = features.sentence_features(sentence)
    assert "p:irony" in f
    assert features.may_have_cue(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Nothing stood out as a problem in the handover.",
        "It felt as if the whole team had known me for years.",
        "I would treat the role as my career, not only as a job.",
    ],
)
def test_irony_cue_needs_the_construction(sentence):
    assert "p:irony" not in features.sentence_features(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "If you fancy a pint some evening, the first round is on me.",
        "You are welcome to bring your family too.",
        "You look far too young to be running a school!",
        "If you would like some company at the Christmas functions, just say.",
    ],
)
def test_treats_company_and_looks_are_an_inappropriate_cue(sentence):
    assert "p:personal" in features.sentence_features(sentence)
    assert features.may_have_cue(sentence)


def test_the_personal_cue_needs_the_construction():
    for sentence in (
        "The company values you described match mine.",
        "I look forward to hearing from you.",
        "Please bring your questions on Friday.",
    ):
        assert "p:personal" not in features.sentence_features(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Excuse me? I sent that form a week ago.",
        "Did you not read the note I left on your page?",
        "You do realise the deadline was yesterday?",
        "Do you understand why this matters to the whole team?",
        "Care to explain why my edit was undone?",
        "Who are you to decide that for everyone?",
    ],
)
def test_challenges_that_talk_down_are_a_rhetorical_cue(sentence):
    # Requests the least polite in the politeness corpus are often put this way.
    assert "p:rhetorical" in features.sentence_features(sentence)
    assert features.may_have_cue(sentence)


def test_the_rhetorical_cue_needs_the_challenge():
    for sentence in (
        "Excuse me for writing again so soon.",
        "I read the note you left and understood the plan.",
        "I realise the deadline is close, so here is my form.",
        "Please take care and explain the next step when you can.",
    ):
        assert "p:rhetorical" not in features.sentence_features(sentence)


# Sarcasm without a cue (rules30 round): judged on every sentence, it fires in a calm letter,
# but in an angry letter a bitter line is the anger's, not a second tone.
IRONY_WITHOUT_A_CUE = (
    "I gather the panel is still deciding, perhaps at the speed of the council's pothole repairs."
)


def test_irony_without_a_cue_is_judged():
    assert not tone_model.TONE_CUES["sarcastic"] & set(
        features.sentence_features(IRONY_WITHOUT_A_CUE)
    )
    letter = f"Dear Dana,\n\n{IRONY_WITHOUT_A_CUE}\n\nBest regards,\nAlex"
    assert tone_model.confident(letter, "sarcastic")


def test_a_bitter_line_in_an_angry_letter_is_anger_not_sarcasm():
    letter = (
        "Dear Dana,\n\nI am furious about how this was handled and frankly disgusted.\n\n"
        "It has been eleven days of total silence since the interview.\n\nAlex"
    )
    assert tone_model.confident(letter, "angry")
    assert not tone_model.confident(letter, "sarcastic")
    calm = "Dear Dana,\n\nIt has been eleven days of total silence since the interview.\n\nAlex"
    assert tone_model.confident(calm, "sarcastic")  # said alone, the reproach is sarcasm's


# Inappropriate without a cue (rules31 round): an invitation in plain words is judged too, but a
# friend request or a post on a social network stays social-media's finding.
@pytest.mark.parametrize(
    "sentence",
    [
        "If you're ever in Durban, you must stay with us for a weekend.",
        "Let me know if you ever fancy a weekend away at my family's cottage.",
    ],
)
def test_a_personal_offer_without_a_cue_is_judged(sentence):
    assert not tone_model.TONE_CUES["inappropriate"] & set(features.sentence_features(sentence))
    assert tone_model.confident(f"Dear Dana,\n\n{sentence}\n\nBest regards,\nAlex", "inappropriate")


@pytest.mark.parametrize(
    "sentence",
    [
        "I have sent you a friend request on Facebook, hope you don't mind.",
    ],
)
def test_a_request_on_a_network_is_left_to_social_media(sentence):
    # The model reads these as personal (over the cut); the network makes them social-media's.
    assert max(s.prob["inappropriate"] for s in tone_model.score(sentence)) >= 0.995
    letter = f"Dear Dana,\n\n{sentence}\n\nBest regards,\nAlex"
    assert not tone_model.confident(letter, "inappropriate")
