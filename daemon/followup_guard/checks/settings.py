"""Rule settings: the config's raw [rules] tables validated against the rules themselves.

The config layer knows nothing of rules: it keeps ``[rules.ID]`` and each application's
``[applications.rules.ID]`` as written (checking only ``enabled`` and ``severity``). Here each
table is held against the registry: the rule must exist, every setting must be one of its
options, of the option's type, and not negative. Problems carry the config's file, line and
key, like every other config problem.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..config.lines import key_lines, line_for
from ..config.load import ConfigError, Problem, load_config, parse_config, type_name
from ..config.model import Config, derived
from .registry import all_rules
from .voicemail import DEFAULTS as VOICEMAIL

_COMMON_KEYS = frozenset({"enabled", "severity"})  # every rule has these (config checks them)


def rule_options() -> dict[str, dict[str, Any]]:
    """Every configurable rule table and its options with their defaults: the registry's
    rules, and the voicemail check."""
    options = {r.id: dict(r.options) for r in all_rules().values()}
    options["voicemail"] = dict(VOICEMAIL)
    return options


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def _table_problems(
    path: str, tables: Any, known: Mapping[str, Mapping[str, Any]]
) -> Iterator[tuple[str, str]]:
    """(key path, message) for each problem of one [rules] table."""
    if not isinstance(tables, dict):
        return  # the config layer reported its shape
    for rule_id, settings in tables.items():
        sub = f"{path}.{rule_id}"
        if rule_id not in known:
            yield sub, f"unknown rule {rule_id!r} (`followup-guard rules` lists them)"
            continue
        if not isinstance(settings, dict):
            continue  # `angry = false`, or a shape problem the config layer reported
        options = known[rule_id]
        for key, value in settings.items():
            ksub = f"{sub}.{key}"
            if key in _COMMON_KEYS:
                continue
            if key not in options:
                allowed = ", ".join(sorted(_COMMON_KEYS | set(options)))
                yield ksub, f"unknown setting {key!r} for rule {rule_id} (allowed: {allowed})"
                continue
            default = options[key]
            if default is not None and not _same_kind(default, value):
                yield ksub, f"expected {type_name(type(default))}, got {value!r}"
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
                yield ksub, f"must not be negative, got {value!r}"


def _raw_tables(data: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """The [rules] tables of parsed config TOML, with their key paths."""
    yield "rules", data.get("rules")
    apps = data.get("applications")
    if isinstance(apps, list):
        for i, app in enumerate(apps):
            if isinstance(app, dict):
                yield f"applications[{i}].rules", app.get("rules")


def _config_tables(config: Config) -> Iterator[tuple[str, Any]]:
    yield "rules", config.rules
    for i, app in enumerate(config.applications):
        yield f"applications[{i}].rules", app.rules


def _problems(tables: Iterator[tuple[str, Any]], file: str, text: str | None) -> list[Problem]:
    known = rule_options()
    found = [
        (key, message)
        for path, table in tables
        if table is not None
        for key, message in _table_problems(path, table, known)
    ]
    if not found:
        return []
    lines = key_lines(text) if text is not None else {}
    return [Problem(file, line_for(lines, key), key, message) for key, message in found]


def rule_problems(config: Config) -> list[Problem]:
    """The problems of a loaded config's rule tables (worked out once per loaded config)."""

    def build(cfg: Config) -> list[Problem]:
        file = str(cfg.path) if cfg.path else "<config>"
        tables = list(_config_tables(cfg))
        if not any(t for _, t in tables):
            return []
        text = None
        if cfg.path is not None:
            try:
                text = cfg.path.read_text("utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
        return _problems(iter(tables), file, text)

    result: list[Problem] = derived(config, "checks.rule_problems", build)
    return result


def check_rule_settings(config: Config) -> Config:
    """``config``, or ConfigError naming each problem of its rule tables."""
    problems = rule_problems(config)
    if problems:
        raise ConfigError(problems)
    return config


def parse_checked(text: str, file: str = "<config>") -> Config:
    """:func:`parse_config`, with the rule tables validated: every problem, in one error."""
    try:
        config = parse_config(text, file)
    except ConfigError as exc:
        raise ConfigError(exc.problems + _text_problems(text, file)) from None
    problems = _problems(_config_tables(config), file, text)
    if problems:
        raise ConfigError(problems)
    return config


def load_checked(path: Path, cache_dir: Path | None = None) -> Config:
    """:func:`load_config`, with the rule tables validated: every problem, in one error."""
    try:
        config = load_config(path, cache_dir=cache_dir)
    except ConfigError as exc:
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            raise exc from None
        raise ConfigError(exc.problems + _text_problems(text, str(path))) from None
    return check_rule_settings(config)


def _text_problems(text: str, file: str) -> list[Problem]:
    """Rule-table problems of config text that has other problems too (so no Config)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    return _problems(_raw_tables(data), file, text)
