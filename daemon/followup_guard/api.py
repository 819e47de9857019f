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

from ._values import Value, value
from .checks.engine import CheckResult, check
from .checks.settings import load_checked
from .config.load import ConfigError
from .config.model import Config
from .config.paths import Paths, resolve
from .mail.parse import NotAMessage, ParsedMessage, parse_bytes, parse_message
from .mail.text import fingerprint, own_text
from .record.matching import Match, direction_of, match
from .store.db import Location, NewMessage, Store, StoreError

__all__ = [
    "CheckResult",
    "ConfigError",
    "Context",
    "NotAMessage",
    "RecordOutcome",
    "StoreError",
    "check_message",
    "open_context",
    "record_message",
    "record_messages",
    "record_sent",
    "snooze",
]

MAX_MESSAGE_BYTES = 25 * 1024 * 1024


@value
class Context(Value):
    config: Config
    store: Store
    paths: Paths

    def __init__(self, config: Config, store: Store, paths: Paths) -> None:
        self.config = config
        self.store = store
        self.paths = paths

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


@dataclass(frozen=True)
class RecordOutcome:
    new: bool  # False: the message was already stored (it counts once)
    application: str | None
    direction: str
    key: str


def record_message(
    ctx: Context,
    raw: bytes | Message | ParsedMessage,
    *,
    source: str,
    direction: str | None = None,
    location: Location | None = None,
    extra_bcc: tuple[str, ...] | list[str] = (),
    requested: bool = False,
    at: datetime | None = None,
) -> RecordOutcome:
    """Store one message (idempotent). ``direction`` None: decided from the From address."""
    msg = _parsed(raw)
    direction = direction or direction_of(ctx.config, msg)
    m = match(ctx.config, msg, direction, ctx.store, tuple(extra_bcc))
    fp = own_fingerprint(ctx.config, msg) if m.application and direction == "out" else ()
    _, new = ctx.store.add_message(
        msg,
        direction=direction,
        source=source,
        fingerprint=fp,
        requested=requested,
        location=location,
        at=at,
        extra_bcc=tuple(extra_bcc),
    )
    if new and direction == "in":
        _suggest(ctx, msg)
    return RecordOutcome(new, m.application.id if m.application else None, direction, msg.key)


def _suggest(ctx: Context, msg: ParsedMessage) -> None:
    """Interviews found in the inbox (the one hook of ``record/suggest.py``; imported
    here, not at the top, so a cold ``check`` does not pay for it)."""
    from .record.suggest import after_inbound

    after_inbound(ctx.config, ctx.store, msg)


def own_fingerprint(config: Config, msg: ParsedMessage) -> tuple[int, ...]:
    """The sketch stored for an outgoing message to an application: of the user's own text."""
    sigs = tuple(i.signature for i in config.identities if i.signature)
    return fingerprint(own_text(msg.body, sigs))


def record_messages(
    ctx: Context, items: list[NewMessage], matches: list[Match | None] | None = None
) -> list[RecordOutcome | Exception]:
    """Store a batch of parsed messages (idempotent): ``record_message`` for each, written
    together (``Store.add_messages``). ``items[i].fingerprint`` is filled in here;
    ``matches[i]``, if given, is the match by address and domain computed earlier without the
    store (a thread match is still looked for when it found nothing); an item whose
    fingerprint is set already keeps it. Returns an outcome per item, or the exception that
    kept that one message out; the others are stored."""
    apps: list[str | Exception | None] = []
    for i, it in enumerate(items):
        try:
            msg, extra = it.msg, tuple(it.extra_bcc)
            m = matches[i] if matches is not None else None
            if m is None or (m.application is None and msg.thread_ids) or extra:
                m = match(ctx.config, msg, it.direction, ctx.store, extra)
            if m.application is not None:
                if it.direction == "out" and not it.fingerprint:
                    it.fingerprint = own_fingerprint(ctx.config, msg)
                apps.append(m.application.id)
            else:
                apps.append(None)
        except Exception as exc:  # one odd message must not keep the others out
            apps.append(exc)
    ok = [i for i, a in enumerate(apps) if not isinstance(a, Exception)]
    results = dict(
        zip(ok, ctx.store.add_messages([items[i] for i in ok]) if ok else [], strict=True)
    )
    out: list[RecordOutcome | Exception] = []
    for i, (it, app) in enumerate(zip(items, apps, strict=True)):
        res = app if isinstance(app, Exception) else results[i]
        if not isinstance(res, Exception) and res[1] and it.direction == "in":
            _suggest(ctx, it.msg)
        out.append(
            res
            if isinstance(res, Exception)
            else RecordOutcome(res[1], app, it.direction, it.msg.key)
        )  # type: ignore[arg-type]
    return out


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
