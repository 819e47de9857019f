"""Acting on suggestions: accepting one writes it into the config (application, round,
people; comments kept), dismissing one sets it aside; and a round already accepted follows
its invitation when it moves or is cancelled."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..config.model import Config
from ..store.suggestions import SuggestionRow
from .interview import LEGAL_SUFFIX_RE
from .suggestions import Suggestion, SuggestionError, get, table

if TYPE_CHECKING:
    from ..store.db import Store

log = logging.getLogger("followup_guard.suggestions")

_ROLE_RE = re.compile(
    r"\b(?:for|as)\s+(?:the|a|an)?\s*([A-Z][\w+#/-]*(?:\s+[A-Z][\w+#/-]*){0,4})\s+"
    r"(?:position|role|opening|opportunity)\b"
)


@dataclass(frozen=True)
class Accepted:
    suggestion: int
    application: str
    round: str
    created_application: bool
    people_added: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "suggestion": self.suggestion,
            "application": self.application,
            "round": self.round,
            "created_application": self.created_application,
            "people_added": list(self.people_added),
        }


def _slug(company: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", LEGAL_SUFFIX_RE.sub("", company).lower()).strip("-")
    return s or "application"


def _local(d: datetime, zone: str | None) -> tuple[str, str | None]:
    """A round time as the config takes it: local time and its IANA zone; with an offset
    when the zone has no name; naive when the invitation gave no zone (the app's zone)."""
    if d.tzinfo is None:
        return d.strftime("%Y-%m-%dT%H:%M"), None
    if zone:
        try:
            return d.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M"), zone
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return d.isoformat(timespec="minutes"), None


def _round_values(name: str, start: datetime, end: datetime, zone: str | None) -> dict[str, Any]:
    s, z = _local(start, zone)
    e, _ = _local(end, zone)
    return {"name": name, "start": s, "end": e, "timezone": z}


def _config_path(config: Config) -> Path:
    if config.path is None:
        raise SuggestionError("the config has no file to write to")
    return config.path


def accept(config: Config, store: Store, sid: int, as_app: str | None = None) -> Accepted:
    """Write the suggestion into the config (application, round, people; comments kept) and
    mark it accepted. ``as_app``: the application to add it to, or the id of a new one."""
    from ..config import edit

    s = get(store, sid)
    if s is None:
        raise SuggestionError(f"no suggestion {sid}; `followup-guard suggestions` lists them")
    if s.state != "pending":
        raise SuggestionError(f"suggestion {sid} is {s.state} already")
    path = _config_path(config)
    target = as_app or s.application
    existing = config.application(target) if target else None
    new_app: dict[str, Any] | None = None
    if existing is None:
        app_id = target or _slug(s.company)
        if not as_app:
            n = 2
            base = app_id
            while config.application(app_id) is not None:
                app_id = f"{base}-{n}"
                n += 1
        role = _role_of_row(s)
        new_app = {"id": app_id, "company": s.company, "role": role, "domains": list(s.domains)}
    else:
        app_id = existing.id
    taken = {r.name for r in existing.rounds} if existing else set()
    name, n = s.round.name, 2
    while name in taken:
        name = f"{s.round.name} ({n})"
        n += 1
    listed = {p.address for p in existing.people} if existing else set()
    people = []
    for p in s.people:
        values: dict[str, Any] = {"name": p.name, "address": p.address, "role": p.role}
        if p.role == "interviewer":
            values["rounds"] = [name]
        people.append(values)
    try:
        edit.track_round(
            path,
            app_id,
            new_app,
            _round_values(name, s.round.start, s.round.end, s.round.timezone),
            people,
        )
    except edit.EditError as exc:
        raise SuggestionError(str(exc)) from None
    except edit.ConfigError as exc:
        raise SuggestionError(
            "the config was not changed, because:\n  " + "\n  ".join(str(p) for p in exc.problems)
        ) from None
    table(store).set_state(
        sid, "accepted", datetime.now(timezone.utc), application=app_id, round_name=name
    )
    return Accepted(
        sid,
        app_id,
        name,
        new_app is not None,
        tuple(p.address for p in s.people if p.address not in listed),
    )


def _role_of_row(s: Suggestion) -> str:
    m = _ROLE_RE.search(s.subject)
    return m.group(1) if m else ""


def dismiss(store: Store, sid: int) -> Suggestion:
    s = get(store, sid)
    if s is None:
        raise SuggestionError(f"no suggestion {sid}; `followup-guard suggestions` lists them")
    if s.state != "pending":
        raise SuggestionError(f"suggestion {sid} is {s.state} already")
    table(store).set_state(sid, "dismissed", datetime.now(timezone.utc))
    return s


def move_accepted(
    config: Config, row: SuggestionRow, start: datetime, end: datetime, zone: str | None
) -> None:
    from ..config import edit

    values = _round_values(row.round_name, start, end, zone)
    values.pop("name")
    try:
        edit.move_round(_config_path(config), row.application or "", row.round_name, values)
    except (edit.EditError, edit.ConfigError, SuggestionError) as exc:
        log.warning(
            "suggestions: could not move round %r of %s: %s", row.round_name, row.application, exc
        )


def drop_accepted(config: Config, row: SuggestionRow) -> None:
    from ..config import edit

    try:
        edit.drop_round(_config_path(config), row.application or "", row.round_name)
    except (edit.EditError, edit.ConfigError, SuggestionError) as exc:
        log.warning(
            "suggestions: could not remove round %r of %s: %s", row.round_name, row.application, exc
        )
