"""The sentence a finding is about, with its words marked."""

from __future__ import annotations

from followup_guard.bridges.excerpt import MAX_CHARS, excerpt, with_excerpts

TEXT = (
    "Dear Dana,\n\nThank you for Friday. Frankly, this is ridiculous! I have waited a week.\n\n"
    "Best,\nAlex"
)


def _marked(found: dict) -> str:
    return found["text"][found["start"] : found["end"]]


def test_the_sentence_around_the_span() -> None:
    start = TEXT.index("ridiculous")
    found = excerpt(TEXT, (start, start + len("ridiculous")))
    assert found is not None
    assert found["text"] == "Frankly, this is ridiculous!"
    assert _marked(found) == "ridiculous"


def test_a_greeting_is_its_own_line() -> None:
    found = excerpt(TEXT, (0, 4))
    assert found == {"text": "Dear Dana,", "start": 0, "end": 4}


def test_a_long_sentence_is_cut_around_the_words() -> None:
    text = "word " * 200 + "STOP IT " + "word " * 200
    start = text.index("STOP IT")
    found = excerpt(text, (start, start + 7))
    assert found is not None
    assert len(found["text"]) <= MAX_CHARS + 2
    assert _marked(found) == "STOP IT"
    assert found["text"].startswith("\u2026") and found["text"].endswith("\u2026")


def test_spans_outside_the_text_give_nothing() -> None:
    assert excerpt(TEXT, None) is None
    assert excerpt(TEXT, (5, 5)) is None
    assert excerpt(TEXT, (-1, 3)) is None
    assert excerpt(TEXT, (0, len(TEXT) + 1)) is None


def test_with_excerpts_keeps_the_contract_and_adds_excerpt() -> None:
    start = TEXT.index("waited")
    result = {
        "application": "a",
        "kind": "thank-you",
        "findings": [
            {"rule": "pushy", "span": [start, start + 6]},
            {"rule": "inquiry-too-soon", "span": None},
        ],
    }
    out = with_excerpts(result, TEXT)
    assert _marked(out["findings"][0]["excerpt"]) == "waited"
    assert "excerpt" not in out["findings"][1]
    assert "excerpt" not in result["findings"][0]  # the input is not changed
