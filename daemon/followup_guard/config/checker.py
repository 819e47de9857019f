"""Checking config values: each problem found is kept with its file, line and key (a
:class:`Problem`); the loader raises them together in one :class:`ConfigError`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .lines import key_lines, line_for


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
            want = what or type_name(kind)
            self.problem(sub, f"expected {want}, got {type_name(type(value))} {value!r}")
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
                f"expected an array of tables ([[{key}]]), got {type_name(type(value))}",
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


def type_name(kind: type | tuple[type, ...]) -> str:
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
