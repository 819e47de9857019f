"""Timing rules: when a message goes out, measured against the application's history.

The engine never runs these for replies to the company, messages to one's references, or
messages the user marked as requested. Once an application is closed, only after-rejection and
the pacing rules (same-day-repeat, weekly-limit) apply: there is no decision left to chase.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from ...config.model import business_days_between
from ...record.history import Contact
from ...record.schedule import (
    awaiting_reply_until,
    inquiry_anchor,
    inquiry_ok_from,
    unanswered_follow_ups,
)
from ..draft import Draft
from ..registry import Example, Hit, rule


def when(draft: Draft, d: datetime) -> str:
    """'Fri 20 Nov 12:00' in the user's time zone."""
    local = d.astimezone(draft.tz)
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def day(draft: Draft, d: datetime) -> str:
    local = d.astimezone(draft.tz)
    return f"{local:%a} {local.day} {local:%b}"


def span_words(seconds: float) -> str:
    """'40 minutes', '26 hours', '3 days': rounded down, so never more than the truth."""
    hours = seconds / 3600
    if hours < 1:
        minutes = max(1, int(seconds // 60))
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    if hours < 48:
        return f"{int(hours)} hour{'s' if int(hours) != 1 else ''}"
    return f"{int(hours // 24)} days"


def ago(draft: Draft, d: datetime) -> str:
    return span_words((draft.at - d).total_seconds()) + " ago"


def _awaiting_decision(draft: Draft) -> bool:
    """The application is open. Once it is closed (rejected, withdrawn) there is no decision to
    chase: late thanks, early or repeated inquiries no longer apply; after-rejection speaks."""
    return draft.application is not None and not draft.application.closed


def names(draft: Draft, addrs: tuple[str, ...] | list[str]) -> str:
    app = draft.application
    out = []
    for a in addrs:
        p = app.person(a) if app else None
        out.append(p.name if p else a)
    return " and ".join(dict.fromkeys(out)) or "the company"


@rule(
    "thank-you-late",
    category="timing",
    severity="warn",
    kinds=["thank-you"],
    options={"hours": 24, "late_business_days": 2},
    summary="Flags a thank-you note that goes out more than a day after the interview ended; "
    "after two business days the warning is stronger.",
    why="Interviewers compare candidates while the conversations are fresh. A note that "
    "arrives the same day or the next morning reads as genuine interest; one that comes "
    "days later reads as an afterthought. A late note still beats no note.",
    fix="Send it now anyway, keep it short, and do not apologise at length for the delay.",
    advice="Thank-you advice: write within a day of the interview.",
    sources=("001", "002", "004"),
    bad=[Example("A thank-you to Dana Wu on Tuesday for a Friday onsite.", "2 business days")],
    good=[Example("A thank-you to Dana Wu the evening after the onsite.", "within 24 hours")],
)
def thank_you_late(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app = draft.application
    if not _awaiting_decision(draft):
        return
    assert app is not None
    rnd = app.last_round_before(draft.at)
    if rnd is None:
        return
    due = rnd.end + timedelta(hours=float(opts["hours"]))
    if draft.at <= due:
        return
    late = [
        r.person
        for r in draft.interviewer_recipients
        if r.person
        and r.person.sat_in(rnd.name)
        and not (draft.history and draft.history.thank_you_to(r.person.address, rnd.end))
    ]
    if not late:
        return
    local_end = rnd.end.astimezone(rnd.tz)
    elapsed = business_days_between(
        rnd.end.astimezone(rnd.tz), draft.at.astimezone(rnd.tz), draft.config.general.holidays
    )
    very = elapsed > float(opts["late_business_days"])
    for p in late:
        after = span_words((draft.at - rnd.end).total_seconds())
        msg = (
            f"your thank-you to {p.name} goes out {after} after the "
            f"{rnd.name} ended on {local_end:%a} {local_end.day} {local_end:%b %H:%M} "
            f"({rnd.tz}); it was due within {opts['hours']} hours"
        )
        if very:
            msg += (
                f", and more than {opts['late_business_days']} business days have passed: "
                "still send it, knowing it is late"
            )
        yield Hit(msg, person=p.address, severity="block" if very else None)


@rule(
    "inquiry-too-soon",
    category="timing",
    severity="warn",
    kinds=["follow-up"],
    options={"days": 7},
    summary="Flags an unprompted follow-up sent less than a week after the thank-you (or after "
    "the interview, if no thank-you went out), unless the promised decision date passed.",
    why="Hiring takes time: references, debriefs, other candidates. Asking for news within days "
    "of the interview signals impatience and rarely speeds anything up.",
    fix="Save it as a draft and send it on the date given; until then, no news is normal.",
    advice="Status-inquiry advice: give the team about a week, or until the date "
    "they named, before asking where things stand.",
    sources=("001", "004"),
    bad=[Example("Asking Dana Wu for news two days after the thank-you.")],
    good=[
        Example("Asking for news eight days after the thank-you."),
        Example("Asking the day after the decision date they gave has passed."),
    ],
)
def inquiry_too_soon(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app, history = draft.application, draft.history
    if app is None or history is None or not _awaiting_decision(draft):
        return
    anchor = inquiry_anchor(app, history, draft.at)
    ok = inquiry_ok_from(app, history, draft.at, float(opts["days"]))
    if anchor is None or ok is None or draft.at >= ok:
        return
    thanks = [c for c in history.outbound if c.kind == "thank-you" and c.at == anchor]
    if thanks:
        fact = f"your thank-you to {names(draft, thanks[0].people)} went out {ago(draft, anchor)}"
    else:
        rnd = app.last_round_before(draft.at)
        fact = f"the {rnd.name if rnd else 'interview'} ended {ago(draft, anchor)}"
    yield Hit(
        f"{fact}; a status inquiry is fine from {when(draft, ok)}",
        fix=f"Wait until {when(draft, ok)}; schedule the message for then.",
    )


def _same_day(draft: Draft, c: Contact) -> bool:
    return c.at.astimezone(draft.tz).date() == draft.at.astimezone(draft.tz).date()


def _channel(c: Contact) -> str:
    return {"mail": "message", "call": "call", "voicemail": "voicemail", "meeting": "meeting"}.get(
        c.channel, c.channel
    )


def _to_whom(draft: Draft, c: Contact) -> str:
    """'message to Dana Wu', 'call with Maria Lopez', 'voicemail for Dana Wu'."""
    prep = {"call": "with", "meeting": "with", "voicemail": "for"}.get(c.channel, "to")
    return f"{_channel(c)} {prep} {names(draft, c.people)}"


@rule(
    "same-day-repeat",
    category="timing",
    severity="block",
    options={"max_per_day": 1},
    summary="Flags a second contact with the same application on the same day, by any channel "
    "(mail, call, voicemail). Separate thank-you notes to different interviewers are fine.",
    why="Two messages or a message plus a call in one day feels like pressure, and it is the "
    "pattern recruiters remember. One contact a day is the most that still reads as polite.",
    fix="Hold this one; if you forgot something, add it to your next message in a few days.",
    advice="Follow-up advice: space your contacts out; never chase twice in a day.",
    sources=("000", "003"),
    bad=[Example("A second note to John Smith an hour after the first.")],
    good=[Example("Separate thank-you notes to Dana Wu and John Smith on the same evening.")],
)
def same_day_repeat(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    history = draft.history
    if history is None:  # not about a tracked application
        return
    today = [c for c in history.outbound if _same_day(draft, c)]
    if draft.kind == "thank-you":
        mine = {r.address.addr for r in draft.recipients}
        today = [c for c in today if set(c.people) & mine]
    if len(today) + 1 <= int(opts["max_per_day"]):
        return
    last = today[-1]
    yield Hit(
        f"your last {_to_whom(draft, last)} was today at "
        f"{last.at.astimezone(draft.tz):%H:%M}; this would be contact number "
        f"{len(today) + 1} with {draft.application.company if draft.application else ''} "
        "today",
        person=last.people[0] if last.people else None,
    )


@rule(
    "weekly-limit",
    category="timing",
    severity="warn",
    options={"max_contacts": 2, "window_days": 7},
    summary="Flags more than two contacts with one application within any seven days "
    "(thank-you notes aside).",
    why="Several messages a week to the same team stops looking keen and starts looking "
    "anxious. Recruiters juggle many candidates; a steady, sparse rhythm is remembered better.",
    fix="Let this week pass; then one concise message covers it all.",
    advice="Follow-up advice: keep a slow rhythm, a couple of contacts a week at most.",
    sources=("003",),
    bad=[Example("A third follow-up to Acme within five days.")],
    good=[Example("A second follow-up a week after the first.")],
)
def weekly_limit(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    history = draft.history
    if history is None or draft.kind == "thank-you":
        return
    start = draft.at - timedelta(days=float(opts["window_days"]))
    recent = [c for c in history.outbound if start < c.at <= draft.at and c.kind != "thank-you"]
    if len(recent) + 1 <= int(opts["max_contacts"]):
        return
    listing = ", ".join(f"{_to_whom(draft, c)} on {day(draft, c.at)}" for c in recent[-4:])
    yield Hit(
        f"this would be contact number {len(recent) + 1} with "
        f"{draft.application.company if draft.application else 'them'} in "
        f"{opts['window_days']} days ({listing}); the limit is {opts['max_contacts']}"
    )


@rule(
    "awaiting-reply",
    category="timing",
    severity="warn",
    kinds=["follow-up"],
    options={"business_days": 5},
    summary="Flags a new follow-up while the previous one (a mail or a voicemail) is unanswered "
    "and less than five business days old. A reply, a phone call or a meeting since "
    "then counts as an answer; weekends and configured holidays do not count as days.",
    why="A second nudge before the first had a fair chance to be answered tells the reader "
    "you are counting the hours. People are travelling, interviewing others, or waiting on "
    "someone else.",
    fix="Give the earlier message until the date shown; if it stays unanswered, one polite "
    "reminder is fine.",
    advice="Follow-up advice: allow about a working week for an answer before writing again.",
    sources=("003",),
    bad=[
        Example("A second status inquiry two days after the first, with no answer between."),
        Example("An email two days after leaving a voicemail that nobody returned."),
    ],
    good=[
        Example("A reminder a week after an unanswered inquiry."),
        Example("A note the day after a phone call with the recruiter."),
    ],
)
def awaiting_reply(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    history = draft.history
    if history is None or not _awaiting_decision(draft):
        return
    pending = awaiting_reply_until(draft.config, history, int(opts["business_days"]))
    if pending is None:
        return
    contact, until = pending
    if draft.at >= until:
        return
    what = "follow-up" if contact.channel == "mail" else _channel(contact)
    prep = "for" if contact.channel == "voicemail" else "to"
    yield Hit(
        f"your {what} of {day(draft, contact.at)} {prep} {names(draft, contact.people)} "
        f"has had no answer yet; give it until {when(draft, until)}",
        person=contact.people[0] if contact.people else None,
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@rule(
    "too-many-follow-ups",
    category="timing",
    severity="warn",
    kinds=["follow-up"],
    options={"max_follow_ups": 3},
    summary="Flags a follow-up once the number of unanswered follow-ups (mails, voicemails) "
    "since the thank-you and since the last answer (a reply, a call, a meeting) has "
    "reached the limit (three). Messages before the interview do not count.",
    why="After a few unanswered messages, another one will not change the outcome; it only "
    "risks the impression you leave. Silence after repeated polite contact is an answer.",
    fix="Let this application rest and put the energy into the next one; a short, friendly "
    "closing note is the most that still helps.",
    advice="Follow-up advice: after a handful of unanswered messages, stop and move on.",
    sources=("004",),
    bad=[Example("A fourth follow-up with no answer to the first three.")],
    good=[
        Example("A second follow-up after a week of silence."),
        Example("A fourth message when the recruiter answered the second one."),
    ],
)
def too_many_follow_ups(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app, history = draft.application, draft.history
    if app is None or history is None or not _awaiting_decision(draft):
        return
    # Counted after the thank-you (or the round), as the let-it-rest reminder counts them.
    unanswered = unanswered_follow_ups(history, inquiry_anchor(app, history, draft.at))
    limit = int(opts["max_follow_ups"])
    if len(unanswered) < limit:
        return
    first = unanswered[0]
    yield Hit(
        f"this would be your {_ordinal(len(unanswered) + 1)} follow-up to "
        f"{draft.application.company if draft.application else 'them'} with no answer "
        f"since {day(draft, first.at)}; the limit is {limit}"
    )


@rule(
    "after-rejection",
    category="timing",
    severity="info",
    summary="Notes that the application is closed (rejected or withdrawn). Writing is fine for "
    "networking, and tone rules turn strict: every tone finding blocks.",
    why="A gracious note after a rejection can keep a door open for the next opening; a bitter "
    "or pleading one closes it for good. Tone matters more once nothing is at stake.",
    fix="Keep it short and gracious: thank them, ask to stay in touch, wish them well.",
    advice="Rejection advice: stay courteous and treat the contacts as your network.",
    sources=("000", "004"),
    bad=[Example("Any message to Initech after the rejection.", "informational")],
    good=[Example("A message to an active application.")],
)
def after_rejection(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app = draft.application
    if app is None or not app.closed:
        return
    yield Hit(
        f"{app.company} closed this application ({app.status}); networking is fine, and "
        "tone findings now block"
    )
