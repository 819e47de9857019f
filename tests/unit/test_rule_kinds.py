"""Kinds of letters the non-severe rules must see (or leave alone), one test per kind.

Written before the rules were widened, from what the catalog (shared/rules.md) says each rule
covers; the letters run through the real engine against the corpus world (see
test_timing_scope.py: Alex Morgan, Acme's onsite Fri 20 Nov 2026, Dana Wu and John Smith
interviewing, Maria Lopez the recruiter).
"""

from __future__ import annotations

import pytest
from fgtest import DANA, MARIA
from test_timing_scope import World, ny, rules_of, thanked


@pytest.fixture(scope="module")
def world():
    from fgtest import CORPUS_CONFIG
    from followup_guard.config.load import load_config

    return load_config(CORPUS_CONFIG)


THANK_JOHN = (
    "Dear John,\n\nMany thanks for the system design session yesterday. Your questions about "
    "idempotent consumers in the payments ledger were the best part of my day.\n\n"
    "Best regards,\nAlex Morgan\n"
)


# ------------------------------------------------------------------- a mistyped interviewer


def test_a_thank_you_to_a_mistyped_interviewer_address_is_still_a_thank_you(world) -> None:
    w = World(world)
    w.sent(DANA, ny(20, 18, 5), mid="ty-dana@example.org")
    res = w.check("John Smith <jhon.smith@acme.example>", ny(21, 9), body=THANK_JOHN)
    assert res.kind == "thank-you"
    assert "address-typo" in rules_of(res)
    assert "inquiry-too-soon" not in rules_of(res)
    # The real inquiry to the same mistyped address, after John's thank-you, is a follow-up.
    w2 = thanked(World(world))
    later = w2.check("John Smith <jhon.smith@acme.example>", ny(23, 9))
    assert later.kind == "follow-up"
    assert "inquiry-too-soon" in rules_of(later)
    assert {"address-typo"} <= rules_of(later)


# ------------------------------------------------------------------ unprofessional-signature

LETTER = (
    "Dear Dana,\n\nThank you for the onsite yesterday and for walking me through the payments "
    "ledger. The reconciliation problem has stayed with me since.\n\n"
    "I would love to help with the Kafka migration.\n\n"
)


def _fires(world, rule: str, body: str, to: str = DANA) -> bool:
    return rule in rules_of(World(world).check(to, ny(21, 9), body=body))


@pytest.mark.parametrize(
    "sign_off",
    [
        "Best regards,\nAlex Morgan 😎",  # emoji after the name
        "Cheers,\nAlex ✌️\n+1 617 555 0142",
        'Best regards,\nAlex "Big Al" Morgan',  # a nickname in quotes
        "Best regards,\nAlex 'The Closer' Morgan",
        "Best regards,\nAlex Morgan (aka DJ Smooth)",
        "Best regards,\nAlex Morgan\nBe yourself; everyone else is already taken. - Oscar Wilde",
        "Best regards,\nAlex Morgan\n\"Whether you think you can or you can't, you're right.\"",
        "Best regards,\nAlex Morgan\n#blessed #grindset",
        "Best regards,\nAlex Morgan\nGo Bears!",
        "Best regards,\nAlex Morgan\nWeekend DJ | Book me for your next party: alexbeats.com",
        "Best regards,\nAlex Morgan\nLife's too short for bad coffee.",
        "Best regards,\nAlex Morgan\nChief Vibes Officer",
        "Best regards,\nAlex Morgan\nProud dog mom and wine enthusiast",
        "Best regards,\nAlex Morgan\nWork hard, play harder",
        "Best regards,\nAlex Morgan\nLiving my best life one line of code at a time",
        "Best regards,\nAlex Morgan\nGamer, streamer, meme lord",
        "Best regards,\nAlex Morgan\nCheck out my Etsy store for handmade candles!",
        "Best regards,\nAlex Morgan\nFreelance wedding DJ - now taking bookings for 2027",
        "Best regards,\nAlex Morgan\nSent from my iPhone, please excuse the typos lol",
        "Best regards,\nAlex\n-- \nAlex Morgan\nCoffee first, code later ☕",
    ],
)
def test_unprofessional_signature_kinds(world, sign_off: str) -> None:
    assert _fires(world, "unprofessional-signature", LETTER + sign_off), sign_off


@pytest.mark.parametrize(
    "sign_off",
    [
        "Best regards,\nAlex Morgan\n+1 617 555 0142\nlinkedin.com/in/alexmorgan",
        "Best regards,\nAlex Morgan (they/them)\n+1 617 555 0142",
        "Best regards,\nAlex Morgan\nPronouns: she/her",
        "Best regards,\nAlex Morgan\nBackend Engineer | Payments and event streaming",
        "Best regards,\nAlex Morgan, MSc\nRegistered Nurse, BSN | BLS, ACLS certified",
        "Best regards,\nAlex Morgan\n📞 +1 617 555 0142 | ✉ alex.morgan@example.org",
        "Best regards,\nAlex Morgan\nSent from my iPhone",
        "Best regards,\nAlex Morgan\nPortfolio: https://alexmorgan.dev | github.com/alexm",
        "Best regards,\nAlex Morgan\n12 Harbor Street, Boston, MA 02110",
        "Best regards,\nAlex Morgan\nAWS Certified Solutions Architect",
        "Kind regards,\nAlex Morgan\nMember, Institute of Electrical and Electronics Engineers",
        "Best regards,\nAlex Morgan\nB.Sc. Computer Science, Northeastern University (2019)",
    ],
)
def test_plain_signatures_are_fine(world, sign_off: str) -> None:
    assert not _fires(world, "unprofessional-signature", LETTER + sign_off), sign_off


# ------------------------------------------------------------------------------ social-media

THANKS_OPEN = (
    "Dear Dana,\n\nThank you for the onsite yesterday and for walking me through the payments "
    "ledger. "
)
CLOSE = "\n\nBest regards,\nAlex Morgan\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "I followed you on Instagram, I hope that's okay.",
        "I tagged Acme in my post about the day.",
        "I tweeted about how great the day was.",
        "Let's be friends on Facebook!",
        "I mentioned the interview in a LinkedIn post.",
        "I just sent you a DM on Instagram.",
        "I've added you on Snapchat.",
        "I couldn't resist posting a selfie in front of the Acme sign.",
        "I gave Acme a shout-out on LinkedIn.",
        "I wrote a LinkedIn post about what I learned at the onsite.",
        "I've requested to follow you on Instagram.",
        "I hope you'll accept my request on Facebook.",
        "I connected with you on LinkedIn.",
        "I uploaded a vlog about my interview day to YouTube.",
        "My Instagram story about the Acme office got lots of likes.",
        "I shared on my story how much I enjoyed meeting the team.",
        "Could we connect on LinkedIn so I can follow your work?",
        "Feel free to follow me on TikTok, I post about backend engineering.",
        "I hope you don't mind that I looked you up and sent you a request on Facebook.",
        "Everyone on X loved my thread about the onsite.",
        "I posted a photo of my visitor badge on Instagram.",
        "I'll send you a connection request on LinkedIn later today.",
        "Would it be okay to add you on LinkedIn?",
        "My followers were thrilled when I told them about the interview.",
    ],
)
def test_social_media_kinds(world, sentence: str) -> None:
    assert _fires(world, "social-media", THANKS_OPEN + sentence + CLOSE), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "I read the Acme engineering blog post you mentioned.",
        "I first saw the opening on LinkedIn and applied the same day.",
        "My LinkedIn profile is linked below if it is useful.",
        "I enjoyed hearing how the team follows the Kafka migration on a dashboard.",
        "I saw the post on Acme's LinkedIn page about the new payments team.",
        "I have been following Acme's engineering blog for a while.",
        "I will not be posting anything about the interview, of course.",
        "Your point about social media marketing budgets was fascinating.",
        "I shared my screen to walk through the design, which helped.",
        "I posted the design doc I mentioned to the shared folder.",
    ],
)
def test_social_media_near_misses(world, sentence: str) -> None:
    assert not _fires(world, "social-media", THANKS_OPEN + sentence + CLOSE), sentence


def test_linkedin_request_to_the_recruiter_is_fine(world) -> None:
    body = (
        "Dear Maria,\n\nThank you for organising the onsite. I'll send you a connection "
        "request on LinkedIn so we can stay in touch." + CLOSE
    )
    assert not _fires(world, "social-media", body, to=MARIA)
    insta = body.replace("on LinkedIn", "on Instagram")
    assert _fires(world, "social-media", insta, to=MARIA)


# -------------------------------------------------------------------------------- wrong-name

BODY = (
    "Thank you for the onsite yesterday and for walking me through the payments ledger.\n\n"
    "Best regards,\nAlex Morgan\n"
)


@pytest.mark.parametrize(
    ("greeting", "middle"),
    [
        ("Dear Sarah,", ""),  # somebody else's name for Dana Wu
        ("Hi Diane,", ""),
        ("Dear Ms. Okafor,", ""),
        ("Dear Dana,", "I am excited about the chance to join GLOBEX and its data team. "),
        ("Dear Dana,", "I am excited about the chance to join globex and its data team. "),
        ("Dear Dana,", "Thank you again for my interview at Globex; I enjoyed it. "),
        ("Dear Dana,", "Please pass my thanks to Oluwaseun for the interview. "),
        ("Dear Dana,", "I can't wait to help Globex's engineers with the payments ledger. "),
    ],
)
def test_wrong_name_kinds(world, greeting: str, middle: str) -> None:
    body = f"{greeting}\n\n{middle}{BODY}"
    assert _fires(world, "wrong-name", body), body


@pytest.mark.parametrize(
    ("greeting", "middle"),
    [
        ("Dear Ms. Wu,", ""),
        ("Dear Dana Wu,", ""),
        ("Hello Dana,", ""),
        ("Dear Hiring Manager,", ""),
        ("Good morning Dana,", ""),
        ("Dear Dana,", "I have another interview at Globex next week, so news would help. "),
        ("Dear Dana,", "I am also interviewing with Globex, but Acme is my first choice. "),
        ("Dear Dana,", "Before this I worked at Globex for three years on data contracts. "),
        ("Hi Team,", ""),
        ("Dear Dana and John,", ""),  # John is cc'd below
    ],
)
def test_wrong_name_near_misses(world, greeting: str, middle: str) -> None:
    body = f"{greeting}\n\n{middle}{BODY}"
    w = World(world)
    res = w.check([DANA, "John Smith <john.smith@acme.example>"], ny(21, 9), body=body)
    if "John" not in greeting:
        res = w.check(DANA, ny(21, 9), body=body)
    assert "wrong-name" not in rules_of(res), body


# ----------------------------------------------------------------------------------- generic


@pytest.mark.parametrize(
    "body",
    [
        "Thank you for interviewing me for the Backend Engineer position at Acme Corp. I enjoyed "
        "learning more about the role and the team, and I am confident my skills would make me "
        "a great fit.",
        "Thank you for your time yesterday. It was a pleasure to learn more about Acme and the "
        "exciting work your team is doing. I look forward to hearing from you.",
        "I wanted to thank you for meeting with me about the position at Acme Corp. Our "
        "conversation confirmed my interest in joining Acme.",
    ],
)
def test_generic_a_template_with_the_company_filled_in(world, body: str) -> None:
    letter = f"Dear Dana,\n\n{body}\n\nBest regards,\nAlex Morgan\n"
    assert _fires(world, "generic", letter), body


@pytest.mark.parametrize(
    "body",
    [
        "Thank you for walking me through the payments ledger yesterday.",
        "I enjoyed hearing how Acme moved its reconciliation jobs off the nightly batch.",
        "Thank you for the onsite; please thank John for the whiteboard session on retries.",
    ],
)
def test_generic_a_detail_of_the_interview_is_specific(world, body: str) -> None:
    letter = f"Dear Dana,\n\n{body}\n\nBest regards,\nAlex Morgan\n"
    assert not _fires(world, "generic", letter), body


# --------------------------------------------------------------------- unprofessional-sender


@pytest.mark.parametrize(
    "sender",
    [
        'Alex "Big Al" Morgan <alex.morgan@example.org>',
        "Alex Morgan 😎 <alex.morgan@example.org>",
        "beerlover88 <beerlover88@mail.example>",
        "Alex <hotmama77@mail.example>",
        "xXgamergirlXx <xxgamergirlxx@mail.example>",
        "Alex Morgan <lazybones.alex@example.org>",
        "Alex Morgan <cutie_pie92@mail.example>",
        "Alex Morgan <surferdude@mail.example>",
        "Alex Morgan <ladykiller@mail.example>",
    ],
)
def test_unprofessional_sender_kinds(world, sender: str) -> None:
    w = World(world)
    assert "unprofessional-sender" in rules_of(w.check(MARIA, ny(30, 10), frm=sender)), sender


def test_unprofessional_sender_words_without_identities() -> None:
    from followup_guard.checks.rules.unprofessional_sender import _silly

    names = frozenset({"alex", "morgan"})
    for silly in ("hotmama77", "beerlover88", "lazybones.alex", "surferdude", "sweetie.pie"):
        assert _silly(silly, names), silly
    for fine in ("alex.morgan", "a.morgan88", "morgan.hotchkiss", "alex.winehouse", "honeycutt"):
        assert _silly(fine, names) is None, fine


# ---------------------------------------------------------------------------- awaiting-reply


def test_a_letter_answering_their_voicemail_is_not_a_second_nudge(world) -> None:
    w = thanked(World(world))
    w.logged("acme-backend", "maria.lopez@acme.example", "voicemail", ny(2, 9, month=12))
    theirs = (
        "Dear Maria,\n\nThank you for your voicemail this morning; sorry I missed your call. "
        "I am free on Friday afternoon for the reference discussion.\n\n"
        "Best regards,\nAlex Morgan\n"
    )
    assert "awaiting-reply" not in rules_of(w.check(MARIA, ny(3, 10, month=12), body=theirs))
    mine = (
        "Dear Maria,\n\nI left you a voicemail yesterday and wanted to follow up in writing "
        "about the Backend Engineer role.\n\nBest regards,\nAlex Morgan\n"
    )
    assert "awaiting-reply" in rules_of(w.check(MARIA, ny(3, 10, month=12), body=mine))


def test_greetings_of_other_englishes_are_greetings() -> None:
    """ "Kia ora Mere," opens a letter as "Dear Mere," does, and so does "G’day" (an
    Australian clean letter of tests/corpus opens with it); "Howzit" is a casual one."""
    from followup_guard.checks.letter import GREETING

    for line in ("Kia ora Mere,", "Tēnā koe Aroha,", "Namaste Priya,", "Hallo Jan,"):
        m = GREETING.match(line)
        assert m is not None, line
    m = GREETING.match("G’day Bruce,")
    assert m is not None and m.group("word").lower() == "g’day"


@pytest.mark.parametrize(
    "opener", ["Dia dhuit", "G’day", "G'day", "Howzit", "Kia ora", "Tēnā koe", "Namaste"]
)
def test_the_greeting_opener_is_not_a_stranger_s_name(world, opener) -> None:
    """ "Dia dhuit Dana," greets Dana: wrong-name reads the name after the opener, not the
    opener's own capitalised word ("Dia", "G’day", "Howzit")."""
    w = World(world)
    body = (
        f"{opener} Dana,\n\nThank you for the onsite yesterday and for the talk about the "
        "payments ledger.\n\nBest regards,\nAlex Morgan\n"
    )
    assert "wrong-name" not in rules_of(w.check(DANA, ny(21, 9), body=body))
    stranger = body.replace(f"{opener} Dana,", f"{opener} Sarah,")
    assert "wrong-name" in rules_of(w.check(DANA, ny(21, 9), body=stranger))
