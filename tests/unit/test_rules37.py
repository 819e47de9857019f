"""Fixes from the rules37 pass (a pharmacy technician in Birmingham, a site civil engineer in
Hyderabad, an early childhood educator in Perth, an IT support technician in Atlanta): a
same-day note to the recruiter that mentions the decision without asking about it is a
courtesy, not a status inquiry; one that asks is still an inquiry sent too soon.

The letters run through the real engine in the world of ``test_rules34`` (Renee Kowalski's,
with Paula Grant, a recruiter on Hartwell's side).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from corpus_runner import World
from test_rules10 import SENDER, fired, letter
from test_rules10 import world as world  # the module's fixture, shared
from test_rules34 import RECRUITER
from test_rules34 import recruiter_world as recruiter_world  # the module's fixture, shared

EVENING = "2026-11-17T18:00:00-06:00"  # the evening of the panel


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        # News awaited, or the decision mentioned: no question put to Paula.
        ("I'll wait to hear from you about the outcome.", False),
        ("The panel mentioned that references would be taken up after the decision.", False),
        ("I look forward to hearing from Hartwell once the panel has made its decision.", False),
        ("Whatever the outcome, it was one of the most considerate processes I have seen.", False),
        # Asked: a question, a request, "any news".
        ("Could you tell me when I might hear about next steps?", True),
        ("Do you know when the panel will decide?", True),
        ("Please let me know the outcome as soon as you can.", True),
        ("I would appreciate any news on timing.", True),
        ("I wanted to thank you as well and ask whether the team expects to decide soon.", True),
    ],
)
def test_news_awaited_is_no_question(recruiter_world: World, middle: str, flagged: bool) -> None:
    body = (
        "Dear Paula,\n\nThank you for arranging today's panel and for the clear directions. "
        f"{middle}\n\nBest regards,\nRenee\n"
    )
    raw = f"From: {SENDER}\nTo: {RECRUITER}\nSubject: Thank you\n\n{body}"
    found = recruiter_world.messages(raw, datetime.fromisoformat(EVENING))
    assert ("inquiry-too-soon" in found) is flagged


@pytest.mark.parametrize("opener", ["Heyyy", "Hiii", "Helloooo"])
def test_a_drawn_out_greeting_is_no_name(world: World, opener: str) -> None:
    body = letter("I look forward to hearing from you.").replace(
        "Dear Margaret,", f"{opener} Margaret,"
    )
    found = fired(world, body)
    assert "wrong-name" not in found
    if opener == "Heyyy":
        assert any("greeting" in m for m in found.get("too-casual", []))  # still casual


def test_another_name_after_a_drawn_out_greeting_still_is(world: World) -> None:
    body = letter("I look forward to hearing from you.").replace("Dear Margaret,", "Heyyy Kevin,")
    assert "wrong-name" in fired(world, body)


@pytest.mark.parametrize(
    ("opening", "flagged"),
    [
        ("thx a ton for setting up the panel today, it went great", False),
        ("Cheers for sorting out today's panel", False),
        ("Just checking whether there is any news yet", True),
    ],
)
def test_casual_thanks_the_same_day_are_still_thanks(
    recruiter_world: World, opening: str, flagged: bool
) -> None:
    body = f"Hi Paula,\n\n{opening}.\n\nRenee\n"
    raw = f"From: {SENDER}\nTo: {RECRUITER}\nSubject: today\n\n{body}"
    found = recruiter_world.messages(raw, datetime.fromisoformat(EVENING))
    assert ("inquiry-too-soon" in found) is flagged
