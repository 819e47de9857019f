"""The catalog's reminders, computed from the config and the stored history at a time ``now``.

Nothing here is kept as state: a reminder is due while its condition holds, so it clears itself
once the message it asks for shows up in Sent (or the company replies). The daemon shows each
reminder id once (``Store.was_notified``/``mark_notified``); ``status`` lists the due ones.

Deadlines count in the round's time zone; business days skip weekends and the configured
holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from ..config.model import Application, Config, Person
from .history import Contact, History, build_history
from .schedule import (
    INQUIRY_DAYS,
    THANK_YOU_HOURS,
    inquiry_anchor,
    inquiry_ok_from,
    thank_you_states,
    unanswered_follow_ups,
)

if TYPE_CHECKING:
    from ..store.db import Store

REMINDER_IDS = ("thank-you-due", "brief-references", "inquiry-window-open", "let-it-rest")

# Defaults (shared with the timing rules through schedule.py); a [rules.<timing rule>] table
# in the config changes the matching threshold: hours, days, max_follow_ups.
THANK_YOU_AGAIN_BEFORE_HOURS = 4  # the second nudge, this long before the 24 h are up
THANK_YOU_STALE_DAYS = 7  # after this, a missing thank-you is no longer worth a nudge
FOLLOW_UP_LIMIT = 3  # too-many-follow-ups
WORKDAY_START = time(9, 0)


@dataclass(frozen=True)
class Reminder:
    id: str  # stable while the condition holds; a new id is a new notification
    rule: str  # one of REMINDER_IDS
    application: str
    person: str  # the address it is about, or "" for the whole application
    message: str  # one line, naming the concrete facts
    due: datetime  # aware: when it became (or becomes) due
    title: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule,
            "application": self.application,
            "person": self.person or None,
            "title": self.title,
            "message": self.message,
            "due": self.due.isoformat(),
        }


def _setting(config: Config, rule: str, key: str, default: Any, app: Application) -> Any:
    value = config.rule_settings(rule, {key: default}, app).get(key, default)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _when(d: datetime, tz: ZoneInfo) -> str:
    local = d.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"


def _ago(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 48:
        return f"{max(1, round(hours))} hours"
    return f"{round(hours / 24)} days"


def next_business_start(at: datetime, tz: ZoneInfo, holidays: frozenset[date]) -> datetime:
    """``at`` if it falls in a business day's working hours (from 09:00), else the next business
    morning, in ``tz``: a nudge never goes out at midnight or on a weekend or holiday."""
    local = at.astimezone(tz)
    day = local.date()
    if day.weekday() < 5 and day not in holidays:
        if local.time() >= WORKDAY_START:
            return at
        return datetime.combine(day, WORKDAY_START, tzinfo=tz)
    while True:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            return datetime.combine(day, WORKDAY_START, tzinfo=tz)


def _name(app: Application, addr: str) -> str:
    p = app.person(addr)
    return p.name if p else addr


def _inquiry_contact(app: Application) -> Person | None:
    permitted = [p for p in app.people if p.role == "permitted"]
    candidates = permitted or list(app.interviewers)
    return candidates[0] if candidates else None


def _thank_you_due(
    config: Config, app: Application, hist: History, now: datetime
) -> list[Reminder]:
    out = []
    hours = _setting(config, "thank-you-late", "hours", THANK_YOU_HOURS, app)
    for st in thank_you_states(app, hist, now, hours):
        p, rnd = st.person, st.round
        if st.sent is not None or now - rnd.end > timedelta(days=THANK_YOU_STALE_DAYS):
            continue
        deadline = st.due
        again = deadline - timedelta(hours=THANK_YOU_AGAIN_BEFORE_HOURS)
        base = f"thank-you-due:{app.id}:{rnd.name}:{p.address}"
        title = f"Thank {p.name} ({app.company})"
        if now >= deadline:
            msg = (
                f"The thank-you to {p.name} for the {rnd.name} is late: the round ended "
                f"{_ago(now - rnd.end)} ago. Send it anyway, today."
            )
            out.append(
                Reminder(base + ":late", "thank-you-due", app.id, p.address, msg, deadline, title)
            )
        elif now >= again:
            msg = (
                f"{_ago(deadline - now)} left to thank {p.name} for the {rnd.name} within "
                f"{hours:g} hours (by {_when(deadline, rnd.tz)})."
            )
            out.append(
                Reminder(base + ":soon", "thank-you-due", app.id, p.address, msg, again, title)
            )
        else:
            msg = (
                f"The {rnd.name} at {app.company} ended {_when(rnd.end, rnd.tz)}: send "
                f"{p.name} a thank-you by {_when(deadline, rnd.tz)}."
            )
            out.append(Reminder(base, "thank-you-due", app.id, p.address, msg, rnd.end, title))
    return out


def _brief_references(
    config: Config, store: Store, app: Application, now: datetime
) -> list[Reminder]:
    if app.references_briefed or not config.references:
        return []
    ended = sorted((r for r in app.rounds if r.end <= now), key=lambda r: r.end)
    if not ended:
        return []
    first = ended[0]
    out = []
    for ref in config.references:
        told = any(
            m.direction == "out" and m.sent_at is not None and first.start <= m.sent_at <= now
            for m, addrs in store.messages_for([ref.address], [])
            if any(f != "from" and a == ref.address for f, a, _, _ in addrs)
        )
        told = told or any(
            person == ref.address and first.start <= at <= now
            for person, _ch, at, _n in store.contacts_for(app.id)
        )
        if told:
            continue
        msg = (
            f"{app.company} is past the {first.name}: tell {ref.name} (your reference) to "
            f"expect a call about the {app.role or app.company} role, and what to stress."
        )
        out.append(
            Reminder(
                f"brief-references:{app.id}:{ref.address}",
                "brief-references",
                app.id,
                ref.address,
                msg,
                first.end,
                f"Brief {ref.name}",
            )
        )
    return out


def _inquiry_window(
    config: Config, app: Application, hist: History, now: datetime
) -> list[Reminder]:
    rnd = app.last_round_before(now)
    anchor = inquiry_anchor(app, hist, now)
    if rnd is None or anchor is None:
        return []
    after = [c for c in hist.contacts if anchor < c.at <= now]
    if any(c.direction == "in" for c in after):
        return []  # they answered
    if any(c.counts_as_contact and c.kind in ("follow-up", "reply") for c in after):
        return []  # already inquired (let-it-rest takes over from here)
    days = _setting(config, "inquiry-too-soon", "days", INQUIRY_DAYS, app)
    ok = inquiry_ok_from(app, hist, now, days)
    if ok is None:
        return []
    # The rule allows it from `ok`; the nudge waits for a business morning in the round's zone.
    open_at = next_business_start(ok, rnd.tz, config.general.holidays)
    thanked = any(c.kind == "thank-you" and c.at == anchor for c in hist.contacts)
    if app.decision_date is not None and ok < anchor + timedelta(days=days):
        d = app.decision_date
        why = f"the decision date ({d:%a} {d.day} {d:%b}) has passed with no word"
    else:
        why = f"{days:g} days since your {'thank-you' if thanked else rnd.name}, and no reply"
    if now < open_at:
        return []
    who = _inquiry_contact(app)
    to = f" to {who.name}" if who else ""
    msg = f"{app.company}: {why}. A short, polite status inquiry{to} is fine now."
    return [
        Reminder(
            f"inquiry-window-open:{app.id}:{rnd.name}",
            "inquiry-window-open",
            app.id,
            who.address if who else "",
            msg,
            open_at,
            f"Ask {app.company} for news",
        )
    ]


def _let_it_rest(config: Config, app: Application, hist: History, now: datetime) -> list[Reminder]:
    rnd = app.last_round_before(now)
    if rnd is None:
        return []
    limit = int(_setting(config, "too-many-follow-ups", "max_follow_ups", FOLLOW_UP_LIMIT, app))
    anchor = inquiry_anchor(app, hist, now) or rnd.end
    pending: list[Contact] = [
        c for c in unanswered_follow_ups(hist) if anchor < c.at <= now and not c.requested
    ]
    if limit <= 0 or len(pending) < limit:
        return []
    last_in = hist.last_inbound()
    since = max(anchor, last_in.at) if last_in and last_in.at <= now else anchor
    msg = (
        f"{len(pending)} follow-ups to {app.company} since {_when(since, rnd.tz)} with no "
        "reply: let it rest now; another message would hurt more than help."
    )
    return [
        Reminder(
            f"let-it-rest:{app.id}:{since:%Y%m%dT%H%M%S}",
            "let-it-rest",
            app.id,
            "",
            msg,
            pending[limit - 1].at,
            f"Let {app.company} rest",
        )
    ]


def due_reminders(config: Config, store: Store, now: datetime) -> list[Reminder]:
    """Every reminder due at ``now`` (aware), oldest first."""
    out: list[Reminder] = []
    for app in config.applications:
        if app.status != "active":
            continue
        hist = build_history(config, store, app, before=now)
        if hist.rejected_at is not None:
            continue  # turned down by mail: nothing is due any more
        out += _thank_you_due(config, app, hist, now)
        out += _brief_references(config, store, app, now)
        out += _inquiry_window(config, app, hist, now)
        out += _let_it_rest(config, app, hist, now)
    out.sort(key=lambda r: (r.due, r.id))
    return out
