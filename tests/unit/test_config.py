"""The config loader: one clear problem per mistake (file, line, key path), exit 2, no traceback."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fgtest import CORPUS_CONFIG, EXAMPLE_CONFIG, assert_clean_error, eml, run
from followup_guard.checks.settings import parse_checked
from followup_guard.cli.main import main
from followup_guard.config.load import ConfigError, Problem, load_config, parse_config

BASE = """\
# A small, valid config the cases below break one way each.
[general]
timezone = "America/New_York"
holidays = ["2026-11-26"]

[[identities]]
address = "alex.morgan@example.org"

[[references]]
name = "Priya Raman"
address = "priya.raman@oldjob.example"

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
  role = "interviewer"

[[applications]]
id = "globex"
company = "Globex"
domains = ["globex.example"]

  [[applications.people]]
  name = "Seun Okonkwo"
  address = "seun@globex.example"
  role = "interviewer"
"""

ACCOUNT = """
[[accounts]]
id = "personal"
host = "{host}"
username = "alex"
tls = "{tls}"
password_command = "pass show mail"
"""


def edit(old: str, new: str, base: str = BASE) -> str:
    assert base.count(old) == 1, old
    return base.replace(old, new)


def marked_line(text: str) -> int:
    """The 1-based line carrying the ``#!`` marker: where the problem must be reported."""
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if "#!" in line]
    assert len(lines) == 1, lines
    return lines[0]


# (case id, config text with "#!" on the offending line, key path, words in the message)
BAD: list[tuple[str, str, str, str]] = [
    (
        "invalid-toml",
        edit('company = "Acme Corp"', 'company = "Acme Corp  #!'),
        "",
        "not valid TOML",
    ),
    (
        "toml-date-literal-feb-30",
        edit(
            'domains = ["acme.example"]',
            'domains = ["acme.example"]\ndecision_date = 2026-02-30 #!',
        ),
        "",
        "not valid TOML",
    ),
    (
        "wrong-type-list",
        edit('domains = ["acme.example"]', 'domains = "acme.example"  #!'),
        "applications[0].domains",
        "expected a list of strings",
    ),
    (
        "wrong-type-string",
        edit('company = "Globex"', "company = 42  #!"),
        "applications[1].company",
        "expected a string, got an integer 42",
    ),
    (
        "wrong-type-bool",
        edit(
            'domains = ["globex.example"]',
            'domains = ["globex.example"]\nreferences_briefed = "yes"  #!',
        ),
        "applications[1].references_briefed",
        "expected true or false",
    ),
    ("unknown-top-level", "colour = 'blue'  #!\n" + BASE, "colour", "unknown key 'colour'"),
    (
        "unknown-in-application",
        edit('company = "Acme Corp"', 'company = "Acme Corp"\nwebsite = "acme.example"  #!'),
        "applications[0].website",
        "unknown key 'website'",
    ),
    (
        "unknown-in-person",
        edit('  name = "Seun Okonkwo"', '  name = "Seun Okonkwo"\n  phone = "555"  #!'),
        "applications[1].people[0].phone",
        "unknown key 'phone'",
    ),
    (
        "unknown-rule-setting",
        BASE + "\n[rules.weekly-limit]\nmax_contact = 3  #!\n",
        "rules.weekly-limit.max_contact",
        "unknown setting 'max_contact' for rule weekly-limit",
    ),
    (
        "unknown-setting-in-app-rule-table",
        edit(
            'domains = ["globex.example"]',
            'domains = ["globex.example"]\n  [applications.rules.same-day-repeat]\n'
            "  per_day = 2  #!",
        ),
        "applications[1].rules.same-day-repeat.per_day",
        "unknown setting 'per_day'",
    ),
    (
        "unknown-rule-id",
        BASE + "\n[rules.no-such-rule]  #!\nenabled = false\n",
        "rules.no-such-rule",
        "unknown rule 'no-such-rule'",
    ),
    (
        "bad-rule-severity",
        BASE + "\n[rules.weekly-limit]\nseverity = 'fatal'  #!\n",
        "rules.weekly-limit.severity",
        "expected 'block', 'warn' or 'info'",
    ),
    (
        "impossible-date-string",
        edit('end = "2026-11-20T12:00"', 'end = "2026-11-31T10:00"  #!'),
        "applications[0].rounds[0].end",
        "'2026-11-31T10:00' is not a date-time",
    ),
    (
        "impossible-decision-date",
        edit('company = "Globex"', 'company = "Globex"\ndecision_date = "2026-02-30"  #!'),
        "applications[1].decision_date",
        "'2026-02-30' is not a date",
    ),
    (
        "round-ends-before-start",
        edit('end = "2026-11-20T12:00"', 'end = "2026-11-20T09:00"  #!'),
        "applications[0].rounds[0].end",
        "before it starts",
    ),
    (
        "duplicate-application-id",
        edit('id = "globex"', 'id = "acme"  #!'),
        "applications[1].id",
        "duplicate application id 'acme'",
    ),
    (
        "two-roles-in-one-app",
        edit(
            '  role = "interviewer"\n\n[[applications]]',
            '  role = "interviewer"\n\n  [[applications.people]]\n  name = "Dana again"\n'
            '  address = "Dana.Wu@acme.example"  #!\n  role = "permitted"\n\n[[applications]]',
        ),
        "applications[0].people[1].address",
        "listed twice with different roles",
    ),
    (
        "two-roles-across-apps",
        edit(
            '  address = "seun@globex.example"\n  role = "interviewer"',
            '  address = "dana.wu@acme.example"  #!\n  role = "permitted"',
        ),
        "applications[1].people[0].address",
        "an interviewer in 'acme' and a permitted in 'globex'",
    ),
    (
        "person-is-also-a-reference",
        edit('  address = "seun@globex.example"', '  address = "priya.raman@oldjob.example"  #!'),
        "applications[1].people[0].address",
        "both one of your references and an interviewer",
    ),
    (
        "invalid-email",
        edit('  address = "dana.wu@acme.example"', '  address = "dana.wu@@acme"  #!'),
        "applications[0].people[0].address",
        "is not a valid email address",
    ),
    (
        "unknown-time-zone",
        edit('timezone = "America/New_York"', 'timezone = "America/Springfield"  #!'),
        "general.timezone",
        "unknown time zone 'America/Springfield'",
    ),
    (
        "unknown-round-time-zone",
        edit(
            '  end = "2026-11-20T12:00"',
            '  end = "2026-11-20T12:00"\n  timezone = "Mars/Olympus" #!',
        ),
        "applications[0].rounds[0].timezone",
        "unknown time zone 'Mars/Olympus'",
    ),
    (
        "plaintext-imap-remote",
        BASE + ACCOUNT.format(host="imap.example.org", tls='none"  #!'),
        "accounts[0].tls",
        "plaintext IMAP is only allowed to loopback",
    ),
    (
        "password-in-file",
        BASE
        + ACCOUNT.format(host="imap.example.org", tls="implicit")
        + 'password = "hunter2"  #!\n',
        "accounts[0].password",
        "passwords are never stored",
    ),
    (
        "missing-company",
        edit(
            '[[applications]]\nid = "globex"\ncompany = "Globex"\n',
            '[[applications]]  #!\nid = "globex"\n',
        ),
        "applications[1]",
        "missing required key 'company'",
    ),
    (
        "missing-person-address",
        edit(
            '  [[applications.people]]\n  name = "Seun Okonkwo"\n  address = "seun@globex.example"\n',
            '  [[applications.people]]  #!\n  name = "Seun Okonkwo"\n',
        ),
        "applications[1].people[0]",
        "missing required key 'address'",
    ),
    (
        "missing-round-start",
        edit('  start = "2026-11-20T10:00"\n', "").replace(
            "[[applications.rounds]]", "[[applications.rounds]]  #!"
        ),
        "applications[0].rounds[0]",
        "missing required key 'start'",
    ),
    (
        "missing-account-host",
        BASE + '\n[[accounts]]  #!\nusername = "alex"\npassword_command = "pass mail"\n',
        "accounts[0]",
        "missing required key 'host'",
    ),
]


@pytest.mark.parametrize(("text", "key", "words"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_each_mistake_is_one_clear_problem(text: str, key: str, words: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_checked(text, "/home/alex/.config/followup-guard/config.toml")
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    p = problems[0]
    assert p.file == "/home/alex/.config/followup-guard/config.toml"
    assert p.line == marked_line(text), str(p)
    assert p.key == key
    assert words in p.message
    expected_prefix = f"{p.file}:{p.line}: " + (f"{key}: " if key else "")
    assert str(p).startswith(expected_prefix)


def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str | bytes | None) -> Path:
    cfg = tmp_path / "config.toml"
    if isinstance(text, str):
        cfg.write_text(text, encoding="utf-8")
    elif isinstance(text, bytes):
        cfg.write_bytes(text)
    monkeypatch.setenv("FOLLOWUP_GUARD_CONFIG", str(cfg))
    monkeypatch.setenv("FOLLOWUP_GUARD_HOME", str(tmp_path / "data"))
    return cfg


@pytest.mark.parametrize(("text", "key", "words"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_cli_reports_bad_config_with_exit_2(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    text: str,
    key: str,
    words: str,
) -> None:
    cfg = _env(monkeypatch, tmp_path, text)
    assert main(["status"]) == 2  # an exception here would be a traceback for the user
    err = capsys.readouterr().err
    assert f"{cfg}:{marked_line(text)}: " in err
    assert key in err and words in err
    assert "Traceback" not in err


def test_cli_bad_config_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    text = edit('end = "2026-11-20T12:00"', 'end = "2026-11-31T10:00"  #!')
    cfg.write_text(text)
    for args in (["status"], ["check", "-"], ["app", "list"], ["log", "call", "acme"]):
        proc = run(cfg, tmp_path / "data", *args, stdin=eml())
        err = assert_clean_error(proc)
        assert f"config.toml:{marked_line(text)}: applications[0].rounds[0].end" in err, args


def test_several_problems_one_line_each(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (
        BASE.replace('timezone = "America/New_York"', 'timezone = "Nowhere/Land"')
        .replace('company = "Globex"', "company = 7")
        .replace('  address = "dana.wu@acme.example"', '  address = "not-an-address"')
        + "\n[rules.bogus-rule]\nenabled = false\n"
    )
    with pytest.raises(ConfigError) as info:
        parse_checked(text, "cfg.toml")
    problems = info.value.problems
    assert sorted(p.key for p in problems) == [
        "applications[0].people[0].address",
        "applications[1].company",
        "general.timezone",
        "rules.bogus-rule",
    ]
    assert all(p.line for p in problems)
    assert len(str(info.value).splitlines()) == 4

    _env(monkeypatch, tmp_path, text)
    assert main(["app", "list"]) == 2
    err = capsys.readouterr().err.splitlines()
    listed = [line for line in err if "config.toml:" in line]
    assert len(listed) == 4, err
    assert any("general.timezone: unknown time zone 'Nowhere/Land'" in line for line in listed)


def test_loopback_plaintext_imap_is_allowed() -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        config = parse_config(BASE + ACCOUNT.format(host=host, tls="none"), "c.toml")
        assert config.accounts[0].tls == "none"
        assert config.accounts[0].port == 143


def test_wrong_types_elsewhere_are_reported_too() -> None:
    text = BASE + '\n[user]\nname = 5\n\n[sendmail]\ncommand = [1, 2]\nfail_closed = "no"\n'
    with pytest.raises(ConfigError) as info:
        parse_config(text, "c.toml")
    keys = {p.key for p in info.value.problems}
    assert keys == {"user.name", "sendmail.command", "sendmail.fail_closed"}


def test_sendmail_command_with_unbalanced_quote_is_a_problem_not_a_crash() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(BASE + '\n[sendmail]\ncommand = "msmtp -a \'work"\n', "c.toml")
    assert [p.key for p in info.value.problems] == ["sendmail.command"]


def test_missing_config_file_points_at_init(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cfg = _env(monkeypatch, tmp_path, None)
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    assert info.value.problems == [Problem(str(cfg), None, "", info.value.problems[0].message)]
    assert "followup-guard init" in info.value.problems[0].message
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert str(cfg) in err and "`followup-guard init`" in err


def test_not_utf8_names_the_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    raw = BASE.encode() + b'\n[user]\nname = "Ren\xe9"\n'
    cfg = _env(monkeypatch, tmp_path, raw)
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    (p,) = info.value.problems
    assert p.line == raw.count(b"\n")  # the last line, where the Latin-1 byte is
    assert p.message == "not UTF-8 text"
    assert main(["status"]) == 2
    assert f"{cfg}:{p.line}: not UTF-8 text" in capsys.readouterr().err


# -- the good path --------------------------------------------------------------------------


def test_example_config_loads() -> None:
    config = load_config(EXAMPLE_CONFIG)
    assert config.general.timezone == ZoneInfo("America/New_York")
    assert config.general.holidays == frozenset({date(2026, 11, 26), date(2026, 12, 25)})
    assert config.user_name == "Alex Morgan"
    assert [i.address for i in config.identities] == ["alex.morgan@example.org"]
    assert config.identities[0].signature == "Alex Morgan\n+1 617 555 0142"
    (app,) = config.applications
    assert app.id == "acme-backend" and app.decision_date == date(2026, 12, 4)
    (rnd,) = app.rounds
    assert rnd.start == datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("America/New_York"))
    assert rnd.end - rnd.start == timedelta(hours=2)
    assert [(p.address, p.role, p.rounds) for p in app.people] == [
        ("dana.wu@acme.example", "interviewer", ("onsite",)),
        ("maria.lopez@acme.example", "permitted", ()),
    ]
    assert config.sendmail_fail_closed is True


def test_corpus_config_loads() -> None:
    config = load_config(CORPUS_CONFIG)
    assert [a.id for a in config.applications] == [
        "acme-backend",
        "globex-data",
        "initech-sre",
        "valley-icu",
        "northshore-icu",
        "oakfield-teach",
        "southern-freight",
        "hartley-electrical",
        "brightmart-retail",
        "calder-finance",
        "harbourview-hotel",
        "millbrook-council",
    ]
    globex = config.application("globex-data")
    assert globex is not None
    (screen,) = globex.rounds
    assert screen.tz == ZoneInfo("Europe/London")
    assert screen.end - screen.start == timedelta(minutes=45)
    assert config.application("initech-sre").closed  # type: ignore[union-attr]
    acme = config.application("acme-backend")
    assert acme is not None
    assert [p.name for p in acme.interviewers] == ["Dana Wu", "John Smith"]
    assert acme.person("TOM.BECKER@acme.example").role == "do-not-contact"  # type: ignore[union-attr]
    assert config.reference("priya.raman@oldjob.example") is not None


def test_values_are_normalised() -> None:
    text = (
        BASE.replace('  address = "dana.wu@acme.example"', '  address = "Dana.Wu@ACME.example"')
        .replace('  end = "2026-11-20T12:00"', "  length_minutes = 90")
        .replace('domains = ["globex.example"]', 'domains = ["@Globex.example"]')
    )
    config = parse_config(text, "c.toml")
    acme, globex = config.applications
    assert acme.people[0].address == "dana.wu@acme.example"
    assert acme.rounds[0].end == datetime(2026, 11, 20, 11, 30, tzinfo=ZoneInfo("America/New_York"))
    assert globex.domains == ("globex.example",)
    assert globex.owns_domain("mail.globex.example")
    assert not globex.owns_domain("globex.example.com")


def test_rule_overrides_merge_per_application() -> None:
    text = (
        BASE.replace(
            'domains = ["acme.example"]',
            'domains = ["acme.example"]\n  [applications.rules.weekly-limit]\n'
            "  max_contacts = 5\n  [applications.rules.same-day-repeat]\n"
            "  enabled = false",
        )
        + "\n[rules]\nawaiting-reply = false\n\n[rules.weekly-limit]\nmax_contacts = 4\n"
        'severity = "info"\n'
    )
    config = parse_config(text, "c.toml")
    acme, globex = config.applications
    defaults = {"enabled": True, "max_contacts": 2, "window_days": 7}
    assert config.rule_settings("weekly-limit", defaults, acme) == {
        "enabled": True,
        "max_contacts": 5,
        "window_days": 7,
        "severity": "info",
    }
    assert config.rule_settings("weekly-limit", defaults, globex) == {
        "enabled": True,
        "max_contacts": 4,
        "window_days": 7,
        "severity": "info",
    }
    assert config.rule_settings("weekly-limit", defaults, None)["max_contacts"] == 4
    assert config.rule_settings("same-day-repeat", {"enabled": True}, acme) == {"enabled": False}
    assert config.rule_settings("same-day-repeat", {"enabled": True}, globex) == {"enabled": True}
    assert config.rule_settings(
        "awaiting-reply", {"enabled": True, "business_days": 5}, globex
    ) == {"enabled": False, "business_days": 5}
