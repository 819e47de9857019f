"""Interviews found in the inbox, kept as suggestions to track: what a suggestion is, and
finding the ones stored.

``record/suggest.py`` makes them from received messages (``record/interview.py`` decides
whether an event is an interview, and with whom); ``record/accept.py`` acts on them;
``store/suggestions.py`` keeps their table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..store.suggestions import SuggestionRow, SuggestionTable, table_exists

if TYPE_CHECKING:
    from ..store.db import Store


@dataclass(frozen=True)
class RoundSpec:
    name: str
    start: datetime  # aware in its zone, or naive (no zone known)
    end: datetime
    timezone: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "timezone": self.timezone,
        }


@dataclass(frozen=True)
class PersonSpec:
    name: str
    address: str
    role: str  # interviewer | permitted

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "address": self.address, "role": self.role}


@dataclass(frozen=True)
class Suggestion:
    id: int
    state: str
    company: str
    domains: tuple[str, ...]
    application: str | None
    round: RoundSpec
    people: tuple[PersonSpec, ...]
    message_id: str | None
    subject: str
    zone_note: str = ""
    tool: str | None = None
    uid: str = ""

    def to_json(self) -> dict[str, Any]:
        """The `suggestions --json` contract, one entry."""
        return {
            "id": self.id,
            "company": self.company,
            "domains": list(self.domains),
            "application": self.application,
            "round": self.round.to_json(),
            "people": [p.to_json() for p in self.people],
            "source": {"message_id": self.message_id, "subject": self.subject},
        }

    @property
    def headline(self) -> str:
        """ "Interview with Acme Corp, Tue 8 Dec 14:00" (in the round's own zone)."""
        s = self.round.start
        when = f"{s:%a} {s.day} {s:%b} {s:%H:%M}"
        return f"Interview with {self.company}, {when}"


def _suggestion(r: SuggestionRow) -> Suggestion:
    start, end = r.start, r.end
    if r.timezone and start.tzinfo is not None:
        try:
            z = ZoneInfo(r.timezone)
            start, end = start.astimezone(z), end.astimezone(z)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return Suggestion(
        id=r.id,
        state=r.state,
        company=r.company,
        domains=r.domains,
        application=r.application,
        round=RoundSpec(r.round_name, start, end, r.timezone),
        people=tuple(PersonSpec(p["name"], p["address"], p["role"]) for p in r.people),
        message_id=r.message_id,
        subject=r.subject,
        zone_note=r.zone_note,
        tool=r.tool,
        uid=r.uid,
    )


@dataclass(frozen=True)
class Outcome:
    """What one event of a message did: ``new``, ``moved``, ``cancelled``, ``unchanged``,
    ``ignored`` (not an interview) or ``skipped`` (unreadable); with a line saying why."""

    action: str
    message: str
    suggestion: int | None = None


class SuggestionError(Exception):
    """A suggestion that cannot be acted on (unknown id, already handled, config problem)."""


def table(store: Store) -> SuggestionTable:
    return SuggestionTable(store.db)


def pending(store: Store) -> list[Suggestion]:
    if not table_exists(store.db):
        return []
    return [_suggestion(r) for r in table(store).in_state("pending")]


def get(store: Store, sid: int) -> Suggestion | None:
    if not table_exists(store.db):
        return None
    r = table(store).get(sid)
    return _suggestion(r) if r else None
