"""Subcommands that keep the record and read it: log, ingest, status."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..api import Context, NotAMessage, UnknownSender, record_message
from ..checks.registry import all_rules
from ..config.model import Application
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
    SubParsers,
    emit_json,
    fail,
    human_when,
    open_ctx,
    opt,
    parse_at,
    table,
)


def register(sub: SubParsers, common: argparse.ArgumentParser) -> None:
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
    # The company's own message turned it down (mail/decision.py): the checks and reminders
    # treat the application as rejected, so no inquiry window is shown either.
    turned_down = history.rejected_at if not app.closed else None
    awaiting = awaiting_reply_until(
        ctx.config, history, int(setting("awaiting-reply", "business_days", AWAIT_BUSINESS_DAYS))
    )
    return {
        "id": app.id,
        "company": app.company,
        "status": app.status,
        "turned_down_by_mail": turned_down,
        "rounds": [{"name": r.name, "start": r.start, "end": r.end} for r in app.rounds],
        "thank_yous": ty,
        "contacts_last_7_days": len(contacts_in_window(history, now)),
        "last_contact": outbound[-1].at if outbound else None,
        "last_reply": last_in.at if (last_in := history.last_inbound()) else None,
        "awaiting_reply_since": awaiting[0].at if awaiting else None,
        "awaiting_reply_until": awaiting[1] if awaiting else None,
        "inquiry_ok_from": None
        if turned_down
        else inquiry_ok_from(app, history, now, setting("inquiry-too-soon", "days", INQUIRY_DAYS)),
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

        def w(d: datetime | None) -> str:
            return human_when(d, now, tz)

        print(f"{s['id']} - {s['company']} ({s['status']})")
        if s["turned_down_by_mail"]:
            print(
                f"  turned down in their message of {w(s['turned_down_by_mail'])}: checked as "
                f"rejected (if that was misread, set decisions_by_mail = false for {s['id']})"
            )
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
