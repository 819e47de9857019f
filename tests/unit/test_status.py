"""`status --json` figures on a known history, built by ingesting .eml files, as of `--at`."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fgtest import DANA, MARIA, ME, eml
from followup_guard.cli.main import main
from followup_guard.config.model import add_business_days, business_days_between

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
HOLIDAYS = frozenset({date(2026, 11, 26)})

CONFIG = """\
[general]
timezone = "America/New_York"
holidays = ["2026-11-26"]      # Thanksgiving

[[identities]]
address = "alex.morgan@example.org"
signature = "Alex"

# The onsite was on Friday 20 Nov, 10:00-12:00 New York time.
[[applications]]
id = "acme"
company = "Acme Corp"
domains = ["acme.example"]

  [[applications.rounds]]
  name = "onsite"
  start = "2026-11-20T10:00"
  end = "2026-11-20T12:00"

  [[applications.people]]
  name = "Dana Wu"
  address = "dana.wu@acme.example"

  [[applications.people]]
  name = "John Smith"
  address = "john.smith@acme.example"
  rounds = ["onsite"]

  [[applications.people]]
  name = "Maria Lopez"
  address = "maria.lopez@acme.example"
  role = "permitted"

# A phone screen on Monday 16 Nov in London; they promised news by Wed 18 Nov.
[[applications]]
id = "globex"
company = "Globex"
domains = ["globex.example"]
decision_date = "2026-11-18"

  [[applications.rounds]]
  name = "phone"
  start = "2026-11-16T14:00"
  length_minutes = 45
  timezone = "Europe/London"

  [[applications.people]]
  name = "Seun Okonkwo"
  address = "seun@globex.example"

# No rounds yet.
[[applications]]
id = "initech"
company = "Initech"
domains = ["initech.example"]
"""


def ny(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NY)


def iso(d: datetime) -> str:
    return d.isoformat()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cfg = tmp_path / "config.toml"
    cfg.write_text(CONFIG)
    monkeypatch.setenv("FOLLOWUP_GUARD_CONFIG", str(cfg))
    monkeypatch.setenv("FOLLOWUP_GUARD_HOME", str(tmp_path / "data"))
    return tmp_path


def ingest(env: Path, capsys: pytest.CaptureFixture[str], *messages: bytes) -> dict:
    folder = env / "mail"
    folder.mkdir(exist_ok=True)
    start = len(list(folder.iterdir()))
    paths = []
    for i, raw in enumerate(messages, start=start):
        p = folder / f"{i:03}.eml"
        p.write_bytes(raw)
        paths.append(str(p))
    capsys.readouterr()
    assert main(["ingest", *paths, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def status(capsys: pytest.CaptureFixture[str], at: str, app: str | None = None) -> dict:
    capsys.readouterr()
    assert main(["status", *([app] if app else []), "--json", "--at", at]) == 0
    data = json.loads(capsys.readouterr().out)
    return {a["id"]: a for a in data["applications"]} | {"_at": data["at"]}


def test_thank_you_deadline_and_lateness(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    got = ingest(
        env, capsys, eml(to=DANA, subject="Thank you", mid="ty-dana@example.org", date=ny(20, 18))
    )
    assert got == {"new": 1, "already_stored": 0, "skipped": 0, "by_application": {"acme": 1}}

    before_round_end = status(capsys, "2026-11-20T11:00", "acme")["acme"]
    assert before_round_end["thank_yous"] == []  # the onsite has not ended yet

    s = status(capsys, "2026-11-21T09:00")
    assert s["_at"] == "2026-11-21T09:00:00-05:00"  # a naive --at is in the user's zone
    acme = s["acme"]
    due = iso(ny(21, 12))
    assert acme["thank_yous"] == [
        {
            "person": "Dana Wu",
            "address": "dana.wu@acme.example",
            "round": "onsite",
            "due": due,
            "sent": "2026-11-20T23:00:00+00:00",
            "late": False,
        },
        {
            "person": "John Smith",
            "address": "john.smith@acme.example",
            "round": "onsite",
            "due": due,
            "sent": None,
            "late": False,
        },
    ]
    assert acme["rounds"] == [{"name": "onsite", "start": iso(ny(20, 10)), "end": iso(ny(20, 12))}]
    later = status(capsys, "2026-11-21T12:01", "acme")["acme"]
    assert [t["late"] for t in later["thank_yous"]] == [False, True]
    # A thank-you sent after the deadline is sent, and late.
    ingest(
        env,
        capsys,
        eml(
            to="John Smith <john.smith@acme.example>",
            subject="Thanks",
            mid="ty-john@example.org",
            date=ny(21, 15),
        ),
    )
    late = status(capsys, "2026-11-22T09:00", "acme")["acme"]
    assert late["thank_yous"][1]["sent"] == "2026-11-21T20:00:00+00:00"
    assert late["thank_yous"][1]["late"] is True


def test_contacts_last_contact_and_awaiting_reply(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ingest(
        env,
        capsys,
        eml(to=DANA, subject="Thank you", mid="ty@example.org", date=ny(20, 18)),
        eml(to=MARIA, subject="Next steps?", mid="fu@example.org", date=ny(23, 9)),
    )

    s = status(capsys, "2026-11-24T09:00", "acme")["acme"]
    assert s["contacts_last_7_days"] == 2
    assert s["last_contact"] == "2026-11-23T14:00:00+00:00"
    assert s["last_reply"] is None
    assert s["awaiting_reply_since"] == "2026-11-23T14:00:00+00:00"
    # Five business days from Mon 23 Nov 09:00: Tue, Wed, (Thanksgiving), Fri, (weekend), Mon,
    # Tue 1 Dec.
    assert s["awaiting_reply_until"] == iso(ny(1, 9, month=12))

    assert (
        main(
            [
                "log",
                "voicemail",
                "acme",
                "--person",
                "maria.lopez@acme.example",
                "--at",
                "2026-11-24T10:00",
            ]
        )
        == 0
    )
    assert main(["log", "note", "acme", "--at", "2026-11-24T11:00", "--note", "box full"]) == 0
    s = status(capsys, "2026-11-24T12:00", "acme")["acme"]
    assert s["contacts_last_7_days"] == 3  # the voicemail counts, the note does not
    assert s["last_contact"] == "2026-11-24T15:00:00+00:00"
    assert s["awaiting_reply_since"] == "2026-11-24T15:00:00+00:00"  # a voicemail awaits too

    ingest(
        env,
        capsys,
        eml(
            frm=MARIA,
            to=ME,
            subject="Re: Next steps?",
            mid="m1@acme.example",
            date=ny(25, 8),
            in_reply_to="fu@example.org",
        ),
    )
    s = status(capsys, "2026-11-25T09:00", "acme")["acme"]
    assert s["last_reply"] == "2026-11-25T13:00:00+00:00"
    assert s["awaiting_reply_since"] is None and s["awaiting_reply_until"] is None
    assert s["contacts_last_7_days"] == 3  # inbound mail is not a contact of ours

    # A logged call is a conversation: it counts as a contact and answers what came before.
    assert main(["log", "voicemail", "acme", "--at", "2026-11-25T10:00"]) == 0
    assert (
        status(capsys, "2026-11-25T11:00", "acme")["acme"]["awaiting_reply_since"]
        == "2026-11-25T15:00:00+00:00"
    )
    assert (
        main(
            [
                "log",
                "call",
                "acme",
                "--person",
                "maria.lopez@acme.example",
                "--at",
                "2026-11-25T12:00",
            ]
        )
        == 0
    )
    s = status(capsys, "2026-11-25T13:00", "acme")["acme"]
    assert s["awaiting_reply_since"] is None
    assert (s["contacts_last_7_days"], s["last_contact"]) == (5, "2026-11-25T17:00:00+00:00")

    # The 7-day window slides: on 28 Nov 10:00 the thank-you of 20 Nov has left it.
    assert status(capsys, "2026-11-28T10:00", "acme")["acme"]["contacts_last_7_days"] == 4
    # As of a moment before everything, nothing happened yet.
    early = status(capsys, "2026-11-19T10:00", "acme")["acme"]
    assert (early["contacts_last_7_days"], early["last_contact"], early["inquiry_ok_from"]) == (
        0,
        None,
        None,
    )


def test_inquiry_date_without_decision_date(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Nothing sent yet: a week after the onsite ended.
    s = status(capsys, "2026-11-21T09:00", "acme")["acme"]
    assert s["inquiry_ok_from"] == iso(ny(27, 12))
    ingest(env, capsys, eml(to=DANA, subject="Thank you", mid="ty@example.org", date=ny(20, 18)))
    # After the thank-you: a week after it.
    assert (
        status(capsys, "2026-11-21T09:00", "acme")["acme"]["inquiry_ok_from"]
        == "2026-11-27T23:00:00+00:00"
    )
    assert status(capsys, "2026-11-21T09:00", "initech")["initech"]["inquiry_ok_from"] is None


def test_inquiry_date_with_decision_date(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ingest(
        env,
        capsys,
        eml(
            to="Seun <seun@globex.example>",
            subject="Thank you",
            mid="ty-seun@example.org",
            date=datetime(2026, 11, 16, 18, tzinfo=LONDON),
        ),
    )
    s = status(capsys, "2026-11-17T09:00", "globex")["globex"]
    assert s["thank_yous"][0]["sent"] == "2026-11-16T18:00:00+00:00"
    assert s["thank_yous"][0]["due"] == "2026-11-17T14:45:00+00:00"
    # A week after the thank-you would be 23 Nov; the promised date (18 Nov) passes sooner:
    # asking is fine from the start of the next day, in the round's time zone.
    assert s["inquiry_ok_from"] == datetime(2026, 11, 19, tzinfo=LONDON).isoformat()


def test_status_uses_the_configured_rule_settings(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = env / "config.toml"
    cfg.write_text(
        CONFIG.replace(
            'domains = ["acme.example"]',
            'domains = ["acme.example"]\n'
            "  [applications.rules.inquiry-too-soon]\n  days = 10\n"
            "  [applications.rules.thank-you-late]\n  hours = 48\n",
        )
        + "\n[rules.awaiting-reply]\nbusiness_days = 2\n"
    )
    ingest(env, capsys, eml(to=MARIA, subject="Next steps?", mid="fu@example.org", date=ny(23, 9)))
    s = status(capsys, "2026-11-24T09:00", "acme")["acme"]
    assert s["inquiry_ok_from"] == iso(ny(30, 12))  # round end + 10 days
    assert s["thank_yous"][0]["due"] == iso(ny(22, 12))  # round end + 48 hours
    assert s["awaiting_reply_until"] == iso(ny(25, 9))  # two business days


def test_status_human_output(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ingest(env, capsys, eml(to=MARIA, subject="Next steps?", mid="fu@example.org", date=ny(23, 9)))
    capsys.readouterr()
    assert main(["status", "acme", "--at", "2026-11-24T09:00"]) == 0
    out = capsys.readouterr().out
    assert "acme - Acme Corp (active)" in out
    assert "contacts in the last 7 days: 1" in out
    assert "awaiting a reply since: yesterday 09:00 (give it until Tue 1 Dec, in 7 days)" in out
    assert main(["status", "nope"]) == 2


def test_business_days() -> None:
    fri_noon = ny(20, 12)
    assert add_business_days(fri_noon, 1, HOLIDAYS) == ny(23, 12)  # over the weekend
    assert add_business_days(ny(25, 9), 1, HOLIDAYS) == ny(27, 9)  # over Thanksgiving
    assert add_business_days(ny(25, 9), 0, HOLIDAYS) == ny(25, 9)
    # Friday noon to Tuesday noon: Friday's half, Monday, Tuesday's half.
    assert business_days_between(fri_noon, ny(24, 12), HOLIDAYS) == pytest.approx(2.0)
    assert business_days_between(ny(25, 0), ny(28, 0), HOLIDAYS) == pytest.approx(2.0)
    assert business_days_between(ny(24, 12), fri_noon, HOLIDAYS) == 0.0
    assert business_days_between(ny(21, 0), ny(21, 0) + timedelta(days=2), HOLIDAYS) == 0.0
