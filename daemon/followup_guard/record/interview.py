"""Is an event of a received message an interview, and with whom?

Each event a message holds (``mail/invitation.py``) is asked one question: is someone at an
employer meeting the user about a role? The answer names the company (from the organiser's
and attendees' domains and display names; a scheduling tool's or free-mail domain is never
the company), the tracked application at that company if any, the people (attendees at the
company's domains are interviewers; the recruiter or coordinator who wrote is a permitted
contact) and the round's name. ``record/suggest.py`` turns the answer into a suggestion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..config.model import Application, Config
from ..mail.event import Event, Party
from ..mail.hiring_tools import TOOL_DOMAINS, is_neutral_domain, tool_of_domain
from ..mail.parse import ParsedMessage
from .suggestions import PersonSpec

MAX_INTERVIEW_ATTENDEES = 40  # more people than this: a broadcast, a webinar, an all-hands
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
LEGAL_SUFFIX_RE = re.compile(r"\s*,?\s+(?:inc|llc|ltd|gmbh|ag|plc|corp|co|s\.?a)\.?$", re.I)


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
    squashed = re.sub(r"[^a-z0-9]", "", LEGAL_SUFFIX_RE.sub("", name).lower())
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
class CompanySide:
    """The company side of an event, as far as it can be told."""

    company: str = ""
    domains: list[str] = field(default_factory=list)
    app: Application | None = None
    people: list[PersonSpec] = field(default_factory=list)


def company_side(ev: Event, msg: ParsedMessage, config: Config) -> CompanySide:
    """The company, its domains, the tracked application (if any) and the people."""
    side = CompanySide()
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


def interview_reason(
    ev: Event, msg: ParsedMessage, config: Config, side: CompanySide
) -> str | None:
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
