"""The tone model's fast paths: each gives what the plain computation would."""

from __future__ import annotations

import pytest
from followup_guard.checks import tone_model
from followup_guard.checks.tone_model import features


@pytest.mark.parametrize("token", ["AB", "I'M", "O'NEIL", "X’Y", "HTML", "RIDICULOUS", "A'B"])
def test_every_word_in_capitals_passes_the_capitals_search(token):
    # sentence_features looks for words in capitals only where this search finds something.
    assert len(token) >= 2 and token.isupper()
    assert features._TWO_CAPS.search(f"so {token} then")


def test_capitals_are_still_read_as_shouting_and_emphasis():
    assert "case:shouting" in features.sentence_features("I'M SO DONE WITH YOU")
    assert "case:caps_word" in features.sentence_features("Honestly this is RIDICULOUS.")
    assert "case:caps_word" not in features.sentence_features("Honestly this is ridiculous.")


def test_the_facts_of_a_word_are_the_same_cached_or_not():
    sentence = "I don't think the HTML rework was a waste, but I’m not desperate for it."
    first = features.sentence_features(sentence)
    again = features.sentence_features(sentence)  # every word's facts now cached
    features._INFO.clear()
    fresh = features.sentence_features(sentence)
    assert list(first.items()) == list(again.items()) == list(fresh.items())
    stem, unigram, bigram_head, classes, negator, valence = features._INFO["desperate"]
    assert (stem, unigram, bigram_head) == ("desperate", "w:desperate", "b:desperate_")
    assert "c:beg" in classes and not negator and valence == features.valence()["desperate"]
    assert features._INFO["the"][1] is None  # a function word has no unigram feature
    assert features._INFO["don't"][4]


def test_sentences_too_short_to_be_confident_are_not_scored():
    text = (
        "Dear Dana,\n\nFurious!!\n\nYour interviewer was clueless and frankly incompetent.\n\n"
        "Best,\nAlex"
    )
    assert len(tone_model.score(text)) == 5
    (scored,) = tone_model._cued_scores(text)
    (hit,) = tone_model.confident(text, "disparaging")
    assert hit == scored
    assert text[hit.span[0] : hit.span[1]].startswith("Your interviewer")
