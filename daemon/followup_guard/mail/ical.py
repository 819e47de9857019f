"""Calendar invitations (iTIP over iMIP: a ``text/calendar`` part or an ``.ics`` attachment
with METHOD REQUEST or CANCEL), read with the ``icalendar`` package into :class:`Event`
values, plus a line for every part that had to be skipped (a broken calendar, an all-day
event, a REPLY).

Facts this rests on (RFC 5545/5546/6047, and what icalendar 7 returns): ``UID`` names an
event across its versions and ``SEQUENCE`` grows with each significant change; a DATE-TIME is
UTC (``Z``), local with a ``TZID`` (which needs a VTIMEZONE; Exchange uses Windows zone
names), or floating; icalendar returns a *naive* time both for a floating time and for an
unknown TZID without a VTIMEZONE, so a naive start is reported as "no time zone".
"""

from __future__ import annotations

import contextlib
import hashlib
import warnings
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .event import Event, Party, Recognised
from .hiring_tools import TOOL_MARKS

METHODS = ("REQUEST", "CANCEL")
MAX_EVENTS = 20  # per message: an invitation carries one (a series a few)
MAX_ATTENDEES_READ = 1000  # more than this is a broadcast; the rest are not read


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
    for mark, name in TOOL_MARKS:
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
