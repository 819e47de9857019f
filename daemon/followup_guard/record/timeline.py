"""Where each application stands: one view for the Thunderbird tab."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..config.model import Config
from .history import build_history
from .reminders import due_reminders
from .schedule import (
    AWAIT_BUSINESS_DAYS,
    INQUIRY_DAYS,
    THANK_YOU_HOURS,
    awaiting_reply_until,
    inquiry_ok_from,
    thank_you_states,
)
from .suggestions import pending

if TYPE_CHECKING:
    from ..store.db import Store


def timeline(config: Config, store: Store, now: datetime | None = None) -> dict[str, Any]:
    """Per application: rounds, messages sent and received, logged calls, the windows that
    matter (thank-you due, inquiry fine from, awaiting a reply since), the reminders; and the
    pending suggestions. The Thunderbird tab's data."""
    now = now or datetime.now(timezone.utc)
    reminders = due_reminders(config, store, now)
    apps = []
    for app in config.applications:
        hist = build_history(config, store, app, before=now)
        events: list[dict[str, Any]] = []
        for r in app.rounds:
            events.append(
                {
                    "at": r.start.isoformat(),
                    "kind": "round",
                    "title": r.name,
                    "detail": f"until {r.end.astimezone(r.tz):%H:%M} ({r.tz})",
                }
            )
        for c in hist.contacts:
            if c.channel == "mail":
                kind = "sent" if c.direction == "out" else "received"
                title = c.subject or "(no subject)"
            else:
                kind, title = c.channel, c.channel
            events.append(
                {
                    "at": c.at.isoformat(),
                    "kind": kind,
                    "title": title,
                    "detail": ", ".join(c.people)
                    + (f" ({c.kind})" if c.direction == "out" and c.channel == "mail" else ""),
                }
            )
        events.sort(key=lambda e: e["at"])
        hours = float(
            config.rule_settings("thank-you-late", {"hours": THANK_YOU_HOURS}, app).get(
                "hours", THANK_YOU_HOURS
            )
        )
        days = float(
            config.rule_settings("inquiry-too-soon", {"days": INQUIRY_DAYS}, app).get(
                "days", INQUIRY_DAYS
            )
        )
        await_days = int(
            config.rule_settings("awaiting-reply", {"business_days": AWAIT_BUSINESS_DAYS}, app).get(
                "business_days", AWAIT_BUSINESS_DAYS
            )
        )
        awaiting = awaiting_reply_until(config, hist, await_days)
        ok_from = inquiry_ok_from(app, hist, now, days)
        apps.append(
            {
                "id": app.id,
                "company": app.company,
                "role": app.role,
                "status": app.status,
                "rounds": [
                    {
                        "name": r.name,
                        "start": r.start.isoformat(),
                        "end": r.end.isoformat(),
                        "timezone": str(r.tz),
                    }
                    for r in app.rounds
                ],
                "events": events,
                "windows": {
                    "thank_you_due": [
                        {
                            "person": st.person.name,
                            "address": st.person.address,
                            "round": st.round.name,
                            "due": st.due.isoformat(),
                            "sent": st.sent.at.isoformat() if st.sent else None,
                        }
                        for st in thank_you_states(app, hist, now, hours)
                    ],
                    "inquiry_ok_from": ok_from.isoformat() if ok_from else None,
                    "awaiting_reply_since": awaiting[0].at.isoformat() if awaiting else None,
                    "awaiting_reply_until": awaiting[1].isoformat() if awaiting else None,
                },
                "reminders": [r.to_json() for r in reminders if r.application == app.id],
            }
        )
    return {
        "at": now.isoformat(),
        "timezone": str(config.general.timezone),
        "applications": apps,
        "suggestions": [
            s.to_json() | {"headline": s.headline, "note": s.zone_note} for s in pending(store)
        ],
    }
