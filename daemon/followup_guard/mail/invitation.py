"""Recognise interview invitations in received mail: calendar invitations (iTIP over iMIP:
a ``text/calendar`` part or an ``.ics`` attachment with METHOD REQUEST or CANCEL, read with the
``icalendar`` package) and the scheduling or confirmation emails of hiring tools and
calendars (Greenhouse, Lever, Ashby, Workday, SmartRecruiters, Calendly, GoodTime, Google
Calendar, Outlook/Exchange, Zoom and Teams links).

This module only reads: each message becomes zero or more :class:`Event` values, plus a line
for every part it had to skip (a broken calendar, an all-day event, a REPLY). Whether an event
is an interview, and for which company, is decided in ``record/suggestions.py``, which knows
the config.

Facts this rests on (RFC 5545/5546/6047, and what icalendar 7 returns): ``UID`` names an
event across its versions and ``SEQUENCE`` grows with each significant change; a DATE-TIME is
UTC (``Z``), local with a ``TZID`` (which needs a VTIMEZONE; Exchange uses Windows zone
names), or floating; icalendar returns a *naive* time both for a floating time and for an
unknown TZID without a VTIMEZONE, so a naive start is reported as "no time zone".
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .parse import ParsedMessage

METHODS = ("REQUEST", "CANCEL")
MAX_EVENTS = 20  # per message: an invitation carries one (a series a few)
MAX_ATTENDEES_READ = 1000  # more than this is a broadcast; the rest are not read

# The scheduling tools and calendar services: their own domains are never the company.
TOOL_DOMAINS: dict[str, str] = {
    "greenhouse.io": "Greenhouse",
    "greenhouse-mail.io": "Greenhouse",
    "lever.co": "Lever",
    "hire.lever.co": "Lever",
    "ashbyhq.com": "Ashby",
    "ashbyhq.email": "Ashby",
    "myworkday.com": "Workday",
    "workday.com": "Workday",
    "myworkdayjobs.com": "Workday",
    "smartrecruiters.com": "SmartRecruiters",
    "smartrecruiters.email": "SmartRecruiters",
    "calendly.com": "Calendly",
    "calendly.email": "Calendly",
    "goodtime.io": "GoodTime",
    "google.com": "Google Calendar",
    "calendar.google.com": "Google Calendar",
    "resource.calendar.google.com": "Google Calendar",
    "group.calendar.google.com": "Google Calendar",
    "outlook.com": "Outlook",
    "office365.com": "Outlook",
    "microsoft.com": "Microsoft",
    "teams.microsoft.com": "Microsoft Teams",
    "zoom.us": "Zoom",
    "zoom.com": "Zoom",
    "gem.com": "Gem",
    "modernloop.io": "ModernLoop",
    "icims.com": "iCIMS",
    "jobvite.com": "Jobvite",
    "workablemail.com": "Workable",
    "workable.com": "Workable",
    "bamboohr.com": "BambooHR",
    "recruitee.com": "Recruitee",
    "teamtailor.com": "Teamtailor",
    "paradox.ai": "Paradox",
}
# Free mail: a person writing from here says nothing about their employer.
FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "mail.com",
        "fastmail.com",
        "hey.com",
        "zoho.com",
        "yandex.com",
        "outlook.de",
        "hotmail.co.uk",
        "yahoo.co.uk",
    }
)
# Markers of a hiring tool in a calendar's PRODID, UID or text.
_TOOL_MARKS = (
    ("greenhouse", "Greenhouse"),
    ("lever.co", "Lever"),
    ("ashby", "Ashby"),
    ("workday", "Workday"),
    ("smartrecruiters", "SmartRecruiters"),
    ("goodtime", "GoodTime"),
    ("calendly", "Calendly"),
    ("modernloop", "ModernLoop"),
)


def tool_of_domain(domain: str) -> str | None:
    """The scheduling tool or calendar service a mail domain belongs to, if any."""
    domain = domain.lower()
    while domain:
        if domain in TOOL_DOMAINS:
            return TOOL_DOMAINS[domain]
        _, _, domain = domain.partition(".")
        if "." not in domain:
            return None
    return None


def is_neutral_domain(domain: str) -> bool:
    """A domain that names no employer: a tool's, a calendar service's, or free mail."""
    return tool_of_domain(domain) is not None or domain.lower() in FREE_MAIL


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
    attendee_count: int = 0  # before MAX_ATTENDEES_READ
    tool: str | None = None  # the hiring tool or calendar that sent it, when known
    kind: str = "calendar"  # "calendar" or "email" (a scheduling email without a calendar)


@dataclass
class Recognised:
    """What a message holds: its events, and a line for each part that had to be skipped."""

    events: list[Event] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    readable: bool = True  # False: a part was not iCalendar at all (its twin may be)


# -- calendars ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    with contextlib.suppress(Exception):
        return " ".join(str(value).split())
    return ""


def _address(value: Any) -> str:
    addr = _text(value)
    if addr.lower().startswith("mailto:"):
        addr = addr[7:]
    addr = addr.strip().strip("<>").lower()
    return addr if "@" in addr and " " not in addr else ""


def _party(value: Any) -> Party | None:
    if value is None:
        return None
    params = getattr(value, "params", {}) or {}
    addr = _address(value)
    name = _text(params.get("CN", "")).strip('"')
    if not addr and not name:
        return None
    return Party(
        name=name,
        address=addr,
        role=_text(params.get("ROLE", "REQ-PARTICIPANT")).upper() or "REQ-PARTICIPANT",
        cutype=_text(params.get("CUTYPE", "INDIVIDUAL")).upper() or "INDIVIDUAL",
    )


def _windows_zone(name: str) -> str | None:
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # an icalendar without the table: the offset still works
        return None
    found = WINDOWS_TO_OLSON.get(name.strip('"'))
    return str(found) if found else None


# Tried, in order, for a zone that came without a usable name (an Exchange VTIMEZONE with a
# custom TZID): the first whose offsets agree all year round is taken.
_COMMON_ZONES = (
    "Europe/London",
    "Europe/Berlin",
    "Europe/Helsinki",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "America/Halifax",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Australia/Perth",
    "Pacific/Auckland",
    "Africa/Johannesburg",
    "Africa/Lagos",
)


def _agrees_all_year(zone: str, dt: datetime) -> bool:
    try:
        z = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    for days in (0, 91, 182, 273):
        d = dt + timedelta(days=days)
        with contextlib.suppress(Exception):
            if d.replace(tzinfo=z).utcoffset() != d.utcoffset():
                return False
    return True


def zone_name(dt: datetime) -> str | None:
    """An IANA name for ``dt``'s zone: the zone's own key, an Exchange (Windows) name mapped,
    or a fixed whole-hour offset as ``Etc/GMT±N``; None when none fits."""
    tz: tzinfo | None = dt.tzinfo
    if tz is None:
        return None
    key = getattr(tz, "key", None)
    if isinstance(key, str) and key:
        return "UTC" if key in ("UTC", "Etc/UTC", "Z") else key
    tzid = getattr(tz, "_tzid", None) or getattr(tz, "zone", None) or ""
    if isinstance(tzid, str) and tzid:
        for candidate in (tzid.strip('"'), _windows_zone(tzid)):
            if candidate and "/" in candidate and _agrees_all_year(candidate, dt):
                return candidate
        for candidate in _COMMON_ZONES:
            if _agrees_all_year(candidate, dt):
                return candidate
    offset = dt.utcoffset()
    if offset is None:
        return None
    if offset == timedelta(0):
        return "UTC"
    hours, rest = divmod(offset, timedelta(hours=1))
    if rest == timedelta(0) and -12 <= hours <= 14:
        return f"Etc/GMT{-hours:+d}"  # POSIX signs: Etc/GMT-1 is one hour *ahead* of UTC
    return None


def _when(value: Any) -> date | datetime | None:
    with contextlib.suppress(Exception):
        d = value.dt if hasattr(value, "dt") else value
        if isinstance(d, (date, datetime)):
            return d
    return None


def _event(ev: Any, method: str, prodid: str) -> tuple[Event | None, str]:
    """One VEVENT → an Event, or None and the reason it was skipped."""
    uid = _text(ev.get("UID"))
    summary = _text(ev.get("SUMMARY"))
    label = f"event {summary or uid or '(no summary)'!r}"
    start = _when(ev.get("DTSTART"))
    if start is None:
        return None, f"{label}: no start time (DTSTART)"
    end = _when(ev.get("DTEND"))
    if end is None and ev.get("DURATION") is not None:
        with contextlib.suppress(Exception):
            end = start + ev.decoded("DURATION")
    if not isinstance(start, datetime):
        return None, f"{label}: an all-day event ({start.isoformat()}): no time to track"
    if not isinstance(end, datetime) or end <= start:
        end = start + timedelta(hours=1)  # RFC 5545: no DTEND, no DURATION → no length given
    note = ""
    zone = zone_name(start)
    if start.tzinfo is None:
        tzid = _text(ev["DTSTART"].params.get("TZID", "")) if "DTSTART" in ev else ""
        note = (
            f"the time zone {tzid!r} is not defined in the invitation"
            if tzid
            else "a floating time (the invitation names no time zone)"
        )
    elif zone is None:
        note = "the invitation's time zone has no name here; the offset is kept"
    if (end.tzinfo is None) != (start.tzinfo is None):
        end = start + timedelta(hours=1)
    organizer = _party(ev.get("ORGANIZER"))
    raw_attendees = ev.get("ATTENDEE")
    if raw_attendees is None:
        raw_attendees = []
    elif not isinstance(raw_attendees, list):
        raw_attendees = [raw_attendees]
    attendees = tuple(p for a in raw_attendees[:MAX_ATTENDEES_READ] if (p := _party(a)) is not None)
    seq = 0
    with contextlib.suppress(Exception):
        seq = int(str(ev.get("SEQUENCE", 0)).strip() or 0)
    stamp = _when(ev.get("DTSTAMP"))
    rid = _when(ev.get("RECURRENCE-ID"))
    description = _text(ev.get("DESCRIPTION"))
    status = _text(ev.get("STATUS")).upper()
    if status == "CANCELLED":
        method = "CANCEL"
    tool = None
    haystack = f"{prodid} {uid} {description}".lower()
    for mark, name in _TOOL_MARKS:
        if mark in haystack:
            tool = name
            break
    return (
        Event(
            method=method,
            uid=uid or _digest(f"{summary}|{start.isoformat()}"),
            sequence=seq,
            summary=summary,
            start=start,
            end=end,
            timezone=zone,
            zone_note=note,
            recurrence_id=rid.isoformat() if rid is not None else "",
            dtstamp=stamp if isinstance(stamp, datetime) else None,
            description=description[:4000],
            location=_text(ev.get("LOCATION")),
            organizer=organizer,
            attendees=attendees,
            attendee_count=len(raw_attendees),
            tool=tool,
        ),
        "",
    )


def read_calendar(data: bytes, label: str = "calendar") -> Recognised:
    """The REQUEST and CANCEL events of one iCalendar object; anything else is a skip line."""
    out = Recognised()
    try:
        from icalendar import Calendar
    except ImportError:
        out.skipped.append(f"{label}: the icalendar package is not installed")
        return out
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    try:
        with warnings.catch_warnings():  # a guessed vendor TZID is fine: the offsets are checked
            warnings.simplefilter("ignore")
            cals = Calendar.from_ical(text.lstrip("\ufeff"), multiple=True)
    except Exception as exc:  # icalendar raises ValueError, IndexError, TypeError, ...
        out.skipped.append(f"{label}: not a readable iCalendar object ({_why(exc)})")
        out.readable = False
        return out
    if not cals:
        out.skipped.append(f"{label}: no VCALENDAR in it")
    for cal in cals:
        method = _text(cal.get("METHOD")).upper()
        prodid = _text(cal.get("PRODID"))
        if method not in METHODS:
            what = (
                f"METHOD {method}" if method else "no METHOD (a calendar file, not an invitation)"
            )
            out.skipped.append(f"{label}: {what}: not an invitation")
            continue
        try:
            events = list(cal.walk("VEVENT"))
        except Exception as exc:
            out.skipped.append(f"{label}: cannot read its events ({_why(exc)})")
            continue
        if not events:
            out.skipped.append(f"{label}: METHOD {method} without an event")
        for ev in events[:MAX_EVENTS]:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    found, reason = _event(ev, method, prodid)
            except Exception as exc:  # a broken property the library let through
                found, reason = None, f"{label}: a broken event ({_why(exc)})"
            if found is not None:
                out.events.append(found)
            else:
                out.skipped.append(reason if reason.startswith(label) else f"{label}: {reason}")
    return out


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:120]
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:24]


# -- scheduling emails ----------------------------------------------------------------------

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAYNAME = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+"
# "Tuesday, December 8, 2026" / "Tue Dec 8, 2026" / "8 December 2026" / "2026-12-08"
_DATE_RES = (
    re.compile(
        rf"(?:{_DAYNAME})?(?P<mon>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
        r"(?P<year>\d{4})",
        re.I,
    ),
    re.compile(
        rf"(?:{_DAYNAME})?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH_RE})\.?,?\s+"
        r"(?P<year>\d{4})",
        re.I,
    ),
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})"),
)
_TIME = r"(?P<{n}h>\d{{1,2}})(?:[:.](?P<{n}m>\d{{2}}))?\s*(?P<{n}ap>[ap]\.?m\.?)?"
_RANGE_RE = re.compile(
    r"\b" + _TIME.format(n="s") + r"\s*(?:-|–|—|to|until)\s*" + _TIME.format(n="e") + r"\b",
    re.I,
)
_DURATION_RE = re.compile(r"\b(\d{1,3})[ -]?(?:minutes|minute|mins|min)\b", re.I)
_SINGLE_RE = re.compile(r"\b(?:at|@)\s+" + _TIME.format(n="s") + r"\b", re.I)
# A zone after the time: "(CET)", "Europe/Berlin", "(GMT+01:00)", "Eastern Time - US & Canada"
_ZONE_NAMES: dict[str, str] = {
    "eastern time": "America/New_York",
    "central time": "America/Chicago",
    "mountain time": "America/Denver",
    "pacific time": "America/Los_Angeles",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "gmt": "Europe/London",
    "bst": "Europe/London",
    "british summer time": "Europe/London",
    "uk time": "Europe/London",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "central european time": "Europe/Berlin",
    "central european summer time": "Europe/Berlin",
    "utc": "UTC",
    "ist": "Asia/Kolkata",
    "india standard time": "Asia/Kolkata",
    "aest": "Australia/Sydney",
    "jst": "Asia/Tokyo",
    "sgt": "Asia/Singapore",
}
_IANA_RE = re.compile(r"\b((?:Africa|America|Asia|Atlantic|Australia|Europe|Pacific)/[A-Za-z_/]+)")
_OFFSET_RE = re.compile(r"\b(?:GMT|UTC)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?\b")
_ZONE_WORD_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(z) for z in _ZONE_NAMES), key=len, reverse=True)) + r")\b",
    re.I,
)
_LINK_RE = re.compile(
    r"https?://(?:[\w-]+\.)*(?:zoom\.us|zoom\.com|teams\.microsoft\.com|teams\.live\.com|"
    r"meet\.google\.com|webex\.com)/\S+",
    re.I,
)
_CANCEL_RE = re.compile(r"\b(cancel(?:l)?ed|cancel(?:l)?ation|has been cancel)", re.I)
_SCHEDULE_RE = re.compile(
    r"\b(interview|scheduled|confirm(?:ed|ation)|invitation|invite|booked|rescheduled|"
    r"meeting|call|screen|chat)\b",
    re.I,
)
# "Interviewer(s): Dana Wu (dana.wu@acme.example), ..." or one per line after the heading.
_PEOPLE_HEAD_RE = re.compile(
    r"^\s*(?:interviewers?|panel|(?:event )?host|you(?:'ll| will)(?: be)? (?:meet|speak)(?:ing)?"
    r" with|meeting with|with)\s*:\s*(.*)$",
    re.I | re.M,
)
_PERSON_RE = re.compile(
    r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\s*[(<\[]\s*"
    r"(?P<addr>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s*[)>\]]"
)


def _zone_from_text(text: str) -> tuple[str | None, timedelta | None]:
    m = _IANA_RE.search(text)
    if m:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            ZoneInfo(m.group(1))
            return m.group(1), None
    m = _OFFSET_RE.search(text)
    if m:
        sign = -1 if m.group(1) in "-−" else 1
        off = timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0)) * sign
        return None, off
    m = _ZONE_WORD_RE.search(text)
    if m:
        return _ZONE_NAMES[m.group(1).lower()], None
    return None, None


def _hm(
    h: str | None, mi: str | None, ap: str | None, other_ap: str | None = None
) -> tuple[int, int] | None:
    if h is None:
        return None
    hour, minute = int(h), int(mi or 0)
    ap = (ap or other_ap or "").lower().replace(".", "")
    if ap == "pm" and hour < 12:
        hour += 12
    elif ap == "am" and hour == 12:
        hour = 0
    if not (0 <= hour < 24 and 0 <= minute < 60):
        return None
    return hour, minute


def find_time(text: str) -> tuple[datetime, datetime, str | None, str] | None:
    """The first date with a time (range) in a scheduling email's text: (start, end, IANA zone
    or None, note). Times are aware when the text names a zone or an offset, else naive."""
    for line_no, line in enumerate(text.splitlines()):
        for rx in _DATE_RES:
            m = rx.search(line)
            if not m:
                continue
            try:
                month = (
                    int(m.group("mnum"))
                    if "mnum" in rx.groupindex
                    else _MONTHS[m.group("mon").lower().rstrip(".")]
                )
                day = date(int(m.group("year")), month, int(m.group("day")))
            except (ValueError, KeyError):
                continue
            # The time is on the same line, else on the next two (Calendly puts it above).
            lines = text.splitlines()
            near = [line, *lines[line_no + 1 : line_no + 3], *lines[max(0, line_no - 2) : line_no]]
            for cand in near:
                r = _RANGE_RE.search(cand.replace(m.group(0), " ") if cand is line else cand)
                single = None if r else _SINGLE_RE.search(cand)
                if not r and not single:
                    continue
                g = (r or single).groupdict()  # type: ignore[union-attr]
                s = _hm(g.get("sh"), g.get("sm"), g.get("sap"), g.get("eap"))
                e = _hm(g.get("eh"), g.get("em"), g.get("eap"), g.get("sap")) if r else None
                if s is None:
                    continue
                zone, offset = _zone_from_text(cand) if cand else (None, None)
                if zone is None and offset is None:
                    zone, offset = _zone_from_text(" ".join(near))
                tz: tzinfo | None = None
                note = ""
                if zone:
                    tz = ZoneInfo(zone)
                elif offset is not None:
                    tz = timezone(offset)
                else:
                    note = "the email names no time zone"
                start = datetime(day.year, day.month, day.day, s[0], s[1], tzinfo=tz)
                length = _DURATION_RE.search(cand)
                end = (
                    datetime(day.year, day.month, day.day, e[0], e[1], tzinfo=tz)
                    if e
                    else start + timedelta(minutes=int(length.group(1)))
                    if length
                    else start + timedelta(hours=1)
                )
                if end <= start:
                    end = start + timedelta(hours=1)
                name = zone or (zone_name(start) if tz is not None else None)
                return start, end, name, note
    return None


def _people_in(text: str) -> list[Party]:
    out: list[Party] = []
    seen: set[str] = set()
    for head in _PEOPLE_HEAD_RE.finditer(text):
        # The heading's line, and following lines while they name someone.
        chunk = [head.group(1)]
        rest = text[head.end() :].splitlines()[1:6]
        for line in rest:
            if _PERSON_RE.search(line):
                chunk.append(line)
            elif line.strip():
                break
        for m in _PERSON_RE.finditer("\n".join(chunk)):
            addr = m.group("addr").lower()
            if addr not in seen:
                seen.add(addr)
                out.append(Party(" ".join(m.group("name").split()), addr))
    return out


def email_tool(msg: ParsedMessage) -> str | None:
    """The hiring tool or calendar a scheduling email came from: its sender's domain, or a
    meeting link of Zoom/Teams/Meet in its text."""
    if msg.sender is not None and (tool := tool_of_domain(msg.sender.domain)):
        return tool
    body = msg.body[:20000].lower()
    for mark, name in _TOOL_MARKS:
        if mark in body:
            return name
    link = _LINK_RE.search(msg.body[:20000])
    if link:
        host = link.group(0).lower()
        return "Zoom" if "zoom" in host else "Microsoft Teams" if "teams" in host else "Video call"
    return None


def scheduling_event(msg: ParsedMessage) -> Event | None:
    """A scheduling or confirmation email without a calendar, read as one event: a known tool
    or a meeting link, words of scheduling, and a date with a time. None otherwise."""
    tool = email_tool(msg)
    if tool is None:
        return None
    text = f"{msg.subject}\n{msg.body[:20000]}"
    if not _SCHEDULE_RE.search(text):
        return None
    found = find_time(msg.body[:20000]) or find_time(msg.subject)
    if found is None:
        return None
    start, end, zone, note = found
    cancel = bool(_CANCEL_RE.search(msg.subject) or _CANCEL_RE.search(msg.body[:400]))
    people = _people_in(msg.body[:20000])
    stamp = msg.date
    # A later email about the same interview replaces the earlier: the date orders them.
    seq = int(stamp.timestamp()) if stamp else 0
    return Event(
        method="CANCEL" if cancel else "REQUEST",
        uid="",  # the suggestions module names it (company and round)
        sequence=seq,
        summary=msg.subject,
        start=start,
        end=end,
        timezone=zone,
        zone_note=note,
        dtstamp=stamp,
        description=msg.body[:4000],
        organizer=Party(msg.sender.name, msg.sender.addr) if msg.sender else None,
        attendees=tuple(people),
        attendee_count=len(people),
        tool=tool,
        kind="email",
    )


def recognise(msg: ParsedMessage) -> Recognised:
    """Every invitation event in a received message: its calendars first; a scheduling email
    only when it carries no calendar (Greenhouse and Google send both in one message)."""
    out = Recognised()
    for i, data in enumerate(msg.calendars):
        label = "calendar" if len(msg.calendars) == 1 else f"calendar {i + 1}"
        part = read_calendar(data, label)
        out.events.extend(part.events)
        out.skipped.extend(part.skipped)
        if part.readable:
            break  # the text/calendar part and its .ics twin carry the same event
    if not msg.calendars:
        ev = scheduling_event(msg)
        if ev is not None:
            out.events.append(ev)
    return out


# -- what is worth fetching (IMAP reads INBOX headers only) ---------------------------------

LOOK_BACK = timedelta(days=60)  # older mail holds no interview still worth tracking
_CTYPE_RE = re.compile(rb"^content-type:\s*([\w.+-]+/[\w.+-]+)", re.I | re.M)


def content_type_of(header: bytes) -> str:
    m = _CTYPE_RE.search(header)
    return m.group(1).decode("ascii", "replace").lower() if m else "text/plain"


def worth_a_look(msg: ParsedMessage, content_type: str, now: datetime | None = None) -> str:
    """From the headers alone: ``"full"`` (read the whole message: a calendar, or a tool's or
    a recruiter's scheduling email), ``"structure"`` (a recent multipart message: read its
    BODYSTRUCTURE for a calendar part), or ``""`` (nothing to look at)."""
    now = now or datetime.now(timezone.utc)
    if msg.date is not None and msg.date < now - LOOK_BACK:
        return ""
    if content_type in ("text/calendar", "application/ics"):
        return "full"
    tool = tool_of_domain(msg.sender.domain) if msg.sender else None
    if _SCHEDULE_RE.search(msg.subject) and (tool or "interview" in msg.subject.lower()):
        return "full"
    if content_type.startswith("multipart/"):
        return "structure"
    return "full" if tool and _SCHEDULE_RE.search(msg.subject) else ""


def structure_has_calendar(structure: object) -> bool:
    """Whether an IMAP BODYSTRUCTURE (as imapclient returns it) names a calendar part."""
    text = repr(structure).lower()
    return "'calendar'" in text or ".ics'" in text or "b'ics'" in text
