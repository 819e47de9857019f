"""The configuration, as typed, validated values. The TOML file is the source of truth."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

TlsMode = Literal["implicit", "starttls", "none"]
AuthMode = Literal["password", "xoauth2"]
Role = Literal["interviewer", "permitted", "do-not-contact"]
Status = Literal["active", "offer", "rejected", "withdrawn"]

ROLES: tuple[str, ...] = ("interviewer", "permitted", "do-not-contact")
STATUSES: tuple[str, ...] = ("active", "offer", "rejected", "withdrawn")
CLOSED_STATUSES: frozenset[str] = frozenset({"rejected", "withdrawn"})
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    host: str
    username: str
    port: int = 993
    tls: TlsMode = "implicit"
    auth: AuthMode = "password"
    password_command: str | None = None
    keyring_service: str | None = None  # look the password up in the system keyring
    token_command: str | None = None  # prints a fresh OAuth2 access token (XOAUTH2)
    ca_file: Path | None = None
    sent_folder: str | None = None
    inbox_folder: str = "INBOX"
    backfill_days: int = 180
    idle_renew_seconds: int = 540
    poll_seconds: int = 90
    read_timeout_seconds: float = 60.0
    drafts: bool = True  # watch the Drafts folder and warn while the user writes
    drafts_folder: str | None = None  # default: the \\Drafts special-use folder, then names


@dataclass(frozen=True, slots=True)
class MaildirSource:
    path: Path
    direction: Literal["out", "in", "drafts"] = "out"  # drafts: watched, never recorded


@dataclass(frozen=True, slots=True)
class Identity:
    address: str
    name: str = ""
    signature: str = ""


@dataclass(frozen=True, slots=True)
class Round:
    name: str
    start: datetime  # aware, in the round's time zone
    end: datetime  # aware
    tz: ZoneInfo


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    address: str  # lower-cased
    role: Role
    title: str = ""
    rounds: tuple[str, ...] = ()  # names of the rounds they sat in; empty = all rounds

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else ""

    def sat_in(self, round_name: str) -> bool:
        return not self.rounds or round_name in self.rounds


@dataclass(frozen=True, slots=True)
class Reference:
    name: str
    address: str


@dataclass(frozen=True, slots=True)
class Application:
    id: str
    company: str
    role: str = ""
    domains: tuple[str, ...] = ()
    status: Status = "active"
    decision_date: date | None = None
    talking_points: tuple[str, ...] = ()
    rounds: tuple[Round, ...] = ()
    people: tuple[Person, ...] = ()
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # per-application overrides
    references_briefed: bool = False
    # A rejection or offer in the company's replies changes how the checks and reminders see
    # the application (mail/decision.py); false when one was misread.
    decisions_by_mail: bool = True

    @property
    def closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def person(self, address: str) -> Person | None:
        address = address.lower()
        for p in self.people:
            if p.address == address:
                return p
        return None

    @property
    def interviewers(self) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.role == "interviewer")

    def owns_domain(self, domain: str) -> bool:
        domain = domain.lower()
        return any(domain == d or domain.endswith("." + d) for d in self.domains)

    def last_round_before(self, at: datetime) -> Round | None:
        """The latest round that ended at or before ``at``."""
        done = [r for r in self.rounds if r.end <= at]
        return max(done, key=lambda r: r.end) if done else None


@dataclass(frozen=True, slots=True)
class General:
    timezone: ZoneInfo
    holidays: frozenset[date] = frozenset()
    notify: bool = True  # desktop notifications where a session bus exists
    unknown_sender_ok: bool = False
    # A draft's "finished letter" findings wait until it has not changed for this long.
    drafts_quiet_seconds: int = 60


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None
    general: General
    user_name: str = ""
    user_phone: str = ""
    accounts: tuple[Account, ...] = ()
    maildirs: tuple[MaildirSource, ...] = ()
    identities: tuple[Identity, ...] = ()
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    applications: tuple[Application, ...] = ()
    references: tuple[Reference, ...] = ()
    sendmail_command: tuple[str, ...] = ()  # the real sender behind `followup-guard sendmail`
    sendmail_fail_closed: bool = True

    def application(self, app_id: str) -> Application | None:
        for a in self.applications:
            if a.id == app_id:
                return a
        return None

    def identity(self, address: str) -> Identity | None:
        address = address.lower()
        for i in self.identities:
            if i.address == address:
                return i
        return None

    def is_mine(self, address: str) -> bool:
        return self.identity(address) is not None

    def reference(self, address: str) -> Reference | None:
        address = address.lower()
        for r in self.references:
            if r.address == address:
                return r
        return None

    def rule_settings(
        self, rule_id: str, defaults: dict[str, Any], app: Application | None
    ) -> dict[str, Any]:
        """Defaults, then the global [rules.ID] table, then the application's override."""
        merged = dict(defaults)
        merged.update(self.rules.get(rule_id, {}))
        if app is not None:
            merged.update(app.rules.get(rule_id, {}))
        return merged


def business_days_between(start: datetime, end: datetime, holidays: frozenset[date]) -> float:
    """Business days from ``start`` to ``end`` (fractional; skips weekends and holidays)."""
    if end <= start:
        return 0.0
    total = timedelta()
    cursor = start
    while cursor < end:
        next_midnight = datetime.combine(
            cursor.date() + timedelta(days=1), datetime.min.time(), tzinfo=cursor.tzinfo
        )
        stop = min(next_midnight, end)
        if cursor.weekday() < 5 and cursor.date() not in holidays:
            total += stop - cursor
        cursor = stop
    return total / timedelta(days=1)


def add_business_days(start: datetime, days: int, holidays: frozenset[date]) -> datetime:
    """``start`` moved forward by whole business days (weekends and holidays skipped)."""
    cursor = start
    left = days
    while left > 0:
        cursor += timedelta(days=1)
        if cursor.weekday() < 5 and cursor.date() not in holidays:
            left -= 1
    return cursor


_DERIVED: dict[str, tuple[Config, Any]] = {}


def derived(config: Config, key: str, build: Callable[[Config], T]) -> T:
    """Data computed from a loaded config once, not on every check (indexes, word sets).

    One entry per key, for the config object in use: a reload makes a new object, so the
    next call rebuilds.
    """
    hit = _DERIVED.get(key)
    if hit is None or hit[0] is not config:
        hit = (config, build(config))
        _DERIVED[key] = hit
    return hit[1]
