"""The `followup-guard` command end to end, in a temporary config and data dir."""

from __future__ import annotations

import argparse
import json
import mailbox
import os
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fgtest import (
    DANA,
    EXAMPLE_CONFIG,
    JOHN,
    MARIA,
    ME,
    assert_clean_error,
    eml,
    run,
    run_json,
)
from followup_guard.cli.main import build_parser, main

CLEAN_THANKS = (
    "Dear Dana,\n\nThank you for taking the time to meet with me today. I enjoyed our "
    "conversation about the payments ledger and the Kafka migration, and it made me even more "
    "excited about the role.\n\nThe way your team runs the on-call rotation sounds like a place "
    "where I could contribute from the first week, and I would love to help with it.\n\n"
    "Best regards,\nAlex Morgan\n+1 617 555 0142\n"
)
EVENING = "2026-11-20T18:00"  # the evening after Acme's onsite (corpus config)


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """(config path, data dir), set in the environment for in-process calls too."""
    cfg, home = tmp_path / "cfg" / "config.toml", tmp_path / "data"
    monkeypatch.setenv("FOLLOWUP_GUARD_CONFIG", str(cfg))
    monkeypatch.setenv("FOLLOWUP_GUARD_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.chdir(tmp_path)
    yield cfg, home


@pytest.fixture
def corpus(env: tuple[Path, Path], world_config: Path) -> tuple[Path, Path]:
    cfg, home = env
    cfg.parent.mkdir(parents=True)
    cfg.write_text(world_config.read_text())
    return cfg, home


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- init and app -----------------------------------------------------------------------------


def test_init_writes_a_private_config_and_never_overwrites(
    env: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, _ = env
    code, out, _ = call(capsys, "init")
    assert code == 0 and f"wrote {cfg}" in out
    assert cfg.read_text() == EXAMPLE_CONFIG.read_text()
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o600
    cfg.write_text(cfg.read_text() + "# my own note\n")
    before = cfg.read_bytes()
    code, _, err = call(capsys, "init")
    assert code == 2 and "exists already" in err
    assert cfg.read_bytes() == before


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    it = iter(big)
    return all(any(line == other for other in it) for line in small)


def test_app_commands_keep_comments_and_hand_edits(
    env: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, _ = env
    assert call(capsys, "init")[0] == 0
    # A hand edit first: a comment of the user's own and a person added by hand.
    text = cfg.read_text().replace(
        '  role = "permitted"                     # someone you were told to contact\n',
        '  role = "permitted"                     # someone you were told to contact\n\n'
        "  # Met John at the onsite lunch; he asked me to write.\n"
        '  [[applications.people]]\n  name = "John Smith"\n'
        '  address = "john.smith@acme.example"  # from his card\n  role = "interviewer"\n',
    )
    cfg.write_text(text)
    original = cfg.read_text().splitlines()

    steps = [
        (
            "app",
            "add",
            "globex-data",
            "--company",
            "Globex",
            "--role",
            "Data Engineer",
            "--domain",
            "@Globex.example",
            "--decision-date",
            "2026-12-10",
            "--talking-point",
            "Airflow",
        ),
        (
            "app",
            "round",
            "globex-data",
            "phone screen",
            "--start",
            "2026-11-10T14:00",
            "--length",
            "45",
            "--timezone",
            "Europe/London",
        ),
        (
            "app",
            "person",
            "globex-data",
            "--name",
            "Seun Okonkwo",
            "--address",
            "seun@globex.example",
            "--title",
            "Head of Data",
            "--round",
            "phone screen",
        ),
        (
            "app",
            "person",
            "acme-backend",
            "--name",
            "Tom Becker",
            "--address",
            "tom.becker@acme.example",
            "--role",
            "do-not-contact",
        ),
        (
            "app",
            "round",
            "acme-backend",
            "final",
            "--start",
            "2026-12-01T10:00",
            "--end",
            "2026-12-01T11:00",
        ),
        ("app", "set-status", "acme-backend", "offer"),
    ]
    for step in steps:
        code, _, err = call(capsys, *step)
        assert code == 0, (step, err)

    new = cfg.read_text().splitlines()
    changed = [line for line in original if line not in new]
    assert changed == [
        'status = "active"                      # active, offer, rejected, withdrawn'
    ]
    kept = [line for line in original if line not in changed]
    assert _is_subsequence(kept, new)  # every other line, comments included, in order
    assert any(
        line.startswith('status = "offer"')
        and line.endswith("# active, offer, rejected, withdrawn")
        for line in new
    )

    code, out, _ = call(capsys, "app", "list", "--json")
    apps = {a["id"]: a for a in json.loads(out)}
    assert apps["acme-backend"]["status"] == "offer"
    assert [p["address"] for p in apps["acme-backend"]["people"]] == [
        "dana.wu@acme.example",
        "maria.lopez@acme.example",
        "john.smith@acme.example",
        "tom.becker@acme.example",
    ]
    assert [r["name"] for r in apps["acme-backend"]["rounds"]] == ["onsite", "final"]
    g = apps["globex-data"]
    assert (g["company"], g["domains"], g["decision_date"], g["talking_points"]) == (
        "Globex",
        ["globex.example"],
        "2026-12-10",
        ["Airflow"],
    )
    assert g["rounds"] == [
        {
            "name": "phone screen",
            "start": "2026-11-10T14:00:00+00:00",
            "end": "2026-11-10T14:45:00+00:00",
            "timezone": "Europe/London",
        }
    ]
    assert g["people"] == [
        {
            "name": "Seun Okonkwo",
            "address": "seun@globex.example",
            "role": "interviewer",
            "title": "Head of Data",
            "rounds": ["phone screen"],
        }
    ]
    code, out, _ = call(capsys, "app", "list")
    assert code == 0 and "globex-data   Globex     Data Engineer     active  1       1" in out
    code, out, _ = call(capsys, "app", "show", "globex-data")
    assert code == 0 and "Data Engineer at Globex (active)" in out
    assert "seun@globex.example" in out and "decision expected: Thu 10 Dec 2026" in out

    # A later hand edit keeps working with the CLI's additions.
    cfg.write_text(cfg.read_text().replace('company = "Globex"', 'company = "Globex Inc"'))
    code, out, _ = call(capsys, "app", "show", "globex-data", "--json")
    assert json.loads(out)["company"] == "Globex Inc"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            (
                "app",
                "person",
                "acme-backend",
                "--name",
                "X",
                "--address",
                "priya.raman@oldjob.example",
            ),
            "both one of your references",
        ),
        (
            ("app", "person", "acme-backend", "--name", "X", "--address", "not-an-address"),
            "is not a valid email address",
        ),
        (
            (
                "app",
                "person",
                "acme-backend",
                "--name",
                "Dana",
                "--address",
                "dana.wu@acme.example",
                "--role",
                "permitted",
            ),
            "a person has one role",
        ),
        (
            (
                "app",
                "person",
                "acme-backend",
                "--name",
                "X",
                "--address",
                "x@acme.example",
                "--round",
                "no-such-round",
            ),
            "no round named 'no-such-round'",
        ),
        (
            (
                "app",
                "round",
                "acme-backend",
                "x",
                "--start",
                "2026-11-20T10:00",
                "--end",
                "2026-11-20T09:00",
            ),
            "before it starts",
        ),
        (
            ("app", "round", "acme-backend", "x", "--start", "2026-11-31T10:00"),
            "is not a date-time",
        ),
        (
            (
                "app",
                "round",
                "acme-backend",
                "x",
                "--start",
                "2026-11-20T10:00",
                "--timezone",
                "Atlantis/Capital",
            ),
            "unknown time zone",
        ),
        (("app", "add", "acme-backend", "--company", "Again"), "exists already"),
        (
            ("app", "add", "new-co", "--company", "New", "--decision-date", "2026-02-30"),
            "is not a date",
        ),
        (("app", "set-status", "no-such-app", "offer"), "no application with id 'no-such-app'"),
    ],
)
def test_breaking_edits_are_refused_and_nothing_is_written(
    env: tuple[Path, Path], capsys: pytest.CaptureFixture[str], args: tuple[str, ...], words: str
) -> None:
    cfg, _ = env
    assert call(capsys, "init")[0] == 0
    before, mtime = cfg.read_bytes(), cfg.stat().st_mtime_ns
    code, _, err = call(capsys, *args)
    assert code == 2 and words in err, err
    assert cfg.read_bytes() == before and cfg.stat().st_mtime_ns == mtime
    assert [p.name for p in cfg.parent.iterdir()] == ["config.toml"]  # no temp file left


def test_edit_of_a_broken_file_is_a_clean_error(env: tuple[Path, Path]) -> None:
    cfg, home = env
    cfg.parent.mkdir(parents=True)
    cfg.write_text("[general\ntimezone = 'UTC'\n")
    proc = run(cfg, home, "app", "add", "x", "--company", "X")
    err = assert_clean_error(proc)
    assert f"{cfg}:1: not valid TOML" in err
    assert cfg.read_text() == "[general\ntimezone = 'UTC'\n"
    cfg.unlink()
    err = assert_clean_error(run(cfg, home, "app", "add", "x", "--company", "X"))
    assert "run `followup-guard init` first" in err


# -- log, ingest, status ----------------------------------------------------------------------


def test_log_counts_toward_status(
    corpus: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = call(
        capsys,
        "log",
        "call",
        "acme-backend",
        "--person",
        "Maria.Lopez@acme.example",
        "--at",
        "2026-11-23T10:00",
        "--note",
        "hi",
    )
    assert code == 0 and "logged call with Acme Corp" in out and "Mon 23 Nov 10:00" in out
    code, out, _ = call(capsys, "status", "acme-backend", "--json", "--at", "2026-11-23T12:00")
    (s,) = json.loads(out)["applications"]
    assert (s["contacts_last_7_days"], s["last_contact"]) == (1, "2026-11-23T15:00:00+00:00")
    code, _, err = call(capsys, "log", "call", "acme-backend", "--person", "x@other.example")
    assert code == 2 and "is not one of Acme Corp's people" in err
    code, _, err = call(capsys, "log", "call", "no-such-app")
    assert code == 2 and "no application with id 'no-such-app'" in err
    code, _, err = call(capsys, "log", "call", "acme-backend", "--at", "tuesday")
    assert code == 2 and "not an ISO 8601 time" in err


def test_ingest_files_mbox_and_maildir_twice_counts_once(
    corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, home = corpus
    ty = eml(
        to=DANA, subject="Thank you", mid="ty@example.org", date="Fri, 20 Nov 2026 18:00:00 -0500"
    )
    (tmp_path / "ty.eml").write_bytes(ty)
    (tmp_path / "other.eml").write_bytes(
        eml(to="friend@other.example", mid="o@example.org", date="Sat, 21 Nov 2026 10:00:00 -0500")
    )
    box = mailbox.mbox(tmp_path / "sent.mbox")
    box.add(ty)  # the same message as ty.eml
    box.add(
        eml(
            to=JOHN,
            subject="Thanks",
            mid="ty-john@example.org",
            date="Fri, 20 Nov 2026 18:30:00 -0500",
        )
    )
    box.flush()
    box.close()
    md = mailbox.Maildir(tmp_path / "Maildir", create=True)
    md.add(
        eml(
            frm=MARIA,
            to=ME,
            subject="Next steps",
            mid="m1@acme.example",
            date="Mon, 23 Nov 2026 10:00:00 -0500",
        )
    )
    md.add(
        eml(
            to=MARIA,
            subject="Re: Next steps",
            mid="re@example.org",
            in_reply_to="m1@acme.example",
            date="Mon, 23 Nov 2026 12:00:00 -0500",
        )
    )
    md.close()
    args = (
        "ingest",
        tmp_path / "ty.eml",
        tmp_path / "other.eml",
        tmp_path / "sent.mbox",
        "--maildir",
        tmp_path / "Maildir",
    )
    first = run_json(cfg, home, *args)
    assert first == {
        "new": 5,
        "already_stored": 1,
        "skipped": 0,
        "by_application": {"acme-backend": 4},
    }
    again = run_json(cfg, home, *args)
    assert again == {"new": 0, "already_stored": 6, "skipped": 0, "by_application": {}}
    _, out, _ = call(capsys, "status", "acme-backend", "--json", "--at", "2026-11-23T13:00")
    (s,) = json.loads(out)["applications"]
    assert [t["sent"] is not None for t in s["thank_yous"]] == [True, True]
    assert s["last_reply"] == "2026-11-23T15:00:00+00:00"
    assert s["contacts_last_7_days"] == 3
    _, out, _ = call(capsys, "doctor", "--offline", "--json")
    store = next(r for r in json.loads(out) if r["check"] == "store")
    assert store["ok"] is True and "5 messages" in store["detail"]


def test_ingest_reports_bad_files_and_goes_on(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    cfg, home = corpus
    (tmp_path / "junk.eml").write_bytes(os.urandom(256).replace(b"\n", b"x"))
    (tmp_path / "good.eml").write_bytes(eml(to=DANA, mid="g@example.org"))
    proc = run(
        cfg,
        home,
        "ingest",
        tmp_path / "junk.eml",
        tmp_path / "good.eml",
        tmp_path / "missing.eml",
        "--json",
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["new"] == 1 and json.loads(proc.stdout)["skipped"] == 2
    assert "junk.eml: skipped" in proc.stderr and "missing.eml: skipped" in proc.stderr
    assert "Traceback" not in proc.stderr
    only_bad = run(cfg, home, "ingest", tmp_path / "junk.eml")
    assert_clean_error(only_bad)
    assert_clean_error(run(cfg, home, "ingest"))


# -- check ------------------------------------------------------------------------------------


def test_check_json_is_exactly_the_contract(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    cfg, home = corpus
    draft = eml(to="Tom Becker <tom.becker@acme.example>", body=CLEAN_THANKS)
    proc = run(cfg, home, "check", "-", "--json", "--at", EVENING, stdin=draft)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert list(data) == ["application", "kind", "findings"]
    assert data["application"] == "acme-backend" and data["kind"] == "follow-up"
    assert data["findings"], data
    for f in data["findings"]:
        assert list(f) == ["rule", "category", "severity", "message", "fix", "advice", "span"]
        assert f["category"] in ("timing", "scope", "tone")
        assert f["severity"] in ("block", "warn", "info")
        assert all(isinstance(f[k], str) and f[k] for k in ("rule", "message", "fix", "advice"))
        assert f["span"] is None or (len(f["span"]) == 2 and 0 <= f["span"][0] <= f["span"][1])
    scope = [f for f in data["findings"] if f["rule"] == "outside-hiring-process"]
    assert len(scope) == 1 and scope[0]["severity"] == "block"
    assert "do-not-contact" in scope[0]["message"]


def test_check_exit_codes(
    corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, home = corpus
    good = tmp_path / "good.eml"
    good.write_bytes(eml(to=DANA, subject="Thank you for today", body=CLEAN_THANKS))
    proc = run(cfg, home, "check", good, "--json", "--at", EVENING)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    assert (data["application"], data["kind"]) == ("acme-backend", "thank-you")
    assert not [f for f in data["findings"] if f["severity"] in ("warn", "block")]
    # A day and a half late: the thank-you warning (exit 1).
    proc = run(cfg, home, "check", good, "--json", "--at", "2026-11-22T09:00")
    assert proc.returncode == 1 and proc.stderr == ""
    assert "thank-you-late" in [f["rule"] for f in json.loads(proc.stdout)["findings"]]
    # Usage errors are 2.
    assert_clean_error(run(cfg, home, "check", good, "--at", "next week"))
    assert_clean_error(run(cfg, home, "check", good, "--no-such-flag"))

    code, out, _ = call(capsys, "check", str(good), "--at", EVENING)
    assert code == 0 and out.startswith(
        ("ok: thank-you for acme-backend", "thank-you for acme-backend")
    )
    # A hidden Bcc to the do-not-contact VP turns the same letter into a block.
    code, out, _ = call(
        capsys, "check", str(good), "--json", "--at", EVENING, "--bcc", "tom.becker@acme.example"
    )
    assert code == 1
    assert "outside-hiring-process" in [f["rule"] for f in json.loads(out)["findings"]]
    code, out, _ = call(
        capsys, "check", str(good), "--at", EVENING, "--bcc", "tom.becker@acme.example"
    )
    assert code == 1 and "BLOCK outside-hiring-process (scope)" in out
    # Mail that concerns no application: nothing to time, exit 0.
    other = tmp_path / "other.eml"
    other.write_bytes(
        eml(
            to="Sam <sam@friends.example>",
            subject="Photos",
            body="Hi Sam,\n\nHere are the photos from the weekend.\n\nAlex\n",
        )
    )
    code, out, _ = call(capsys, "check", str(other), "--json", "--at", EVENING)
    assert code == 0, out
    data = json.loads(out)
    assert (data["application"], data["kind"]) == (None, "other")
    assert not [f for f in data["findings"] if f["category"] == "timing"]
    # `check` never writes: no store appears.
    assert not (home / "store.sqlite3").exists()


@pytest.mark.parametrize(
    "case",
    [
        "empty-stdin",
        "garbage-stdin",
        "json-stdin",
        "no-recipients",
        "too-large",
        "directory",
        "missing-file",
    ],
)
def test_check_rejects_bad_input_cleanly(
    corpus: tuple[Path, Path], tmp_path: Path, case: str
) -> None:
    cfg, home = corpus
    stdin: bytes | None = None
    target = "-"
    if case == "empty-stdin":
        stdin = b""
    elif case == "garbage-stdin":
        stdin = bytes(range(256)) * 64
    elif case == "json-stdin":
        stdin = b'{"to": "dana.wu@acme.example", "body": "hi"}'
    elif case == "no-recipients":
        stdin = b"From: alex.morgan@example.org\nSubject: hi\n\nHello\n"
    elif case == "too-large":
        big = tmp_path / "big.eml"
        with big.open("wb") as fh:
            fh.write(eml(to=DANA))
            fh.write(b"x" * (30 * 1024 * 1024))
        target = str(big)
    elif case == "directory":
        target = str(tmp_path)
    else:
        target = str(tmp_path / "nope.eml")
    proc = run(cfg, home, "check", target, stdin=stdin)
    err = assert_clean_error(proc)
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("followup-guard: ")
    assert proc.stdout == ""
    words = {
        "empty-stdin": "empty input",
        "garbage-stdin": "no RFC 5322 header block",
        "json-stdin": "no RFC 5322 header block",
        "no-recipients": "no recipients",
        "too-large": "over 25 MB",
        "directory": "is a folder",
        "missing-file": "no such file",
    }[case]
    assert words in err


# -- snooze -----------------------------------------------------------------------------------


def test_snooze_list_unsnooze_and_their_effect(
    corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ty.eml").write_bytes(
        eml(
            to=DANA,
            subject="Thank you",
            mid="ty@example.org",
            date="Fri, 20 Nov 2026 18:00:00 -0500",
            body=CLEAN_THANKS,
        )
    )
    assert call(capsys, "ingest", str(tmp_path / "ty.eml"))[0] == 0
    second = tmp_path / "second.eml"
    second.write_bytes(
        eml(to=DANA, subject="One more thing", body=CLEAN_THANKS.replace("Thank you", "And"))
    )

    def rules() -> list[str]:
        _, out, _ = call(capsys, "check", str(second), "--json", "--at", "2026-11-20T20:00")
        return [f["rule"] for f in json.loads(out)["findings"]]

    assert "same-day-repeat" in rules()
    code, out, _ = call(
        capsys, "snooze", "same-day-repeat", "--person", "Dana.Wu@acme.example", "--days", "3"
    )
    assert code == 0 and "same-day-repeat is silenced for Dana.Wu@acme.example" in out
    # The effect: the same draft, checked again, no longer has the finding (other rules stay).
    snoozed = rules()
    assert "same-day-repeat" not in snoozed
    assert (
        call(
            capsys, "snooze", "weekly-limit", "--person", "john.smith@acme.example", "--days", "0"
        )[0]
        == 0
    )
    code, out, _ = call(capsys, "snooze", "--list", "--json")
    listed = json.loads(out)
    assert [(s["rule"], s["person"]) for s in listed] == [
        ("same-day-repeat", "dana.wu@acme.example"),
        ("weekly-limit", "john.smith@acme.example"),
    ]
    until = datetime.fromisoformat(listed[0]["until"])
    assert abs(until - (datetime.now(timezone.utc) + timedelta(days=3))) < timedelta(minutes=5)
    assert listed[1]["until"] is None
    code, out, _ = call(capsys, "snooze", "--list")
    assert "until unsnoozed" in out and "dana.wu@acme.example" in out
    code, out, _ = call(capsys, "unsnooze", "same-day-repeat", "--person", "dana.wu@acme.example")
    assert code == 0 and out.strip() == "removed 1 snooze"
    assert call(capsys, "unsnooze", "weekly-limit")[1].strip() == "removed 1 snooze"
    assert call(capsys, "snooze", "--list", "--json")[1].strip() == "[]"
    assert "same-day-repeat" in rules()

    code, _, err = call(capsys, "snooze", "no-such-rule", "--person", "x@y.example")
    assert code == 2 and "unknown rule 'no-such-rule'" in err
    code, _, err = call(capsys, "snooze", "same-day-repeat")
    assert code == 2 and "usage: followup-guard snooze RULE --person ADDR" in err


def test_an_open_ended_snooze_silences_the_rule(
    corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ty.eml").write_bytes(
        eml(
            to=DANA,
            subject="Thank you",
            mid="ty@example.org",
            date="Fri, 20 Nov 2026 18:00:00 -0500",
            body=CLEAN_THANKS,
        )
    )
    assert call(capsys, "ingest", str(tmp_path / "ty.eml"))[0] == 0
    second = tmp_path / "second.eml"
    second.write_bytes(
        eml(to=DANA, subject="One more thing", body=CLEAN_THANKS.replace("Thank you", "And"))
    )
    assert (
        call(
            capsys, "snooze", "same-day-repeat", "--person", "dana.wu@acme.example", "--days", "0"
        )[0]
        == 0
    )
    _, out, _ = call(capsys, "check", str(second), "--json", "--at", "2026-11-20T20:00")
    assert "same-day-repeat" not in [f["rule"] for f in json.loads(out)["findings"]]


# -- doctor and --help ------------------------------------------------------------------------


def test_doctor_offline_json(corpus: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    cfg, _ = corpus

    def doctor() -> tuple[int, dict]:
        code, out, _ = call(capsys, "doctor", "--offline", "--json")
        return code, {r["check"]: r for r in json.loads(out)}

    code, report = doctor()
    assert report["config"]["ok"] is True
    assert report["config"]["detail"] == f"{cfg}: 12 applications, 0 accounts"
    assert report["store"]["ok"] is False and "no store" in report["store"]["detail"]
    assert code == 2
    assert call(capsys, "log", "note", "acme-backend")[0] == 0  # creates the store
    code, report = doctor()
    assert report["store"]["ok"] is True and "0 messages" in report["store"]["detail"]
    assert code == 0, report
    cfg.write_text(cfg.read_text() + "\nbogus = 1\n")
    code, report = doctor()
    assert code == 2 and report["config"]["ok"] is False
    assert "bogus: unknown key 'bogus'" in report["config"]["detail"]


def _subcommands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name)
                yield from _subcommands(sub, (*path, name))


SUBCOMMANDS = list(_subcommands(build_parser()))


def test_the_core_subcommands_exist() -> None:
    for expected in [
        ("init",),
        ("app", "add"),
        ("app", "round"),
        ("app", "person"),
        ("app", "list"),
        ("app", "show"),
        ("app", "set-status"),
        ("log",),
        ("ingest",),
        ("status",),
        ("doctor",),
        ("check",),
        ("rules",),
        ("snooze",),
        ("unsnooze",),
    ]:
        assert expected in SUBCOMMANDS


@pytest.mark.parametrize("path", [(), *SUBCOMMANDS], ids=lambda p: " ".join(p) or "top")
def test_every_subcommand_has_help(
    path: tuple[str, ...], env: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    if path == ("sendmail",):  # takes sendmail's own flags: run it as a user would
        cfg, home = env
        proc = run(cfg, home, "sendmail", "--help", stdin=b"")
        assert proc.returncode == 0 and "Traceback" not in proc.stderr
        assert "usage" in (proc.stdout + proc.stderr).lower()
        return
    with pytest.raises(SystemExit) as info:
        main([*path, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: followup-guard" + "".join(f" {p}" for p in path))
