"""The configuration, as typed, validated values. The TOML file is the source of truth."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from .._values import FACTORY, FrozenValue, value

TlsMode = Literal["implicit", "starttls", "none"]
AuthMode = Literal["password", "xoauth2"]
Role = Literal["interviewer", "permitted", "do-not-contact"]
Status = Literal["active", "offer", "rejected", "withdrawn"]

ROLES: tuple[str, ...] = ("interviewer", "permitted", "do-not-contact")
STATUSES: tuple[str, ...] = ("active", "offer", "rejected", "withdrawn")
CLOSED_STATUSES: frozenset[str] = frozenset({"rejected", "withdrawn"})
T = TypeVar("T")


@value
class Account(FrozenValue):
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

    def __init__(
            self,
            id: str,
            host: str,
            username: str,
            port: int = 993,
            tls: TlsMode = "implicit",
            auth: AuthMode = "password",
            password_command: str | None = None,
            keyring_service: str | None = None,
            token_command: str | None = None,
            ca_file: Path | None = None,
            sent_folder: str | None = None,
            inbox_folder: str = "INBOX",
            backfill_days: int = 180,
            idle_renew_seconds: int = 540,
            poll_seconds: int = 90,
            read_timeout_seconds: float = 60.0,
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "host", host)
        object.__setattr__(self, "username", username)
        object.__setattr__(self, "port", port)
        object.__setattr__(self, "tls", tls)
        object.__setattr__(self, "auth", auth)
        object.__setattr__(self, "password_command", password_command)
        object.__setattr__(self, "keyring_service", keyring_service)
        object.__setattr__(self, "token_command", token_command)
        object.__setattr__(self, "ca_file", ca_file)
        object.__setattr__(self, "sent_folder", sent_folder)
        object.__setattr__(self, "inbox_folder", inbox_folder)
        object.__setattr__(self, "backfill_days", backfill_days)
        object.__setattr__(self, "idle_renew_seconds", idle_renew_seconds)
        object.__setattr__(self, "poll_seconds", poll_seconds)
        object.__setattr__(self, "read_timeout_seconds", read_timeout_seconds)


@value
class MaildirSource(FrozenValue):
    path: Path
    direction: Literal["out", "in"] = "out"

    def __init__(self, path: Path, direction: Literal["out", "in"] = "out") -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "direction", direction)


@value
class Identity(FrozenValue):
    address: str
    name: str = ""
    signature: str = ""

    def __init__(self, address: str, name: str = "", signature: str = "") -> None:
        object.__setattr__(self, "address", address)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "signature", signature)


@value
class Round(FrozenValue):
    name: str
    start: datetime  # aware, in the round's time zone
    end: datetime  # aware
    tz: ZoneInfo

    def __init__(self, name: str, start: datetime, end: datetime, tz: ZoneInfo) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "tz", tz)


@value
class Person(FrozenValue):
    name: str
    address: str  # lower-cased
    role: Role
    title: str = ""
    rounds: tuple[str, ...] = ()  # names of the rounds they sat in; empty = all rounds

    def __init__(
            self,
            name: str,
            address: str,
            role: Role,
            title: str = "",
            rounds: tuple[str, ...] = (),
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "address", address)
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "title", title)
        object.__setattr__(self, "rounds", rounds)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else ""

    def sat_in(self, round_name: str) -> bool:
        return not self.rounds or round_name in self.rounds


@value
class Reference(FrozenValue):
    name: str
    address: str

    def __init__(self, name: str, address: str) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "address", address)


@value
class Application(FrozenValue):
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

    def __init__(
            self,
            id: str,
            company: str,
            role: str = "",
            domains: tuple[str, ...] = (),
            status: Status = "active",
            decision_date: date | None = None,
            talking_points: tuple[str, ...] = (),
            rounds: tuple[Round, ...] = (),
            people: tuple[Person, ...] = (),
            rules: dict[str, dict[str, Any]] = FACTORY,
            references_briefed: bool = False,
    ) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "company", company)
        object.__setattr__(self, "role", role)
        object.__setattr__(self, "domains", domains)
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "decision_date", decision_date)
        object.__setattr__(self, "talking_points", talking_points)
        object.__setattr__(self, "rounds", rounds)
        object.__setattr__(self, "people", people)
        object.__setattr__(self, "rules", {} if rules is FACTORY else rules)
        object.__setattr__(self, "references_briefed", references_briefed)

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


@value
class General(FrozenValue):
    timezone: ZoneInfo
    holidays: frozenset[date] = frozenset()
    notify: bool = True  # desktop notifications where a session bus exists
    unknown_sender_ok: bool = False

    def __init__(
            self,
            timezone: ZoneInfo,
            holidays: frozenset[date] = frozenset(),
            notify: bool = True,
            unknown_sender_ok: bool = False,
    ) -> None:
        object.__setattr__(self, "timezone", timezone)
        object.__setattr__(self, "holidays", holidays)
        object.__setattr__(self, "notify", notify)
        object.__setattr__(self, "unknown_sender_ok", unknown_sender_ok)


@value
class Config(FrozenValue):
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

    def __init__(
            self,
            path: Path | None,
            general: General,
            user_name: str = "",
            user_phone: str = "",
            accounts: tuple[Account, ...] = (),
            maildirs: tuple[MaildirSource, ...] = (),
            identities: tuple[Identity, ...] = (),
            rules: dict[str, dict[str, Any]] = FACTORY,
            applications: tuple[Application, ...] = (),
            references: tuple[Reference, ...] = (),
            sendmail_command: tuple[str, ...] = (),
            sendmail_fail_closed: bool = True,
    ) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "general", general)
        object.__setattr__(self, "user_name", user_name)
        object.__setattr__(self, "user_phone", user_phone)
        object.__setattr__(self, "accounts", accounts)
        object.__setattr__(self, "maildirs", maildirs)
        object.__setattr__(self, "identities", identities)
        object.__setattr__(self, "rules", {} if rules is FACTORY else rules)
        object.__setattr__(self, "applications", applications)
        object.__setattr__(self, "references", references)
        object.__setattr__(self, "sendmail_command", sendmail_command)
        object.__setattr__(self, "sendmail_fail_closed", sendmail_fail_closed)

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

    def rule_settings(self, rule_id: str, defaults: dict[str, Any],
                      app: Application | None) -> dict[str, Any]:
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
        next_midnight = datetime.combine(cursor.date() + timedelta(days=1), datetime.min.time(),
                                         tzinfo=cursor.tzinfo)
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
