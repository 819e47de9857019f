"""The test world and message builders, shared by the tests (through conftest.py fixtures and
the helper modules) and the benchmarks in scripts/.

The world: Alex Morgan (``alex.morgan@example.org``) has applied to Acme Corp (Dana Wu and John
Smith interviewed at the onsite, Maria Lopez is the recruiter, Tom Becker is not to be
contacted) and to Globex; Priya Raman is a reference. ``tests/corpus/config.toml`` is the
corpus's fixed-date copy of it; :func:`acme_world` writes it with the dates and extras a test
or a benchmark needs.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS_CONFIG = REPO / "tests" / "corpus" / "config.toml"
EXAMPLE_CONFIG = REPO / "daemon" / "followup_guard" / "config" / "example.toml"

ME_ADDR = "alex.morgan@example.org"
DANA_ADDR = "dana.wu@acme.example"
JOHN_ADDR = "john.smith@acme.example"
MARIA_ADDR = "maria.lopez@acme.example"
TOM_ADDR = "tom.becker@acme.example"
ME = f"Alex Morgan <{ME_ADDR}>"
DANA = f"Dana Wu <{DANA_ADDR}>"
JOHN = f"John Smith <{JOHN_ADDR}>"
MARIA = f"Maria Lopez <{MARIA_ADDR}>"
SIGNATURE = "Alex Morgan\n+1 617 555 0142"


@dataclass(frozen=True)
class Person:
    name: str
    address: str
    role: str  # interviewer | permitted | do-not-contact
    title: str = ""


ACME_PEOPLE = (
    Person("Dana Wu", DANA_ADDR, "interviewer", "Engineering Manager"),
    Person("John Smith", JOHN_ADDR, "interviewer", "Staff Engineer"),
    Person("Maria Lopez", MARIA_ADDR, "permitted", "Recruiter"),
    Person("Tom Becker", TOM_ADDR, "do-not-contact", "VP Engineering"),
)


def _people(people: Sequence[Person]) -> str:
    out = []
    for p in people:
        title = f'  title = "{p.title}"\n' if p.title else ""
        out.append(
            f'\n  [[applications.people]]\n  name = "{p.name}"\n{title}'
            f'  address = "{p.address}"\n  role = "{p.role}"\n'
        )
    return "".join(out)


def acme_world(
    *,
    onsite_start: datetime | str = "2026-11-20T10:00",
    onsite_end: datetime | str = "2026-11-20T12:00",
    tz: str = "America/New_York",
    identity: str = ME_ADDR,
    people: Sequence[Person] = ACME_PEOPLE,
    globex: bool = True,
    references: bool = True,
    extra: str = "",
) -> str:
    """The world's config as TOML: Acme's onsite at the given times (in ``tz``), ``extra``
    appended (sections such as ``[sendmail]``, more applications, accounts)."""

    def at(d: datetime | str) -> str:
        return d.strftime("%Y-%m-%dT%H:%M") if isinstance(d, datetime) else d

    text = f'''[general]
timezone = "{tz}"

[user]
name = "Alex Morgan"
phone = "+1 617 555 0142"

[[identities]]
address = "{identity}"
name = "Alex Morgan"
signature = """{SIGNATURE}"""
'''
    if references:
        text += '\n[[references]]\nname = "Priya Raman"\naddress = "priya.raman@oldjob.example"\n'
    text += f'''
[[applications]]
id = "acme-backend"
company = "Acme Corp"
role = "Backend Engineer"
domains = ["acme.example"]
talking_points = ["payments ledger", "Kafka migration", "on-call rotation"]

  [[applications.rounds]]
  name = "onsite"
  start = "{at(onsite_start)}"
  end = "{at(onsite_end)}"
  timezone = "{tz}"
{_people(people)}'''
    if globex:
        text += """
[[applications]]
id = "globex-data"
company = "Globex"
role = "Data Engineer"
domains = ["globex.example"]

  [[applications.people]]
  name = "Oluwaseun Okonkwo"
  address = "seun@globex.example"
  role = "interviewer"
"""
    return text + ("\n" + textwrap.dedent(extra) if extra else "")


# -- the daemon's world: Alice Applicant, one application (Acme, Dana Wu) ---------------------

DAEMON_WORLD = """
[general]
timezone = "UTC"
notify = false

[[identities]]
address = "alice@example.org"
name = "Alice Applicant"

[[applications]]
id = "acme"
company = "Acme Corp"
domains = ["acme.example"]

  [[applications.people]]
  name = "Dana Wu"
  address = "dana.wu@acme.example"
  role = "interviewer"
"""


def write_config(home: Path, *, accounts: str = "", maildirs: str = "", extra: str = "") -> Path:
    """The daemon's world with the given sources, written to ``home/config.toml``."""
    cfg = home / "config.toml"
    cfg.write_text(DAEMON_WORLD + accounts + maildirs + extra)
    return cfg


def imap_account(
    dovecot: object,
    home: Path,
    *,
    tls: str = "none",
    ca: bool = False,
    password: str = "secret",
    extra: str = "",
) -> str:
    """An ``[[accounts]]`` table for alice on a test Dovecot (``tests/servers/dovecot.py``)."""
    pw = home / "password"
    pw.write_text(password + "\n")
    port = dovecot.imaps_port if tls == "implicit" else dovecot.imap_port  # type: ignore[attr-defined]
    lines = [
        "[[accounts]]",
        'id = "main"',
        f'host = "{dovecot.host}"',  # type: ignore[attr-defined]
        f"port = {port}",
        f'tls = "{tls}"',
        'username = "alice"',
        f'password_command = "cat {pw}"',
    ]
    if ca:
        lines.append(f'ca_file = "{dovecot.ca_file}"')  # type: ignore[attr-defined]
    return "\n" + "\n".join(lines) + "\n" + extra + "\n"


# -- messages ---------------------------------------------------------------------------------


def eml(
    *,
    frm: str = ME,
    to: str | list[str] = DANA,
    subject: str = "Hello",
    date: datetime | str | None = None,
    mid: str | None = None,
    cc: str | list[str] | None = None,
    bcc: str | list[str] | None = None,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    body: str = "Dear Dana,\n\nThank you for your time.\n\nBest,\nAlex\n",
    headers: dict[str, str] | None = None,
) -> bytes:
    """A small RFC 5322 message. ``date`` may be an aware datetime or a header string; None
    leaves the Date header out."""

    def join(v: str | list[str]) -> str:
        return ", ".join(v) if isinstance(v, list) else v

    lines = [f"From: {frm}", f"To: {join(to)}"]
    if cc:
        lines.append(f"Cc: {join(cc)}")
    if bcc:
        lines.append(f"Bcc: {join(bcc)}")
    lines.append(f"Subject: {subject}")
    if date is not None:
        lines.append(f"Date: {format_datetime(date) if isinstance(date, datetime) else date}")
    if mid:
        lines.append(f"Message-ID: <{mid}>")
    if in_reply_to:
        lines.append(f"In-Reply-To: <{in_reply_to}>")
    if references:
        lines.append("References: " + " ".join(f"<{r}>" for r in references))
    for k, v in (headers or {}).items():
        lines.append(f"{k}: {v}")
    lines.append("MIME-Version: 1.0")
    lines.append("Content-Type: text/plain; charset=utf-8")
    return ("\r\n".join(lines) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode("utf-8")


def message(
    i: int | str,
    *,
    to: str = "dana.wu@acme.example",
    sender: str = "alice@example.org",
    subject: str | None = None,
    days_ago: float = 1,
    extra: str = "",
    body: str | None = None,
    mid: str | None = None,
) -> bytes:
    """Numbered message ``i`` of the daemon's world (Alice's mail), dated ``days_ago``."""
    date = format_datetime(datetime.now(timezone.utc) - timedelta(days=days_ago))
    mid = mid if mid is not None else f"<msg-{i}@example.org>"
    return (
        f"From: Alice Applicant <{sender}>\r\nTo: {to}\r\n"
        f"Subject: {subject or f'Message {i}'}\r\nDate: {date}\r\n"
        + (f"Message-ID: {mid}\r\n" if mid else "")
        + extra
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + (body or f"Dear Dana,\r\n\r\nthank you for the interview, number {i}.\r\n")
    ).encode()
