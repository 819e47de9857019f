"""Follow-up timing, computed from an application's history: the figures `status` shows and
the timing rules and reminders judge by. One place, so all three always agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from ..config.model import Application, Config, Person, Round, add_business_days
from .history import Contact, History

# Catalog defaults; the rules' options carry the same values and the config may override them.
THANK_YOU_HOURS = 24
INQUIRY_DAYS = 7
AWAIT_BUSINESS_DAYS = 5


@dataclass(frozen=True, slots=True)
class ThankYouState:
    person: Person
    round: Round
    due: datetime  # round end + 24 h
    sent: Contact | None


def thank_you_states(
    app: Application, history: History, now: datetime, hours: float = THANK_YOU_HOURS
) -> list[ThankYouState]:
    """For the latest finished round: each interviewer who sat in it, and their thank-you."""
    rnd = app.last_round_before(now)
    if rnd is None:
        return []
    return [
        ThankYouState(
            p, rnd, rnd.end + timedelta(hours=hours), history.thank_you_to(p.address, rnd.end)
        )
        for p in app.interviewers
        if p.sat_in(rnd.name)
    ]


def inquiry_anchor(app: Application, history: History, now: datetime) -> datetime | None:
    """What the inquiry wait counts from: the last thank-you, else the last round's end."""
    rnd = app.last_round_before(now)
    thanks = [
        c for c in history.outbound if c.kind == "thank-you" and (rnd is None or c.at >= rnd.end)
    ]
    if thanks:
        return thanks[-1].at
    return rnd.end if rnd else None


def inquiry_ok_from(
    app: Application, history: History, now: datetime, days: float = INQUIRY_DAYS
) -> datetime | None:
    """The first moment an unprompted status inquiry is fine (None: no round yet)."""
    anchor = inquiry_anchor(app, history, now)
    if anchor is None:
        return None
    ok = anchor + timedelta(days=days)
    if app.decision_date is not None:
        rnd = app.last_round_before(now)
        tz = rnd.tz if rnd else None
        decided = datetime.combine(app.decision_date + timedelta(days=1), time(), tzinfo=tz)
        ok = min(ok, decided)
    return ok


# A logged call or meeting is a conversation: it answers the follow-ups before it. A voicemail
# or a mail waits for an answer like any unanswered message.
CONVERSATION_CHANNELS = frozenset({"call", "meeting"})


def last_answer(history: History) -> datetime | None:
    """When the company last answered: an inbound message, or a logged call or meeting."""
    times = [
        c.at
        for c in history.contacts
        if c.direction == "in" or (c.counts_as_contact and c.channel in CONVERSATION_CHANNELS)
    ]
    return max(times) if times else None


def awaits_answer(c: Contact) -> bool:
    """An unprompted outgoing follow-up that expects an answer (mail or voicemail)."""
    return (
        c.counts_as_contact
        and c.kind == "follow-up"
        and not c.requested
        and c.channel not in CONVERSATION_CHANNELS
    )


def pending_follow_up(history: History) -> Contact | None:
    """The latest outbound follow-up with no answer (inbound, call, meeting) after it."""
    answered = last_answer(history)
    for c in reversed(history.outbound):
        if answered is not None and c.at <= answered:
            return None
        if awaits_answer(c):
            return c
    return None


def unanswered_follow_ups(history: History, since: datetime | None = None) -> list[Contact]:
    """Follow-ups after ``since`` (the thank-you) and after the last answer, none answered."""
    answered = last_answer(history)
    return [
        c
        for c in history.outbound
        if awaits_answer(c)
        and (answered is None or c.at > answered)
        and (since is None or c.at > since)
    ]


def awaiting_reply_until(
    config: Config,
    history: History,
    business_days: int = AWAIT_BUSINESS_DAYS,
) -> tuple[Contact, datetime] | None:
    """The pending follow-up and when waiting for its answer has lasted long enough."""
    pending = pending_follow_up(history)
    if pending is None:
        return None
    local = pending.at.astimezone(config.general.timezone)
    return pending, add_business_days(local, business_days, config.general.holidays)


def contacts_in_window(history: History, now: datetime, days: float = 7) -> list[Contact]:
    start = now - timedelta(days=days)
    return [c for c in history.outbound if start < c.at <= now]
