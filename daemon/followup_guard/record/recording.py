"""Recording messages: who sent them, which application they concern, the sketch of the
user's own text, and one idempotent write per batch.

Sources hand :class:`~followup_guard.sources.base.Found` messages to the daemon's recorder,
which calls :func:`prepare` (no store: safe in the IMAP source's fetch thread) and
:func:`record_batch` (inside the caller's transaction). The API's ``record_message`` (the
shim, ``ingest``) goes through :func:`record_one`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..config.model import Config
from ..mail.decision import Decision, decision
from ..mail.parse import ParsedMessage
from ..mail.text import fingerprint, own_text
from ..sources.base import Direction, Found, Recorded
from ..store.db import Location, NewMessage, Store
from .matching import Match, match

RecordOutcome = Recorded  # the name the API has always used


class UnknownSender(ValueError):
    """Nothing says who sent the message: no folder, and no usable From to compare with the
    configured identities. It is not stored (it must not count as the user's mail)."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """What :func:`prepare` worked out without the store."""

    direction: Direction
    match: Match  # by address and domain (a thread match needs the store)
    fingerprint: tuple[int, ...]  # of the user's own text, for outgoing mail to an application


def decide_direction(config: Config, msg: ParsedMessage, evidence: Direction | None) -> Direction:
    """The folder's evidence, corrected by the configured identities: mail in an INBOX that
    one of the user's identities sent is the user's. Without evidence: the identities decide
    ('out' when no identity is configured and From is usable, as ``ingest`` documents). Raises
    UnknownSender when nothing decides."""
    sender = msg.sender
    if evidence == "out":
        return "out"
    if evidence == "in":
        return "out" if sender is not None and config.is_mine(sender.addr) else "in"
    if sender is None or "@" not in sender.addr:
        raise UnknownSender(
            "no usable From address, so nothing says who sent it (ingest mail you "
            "received with --inbound)"
        )
    if config.identities:
        return "out" if config.is_mine(sender.addr) else "in"
    return "out"


def company_decision(msg: ParsedMessage, direction: Direction, m: Match) -> Decision | None:
    """What a received message from a tracked application says of it (a rejection, an
    offer): read once as it is stored, since its text is not kept."""
    return decision(msg.body) if direction == "in" and m.application and msg.body else None


def own_fingerprint(config: Config, msg: ParsedMessage) -> tuple[int, ...]:
    """The sketch stored for an outgoing message to an application: of the user's own text."""
    sigs = tuple(i.signature for i in config.identities if i.signature)
    return fingerprint(own_text(msg.body, sigs))


def prepare(config: Config, found: Found) -> Found:
    """Direction, match by address and domain, and fingerprint, without the store. A message
    whose direction is unknown is left unprepared (``record_batch`` says why)."""
    try:
        direction = decide_direction(config, found.msg, found.direction)
        m = match(config, found.msg, direction)
        fp = own_fingerprint(config, found.msg) if m.application and direction == "out" else ()
    except Exception:  # the store step tries again and reports what went wrong
        return found
    return found.with_prepared(Prepared(direction, m, fp))


def wants_text(found: Found) -> bool:
    """Mail to or from a tracked application: the user's own text is fingerprinted, the
    company's is read for a decision (a rejection, an offer; ``mail/decision.py``)."""
    p = found.prepared
    return isinstance(p, Prepared) and p.match.application is not None


def record_batch(
    config: Config, store: Store, batch: Sequence[Found]
) -> list[Recorded | Exception]:
    """Store a batch (idempotent), inside the caller's transaction. Returns an outcome per
    message, or the exception that kept that one out; the others are stored."""
    items: list[NewMessage] = []
    apps: list[str | None] = []
    index: list[int] = []  # position in ``batch`` of each item
    out: list[Recorded | Exception] = []
    for i, found in enumerate(batch):
        try:
            p = found.prepared
            if not isinstance(p, Prepared):
                p = _prepared(config, found)
            m = p.match
            if m.application is None and found.msg.thread_ids:
                m = match(config, found.msg, p.direction, store)
            fp = p.fingerprint
            if m.application is not None and p.direction == "out" and not fp:
                fp = own_fingerprint(config, found.msg)
        except Exception as exc:  # one odd message must not keep the others out
            out.append(exc)
            continue
        seen = found.seen
        items.append(
            NewMessage(
                found.msg,
                p.direction,
                found.source,
                fp,
                location=Location(seen.account, seen.folder, seen.uidvalidity, seen.uid),
                at=seen.folder_date,
                decision=company_decision(found.msg, p.direction, m),
            )
        )
        apps.append(m.application.id if m.application else None)
        index.append(i)
        out.append(Recorded(False, None, p.direction, found.msg.key))  # replaced below
    results = store.add_messages(items) if items else []
    for i, item, app, res in zip(index, items, apps, results, strict=True):
        out[i] = (
            res
            if isinstance(res, Exception)
            else Recorded(res[1], app, item.direction, item.msg.key)
        )
        if not isinstance(res, Exception) and res[1] and item.direction == "in":
            _suggest(config, store, item.msg)
    return out


def _suggest(config: Config, store: Store, msg: ParsedMessage) -> None:
    """Interviews found in the inbox: the one hook of ``record/suggest.py``, for each message
    recorded new and inbound (it never raises). Imported here, not at the top, so a cold
    ``check`` does not pay for it."""
    from .suggest import after_inbound

    after_inbound(config, store, msg)


def _prepared(config: Config, found: Found) -> Prepared:
    direction = decide_direction(config, found.msg, found.direction)
    return Prepared(direction, match(config, found.msg, direction), ())


def record_one(
    config: Config,
    store: Store,
    msg: ParsedMessage,
    *,
    source: str,
    direction: Direction | None = None,
    location: Location | None = None,
    extra_bcc: tuple[str, ...] = (),
    requested: bool = False,
    at: datetime | None = None,
) -> Recorded:
    """Store one message (idempotent). ``direction``: as the caller knows it (the shim: 'out');
    None: decided from the From address and the identities (raises UnknownSender when
    nothing decides). ``at``: the date to use when
    the message has none (None: unknown)."""
    d = direction or decide_direction(config, msg, None)
    m = match(config, msg, d, store, extra_bcc)
    fp = own_fingerprint(config, msg) if m.application and d == "out" else ()
    _, new = store.add_message(
        msg,
        direction=d,
        source=source,
        fingerprint=fp,
        requested=requested,
        location=location,
        at=at,
        extra_bcc=extra_bcc,
        decision=company_decision(msg, d, m),
    )
    if new and d == "in":
        _suggest(config, store, msg)
    return Recorded(new, m.application.id if m.application else None, d, msg.key)
