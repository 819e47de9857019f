"""The rule registry, in the manner of ruff's rule files and proselint's checks.

A rule is one unit: a module under ``checks/rules/`` holding its id, category, default
severity, options, what it does and why it matters, a fix, its good and bad examples, and the
check itself (``@rule(...)`` over the check function). Word and phrase lists live beside it in
``checks/rules/data/<id>.toml``. The registry finds the modules by listing the package: adding
a rule means adding its module (and its data file), nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .draft import Draft

Category = Literal["timing", "scope", "tone"]
Severity = Literal["block", "warn", "info"]
SEVERITIES: tuple[Severity, ...] = ("block", "warn", "info")
SEVERITY_RANK: dict[str, int] = {"info": 0, "warn": 1, "block": 2}


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports: the concrete fact, and where in the user's own text."""

    message: str
    span: tuple[int, int] | None = None
    person: str | None = None  # the address the finding is about (for per-person snoozes)
    severity: Severity | None = None  # overrides the configured severity (e.g. late → block)
    fix: str | None = None  # a more specific fix than the rule's default
    # The tone model's reading of a whole sentence, not a listed phrase: where it overlaps
    # another rule's finding of the same severity, the phrase (the named words) is kept.
    model: bool = False
    # The stretch of the user's text this finding speaks for as a whole (a signature block):
    # other rules' findings of no higher severity inside it say the same thing again and are
    # left out. Unlike ``span`` it is not shown, and it does not contend with other spans.
    covers: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Example:
    """One of a rule's own examples, run by the test suite (tests/test_rules.py).

    ``text`` is the letter's body (a tone rule's example is run as a thank-you to the
    interviewer the morning after the onsite), or, for a timing or scope rule, what happens;
    ``case`` then names the case of the development corpus (tests/corpus) that plays it out.
    """

    text: str
    note: str = ""
    case: str = ""


Check = Callable[["Draft", Mapping[str, Any]], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: Category
    severity: Severity
    summary: str  # what it does, one line
    why: str  # why it matters, in our own words
    fix: str  # the default fix hint
    advice: str  # the advice it rests on, in plain words (shown to the user)
    check: Check
    options: Mapping[str, Any] = field(default_factory=dict)  # thresholds with their defaults
    bad: tuple[Example, ...] = ()
    good: tuple[Example, ...] = ()
    kinds: frozenset[str] | None = None  # kinds of message the rule looks at; None = all
    sources: tuple[str, ...] = ()  # the advice articles (shared/advice/NNN) it rests on


def rule(
    id: str,
    *,
    category: Category,
    severity: Severity,
    summary: str,
    why: str,
    fix: str,
    advice: str,
    sources: Iterable[str] = (),
    options: Mapping[str, Any] | None = None,
    bad: Iterable[Example | str] = (),
    good: Iterable[Example | str] = (),
    kinds: Iterable[str] | None = None,
) -> Callable[[Check], Rule]:
    """Make a check function a rule (the module that holds it is its unit)."""

    def wrap(fn: Check) -> Rule:
        return Rule(
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
            sources=tuple(sources),
        )

    return wrap


def rule_modules() -> list[str]:
    """The names of the rule modules (every public module of ``checks.rules``)."""
    from . import rules

    return sorted(
        m.name for m in pkgutil.iter_modules(rules.__path__) if not m.name.startswith("_")
    )


@cache
def _discover() -> tuple[Rule, ...]:
    found: dict[str, Rule] = {}
    for name in rule_modules():
        module = importlib.import_module(f"{__package__}.rules.{name}")
        for obj in vars(module).values():
            # A rule belongs to the module that defines its check (not one that imports it).
            if isinstance(obj, Rule) and obj.check.__module__ == module.__name__:
                if obj.id in found:
                    raise ValueError(f"rule {obj.id!r} defined twice")
                found[obj.id] = obj
    return tuple(found.values())


def all_rules() -> dict[str, Rule]:
    """Every rule, by id (imports the rule modules on first use)."""
    return {r.id: r for r in _discover()}


def get(rule_id: str) -> Rule:
    rules = all_rules()
    try:
        return rules[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; `followup-guard rules` lists them") from None
