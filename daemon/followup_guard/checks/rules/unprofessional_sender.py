"""unprofessional-sender: the wrong sender address for a job search."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from ...config.model import Identity
from .. import spelling
from ..draft import Draft
from ..matcher import rule_data
from ..registry import Example, Hit, rule

if TYPE_CHECKING:
    pass


# Words that make a sender look unprofessional, matched as whole pieces of the address or the
# display name ("partyboy420" = party + boy + 420), never inside a longer word (Glover,
# Kingsley, Brooks, Angela).
@cache
def _words(key: str) -> frozenset[str]:
    if key == "pieces":
        return _words("silly") | _words("fillers")
    return frozenset(rule_data("unprofessional-sender")[key])


def _silly_run(run: str, names: frozenset[str]) -> bool:
    """True if letters-only ``run`` splits into known pieces, at least one of them silly."""
    n = len(run)
    # best[i]: None = run[:i] cannot be split; False/True = split, without/with a silly word
    best: list[bool | None] = [None] * (n + 1)
    best[0] = False
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, n + 1):
            piece = run[i:j]
            if piece in _words("pieces") or (piece in names and len(piece) > 1):
                silly = bool(best[i]) or piece in _words("silly")
                if best[j] is None or (silly and not best[j]):
                    best[j] = silly
    return bool(best[n])


def _silly(text: str, names: frozenset[str]) -> str | None:
    """The part of an address or display name that looks unprofessional, or None."""
    token: str
    for token in re.findall(r"[a-z0-9]+", text.lower()):
        if token in names:
            continue
        for run in re.findall(r"[a-z]+|[0-9]+", token):
            if run.isdigit():
                if run in _words("silly_numbers"):
                    return token
            elif run not in names and _silly_run(run, names):
                return token
    return None


# A display name with a nickname in quotes (Alex "Big Al" Morgan) or an emoji in it.
_DECORATION = re.compile(
    r"""(?<=\w )(?:"[^"]{2,30}"|“[^”]{2,30}”|'[^']{2,30}')(?= \w)|"""
    "[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2764]"
)


_PARTICLES = frozenset(
    ["van", "von", "de", "da", "del", "della", "la", "le", "di", "du", "bin", "st"]
)


def _decorated(name: str, names: frozenset[str]) -> str | None:
    """A nickname or an emoji set into the display name, or None. The parser drops the
    quotation marks of 'Alex "Big Al" Morgan', so words between your first and last name that
    are everyday words, not names ("Big", "The Closer"), count as a nickname too."""
    m = _DECORATION.search(name.strip().strip('"'))
    if m:
        return m.group(0)
    words = name.split()
    ix = [k for k, w in enumerate(words) if w.lower().strip(".,") in names]
    if len(ix) >= 2 and ix[-1] - ix[0] > 1:
        inner = [w.lower().strip("'\"“”‘’.,") for w in words[ix[0] + 1 : ix[-1]]]
        inner = [w for w in inner if w and w not in names]
        known, _ = spelling.lookup(inner)
        # Everyday words only (SCOWL level 15 or below): a middle name like Rose stays one.
        common = [w for w in inner if len(w) > 1 and known.get(w, 99) <= 15 and w not in _PARTICLES]
        if common:
            return " ".join(words[ix[0] + 1 : ix[-1]])
    return None


_EVERYDAY_LEVEL = 35  # SCOWL size level up to which a word is everyday vocabulary


def _not_your_name(name: str, names: frozenset[str], surnames: frozenset[str]) -> str | None:
    """Everyday words standing in for your name in a display name without your surname:
    'Lab Rat Thandi', 'Nurse Tash', 'The Whitlock Household' is fine but 'Home Office' is not.
    Words that are no dictionary words ('Daz', 'Thandi') and titles ('Dr', 'Ms') are left
    alone: a first name alone, or a short form of it, is informal but no joke."""
    if "@" in name:
        return None
    words = re.findall(r"[^\W\d_]+", name.lower())
    if not words or any(w in surnames for w in words):
        return None
    others = [
        w
        for w in words
        if len(w) > 1
        and w not in names
        and w not in _words("title_words")
        and not any(len(w) >= 3 and n.startswith(w) for n in names)
    ]
    known, _ = spelling.lookup(others)
    everyday = [w for w in others if known.get(w, 99) <= _EVERYDAY_LEVEL]
    return " ".join(everyday) if everyday else None


def _surnames(draft: Draft) -> frozenset[str]:
    """The last word of each of your configured names."""
    cfg = draft.config
    full = [cfg.user_name, *(i.name for i in cfg.identities)]
    last = [re.findall(r"[^\W\d_]+", n.lower())[-1:] for n in full if n]
    return frozenset(w for ws in last for w in ws if len(w) > 1)


def _name_words(draft: Draft) -> frozenset[str]:
    """The user's own names (a surname King or Boss is nobody's joke)."""
    cfg = draft.config
    text = " ".join([cfg.user_name, *(i.name for i in cfg.identities)])
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 1)


def _identity(draft: Draft, addr: str) -> Identity | None:
    """The configured identity behind ``addr``, also for a +tag (alex+jobs@ is alex@)."""
    if draft.identity is not None:
        return draft.identity
    local, _, domain = addr.partition("@")
    if "+" in local:
        return draft.config.identity(f"{local.partition('+')[0]}@{domain}")
    return None


@rule(
    "unprofessional-sender",
    category="scope",
    severity="warn",
    summary="Flags a From address that is not one of your configured job-search identities "
    "(a +tag on one is fine), or whose name or address looks unprofessional: a nickname "
    "made of words like party, sexy or gamer, or 69/420, never a real name like Glover.",
    why="The sender line is the first thing a recruiter reads. An old nickname address, or "
    "your work address at another company, undoes a carefully written letter.",
    fix="Switch the From address to your job-search identity.",
    advice="General follow-up advice: present yourself professionally in every detail.",
    sources=("000",),
    bad=[
        Example("From: partyboy420@mail.example", case="ups-partyboy"),
        Example(
            "From: Alex Morgan <alex.morgan@oldjob.example>",
            "a former work address",
            case="ups-former-employer-address",
        ),
    ],
    good=[
        Example("From: Alex Morgan <alex.morgan@example.org>", case="ups-ok-identity"),
        Example(
            "From: Alex Morgan <alex.morgan+acme@example.org>", "a +tag", case="ups-ok-plus-tag"
        ),
    ],
)
def unprofessional_sender(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    if draft.application is None:
        return
    sender = draft.msg.sender
    if sender is None:
        yield Hit("the message has no From address")
        return
    names = _name_words(draft)
    silly = (
        _silly(sender.addr.partition("@")[0], names)
        or _silly(sender.name, names)
        or _decorated(sender.name, names)
        or _not_your_name(sender.name, names, _surnames(draft))
    )
    if silly:
        yield Hit(f"the sender {sender} looks unprofessional ('{silly}')")
    elif draft.config.identities and _identity(draft, sender.addr) is None:
        known = ", ".join(i.address for i in draft.config.identities)
        yield Hit(
            f"you are sending from {sender.addr}, not one of your job-search addresses ({known})"
        )
