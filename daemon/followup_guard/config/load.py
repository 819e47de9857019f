"""Load and validate the TOML config: one clear error per problem, with file, line and key
(``checker.py``); the [[accounts]] and rounds tables are read in ``tables.py``, the parsed
config is cached by ``cache.py``."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .cache import read_cache, write_cache
from .checker import ConfigError as ConfigError  # raised by load_config: its home for callers
from .checker import Problem as Problem
from .checker import (
    _Checker,
    _date,
    _local_zone,
    _zone,
)
from .checker import type_name as type_name  # checks/settings.py words its problems alike
from .model import (
    ROLES,
    STATUSES,
    Application,
    Config,
    General,
    Identity,
    MaildirSource,
    Person,
    Reference,
)
from .tables import _account, _round


def _rules(c: _Checker, data: Any, path: str) -> dict[str, dict[str, Any]]:
    """A [rules] table: its shape, and the two settings every rule has (``enabled``,
    ``severity``). Rule ids and their own options are the checks layer's to validate
    (checks/settings.py), so the tables are kept as written."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        c.problem(path, "expected a table of rules, like [rules.weekly-limit]")
        return {}
    out: dict[str, dict[str, Any]] = {}
    for rule_id, settings in data.items():
        sub = f"{path}.{rule_id}"
        if isinstance(settings, bool):  # `angry = false` is a handy shorthand
            out[rule_id] = {"enabled": settings}
            continue
        if not isinstance(settings, dict):
            c.problem(sub, "expected a table like { enabled = false } or true/false")
            continue
        checked: dict[str, Any] = {}
        for key, value in settings.items():
            ksub = f"{sub}.{key}"
            if key == "enabled" and not isinstance(value, bool):
                c.problem(ksub, f"expected true or false, got {value!r}")
            elif key == "severity" and value not in ("block", "warn", "info"):
                c.problem(ksub, f"expected 'block', 'warn' or 'info', got {value!r}")
            else:
                checked[key] = value
        out[rule_id] = checked
    return out


def _quiet_seconds(c: _Checker, general: dict[str, Any]) -> int:
    quiet = c.get(general, "drafts_quiet_seconds", "general", int, default=60)
    if quiet is None or not 0 <= quiet <= 3600:
        if quiet is not None:
            c.problem("general.drafts_quiet_seconds", "must be between 0 and 3600 seconds")
        return 60
    return int(quiet)


def _application(
    c: _Checker,
    path: str,
    d: dict[str, Any],
    tz: ZoneInfo,
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
            "decisions_by_mail",
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
    rules = _rules(c, d.get("rules"), f"{path}.rules")
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
        decisions_by_mail=c.get(d, "decisions_by_mail", path, bool, default=True),
    )


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


def parse_config(text: str, file: str = "<config>") -> Config:
    """Validate config text (rule ids and their options: see checks/settings.py)."""
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
    c = _Checker(file, text)
    c.table(data, "", _TOP)

    general = c.get(data, "general", "", dict, default={})
    c.table(
        general,
        "general",
        {"timezone", "holidays", "notify", "unknown_sender_ok", "drafts_quiet_seconds"},
    )
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
        drafts_quiet_seconds=_quiet_seconds(c, general),
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
        if direction not in ("out", "in", "drafts"):
            c.problem(
                f"{sub}.direction",
                f"expected 'out' (Sent), 'in' (INBOX) or 'drafts' (postponed), got {direction!r}",
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

    rules = _rules(c, data.get("rules"), "rules")
    apps = [
        app
        for sub, d in c.tables(data, "applications", "")
        if (app := _application(c, sub, d, gen.timezone))
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


def load_config(path: Path, cache_dir: Path | None = None) -> Config:
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
    cache = _cache_file(cache_dir, path, raw) if cache_dir is not None else None
    if cache is not None:
        cached = read_cache(cache)
        if cached is not None:
            return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError([Problem(str(path), line, "", "not UTF-8 text")]) from None
    config = parse_config(text, str(path))
    if cache is not None:
        write_cache(cache, config)
    return config


def _cache_file(cache_dir: Path, path: Path, raw: bytes) -> Path:
    from .. import __version__

    h = hashlib.sha256(raw)
    h.update(f"\0{path.resolve()}\0{__version__}\0{sys.version_info[:2]}".encode())
    return cache_dir / f"config-{h.hexdigest()[:24]}.pickle"
