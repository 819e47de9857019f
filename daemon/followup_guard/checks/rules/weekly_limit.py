"""weekly-limit: more than two contacts with one application in seven days."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ..draft import Draft
from ..registry import Example, Hit, rule
from ..timeline import (
    as_told,
    day,
    to_whom,
)

if TYPE_CHECKING:
    from ...record.history import Contact


@rule(
    "weekly-limit",
    category="timing",
    severity="warn",
    options={"max_contacts": 2, "window_days": 7},
    summary="Flags more than two contacts with one application within any seven days "
    "(each thank-you note counts; a thank-you note itself is never flagged). Quiet when "
    "inquiry-too-soon already warns about the same letter: that warning says until when.",
    why="Several messages a week to the same team stops looking keen and starts looking "
    "anxious. Recruiters juggle many candidates; a steady, sparse rhythm is remembered better.",
    fix="Let this week pass; then one concise message covers it all.",
    advice="Follow-up advice: keep a slow rhythm, a couple of contacts a week at most.",
    sources=("003",),
    bad=[Example("A third follow-up to Acme within five days.", case="wl-third-contact-friday")],
    good=[Example("A second follow-up a week after the first.", case="wl-ok-second-contact")],
)
def weekly_limit(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    history = draft.history
    if history is None or draft.kind == "thank-you":
        return
    history, _ = as_told(draft, history)  # a text logged as a note, if the letter says so
    start = draft.at - timedelta(days=float(opts["window_days"]))
    window = [c for c in history.outbound if start < c.at <= draft.at]
    # Every message is a contact (the catalog's definition), a thank-you note too: two notes
    # to the panel and a status question three days later are three. A thank-you draft is
    # never limited itself (one note to each interviewer is the advice), and a message the
    # user marked as asked for by the company is not chasing, as for the draft itself.
    recent = sorted(
        (c for c in window if c.kind == "thank-you" or not c.requested), key=lambda c: c.at
    )
    if len(recent) + 1 <= int(opts["max_contacts"]):
        return
    listing = ", ".join(f"{_what(draft, c)} on {day(draft, c.at)}" for c in recent[-4:])
    yield Hit(
        f"this would be contact number {len(recent) + 1} with "
        f"{draft.application.company if draft.application else 'them'} in "
        f"{opts['window_days']} days ({listing}); the limit is {opts['max_contacts']}"
    )


def _what(draft: Draft, c: Contact) -> str:
    if c.kind == "thank-you" and c.channel == "mail":
        return to_whom(draft, c).replace("message", "thank-you", 1)
    return to_whom(draft, c)
