"""An invitation's event and its people, as the sender described them: what
``mail/ical.py`` and ``mail/scheduling_email.py`` read out of a received message."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Party:
    """An organizer or attendee (or, in a scheduling email, a person named in it)."""

    name: str
    address: str  # lower-cased; "" if the calendar gives none
    role: str = "REQ-PARTICIPANT"  # CHAIR, REQ-PARTICIPANT, OPT-PARTICIPANT, NON-PARTICIPANT
    cutype: str = "INDIVIDUAL"  # ROOM and RESOURCE are not people

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2]


@dataclass(frozen=True)
class Event:
    """One event of an invitation (or of a scheduling email), as the sender described it."""

    method: str  # REQUEST or CANCEL
    uid: str
    sequence: int
    summary: str
    start: datetime  # aware; naive when the invitation gives no usable zone (see zone_note)
    end: datetime
    timezone: str | None  # an IANA name; None: floating, or a zone we could not name
    zone_note: str = ""  # why the time zone is uncertain, for the user
    recurrence_id: str = ""
    dtstamp: datetime | None = None
    description: str = ""
    location: str = ""
    organizer: Party | None = None
    attendees: tuple[Party, ...] = ()
    attendee_count: int = 0  # all of them, also those past ical.MAX_ATTENDEES_READ
    tool: str | None = None  # the hiring tool or calendar that sent it, when known
    kind: str = "calendar"  # "calendar" or "email" (a scheduling email without a calendar)


@dataclass
class Recognised:
    """What a message holds: its events, and a line for each part that had to be skipped."""

    events: list[Event] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    readable: bool = True  # False: a part was not iCalendar at all (its twin may be)
