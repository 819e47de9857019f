#!/usr/bin/env python3
"""How well interview invitations become the right suggestions.

    python scripts/accuracy_invitations.py [--verbose] [--json]

The corpus (tests/invitations/corpus.py): real calendars from the icalendar project's test
suite, wrapped into invitation emails as Google Calendar, Outlook/Exchange and Thunderbird
send them (as they are: not interviews; as interview variants: the same calendars with an
interview's title and a company's people), and scheduling emails in the hiring tools' shapes
written for this project. Each case runs through the real recorder into a fresh store.

On interview invitations: the share of cases whose suggestion has the right company, the
right start (to the minute, with the right UTC offset and, where the invitation names one, the
right IANA zone) and the right interviewers (goal: each >= 0.9). On non-interview
invitations: the share that made a suggestion (goal: <= 5 %).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "invitations"))
sys.path.insert(0, str(REPO / "daemon"))

import corpus  # noqa: E402
from followup_guard.api import open_context  # noqa: E402
from followup_guard.mail.parse import parse_bytes  # noqa: E402
from followup_guard.record.suggest import consider  # noqa: E402
from followup_guard.record.suggestions import Suggestion, pending  # noqa: E402


def same_start(got: Suggestion, case: corpus.Case) -> bool:
    want = case.start
    have = got.round.start
    if want is None:
        return False
    if want.tzinfo is None or have.tzinfo is None:
        # no zone in the invitation: the same wall clock, and no zone claimed
        return (
            want.tzinfo is None
            and have.tzinfo is None
            and want.replace(second=0, microsecond=0) == have.replace(second=0, microsecond=0)
            and got.round.timezone is None
        )
    if abs(have - want) >= timedelta(minutes=1) or have.utcoffset() != want.utcoffset():
        return False
    return case.timezone is None or got.round.timezone == case.timezone


def run_case(case: corpus.Case, work: Path) -> tuple[Suggestion | None, list[str]]:
    home = work / case.name.replace("/", "_")
    home.mkdir(parents=True)
    (home / "config.toml").write_text(corpus.CONFIG)
    with open_context(home / "config.toml", home / "data") as ctx:
        outcomes = consider(ctx.config, ctx.store, parse_bytes(case.raw), now=case.now)
        found = pending(ctx.store)
    return (found[0] if found else None), [f"{o.action}: {o.message}" for o in outcomes]


def all_right(r: dict[str, object]) -> bool:
    return bool(r.get("company") and r.get("start") and r.get("interviewers"))


def measure(verbose: bool = False) -> dict[str, object]:
    cases = corpus.all_cases()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            got, lines = run_case(case, Path(tmp))
            row = {"case": case.name, "source": case.source, "interview": case.interview,
                   "suggested": got is not None, "lines": lines}  # fmt: skip
            if case.interview and got is not None:
                interviewers = sorted(p.address for p in got.people if p.role == "interviewer")
                row |= {
                    "company": got.company == case.company,
                    "start": same_start(got, case),
                    "interviewers": interviewers == case.interviewers,
                    "got": {"company": got.company, "start": got.round.start.isoformat(),
                            "timezone": got.round.timezone, "interviewers": interviewers},
                    "want": {"company": case.company,
                             "start": case.start.isoformat() if case.start else None,
                             "timezone": case.timezone, "interviewers": case.interviewers},
                }  # fmt: skip
            rows.append(row)
    interviews = [r for r in rows if r["interview"]]
    others = [r for r in rows if not r["interview"]]

    def share(key: str, among: list[dict]) -> float:
        return sum(1 for r in among if r.get(key) is True) / len(among) if among else 0.0

    result = {
        "at": datetime.now().isoformat(timespec="seconds"),
        "interview_invitations": len(interviews),
        "interview_invitations_real": sum(1 for r in interviews if r["source"] == "real"),
        "interview_invitations_written": sum(1 for r in interviews if r["source"] == "written"),
        "suggested": share("suggested", interviews),
        "right_company": share("company", interviews),
        "right_start": share("start", interviews),
        "right_interviewers": share("interviewers", interviews),
        "all_three_right": sum(1 for r in interviews if all_right(r)) / max(1, len(interviews)),
        "non_interview_invitations": len(others),
        "non_interview_suggested": share("suggested", others),
        "misses": [r for r in interviews if not all_right(r)],
        "false_suggestions": [r for r in others if r["suggested"]],
    }  # fmt: skip
    if verbose:
        for r in rows:
            mark = "ok" if (r["interview"] == r["suggested"]) else "XX"
            print(f"{mark} {r['case']}: " + "; ".join(r["lines"])[:160], file=sys.stderr)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--verbose", action="store_true", help="one line per case on stderr")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    r = measure(args.verbose)
    if args.json:
        print(json.dumps(r, indent=2, default=str))
        return 0
    n = r["interview_invitations"]
    print(
        f"interview invitations: {n} ({r['interview_invitations_real']} real calendars made "
        f"interviews, {r['interview_invitations_written']} written in the hiring tools' shapes)"
    )
    for key, label in (
        ("suggested", "suggested at all"),
        ("right_company", "right company"),
        ("right_start", "right start (minute, zone)"),
        ("right_interviewers", "right interviewers"),
        ("all_three_right", "all three right"),
    ):
        print(f"  {label:<28} {r[key]:.3f}")
    print(
        f"non-interview invitations: {r['non_interview_invitations']}; "
        f"suggestions made: {r['non_interview_suggested']:.1%}"
    )
    for m in r["misses"]:
        print(f"  miss: {m['case']}: got {m.get('got')} want {m.get('want')}")
    for m in r["false_suggestions"]:
        print(f"  false suggestion: {m['case']}")
    ok = min(r["right_company"], r["right_start"], r["right_interviewers"]) >= 0.9
    return 0 if ok and r["non_interview_suggested"] <= 0.05 else 1


if __name__ == "__main__":
    raise SystemExit(main())
