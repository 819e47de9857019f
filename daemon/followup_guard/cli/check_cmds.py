"""Subcommands of the rule engine: check, rules, snooze, unsnooze."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from datetime import datetime, timezone
from typing import Any

from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    SubParsers,
    emit_json,
    fail,
    human_when,
    open_ctx,
    opt,
    parse_at,
    table,
)

MAX_INPUT = 25 * 1024 * 1024


def register(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    c = sub.add_parser(
        "check",
        parents=[common],
        help="judge a draft before it goes out",
        description="Read one RFC 5322 message or draft (a file, or - for stdin) and report "
        "the timing, recipient-scope and tone rules it breaks. Exit 0: nothing at "
        "warn or block; 1: warn or block findings; 2: usage, input or config error.",
    )
    c.add_argument("file", nargs="?", default="-", metavar="FILE|-")
    c.add_argument("--at", help="pretend the message goes out at this time (ISO 8601)")
    c.add_argument(
        "--bcc",
        action="append",
        default=[],
        metavar="ADDR",
        help="a Bcc recipient that is not in the headers (repeatable)",
    )
    c.add_argument(
        "--requested",
        action="store_true",
        help="the company asked for this message (no timing warnings)",
    )
    c.add_argument(
        "--voicemail",
        action="store_true",
        help="FILE is a voicemail script (plain text), not an email",
    )
    c.set_defaults(func=cmd_check)

    r = sub.add_parser(
        "rules",
        parents=[common],
        help="list the rules, or explain one",
        description="List every rule with its id, category and default "
        "severity; `rules explain ID` says what it does and why.",
    )
    r.add_argument("action", nargs="?", choices=("list", "explain"), default="list")
    r.add_argument("rule", nargs="?", help="the rule id (with explain)")
    r.set_defaults(func=cmd_rules)

    s = sub.add_parser(
        "snooze",
        parents=[common],
        help="silence one rule for one person",
        description="Silence one rule for one person, for some days (default 30) "
        "or until unsnoozed (--days 0). --list shows the snoozes.",
    )
    s.add_argument("rule", nargs="?")
    s.add_argument("--person", metavar="ADDR")
    s.add_argument("--days", type=int, default=30)
    s.add_argument("--list", action="store_true", help="list active snoozes")
    s.set_defaults(func=cmd_snooze)

    u = sub.add_parser("unsnooze", parents=[common], help="undo a snooze")
    u.add_argument("rule")
    u.add_argument("--person", metavar="ADDR", help="only for this person (default: everyone)")
    u.set_defaults(func=cmd_unsnooze)


def _read_input(name: str) -> bytes:
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_INPUT + 1)
        else:
            with open(name, "rb") as fh:
                data = fh.read(MAX_INPUT + 1)
    except FileNotFoundError:
        fail(f"{name}: no such file")
    except IsADirectoryError:
        fail(f"{name}: is a folder, not a message")
    except OSError as exc:
        fail(f"{name}: cannot read: {exc.strerror}")
    if len(data) > MAX_INPUT:
        fail(
            f"{'stdin' if name == '-' else name}: the message is over "
            f"{MAX_INPUT // (1024 * 1024)} MB; that is not a draft followup-guard can judge"
        )
    if not data.strip():
        fail(f"{'stdin' if name == '-' else name}: empty input; expected an RFC 5322 message")
    return data


# The `check --json` contract (docs/architecture.md): exactly these keys, in this order.
CONTRACT_FINDING_KEYS = ("rule", "category", "severity", "message", "fix", "advice", "span")


def contract_json(data: dict[str, Any]) -> dict[str, Any]:
    """Exactly the check contract's keys (the engine's JSON carries a few more)."""
    return {
        "application": data["application"],
        "kind": data["kind"],
        "findings": [{k: f.get(k) for k in CONTRACT_FINDING_KEYS} for f in data["findings"]],
    }


def _print_result(data: dict[str, Any]) -> None:
    findings = data["findings"]
    kind, app = data["kind"], data["application"]
    head = f"{kind} for {app}" if app else kind
    if not findings:
        print(f"ok: {head}; nothing to warn about")
        return
    print(f"{head}: {len(findings)} finding{'s' * (len(findings) != 1)}")
    for f in findings:
        print(f"\n  {f['severity'].upper():5} {f['rule']} ({f['category']})")
        for line in textwrap.wrap(f["message"], 90):
            print(f"        {line}")
        if f.get("span"):
            words = data.get("text", "")[f["span"][0] : f["span"][1]]
            print(f'        at: "{" ".join(words.split())[:80]}"')
        print(f"        fix: {f['fix']}")


def _check_voicemail(args: argparse.Namespace, data: bytes) -> int:
    from ..checks.voicemail import check_voicemail

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        fail(f"{args.file}: a voicemail script must be UTF-8 text")
    with open_ctx(args, readonly=True) as ctx:
        findings = check_voicemail(text, ctx.config)
    if opt(args, "json"):
        emit_json({"application": None, "kind": "voicemail", "findings": findings})
    elif not findings:
        print("ok: the voicemail script is short and says who you are and how to reach you")
    else:
        for f in findings:
            print(f"{f['severity'].upper():5} {f['rule']}: {f['message']}\n      fix: {f['fix']}")
    blocking = any(f["severity"] in ("warn", "block") for f in findings)
    return EXIT_FINDINGS if blocking else EXIT_OK


def _ask_daemon(args: argparse.Namespace, data: bytes) -> dict[str, Any] | None:
    """The running daemon's verdict (it has the rules and config loaded), or None."""
    if args.at:
        parse_at(args.at)  # reject a malformed --at here, with the usual message
    if os.environ.get("FOLLOWUP_GUARD_NO_DAEMON"):
        return None  # (as check_via_daemon would say) without importing the socket client
    from ..client import InputRejected, check_via_daemon
    from ..config.paths import resolve

    paths = resolve(opt(args, "config"), opt(args, "data_dir"))
    try:
        return check_via_daemon(
            paths.data_dir, paths.config, data, at=args.at, bcc=args.bcc, requested=args.requested
        )
    except InputRejected as exc:
        fail(f"{'stdin' if args.file == '-' else args.file}: {exc}")


def cmd_check(args: argparse.Namespace) -> int:
    data = _read_input(args.file)
    if args.voicemail:
        return _check_voicemail(args, data)
    result = _ask_daemon(args, data)
    if result is None:  # no daemon: do the work here
        from ..api import NotAMessage, check_message

        with open_ctx(args, readonly=True) as ctx:
            at = parse_at(args.at, ctx.config.general.timezone)
            try:
                checked = check_message(
                    ctx, data, at=at, extra_bcc=args.bcc, requested=args.requested
                )
            except NotAMessage as exc:
                fail(f"{'stdin' if args.file == '-' else args.file}: {exc}")
        result = {**checked.to_json(), "text": checked.text}
    if opt(args, "json"):
        emit_json(contract_json(result))
    else:
        _print_result(result)
    blocking = any(f["severity"] in ("warn", "block") for f in result["findings"])
    return EXIT_FINDINGS if blocking else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from ..checks.registry import all_rules, get

    rules = all_rules()
    if args.action == "explain":
        if not args.rule:
            fail("which rule? `followup-guard rules` lists the ids")
        try:
            r = get(args.rule)
        except KeyError as exc:
            fail(str(exc.args[0]))
        if opt(args, "json"):
            emit_json(
                {
                    "id": r.id,
                    "category": r.category,
                    "severity": r.severity,
                    "summary": r.summary,
                    "why": r.why,
                    "fix": r.fix,
                    "advice": r.advice,
                    "options": dict(r.options),
                    "bad": [e.text for e in r.bad],
                    "good": [e.text for e in r.good],
                }
            )
            return EXIT_OK
        print(f"{r.id} ({r.category}, {r.severity} by default)\n")
        print("What it does\n  " + "\n  ".join(textwrap.wrap(r.summary, 86)) + "\n")
        print("Why it matters\n  " + "\n  ".join(textwrap.wrap(r.why, 86)) + "\n")
        print("How to fix it\n  " + "\n  ".join(textwrap.wrap(r.fix, 86)) + "\n")
        print("Where the advice comes from\n  " + "\n  ".join(textwrap.wrap(r.advice, 86)))
        if r.options:
            opts = ", ".join(f"{k} = {v!r}" for k, v in r.options.items())
            print(f"\nSettings ([rules.{r.id}] in the config)\n  enabled, severity, {opts}")
        for label, examples in (
            ("Example that fires", r.bad[:1]),
            ("Example that passes", r.good[:1]),
        ):
            for e in examples:
                print(f"\n{label}\n  " + "\n  ".join(e.text.strip().splitlines()))
                if e.note:
                    print(f"  ({e.note})")
        return EXIT_OK
    if opt(args, "json"):
        emit_json(
            [
                {"id": r.id, "category": r.category, "severity": r.severity, "summary": r.summary}
                for r in rules.values()
            ]
        )
        return EXIT_OK
    rows = [
        (r.id, r.category, r.severity, r.summary)
        for r in sorted(
            rules.values(), key=lambda r: (("timing", "scope", "tone").index(r.category), r.id)
        )
    ]
    print(table(rows, ["RULE", "CATEGORY", "SEVERITY", "WHAT IT CHECKS"]))
    return EXIT_OK


def cmd_snooze(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    with ctx:
        now = datetime.now(timezone.utc)
        if args.list:
            rows = ctx.store.snoozes(now)
            if opt(args, "json"):
                emit_json([{"rule": r, "person": p, "until": u} for r, p, u in rows])
            elif not rows:
                print("no snoozes")
            else:
                tz = ctx.config.general.timezone
                print(
                    table(
                        [
                            (r, p, human_when(u, now, tz) if u else "until unsnoozed")
                            for r, p, u in rows
                        ],
                        ["RULE", "PERSON", "UNTIL"],
                    )
                )
            return EXIT_OK
        if not args.rule or not args.person:
            fail("usage: followup-guard snooze RULE --person ADDR [--days N]  (or --list)")
        try:
            from ..api import snooze

            until = snooze(ctx, args.rule, args.person, args.days or None)
        except KeyError as exc:
            fail(str(exc.args[0]))
        when = human_when(until, now, ctx.config.general.timezone) if until else "you unsnooze"
        print(f"{args.rule} is silenced for {args.person} until {when}")
    return EXIT_OK


def cmd_unsnooze(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    with ctx:
        n = ctx.store.unsnooze(args.rule, args.person)
    print(f"removed {n} snooze{'s' * (n != 1)}")
    return EXIT_OK
