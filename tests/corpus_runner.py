"""Run the labelled corpus (tests/corpus) through the real engine. See tests/corpus/README.md."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from followup_guard.api import CheckResult, Context, check_message, record_message
from followup_guard.config.load import load_config
from followup_guard.config.paths import Paths
from followup_guard.store.db import Store

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CORPUS = Path(__file__).parent / "corpus"
DEFAULT_AT = "2026-11-21T09:30:00-05:00"  # the morning after Acme's onsite


@dataclass
class Case:
    id: str
    file: str
    message: str
    at: datetime
    history: str | None = None
    expect: list[str] = field(default_factory=list)
    forbid: list[str] = field(default_factory=list)
    clean: bool = False
    requested: bool = False


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CORPUS.glob("*/*.toml")):
        data = tomllib.loads(path.read_text("utf-8"))
        for c in data.get("case", []):
            cases.append(
                Case(
                    id=c["id"],
                    file=str(path.relative_to(CORPUS)),
                    message=c["message"],
                    at=datetime.fromisoformat(c.get("at", DEFAULT_AT)),
                    history=c.get("history"),
                    expect=list(c.get("expect", [])),
                    forbid=list(c.get("forbid", [])),
                    clean=bool(c.get("clean", False)),
                    requested=bool(c.get("requested", False)),
                )
            )
    return cases


def load_histories() -> dict:
    return tomllib.loads((CORPUS / "histories.toml").read_text("utf-8")).get("sets", {})


def _as_message(m: dict) -> bytes:
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


class CorpusWorld:
    """The corpus config, and a fresh in-memory store per case seeded with its history."""

    def __init__(self) -> None:
        self.config = load_config(CORPUS / "config.toml")
        self.histories = load_histories()

    def context(self, history: str | None) -> Context:
        ctx = Context(self.config, Store(":memory:"), Paths(CORPUS / "config.toml", CORPUS))
        if history:
            if history not in self.histories:
                raise KeyError(f"unknown history set {history!r} in histories.toml")
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

    def run(self, case: Case) -> tuple[set[str], CheckResult]:
        """The rules that fired (any severity) on ``case``, and the whole result."""
        ctx = self.context(case.history)
        try:
            result = check_message(
                ctx, case.message.lstrip("\n").encode("utf-8"), at=case.at, requested=case.requested
            )
        finally:
            ctx.close()
        return {f.rule for f in result.findings}, result


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    expected: int = 0
    forbidden: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(
    world: CorpusWorld, cases: list[Case], rule_ids: list[str], blocking: set[str]
) -> tuple[dict[str, Score], list[str]]:
    """Per-rule scores and a list of human-readable misses."""
    scores = {r: Score() for r in rule_ids}
    misses: list[str] = []
    for case in cases:
        fired, result = world.run(case)
        warned = {f.rule for f in result.findings if f.severity in ("warn", "block")}
        for r in rule_ids:
            s = scores[r]
            forbidden = r in case.forbid or (case.clean and r in blocking)
            if r in case.expect:
                s.expected += 1
                if r in fired:
                    s.tp += 1
                else:
                    s.fn += 1
                    misses.append(f"{case.file} {case.id}: expected {r}, got {sorted(fired)}")
            elif forbidden:
                s.forbidden += 1
                hit = r in (warned if case.clean else fired)
                if hit:
                    s.fp += 1
                    msg = next((f.message for f in result.findings if f.rule == r), "")
                    misses.append(f"{case.file} {case.id}: {r} fired but must not: {msg}")
    return scores, misses
