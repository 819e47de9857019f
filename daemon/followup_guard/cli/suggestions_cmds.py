"""`followup-guard suggestions`: interviews found in the inbox, to track with one command."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from typing import Any

from .common import EXIT_OK, emit_json, fail, human_when, open_ctx, opt, table


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "suggestions",
        parents=[common],
        help="interviews found in your inbox, to track",
        description="Interview invitations and scheduling emails found in your INBOX, each "
        "with the company, the round and the people filled in. Accept one to write it into "
        "the config (comments kept; the reminders start), or dismiss it.",
    )
    p.set_defaults(func=cmd_list)
    s = p.add_subparsers(dest="suggestions_command", metavar="ACTION")
    a = s.add_parser(
        "accept",
        parents=[common],
        help="track a suggestion: write its application, round and people into the config",
    )
    a.add_argument("id", type=int, help="the suggestion's number")
    a.add_argument(
        "--as",
        dest="as_app",
        metavar="APP_ID",
        help="add it to this application (or create it under this id)",
    )
    a.set_defaults(func=cmd_accept)
    d = s.add_parser("dismiss", parents=[common], help="not an interview to track: forget it")
    d.add_argument("id", type=int, help="the suggestion's number")
    d.set_defaults(func=cmd_dismiss)


def cmd_list(args: argparse.Namespace) -> int:
    from ..record.suggestions import pending

    ctx = open_ctx(args)
    with ctx:
        items = pending(ctx.store)
        tz = ctx.config.general.timezone
    if opt(args, "json"):
        emit_json({"suggestions": [s.to_json() for s in items]})
        return EXIT_OK
    if not items:
        print(
            "no suggestions: interview invitations that reach your INBOX show up here "
            "(the daemon watches it; or `followup-guard ingest --inbound FILE`)"
        )
        return EXIT_OK
    now = datetime.now(timezone.utc)
    for s in items:
        where = f"adds a round to {s.application}" if s.application else "a new application"
        start = s.round.start
        zone = s.round.timezone or f"no time zone given: read as {tz}"
        when = human_when(start if start.tzinfo else start.replace(tzinfo=tz), now, tz)
        print(f"[{s.id}] {s.headline} ({zone}) - {where}")
        print(f"    round: {s.round.name!r}, {start:%Y-%m-%d %H:%M}-{s.round.end:%H:%M} ({when})")
        if s.zone_note:
            print(f"    note: {s.zone_note}")
        if s.people:
            rows = [(p.name, p.address, p.role) for p in s.people]
            print("    " + table(rows, ["PERSON", "ADDRESS", "ROLE"]).replace("\n", "\n    "))
        print(f"    from: {s.subject!r}" + (f" ({s.tool})" if s.tool else ""))
    print("\ntrack one: followup-guard suggestions accept ID   (or: suggestions dismiss ID)")
    return EXIT_OK


def cmd_accept(args: argparse.Namespace) -> int:
    from ..record.accept import accept
    from ..record.suggestions import SuggestionError

    ctx = open_ctx(args)
    with ctx:
        try:
            done = accept(ctx.config, ctx.store, args.id, args.as_app)
        except SuggestionError as exc:
            fail(str(exc))
    if opt(args, "json"):
        emit_json(done.to_json())
        return EXIT_OK
    what = "new application" if done.created_application else "application"
    people = f", {len(done.people_added)} people added" if done.people_added else ""
    print(
        f"tracking: {what} {done.application}, round {done.round!r}{people}; "
        f"`followup-guard status {done.application}` shows it and its reminders"
    )
    return EXIT_OK


def cmd_dismiss(args: argparse.Namespace) -> int:
    from ..record.accept import dismiss
    from ..record.suggestions import SuggestionError

    ctx = open_ctx(args)
    with ctx:
        try:
            s = dismiss(ctx.store, args.id)
        except SuggestionError as exc:
            fail(str(exc))
    if opt(args, "json"):
        emit_json({"dismissed": s.id})
        return EXIT_OK
    print(f"dismissed suggestion {s.id} ({s.headline})")
    return EXIT_OK
