"""Run labelled "worlds" of cases through the real engine and count every firing per rule.

A world is a folder with ``config.toml`` (the user's record), ``histories.toml`` (named contact
histories) and case files (``*.toml``, in the folder or below it; a subfolder with its own
``config.toml`` is a world of its own). See tests/corpus/README.md for the case format.

Every firing on every case counts: a rule that fires is *expected* (true positive), *allowed*
(the case says it may fire; not counted either way) or *false* (false positive); an expected
rule that does not fire is a miss (false negative). On a ``clean`` case the letter should open
no dialog: any warn or block finding is false, whatever the case lists.

Used by tests/test_corpus.py (the development corpus) and scripts/accuracy.py (any worlds).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any

from followup_guard.api import CheckResult, Context, check_message, record_message
from followup_guard.checks.settings import load_checked
from followup_guard.config.paths import Paths
from followup_guard.store.db import Store

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPUS = Path(__file__).parent / "corpus"
DEFAULT_AT = "2026-11-21T09:30:00-05:00"  # the morning after Acme's onsite
_WORLD_FILES = {"config.toml", "histories.toml"}


@dataclass
class Case:
    id: str
    file: str
    message: str
    at: datetime
    history: str | None = None
    expect: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    forbid: list[str] = field(default_factory=list)
    clean: bool = False
    requested: bool = False


def _case_files(root: Path) -> Iterator[Path]:
    """Case files of the world at ``root``, not descending into nested worlds."""
    for path in sorted(root.iterdir()):
        if path.is_dir():
            if not (path / "config.toml").exists():
                yield from _case_files(path)
        elif path.suffix == ".toml" and path.name not in _WORLD_FILES:
            yield path


def load_cases(root: Path = CORPUS) -> list[Case]:
    cases: list[Case] = []
    for path in _case_files(root):
        data = tomllib.loads(path.read_text("utf-8"))
        for c in data.get("case", []):
            cases.append(
                Case(
                    id=c["id"],
                    file=str(path.relative_to(root)),
                    message=c["message"],
                    at=datetime.fromisoformat(c.get("at", DEFAULT_AT)),
                    history=c.get("history"),
                    expect=list(c.get("expect", [])),
                    allow=list(c.get("allow", [])),
                    forbid=list(c.get("forbid", [])),
                    clean=bool(c.get("clean", False)),
                    requested=bool(c.get("requested", False)),
                )
            )
    return cases


def find_worlds(roots: Iterable[Path]) -> list[Path]:
    """Every world (a folder with config.toml) at or below each of ``roots``."""
    out: list[Path] = []
    for root in roots:
        out.extend(sorted(p.parent for p in root.rglob("config.toml")))
    return out


def _as_message(m: dict[str, Any]) -> bytes:
    msg = EmailMessage()
    msg["From"] = m["from"]
    msg["To"] = ", ".join(m.get("to", []))
    if m.get("cc"):
        msg["Cc"] = ", ".join(m["cc"])
    msg["Subject"] = m.get("subject", "")
    msg["Date"] = format_datetime(datetime.fromisoformat(m["at"]))
    msg["Message-ID"] = m.get("message_id") or make_msgid(domain="corpus.example")
    if m.get("in_reply_to"):
        msg["In-Reply-To"] = m["in_reply_to"]
        msg["References"] = m["in_reply_to"]
    msg.set_content(m.get("body", ""))
    return msg.as_bytes()


class World:
    """A world's config, and a fresh in-memory store per case seeded with its history."""

    def __init__(self, root: Path = CORPUS) -> None:
        self.root = root
        self.config = load_checked(root / "config.toml")
        hist = root / "histories.toml"
        self.histories: dict[str, Any] = (
            tomllib.loads(hist.read_text("utf-8")).get("sets", {}) if hist.exists() else {}
        )

    def cases(self) -> list[Case]:
        return load_cases(self.root)

    def context(self, history: str | None) -> Context:
        ctx = Context(self.config, Store(":memory:"), Paths(self.root / "config.toml", self.root))
        if history:
            if history not in self.histories:
                raise KeyError(f"unknown history set {history!r} in {self.root}/histories.toml")
            hs = self.histories[history]
            for m in hs.get("messages", []):
                record_message(ctx, _as_message(m), source="corpus", direction=m["direction"])
            for c in hs.get("contacts", []):
                ctx.store.add_contact(
                    c["application"],
                    c.get("person", ""),
                    c["channel"],
                    datetime.fromisoformat(c["at"]),
                )
        return ctx

    def check(
        self, raw: str, at: datetime, history: str | None = None, requested: bool = False
    ) -> CheckResult:
        """``raw`` checked at ``at`` in a fresh store seeded with ``history``."""
        ctx = self.context(history)
        try:
            return check_message(ctx, raw.encode("utf-8"), at=at, requested=requested)
        finally:
            ctx.close()

    def run(self, case: Case) -> tuple[set[str], CheckResult]:
        """The rules that fired (any severity) on ``case``, and the whole result."""
        result = self.check(case.message.lstrip("\n"), case.at, case.history, case.requested)
        return {f.rule for f in result.findings}, result

    def messages(self, raw: str, at: datetime) -> dict[str, list[str]]:
        """Rule id -> finding messages for the message ``raw``, checked at ``at`` on an empty
        history (the shape the small rule worlds of the unit tests ask for)."""
        result = self.check(raw, at)
        out: dict[str, list[str]] = {}
        for f in result.findings:
            out.setdefault(f.rule, []).append(f.message)
        return out


CorpusWorld = World  # the development corpus is one world


@dataclass
class Counts:
    tp: int = 0  # fired, expected
    fp: int = 0  # fired, neither expected nor allowed (or warned on a clean letter)
    fn: int = 0  # expected, did not fire
    allowed: int = 0  # fired where the case allows it
    positives: int = 0  # cases that expect the rule
    negatives: int = 0  # cases that forbid it, or clean letters

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    counts: dict[str, Counts]
    misses: list[str]  # one line per false positive or false negative
    clean: int = 0  # clean letters
    clean_warned: int = 0  # clean letters with any warn or block finding

    @property
    def clean_warned_share(self) -> float:
        return self.clean_warned / self.clean if self.clean else 0.0


def score(worlds: Iterable[World], rule_ids: Iterable[str]) -> Report:
    """Run every case of every world; count each rule's firings."""
    report = Report({r: Counts() for r in rule_ids}, [])
    for world in worlds:
        for case in world.cases():
            _score_case(world, case, report)
    return report


def _score_case(world: World, case: Case, report: Report) -> None:
    fired, result = world.run(case)
    warned = {f.rule for f in result.findings if f.severity in ("warn", "block")}
    where = f"{world.root.name}/{case.file} {case.id}"
    if case.clean:
        report.clean += 1
        report.clean_warned += bool(warned)
    for r in sorted(set(report.counts) | fired):
        s = report.counts.setdefault(r, Counts())
        if r in case.expect:
            s.positives += 1
        elif r in case.forbid or case.clean:
            s.negatives += 1
        if r in case.expect:
            if r in fired:
                s.tp += 1
            else:
                s.fn += 1
                report.misses.append(f"{where}: expected {r}, got {sorted(fired)}")
        elif r in fired:
            false = (case.clean and r in warned) or (
                r not in case.allow and not (case.clean and r not in warned)
            )
            if false:
                s.fp += 1
                msg = next((f.message for f in result.findings if f.rule == r), "")
                report.misses.append(f"{where}: {r} fired: {msg}")
            else:
                s.allowed += 1


def table(report: Report) -> str:
    """The per-rule table, and the clean letters' share that would open the dialog."""
    lines = [
        f"{'rule':26} {'tp':>4} {'fp':>4} {'fn':>4} {'allow':>5} {'prec':>6} {'recall':>6}",
    ]
    for r, s in sorted(report.counts.items()):
        lines.append(
            f"{r:26} {s.tp:4} {s.fp:4} {s.fn:4} {s.allowed:5} {s.precision:6.2f} {s.recall:6.2f}"
        )
    lines.append(
        f"clean letters with a warn or block finding: {report.clean_warned} of {report.clean}"
        f" ({report.clean_warned_share:.1%})"
    )
    return "\n".join(lines)
