"""Load and validate the TOML config: one clear error per problem, with file, line and key."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .hosts import is_loopback
from .lines import key_lines, line_for
from .model import (
    ROLES,
    STATUSES,
    Account,
    Application,
    Config,
    General,
    Identity,
    MaildirSource,
    Person,
    Reference,
    Round,
)


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class ConfigError(Exception):
    """The config cannot be used. ``problems`` lists every problem found, one per entry."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


_MISSING = object()


class _Checker:
    """Reads values out of the parsed TOML, recording a Problem for each thing that is wrong."""

    def __init__(self, file: str, text: str):
        self.file = file
        self.lines = key_lines(text)
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, line_for(self.lines, path), path, message))

    def table(self, data: Mapping[str, Any], path: str, allowed: set[str]) -> None:
        for key in data:
            if key not in allowed:
                sub = f"{path}.{key}" if path else key
                hint = ", ".join(sorted(allowed))
                self.problem(sub, f"unknown key {key!r} (allowed here: {hint})")

    def get(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        kind: type | tuple[type, ...],
        default: Any = _MISSING,
        what: str = "",
    ) -> Any:
        sub = f"{path}.{key}" if path else key
        if key not in data:
            if default is _MISSING:
                self.problem(path or key, f"missing required key {key!r}")
                return None
            return default
        value = data[key]
        # bool is an int in Python; a TOML boolean where a number is wanted is still wrong.
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            want = what or _type_name(kind)
            self.problem(sub, f"expected {want}, got {_type_name(type(value))} {value!r}")
            return None if default is _MISSING else default
        return value

    def str_list(self, data: Mapping[str, Any], key: str, path: str) -> list[str]:
        value = self.get(data, key, path, list, default=[], what="a list of strings")
        out: list[str] = []
        for i, item in enumerate(value or []):
            if isinstance(item, str):
                out.append(item)
            else:
                self.problem(f"{path}.{key}[{i}]", f"expected a string, got {item!r}")
        return out

    def tables(
        self, data: Mapping[str, Any], key: str, path: str
    ) -> list[tuple[str, dict[str, Any]]]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.problem(
                f"{path}.{key}" if path else key,
                f"expected an array of tables ([[{key}]]), got {_type_name(type(value))}",
            )
            return []
        out = []
        for i, item in enumerate(value):
            sub = f"{path}.{key}[{i}]" if path else f"{key}[{i}]"
            if isinstance(item, dict):
                out.append((sub, item))
            else:
                self.problem(sub, f"expected a table, got {item!r}")
        return out

    def address(self, value: str | None, path: str) -> str | None:
        if value is None:
            return None
        from email_validator import EmailNotValidError, validate_email

        try:
            info = validate_email(value, check_deliverability=False, test_environment=True)
        except EmailNotValidError as exc:
            self.problem(path, f"{value!r} is not a valid email address: {exc}")
            return None
        return info.normalized.lower()


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "a table",
        date: "a date",
        datetime: "a date-time",
    }
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


def _zone(c: _Checker, name: str | None, path: str) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        c.problem(path, f"unknown time zone {name!r} (use an IANA name like 'Europe/Berlin')")
        return None


def _local_zone() -> ZoneInfo:
    try:
        link = Path("/etc/localtime").resolve()
        name = str(link).split("zoneinfo/", 1)[1]
        return ZoneInfo(name)
    except Exception:
        return ZoneInfo("UTC")


def _datetime(c: _Checker, value: Any, path: str, tz: ZoneInfo | None) -> datetime | None:
    """A TOML local date-time, or a string like 2026-11-20T10:00 / with an offset."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            c.problem(path, f"{value!r} is not a date-time (write it like 2026-11-20T10:00)")
            return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if not isinstance(value, datetime):
        c.problem(path, f"expected a date-time like 2026-11-20T10:00, got {value!r}")
        return None
    when: datetime = value
    return when if when.tzinfo else when.replace(tzinfo=tz or ZoneInfo("UTC"))


def _date(c: _Checker, value: Any, path: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            c.problem(path, f"{value!r} is not a date (write it like 2026-12-01)")
            return None
    c.problem(path, f"expected a date like 2026-12-01, got {value!r}")
    return None


_RULE_KEYS = {"enabled", "severity"}


def _rules(
    c: _Checker, data: Any, path: str, known: Mapping[str, Mapping[str, Any]] | None
) -> dict[str, dict[str, Any]]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        c.problem(path, "expected a table of rules, like [rules.weekly-limit]")
        return {}
    out: dict[str, dict[str, Any]] = {}
    for rule_id, settings in data.items():
        sub = f"{path}.{rule_id}"
        if known is not None and rule_id not in known:
            c.problem(sub, f"unknown rule {rule_id!r} (`followup-guard rules` lists them)")
            continue
        if isinstance(settings, bool):  # `angry = false` is a handy shorthand
            out[rule_id] = {"enabled": settings}
            continue
        if not isinstance(settings, dict):
            c.problem(sub, "expected a table like { enabled = false } or true/false")
            continue
        options = dict(known[rule_id]) if known is not None else {}
        checked: dict[str, Any] = {}
        for key, value in settings.items():
            ksub = f"{sub}.{key}"
            if key == "enabled":
                if isinstance(value, bool):
                    checked[key] = value
                else:
                    c.problem(ksub, f"expected true or false, got {value!r}")
            elif key == "severity":
                if value in ("block", "warn", "info"):
                    checked[key] = value
                else:
                    c.problem(ksub, f"expected 'block', 'warn' or 'info', got {value!r}")
            elif known is not None and key not in options:
                allowed = ", ".join(sorted(_RULE_KEYS | set(options)))
                c.problem(ksub, f"unknown setting {key!r} for rule {rule_id} (allowed: {allowed})")
            else:
                default = options.get(key)
                if default is not None and not _same_kind(default, value):
                    c.problem(ksub, f"expected {_type_name(type(default))}, got {value!r}")
                elif isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
                    c.problem(ksub, f"must not be negative, got {value!r}")
                else:
                    checked[key] = value
        out[rule_id] = checked
    return out


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _account(c: _Checker, path: str, d: dict[str, Any]) -> Account | None:
    # 'password' gets its own, clearer problem below rather than "unknown key".
    c.table(
        {k: v for k, v in d.items() if k != "password"},
        path,
        {
            "id",
            "host",
            "port",
            "tls",
            "username",
            "auth",
            "password_command",
            "keyring_service",
            "token_command",
            "ca_file",
            "sent_folder",
            "inbox_folder",
            "backfill_days",
            "idle_renew_seconds",
            "poll_seconds",
            "read_timeout_seconds",
        },
    )
    acc_id = c.get(d, "id", path, str, default="default")
    host = c.get(d, "host", path, str)
    username = c.get(d, "username", path, str)
    tls = c.get(d, "tls", path, str, default="implicit")
    if tls not in ("implicit", "starttls", "none"):
        c.problem(f"{path}.tls", f"expected 'implicit', 'starttls' or 'none', got {tls!r}")
        tls = None
    if tls == "none" and host and not is_loopback(host):
        c.problem(
            f"{path}.tls",
            f"plaintext IMAP is only allowed to loopback, not to {host!r}; "
            "use tls = 'implicit' or 'starttls'",
        )
        tls = None
    auth = c.get(d, "auth", path, str, default="password")
    if auth not in ("password", "xoauth2"):
        c.problem(f"{path}.auth", f"expected 'password' or 'xoauth2', got {auth!r}")
    if auth == "xoauth2" and "token_command" not in d:
        c.problem(path, "auth = 'xoauth2' needs a token_command that prints an access token")
    if auth == "password" and "password_command" not in d and "keyring_service" not in d:
        c.problem(
            path,
            "give a password_command (like mbsync's PassCmd) or a keyring_service; "
            "passwords are never read from this file",
        )
    if "password" in d:
        c.problem(
            f"{path}.password",
            "passwords are never stored in the config; use password_command or keyring_service",
        )
    port = c.get(d, "port", path, int, default=993 if tls == "implicit" else 143)
    if port is not None and not 0 < port < 65536:
        c.problem(f"{path}.port", f"port {port} is out of range 1-65535")
    ca = c.get(d, "ca_file", path, str, default=None)
    ints = {
        k: c.get(d, k, path, int, default=default)
        for k, default in (
            ("backfill_days", 180),
            ("idle_renew_seconds", 540),
            ("poll_seconds", 90),
        )
    }
    if ints["idle_renew_seconds"] and not 30 <= ints["idle_renew_seconds"] <= 1740:
        c.problem(
            f"{path}.idle_renew_seconds",
            "must be between 30 and 1740 (servers end IDLE after 30 minutes)",
        )
    read_timeout = c.get(d, "read_timeout_seconds", path, (int, float), default=60.0)
    if None in (host, username, tls, port):
        return None
    return Account(
        id=acc_id,
        host=host,
        port=port,
        tls=tls,
        username=username,
        auth=auth,
        password_command=c.get(d, "password_command", path, str, default=None),
        keyring_service=c.get(d, "keyring_service", path, str, default=None),
        token_command=c.get(d, "token_command", path, str, default=None),
        ca_file=Path(ca).expanduser() if ca else None,
        sent_folder=c.get(d, "sent_folder", path, str, default=None),
        inbox_folder=c.get(d, "inbox_folder", path, str, default="INBOX"),
        backfill_days=ints["backfill_days"] or 180,
        idle_renew_seconds=ints["idle_renew_seconds"] or 540,
        poll_seconds=ints["poll_seconds"] or 90,
        read_timeout_seconds=float(read_timeout or 60.0),
    )


def _round(c: _Checker, path: str, d: dict[str, Any], app_tz: ZoneInfo) -> Round | None:
    c.table(d, path, {"name", "start", "end", "length_minutes", "timezone"})
    name = c.get(d, "name", path, str)
    tz = _zone(c, c.get(d, "timezone", path, str, default=None), f"{path}.timezone") or app_tz
    start = _datetime(c, d["start"], f"{path}.start", tz) if "start" in d else None
    if "start" not in d:
        c.problem(path, "missing required key 'start'")
    end = None
    if "end" in d and "length_minutes" in d:
        c.problem(path, "give either 'end' or 'length_minutes', not both")
    elif "end" in d:
        end = _datetime(c, d["end"], f"{path}.end", tz)
    elif "length_minutes" in d:
        minutes = c.get(d, "length_minutes", path, int)
        if minutes is not None and start is not None:
            if minutes <= 0:
                c.problem(f"{path}.length_minutes", "must be positive")
            else:
                end = start + timedelta(minutes=minutes)
    elif start is not None:
        end = start + timedelta(hours=1)
    if start and end and end <= start:
        c.problem(
            f"{path}.end",
            f"the round ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})",
        )
        return None
    if name is None or start is None or end is None:
        return None
    return Round(name=name, start=start, end=end, tz=tz)


def _application(
    c: _Checker,
    path: str,
    d: dict[str, Any],
    tz: ZoneInfo,
    known_rules: Mapping[str, Mapping[str, Any]] | None,
) -> Application | None:
    c.table(
        d,
        path,
        {
            "id",
            "company",
            "role",
            "domains",
            "status",
            "decision_date",
            "talking_points",
            "rounds",
            "people",
            "rules",
            "references_briefed",
        },
    )
    app_id = c.get(d, "id", path, str)
    company = c.get(d, "company", path, str)
    status = c.get(d, "status", path, str, default="active")
    if status not in STATUSES:
        c.problem(f"{path}.status", f"expected one of {', '.join(STATUSES)}, got {status!r}")
        status = "active"
    domains = [x.lower().lstrip("@") for x in c.str_list(d, "domains", path)]
    rounds = [rnd for sub, rd in c.tables(d, "rounds", path) if (rnd := _round(c, sub, rd, tz))]
    round_names = [r.name for r in rounds]
    for name in {n for n in round_names if round_names.count(n) > 1}:
        c.problem(f"{path}.rounds", f"two rounds are named {name!r}")
    people: list[Person] = []
    seen: dict[str, str] = {}
    for sub, pd in c.tables(d, "people", path):
        c.table(pd, sub, {"name", "title", "address", "role", "rounds"})
        name = c.get(pd, "name", sub, str)
        role = c.get(pd, "role", sub, str, default="interviewer")
        if role not in ROLES:
            c.problem(f"{sub}.role", f"expected one of {', '.join(ROLES)}, got {role!r}")
            role = None
        address = c.address(c.get(pd, "address", sub, str), f"{sub}.address")
        sat_in = c.str_list(pd, "rounds", sub)
        for r in sat_in:
            if r not in round_names:
                c.problem(f"{sub}.rounds", f"no round named {r!r} in this application")
        if address and address in seen:
            if seen[address] != role:
                c.problem(
                    f"{sub}.address",
                    f"{address} is listed twice with different roles "
                    f"({seen[address]} and {role}); a person has one role",
                )
            else:
                c.problem(f"{sub}.address", f"{address} is listed twice")
            continue
        if address and role:
            seen[address] = role
        if name and address and role:
            people.append(
                Person(
                    name=name,
                    address=address,
                    role=role,
                    title=c.get(pd, "title", sub, str, default=""),
                    rounds=tuple(sat_in),
                )
            )
    decision = _date(c, d.get("decision_date"), f"{path}.decision_date")
    rules = _rules(c, d.get("rules"), f"{path}.rules", known_rules)
    if app_id is None or company is None:
        return None
    return Application(
        id=app_id,
        company=company,
        role=c.get(d, "role", path, str, default=""),
        domains=tuple(domains),
        status=status,
        decision_date=decision,
        talking_points=tuple(c.str_list(d, "talking_points", path)),
        rounds=tuple(rounds),
        people=tuple(people),
        rules=rules,
        references_briefed=c.get(d, "references_briefed", path, bool, default=False),
    )


def rule_options() -> dict[str, dict[str, Any]]:
    """Every configurable rule table: the registry's rules, and the voicemail check."""
    from ..checks.registry import all_rules
    from ..checks.voicemail import DEFAULTS as VOICEMAIL

    options = {r.id: dict(r.options) for r in all_rules().values()}
    options["voicemail"] = dict(VOICEMAIL)
    return options


_TOP = {
    "general",
    "user",
    "accounts",
    "maildirs",
    "identities",
    "rules",
    "applications",
    "references",
    "sendmail",
}


def parse_config(
    text: str,
    file: str = "<config>",
    known_rules: Mapping[str, Mapping[str, Any]] | bool | None = True,
) -> Config:
    """Validate config text. ``known_rules`` maps rule ids to their option defaults; ``True``
    takes them from the rule registry; ``None`` skips rule-id checks."""
    # Imported here: a cold `check` reads the cached config and never parses TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = None
        msg = str(exc)
        if "(at line " in msg:
            try:
                line = int(msg.rsplit("(at line ", 1)[1].split(",")[0])
            except ValueError:
                line = None
        raise ConfigError([Problem(file, line, "", f"not valid TOML: {msg}")]) from None
    if known_rules is True:
        known_rules = rule_options()
    known = known_rules if isinstance(known_rules, Mapping) else None
    c = _Checker(file, text)
    c.table(data, "", _TOP)

    general = c.get(data, "general", "", dict, default={})
    c.table(general, "general", {"timezone", "holidays", "notify", "unknown_sender_ok"})
    tz_name = c.get(general, "timezone", "general", str, default=None)
    tz = _zone(c, tz_name, "general.timezone") if tz_name else _local_zone()
    holidays = []
    for i, h in enumerate(c.get(general, "holidays", "general", list, default=[]) or []):
        if (day := _date(c, h, f"general.holidays[{i}]")) is not None:
            holidays.append(day)
    gen = General(
        timezone=tz or ZoneInfo("UTC"),
        holidays=frozenset(holidays),
        notify=c.get(general, "notify", "general", bool, default=True),
        unknown_sender_ok=c.get(general, "unknown_sender_ok", "general", bool, default=False),
    )

    user = c.get(data, "user", "", dict, default={})
    c.table(user, "user", {"name", "phone"})

    accounts = [a for sub, d in c.tables(data, "accounts", "") if (a := _account(c, sub, d))]
    ids = [a.id for a in accounts]
    for dup in {i for i in ids if ids.count(i) > 1}:
        c.problem("accounts", f"two accounts have the id {dup!r}")

    maildirs = []
    for sub, d in c.tables(data, "maildirs", ""):
        c.table(d, sub, {"path", "direction"})
        p = c.get(d, "path", sub, str)
        direction = c.get(d, "direction", sub, str, default="out")
        if direction not in ("out", "in"):
            c.problem(
                f"{sub}.direction", f"expected 'out' (Sent) or 'in' (INBOX), got {direction!r}"
            )
            continue
        if p:
            base = Path(file).parent if file and not file.startswith("<") else Path.cwd()
            maildirs.append(MaildirSource(path=(base / Path(p).expanduser()), direction=direction))

    identities = []
    for sub, d in c.tables(data, "identities", ""):
        c.table(d, sub, {"address", "name", "signature"})
        addr = c.address(c.get(d, "address", sub, str), f"{sub}.address")
        if addr:
            identities.append(
                Identity(
                    address=addr,
                    name=c.get(d, "name", sub, str, default=""),
                    signature=c.get(d, "signature", sub, str, default=""),
                )
            )

    references = []
    for sub, d in c.tables(data, "references", ""):
        c.table(d, sub, {"name", "address"})
        addr = c.address(c.get(d, "address", sub, str), f"{sub}.address")
        name = c.get(d, "name", sub, str)
        if addr and name:
            references.append(Reference(name=name, address=addr))

    rules = _rules(c, data.get("rules"), "rules", known)
    apps = [
        app
        for sub, d in c.tables(data, "applications", "")
        if (app := _application(c, sub, d, gen.timezone, known))
    ]
    app_ids = [a.id for a in apps]
    for dup in sorted({i for i in app_ids if app_ids.count(i) > 1}):
        idx = [i for i, a in enumerate(apps) if a.id == dup][1]
        c.problem(f"applications[{idx}].id", f"duplicate application id {dup!r}")
    _cross_checks(c, apps, references)

    sendmail = c.get(data, "sendmail", "", dict, default={})
    c.table(sendmail, "sendmail", {"command", "fail_closed"})
    command = c.get(sendmail, "command", "sendmail", (str, list), default=[]) or []
    if isinstance(command, str):
        import shlex

        try:
            command = shlex.split(command)
        except ValueError as exc:
            c.problem("sendmail.command", f"cannot split {command!r} into words: {exc}")
            command = []
    elif any(not isinstance(x, str) for x in command):
        c.problem("sendmail.command", f"expected a list of strings, got {command!r}")
        command = []
    # Read every value before deciding: a wrong type here is a problem like any other.
    user_name = c.get(user, "name", "user", str, default="")
    user_phone = c.get(user, "phone", "user", str, default="")
    fail_closed = c.get(sendmail, "fail_closed", "sendmail", bool, default=True)

    if c.problems:
        raise ConfigError(c.problems)
    return Config(
        path=Path(file) if file and not file.startswith("<") else None,
        general=gen,
        user_name=user_name,
        user_phone=user_phone,
        accounts=tuple(accounts),
        maildirs=tuple(maildirs),
        identities=tuple(identities),
        rules=rules,
        applications=tuple(apps),
        references=tuple(references),
        sendmail_command=tuple(command),
        sendmail_fail_closed=fail_closed,
    )


def _a(role: str) -> str:
    return ("an " if role[:1] in "aeiou" else "a ") + role


def _cross_checks(c: _Checker, apps: list[Application], references: list[Reference]) -> None:
    ref_addrs = {r.address for r in references}
    owner: dict[str, tuple[str, str]] = {}
    for ai, app in enumerate(apps):
        for pi, p in enumerate(app.people):
            path = f"applications[{ai}].people[{pi}].address"
            if p.address in ref_addrs:
                c.problem(
                    path,
                    f"{p.address} is both one of your references and {_a(p.role)} "
                    f"at {app.company}; a person has one role",
                )
            prev = owner.get(p.address)
            if prev and prev[1] != p.role:
                c.problem(
                    path,
                    f"{p.address} is {_a(prev[1])} in {prev[0]!r} and {_a(p.role)} in "
                    f"{app.id!r}; a person has one role",
                )
            owner.setdefault(p.address, (app.id, p.role))


def load_config(path: Path, known_rules: Any = True, cache_dir: Path | None = None) -> Config:
    """Read and validate the config file at ``path``; raise ConfigError naming every problem.

    With ``cache_dir``, a validated config is kept there keyed by the file's exact bytes, so a
    cold `check` skips parsing and address validation (they dominate its start-up time).
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            [
                Problem(
                    str(path),
                    None,
                    "",
                    "no config file here; run `followup-guard init` to write a starter config",
                )
            ]
        ) from None
    except OSError as exc:
        raise ConfigError([Problem(str(path), None, "", f"cannot read: {exc.strerror}")]) from None
    cache = _cache_file(cache_dir, path, raw, known_rules) if cache_dir is not None else None
    if cache is not None:
        cached = _read_cache(cache)
        if cached is not None:
            return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError([Problem(str(path), line, "", "not UTF-8 text")]) from None
    config = parse_config(text, str(path), known_rules)
    if cache is not None:
        _write_cache(cache, config)
    return config


def _cache_file(cache_dir: Path, path: Path, raw: bytes, known_rules: Any) -> Path:
    from .. import __version__

    if known_rules is True:  # the registry's rules and options are part of what was validated
        known_rules = rule_options()
    h = hashlib.sha256(raw)
    h.update(f"\0{path.resolve()}\0{__version__}\0{sys.version_info[:2]}".encode())
    h.update(repr(sorted((k, sorted(v.items())) for k, v in (known_rules or {}).items())).encode())
    return cache_dir / f"config-{h.hexdigest()[:24]}.pickle"


def _read_cache(cache: Path) -> Config | None:
    import os
    import pickle

    try:
        st = cache.stat()
        # Only trust a cache file that we own and nobody else can write.
        if st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
        with cache.open("rb") as fh:
            config = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return config if isinstance(config, Config) else None


def _write_cache(cache: Path, config: Config) -> None:
    import os
    import pickle
    import tempfile

    try:
        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in cache.parent.glob("config-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".config-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(config, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass  # the cache is an optimisation only
