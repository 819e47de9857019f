"""Kinds of letters the non-severe rules must see (or leave alone), one test per kind.

Written before the rules were widened, from what the catalog (shared/rules.md) says each rule
covers; the letters run through the real engine against the corpus world (see
test_timing_scope.py: Alex Morgan, Acme's onsite Fri 20 Nov 2026, Dana Wu and John Smith
interviewing, Maria Lopez the recruiter).
"""

from __future__ import annotations

import pytest
from fgtest import DANA
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
