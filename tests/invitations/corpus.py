"""The invitation corpus: real calendars (tests/data/ics, from the icalendar project) wrapped
into invitation emails as Google Calendar, Outlook/Exchange and Thunderbird send them, and
scheduling emails in the shapes of the hiring tools (tests/data/invitations, written for this
project). Each case says what a right answer is; the tests and
``scripts/accuracy_invitations.py`` share it.

Interview variants of the real calendars keep everything that makes a calendar hard (its
times, TZIDs, VTIMEZONEs, Exchange properties, folding) and get an interview's title, a
recruiter as organizer and the company's interviewers as attendees: the expected start is what
``icalendar`` itself reads from the file.
"""

from __future__ import annotations

import base64
import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parents[2]
ICS = REPO / "tests" / "data" / "ics"
MAILS = REPO / "tests" / "data" / "invitations"

ME = "alex.morgan@example.org"
ME_NAME = "Alex Morgan"

CONFIG = f"""
[general]
timezone = "Europe/London"
notify = false

[user]
name = "{ME_NAME}"

[[identities]]
address = "{ME}"
name = "{ME_NAME}"

[[applications]]
id = "globex-data"
company = "Globex"
role = "Data Engineer"
domains = ["globex.example"]

  [[applications.rounds]]
  name = "phone screen"
  start = "2026-11-20T14:00"
  length_minutes = 45

  [[applications.people]]
  name = "Oluwaseun Okonkwo"
  address = "seun@globex.example"
  role = "interviewer"
"""


@dataclass
class Case:
    name: str
    raw: bytes
    interview: bool
    now: datetime  # "now" for this case: shortly before the event
    company: str = ""
    start: datetime | None = None  # aware (or naive: no zone in the invitation)
    timezone: str | None = None  # the IANA name expected, when the file names one
    interviewers: list[str] = field(default_factory=list)
    source: str = ""  # "real" or "written"


# -- wrapping a calendar into mail, as the clients do ---------------------------------------


def _fold(text: str) -> str:
    return "\r\n".join(text.replace("\r\n", "\n").split("\n"))


def _b64(data: bytes) -> str:
    enc = base64.b64encode(data).decode()
    return "\r\n".join(enc[i : i + 76] for i in range(0, len(enc), 76))


def wrap(
    ics: str,
    *,
    style: str,
    sender: str,
    subject: str,
    mid: str,
    sent: datetime,
    to: str = f"{ME_NAME} <{ME}>",
    method: str = "REQUEST",
) -> bytes:
    """An invitation email: ``style`` "google" (multipart/mixed: alternative with text/plain,
    text/html, text/calendar, plus invite.ics as application/ics), "outlook"
    (multipart/alternative: text/plain, text/html, text/calendar) or "thunderbird"
    (multipart/mixed: text/plain and text/calendar, plus invite.ics)."""
    cal = _fold(ics)
    head = (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\n"
        f"Date: {format_datetime(sent)}\r\nMessage-ID: <{mid}>\r\nMIME-Version: 1.0\r\n"
    )
    plain = "You have been invited to an event. Open it in your calendar to reply.\r\n"
    html = "<p>You have been invited to an event.</p>\r\n"
    if any(ord(ch) < 32 and ch not in "\r\n\t" for ch in cal):  # control bytes: base64
        calpart = (
            f'Content-Type: text/calendar; charset="UTF-8"; method={method}\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n" + _b64(cal.encode()) + "\r\n"
        )
    else:
        calpart = (
            f'Content-Type: text/calendar; charset="UTF-8"; method={method}\r\n'
            "Content-Transfer-Encoding: 8bit\r\n\r\n" + cal + "\r\n"
        )
    attachment = (
        'Content-Type: application/ics; name="invite.ics"\r\n'
        'Content-Disposition: attachment; filename="invite.ics"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n" + _b64(cal.encode()) + "\r\n"
    )
    if style == "outlook":
        body = (
            'Content-Type: multipart/alternative; boundary="alt"\r\n\r\n'
            f"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{plain}"
            f"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}"
            f"--alt\r\n{calpart}--alt--\r\n"
        )
    elif style == "google":
        body = (
            'Content-Type: multipart/mixed; boundary="mix"\r\n\r\n'
            '--mix\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n'
            f"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{plain}"
            f"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}"
            f"--alt\r\n{calpart}--alt--\r\n"
            f"--mix\r\n{attachment}--mix--\r\n"
        )
    else:
        body = (
            'Content-Type: multipart/mixed; boundary="mix"\r\n\r\n'
            f"--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{plain}"
            f"--mix\r\n{calpart}"
            f"--mix\r\n{attachment}--mix--\r\n"
        )
    return (head + body).encode("utf-8")


def style_of(ics: str) -> str:
    prodid = (re.search(r"^PRODID:(.*)$", ics, re.M) or [None, ""])[1].lower()
    if "microsoft" in prodid or "exchange" in prodid:
        return "outlook"
    if "google" in prodid:
        return "google"
    return "thunderbird"


def with_method(ics: str, method: str = "REQUEST") -> str:
    """The calendar as a client sends it as an invitation: METHOD set on the VCALENDAR."""
    text = ics.replace("\r\n", "\n")
    if "BEGIN:VCALENDAR" not in text:  # a bare event (the test suite's events/): wrap it
        text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//wrapped//EN\n{text.strip()}\nEND:VCALENDAR\n"
    text = re.sub(r"^METHOD:.*\n", "", text, flags=re.M)
    return re.sub(
        r"^BEGIN:VCALENDAR\n", f"BEGIN:VCALENDAR\nMETHOD:{method}\n", text, count=1, flags=re.M
    )


# -- the real calendars ---------------------------------------------------------------------


def real_calendars() -> list[Path]:
    """The real calendars that hold at least one event (the rest are timezones, to-dos)."""
    out = []
    for p in sorted([*ICS.glob("calendars/*.ics"), *ICS.glob("events/*.ics")]):
        if "BEGIN:VEVENT" in p.read_text("utf-8", "replace"):
            out.append(p)
    return out


def broken_calendars() -> list[Path]:
    names = ("broken", "bad_calendar", "parsing_error", "invalid", "fuzz")
    return sorted(
        [p for p in ICS.glob("calendars/*.ics") if any(n in p.name for n in names)]
        + list(ICS.glob("fuzzing/*.ics"))
    )


def first_event(ics: str) -> tuple[datetime | date | None, datetime | date | None]:
    """(start, end) of the file's first event, as icalendar reads them; None if unreadable."""
    from icalendar import Calendar

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cal = Calendar.from_ical(ics)
            ev = next(iter(cal.walk("VEVENT")))
            start = ev.decoded("DTSTART")
            end = ev.decoded("DTEND") if "DTEND" in ev else None
            if not isinstance(start, date):
                return None, None
            return start, end if isinstance(end, date) else None
    except Exception:
        return None, None


def _is_iana(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except Exception:
        return False
    return "/" in name


def _unfolded_lines(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


COMPANIES = [
    ("Initech", "initech.example", "Maria Lopez", "maria.lopez"),
    ("Umbrella Health", "umbrella-health.example", "Sam Carter", "sam.carter"),
    ("Hooli", "hooli.example", "Gavin Belson", "talent"),
    ("Stark Industries", "stark-industries.example", "Pepper Potts", "pepper"),
    ("Wayne Enterprises", "wayne-enterprises.example", "Lucius Fox", "recruiting"),
]
TITLES = [
    "Technical interview",
    "Phone screen - {company}",
    "{company} / {me} - Hiring manager interview",
    "Onsite interview: Backend Engineer",
    "System design interview with {company}",
    "Interview: {me} <> {company}",
]
INTERVIEWERS = [
    [("Dana Wu", "dana.wu")],
    [("John Smith", "john.smith"), ("Priya Shah", "priya.shah")],
    [("Kim Lee", "kim.lee")],
]


def interview_variant(path: Path, i: int) -> Case | None:
    """The real calendar's first event, made an interview (see the module's docstring)."""
    text = path.read_text("utf-8", "replace")
    lines = _unfolded_lines(text)
    # Keep the calendar's first VEVENT only, with its own properties except the people and
    # the title; everything else (VTIMEZONEs, X- properties) stays as it was.
    out: list[str] = []
    state = "before"  # before, in, skip (a later event), after
    company, domain, recruiter, local = COMPANIES[i % len(COMPANIES)]
    title = TITLES[i % len(TITLES)].format(company=company, me=ME_NAME)
    panel = INTERVIEWERS[i % len(INTERVIEWERS)]
    for line in lines:
        if line.startswith("BEGIN:VEVENT"):
            if state != "before":
                state = "skip"
                continue
            state = "in"
            out.append(line)
            continue
        if state == "skip":
            if line.startswith("END:VEVENT"):
                state = "after"
            continue
        if state == "in" and line.startswith("END:VEVENT"):
            out.append(f"SUMMARY:{title}")
            out.append(f"ORGANIZER;CN={recruiter}:mailto:{local}@{domain}")
            out.append(
                f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN={recruiter}:mailto:{local}@{domain}"
            )
            for name, who in panel:
                out.append(
                    f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN={name}:mailto:{who}@{domain}"
                )
            out.append(
                f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN={ME_NAME}:mailto:{ME}"
            )
            out.append(line)
            state = "after"
            continue
        if state == "in" and re.match(
            r"^(SUMMARY|ORGANIZER|ATTENDEE|RRULE|RDATE|EXDATE|STATUS|METHOD)[;:]", line
        ):
            continue
        out.append(line)
    ics = with_method("\n".join(out))
    start, _end = first_event(ics)
    if not isinstance(start, datetime):
        return None  # an all-day or unreadable event: covered by the edge-case tests
    tzid = re.search(r"^DTSTART;[^:]*TZID=\"?([^\":;]+)", ics, re.M)
    zone = None
    if start.tzinfo is not None:
        key = getattr(start.tzinfo, "key", None)
        if key:
            zone = "UTC" if key in ("UTC", "Etc/UTC") else key
        elif tzid and _is_iana(tzid.group(1)):
            zone = tzid.group(1)
    now = (start if start.tzinfo else start.replace(tzinfo=timezone.utc)) - timedelta(days=2)
    raw = wrap(
        ics,
        style=style_of(ics),
        sender=f"{recruiter} <{local}@{domain}>",
        subject=f"Invitation: {title}",
        mid=f"real-{i}-{path.stem}@{domain}",
        sent=now,
    )
    return Case(
        name=f"real/{path.parent.name}/{path.name}",
        raw=raw,
        interview=True,
        now=now,
        company=company,
        start=start,
        timezone=zone,
        interviewers=sorted(f"{who}@{domain}" for _, who in panel),
        source="real",
    )


def plain_variant(path: Path, i: int) -> Case | None:
    """The real calendar as it is, sent as an invitation: not an interview."""
    text = path.read_text("utf-8", "replace")
    ics = with_method(text)
    start, _ = first_event(ics)
    if start is None:
        return None
    if not isinstance(start, datetime):
        start = datetime.combine(start, datetime.min.time())
    now = (start if start.tzinfo else start.replace(tzinfo=timezone.utc)) - timedelta(days=2)
    org = re.search(r"^ORGANIZER[^\n]*?mailto:([^\s;]+)", ics, re.M | re.I)
    sender = org.group(1) if org else "calendar@calendar-user.example"
    return Case(
        name=f"real-as-is/{path.parent.name}/{path.name}",
        raw=wrap(ics, style=style_of(ics), sender=sender, subject="Invitation",
                 mid=f"asis-{i}-{path.stem}@x.example", sent=now),
        interview=False,
        now=now,
        source="real",
    )  # fmt: skip


# -- the written scheduling emails ----------------------------------------------------------


def written_cases() -> list[Case]:
    labels = tomllib.loads((MAILS / "labels.toml").read_text("utf-8"))
    out = []
    for c in labels["case"]:
        start = datetime.fromisoformat(c["start"]) if c.get("start") else None
        now = datetime.fromisoformat(c["now"])
        out.append(
            Case(
                name=f"written/{c['file']}",
                raw=(MAILS / c["file"]).read_bytes(),
                interview=c["interview"],
                now=now,
                company=c.get("company", ""),
                start=start,
                timezone=c.get("timezone"),
                interviewers=sorted(c.get("interviewers", [])),
                source="written",
            )
        )
    return out


def all_cases() -> list[Case]:
    cases: list[Case] = []
    for i, p in enumerate(real_calendars()):
        if (c := interview_variant(p, i)) is not None:
            cases.append(c)
        if (c := plain_variant(p, i)) is not None:
            cases.append(c)
    cases.extend(written_cases())
    return cases
