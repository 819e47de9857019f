"""Edit the TOML config from the CLI without losing the user's comments or layout.

Every edit is validated before it is written: the new text must load cleanly, else nothing is
written and the problems are raised. Writes are atomic (temp file + rename).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Table

from .load import ConfigError, Problem, parse_config


class EditError(Exception):
    pass


def _apps(doc: tomlkit.TOMLDocument) -> AoT:
    if "applications" not in doc:
        doc.append("applications", tomlkit.aot())
    apps = doc["applications"]
    if not isinstance(apps, AoT):
        raise EditError("'applications' in the config is not an array of tables ([[applications]])")
    return apps


def _find(doc: tomlkit.TOMLDocument, app_id: str) -> Table:
    for app in _apps(doc):
        if app.get("id") == app_id:
            found: Table = app
            return found
    raise EditError(f"no application with id {app_id!r}; `followup-guard app list` shows them")


def _edit(path: Path, change: Callable[[tomlkit.TOMLDocument], None]) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EditError(f"{path}: no config file; run `followup-guard init` first") from None
    except UnicodeDecodeError:
        raise ConfigError([Problem(str(path), None, "", "not UTF-8 text")]) from None
    try:
        doc = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        # The file is broken already: say where, as loading it would, and write nothing.
        raise ConfigError([Problem(str(path), exc.line, "", f"not valid TOML: {exc}")]) from None
    change(doc)
    new_text = tomlkit.dumps(doc)
    parse_config(new_text, str(path))  # raises ConfigError: nothing written
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new_text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_application(path: Path, values: dict[str, Any]) -> None:
    def change(doc: tomlkit.TOMLDocument) -> None:
        apps = _apps(doc)
        if any(a.get("id") == values["id"] for a in apps):
            raise EditError(f"an application with id {values['id']!r} exists already")
        apps.append(_table(values))

    _edit(path, change)


def _table(values: dict[str, Any]) -> Table:
    """A TOML table of the given values, leaving out the empty ones."""
    t = tomlkit.table()
    for k, v in values.items():
        if v not in (None, "", []):
            t.add(k, v)
    return t


def _append_to_app(path: Path, app_id: str, key: str, values: dict[str, Any]) -> None:
    def change(doc: tomlkit.TOMLDocument) -> None:
        app = _find(doc, app_id)
        if key not in app:
            app.append(key, tomlkit.aot())
        app[key].append(_table(values))

    _edit(path, change)


def add_round(path: Path, app_id: str, values: dict[str, Any]) -> None:
    _append_to_app(path, app_id, "rounds", values)


def add_person(path: Path, app_id: str, values: dict[str, Any]) -> None:
    _append_to_app(path, app_id, "people", values)


def set_field(path: Path, app_id: str, key: str, value: Any) -> None:
    def change(doc: tomlkit.TOMLDocument) -> None:
        _find(doc, app_id)[key] = value

    _edit(path, change)


def _round_table(app: Table, name: str) -> Table:
    for r in app.get("rounds", []):
        if isinstance(r, Table) and r.get("name") == name:
            return r
    raise EditError(f"{app.get('id')!r} has no round named {name!r}")


def track_round(
    path: Path,
    app_id: str,
    new_app: dict[str, Any] | None,
    round_values: dict[str, Any],
    people: list[dict[str, Any]],
) -> None:
    """One edit for an accepted suggestion: the application (``new_app``, or the existing
    ``app_id``), its new round, and the people not listed yet. Interviewers already listed for
    "all rounds" are pinned to the rounds they had, so the new round's thank-yous go only to
    the people who sit in it."""

    def change(doc: tomlkit.TOMLDocument) -> None:
        apps = _apps(doc)
        if new_app is not None:
            if any(a.get("id") == new_app["id"] for a in apps):
                raise EditError(f"an application with id {new_app['id']!r} exists already")
            apps.append(_table(new_app))
        app = _find(doc, app_id)
        if "rounds" not in app:
            app.append("rounds", tomlkit.aot())
        earlier = [str(r.get("name")) for r in app["rounds"]]
        app["rounds"].append(_table(round_values))
        listed = {str(p.get("address", "")).lower(): p for p in app.get("people", [])}
        incoming = {str(p["address"]).lower() for p in people}
        for addr, p in listed.items():
            if p.get("role", "interviewer") != "interviewer" or not earlier:
                continue
            if addr in incoming:
                if p.get("rounds"):
                    p["rounds"].append(round_values["name"])
            elif not p.get("rounds"):
                p["rounds"] = earlier
        if "people" not in app and any(p["address"].lower() not in listed for p in people):
            app.append("people", tomlkit.aot())
        for p in people:
            if p["address"].lower() not in listed:
                app["people"].append(_table(p))

    _edit(path, change)


def move_round(path: Path, app_id: str, name: str, values: dict[str, Any]) -> None:
    """A rescheduled round: its start, end and time zone replaced."""

    def change(doc: tomlkit.TOMLDocument) -> None:
        rnd = _round_table(_find(doc, app_id), name)
        for key in ("start", "end", "length_minutes", "timezone"):
            if key in rnd:
                del rnd[key]
        for key, v in values.items():
            if v not in (None, ""):
                rnd[key] = v

    _edit(path, change)


def drop_round(path: Path, app_id: str, name: str) -> None:
    """A cancelled round: removed, with the people who were there for it alone."""

    def change(doc: tomlkit.TOMLDocument) -> None:
        app = _find(doc, app_id)
        rounds = app.get("rounds")
        if rounds is None:
            raise EditError(f"{app_id!r} has no round named {name!r}")
        keep = [r for r in rounds if r.get("name") != name]
        if len(keep) == len(rounds):
            raise EditError(f"{app_id!r} has no round named {name!r}")
        for i in reversed(range(len(rounds))):
            if rounds[i].get("name") == name:
                del rounds[i]
        people = app.get("people")
        if people is not None:
            for i in reversed(range(len(people))):
                sat = people[i].get("rounds")
                if sat is None or name not in sat:
                    continue
                if list(sat) == [name]:
                    del people[i]
                else:
                    sat.remove(name)
        if not len(rounds):
            del app["rounds"]

    _edit(path, change)


__all__ = [
    "ConfigError",
    "EditError",
    "Problem",
    "add_application",
    "add_person",
    "add_round",
    "drop_round",
    "move_round",
    "set_field",
    "track_round",
]
