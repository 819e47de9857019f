"""The scheduling and confirmation emails of hiring tools and calendars (Greenhouse, Lever,
Ashby, Workday, SmartRecruiters, Calendly, GoodTime, Google Calendar, Outlook/Exchange, Zoom
and Teams links) that carry no calendar: read as one :class:`Event` from the text."""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .event import Event, Party
from .hiring_tools import TOOL_MARKS, tool_of_domain
from .ical import zone_name
from .parse import ParsedMessage

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
SCHEDULE_RE = re.compile(
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
    for mark, name in TOOL_MARKS:
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
    if not SCHEDULE_RE.search(text):
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
