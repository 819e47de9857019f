"""The rule registry, in the manner of ruff and proselint.

Each rule is one small unit: an id, a category, a default severity, a fix hint, the advice it
rests on, an explanation (what it does, why it matters) and its own good and bad examples.
Rules register themselves with the :func:`rule` decorator; adding a rule touches one module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal

from .._values import FACTORY, FrozenValue, assign, value

if TYPE_CHECKING:
    from .draft import Draft

Category = Literal["timing", "scope", "tone"]
Severity = Literal["block", "warn", "info"]
SEVERITIES: tuple[Severity, ...] = ("block", "warn", "info")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warn": 1, "block": 2}


@value
class Hit(FrozenValue):
    """What a rule reports: the concrete fact, and where in the user's own text."""

    message: str
    span: tuple[int, int] | None = None
    person: str | None = None  # the address the finding is about (for per-person snoozes)
    severity: Severity | None = None  # overrides the configured severity (e.g. late → block)
    fix: str | None = None  # a more specific fix than the rule's default

    def __init__(
        self,
        message: str,
        span: tuple[int, int] | None = None,
        person: str | None = None,
        severity: Severity | None = None,
        fix: str | None = None,
    ) -> None:
        assign(self, locals())


@value
class Example(FrozenValue):
    """One of a rule's own examples. ``text`` is the body the user wrote; ``note`` says why."""

    text: str
    note: str = ""

    def __init__(self, text: str, note: str = "") -> None:
        assign(self, locals())


@value
class Rule(FrozenValue):
    id: str
    category: Category
    severity: Severity
    summary: str  # what it does, one line
    why: str  # why it matters, in our own words
    fix: str  # the default fix hint
    advice: str  # the advice it rests on, in our own words, with the article numbers
    check: Callable[[Draft, Mapping[str, Any]], Iterable[Hit]]
    options: Mapping[str, Any] = field(default_factory=dict)  # thresholds with their defaults
    bad: tuple[Example, ...] = ()
    good: tuple[Example, ...] = ()
    # Kinds of message the rule looks at; None = every kind.
    kinds: frozenset[str] | None = None

    def __init__(
        self,
        id: str,
        category: Category,
        severity: Severity,
        summary: str,
        why: str,
        fix: str,
        advice: str,
        check: Callable[[Draft, Mapping[str, Any]], Iterable[Hit]],
        options: Mapping[str, Any] = FACTORY,
        bad: tuple[Example, ...] = (),
        good: tuple[Example, ...] = (),
        kinds: frozenset[str] | None = None,
    ) -> None:
        if options is FACTORY:
            options = {}
        assign(self, locals())


_REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    category: Category,
    severity: Severity,
    summary: str,
    why: str,
    fix: str,
    advice: str,
    options: Mapping[str, Any] | None = None,
    bad: Iterable[Example | str] = (),
    good: Iterable[Example | str] = (),
    kinds: Iterable[str] | None = None,
) -> Callable[[Callable[[Draft, Mapping[str, Any]], Iterable[Hit]]], Rule]:
    """Register a check function as a rule."""

    def wrap(fn: Callable[[Draft, Mapping[str, Any]], Iterable[Hit]]) -> Rule:
        if id in _REGISTRY:
            raise ValueError(f"rule {id!r} registered twice")
        r = Rule(
            id=id,
            category=category,
            severity=severity,
            summary=summary,
            why=why,
            fix=fix,
            advice=advice,
            check=fn,
            options=dict(options or {}),
            bad=tuple(e if isinstance(e, Example) else Example(e) for e in bad),
            good=tuple(e if isinstance(e, Example) else Example(e) for e in good),
            kinds=frozenset(kinds) if kinds is not None else None,
        )
        _REGISTRY[id] = r
        return r

    return wrap


def all_rules() -> dict[str, Rule]:
    """Every registered rule, by id (imports the rule modules on first use)."""
    from .rules import load_all

    load_all()
    return dict(_REGISTRY)


def get(rule_id: str) -> Rule:
    rules = all_rules()
    try:
        return rules[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; `followup-guard rules` lists them") from None
