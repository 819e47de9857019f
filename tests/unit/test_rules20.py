"""Fixes from the rules20 pass, false alarms on good letters, each a shape: thanks in the
languages of our users' countries; a story that is the writer's life, and a social-media job
described, are no post; a promise of the writer's own with a time in it is no deadline on
the reader; lifting the pressure is no order; anger met at work, or asked about, is a story;
the interviewer's feedback given back is no irony; a letter about a closed application once
its answer came is no thank-you. Each shape has neighbours that must keep firing.

The letters run through the real engine in the small world of ``test_rules10`` (Renee
Kowalski, a paralegal, writing to Margaret Sloane at Hartwell & Pruitt LLP).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from corpus_runner import World
from test_rules10 import CONFIG, MARGARET, SENDER, fired, letter
from test_rules10 import world as world  # the module's fixture, shared

# ---- missing-thanks: a word of thanks in another language --------------------------------------


@pytest.mark.parametrize("thanks", ["Terima kasih", "Maraming salamat", "Asante sana", "Grazie"])
def test_thanks_in_another_language_is_thanks(world: World, thanks: str) -> None:
    body = (
        f"Dear Margaret,\n\n{thanks} for your time at the office today. Your account of the "
        "bates numbering clean-up showed me what the role asks for.\n\nBest regards,\nRenee\n"
    )
    assert "missing-thanks" not in fired(world, body)


def test_a_note_with_no_thanks_in_any_language_still_misses_it(world: World) -> None:
    body = (
        "Dear Margaret,\n\nI am writing after the panel today about the bates numbering "
        "clean-up you described.\n\nBest regards,\nRenee\n"
    )
    assert "missing-thanks" in fired(world, body)


# ---- social-media: a life story, a job done on a network -----------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "It meant a lot that the panel saw my years as a carer as part of my story, not a gap.",
        "You asked about outreach; I grew our Instagram audience from 2,000 to 9,000 with short "
        "clips, and I would be glad to try the same for your pro bono clinic.",
    ],
)
def test_a_life_story_or_a_job_done_is_no_post(world: World, middle: str) -> None:
    assert "social-media" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "I put a photo of the lobby on my story with a tag for the firm.",
        "My Instagram story from the office tour got lots of likes.",
    ],
)
def test_a_story_posted_is_still_a_post(world: World, middle: str) -> None:
    assert "social-media" in fired(world, letter(middle))


# ---- pushy: the writer's own promise, pressure lifted -------------------------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "I will revert with my preferred day by close of business today.",
        "I will confirm my availability by close of business today.",
        "I will revert with the documents by end of day today.",
        "Please do not feel any pressure to respond at once; I am simply still interested.",
    ],
)
def test_a_promise_or_no_pressure_is_not_pushy(world: World, middle: str) -> None:
    assert "pushy" not in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        "Please respond at once, as I have another offer on the table.",
        "I will need your answer by close of business today.",
        "I'll expect a decision by Friday, or I will withdraw.",
    ],
)
def test_a_deadline_put_to_the_reader_is_still_pushy(world: World, middle: str) -> None:
    assert "pushy" in fired(world, letter(middle))


# ---- angry and sarcastic: others' anger, the interviewer's feedback -----------------------------


@pytest.mark.parametrize(
    "middle",
    [
        "Your story of the evening when a passenger became furious at the transfer desk after "
        "his connection was cancelled stayed with me.",
        "When you asked what case had made me angriest as a paralegal, I named the eviction "
        "matter; I would add that the anger keeps me careful.",
    ],
)
def test_anger_met_or_asked_about_is_not_the_writers(world: World, middle: str) -> None:
    assert "angry" not in fired(world, letter(middle))


def test_feedback_given_back_is_no_irony(world: World) -> None:
    middle = (
        "Your feedback that I should slow down and repeat back every instruction during "
        "safety-critical communications was exactly the advice I needed."
    )
    assert "sarcastic" not in fired(world, letter(middle))


# ---- generic: a closed application's answer has come ----------------------------------------------

CLOSED_CONFIG = CONFIG.replace('status = "active"', 'status = "rejected"', 1)


@pytest.fixture(scope="module")
def closed_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root: Path = tmp_path_factory.mktemp("rules20-closed")
    (root / "config.toml").write_text(CLOSED_CONFIG, "utf-8")
    (root / "histories.toml").write_text(
        """
[sets.rejected]
  [[sets.rejected.messages]]
  direction = "in"
  at = "2026-11-24T16:00:00-06:00"
  message_id = "<rej@hartwellpruitt.example>"
  from = "Margaret Sloane <margaret.sloane@hartwellpruitt.example>"
  to = ["Renee Kowalski <renee.kowalski@example.com>"]
  subject = "Your application"
  body = "Dear Renee, we will not be taking your application further. Regards, Margaret"
""",
        "utf-8",
    )
    return World(root)


def test_a_feedback_request_after_the_answer_is_no_thank_you(closed_world: World) -> None:
    raw = (
        f"From: {SENDER}\nTo: {MARGARET}\nSubject: Feedback\n\nDear Margaret,\n\nThank you "
        "again for your email. If you have a few minutes, I would value any brief feedback "
        "on where I could improve.\n\nBest regards,\nRenee\n"
    )
    result = closed_world.check(
        raw, datetime.fromisoformat("2026-11-27T10:00:00-06:00"), "rejected"
    )
    assert result.kind != "thank-you"
    assert "generic" not in {f.rule for f in result.findings}
