"""Shared pieces of the CLI: opening the context with clear errors, and human output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, NoReturn
from zoneinfo import ZoneInfo

#: What ``add_subparsers()`` returns; each command module adds its parsers to it.
if TYPE_CHECKING:  # generic only for the type checker
    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    SubParsers = argparse._SubParsersAction


if TYPE_CHECKING:
    from ..api import Context

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A problem the user can fix; printed as one line (or several), exit code 2."""

    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    raise CliError(message, code)


def common_parser() -> argparse.ArgumentParser:
    """Options every subcommand accepts (also after the subcommand name)."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--config",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="config file (default: $FOLLOWUP_GUARD_CONFIG or the XDG config dir)",
    )
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="data dir with the store (default: $FOLLOWUP_GUARD_HOME or XDG data dir)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print JSON instead of tables",
    )
    p.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="say more"
    )
    return p


def opt(args: argparse.Namespace, name: str, default: Any = None) -> Any:
    return getattr(args, name, default)


def open_ctx(args: argparse.Namespace, *, readonly: bool = False) -> Context:
    """Open config + store, turning their errors into CliError (exit 2, no traceback)."""
    from ..api import open_context
    from ..config.load import ConfigError
    from ..store.db import StoreError

    try:
        return open_context(opt(args, "config"), opt(args, "data_dir"), readonly=readonly)
    except ConfigError as exc:
        lines = [str(p) for p in exc.problems]
        noun = "problem" if len(lines) == 1 else "problems"
        raise CliError(f"the config has {len(lines)} {noun}:\n  " + "\n  ".join(lines)) from None
    except StoreError as exc:
        raise CliError(str(exc)) from None


def _json_default(value: Any) -> Any:
    """Dates and times as ISO 8601 (2026-11-20T12:00:00-05:00); anything else as text."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=_json_default)
    sys.stdout.write("\n")


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
    """An aligned plain-text table."""
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def human_when(when: datetime | None, now: datetime, tz: ZoneInfo) -> str:
    """'Tue 24 Nov, 2 days ago' / 'Mon 30 Nov 14:00, in 5 days' / 'today 09:12'."""
    if when is None:
        return "-"
    local = when.astimezone(tz)
    today = now.astimezone(tz).date()
    days = (local.date() - today).days
    if days == 0:
        rel = "today"
    elif days == -1:
        rel = "yesterday"
    elif days == 1:
        rel = "tomorrow"
    elif days < 0:
        rel = f"{-days} days ago"
    else:
        rel = f"in {days} days"
    stamp = f"{local:%a} {local.day} {local:%b}"
    if local.year != today.year:
        stamp += f" {local.year}"
    if abs(days) <= 1:
        return f"{rel} {local:%H:%M}"
    return f"{stamp}, {rel}"


def parse_at(value: str | None, tz: ZoneInfo | None = None) -> datetime | None:
    """An ISO 8601 time from --at; a naive one is read in the user's time zone."""
    if not value:
        return None
    try:
        d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        fail(
            f"--at {value!r} is not an ISO 8601 time (like 2026-11-24T09:30 or "
            "2026-11-24T09:30:00-05:00)"
        )
    if d.tzinfo is None:
        d = d.replace(tzinfo=tz or timezone.utc)
    return d
