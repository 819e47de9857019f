"""Interviews found in the inbox, turned into suggestions to track; and one view of where
each application stands (the Thunderbird tab's timeline).

``consider(config, store, msg)`` runs for every newly recorded inbound message. Each event the
message holds (``mail/invitation.py``) is asked one question — is someone at an employer
meeting the user about a role? — and, if so, becomes a suggestion: the company (from the
organiser's and attendees' domains and display names; a scheduling tool's or free-mail domain
is never the company), the round (name from the summary, start, end, time zone), the people
(attendees at the company's domains are interviewers; the recruiter or coordinator who wrote
is a permitted contact) and the message it came from. An application already tracked at that
company gets a new round, not a new application.

Updates follow iTIP: a version with a higher SEQUENCE (or the same SEQUENCE and a later
DTSTAMP) moves the round, also in the config once accepted; CANCEL cancels it (an accepted
round leaves the config, and with it its reminders); a repeat changes nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..config.model import Application, Config
from ..mail.invitation import (
    TOOL_DOMAINS,
    Event,
    Party,
    is_neutral_domain,
    recognise,
    tool_of_domain,
)
from ..mail.parse import ParsedMessage
from ..store.suggestions import NewSuggestion, SuggestionRow, SuggestionTable, table_exists

if TYPE_CHECKING:
    from ..store.db import Store

log = logging.getLogger("followup_guard.suggestions")

MAX_INTERVIEW_ATTENDEES = 40  # more people than this: a broadcast, a webinar, an all-hands
STALE_AFTER = timedelta(days=14)  # an interview that ended longer ago is not worth tracking
HIRING_TOOLS = frozenset(
    {
        "Greenhouse",
        "Lever",
        "Ashby",
        "Workday",
        "SmartRecruiters",
        "GoodTime",
        "ModernLoop",
        "Gem",
        "iCIMS",
        "Jobvite",
        "Workable",
        "BambooHR",
        "Recruitee",
        "Teamtailor",
        "Paradox",
    }
)

_INTERVIEW_RE = re.compile(
    r"\b(interview\w*|phone[- ]screen\w*|screening|recruiter (?:call|screen|chat|conversation)|"
    r"hiring manager|tech(?:nical)? (?:round|screen|call|assessment|discussion)|on-?site|"
    r"final round|panel|system design|coding (?:session|exercise|challenge|round)|"
    r"pair(?:ing| programming) (?:session|exercise)|case study|take-?home|culture (?:fit|add)|"
    r"meet the team|candidate)\b",
    re.I,
)
# Words of an event that is no interview, looked for in the summary only (a real interview's
# description may well say "lunch is provided").
_NOT_INTERVIEW_RE = re.compile(
    r"\b(dentist|dental|doctor|dr\.|clinic|physio\w*|hair ?cut|salon|lunch|dinner|breakfast|"
    r"brunch|drinks|happy hour|party|birthday|wedding|webinar|newsletter|livestream|"
    r"live stream|stand-?up|sprint|retro(?:spective)?|all[- ]hands|town ?hall|offsite|"
    r"training|workshop|course|class|lecture|conference|meetup|office hours|yoga|gym|"
    r"vet|school|parents?|daily|weekly|holiday|vacation|out of office|ooo|concert|"
    r"mock interview|interview prep|interviewing skills|how to (?:ace|prepare))\b",
    re.I,
)
# Prefixes that calendars and hiring tools put before the event's own name.
_PREFIX_RE = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg)\s*:\s*)*(?:(?:updated|new|interview|meeting|event)\s+)*"
    r"(?:invitation|invite|confirm(?:ed|ation)|reschedul(?:ed|e)|moved|cancel(?:l)?ed|"
    r"cancellation|scheduled|reminder|updated?|accepted)\s*(?:[:\-–—]\s*|\s+(?=\w))",
    re.I,
)
_GOOGLE_TAIL_RE = re.compile(r"\s+@\s+\w{3}\s+\w{3}\s+\d.*$")  # "Title @ Tue Dec 8, 2026 2pm..."
_SEPARATORS_RE = re.compile(r"\s+(?:-|–|—|\||/|<>|x|::)\s+|:\s+")
_ORG_SUFFIX_RE = re.compile(
    r"\s*(?:\(?via [\w .]+\)?|recruiting(?: team)?|recruitment|talent(?: acquisition)?"
    r"(?: team)?|hiring(?: team)?|careers|jobs|people(?: team| ops)?|hr|scheduling|"
    r"interviews?|calendar|notifications?|no-?reply)\s*$",
    re.I,
)
_COMPANY_IN_TEXT_RES = (
    re.compile(r"\b(?:at|with|from|join)\s+([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})"),
    re.compile(r"^([A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,3})\s+(?:-|–|—|\||<>|x)\s+"),
)
_ROLE_RE = re.compile(
    r"\b(?:for|as)\s+(?:the|a|an)?\s*([A-Z][\w+#/-]*(?:\s+[A-Z][\w+#/-]*){0,4})\s+"
    r"(?:position|role|opening|opportunity)\b"
)
TOOL_NAMES = frozenset(TOOL_DOMAINS.values())
# Words about a job, which make a meeting with someone at a company an interview.
_JOB_RE = re.compile(r"\b(role|position|opening|opportunity|candidacy|your application)\b", re.I)
_DAY_RE = re.compile(
    r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*day\b|\b\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b",
    re.I,
)
_ROUND_NOISE_RE = (
    re.compile(r"^(?:your|the|an?|our)\s+", re.I),
    re.compile(r"\s+(?:is|has been|was)\s+(?:scheduled|confirmed|booked|moved|updated).*$", re.I),
    re.compile(r"\s+on\s+(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?.*$", re.I),
    re.compile(r"\s+with\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}\s*$"),
    re.compile(r"\(\s*\)"),
)
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu"})
_LEGAL_SUFFIX_RE = re.compile(r"\s*,?\s+(?:inc|llc|ltd|gmbh|ag|plc|corp|co|s\.?a)\.?$", re.I)


# -- what a suggestion is -------------------------------------------------------------------


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


# -- is it an interview, and with whom ------------------------------------------------------


def registrable(domain: str) -> str:
    """``mail.eu.acme.com`` → ``acme.com``; ``jobs.acme.co.uk`` → ``acme.co.uk``."""
    labels = domain.lower().strip(".").split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _mine(config: Config, addr: str) -> bool:
    return bool(addr) and config.is_mine(addr)


def _people_of(ev: Event) -> list[Party]:
    """The organizer and attendees that are people (no rooms, no resources), once each."""
    seen: set[str] = set()
    out: list[Party] = []
    for p in ([ev.organizer] if ev.organizer else []) + list(ev.attendees):
        if p.cutype in ("ROOM", "RESOURCE") or not p.address or p.address in seen:
            continue
        seen.add(p.address)
        out.append(p)
    return out


def _app_for(config: Config, domains: list[str], company: str) -> Application | None:
    live = [a for a in config.applications if not a.closed] + [
        a for a in config.applications if a.closed
    ]
    for d in domains:
        for a in live:
            if a.owns_domain(d):
                return a
    for a in live:
        if company and a.company.casefold() == company.casefold():
            return a
    return None


def _clean_org(name: str) -> str:
    name = " ".join(name.replace('"', " ").split())
    for _ in range(3):
        name = _ORG_SUFFIX_RE.sub("", name).strip(" -,:|")
    return name


def _label_words(domain: str) -> str:
    label = registrable(domain).split(".")[0]
    return " ".join(w.capitalize() for w in re.split(r"[-_]", label) if w)


def _fits(name: str, domain: str) -> bool:
    """A display name that names the domain's company: "Acme Corp" fits acme.example."""
    label = re.sub(r"[^a-z0-9]", "", registrable(domain).split(".")[0])
    squashed = re.sub(r"[^a-z0-9]", "", _LEGAL_SUFFIX_RE.sub("", name).lower())
    return bool(label and squashed) and (
        squashed.startswith(label) or label.startswith(squashed) or label in squashed
    )


def _name_candidates(ev: Event, msg: ParsedMessage, config: Config) -> list[str]:
    """Company names the message itself offers: the sender's display name ("Acme Corp
    Recruiting", "Acme via Greenhouse"), the organizer's ("Dana Wu (Acme Corp)"), the
    summary and subject ("Technical interview with Acme Corp")."""
    out: list[str] = []
    user_names = {i.name.casefold() for i in config.identities if i.name}
    if config.user_name:
        user_names.add(config.user_name.casefold())
    displays = []
    if msg.sender is not None:
        displays.append((msg.sender.name, is_neutral_domain(msg.sender.domain)))
    if ev.organizer is not None:
        displays.append((ev.organizer.name, is_neutral_domain(ev.organizer.domain)))
    for d, via_tool in displays:
        if not d:
            continue
        m = re.search(r"\(([^()]+)\)", d)
        if m:
            out.append(_clean_org(m.group(1)))
        bare = re.sub(r"\([^()]*\)", "", d).strip()
        cleaned = _clean_org(bare)
        # A person's name is no company: only a name a suffix came off ("Acme Recruiting"),
        # or the name a tool sends on the company's behalf ("Initech" <no-reply@greenhouse.io>).
        if cleaned and (cleaned != bare or via_tool):
            out.append(cleaned)
    for text in (ev.summary, msg.subject):
        text = _GOOGLE_TAIL_RE.sub("", _PREFIX_RE.sub("", text))
        for rx in _COMPANY_IN_TEXT_RES:
            for m in rx.finditer(text):
                out.append(_clean_org(m.group(1)))
    tools = {t.casefold() for t in TOOL_NAMES}
    people = {p.name.casefold() for p in _people_of(ev) if p.name}
    return [
        c
        for c in dict.fromkeys(out)
        if c
        and c.casefold() not in user_names
        and c.casefold() not in tools
        and c.casefold() not in people
        and not _INTERVIEW_RE.search(c)
        and not _DAY_RE.search(c)
    ]


@dataclass
class _Side:
    """The company side of an event, as far as it can be told."""

    company: str = ""
    domains: list[str] = field(default_factory=list)
    app: Application | None = None
    people: list[PersonSpec] = field(default_factory=list)


def company_side(ev: Event, msg: ParsedMessage, config: Config) -> _Side:
    """The company, its domains, the tracked application (if any) and the people."""
    side = _Side()
    parties = [p for p in _people_of(ev) if not _mine(config, p.address)]
    writer = msg.sender
    # Domains of people who are not the user, not a tool, not free mail; the organizer's
    # first, then by how many people share them.
    counts: dict[str, int] = {}
    for p in parties:
        if is_neutral_domain(p.domain):
            continue
        reg = registrable(p.domain)
        counts[reg] = counts.get(reg, 0) + (3 if ev.organizer and p is ev.organizer else 1)
    if (
        writer is not None
        and not _mine(config, writer.addr)
        and not is_neutral_domain(writer.domain)
    ):
        reg = registrable(writer.domain)
        counts[reg] = counts.get(reg, 0) + 2
    ranked = sorted(counts, key=lambda d: -counts[d])
    names = _name_candidates(ev, msg, config)
    side.app = _app_for(config, ranked, "")
    if side.app is None and not ranked:
        side.app = next((a for n in names if (a := _app_for(config, [], n))), None)
    if side.app is not None:
        side.company = side.app.company
        owned = [d for d in ranked if side.app.owns_domain(d)]
        side.domains = owned or list(side.app.domains)
    elif ranked:
        main = ranked[0]
        side.domains = [main]
        fitting = [n for n in names if _fits(n, main)]
        side.company = fitting[0] if fitting else _label_words(main)
    elif names:
        side.company = names[0]

    def at_company(addr: str) -> bool:
        d = addr.rpartition("@")[2]
        if side.app is not None and side.app.owns_domain(d):
            return True
        return any(registrable(d) == x or d.endswith("." + x) for x in side.domains)

    organizer = ev.organizer.address if ev.organizer else ""
    writer_addr = writer.addr if writer else ""
    company_people = [p for p in parties if at_company(p.address)]
    coordinators = {a for a in (organizer, writer_addr) if a and at_company(a)}
    others = [p for p in company_people if p.address not in coordinators]
    for p in company_people:
        if p.address in coordinators and others:
            role = "permitted"  # the recruiter or coordinator who sent it
        elif p.role == "NON-PARTICIPANT":
            continue
        else:
            role = "interviewer"
        side.people.append(PersonSpec(p.name or _name_from_address(p.address), p.address, role))
    # The coordinator wrote from another address (a tool's, an agency's): a permitted contact
    # when their address is at the company.
    if (
        writer is not None
        and writer_addr not in {p.address for p in side.people}
        and at_company(writer_addr)
        and not _mine(config, writer_addr)
    ):
        side.people.append(
            PersonSpec(writer.name or _name_from_address(writer_addr), writer_addr, "permitted")
        )
    return side


def _name_from_address(addr: str) -> str:
    local = addr.partition("@")[0]
    return " ".join(w.capitalize() for w in re.split(r"[._-]+", local) if w) or addr


def interview_reason(ev: Event, msg: ParsedMessage, config: Config, side: _Side) -> str | None:
    """Why this event is an interview, or None. The question: is someone at an employer
    meeting the user about a role?"""
    summary = _PREFIX_RE.sub("", ev.summary)
    if ev.organizer is not None and _mine(config, ev.organizer.address):
        return None  # the user's own event
    if ev.attendee_count > MAX_INTERVIEW_ATTENDEES:
        return None
    if _NOT_INTERVIEW_RE.search(summary):
        return None
    if not side.company:
        return None
    if _INTERVIEW_RE.search(summary):
        return f"the title says so ({summary!r})"
    if ev.tool in HIRING_TOOLS or (
        msg.sender and tool_of_domain(msg.sender.domain) in HIRING_TOOLS
    ):
        return f"sent through {ev.tool or tool_of_domain(msg.sender.domain if msg.sender else '')}"
    head = f"{ev.description[:1500]} {msg.subject}"
    if _INTERVIEW_RE.search(head) and side.domains:
        return "the invitation's text speaks of an interview"
    if _JOB_RE.search(f"{summary} {ev.description[:1500]}") and side.domains:
        return "a meeting with someone at a company about a role"
    if side.app is not None and not side.app.closed and ev.attendee_count <= 10:
        return f"a meeting with {side.app.company}, an application you track"
    return None


def round_name(ev: Event, company: str, config: Config) -> str:
    """The event's own name, without the tool's prefix, the company and the user's name."""
    text = _GOOGLE_TAIL_RE.sub("", _PREFIX_RE.sub("", ev.summary)).strip()
    drop = {company.casefold(), config.user_name.casefold()} | {
        i.name.casefold() for i in config.identities if i.name
    }
    parts = [p.strip() for p in _SEPARATORS_RE.split(text) if p and p.strip()]
    parts = [p for p in parts if p.casefold() not in drop and not _DAY_RE.fullmatch(p)]
    parts = [p for p in parts if not _DAY_RE.match(p)] or parts
    pick = next((p for p in parts if _INTERVIEW_RE.search(p)), parts[0] if parts else "")
    if _DAY_RE.match(pick) or not pick:
        pick = "interview"
    for name in sorted(drop, key=len, reverse=True):
        if name:
            pick = re.sub(
                rf"\s*\b(?:with|at|for|@)\s+{re.escape(name)}\b|\b{re.escape(name)}\b",
                "",
                pick,
                flags=re.I,
            )
    for rx in _ROUND_NOISE_RE:
        pick = rx.sub("", pick)
    pick = " ".join(pick.split()).strip(" -–—:|,")
    return pick[:80] or "interview"


# -- recording ------------------------------------------------------------------------------


def table(store: Store) -> SuggestionTable:
    return SuggestionTable(store.db)


def _newer(ev: Event, row: SuggestionRow) -> bool | None:
    """True: a newer version; False: older; None: the same version again."""
    if ev.sequence != row.sequence:
        return ev.sequence > row.sequence
    if ev.dtstamp is not None and row.dtstamp is not None:
        a = ev.dtstamp if ev.dtstamp.tzinfo else ev.dtstamp.replace(tzinfo=timezone.utc)
        b = row.dtstamp if row.dtstamp.tzinfo else row.dtstamp.replace(tzinfo=timezone.utc)
        if a != b:
            return a > b
    return None


def _uid(ev: Event, side: _Side, name: str) -> str:
    if ev.uid:
        return ev.uid
    import hashlib

    key = f"{(side.domains or [side.company.casefold()])[0]}|{name.casefold()}"
    return "mail:" + hashlib.sha256(key.encode()).hexdigest()[:24]


def after_inbound(config: Config, store: Store, msg: ParsedMessage) -> list[Outcome]:
    """The hook that recording calls for each new inbound message: ``consider``, logged,
    never raising (the message itself is stored whatever happens here)."""
    try:
        outcomes = consider(config, store, msg)
    except Exception as exc:
        log.warning("suggestions: %s: %s: %s", msg.key, exc.__class__.__name__, exc)
        return []
    for o in outcomes:
        if o.action in ("new", "moved", "cancelled"):
            log.info("suggestions: %s", o.message)
        elif o.action == "skipped":
            log.info("suggestions: skipped %s", o.message)
        else:
            log.debug("suggestions: %s", o.message)
    return outcomes


def consider(
    config: Config, store: Store, msg: ParsedMessage, now: datetime | None = None
) -> list[Outcome]:
    """Turn the interview invitations in one received message into suggestions (or updates
    of earlier ones). Never raises for bad input: every problem is an Outcome line."""
    now = now or datetime.now(timezone.utc)
    if not table_exists(store.db):
        return [Outcome("skipped", "the store has no suggestions table (read-only, old schema)")]
    found = recognise(msg)
    out = [Outcome("skipped", line) for line in found.skipped]
    for ev in found.events:
        try:
            out.append(_consider_event(config, store, msg, ev, now))
        except Exception as exc:  # one odd event must never stop the recording
            log.warning("suggestions: %s: %s", msg.key, exc, exc_info=True)
            out.append(Outcome("skipped", f"event {ev.summary!r}: {exc.__class__.__name__}: {exc}"))
    return out


def _consider_event(
    config: Config, store: Store, msg: ParsedMessage, ev: Event, now: datetime
) -> Outcome:
    side = company_side(ev, msg, config)
    name = round_name(ev, side.company, config)
    uid = _uid(ev, side, name)
    tbl = table(store)
    row = tbl.by_uid(uid, ev.recurrence_id)
    label = f"{ev.summary or msg.subject!r}"
    if ev.method == "CANCEL":
        if row is None:
            return Outcome("ignored", f"{label}: a cancellation of an invitation never seen")
        if row.state == "cancelled":
            return Outcome("unchanged", f"{label}: cancelled already", row.id)
        if _newer(ev, row) is False:
            return Outcome("unchanged", f"{label}: an older cancellation", row.id)
        if row.state == "accepted" and row.application:
            _drop_accepted(config, row)
        tbl.set_state(row.id, "cancelled", now)
        return Outcome("cancelled", f"{label}: cancelled", row.id)
    if row is not None:
        newer = _newer(ev, row)
        if not newer:
            return Outcome(
                "unchanged",
                f"{label}: {'a repeat' if newer is None else 'an older version'}",
                row.id,
            )
        if row.state in ("cancelled", "dismissed"):
            tbl.seen_version(row.id, ev.sequence, ev.dtstamp)
            return Outcome("unchanged", f"{label}: {row.state} already", row.id)
        start, end = ev.start, ev.end
        if _cmp(start) == _cmp(row.start) and _cmp(end) == _cmp(row.end):
            tbl.seen_version(row.id, ev.sequence, ev.dtstamp)
            return Outcome("unchanged", f"{label}: a new version at the same time", row.id)
        tbl.move(
            row.id,
            sequence=ev.sequence,
            dtstamp=ev.dtstamp,
            start=start,
            end=end,
            timezone_name=ev.timezone,
            zone_note=ev.zone_note,
            message_id=msg.message_id,
            subject=msg.subject,
            now=now,
        )
        if row.state == "accepted" and row.application:
            _move_accepted(config, row, start, end, ev.timezone)
        return Outcome("moved", f"{label}: moved to {start.isoformat()}", row.id)
    reason = interview_reason(ev, msg, config, side)
    if reason is None:
        return Outcome("ignored", f"{label}: not an interview")
    if _cmp(ev.end) < now - STALE_AFTER:
        return Outcome("ignored", f"{label}: ended more than {STALE_AFTER.days} days ago")
    if side.app is not None and any(
        abs((_cmp(r.start) - _cmp(ev.start)).total_seconds()) < 60 for r in side.app.rounds
    ):
        return Outcome("unchanged", f"{label}: {side.app.id} tracks a round at that time already")
    twins = tbl.same_time(ev.start, tuple(side.domains), side.company)
    if twins:
        return Outcome(
            "unchanged", f"{label}: the same interview as suggestion {twins[0].id}", twins[0].id
        )
    sid = tbl.add(
        NewSuggestion(
            uid=uid,
            recurrence_id=ev.recurrence_id,
            sequence=ev.sequence,
            dtstamp=ev.dtstamp,
            company=side.company,
            domains=tuple(side.domains),
            application=side.app.id if side.app else None,
            round_name=name,
            start=ev.start,
            end=ev.end,
            timezone=ev.timezone,
            zone_note=ev.zone_note,
            people=tuple(p.to_json() for p in side.people),
            message_id=msg.message_id,
            subject=msg.subject,
            tool=ev.tool,
        ),
        now,
    )
    return Outcome("new", f"{label}: suggestion {sid} ({reason})", sid)


def _cmp(d: datetime) -> datetime:
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


# -- acting on suggestions ------------------------------------------------------------------


class SuggestionError(Exception):
    """A suggestion that cannot be acted on (unknown id, already handled, config problem)."""


@dataclass(frozen=True)
class Accepted:
    suggestion: int
    application: str
    round: str
    created_application: bool
    people_added: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "suggestion": self.suggestion,
            "application": self.application,
            "round": self.round,
            "created_application": self.created_application,
            "people_added": list(self.people_added),
        }


def pending(store: Store) -> list[Suggestion]:
    if not table_exists(store.db):
        return []
    return [_suggestion(r) for r in table(store).in_state("pending")]


def get(store: Store, sid: int) -> Suggestion | None:
    if not table_exists(store.db):
        return None
    r = table(store).get(sid)
    return _suggestion(r) if r else None


def _slug(company: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", _LEGAL_SUFFIX_RE.sub("", company).lower()).strip("-")
    return s or "application"


def _local(d: datetime, zone: str | None) -> tuple[str, str | None]:
    """A round time as the config takes it: local time and its IANA zone; with an offset
    when the zone has no name; naive when the invitation gave no zone (the app's zone)."""
    if d.tzinfo is None:
        return d.strftime("%Y-%m-%dT%H:%M"), None
    if zone:
        try:
            return d.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M"), zone
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return d.isoformat(timespec="minutes"), None


def _round_values(name: str, start: datetime, end: datetime, zone: str | None) -> dict[str, Any]:
    s, z = _local(start, zone)
    e, _ = _local(end, zone)
    return {"name": name, "start": s, "end": e, "timezone": z}


def _config_path(config: Config) -> Path:
    if config.path is None:
        raise SuggestionError("the config has no file to write to")
    return config.path


def accept(config: Config, store: Store, sid: int, as_app: str | None = None) -> Accepted:
    """Write the suggestion into the config (application, round, people; comments kept) and
    mark it accepted. ``as_app``: the application to add it to, or the id of a new one."""
    from ..config import edit

    s = get(store, sid)
    if s is None:
        raise SuggestionError(f"no suggestion {sid}; `followup-guard suggestions` lists them")
    if s.state != "pending":
        raise SuggestionError(f"suggestion {sid} is {s.state} already")
    path = _config_path(config)
    target = as_app or s.application
    existing = config.application(target) if target else None
    new_app: dict[str, Any] | None = None
    if existing is None:
        app_id = target or _slug(s.company)
        if not as_app:
            n = 2
            base = app_id
            while config.application(app_id) is not None:
                app_id = f"{base}-{n}"
                n += 1
        role = _role_of_row(s)
        new_app = {"id": app_id, "company": s.company, "role": role, "domains": list(s.domains)}
    else:
        app_id = existing.id
    taken = {r.name for r in existing.rounds} if existing else set()
    name, n = s.round.name, 2
    while name in taken:
        name = f"{s.round.name} ({n})"
        n += 1
    listed = {p.address for p in existing.people} if existing else set()
    people = []
    for p in s.people:
        values: dict[str, Any] = {"name": p.name, "address": p.address, "role": p.role}
        if p.role == "interviewer":
            values["rounds"] = [name]
        people.append(values)
    try:
        edit.track_round(
            path,
            app_id,
            new_app,
            _round_values(name, s.round.start, s.round.end, s.round.timezone),
            people,
        )
    except edit.EditError as exc:
        raise SuggestionError(str(exc)) from None
    except edit.ConfigError as exc:
        raise SuggestionError(
            "the config was not changed, because:\n  " + "\n  ".join(str(p) for p in exc.problems)
        ) from None
    table(store).set_state(
        sid, "accepted", datetime.now(timezone.utc), application=app_id, round_name=name
    )
    return Accepted(
        sid,
        app_id,
        name,
        new_app is not None,
        tuple(p.address for p in s.people if p.address not in listed),
    )


def _role_of_row(s: Suggestion) -> str:
    m = _ROLE_RE.search(s.subject)
    return m.group(1) if m else ""


def dismiss(store: Store, sid: int) -> Suggestion:
    s = get(store, sid)
    if s is None:
        raise SuggestionError(f"no suggestion {sid}; `followup-guard suggestions` lists them")
    if s.state != "pending":
        raise SuggestionError(f"suggestion {sid} is {s.state} already")
    table(store).set_state(sid, "dismissed", datetime.now(timezone.utc))
    return s


def _move_accepted(
    config: Config, row: SuggestionRow, start: datetime, end: datetime, zone: str | None
) -> None:
    from ..config import edit

    values = _round_values(row.round_name, start, end, zone)
    values.pop("name")
    try:
        edit.move_round(_config_path(config), row.application or "", row.round_name, values)
    except (edit.EditError, edit.ConfigError, SuggestionError) as exc:
        log.warning(
            "suggestions: could not move round %r of %s: %s", row.round_name, row.application, exc
        )


def _drop_accepted(config: Config, row: SuggestionRow) -> None:
    from ..config import edit

    try:
        edit.drop_round(_config_path(config), row.application or "", row.round_name)
    except (edit.EditError, edit.ConfigError, SuggestionError) as exc:
        log.warning(
            "suggestions: could not remove round %r of %s: %s", row.round_name, row.application, exc
        )


# -- where each application stands ----------------------------------------------------------


def timeline(config: Config, store: Store, now: datetime | None = None) -> dict[str, Any]:
    """Per application: rounds, messages sent and received, logged calls, the windows that
    matter (thank-you due, inquiry fine from, awaiting a reply since), the reminders; and the
    pending suggestions. The Thunderbird tab's data."""
    from .history import build_history
    from .reminders import due_reminders
    from .schedule import (
        AWAIT_BUSINESS_DAYS,
        INQUIRY_DAYS,
        THANK_YOU_HOURS,
        awaiting_reply_until,
        inquiry_ok_from,
        thank_you_states,
    )

    now = now or datetime.now(timezone.utc)
    reminders = due_reminders(config, store, now)
    apps = []
    for app in config.applications:
        hist = build_history(config, store, app, before=now)
        events: list[dict[str, Any]] = []
        for r in app.rounds:
            events.append(
                {
                    "at": r.start.isoformat(),
                    "kind": "round",
                    "title": r.name,
                    "detail": f"until {r.end.astimezone(r.tz):%H:%M} ({r.tz})",
                }
            )
        for c in hist.contacts:
            if c.channel == "mail":
                kind = "sent" if c.direction == "out" else "received"
                title = c.subject or "(no subject)"
            else:
                kind, title = c.channel, c.channel
            events.append(
                {
                    "at": c.at.isoformat(),
                    "kind": kind,
                    "title": title,
                    "detail": ", ".join(c.people)
                    + (f" ({c.kind})" if c.direction == "out" and c.channel == "mail" else ""),
                }
            )
        events.sort(key=lambda e: e["at"])
        hours = float(
            config.rule_settings("thank-you-late", {"hours": THANK_YOU_HOURS}, app).get(
                "hours", THANK_YOU_HOURS
            )
        )
        days = float(
            config.rule_settings("inquiry-too-soon", {"days": INQUIRY_DAYS}, app).get(
                "days", INQUIRY_DAYS
            )
        )
        await_days = int(
            config.rule_settings("awaiting-reply", {"business_days": AWAIT_BUSINESS_DAYS}, app).get(
                "business_days", AWAIT_BUSINESS_DAYS
            )
        )
        awaiting = awaiting_reply_until(config, hist, await_days)
        ok_from = inquiry_ok_from(app, hist, now, days)
        apps.append(
            {
                "id": app.id,
                "company": app.company,
                "role": app.role,
                "status": app.status,
                "rounds": [
                    {
                        "name": r.name,
                        "start": r.start.isoformat(),
                        "end": r.end.isoformat(),
                        "timezone": str(r.tz),
                    }
                    for r in app.rounds
                ],
                "events": events,
                "windows": {
                    "thank_you_due": [
                        {
                            "person": st.person.name,
                            "address": st.person.address,
                            "round": st.round.name,
                            "due": st.due.isoformat(),
                            "sent": st.sent.at.isoformat() if st.sent else None,
                        }
                        for st in thank_you_states(app, hist, now, hours)
                    ],
                    "inquiry_ok_from": ok_from.isoformat() if ok_from else None,
                    "awaiting_reply_since": awaiting[0].at.isoformat() if awaiting else None,
                    "awaiting_reply_until": awaiting[1].isoformat() if awaiting else None,
                },
                "reminders": [r.to_json() for r in reminders if r.application == app.id],
            }
        )
    return {
        "at": now.isoformat(),
        "timezone": str(config.general.timezone),
        "applications": apps,
        "suggestions": [
            s.to_json() | {"headline": s.headline, "note": s.zone_note} for s in pending(store)
        ],
    }
