"""Subcommands that keep the record: init, app, log, ingest, status, doctor."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from ..api import Context, NotAMessage, UnknownSender, record_message
from ..checks.registry import all_rules
from ..config.load import ConfigError, load_config
from ..config.model import ROLES, STATUSES, Application
from ..config.paths import resolve
from ..record.history import build_history
from ..record.schedule import (
    AWAIT_BUSINESS_DAYS,
    INQUIRY_DAYS,
    THANK_YOU_HOURS,
    awaiting_reply_until,
    contacts_in_window,
    inquiry_ok_from,
    thank_you_states,
)
from .common import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    emit_json,
    fail,
    human_when,
    open_ctx,
    opt,
    parse_at,
    table,
)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
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
    app.set_defaults(func=lambda a: (app.print_help(sys.stderr), EXIT_USAGE)[1])

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

    lg = sub.add_parser(
        "log",
        parents=[common],
        help="record a call, voicemail, meeting or note",
        description="Record a contact that never passed through mail: calls, "
        "voicemails and meetings count toward the follow-up "
        "limits; a note is a memo for yourself and does not.",
    )
    lg.add_argument("channel", choices=("call", "voicemail", "meeting", "note"))
    lg.add_argument("application", help="the application id")
    lg.add_argument("--person", default="", help="the person's address")
    lg.add_argument("--at", help="when (ISO 8601; default now)")
    lg.add_argument("--note", default="", help="a few words on what was said")
    lg.set_defaults(func=cmd_log)

    ing = sub.add_parser(
        "ingest",
        parents=[common],
        help="record messages from files",
        description="Record .eml files, mbox files or Maildir folders. "
        "Ingesting the same message twice counts it once.",
    )
    ing.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    ing.add_argument("--maildir", action="append", type=Path, default=[], metavar="DIR")
    ing.add_argument(
        "--inbound",
        action="store_true",
        help="these are received messages (default: decided by the From address)",
    )
    ing.set_defaults(func=cmd_ingest)

    s = sub.add_parser(
        "status",
        parents=[common],
        help="where each application stands",
        description="Per application: rounds, thank-yous and their deadlines, "
        "recent contacts, replies awaited, when an inquiry is fine.",
    )
    s.add_argument("application", nargs="?", help="only this application")
    s.add_argument("--at", help="as of this time (ISO 8601; default now)")
    s.set_defaults(func=cmd_status)

    d = sub.add_parser(
        "doctor",
        parents=[common],
        help="check config, store and accounts",
        description="Check that the config is valid, the store readable, each "
        "account reachable and the daemon running.",
    )
    d.add_argument("--offline", action="store_true", help="do not contact mail servers")
    d.set_defaults(func=cmd_doctor)


# -- init / app ---------------------------------------------------------------------------


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


def _load(args: argparse.Namespace):
    try:
        return load_config(_config_path(args))
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


# -- log / ingest -------------------------------------------------------------------------


def cmd_log(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    with ctx:
        app = ctx.config.application(args.application)
        if app is None:
            fail(
                f"no application with id {args.application!r}; `followup-guard app list` shows them"
            )
        person = args.person.lower()
        if person and app.person(person) is None and not app.owns_domain(person.rpartition("@")[2]):
            fail(
                f"{args.person} is not one of {app.company}'s people; add them with "
                f"`followup-guard app person {app.id} ...`"
            )
        at = parse_at(args.at, ctx.config.general.timezone) or datetime.now(timezone.utc)
        ctx.store.add_contact(app.id, person, args.channel, at, args.note)
    print(
        f"logged {args.channel} with {app.company}"
        f"{' (' + args.person + ')' if args.person else ''} at "
        f"{at.astimezone(ctx.config.general.timezone):%a %d %b %H:%M}"
    )
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    from ..sources.files import ReadProblem, iter_paths

    paths = list(args.paths) + list(args.maildir)
    if not paths:
        fail("give files, mbox files or Maildir folders to ingest (or --maildir DIR)")
    ctx = open_ctx(args)
    new = dup = bad = 0
    per_app: dict[str, int] = {}
    with ctx:
        for item in iter_paths(paths):
            if isinstance(item, ReadProblem):
                print(f"{item.label}: skipped: {item.message}", file=sys.stderr)
                bad += 1
                continue
            label = item.label
            try:
                out = record_message(
                    ctx,
                    item.raw,
                    source="file",
                    direction="in" if args.inbound else None,
                    at=item.folder_date,
                )
            except (NotAMessage, UnknownSender) as exc:
                print(f"{label}: skipped: {exc}", file=sys.stderr)
                bad += 1
                continue
            if out.new:
                new += 1
                if out.application:
                    per_app[out.application] = per_app.get(out.application, 0) + 1
            else:
                dup += 1
            if opt(args, "verbose"):
                state = "recorded" if out.new else "already stored"
                print(f"{label}: {state} ({out.direction}, {out.application or 'no application'})")
    if opt(args, "json"):
        emit_json({"new": new, "already_stored": dup, "skipped": bad, "by_application": per_app})
    else:
        apps = ", ".join(f"{k}: {v}" for k, v in sorted(per_app.items())) or "none matched"
        print(f"recorded {new} new, {dup} already stored, {bad} skipped ({apps})")
    return EXIT_OK if not bad else EXIT_USAGE if not new and not dup else EXIT_OK


# -- status -------------------------------------------------------------------------------


def app_status(ctx: Context, app: Application, now: datetime) -> dict[str, Any]:
    """The figures `status` shows for one application, all derived from stored rows."""
    history = build_history(ctx.config, ctx.store, app, before=now)
    rules = all_rules()

    def setting(rule_id: str, key: str, default: float) -> float:
        """The value the timing rule uses (its default, [rules.ID], the app's override)."""
        rule = rules.get(rule_id)
        opts = ctx.config.rule_settings(rule_id, dict(rule.options) if rule else {}, app)
        return float(opts.get(key, default))

    ty = [
        {
            "person": s.person.name,
            "address": s.person.address,
            "round": s.round.name,
            "due": s.due,
            "sent": s.sent.at if s.sent else None,
            "late": bool(s.sent and s.sent.at > s.due) or (not s.sent and now > s.due),
        }
        for s in thank_you_states(
            app, history, now, setting("thank-you-late", "hours", THANK_YOU_HOURS)
        )
    ]
    outbound = history.outbound
    awaiting = awaiting_reply_until(
        ctx.config, history, int(setting("awaiting-reply", "business_days", AWAIT_BUSINESS_DAYS))
    )
    return {
        "id": app.id,
        "company": app.company,
        "status": app.status,
        "rounds": [{"name": r.name, "start": r.start, "end": r.end} for r in app.rounds],
        "thank_yous": ty,
        "contacts_last_7_days": len(contacts_in_window(history, now)),
        "last_contact": outbound[-1].at if outbound else None,
        "last_reply": history.last_inbound().at if history.last_inbound() else None,
        "awaiting_reply_since": awaiting[0].at if awaiting else None,
        "awaiting_reply_until": awaiting[1] if awaiting else None,
        "inquiry_ok_from": inquiry_ok_from(
            app, history, now, setting("inquiry-too-soon", "days", INQUIRY_DAYS)
        ),
    }


def _reminders(ctx: Context, now: datetime) -> list[Any]:
    try:
        from ..record.reminders import due_reminders
    except ImportError:  # the reminders module ships with the daemon
        return []
    return due_reminders(ctx.config, ctx.store, now)


def cmd_status(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    with ctx:
        tz = ctx.config.general.timezone
        now = parse_at(opt(args, "at"), tz) or datetime.now(timezone.utc)
        apps = ctx.config.applications
        if args.application:
            app = ctx.config.application(args.application)
            if app is None:
                fail(f"no application with id {args.application!r}")
            apps = (app,)
        data = [app_status(ctx, a, now) for a in apps]
        reminders = _reminders(ctx, now)
    if opt(args, "json"):
        emit_json(
            {
                "at": now,
                "applications": data,
                "reminders": [getattr(r, "to_json", lambda r=r: vars(r))() for r in reminders],
            }
        )
        return EXIT_OK
    if not data:
        print("no applications yet; add one with `followup-guard app add`")
    for s in data:
        w = lambda d: human_when(d, now, tz)  # noqa: E731
        print(f"{s['id']} - {s['company']} ({s['status']})")
        for r in s["rounds"]:
            print(f"  round {r['name']}: {w(r['start'])}")
        if s["thank_yous"]:
            rows = [
                (
                    t["person"],
                    t["round"],
                    w(t["sent"]) if t["sent"] else "not yet",
                    w(t["due"]) + (" (late)" if t["late"] else ""),
                )
                for t in s["thank_yous"]
            ]
            print(
                "  "
                + table(rows, ["INTERVIEWER", "ROUND", "THANK-YOU", "DUE"]).replace("\n", "\n  ")
            )
        print(f"  contacts in the last 7 days: {s['contacts_last_7_days']}")
        print(f"  last contact: {w(s['last_contact'])}   last reply: {w(s['last_reply'])}")
        if s["awaiting_reply_since"]:
            print(
                f"  awaiting a reply since: {w(s['awaiting_reply_since'])} "
                f"(give it until {w(s['awaiting_reply_until'])})"
            )
        if s["inquiry_ok_from"]:
            ok = s["inquiry_ok_from"]
            print(f"  status inquiry fine from: {w(ok)}" + (" (now)" if ok <= now else ""))
        print()
    if reminders:
        print("reminders:")
        for r in reminders:
            print(f"  [{getattr(r, 'id', '?')}] {getattr(r, 'message', r)}")
    return EXIT_OK


# -- doctor -------------------------------------------------------------------------------


def cmd_doctor(args: argparse.Namespace) -> int:
    paths = resolve(opt(args, "config"), opt(args, "data_dir"))
    report: list[tuple[str, bool, str]] = []
    try:
        config = load_config(paths.config)
        report.append(
            (
                "config",
                True,
                f"{paths.config}: {len(config.applications)} "
                f"applications, {len(config.accounts)} accounts",
            )
        )
    except ConfigError as exc:
        config = None
        report.append(("config", False, "; ".join(str(p) for p in exc.problems)))
    try:
        from ..store.db import Store, StoreError

        with Store(paths.store, readonly=True) as store:
            report.append(("store", True, f"{paths.store}: {store.message_count()} messages"))
            for acc, folder, uidv, last, when in store.folders():
                report.append(
                    (
                        f"folder {acc}/{folder}",
                        True,
                        f"UIDVALIDITY {uidv}, last UID {last}, synced {when:%Y-%m-%d %H:%M}Z",
                    )
                )
    except StoreError as exc:
        report.append(("store", False, str(exc)))
    try:
        from ..service.state import daemon_status

        st = daemon_status(paths)
        report.append(("daemon", bool(st.get("running")), st.get("summary", "")))
    except ImportError:
        pass
    if config is not None and not opt(args, "offline"):
        try:
            from ..sources.imap_connect import probe_account
        except ImportError:
            probe_account = None
        for acc in config.accounts:
            if probe_account is None:
                break
            ok, detail = probe_account(acc)
            report.append((f"account {acc.id}", ok, detail))
    if opt(args, "json"):
        emit_json([{"check": c, "ok": ok, "detail": d} for c, ok, d in report])
    else:
        for c, ok, d in report:
            print(f"{'ok  ' if ok else 'FAIL'} {c}: {d}")
    return EXIT_OK if all(ok for c, ok, _ in report if c != "daemon") else EXIT_USAGE
