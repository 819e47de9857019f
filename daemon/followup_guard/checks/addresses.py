"""What the recipient-scope rules share: which addresses are known to be real, and how far
apart two addresses are."""

from __future__ import annotations

from ..config.model import Application, Person
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


def meant_person(app: Application, addr: str, limit: int = 2) -> Person | None:
    """The application's person whose address ``addr`` is a near miss of (``jhon.smith@``
    for ``john.smith@``): a letter to a mistyped address is still meant for them."""
    best: Person | None = None
    best_d = limit + 1
    for p in app.people:
        d = distance(p.address, addr, limit)
        if 0 < d < best_d:
            best, best_d = p, d
    return best
