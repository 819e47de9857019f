"""Build the Draft a rule sees, run the enabled rules, and turn hits into findings.

Policy that applies across rules lives here, in one place:
- no timing finding for a reply to the company, a message to a reference, or a requested one;
- once an application is closed, tone findings become ``block`` (catalog: after-rejection);
- per-person snoozes; rules switched off globally or per application; severity overrides.
A check only reads the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any, Literal

from ..config.model import Application, Config, derived
from ..mail.parse import Address, ParsedMessage
from ..mail.text import SIG_DELIM, own_text
from ..record.history import Contact, History, build_history
from ..record.matching import Match, match
from ..store.db import Store
from . import spelling, tone_model
from .addresses import meant_person
from .draft import Draft, Kind, Recipient
from .registry import SEVERITY_RANK, Rule, all_rules
from .textview import view


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    fix: str
    advice: str
    span: tuple[int, int] | None = None
    person: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
            "advice": self.advice,
            "span": list(self.span) if self.span else None,
            "person": self.person,
        }

    @classmethod
    def from_json(cls, f: dict[str, Any]) -> Finding:
        """The finding :meth:`to_json` wrote (the daemon's answer). Raises KeyError,
        TypeError, ValueError or IndexError on anything else."""
        span = f.get("span")
        return cls(
            rule=str(f["rule"]),
            category=str(f["category"]),
            severity=str(f["severity"]),
            message=str(f["message"]),
            fix=str(f["fix"]),
            advice=str(f["advice"]),
            span=(int(span[0]), int(span[1])) if span else None,
            person=str(f["person"]) if f.get("person") else None,
        )


@dataclass(slots=True)
class CheckResult:
    application: str | None
    kind: Kind
    findings: list[Finding] = field(default_factory=list)
    text: str = ""  # the user's own words the spans point into

    @property
    def worst(self) -> str | None:
        if not self.findings:
            return None
        return max(self.findings, key=lambda f: SEVERITY_RANK[f.severity]).severity

    @property
    def blocking(self) -> bool:
        """True when a finding is at warn or block (exit code 1 of `check`)."""
        return any(f.severity in ("warn", "block") for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "application": self.application,
            "kind": self.kind,
            "findings": [f.to_json() for f in self.findings],
        }


def _signature(body: str, configured: tuple[str, ...]) -> str:
    """The signature block the user sent: after '-- ', or the configured one if present."""
    body = body.replace("\r\n", "\n")  # SIG_DELIM's '$' stops before '\n', not '\r\n'
    m = SIG_DELIM.search(body)
    if m:
        block = body[m.end() :].strip("\n")
        return "\n".join(block.split("\n")[:8])
    for sig in configured:
        if sig.strip() and sig.strip() in body:
            return sig.strip()
    return ""


def _classify(
    config: Config,
    store: Store,
    msg: ParsedMessage,
    m: Match,
    recipients: list[Recipient],
    at: datetime,
    history: History | None,
) -> Kind:
    addrs = [r.address.addr for r in recipients]
    if addrs and all(config.reference(a) for a in addrs):
        return "reference"
    if msg.thread_ids and store.inbound_with_message_ids(msg.thread_ids):
        return "reply" if m.application else "other"
    if history is not None and history.answers_by_subject(msg.subject, addrs, at):
        return "reply"
    if m.application is None:
        return "other"
    app = m.application
    rnd = app.last_round_before(at)
    # Once a closed application's answer has come in, a letter about it (asking for feedback,
    # keeping in touch) is no thank-you for the round, however it opens (rules20).
    answered = (
        app.closed
        and history is not None
        and rnd is not None
        and any(c.at >= rnd.end for c in history.inbound)
    )
    if rnd is not None and not answered:
        for r in recipients:
            # A mistyped interviewer address (address-typo says so) still makes a thank-you.
            p = r.person or (meant_person(app, r.address.addr) if r.at_company else None)
            if (
                p
                and p.role == "interviewer"
                and p.sat_in(rnd.name)
                and not (history and history.thank_you_to(p.address, rnd.end))
            ):
                return "thank-you"
    return "follow-up"


def build_draft(
    config: Config,
    store: Store,
    msg: ParsedMessage,
    *,
    at: datetime | None = None,
    extra_bcc: tuple[str, ...] = (),
    requested: bool = False,
) -> Draft:
    at = (at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    sigs = tuple(i.signature for i in config.identities if i.signature)
    m = match(config, msg, "out", store, extra_bcc)
    app = m.application
    recipients: list[Recipient] = []
    seen: set[str] = set()
    fields: list[tuple[Literal["to", "cc", "bcc"], Address]] = (
        [("to", a) for a in msg.to] + [("cc", a) for a in msg.cc] + [("bcc", a) for a in msg.bcc]
    )
    fields += [("bcc", Address("", b.lower())) for b in extra_bcc]
    for fld, a in fields:
        if a.addr in seen:
            continue
        seen.add(a.addr)
        recipients.append(
            Recipient(
                a,
                fld,
                app.person(a.addr) if app else None,
                bool(app and app.owns_domain(a.domain)),
            )
        )
    history = build_history(config, store, app, before=at) if app else None
    closed_by_mail = bool(app and history and not app.closed and history.rejected_at)
    if app is not None and closed_by_mail:
        # A rejection that came in by mail closes the application as its status would, until
        # the user marks it so (or a later message makes an offer).
        app = replace(app, status="rejected")
        m = replace(m, application=app)
    kind = _classify(config, store, msg, m, recipients, at, history)
    text = own_text(msg.body, sigs)
    identity = config.identity(msg.sender.addr) if msg.sender else None
    colleague_letters: list[tuple[str, Contact]] = []
    if history:
        current = {r.address.addr for r in recipients}
        for c in history.contacts:
            if c.channel == "mail" and c.direction == "out" and c.sketch:
                others = [p for p in c.people if p not in current]
                if others:
                    colleague_letters.append((others[0], c))
    return Draft(
        msg=msg,
        text=text,
        signature=_signature(msg.body, sigs),
        at=at,
        tz=config.general.timezone,
        config=config,
        application=app,
        kind=kind,
        recipients=recipients,
        history=history,
        identity=identity,
        requested=requested,
        colleague_letters=colleague_letters,
        thread_addresses=_thread_addresses(store, msg.thread_ids),
        unknown_company_people=m.unknown,
        user_words=_user_words(store, text),
        closed_by_mail=closed_by_mail,
    )


_DIGIT = re.compile(r"\d")


def _user_words(store: Store, text: str) -> frozenset[str]:
    """The words of ``text`` the dictionary lacks but the user has sent before: one store
    query for the few unknown words, none when every word is in the dictionary. A listed
    misspelling ("recieve") stays one however often it was sent."""
    # The draft's words as the rules will see them: the text view tokenises once for all.
    words = {w for w in view(text).index if 3 <= len(w) <= 40 and not _DIGIT.search(w)}
    known, fixes = spelling.lookup(words)
    unknown = [w for w in words if w not in known and w not in fixes]
    return store.sent_words(unknown) if unknown else frozenset()


def _thread_addresses(store: Store, ids: list[str]) -> frozenset[str]:
    """Everyone on the company's own (inbound) messages in this thread: reply-all keeps them
    in scope. The user's earlier outgoing messages put nobody in scope."""
    if not ids:
        return frozenset()
    return frozenset(addr for addr, _ in store.thread_addresses(ids, direction="in"))


def _exempt_from_timing(draft: Draft) -> bool:
    return draft.kind in ("reply", "reference") or draft.requested


# Mail that concerns no tracked application and none of the user's references is personal
# mail: judging its tone would be noise. Only a near miss of a known address still matters.
_UNRELATED_RULES = frozenset({"address-typo"})


def _applies(rule: Rule, draft: Draft) -> bool:
    if draft.application is None and draft.kind != "reference":
        return rule.id in _UNRELATED_RULES
    if (
        rule.category == "timing"
        and _exempt_from_timing(draft)
        and not _closed_by_mail(rule, draft)
    ):
        return False
    return rule.kinds is None or draft.kind in rule.kinds


def _closed_by_mail(rule: Rule, draft: Draft) -> bool:
    """after-rejection on an application the company's own message closed: it speaks on a
    reply too, since the reply to the rejection is where the user first meets what was read
    from it (and the finding says how to undo a misreading). Where the user set the status,
    a reply gets no note, as any timing rule."""
    return rule.id == "after-rejection" and draft.closed_by_mail


def _settings(config: Config, rule: Rule, app: Application | None) -> dict[str, Any]:
    """config.rule_settings for this rule and application, merged once per loaded config (a
    fresh copy each time, so a rule cannot change what the next check sees)."""
    cache: dict[tuple[str, str | None], tuple[Any, Any, dict[str, Any]]] = derived(
        config, "engine.rule_settings", lambda _c: {}
    )
    key = (rule.id, app.id if app is not None else None)
    hit = cache.get(key)
    if hit is None or hit[0] is not rule.options or hit[1] is not app:
        hit = (
            rule.options,
            app,
            config.rule_settings(rule.id, {"enabled": True, **rule.options}, app),
        )
        cache[key] = hit
    return dict(hit[2])


def run_rules(
    draft: Draft, store: Store | None = None, rules: dict[str, Rule] | None = None
) -> list[Finding]:
    rules = rules if rules is not None else all_rules()
    config = draft.config
    app = draft.application
    snoozed = {(r, p) for r, p, _ in store.snoozes(draft.at)} if store else set()
    default_person = draft.recipients[0].address.addr if draft.recipients else None
    # Each finding, and whether it is the tone model's reading of a whole sentence.
    findings: list[tuple[Finding, bool]] = []
    covered: list[tuple[tuple[int, int], Finding]] = []  # stretches a finding speaks for
    for rule in rules.values():
        settings = _settings(config, rule, app)
        if not settings.get("enabled", True):
            continue
        if not _applies(rule, draft):
            continue
        configured = settings.get("severity")
        seen_spans: set[tuple[Any, str]] = set()
        for hit in rule.check(draft, settings):
            person = hit.person or default_person
            if person and (rule.id, person) in snoozed:
                continue
            if (hit.span, hit.message) in seen_spans:  # proselint's lesson: dedupe by span
                continue
            seen_spans.add((hit.span, hit.message))
            severity = configured or hit.severity or rule.severity
            if rule.category == "tone" and app is not None and app.closed:
                severity = "block"
            finding = Finding(
                rule.id,
                rule.category,
                severity,
                hit.message,
                hit.fix or rule.fix,
                rule.advice,
                hit.span,
                hit.person,
            )
            findings.append((finding, hit.model))
            if hit.covers is not None:
                covered.append((hit.covers, finding))
    findings = _without_covered(findings, covered)
    findings.sort(key=lambda fm: (-SEVERITY_RANK[fm[0].severity], fm[0].category, fm[0].rule))
    return _one_per_span(_without_superseded(findings))


# A letter a severe tone rule warns about is no template: it says something of its own, the
# wrong thing, and that is what the dialog is for. `generic` would add a second, lesser
# warning about the same letter (the development writers left it unlabelled on every such
# thank-you of the seventy worlds, fourteen of them; rules18).
# A status question sent days after the thank-you notes is the third contact of its week as
# well; `inquiry-too-soon` already says to wait and until when, and a second timing warning
# with the same remedy is noise (the development writers left `weekly-limit` unlabelled on
# 331 of the 415 letters where both fired, and expected it on 84; rules37).
_QUIET_BESIDE: dict[str, frozenset[str]] = {
    "generic": frozenset(tone_model.TONES),
    "weekly-limit": frozenset({"inquiry-too-soon"}),
}


def _without_covered(
    findings: list[tuple[Finding, bool]], covered: list[tuple[tuple[int, int], Finding]]
) -> list[tuple[Finding, bool]]:
    """Leave out what another rule's finding already says of a stretch it covers as a whole:
    the emoji of a signature that advertises a side business is that signature's problem,
    said once (unprofessional-signature names it), not a second time as too-casual. The tone
    model's reading of a line there goes whatever its severity: a sales pitch read as
    sarcasm ("DM @glownaturals on Instagram", rules43) is a guess at what the other finding
    states; a listed phrase of a severe tone still stands."""
    if not covered:
        return findings

    def said(f: Finding, model: bool) -> bool:
        return f.span is not None and any(
            a <= f.span[0]
            and f.span[1] <= b
            and g.rule != f.rule
            and (model or SEVERITY_RANK[f.severity] <= SEVERITY_RANK[g.severity])
            for (a, b), g in covered
        )

    return [(f, m) for f, m in findings if not said(f, m)]


def _without_superseded(findings: list[tuple[Finding, bool]]) -> list[tuple[Finding, bool]]:
    warned = {f.rule for f, _ in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warn"]}
    quiet = {rule for rule, beside in _QUIET_BESIDE.items() if warned & beside}
    return [(f, m) for f, m in findings if f.rule not in quiet]


def _one_per_span(findings: list[tuple[Finding, bool]]) -> list[Finding]:
    """One finding per stretch of text: where two findings' spans overlap (an unfilled
    '[POSITION]' that also reads as shouting), only the most severe is kept; between equals,
    a listed phrase before the model's reading of a whole sentence (the flag beside each
    finding): "judging by those arms" is a remark on looks, whatever tone the sentence reads
    as. Otherwise the first is kept. The order of ``findings`` is kept."""
    order = sorted(
        range(len(findings)),
        key=lambda i: (-SEVERITY_RANK[findings[i][0].severity], findings[i][1], i),
    )
    spans: list[tuple[int, int]] = []
    dropped: set[int] = set()
    for i in order:
        span = findings[i][0].span
        if span is None:
            continue
        if any(span[0] < y and x < span[1] for x, y in spans):
            dropped.add(i)
        else:
            spans.append(span)
    return [f for i, (f, _) in enumerate(findings) if i not in dropped]


def check(
    config: Config,
    store: Store,
    msg: ParsedMessage,
    *,
    at: datetime | None = None,
    extra_bcc: tuple[str, ...] = (),
    requested: bool = False,
) -> CheckResult:
    draft = build_draft(config, store, msg, at=at, extra_bcc=extra_bcc, requested=requested)
    findings = run_rules(draft, store)
    return CheckResult(
        draft.application.id if draft.application else None, draft.kind, findings, draft.text
    )
