"""Subcommands of the sendmail shim: sendmail, allow, install mutt | neomutt | aerc | git."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from .common import EXIT_OK, CliError, SubParsers, emit_json, open_ctx, opt

_ID = re.compile(r"^[0-9a-f]{12}$")


def register(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    # sendmail's flags (-t, -oi, -f ADDR, -- ...) must reach the shim verbatim: this parser
    # knows no option prefix, so argparse treats every argument as a plain word.
    # (`followup-guard sendmail ...` is also routed straight to the shim by cli.main.)
    s = sub.add_parser(
        "sendmail",
        prefix_chars="\x00",
        add_help=False,
        help="a drop-in for sendmail that checks each message first "
        "(also installed as followup-guard-sendmail)",
        description="Read a message on stdin and recipients as arguments, like "
        "sendmail; check it; hand it to the real sender (msmtp) if "
        "nothing is wrong, else exit 77 with the reason.",
    )
    s.add_argument("sendmail_args", nargs=argparse.REMAINDER)
    s.set_defaults(func=cmd_sendmail)

    a = sub.add_parser(
        "allow",
        parents=[common],
        help="let one refused message through once (10 minutes)",
        description="Let exactly one message that followup-guard-sendmail "
        "refused go out on the next try, within 10 minutes. ID is "
        "the one printed with the refusal; --last takes the last "
        "refusal (aerc hides the printed one).",
    )
    a.add_argument("id", nargs="?", metavar="ID", help="the 12-digit id from the refusal")
    a.add_argument(
        "--last", action="store_true", help="show the last refusal and allow that message"
    )
    a.set_defaults(func=cmd_allow)


def register_install(install_sub: SubParsers, common: argparse.ArgumentParser) -> None:
    helps = {
        "mutt": "put the sendmail shim in front of mutt ($sendmail)",
        "neomutt": "put the sendmail shim in front of NeoMutt ($sendmail)",
        "aerc": "put the sendmail shim in front of aerc (outgoing = ...)",
        "git": "put the sendmail shim in front of git send-email (sendemail.sendmailCmd)",
    }
    for client, text in helps.items():
        p = install_sub.add_parser(
            client,
            parents=[common],
            help=text,
            description=text + ". Prints the lines; --write adds them after asking.",
        )
        p.add_argument(
            "--write",
            action="store_true",
            help="write the lines (asks first; a copy of the old file is kept)",
        )
        p.add_argument("-y", "--yes", action="store_true", help="with --write: do not ask")
        if client == "git":
            p.add_argument(
                "--hook",
                action="store_true",
                help="install the sendemail-validate hook in this repository "
                "instead (sees the patch only, not --to/--cc/--bcc)",
            )
        p.set_defaults(func=cmd_install, client=client)


# --------------------------------------------------------------------------- sendmail


def cmd_sendmail(args: argparse.Namespace) -> int:
    from ..bridges.sendmail import main

    return main(
        list(args.sendmail_args), config=opt(args, "config"), data_dir=opt(args, "data_dir")
    )


# --------------------------------------------------------------------------- allow


def _last_refusal(data_dir: os.PathLike[str] | str) -> dict[str, Any]:
    from ..bridges.sendmail_refusal import REFUSAL_FILE

    path = os.path.join(os.fspath(data_dir), REFUSAL_FILE)
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise CliError(
            "no refused message on record; give the ID printed with the refusal"
        ) from None
    except (OSError, ValueError) as exc:
        raise CliError(f"cannot read the last refusal ({path}): {exc}") from None
    if not isinstance(data, dict) or not _ID.match(str(data.get("id", ""))):
        raise CliError(f"the last refusal ({path}) is unreadable; give the ID instead")
    return data


def cmd_allow(args: argparse.Namespace) -> int:
    from ..bridges.sendmail_allow import ALLOW_MINUTES, was_refused

    if bool(args.id) == bool(args.last):
        raise CliError("give the ID printed with the refusal, or --last (not both)")
    ctx = open_ctx(args)
    with ctx:
        if args.last:
            last = _last_refusal(ctx.paths.data_dir)
            allow_id = last["id"]
            age = time.time() - float(last.get("at", 0))
            if not opt(args, "json"):
                sys.stdout.write(str(last.get("text", "")))
                if age > 3600:
                    print(f"(refused {int(age // 3600)} h ago)")
        else:
            allow_id = args.id.strip().lower()
            if not _ID.match(allow_id):
                raise CliError(
                    f"{args.id!r} is not an allowance id: it is the 12 hex digits "
                    "printed after `followup-guard allow` in the refusal"
                )
        if was_refused(ctx.paths.data_dir, allow_id, time.time()) is None:
            raise CliError(
                f"followup-guard-sendmail has not refused a message with id {allow_id} in "
                "the last 24 hours, so there is nothing to allow: `allow` only lets through a "
                "message the guard refused and showed you; send it again to see its findings "
                "and its id"
            )
        until = datetime.now(timezone.utc) + timedelta(minutes=ALLOW_MINUTES)
        ctx.store.add_allowance(allow_id, until)
        local = until.astimezone(ctx.config.general.timezone)
    if opt(args, "json"):
        emit_json({"id": allow_id, "expires_at": until.isoformat()})
    else:
        print(
            f"allowed {allow_id}: send that message again before {local:%H:%M} and it goes "
            "through once (the same message to the same recipients only)"
        )
    return EXIT_OK


# --------------------------------------------------------------------------- install


def _confirm(question: str) -> bool:
    """Ask on the terminal; no terminal means no."""
    try:
        tty = open("/dev/tty", "r+", encoding="utf-8")  # noqa: SIM115
    except OSError:
        if not sys.stdin.isatty():
            raise CliError("cannot ask (no terminal); add --yes to write without asking") from None
        tty = None
    try:
        out = tty or sys.stderr
        out.write(question + " [y/N] ")
        out.flush()
        answer = (tty.readline() if tty else sys.stdin.readline()).strip().lower()
    finally:
        if tty:
            tty.close()
    return answer in ("y", "yes")


def cmd_install(args: argparse.Namespace) -> int:
    from ..bridges import terminal_install as ti

    plan = ti.plan_for(args.client, hook=bool(opt(args, "hook")))
    if opt(args, "json"):
        emit_json(
            {
                "client": plan.client,
                "target": str(plan.target) if plan.target else None,
                "snippet": plan.snippet,
                "commands": plan.commands,
                "notes": plan.notes,
            }
        )
        if not args.write:
            return EXIT_OK
    else:
        where = (
            f"add to {plan.target}"
            if plan.target
            else "run"
            if plan.commands
            else "add to your config"
        )
        print(f"# {where}:")
        sys.stdout.write(plan.snippet)
        for note in plan.notes:
            print(f"\nnote: {note}", file=sys.stderr)
    if not args.write:
        if plan.writable and not opt(args, "json"):
            print(
                f"\n(run `followup-guard install {args.client}"
                f"{' --hook' if opt(args, 'hook') else ''} --write` to apply)",
                file=sys.stderr,
            )
        return EXIT_OK
    if not plan.writable:
        print("nothing to write", file=sys.stderr)
        return EXIT_OK
    what = f"Write this to {plan.target}?" if plan.new_text is not None else "Run this?"
    if not args.yes and not _confirm(what):
        print("nothing written", file=sys.stderr)
        return EXIT_OK
    try:
        done = ti.apply(plan)
    except OSError as exc:
        raise CliError(str(exc)) from None
    for line in done:
        print(line, file=sys.stderr)
    return EXIT_OK
