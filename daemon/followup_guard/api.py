"""The small public API that the CLI and every plugin use.

ctx = open_context()                       # config + store
result = check_message(ctx, raw_bytes)     # never writes
record_sent(ctx, raw_bytes)                # after a send went through
snooze(ctx, "pushy", "dana@acme.example", days=30)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import Message
from pathlib import Path

from .checks import datacache
from .checks.engine import CheckResult, check
from .checks.settings import load_checked
from .config.load import ConfigError
from .config.model import Config
from .config.paths import Paths, resolve
from .mail.parse import NotAMessage, ParsedMessage, parse_bytes, parse_message
from .record.recording import RecordOutcome, UnknownSender, record_one
from .sources.base import Direction
from .store.db import Location, Store, StoreError

__all__ = [
    "CheckResult",
    "ConfigError",
    "Context",
    "NotAMessage",
    "RecordOutcome",
    "StoreError",
    "UnknownSender",
    "check_message",
    "open_context",
    "record_message",
    "record_sent",
    "snooze",
]

MAX_MESSAGE_BYTES = 25 * 1024 * 1024


@dataclass(slots=True)
class Context:
    config: Config
    store: Store
    paths: Paths

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_context(
    config_path: Path | str | None = None,
    data_dir: Path | str | None = None,
    *,
    readonly: bool = False,
) -> Context:
    """Load the config (raises ConfigError) and open the store (raises StoreError)."""
    paths = resolve(config_path, data_dir)
    config = load_checked(paths.config, cache_dir=paths.data_dir / "cache")
    datacache.use_dir(paths.data_dir / "cache")
    if readonly and not paths.store.exists():
        store = Store(":memory:")  # nothing recorded yet: judge against an empty history
    else:
        store = Store(paths.store, readonly=readonly)
    return Context(config, store, paths)


def _parsed(raw: bytes | Message | ParsedMessage) -> ParsedMessage:
    if isinstance(raw, ParsedMessage):
        return raw
    if isinstance(raw, Message):
        return parse_message(raw, size=len(raw.as_bytes()) if raw.get_payload() else 0)
    if len(raw) > MAX_MESSAGE_BYTES:
        raise NotAMessage(
            f"the message is {len(raw) // (1024 * 1024)} MB; followup-guard reads "
            f"at most {MAX_MESSAGE_BYTES // (1024 * 1024)} MB"
        )
    return parse_bytes(raw)


def check_message(
    ctx: Context,
    raw: bytes | Message | ParsedMessage,
    *,
    at: datetime | None = None,
    extra_bcc: tuple[str, ...] | list[str] = (),
    requested: bool = False,
) -> CheckResult:
    """Judge a draft against the rules and the application's history. Never writes.
    Raises NotAMessage for input that is not a message or has no recipients."""
    msg = _parsed(raw)
    if not msg.recipients and not extra_bcc:
        raise NotAMessage("the message has no recipients (no To, Cc or Bcc)")
    return check(ctx.config, ctx.store, msg, at=at, extra_bcc=tuple(extra_bcc), requested=requested)


def record_message(
    ctx: Context,
    raw: bytes | Message | ParsedMessage,
    *,
    source: str,
    direction: Direction | None = None,
    location: Location | None = None,
    extra_bcc: tuple[str, ...] | list[str] = (),
    requested: bool = False,
    at: datetime | None = None,
) -> RecordOutcome:
    """Store one message (idempotent). ``direction`` None: decided from the From address and
    the identities; raises UnknownSender when nothing says who sent it. ``at``: the date to
    store when the message has no Date (None: unknown)."""
    return record_one(
        ctx.config,
        ctx.store,
        _parsed(raw),
        source=source,
        direction=direction,
        location=location,
        extra_bcc=tuple(extra_bcc),
        requested=requested,
        at=at,
    )


def record_sent(
    ctx: Context,
    raw: bytes | Message | ParsedMessage,
    *,
    extra_bcc: tuple[str, ...] | list[str] = (),
    source: str = "shim",
    requested: bool = False,
) -> RecordOutcome:
    """Record a message that just went out, before its copy shows up in Sent."""
    return record_message(
        ctx,
        raw,
        source=source,
        direction="out",
        extra_bcc=extra_bcc,
        requested=requested,
        at=datetime.now(timezone.utc),
    )


def snooze(ctx: Context, rule: str, person: str, days: int | None = 30) -> datetime | None:
    """Silence one rule for one person; ``days`` None: until unsnoozed. Returns the end."""
    from .checks.registry import get

    get(rule)  # raises KeyError naming the rule if unknown
    until = datetime.now(timezone.utc) + timedelta(days=days) if days else None
    ctx.store.snooze(rule, person, until)
    return until
