"""The sentence a finding is about, with the words that carry it marked, for the dialogs.

A finding's span points into the user's own words (the check result's ``text``). People act
on a warning faster when they see their own sentence with the words highlighted than when
they read a description of it, so every window that shows findings adds this excerpt.
"""

from __future__ import annotations

import re
from typing import Any

#: Where a sentence ends: after . ! ? (and closing quotes or brackets) before white space, or
#: at a blank line / line break (greetings, sign-offs and list items are their own "sentence").
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]\u201d\u2019]*\s+|\n")
#: An excerpt longer than this is cut around the marked words.
MAX_CHARS = 240


def excerpt(text: str, span: tuple[int, int] | list[int] | None) -> dict[str, Any] | None:
    """``{"text": sentence, "start": i, "end": j}`` with ``text[i:j]`` the marked words, or None
    when the span does not point into ``text``."""
    if not span or len(span) != 2:
        return None
    start, end = int(span[0]), int(span[1])
    if not 0 <= start < end <= len(text):
        return None
    left = 0
    for before in _BOUNDARY.finditer(text, 0, start):
        left = before.end()
    after = _BOUNDARY.search(text, end)
    right = after.start() if after else len(text)
    # A span that runs over a boundary keeps all of itself.
    right = max(right, end)
    sentence = text[left:right]
    lead = len(sentence) - len(sentence.lstrip())
    sentence = sentence.strip()
    left += lead
    s, e = start - left, end - left
    if len(sentence) > MAX_CHARS:
        room = max(0, (MAX_CHARS - (e - s)) // 2)
        cut_left = max(0, s - room)
        cut_right = min(len(sentence), e + room)
        prefix = "\u2026" if cut_left > 0 else ""
        suffix = "\u2026" if cut_right < len(sentence) else ""
        body = sentence[cut_left:cut_right]
        sentence = prefix + body + suffix
        s, e = s - cut_left + len(prefix), e - cut_left + len(prefix)
    return {"text": sentence, "start": s, "end": e}


def with_excerpts(result: dict[str, Any], text: str) -> dict[str, Any]:
    """The check contract ``result`` with an ``excerpt`` on each finding that has a span."""
    findings = []
    for finding in result.get("findings") or []:
        if isinstance(finding, dict) and finding.get("span"):
            found = excerpt(text, finding["span"])
            if found is not None:
                finding = {**finding, "excerpt": found}
        findings.append(finding)
    return {**result, "findings": findings}
