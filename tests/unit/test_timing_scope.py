"""Edge cases of the timing and scope rules and of the engine policy around them.

Everything runs against the corpus world (tests/corpus/config.toml: Alex Morgan; Acme's onsite
Fri 20 Nov 2026 10:00-12:00 New York, Dana Wu + John Smith, recruiter Maria Lopez, Tom Becker
do-not-contact, decision date Fri 4 Dec; Globex phone screen in London; Initech rejected;
Thanksgiving Thu 26 Nov a holiday) with an in-memory store per test.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from fgtest import CORPUS_CONFIG, DANA, JOHN, MARIA, ME, eml
from followup_guard.api import Context, record_message
from followup_guard.checks.engine import CheckResult, build_draft, check, run_rules
from followup_guard.checks.registry import Hit, Rule
from followup_guard.checks.rules.same_letter_many import _alike
from followup_guard.checks.rules.unprofessional_sender import _silly
from followup_guard.config.load import load_config
from followup_guard.config.model import (
    Config,
    Identity,
    add_business_days,
    business_days_between,
)
from followup_guard.config.paths import Paths
from followup_guard.mail.parse import parse_bytes
from followup_guard.mail.text import fingerprint
from followup_guard.record.history import build_history
from followup_guard.record.schedule import pending_follow_up, unanswered_follow_ups
from followup_guard.store.db import Store

NY = ZoneInfo("America/New_York")
TOM = "Tom Becker <tom.becker@acme.example>"
SEUN = "Oluwaseun Okonkwo <seun@globex.example>"
BILL = "Bill Lumbergh <bill@initech.example>"
SIG = "Best regards,\nAlex Morgan\n+1 617 555 0142\n"
THANKS = (
    "Dear {first},\n\nThank you for meeting with me at the Acme Corp onsite. I enjoyed "
    "our conversation about the payments ledger.\n\nI am very interested in the role.\n\n" + SIG
)
INQUIRY = (
    "Dear {first},\n\nI wanted to check in on the Backend Engineer role at Acme Corp.\n\n" + SIG
)


def ny(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=NY)


@pytest.fixture(scope="module")
def world() -> Config:
    return load_config(CORPUS_CONFIG)


class World:
    """A config plus an in-memory store, with helpers to record history and check drafts."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.store = Store(":memory:")
        self.ctx = Context(config, self.store, Paths(CORPUS_CONFIG, CORPUS_CONFIG.parent))

    def sent(
        self,
        to: str | list[str],
        at: datetime,
        body: str = "",
        *,
        mid: str | None = None,
        subject: str = "Note",
        in_reply_to: str | None = None,
    ) -> None:
        first = (to if isinstance(to, str) else to[0]).split()[0]
        raw = eml(
            frm=ME,
            to=to,
            date=at,
            mid=mid,
            subject=subject,
            in_reply_to=in_reply_to,
            body=body or THANKS.format(first=first),
        )
        record_message(self.ctx, raw, source="test", direction="out")

    def received(
        self,
        frm: str,
        at: datetime,
        *,
        mid: str,
        cc: list[str] | None = None,
        body: str = "Hi Alex,\n\nThanks.\n\nMaria\n",
    ) -> None:
        raw = eml(
            frm=frm,
            to="alex.morgan@example.org",
            cc=cc,
            date=at,
            mid=mid,
            subject="Next steps",
            body=body,
        )
        record_message(self.ctx, raw, source="test", direction="in")

    def logged(self, app: str, person: str, channel: str, at: datetime) -> None:
        self.store.add_contact(app, person, channel, at)

    def check(
        self,
        to: str | list[str],
        at: datetime,
        *,
        body: str = "",
        frm: str = ME,
        cc: str | list[str] | None = None,
        bcc: str | list[str] | None = None,
        in_reply_to: str | None = None,
        requested: bool = False,
        config: Config | None = None,
    ) -> CheckResult:
        first = (to if isinstance(to, str) else to[0]).split()[0]
        raw = eml(
            frm=frm,
            to=to,
            cc=cc,
            bcc=bcc,
            subject="Backend Engineer role",
            in_reply_to=in_reply_to,
            body=body or INQUIRY.format(first=first),
        )
        return check(
            config or self.config, self.store, parse_bytes(raw), at=at, requested=requested
        )


def rules_of(result: CheckResult) -> set[str]:
    return {f.rule for f in result.findings}


def finding(result: CheckResult, rule: str):
    found = [f for f in result.findings if f.rule == rule]
    assert found, f"{rule} did not fire: {[(f.rule, f.message) for f in result.findings]}"
    return found[0]


def thanked(w: World) -> World:
    """Both Acme interviewers thanked on the evening of the onsite."""
    w.sent(DANA, ny(20, 18, 5), mid="ty-dana@example.org")
    w.sent(JOHN, ny(20, 18, 20), mid="ty-john@example.org")
    return w


def with_app(config: Config, app_id: str, **changes) -> Config:
    apps = tuple(
        dataclasses.replace(a, **changes) if a.id == app_id else a for a in config.applications
    )
    return dataclasses.replace(config, applications=apps)


# --------------------------------------------------------------------------- business days


def test_business_days_skip_the_weekend_and_a_configured_holiday() -> None:
    thanksgiving = frozenset({date(2026, 11, 26)})
    # Mon 23 Nov 10:00 + 5 business days: Tue, Wed, (Thu holiday), Fri, Mon, Tue.
    assert add_business_days(ny(23, 10), 5, thanksgiving) == ny(1, 10, month=12)
    assert add_business_days(ny(23, 10), 5, frozenset()) == ny(30, 10)
    # Fri 12:00 -> Tue 12:00 is half of Friday, all of Monday, half of Tuesday.
    assert business_days_between(ny(20, 12), ny(24, 12), thanksgiving) == pytest.approx(2.0)
    # Fri 20 noon -> Fri 27 noon: 0.5 + Mon + Tue + Wed + (Thu holiday) + 0.5.
    assert business_days_between(ny(20, 12), ny(27, 12), thanksgiving) == pytest.approx(4.0)


def test_thank_you_late_turns_block_after_two_business_days_not_calendar_days(world) -> None:
    w = World(world)
    sunday = w.check(DANA, ny(22, 20), body=THANKS.format(first="Dana"))
    assert finding(sunday, "thank-you-late").severity == "warn"  # 56 h, but 0.5 business days
    tuesday = w.check(DANA, ny(24, 13), body=THANKS.format(first="Dana"))
    late = finding(tuesday, "thank-you-late")
    assert late.severity == "block"
    assert "Dana Wu" in late.message and "Fri 20 Nov 12:00" in late.message
    # A holiday on that Monday keeps Tuesday 13:00 under two business days.
    holiday = dataclasses.replace(
        world,
        general=dataclasses.replace(
            world.general, holidays=world.general.holidays | {date(2026, 11, 23)}
        ),
    )
    moved = w.check(DANA, ny(24, 13), body=THANKS.format(first="Dana"), config=holiday)
    assert finding(moved, "thank-you-late").severity == "warn"


def test_thank_you_at_23_hours_is_on_time(world) -> None:
    w = World(world)
    assert "thank-you-late" not in rules_of(
        w.check(JOHN, ny(21, 11), body=THANKS.format(first="John"))
    )
    assert "thank-you-late" in rules_of(w.check(JOHN, ny(21, 14), body=THANKS.format(first="John")))


def test_awaiting_reply_waits_five_business_days_across_the_holiday(world) -> None:
    w = thanked(World(world))
    w.sent(MARIA, ny(23, 10), INQUIRY.format(first="Maria"), mid="nudge@example.org")
    hit = finding(w.check(MARIA, ny(30, 15)), "awaiting-reply")
    assert "Mon 23 Nov" in hit.message and "Maria Lopez" in hit.message
    assert "Tue 1 Dec 10:00" in hit.message
    no_holiday = dataclasses.replace(
        world, general=dataclasses.replace(world.general, holidays=frozenset())
    )
    assert "awaiting-reply" not in rules_of(w.check(MARIA, ny(30, 15), config=no_holiday))


# --------------------------------------------------------------------------- time zones


def test_same_day_is_the_users_day_not_the_rounds(world) -> None:
    w = World(world)
    w.sent(SEUN, ny(10, 11), THANKS.format(first="Seun"), mid="ty-seun@example.org")
    # Tue 24 Nov 19:30 New York is already Wed 00:30 in London, where the round was.
    w.logged("globex-data", "seun@globex.example", "call", ny(24, 19, 30))
    wednesday = w.check(SEUN, ny(25, 9))
    assert "same-day-repeat" not in rules_of(wednesday)
    same_evening = w.check(SEUN, ny(24, 22))
    hit = finding(same_evening, "same-day-repeat")
    assert "call with Oluwaseun Okonkwo" in hit.message and "19:30" in hit.message
    # A user living in London sees both on the same (London) Wednesday.
    london = dataclasses.replace(
        world, general=dataclasses.replace(world.general, timezone=ZoneInfo("Europe/London"))
    )
    assert "same-day-repeat" in rules_of(w.check(SEUN, ny(25, 9), config=london))


def test_thank_you_deadline_counts_from_the_round_in_its_own_time_zone(world) -> None:
    w = World(world)
    # Globex's screen ended 14:45 London = 09:45 New York on Tue 10 Nov.
    assert "thank-you-late" not in rules_of(
        w.check(SEUN, ny(11, 9, 30), body=THANKS.format(first="Seun"))
    )
    assert "thank-you-late" in rules_of(w.check(SEUN, ny(11, 10), body=THANKS.format(first="Seun")))


def test_separate_thank_yous_the_same_evening_are_not_a_repeat(world) -> None:
    w = World(world)
    w.sent(DANA, ny(20, 18, 5), mid="ty-dana@example.org")
    letter = (
        "Dear John,\n\nMany thanks for the system design session. Your questions about "
        "idempotent consumers were the best part of my day.\n\nI keep thinking about "
        "the replay path.\n\n" + SIG
    )
    john = w.check(JOHN, ny(20, 18, 40), body=letter)
    assert john.kind == "thank-you"
    assert not rules_of(john) & {"same-day-repeat", "same-letter-many", "thank-you-late"}
    again = w.check(DANA, ny(20, 20, 30))  # a second note to Dana is a repeat
    assert "same-day-repeat" in rules_of(again)


# --------------------------------------------------------------------------- inquiry timing


def test_inquiry_wait_ends_when_the_decision_date_passes(world) -> None:
    w = World(world)
    w.sent(DANA, ny(20, 18, 5), mid="ty-dana@example.org")
    w.sent(JOHN, ny(30, 9), mid="ty-john-late@example.org")  # a late thank-you moves the anchor
    before = finding(w.check(MARIA, ny(3, 10, month=12)), "inquiry-too-soon")
    assert "John Smith" in before.message and "Sat 5 Dec 00:00" in before.message
    assert "inquiry-too-soon" not in rules_of(w.check(MARIA, ny(5, 9, month=12)))
    undecided = with_app(world, "acme-backend", decision_date=None)
    assert "inquiry-too-soon" in rules_of(w.check(MARIA, ny(5, 9, month=12), config=undecided))


def test_inquiry_day_six_versus_day_eight(world) -> None:
    w = thanked(World(world))
    assert "inquiry-too-soon" in rules_of(w.check(MARIA, ny(26, 18)))
    assert "inquiry-too-soon" not in rules_of(w.check(MARIA, ny(28, 10)))


# --------------------------------------------------------------------------- exemptions


def _always(category: str, rule_id: str = "test-rule", severity: str = "info") -> Rule:
    return Rule(
        id=rule_id,
        category=category,
        severity=severity,
        summary="",
        why="",
        fix="",
        advice="",
        check=lambda draft, opts: [Hit(f"{rule_id} hit")],
    )


def _draft(
    w: World,
    to: str,
    at: datetime,
    *,
    requested: bool = False,
    in_reply_to: str | None = None,
    config: Config | None = None,
):
    raw = eml(
        frm=ME,
        to=to,
        subject="Hello",
        in_reply_to=in_reply_to,
        body=INQUIRY.format(first=to.split()[0]),
    )
    return build_draft(config or w.config, w.store, parse_bytes(raw), at=at, requested=requested)


def test_no_timing_finding_for_replies_references_and_requested_messages(world) -> None:
    w = thanked(World(world))
    w.received(MARIA, ny(23, 11), mid="maria-1@acme.example")
    rules = {"t": _always("timing", "t")}
    assert run_rules(_draft(w, MARIA, ny(23, 12)), w.store, rules)  # a follow-up: it runs
    reply = _draft(w, MARIA, ny(23, 12), in_reply_to="maria-1@acme.example")
    assert reply.kind == "reply" and not run_rules(reply, w.store, rules)
    ref = _draft(w, "Priya Raman <priya.raman@oldjob.example>", ny(23, 12))
    assert ref.kind == "reference" and not run_rules(ref, w.store, rules)
    assert not run_rules(_draft(w, MARIA, ny(23, 12), requested=True), w.store, rules)
    # ... and the real rules agree: a reply the same day is fine.
    real = w.check(MARIA, ny(23, 12), in_reply_to="maria-1@acme.example")
    assert not {f.rule for f in real.findings if f.category == "timing"}


def test_message_about_no_application_gets_no_timing_finding(world) -> None:
    w = thanked(World(world))
    result = w.check("Jamie Chen <jamie.chen@mail.example>", ny(20, 21))
    assert result.kind == "other" and result.application is None
    assert not result.findings


# --------------------------------------------------------------------------- engine policy


def test_snooze_silences_one_person_only(world) -> None:
    w = thanked(World(world))
    result = w.check(MARIA, ny(30, 10), cc=[TOM, "Sarah Kim <sarah.kim@acme.example>"])
    people = {f.person for f in result.findings if f.rule == "outside-hiring-process"}
    assert people == {"tom.becker@acme.example", "sarah.kim@acme.example"}
    w.store.snooze("outside-hiring-process", "tom.becker@acme.example", None)
    result = w.check(MARIA, ny(30, 10), cc=[TOM, "Sarah Kim <sarah.kim@acme.example>"])
    people = {f.person for f in result.findings if f.rule == "outside-hiring-process"}
    assert people == {"sarah.kim@acme.example"}
    # An expired snooze no longer applies.
    w.store.snooze(
        "outside-hiring-process",
        "sarah.kim@acme.example",
        datetime(2026, 11, 1, tzinfo=timezone.utc),
    )
    result = w.check(MARIA, ny(30, 10), cc=["Sarah Kim <sarah.kim@acme.example>"])
    assert "outside-hiring-process" in rules_of(result)


def test_rule_switched_off_globally_and_per_application(world) -> None:
    w = thanked(World(world))
    w.logged("acme-backend", "maria.lopez@acme.example", "call", ny(30, 10))
    w.sent(SEUN, ny(10, 11), THANKS.format(first="Seun"), mid="ty-seun@example.org")
    w.logged("globex-data", "seun@globex.example", "call", ny(30, 11))
    assert "same-day-repeat" in rules_of(w.check(MARIA, ny(30, 15)))
    off = dataclasses.replace(world, rules={"same-day-repeat": {"enabled": False}})
    assert "same-day-repeat" not in rules_of(w.check(MARIA, ny(30, 15), config=off))
    acme_off = with_app(world, "acme-backend", rules={"same-day-repeat": {"enabled": False}})
    assert "same-day-repeat" not in rules_of(w.check(MARIA, ny(30, 15), config=acme_off))
    assert "same-day-repeat" in rules_of(w.check(SEUN, ny(30, 15), config=acme_off))


def test_severity_override_globally_and_per_application(world) -> None:
    w = thanked(World(world))
    assert finding(w.check(MARIA, ny(23, 10)), "inquiry-too-soon").severity == "warn"
    strict = dataclasses.replace(world, rules={"inquiry-too-soon": {"severity": "block"}})
    assert (
        finding(w.check(MARIA, ny(23, 10), config=strict), "inquiry-too-soon").severity == "block"
    )
    relaxed = with_app(strict, "acme-backend", rules={"inquiry-too-soon": {"severity": "info"}})
    assert (
        finding(w.check(MARIA, ny(23, 10), config=relaxed), "inquiry-too-soon").severity == "info"
    )


def test_option_override_changes_the_threshold(world) -> None:
    w = thanked(World(world))
    patient = dataclasses.replace(world, rules={"inquiry-too-soon": {"days": 14}})
    assert "inquiry-too-soon" in rules_of(w.check(MARIA, ny(1, 10, month=12), config=patient))


def test_closed_application_makes_tone_findings_block(world) -> None:
    w = World(world)
    rules = {"fake-tone": _always("tone", "fake-tone", "info")}
    initech = run_rules(_draft(w, BILL, ny(12, 10)), w.store, rules)
    assert [f.severity for f in initech] == ["block"]
    acme = run_rules(_draft(w, MARIA, ny(23, 10)), w.store, rules)
    assert [f.severity for f in acme] == ["info"]
    # Scope and timing rules keep their own severity.
    scope = run_rules(_draft(w, BILL, ny(12, 10)), w.store, {"s": _always("scope", "s")})
    assert [f.severity for f in scope] == ["info"]


def test_closed_application_has_no_decision_to_chase(world) -> None:
    w = World(world)
    result = w.check(BILL, ny(10, 10), body="Dear Bill,\n\nThank you for the panel.\n\n" + SIG)
    assert "thank-you-late" not in rules_of(result)
    note = finding(result, "after-rejection")
    assert note.severity == "info" and "Initech" in note.message


# --------------------------------------------------------------------------- follow-up counting


def test_a_call_answers_earlier_follow_ups_but_a_voicemail_does_not(world) -> None:
    w = thanked(World(world))
    w.sent(MARIA, ny(30, 10), INQUIRY.format(first="Maria"), mid="n1@example.org")
    acme = world.application("acme-backend")
    assert acme is not None
    w.logged("acme-backend", "maria.lopez@acme.example", "voicemail", ny(1, 10, month=12))
    hist = build_history(world, w.store, acme, before=ny(2, 10, month=12))
    pending = pending_follow_up(hist)
    assert pending is not None and pending.channel == "voicemail"
    assert len(unanswered_follow_ups(hist)) == 2
    w.logged("acme-backend", "maria.lopez@acme.example", "call", ny(2, 9, month=12))
    hist = build_history(world, w.store, acme, before=ny(2, 10, month=12))
    assert pending_follow_up(hist) is None and unanswered_follow_ups(hist) == []
    result = w.check(MARIA, ny(3, 10, month=12))
    assert "awaiting-reply" not in rules_of(result)
    assert "weekly-limit" in rules_of(result)  # the call still counts as a contact


def test_each_thank_you_note_is_a_contact(world) -> None:
    w = thanked(World(world))  # Dana and John, the evening of 20 Nov
    # The decision date passed on the 22nd: a question is no longer too soon, but it is the
    # third contact of the week.
    decided = with_app(world, "acme-backend", decision_date=date(2026, 11, 22))
    result = w.check(MARIA, ny(23, 10), config=decided)
    assert "inquiry-too-soon" not in rules_of(result)
    message = finding(result, "weekly-limit").message
    assert "contact number 3" in message
    assert "thank-you to Dana Wu" in message and "thank-you to John" in message
    # Eight days on, the notes are out of the window.
    assert "weekly-limit" not in rules_of(w.check(MARIA, ny(28, 10), config=decided))


def test_weekly_limit_is_quiet_beside_inquiry_too_soon(world) -> None:
    # Three days after the notes, with the decision still ahead: inquiry-too-soon says to
    # wait and until when; the week's count would only repeat it.
    w = thanked(World(world))
    found = rules_of(w.check(MARIA, ny(23, 10)))
    assert "inquiry-too-soon" in found
    assert "weekly-limit" not in found


def test_a_call_the_letter_says_missed_them_awaits_an_answer(world) -> None:
    w = thanked(World(world))
    w.sent(MARIA, ny(30, 10), INQUIRY.format(first="Maria"), mid="n1@example.org")
    w.logged("acme-backend", "maria.lopez@acme.example", "call", ny(2, 9, month=12))
    missed = "Dear Maria,\n\nI rang on Wednesday but you were in a meeting, so I am writing.\n\n"
    hit = finding(w.check(MARIA, ny(3, 10, month=12), body=missed + SIG), "awaiting-reply")
    assert "call (a message left" in hit.message and "Maria Lopez" in hit.message
    tried = "Dear Maria,\n\nI tried to reach you by phone yesterday morning.\n\n"
    assert "awaiting-reply" in rules_of(w.check(MARIA, ny(3, 10, month=12), body=tried + SIG))
    office = "Dear Maria,\n\nI tried your office on Wednesday as well.\n\n"  # rules30
    assert "awaiting-reply" in rules_of(w.check(MARIA, ny(3, 10, month=12), body=office + SIG))
    spoke = "Dear Maria,\n\nThank you for the call on Wednesday; here is my reference list.\n\n"
    assert "awaiting-reply" not in rules_of(w.check(MARIA, ny(3, 10, month=12), body=spoke + SIG))


def test_a_thank_you_note_on_a_later_day_is_a_contact_of_its_own(world) -> None:
    w = World(world)
    w.sent(DANA, ny(20, 18, 5), mid="ty-dana@example.org")
    w.sent(JOHN, ny(21, 9), mid="ty-john@example.org")
    decided = with_app(
        world, "acme-backend", decision_date=date(2026, 11, 22)
    )  # no longer too soon
    message = finding(w.check(MARIA, ny(24, 10), config=decided), "weekly-limit").message
    assert "contact number 3" in message and "thank-you to John" in message


def test_a_text_the_letter_speaks_of_is_a_contact_awaiting_an_answer(world) -> None:
    # The log has no channel for a text message: users log it as a note. A note is their own
    # memo, unless the letter says it was a text or a card left for the person.
    w = thanked(World(world))
    w.logged("acme-backend", "maria.lopez@acme.example", "note", ny(2, 9, month=12))
    memo = "Dear Maria,\n\nI would be glad of any news on the Backend Engineer role.\n\n"
    assert "awaiting-reply" not in rules_of(w.check(MARIA, ny(3, 10, month=12), body=memo + SIG))
    texted = "Dear Maria,\n\nI sent you a text message yesterday; email may suit you better.\n\n"
    hit = finding(w.check(MARIA, ny(3, 10, month=12), body=texted + SIG), "awaiting-reply")
    assert "text or note (as you say)" in hit.message
    left = "Dear Maria,\n\nI left a short note for you at reception yesterday.\n\n"
    assert "awaiting-reply" in rules_of(w.check(MARIA, ny(3, 10, month=12), body=left + SIG))
    tried = "Dear Maria,\n\nI tried your line yesterday, so here is an email instead.\n\n"
    w.logged("acme-backend", "maria.lopez@acme.example", "call", ny(2, 10, month=12))
    assert "awaiting-reply" in rules_of(w.check(MARIA, ny(3, 10, month=12), body=tried + SIG))


@pytest.mark.parametrize(
    "said",
    [
        "I dropped off copies of my certificates at your front desk yesterday.",
        "I've been in touch with John as well, and wondered whether there is any news.",
    ],
)
def test_a_visit_or_a_word_logged_as_a_note_is_a_contact_the_letter_tells_of(world, said) -> None:
    # rules29: an in-person drop-off or a contact in passing, logged as a note.
    w = thanked(World(world))
    w.logged("acme-backend", "maria.lopez@acme.example", "note", ny(2, 9, month=12))
    body = f"Dear Maria,\n\n{said}\n\n"
    assert "awaiting-reply" in rules_of(w.check(MARIA, ny(3, 10, month=12), body=body + SIG))
    told = "Dear Maria,\n\nJohn has been in touch with me about the references.\n\n"
    assert "awaiting-reply" not in rules_of(w.check(MARIA, ny(3, 10, month=12), body=told + SIG))


def test_a_message_the_company_asked_for_does_not_count_toward_the_limit(world) -> None:
    w = thanked(World(world))
    asked = eml(
        frm=ME,
        to=MARIA,
        date=ny(26, 11),
        mid="cv@example.org",
        subject="My CV",
        body="Dear Maria,\n\nHere is the CV you asked for.\n\n" + SIG,
    )
    record_message(w.ctx, asked, source="test", direction="out", requested=True)
    # The notes of 20 Nov are out of the window by the 28th: the CV alone would be one.
    w.sent(DANA, ny(27, 10), INQUIRY.format(first="Dana"), mid="n1@example.org")
    assert "weekly-limit" not in rules_of(w.check(JOHN, ny(28, 10)))
    w.sent(JOHN, ny(28, 10), INQUIRY.format(first="John"), mid="n2@example.org")
    assert "weekly-limit" in rules_of(w.check(MARIA, ny(29, 10)))


def test_follow_ups_before_the_round_do_not_count_toward_the_limit(world) -> None:
    w = World(world)
    w.sent(MARIA, ny(16, 9), INQUIRY.format(first="Maria"), mid="pre1@example.org")
    w.sent(MARIA, ny(18, 9), INQUIRY.format(first="Maria"), mid="pre2@example.org")
    thanked(w)
    w.sent(MARIA, ny(30, 10), INQUIRY.format(first="Maria"), mid="n1@example.org")
    w.sent(DANA, ny(8, 10, month=12), INQUIRY.format(first="Dana"), mid="n2@example.org")
    assert "too-many-follow-ups" not in rules_of(w.check(MARIA, ny(16, 10, month=12)))
    w.sent(MARIA, ny(16, 10, month=12), INQUIRY.format(first="Maria"), mid="n3@example.org")
    hit = finding(w.check(MARIA, ny(28, 10, month=12)), "too-many-follow-ups")
    assert "4th" in hit.message and "Mon 30 Nov" in hit.message


def test_answered_follow_ups_reset_the_count(world) -> None:
    w = thanked(World(world))
    w.sent(MARIA, ny(30, 10), INQUIRY.format(first="Maria"), mid="n1@example.org")
    w.received(MARIA, ny(1, 9, month=12), mid="answer@acme.example")
    w.sent(MARIA, ny(8, 10, month=12), INQUIRY.format(first="Maria"), mid="n2@example.org")
    w.sent(MARIA, ny(15, 10, month=12), INQUIRY.format(first="Maria"), mid="n3@example.org")
    assert "too-many-follow-ups" not in rules_of(w.check(MARIA, ny(28, 10, month=12)))


# --------------------------------------------------------------------------- scope


def test_reply_all_keeps_people_the_company_copied_but_not_ones_alex_added(world) -> None:
    w = thanked(World(world))
    w.received(MARIA, ny(23, 11), mid="maria-cc@acme.example", cc=[TOM])
    reply_all = w.check(MARIA, ny(23, 12), cc=TOM, in_reply_to="maria-cc@acme.example")
    assert "outside-hiring-process" not in rules_of(reply_all)
    # Alex's own earlier message to Tom does not put Tom in scope when Alex replies to it.
    w.sent(TOM, ny(24, 9), INQUIRY.format(first="Tom"), mid="to-tom@example.org")
    own_thread = w.check(TOM, ny(30, 9), in_reply_to="to-tom@example.org")
    hit = finding(own_thread, "outside-hiring-process")
    assert "Tom Becker" in hit.message and "do-not-contact" in hit.message


def test_someone_who_wrote_is_in_scope_and_no_typo(world) -> None:
    w = thanked(World(world))
    joan = "Joan Smith <joan.smith@acme.example>"
    fresh = w.check(joan, ny(24, 10))
    assert {"outside-hiring-process", "address-typo"} & rules_of(fresh)  # unknown, near John
    w.received(joan, ny(23, 14), mid="joan@acme.example")
    known = w.check(joan, ny(24, 10))
    assert not {"outside-hiring-process", "address-typo"} & rules_of(known)


def test_address_typos_name_the_address_meant(world) -> None:
    w = thanked(World(world))
    hit = finding(w.check("John Smith <jhon.smith@acme.example>", ny(30, 10)), "address-typo")
    assert "jhon.smith@acme.example" in hit.message and "john.smith@acme.example" in hit.message
    assert hit.severity == "block"
    dom = finding(w.check("Dana Wu <dana.wu@acme.exmaple>", ny(30, 10)), "address-typo")
    assert "dana.wu@acme.example" in dom.message
    ok = w.check("John Smith <John.Smith@ACME.example>", ny(30, 10))
    assert "address-typo" not in rules_of(ok)


def test_unprofessional_sender_matches_whole_pieces_only() -> None:
    names = frozenset({"alex", "morgan"})
    for silly in (
        "partyboy420",
        "sexyalex",
        "alex69",
        "cooldude88",
        "AlexTheGamer",
        "Alex (Party Animal) Morgan",
    ):
        assert _silly(silly, names), silly
    for fine in (
        "alex.morgan",
        "jane.glover",
        "kingsley",
        "brooks",
        "angela.smith",
        "skillman",
        "student",
        "jsmith1969",
        "alex.morgan+acme",
        "Morgan, Alex",
    ):
        assert _silly(fine, names) is None, fine


def test_unprofessional_sender_spares_the_users_own_name(world) -> None:
    w = thanked(World(world))
    king = dataclasses.replace(
        world, user_name="Alex King", identities=(Identity("alex.king@example.org", "Alex King"),)
    )
    mine = w.check(MARIA, ny(30, 10), frm="Alex King <alex.king@example.org>", config=king)
    assert "unprofessional-sender" not in rules_of(mine)
    other = w.check(MARIA, ny(30, 10), frm="The King <theking@mail.example>", config=king)
    assert "theking" in finding(other, "unprofessional-sender").message
    tagged = w.check(MARIA, ny(30, 10), frm="Alex Morgan <alex.morgan+acme@example.org>")
    assert "unprofessional-sender" not in rules_of(tagged)
    work = finding(
        w.check(MARIA, ny(30, 10), frm="Alex Morgan <alex.morgan@oldjob.example>"),
        "unprofessional-sender",
    )
    assert "alex.morgan@oldjob.example" in work.message


def _letter(name: str, middle: str = "our conversation about") -> str:
    return (
        f"Dear {name},\n\nThank you for taking the time to meet with me on Friday. I "
        f"especially enjoyed {middle} the payments ledger and how your team keeps "
        "reconciliation reliable during the Kafka migration.\n\nI left the onsite even more "
        "excited about the Backend Engineer role at Acme Corp, and I would love to help "
        "with that work.\n\nBest regards,"
    )


def test_same_letter_measures_how_much_text_repeats() -> None:
    dana = fingerprint(_letter("Dana"))
    assert _alike(_letter("John"), dana) > 0.95
    assert _alike(_letter("John", "your questions about").replace("on Friday", "today"), dana) > 0.8
    different = (
        "Dear John,\n\nMany thanks for the system design session today. Your "
        "questions about idempotent consumers were the best part of my day.\n\nI left "
        "the onsite even more excited about the Backend Engineer role at Acme Corp, "
        "and I would love to help with that work.\n\nBest regards,"
    )
    assert _alike(different, dana) < 0.6


def test_same_letter_to_a_colleague_and_to_several_interviewers(world) -> None:
    w = World(world)
    w.sent(DANA, ny(20, 18, 5), _letter("Dana") + "\nAlex Morgan\n", mid="ty-dana@example.org")
    copy = w.check(JOHN, ny(20, 18, 40), body=_letter("John") + "\nAlex Morgan\n")
    hit = finding(copy, "same-letter-many")
    assert "Dana Wu" in hit.message and "Fri 20 Nov" in hit.message
    both = w.check([DANA, JOHN], ny(21, 9), body=THANKS.format(first="Dana and John"))
    assert "Dana Wu and John Smith" in finding(both, "same-letter-many").message
