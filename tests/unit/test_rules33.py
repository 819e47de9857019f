"""Fixes from the rules33 pass (a court interpreter in San Antonio, a gas engineer in
Manchester, a mine planner in Kitwe, a land surveyor in Christchurch): a post written in praise
is no threat, a post "on my page" is a post, a reply hoped for "eventually" and a process
imagined running "smoothly" are irony, two words of a longer talking point name it (one of
them no everyday word), the
interviewer's questions recalled are a detail, and a quoted phrase's gloss or a template's
fields named as such are no slots. Each shape has a neighbour that must keep firing (or stay
quiet).

The letters run through the real engine in the world of ``test_rules10`` (Renee, a paralegal,
thanking Margaret; talking points "behaviour support plans" and "bates numbering").
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from test_rules10 import fired, letter, world_with
from test_rules10 import world as world  # the module's fixture, shared


@pytest.mark.parametrize(
    ("middle", "angry"),
    [
        (
            "I'm going to write a short LinkedIn post about my panel experience, and I'd love "
            "to tag you in it if that's OK.",
            False,
        ),
        (
            "I'm going to write about this on LinkedIn so other candidates know what to expect.",
            True,
        ),
    ],
)
def test_a_post_in_praise_is_no_threat(world: World, middle: str, angry: bool) -> None:
    found = fired(world, letter(middle))
    assert ("angry" in found) is angry
    assert "social-media" in found  # a post about the interview, either way


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("I also put up a quick post on my page about how much I enjoyed the panel.", True),
        ("I put the exhibit list on my page of the shared trial binder.", False),
    ],
)
def test_a_post_on_my_page_is_a_post(world: World, middle: str, flagged: bool) -> None:
    found = fired(world, letter(middle))
    assert ("social-media" in found) is flagged
    if flagged:  # one person deciding: "Margaret is", not "Margaret are"
        assert "Margaret is still deciding" in found["social-media"][0]


@pytest.mark.parametrize(
    ("middle", "flagged"),
    [
        ("Looking forward to hearing from you, eventually.", True),
        ("I can only imagine how smoothly the real hearings run.", True),
        ("I hope to hear from you, and eventually to meet the rest of the team.", False),
        ("I can only imagine how busy the clerks' office gets in January.", False),
    ],
)
def test_irony_about_the_wait_and_the_process(world: World, middle: str, flagged: bool) -> None:
    assert ("sarcastic" in fired(world, letter(middle))) is flagged


@pytest.fixture(scope="module")
def stage_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """The world of ``test_rules10`` whose first talking point is "Stage 3 lot layout"."""
    return world_with(
        tmp_path_factory,
        "rules33-stage",
        '"behaviour support plans"',
        '"Stage 3 lot layout", "bilingual patient care"',
    )


@pytest.mark.parametrize(
    ("detail", "generic"),
    [
        # Two words of "Stage 3 lot layout", one of them no everyday word.
        ("Thank you for today. Standing on the Stage 3 platform made the job real.", False),
        # Two everyday words of "bilingual patient care" are CV talk, not the talking point.
        ("Thank you for today. I am passionate about patient care and teamwork.", True),
        # The interviewer's questions recalled.
        (
            "Thank you for your questions about scheduling depositions across three time zones.",
            False,
        ),
        ("Thank you for today. I enjoyed meeting the team and learning about the role.", True),
    ],
)
def test_talking_point_pairs_and_questions_recalled(
    stage_world: World, detail: str, generic: bool
) -> None:
    found = fired(stage_world, letter("I look forward to hearing from you.", detail=detail))
    assert ("generic" in found) is generic


@pytest.mark.parametrize(
    ("middle", "slot"),
    [
        ('I kept thinking about the phrase "se le advierte" [you are hereby advised].', False),
        (
            "The intake template I built had columns for <address>, <matter type> and <due date>.",
            False,
        ),
        ("Please tell [interviewer name] that I enjoyed the afternoon.", True),
        ("I can start on <start date>.", True),
    ],
)
def test_a_gloss_or_a_named_field_is_no_slot(world: World, middle: str, slot: bool) -> None:
    assert ("unfilled-placeholder" in fired(world, letter(middle))) is slot
