"""Interview invitations in received mail become suggestions; accepting one writes the config.

Real parts only: the real icalendar parser on real calendars (tests/data/ics), the real store
(SQLite in a temp dir), the real config editor (tomlkit) and the `followup-guard` command as a
subprocess where the command is what is tested.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import corpus
import pytest
from followup_guard.api import open_context, record_message
from followup_guard.config.load import load_config
from followup_guard.mail.ical import read_calendar
from followup_guard.mail.invitation import recognise
from followup_guard.mail.parse import parse_bytes
from followup_guard.record import suggest
from followup_guard.record import suggestions as sg
from followup_guard.record.timeline import timeline

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        "# my job search; hand-written comments must survive\n" + corpus.CONFIG
    )
    return tmp_path


def ctx_of(home: Path):
    return open_context(home / "config.toml", home / "data")


def consider(home: Path, raw: bytes, now: datetime = NOW) -> list[suggest.Outcome]:
    with ctx_of(home) as ctx:
        return suggest.consider(ctx.config, ctx.store, parse_bytes(raw), now=now)


def pending(home: Path) -> list[sg.Suggestion]:
    with ctx_of(home) as ctx:
        return sg.pending(ctx.store)


def fg(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FOLLOWUP_GUARD_CONFIG": str(home / "config.toml")}
    env["FOLLOWUP_GUARD_HOME"] = str(home / "data")
    out = subprocess.run(
        [sys.executable, "-m", "followup_guard.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "Traceback" not in out.stderr, out.stderr
    if check:
        assert out.returncode == 0, out.stderr
    return out


def invite(
    *,
    uid: str = "tech-1@google.com",
    seq: int = 0,
    start: str = "20261208T140000",
    end: str = "20261208T150000",
    tzid: str | None = "Europe/Berlin",
    method: str = "REQUEST",
    stamp: str = "20261204T091200Z",
    summary: str = "Technical interview - Initech",
    mid: str = "inv@google.com",
    extra: str = "",
) -> bytes:
    """A Google Calendar invitation from Initech's recruiter (wrapped as Google sends it)."""
    when = (
        f"DTSTART;TZID={tzid}:{start}\nDTEND;TZID={tzid}:{end}"
        if tzid
        else f"DTSTART:{start}\nDTEND:{end}"
    )
    ics = f"""BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
METHOD:{method}
BEGIN:VEVENT
{when}
DTSTAMP:{stamp}
ORGANIZER;CN=Maria Lopez:mailto:maria.lopez@initech.example
UID:{uid}
ATTENDEE;CN=Maria Lopez;PARTSTAT=ACCEPTED:mailto:maria.lopez@initech.example
ATTENDEE;CN=Bill Lumbergh:mailto:bill@initech.example
ATTENDEE;CN=Alex Morgan;RSVP=TRUE:mailto:alex.morgan@example.org
SEQUENCE:{seq}
SUMMARY:{summary}
{extra}END:VEVENT
END:VCALENDAR
"""
    return corpus.wrap(
        ics,
        style="google",
        sender="Maria Lopez <maria.lopez@initech.example>",
        subject=f"Invitation: {summary}",
        mid=mid,
        sent=NOW,
        method=method,
    )


# -- the accuracy goals ---------------------------------------------------------------------


def test_accuracy_goals_on_the_corpus() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    import accuracy_invitations

    r = accuracy_invitations.measure()
    assert r["interview_invitations_real"] >= 50 and r["interview_invitations_written"] >= 10
    assert r["non_interview_invitations"] >= 50
    for key in ("right_company", "right_start", "right_interviewers"):
        assert r[key] >= 0.9, (key, r["misses"])
    assert r["non_interview_suggested"] <= 0.05, r["false_suggestions"]


def test_every_written_non_interview_makes_no_suggestion(home: Path) -> None:
    for case in corpus.written_cases():
        if case.interview:
            continue
        outcomes = consider(home, case.raw, case.now)
        assert not any(o.action == "new" for o in outcomes), (case.name, outcomes)
    assert pending(home) == []


# -- the suggestion, and acting on it --------------------------------------------------------


def test_invitation_becomes_a_suggestion_with_everything_filled_in(home: Path) -> None:
    (o,) = consider(home, invite())
    assert o.action == "new", o
    (s,) = pending(home)
    assert s.to_json() == {
        "id": s.id,
        "company": "Initech",
        "domains": ["initech.example"],
        "application": None,
        "round": {
            "name": "Technical interview",
            "start": "2026-12-08T14:00:00+01:00",
            "end": "2026-12-08T15:00:00+01:00",
            "timezone": "Europe/Berlin",
        },
        "people": [
            {"name": "Maria Lopez", "address": "maria.lopez@initech.example", "role": "permitted"},
            {"name": "Bill Lumbergh", "address": "bill@initech.example", "role": "interviewer"},
        ],
        "source": {
            "message_id": "inv@google.com",
            "subject": "Invitation: Technical interview - Initech",
        },
    }
    assert s.headline == "Interview with Initech, Tue 8 Dec 14:00"


def test_cli_lists_accepts_and_the_reminders_start(home: Path) -> None:
    (home / "inv.eml").write_bytes(invite())
    fg(home, "ingest", "--inbound", str(home / "inv.eml"))
    listed = json.loads(fg(home, "suggestions", "--json").stdout)
    assert list(listed) == ["suggestions"]
    (item,) = listed["suggestions"]
    assert set(item) == {"id", "company", "domains", "application", "round", "people", "source"}
    assert set(item["round"]) == {"name", "start", "end", "timezone"}
    assert set(item["source"]) == {"message_id", "subject"}
    assert all(set(p) == {"name", "address", "role"} for p in item["people"])
    human = fg(home, "suggestions").stdout
    assert "Interview with Initech, Tue 8 Dec 14:00 (Europe/Berlin)" in human

    out = fg(home, "suggestions", "accept", str(item["id"])).stdout
    assert "new application initech" in out
    text = (home / "config.toml").read_text()
    assert text.startswith("# my job search; hand-written comments must survive\n")
    config = load_config(home / "config.toml")
    app = config.application("initech")
    assert app is not None and app.company == "Initech" and app.domains == ("initech.example",)
    (rnd,) = app.rounds
    assert rnd.name == "Technical interview" and str(rnd.tz) == "Europe/Berlin"
    assert rnd.start == datetime(2026, 12, 8, 13, 0, tzinfo=timezone.utc)
    assert {(p.address, p.role, p.rounds) for p in app.people} == {
        ("maria.lopez@initech.example", "permitted", ()),
        ("bill@initech.example", "interviewer", ("Technical interview",)),
    }
    assert json.loads(fg(home, "suggestions", "--json").stdout) == {"suggestions": []}
    # The round ended: the thank-you reminder is due, in `status` as in the daemon.
    status = json.loads(fg(home, "status", "--json", "--at", "2026-12-08T16:00:00+01:00").stdout)
    rules = [(r["rule"], r["application"], r["person"]) for r in status["reminders"]]
    assert ("thank-you-due", "initech", "bill@initech.example") in rules
    again = fg(home, "suggestions", "accept", str(item["id"]), check=False)
    assert again.returncode == 2 and "accepted already" in again.stderr


def test_dismiss_and_unknown_ids(home: Path) -> None:
    consider(home, invite())
    (s,) = pending(home)
    assert "dismissed suggestion" in fg(home, "suggestions", "dismiss", str(s.id)).stdout
    assert pending(home) == []
    bad = fg(home, "suggestions", "accept", "999", check=False)
    assert bad.returncode == 2 and "no suggestion 999" in bad.stderr
    # A newer version of a dismissed invitation does not bring it back.
    assert (
        consider(home, invite(seq=1, start="20261209T100000", end="20261209T110000"))[0].action
        == "unchanged"
    )
    assert pending(home) == []


def test_an_invitation_for_a_tracked_application_adds_a_round(home: Path) -> None:
    case = next(c for c in corpus.written_cases() if c.name.endswith("globex-second-round.eml"))
    consider(home, case.raw, case.now)
    (s,) = pending(home)
    assert s.application == "globex-data" and s.company == "Globex"
    fg(home, "suggestions", "accept", str(s.id))
    config = load_config(home / "config.toml")
    (app,) = [a for a in config.applications if a.company == "Globex"]
    assert [r.name for r in app.rounds] == ["phone screen", "technical interview"]
    people = {p.address: p for p in app.people}
    # Seun sat in the phone screen and sits in this round; Lin only in this one.
    assert people["seun@globex.example"].sat_in("phone screen")
    assert people["seun@globex.example"].sat_in("technical interview")
    assert people["lin@globex.example"].rounds == ("technical interview",)
    assert people["maria@globex.example"].role == "permitted"
    assert len(config.applications) == 1


def test_accept_as_another_id_and_into_an_existing_application(home: Path) -> None:
    consider(home, invite())
    (s,) = pending(home)
    fg(home, "suggestions", "accept", str(s.id), "--as", "globex-data")
    app = load_config(home / "config.toml").application("globex-data")
    assert app is not None and "Technical interview" in [r.name for r in app.rounds]
    home2 = home / "two"
    home2.mkdir()
    (home2 / "config.toml").write_text(corpus.CONFIG)
    consider(home2, invite())
    (s2,) = pending(home2)
    fg(home2, "suggestions", "accept", str(s2.id), "--as", "initech-backend")
    assert load_config(home2 / "config.toml").application("initech-backend") is not None


# -- updates: iTIP's rules --------------------------------------------------------------------


def test_a_repeat_changes_nothing_and_an_older_version_is_ignored(home: Path) -> None:
    consider(home, invite(seq=2))
    (o,) = consider(home, invite(seq=2, mid="again@google.com"))
    assert o.action == "unchanged" and "repeat" in o.message
    (o,) = consider(
        home, invite(seq=1, start="20261210T100000", end="20261210T110000", mid="old@g")
    )
    assert o.action == "unchanged" and "older" in o.message
    (s,) = pending(home)
    assert s.round.start.isoformat() == "2026-12-08T14:00:00+01:00"


def test_a_higher_sequence_moves_the_round_pending_and_accepted(home: Path) -> None:
    consider(home, invite())
    (o,) = consider(home, invite(seq=1, start="20261209T110000", end="20261209T120000", mid="m1@g"))
    assert o.action == "moved"
    (s,) = pending(home)
    assert s.round.start.isoformat() == "2026-12-09T11:00:00+01:00"
    fg(home, "suggestions", "accept", str(s.id))
    (o,) = consider(home, invite(seq=2, start="20261210T160000", end="20261210T170000", mid="m2@g"))
    assert o.action == "moved"
    (rnd,) = load_config(home / "config.toml").application("initech").rounds  # type: ignore[union-attr]
    assert rnd.start == datetime(2026, 12, 10, 15, 0, tzinfo=timezone.utc)
    assert (home / "config.toml").read_text().startswith("# my job search")


def test_same_sequence_later_dtstamp_is_newer(home: Path) -> None:
    consider(home, invite())
    (o,) = consider(
        home,
        invite(stamp="20261205T080000Z", start="20261208T150000", end="20261208T160000", mid="x@g"),
    )
    assert o.action == "moved"


def test_cancel_cancels_the_round_and_its_reminders(home: Path) -> None:
    consider(home, invite())
    (s,) = pending(home)
    fg(home, "suggestions", "accept", str(s.id))
    status = json.loads(fg(home, "status", "--json", "--at", "2026-12-08T16:00:00+01:00").stdout)
    assert any(r["rule"] == "thank-you-due" for r in status["reminders"])
    (o,) = consider(home, invite(seq=1, method="CANCEL", mid="cancel@g"))
    assert o.action == "cancelled"
    app = load_config(home / "config.toml").application("initech")
    assert app is not None and app.rounds == ()
    assert [p.address for p in app.people] == ["maria.lopez@initech.example"]
    status = json.loads(fg(home, "status", "--json", "--at", "2026-12-08T16:00:00+01:00").stdout)
    assert not any(r["application"] == "initech" for r in status["reminders"])
    (o,) = consider(home, invite(seq=1, method="CANCEL", mid="cancel2@g"))
    assert o.action == "unchanged"


def test_cancel_of_a_pending_suggestion_and_of_an_unknown_one(home: Path) -> None:
    (o,) = consider(home, invite(method="CANCEL", uid="never-seen@google.com"))
    assert o.action == "ignored" and "never seen" in o.message
    consider(home, invite())
    (o,) = consider(home, invite(seq=1, method="CANCEL", mid="c@g"))
    assert o.action == "cancelled" and pending(home) == []


def test_the_confirmation_email_and_the_invitation_of_one_interview_make_one(home: Path) -> None:
    greenhouse = (corpus.MAILS / "greenhouse-confirmation.eml").read_bytes()
    consider(home, greenhouse)
    ics_for_same = invite(
        uid="gh-cal-1@greenhouse.io",
        start="20261208T140000",
        end="20261208T150000",
        tzid="America/New_York",
        summary="Backend Engineer interview - Initech",
    )
    (o,) = consider(home, ics_for_same)
    assert o.action == "unchanged" and "same interview" in o.message
    assert len(pending(home)) == 1


def test_a_round_already_typed_by_hand_is_not_suggested_again(home: Path) -> None:
    raw = invite(
        tzid=None, start="20261120T140000Z", end="20261120T144500Z", summary="Globex phone screen"
    )
    raw = raw.replace(b"initech.example", b"globex.example")
    (o,) = consider(home, raw, now=datetime(2026, 11, 18, tzinfo=timezone.utc))
    assert o.action == "unchanged" and "tracks a round at that time" in o.message


# -- odd calendars: the right outcome or a clear skip line -------------------------------------


def test_all_day_event_is_a_clear_skip(home: Path) -> None:
    raw = invite(extra="").replace(
        b"DTSTART;TZID=Europe/Berlin:20261208T140000\r\nDTEND;TZID=Europe/Berlin:20261208T150000",
        b"DTSTART;VALUE=DATE:20261208\r\nDTEND;VALUE=DATE:20261209",
    )
    (o,) = consider(home, raw)
    assert o.action == "skipped" and "all-day event (2026-12-08)" in o.message
    assert pending(home) == []


def test_floating_time_is_kept_without_a_zone_and_accepted_in_the_users(home: Path) -> None:
    (o,) = consider(home, invite(tzid=None))
    assert o.action == "new"
    (s,) = pending(home)
    assert s.round.timezone is None and s.round.start.tzinfo is None
    assert s.zone_note == "a floating time (the invitation names no time zone)"
    assert s.to_json()["round"]["start"] == "2026-12-08T14:00:00"
    assert "no time zone given: read as Europe/London" in fg(home, "suggestions").stdout
    fg(home, "suggestions", "accept", str(s.id))
    (rnd,) = load_config(home / "config.toml").application("initech").rounds  # type: ignore[union-attr]
    assert str(rnd.tz) == "Europe/London" and rnd.start.hour == 14


def test_an_unknown_tzid_without_vtimezone_is_reported(home: Path) -> None:
    (o,) = consider(home, invite(tzid="CUSTOM_tzid"))
    assert o.action == "new"
    (s,) = pending(home)
    assert s.round.timezone is None and "'CUSTOM_tzid' is not defined" in s.zone_note
    real = (corpus.ICS / "calendars" / "issue_722_missing_VTIMEZONE_custom.ics").read_bytes()
    (ev,) = read_calendar(corpus.with_method(real.decode()).encode()).events
    assert ev.start.tzinfo is None and "CUSTOM_tzid" in ev.zone_note


def test_exchange_windows_zone_is_named(home: Path) -> None:
    real = (corpus.ICS / "calendars" / "timezone_same_start.ics").read_text()
    (ev,) = read_calendar(real.encode()).events
    assert ev.timezone == "America/Los_Angeles" and ev.start.utcoffset() == timedelta(hours=-8)
    real = (corpus.ICS / "calendars" / "issue_165_missing_event.ics").read_text()
    (ev,) = read_calendar(real.encode()).events  # a custom TZID with a VTIMEZONE: by offsets
    assert ev.timezone == "Europe/Berlin" and ev.start.utcoffset() == timedelta(hours=2)


def test_500_attendees_is_a_broadcast_and_quick(home: Path) -> None:
    raw = (corpus.MAILS / "webinar-500.eml").read_bytes()
    t0 = time.monotonic()
    (o,) = consider(home, raw)
    assert time.monotonic() - t0 < 2.0
    assert o.action == "ignored" and pending(home) == []
    (ev,) = recognise(parse_bytes(raw)).events
    assert ev.attendee_count == 501


def test_broken_calendars_never_raise(home: Path) -> None:
    broken = corpus.broken_calendars()
    assert len(broken) >= 10
    for path in broken:
        data = path.read_bytes()
        raw = corpus.wrap(
            data.decode("utf-8", "replace"),
            style="google",
            sender="Maria Lopez <maria.lopez@initech.example>",
            subject="Invitation: Technical interview",
            mid=f"broken-{path.stem}@x",
            sent=NOW,
        )
        outcomes = consider(home, raw)
        for o in outcomes:
            assert o.action in ("skipped", "ignored", "new", "unchanged"), (path.name, o)
            assert o.message and "Traceback" not in o.message
        # Straight from the parser too, with and without a METHOD.
        for blob in (data, corpus.with_method(data.decode("utf-8", "replace")).encode()):
            r = read_calendar(blob, path.name)
            assert r.events or r.skipped, path.name


def test_ingest_inbound_of_every_corpus_mail_has_no_traceback(home: Path) -> None:
    files = sorted(corpus.MAILS.glob("*.eml"))
    for p in corpus.broken_calendars()[:8]:
        target = home / f"broken-{p.stem}.eml"
        target.write_bytes(
            corpus.wrap(p.read_text("utf-8", "replace"), style="outlook",
                        sender="x@initech.example", subject="Interview", mid=f"{p.stem}@b", sent=NOW)
        )  # fmt: skip
        files.append(target)
    out = fg(home, "ingest", "--inbound", "-v", *map(str, files))
    assert f"recorded {len(files)} new" in out.stdout


def test_record_message_runs_the_hook_once_per_new_inbound_message(home: Path) -> None:
    with ctx_of(home) as ctx:
        record_message(ctx, invite(), source="file", direction="in")
        record_message(ctx, invite(), source="file", direction="in")  # stored already
        record_message(ctx, invite(mid="sent@x"), source="file", direction="out")
        assert len(sg.pending(ctx.store)) == 1


def test_timeline_has_rounds_windows_reminders_and_suggestions(home: Path) -> None:
    consider(home, invite())
    with ctx_of(home) as ctx:
        t = timeline(ctx.config, ctx.store, now=datetime(2026, 11, 21, 12, tzinfo=timezone.utc))
    (app,) = t["applications"]
    assert app["id"] == "globex-data" and app["rounds"][0]["name"] == "phone screen"
    assert [e["kind"] for e in app["events"]] == ["round"]
    windows = app["windows"]
    assert windows["thank_you_due"][0]["address"] == "seun@globex.example"
    assert windows["inquiry_ok_from"] is not None
    assert any(r["rule"] == "thank-you-due" for r in app["reminders"])
    (s,) = t["suggestions"]
    assert s["company"] == "Initech" and s["headline"].startswith("Interview with Initech")
    assert re.match(r"\d{4}-\d\d-\d\dT", t["at"])
