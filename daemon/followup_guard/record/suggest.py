"""Turn the interview invitations in received mail into suggestions, and keep them up to date.

``consider(config, store, msg)`` runs for every newly recorded inbound message. Each event
the message holds (``mail/invitation.py``) that is an interview (``record/interview.py``)
becomes a suggestion: the company, the round (name, start, end, time zone), the people and
the message it came from. An application already tracked at that company gets a new round,
not a new application.

Updates follow iTIP: a version with a higher SEQUENCE (or the same SEQUENCE and a later
DTSTAMP) moves the round, also in the config once accepted; CANCEL cancels it (an accepted
round leaves the config, and with it its reminders); a repeat changes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from ..config.model import Config
from ..mail.event import Event
from ..mail.invitation import recognise
from ..mail.parse import ParsedMessage
from ..store.suggestions import NewSuggestion, SuggestionRow, table_exists
from .accept import drop_accepted, move_accepted
from .interview import CompanySide, company_side, interview_reason, round_name
from .suggestions import Outcome, table

if TYPE_CHECKING:
    from ..store.db import Store

log = logging.getLogger("followup_guard.suggestions")

STALE_AFTER = timedelta(days=14)  # an interview that ended longer ago is not worth tracking


def _newer(ev: Event, row: SuggestionRow) -> bool | None:
    """True: a newer version; False: older; None: the same version again."""
    if ev.sequence != row.sequence:
        return ev.sequence > row.sequence
    if ev.dtstamp is not None and row.dtstamp is not None:
        a = ev.dtstamp if ev.dtstamp.tzinfo else ev.dtstamp.replace(tzinfo=timezone.utc)
        b = row.dtstamp if row.dtstamp.tzinfo else row.dtstamp.replace(tzinfo=timezone.utc)
        if a != b:
            return a > b
    return None


def _uid(ev: Event, side: CompanySide, name: str) -> str:
    if ev.uid:
        return ev.uid
    import hashlib

    key = f"{(side.domains or [side.company.casefold()])[0]}|{name.casefold()}"
    return "mail:" + hashlib.sha256(key.encode()).hexdigest()[:24]


def after_inbound(config: Config, store: Store, msg: ParsedMessage) -> list[Outcome]:
    """The hook that recording calls for each new inbound message: ``consider``, logged,
    never raising (the message itself is stored whatever happens here)."""
    try:
        outcomes = consider(config, store, msg)
    except Exception as exc:
        log.warning("suggestions: %s: %s: %s", msg.key, exc.__class__.__name__, exc)
        return []
    for o in outcomes:
        if o.action in ("new", "moved", "cancelled"):
            log.info("suggestions: %s", o.message)
        elif o.action == "skipped":
            log.info("suggestions: skipped %s", o.message)
        else:
            log.debug("suggestions: %s", o.message)
    return outcomes


def consider(
    config: Config, store: Store, msg: ParsedMessage, now: datetime | None = None
) -> list[Outcome]:
    """Turn the interview invitations in one received message into suggestions (or updates
    of earlier ones). Never raises for bad input: every problem is an Outcome line."""
    now = now or datetime.now(timezone.utc)
    if not table_exists(store.db):
        return [Outcome("skipped", "the store has no suggestions table (read-only, old schema)")]
    found = recognise(msg)
    out = [Outcome("skipped", line) for line in found.skipped]
    for ev in found.events:
        try:
            out.append(_consider_event(config, store, msg, ev, now))
        except Exception as exc:  # one odd event must never stop the recording
            log.warning("suggestions: %s: %s", msg.key, exc, exc_info=True)
            out.append(Outcome("skipped", f"event {ev.summary!r}: {exc.__class__.__name__}: {exc}"))
    return out


def _consider_event(
    config: Config, store: Store, msg: ParsedMessage, ev: Event, now: datetime
) -> Outcome:
    side = company_side(ev, msg, config)
    name = round_name(ev, side.company, config)
    uid = _uid(ev, side, name)
    tbl = table(store)
    row = tbl.by_uid(uid, ev.recurrence_id)
    label = f"{ev.summary or msg.subject!r}"
    if ev.method == "CANCEL":
        if row is None:
            return Outcome("ignored", f"{label}: a cancellation of an invitation never seen")
        if row.state == "cancelled":
            return Outcome("unchanged", f"{label}: cancelled already", row.id)
        if _newer(ev, row) is False:
            return Outcome("unchanged", f"{label}: an older cancellation", row.id)
        if row.state == "accepted" and row.application:
            drop_accepted(config, row)
        tbl.set_state(row.id, "cancelled", now)
        return Outcome("cancelled", f"{label}: cancelled", row.id)
    if row is not None:
        newer = _newer(ev, row)
        if not newer:
            return Outcome(
                "unchanged",
                f"{label}: {'a repeat' if newer is None else 'an older version'}",
                row.id,
            )
        if row.state in ("cancelled", "dismissed"):
            tbl.seen_version(row.id, ev.sequence, ev.dtstamp)
            return Outcome("unchanged", f"{label}: {row.state} already", row.id)
        start, end = ev.start, ev.end
        if _cmp(start) == _cmp(row.start) and _cmp(end) == _cmp(row.end):
            tbl.seen_version(row.id, ev.sequence, ev.dtstamp)
            return Outcome("unchanged", f"{label}: a new version at the same time", row.id)
        tbl.move(
            row.id,
            sequence=ev.sequence,
            dtstamp=ev.dtstamp,
            start=start,
            end=end,
            timezone_name=ev.timezone,
            zone_note=ev.zone_note,
            message_id=msg.message_id,
            subject=msg.subject,
            now=now,
        )
        if row.state == "accepted" and row.application:
            move_accepted(config, row, start, end, ev.timezone)
        return Outcome("moved", f"{label}: moved to {start.isoformat()}", row.id)
    reason = interview_reason(ev, msg, config, side)
    if reason is None:
        return Outcome("ignored", f"{label}: not an interview")
    if _cmp(ev.end) < now - STALE_AFTER:
        return Outcome("ignored", f"{label}: ended more than {STALE_AFTER.days} days ago")
    if side.app is not None and any(
        abs((_cmp(r.start) - _cmp(ev.start)).total_seconds()) < 60 for r in side.app.rounds
    ):
        return Outcome("unchanged", f"{label}: {side.app.id} tracks a round at that time already")
    twins = tbl.same_time(ev.start, tuple(side.domains), side.company)
    if twins:
        return Outcome(
            "unchanged", f"{label}: the same interview as suggestion {twins[0].id}", twins[0].id
        )
    sid = tbl.add(
        NewSuggestion(
            uid=uid,
            recurrence_id=ev.recurrence_id,
            sequence=ev.sequence,
            dtstamp=ev.dtstamp,
            company=side.company,
            domains=tuple(side.domains),
            application=side.app.id if side.app else None,
            round_name=name,
            start=ev.start,
            end=ev.end,
            timezone=ev.timezone,
            zone_note=ev.zone_note,
            people=tuple(p.to_json() for p in side.people),
            message_id=msg.message_id,
            subject=msg.subject,
            tool=ev.tool,
        ),
        now,
    )
    return Outcome("new", f"{label}: suggestion {sid} ({reason})", sid)


def _cmp(d: datetime) -> datetime:
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)
