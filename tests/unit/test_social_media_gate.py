"""`social-media`'s sentence test runs its network pattern only on sentences holding a network
word (and the sentence after one), since the pattern is slow to fail on the rest. These
letters pin the edges of that gate: a possessive network name, a request in the sentence after
the network was named, a network word far from the request, and a post of one's own named
before any network.

The letters run through the real engine in the small world of ``test_rules10``.
"""

from __future__ import annotations

import pytest
from corpus_runner import World
from followup_guard.checks.rules.social_media import _network_offsets
from test_rules10 import fired, letter
from test_rules10 import world as world  # the module's fixture, shared


@pytest.mark.parametrize(
    "middle",
    [
        # A possessive: the word is "linkedin's", not "linkedin".
        "I sent you a connection request through LinkedIn's app this morning.",
        # The request comes in the sentence after the one that names the network.
        "I noticed you are on Instagram. I have just followed you there!",
        # Many sentences between an unrelated first sentence and the request.
        "The case law review was interesting. The filing deadlines were clear. I enjoyed "
        "the tour. I hope the move goes well. I added you on Facebook yesterday.",
    ],
)
def test_requests_are_found_wherever_the_network_stands(world: World, middle: str) -> None:
    assert "social-media" in fired(world, letter(middle))


@pytest.mark.parametrize(
    "middle",
    [
        # "page" as in on-call pages, and a later sentence that only says "there".
        "I reviewed every page we received on call. I would be glad to help there.",
        "I read the firm's LinkedIn page before the interview. The filing deadlines were clear.",
    ],
)
def test_network_words_without_a_request_stay_quiet(world: World, middle: str) -> None:
    assert "social-media" not in fired(world, letter(middle))


def test_a_post_of_ones_own_before_any_network_is_found(world: World) -> None:
    middle = "The tour was great. I shared my post about the interview day with friends."
    assert "social-media" in fired(world, letter(middle))


def test_network_offsets_cover_parts_clitics_and_tweets() -> None:
    text = "See linked-in. LinkedIn's feed. I tweeted. Nothing here."
    offsets = _network_offsets(text)
    assert offsets == sorted(offsets)
    assert [text[o : o + 6].lower() for o in offsets] == ["linked", "linked", "feed. ", "tweete"]
