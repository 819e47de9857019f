"""What the recipient-scope rules share: which addresses are known to be real, and how far
apart two addresses are."""

from __future__ import annotations

from ..textdist import distance
from .draft import Draft


def wrote_to_you(draft: Draft) -> frozenset[str]:
    """Everyone at the company who has written to you about this application."""
    if draft.history is None:
        return frozenset()
    return frozenset(a for c in draft.history.inbound for a in c.people)


def seen_addresses(draft: Draft) -> frozenset[str]:
    """Addresses known to be real: senders of the company's mail, and everyone on the
    company messages this draft replies to. Such an address is nobody's typo."""
    return draft.thread_addresses | wrote_to_you(draft)


def distance_of(a: str, b: str) -> int:
    return distance(a, b, 3)  # callers only care about distances of 2 or less
