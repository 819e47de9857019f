"""Subcommands that edit and show the config's applications: init, app."""

from __future__ import annotations

import argparse
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from ..checks.settings import load_checked
from ..config.load import ConfigError
from ..config.model import ROLES, STATUSES, Application, Config
from ..config.paths import resolve
from .common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    SubParsers,
    emit_json,
    fail,
    opt,
    table,
)


def register(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "init",
        parents=[common],
        help="write a commented starter config",
        description="Write a commented starter config (never overwrites one).",
    )
    p.set_defaults(func=cmd_init)

    app = sub.add_parser(
        "app",
        parents=[common],
        help="add, list and show applications",
        description="Track applications, their interview rounds and people. "
        "The TOML config stays the source of truth; your comments "
        "and hand edits are kept.",
    )
    app_sub = app.add_subparsers(dest="app_command", metavar="ACTION")

    def app_usage(args: argparse.Namespace) -> int:
        app.print_help(sys.stderr)
        return EXIT_USAGE

    app.set_defaults(func=app_usage)

    a = app_sub.add_parser("add", parents=[common], help="add an application")
    a.add_argument("id", help="a short id, like acme-backend")
    a.add_argument("--company", required=True)
    a.add_argument("--role", default="")
    a.add_argument(
        "--domain",
        action="append",
        default=[],
        dest="domains",
        help="the company's mail domain (repeatable)",
    )
    a.add_argument("--status", choices=STATUSES, default="active")
    a.add_argument("--decision-date", help="the date they said they would decide (YYYY-MM-DD)")
    a.add_argument(
        "--talking-point",
        action="append",
        default=[],
        dest="talking_points",
        help="something specific from the interview (repeatable)",
    )
    a.set_defaults(func=cmd_app_add)

    r = app_sub.add_parser("round", parents=[common], help="add an interview round")
    r.add_argument("id", help="the application id")
    r.add_argument("name", help="the round's name, like 'onsite'")
    r.add_argument(
        "--start", required=True, help="start, like 2026-11-20T10:00 (local to --timezone)"
    )
    g = r.add_mutually_exclusive_group()
    g.add_argument("--end", help="end, like 2026-11-20T12:00")
    g.add_argument("--length", type=int, metavar="MINUTES", help="length in minutes")
    r.add_argument("--timezone", help="IANA time zone of the round, like America/New_York")
    r.set_defaults(func=cmd_app_round)

    pe = app_sub.add_parser("person", parents=[common], help="add a person to an application")
    pe.add_argument("id", help="the application id")
    pe.add_argument("--name", required=True)
    pe.add_argument("--address", required=True)
    pe.add_argument("--role", choices=ROLES, default="interviewer")
    pe.add_argument("--title", default="")
    pe.add_argument(
        "--round",
        action="append",
        default=[],
        dest="rounds",
        help="a round they sat in (repeatable; default: all)",
    )
    pe.set_defaults(func=cmd_app_person)

    ls = app_sub.add_parser("list", parents=[common], help="list applications")
    ls.set_defaults(func=cmd_app_list)
    sh = app_sub.add_parser("show", parents=[common], help="show one application")
    sh.add_argument("id")
    sh.set_defaults(func=cmd_app_show)
    st = app_sub.add_parser("set-status", parents=[common], help="change an application's status")
    st.add_argument("id")
    st.add_argument("status", choices=STATUSES)
    st.set_defaults(func=cmd_app_status)


def starter_config() -> str:
    return resources.files("followup_guard.config").joinpath("example.toml").read_text("utf-8")


def cmd_init(args: argparse.Namespace) -> int:
    paths = resolve(opt(args, "config"), opt(args, "data_dir"))
    if paths.config.exists():
        fail(f"{paths.config} exists already; edit it, or move it away to start over")
    paths.config.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(paths.config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(starter_config())
    print(f"wrote {paths.config}\nnext: edit it, or add applications with `followup-guard app add`")
    return EXIT_OK


def _config_path(args: argparse.Namespace) -> Path:
    return resolve(opt(args, "config"), opt(args, "data_dir")).config


def _edit(name: str, *a: Any) -> None:
    from ..config import edit  # tomlkit loads only for edits

    try:
        fn = getattr(edit, name)
        fn(*a)
    except edit.EditError as exc:
        fail(str(exc))
    except ConfigError as exc:
        fail("the change was not written, because:\n  " + "\n  ".join(str(p) for p in exc.problems))


def cmd_app_add(args: argparse.Namespace) -> int:
    values: dict[str, Any] = {
        "id": args.id,
        "company": args.company,
        "role": args.role,
        "domains": [d.lower().lstrip("@") for d in args.domains],
        "status": args.status,
        "talking_points": args.talking_points,
    }
    if args.decision_date:
        values["decision_date"] = args.decision_date
    _edit("add_application", _config_path(args), values)
    print(f"added application {args.id} ({args.company})")
    return EXIT_OK


def cmd_app_round(args: argparse.Namespace) -> int:
    values = {
        "name": args.name,
        "start": args.start,
        "end": args.end,
        "length_minutes": args.length,
        "timezone": args.timezone,
    }
    _edit("add_round", _config_path(args), args.id, values)
    print(f"added round {args.name!r} to {args.id}")
    return EXIT_OK


def cmd_app_person(args: argparse.Namespace) -> int:
    values = {
        "name": args.name,
        "address": args.address,
        "role": args.role,
        "title": args.title,
        "rounds": args.rounds,
    }
    _edit("add_person", _config_path(args), args.id, values)
    print(f"added {args.name} <{args.address}> ({args.role}) to {args.id}")
    return EXIT_OK


def cmd_app_status(args: argparse.Namespace) -> int:
    _edit("set_field", _config_path(args), args.id, "status", args.status)
    print(f"{args.id} is now {args.status}")
    return EXIT_OK


def _load(args: argparse.Namespace) -> Config:
    try:
        return load_checked(_config_path(args))
    except ConfigError as exc:
        raise CliError(
            "the config has problems:\n  " + "\n  ".join(str(p) for p in exc.problems)
        ) from None


def _app_json(app: Application) -> dict[str, Any]:
    return {
        "id": app.id,
        "company": app.company,
        "role": app.role,
        "domains": list(app.domains),
        "status": app.status,
        "decision_date": app.decision_date.isoformat() if app.decision_date else None,
        "talking_points": list(app.talking_points),
        "rounds": [
            {
                "name": r.name,
                "start": r.start.isoformat(),
                "end": r.end.isoformat(),
                "timezone": str(r.tz),
            }
            for r in app.rounds
        ],
        "people": [
            {
                "name": p.name,
                "address": p.address,
                "role": p.role,
                "title": p.title,
                "rounds": list(p.rounds),
            }
            for p in app.people
        ],
    }


def cmd_app_list(args: argparse.Namespace) -> int:
    config = _load(args)
    if opt(args, "json"):
        emit_json([_app_json(a) for a in config.applications])
        return EXIT_OK
    if not config.applications:
        print("no applications yet; add one with `followup-guard app add`")
        return EXIT_OK
    rows = [
        (a.id, a.company, a.role, a.status, len(a.rounds), len(a.people))
        for a in config.applications
    ]
    print(table(rows, ["ID", "COMPANY", "ROLE", "STATUS", "ROUNDS", "PEOPLE"]))
    return EXIT_OK


def cmd_app_show(args: argparse.Namespace) -> int:
    config = _load(args)
    app = config.application(args.id)
    if app is None:
        fail(f"no application with id {args.id!r}; `followup-guard app list` shows them")
    if opt(args, "json"):
        emit_json(_app_json(app))
        return EXIT_OK
    print(f"{app.id}: {app.role or 'role?'} at {app.company} ({app.status})")
    print(f"  domains: {', '.join(app.domains) or '-'}")
    if app.decision_date:
        print(f"  decision expected: {app.decision_date:%a %d %b %Y}")
    if app.talking_points:
        print(f"  talking points: {'; '.join(app.talking_points)}")
    for r in app.rounds:
        print(f"  round {r.name}: {r.start:%a %d %b %H:%M}-{r.end:%H:%M} {r.tz}")
    if app.people:
        print(
            table(
                [(p.name, p.address, p.role, p.title) for p in app.people],
                ["PERSON", "ADDRESS", "ROLE", "TITLE"],
            )
        )
    return EXIT_OK
