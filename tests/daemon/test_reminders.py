"""reminders.due_reminders: the catalog's four reminders, computed at a time ``now``."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from followup_guard.api import Context, record_message
from followup_guard.config.load import parse_config
from followup_guard.config.paths import Paths
from followup_guard.record.reminders import due_reminders, next_business_start
from followup_guard.store.db import Store

NY = ZoneInfo("America/New_York")

CONFIG = """
[general]
timezone = "America/New_York"
holidays = ["2026-11-26"]

[[identities]]
address = "alex@example.org"

[[references]]
name = "Priya Raman"
address = "priya@oldjob.example"

[[applications]]
id = "acme"
company = "Acme Corp"
role = "Backend Engineer"
domains = ["acme.example"]
{extra}

  [[applications.rounds]]
  name = "onsite"
  start = "2026-11-20T10:00"
  end = "2026-11-20T12:00"

  [[applications.people]]
  name = "Dana Wu"
  address = "dana@acme.example"
  role = "interviewer"

  [[applications.people]]
  name = "Maria Lopez"
  address = "maria@acme.example"
  role = "permitted"
"""

END = datetime(2026, 11, 20, 12, 0, tzinfo=NY)  # a Friday


@pytest.fixture
def make(tmp_path: Path):
    stores = []

    def _make(extra: str = "") -> Context:
        cfg = parse_config(CONFIG.format(extra=extra), "config.toml")
        store = Store(tmp_path / f"store{len(stores)}.sqlite3")
        stores.append(store)
        return Context(cfg, store, Paths(tmp_path / "config.toml", tmp_path))

    yield _make
    for s in stores:
        s.close()


_MESSAGE_NUMBERS = itertools.count(1)


def mail(
    ctx: Context,
    at: datetime,
    to: str,
    *,
    sender: str = "alex@example.org",
    subject: str = "Hello",
    extra: str = "",
) -> None:
    n = next(_MESSAGE_NUMBERS)
    raw = (
        f"From: {sender}\nTo: {to}\nSubject: {subject}\n"
        f"Date: {at.strftime('%a, %d %b %Y %H:%M:%S %z')}\n"
        f"Message-ID: <m{n}@example.org>\n{extra}\nDear Dana, thank you.\n"
    ).encode()
    record_message(ctx, raw, source="test")


def ids(ctx: Context, now: datetime) -> list[str]:
    return [r.id for r in due_reminders(ctx.config, ctx.store, now)]


def by_rule(ctx: Context, now: datetime, rule: str):
    return [r for r in due_reminders(ctx.config, ctx.store, now) if r.rule == rule]


def test_thank_you_due_then_soon_then_late_then_cleared(make) -> None:
    ctx = make()
    assert by_rule(ctx, END - timedelta(minutes=1), "thank-you-due") == []
    first = by_rule(ctx, END + timedelta(hours=1), "thank-you-due")
    assert [r.id for r in first] == ["thank-you-due:acme:onsite:dana@acme.example"]
    assert "Dana Wu" in first[0].message and first[0].due == END
    assert "Sat 21 Nov 12:00" in first[0].message  # the deadline, in the round's zone
    soon = by_rule(ctx, END + timedelta(hours=21), "thank-you-due")
    assert [r.id for r in soon] == ["thank-you-due:acme:onsite:dana@acme.example:soon"]
    late = by_rule(ctx, END + timedelta(hours=30), "thank-you-due")
    assert late[0].id.endswith(":late") and "late" in late[0].message
    assert by_rule(ctx, END + timedelta(days=8), "thank-you-due") == []  # stale by then
    mail(ctx, END + timedelta(hours=3), "dana@acme.example", subject="Thank you")
    assert by_rule(ctx, END + timedelta(hours=30), "thank-you-due") == []  # cleared itself


def test_brief_references_until_told(make) -> None:
    ctx = make()
    assert by_rule(ctx, END - timedelta(hours=1), "brief-references") == []
    r = by_rule(ctx, END + timedelta(hours=1), "brief-references")
    assert [x.id for x in r] == ["brief-references:acme:priya@oldjob.example"]
    assert "Priya Raman" in r[0].message
    mail(ctx, END + timedelta(hours=2), "priya@oldjob.example", subject="A call from Acme")
    assert by_rule(ctx, END + timedelta(hours=3), "brief-references") == []
    briefed = make("references_briefed = true")
    assert by_rule(briefed, END + timedelta(hours=1), "brief-references") == []


def test_inquiry_window_opens_after_seven_days_on_a_business_morning(make) -> None:
    ctx = make()
    thanks = END + timedelta(hours=4)  # Fri 16:00
    mail(ctx, thanks, "dana@acme.example", subject="Thank you")
    assert by_rule(ctx, thanks + timedelta(days=6), "inquiry-window-open") == []
    # +7 days is Fri 27 Nov, the day after the Thanksgiving holiday: a business day.
    r = by_rule(ctx, thanks + timedelta(days=7, minutes=1), "inquiry-window-open")
    assert len(r) == 1 and r[0].person == "maria@acme.example"
    assert r[0].due == thanks + timedelta(days=7)
    assert "Maria Lopez" in r[0].message
    # They replied: no nudge.
    mail(
        ctx,
        thanks + timedelta(days=2),
        "alex@example.org",
        sender="maria@acme.example",
        subject="Re: Thank you",
    )
    assert by_rule(ctx, thanks + timedelta(days=8), "inquiry-window-open") == []


def test_inquiry_window_skips_weekends_and_holidays() -> None:
    sat = datetime(2026, 11, 21, 15, 0, tzinfo=NY)
    assert next_business_start(sat, NY, frozenset()) == datetime(2026, 11, 23, 9, 0, tzinfo=NY)
    wed = datetime(2026, 11, 25, 15, 0, tzinfo=NY)
    assert next_business_start(wed, NY, frozenset()) == wed
    thu = datetime(2026, 11, 26, 15, 0, tzinfo=NY)
    holidays = frozenset({thu.date()})
    assert next_business_start(thu, NY, holidays) == datetime(2026, 11, 27, 9, 0, tzinfo=NY)


def test_inquiry_window_opens_at_the_decision_date(make) -> None:
    ctx = make('decision_date = "2026-11-23"')
    mail(ctx, END + timedelta(hours=4), "dana@acme.example", subject="Thank you")
    assert by_rule(ctx, datetime(2026, 11, 24, 8, 0, tzinfo=NY), "inquiry-window-open") == []
    r = by_rule(ctx, datetime(2026, 11, 24, 9, 30, tzinfo=NY), "inquiry-window-open")
    assert len(r) == 1 and "decision date" in r[0].message


def test_let_it_rest_after_the_follow_up_limit(make) -> None:
    ctx = make()
    thanks = END + timedelta(hours=4)
    mail(ctx, thanks, "dana@acme.example", subject="Thank you")
    for days in (8, 15, 22):
        mail(ctx, thanks + timedelta(days=days), "maria@acme.example", subject="Any news?")
    assert by_rule(ctx, thanks + timedelta(days=21), "let-it-rest") == []
    r = by_rule(ctx, thanks + timedelta(days=23), "let-it-rest")
    assert len(r) == 1 and "3 follow-ups" in r[0].message
    mail(
        ctx,
        thanks + timedelta(days=24),
        "alex@example.org",
        sender="maria@acme.example",
        subject="Re: Any news?",
    )
    assert by_rule(ctx, thanks + timedelta(days=25), "let-it-rest") == []


def test_closed_applications_get_no_reminders(make) -> None:
    ctx = make('status = "rejected"')
    assert ids(ctx, END + timedelta(hours=1)) == []


def test_reminder_json_shape(make) -> None:
    ctx = make()
    r = due_reminders(ctx.config, ctx.store, END + timedelta(hours=1))[0]
    data = r.to_json()
    assert set(data) == {"id", "rule", "application", "person", "title", "message", "due"}
    assert data["application"] == "acme"
