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


__all__ = [
    "ConfigError",
    "EditError",
    "Problem",
    "add_application",
    "add_person",
    "add_round",
    "set_field",
]
