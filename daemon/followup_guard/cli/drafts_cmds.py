"""`followup-guard drafts`: the drafts the running daemon is watching, with their findings.

The drafts live only in the daemon's memory (nothing of a draft is written to disk), so this
command asks the daemon over its socket and says so plainly when no daemon runs.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from .common import CliError, emit_json, opt

EXIT_NO_DAEMON = 3


@dataclass(frozen=True)
class ShownFinding:
    """A finding from the daemon's JSON, with the attributes the findings window reads."""

    rule: str
    severity: str
    message: str
    fix: str


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "drafts",
        parents=[common],
        help="the drafts being written that concern tracked applications, with their findings",
        description="List the drafts the running daemon watches (IMAP Drafts folders and "
        "drafts Maildirs) that concern a tracked application or a reference, with what "
        "followup-guard found in each. Needs the daemon: drafts are kept only in its memory.",
    )
    p.add_argument("--show", metavar="ID", help="open the findings window of one draft")
    p.set_defaults(func=cmd_drafts)


def _data_dir(args: argparse.Namespace) -> Any:
    from ..config.paths import resolve

    return resolve(opt(args, "config"), opt(args, "data_dir")).data_dir


def cmd_drafts(args: argparse.Namespace) -> int:
    from ..client import NoDaemon, drafts_from_daemon

    data_dir = _data_dir(args)
    try:
        drafts = drafts_from_daemon(data_dir)
    except NoDaemon as exc:
        raise CliError(
            f"no followup-guard daemon answers for {data_dir} ({exc}); drafts are kept only "
            "in the running daemon's memory: start it with `followup-guard daemon`",
            EXIT_NO_DAEMON,
        ) from None
    if opt(args, "show"):
        return _show(drafts, str(args.show))
    if opt(args, "json"):
        emit_json({"drafts": drafts})
        return 0
    if not drafts:
        print("No drafts about a tracked application right now.")
        return 0
    now = datetime.now(timezone.utc)
    for d in drafts:
        print(_heading(d, now))
        findings = d.get("findings") or []
        for f in findings:
            print(f"  [{f.get('severity')}] {f.get('rule')}: {f.get('message')}")
            if f.get("fix"):
                print(f"      Fix: {f['fix']}")
        if not findings:
            print("  no findings")
        if d.get("held"):
            n = int(d["held"])
            print(f"  ({n} more once the letter looks finished)")
    return 0


def _heading(d: dict[str, Any], now: datetime) -> str:
    saved = ""
    if d.get("saved"):
        try:
            secs = (now - datetime.fromisoformat(d["saved"])).total_seconds()
            saved = f", saved {int(secs // 60)} min ago" if secs >= 60 else ", saved just now"
        except (TypeError, ValueError):
            pass
    to = ", ".join(d.get("to") or []) or "(no recipients)"
    app = d.get("application") or d.get("kind") or "?"
    return f"{d.get('id')}  “{d.get('subject') or '(no subject)'}” to {to} [{app}]{saved}"


def _show(drafts: list[dict[str, Any]], draft_id: str) -> int:
    from ..bridges.dialog import show_findings

    draft = next((d for d in drafts if d.get("id") == draft_id), None)
    if draft is None:
        raise CliError(f"no draft {draft_id!r} is being watched (sent or discarded since?)")
    findings = [
        ShownFinding(
            str(f.get("rule", "")),
            str(f.get("severity", "")),
            str(f.get("message", "")),
            str(f.get("fix") or ""),
        )
        for f in draft.get("findings") or []
    ]
    if not show_findings(findings, str(draft.get("subject") or ""), list(draft.get("to") or [])):
        for f in findings:
            print(f"[{f.severity}] {f.rule}: {f.message}")
    return 0
