"""What a rule sees: the draft, the user's own words, the matched application and its history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Literal
from zoneinfo import ZoneInfo

from ..config.model import Application, Config, Identity, Person, derived
from ..mail.parse import Address, ParsedMessage
from ..mail.text import WORD
from ..record.history import Contact, History

Kind = Literal["thank-you", "follow-up", "reply", "reference", "other"]
KINDS: tuple[str, ...] = ("thank-you", "follow-up", "reply", "reference", "other")


@dataclass(frozen=True, slots=True)
class Recipient:
    address: Address
    field: Literal["to", "cc", "bcc"]
    person: Person | None  # the tracked person, if any
    at_company: bool  # the address is at one of the application's domains


@dataclass  # no slots: accepted_words is a cached_property
class Draft:
    """One message about to go out, with everything the rules need. Built by the engine."""

    msg: ParsedMessage
    text: str  # the user's own words (quotes, forwards and signature removed)
    signature: str  # the signature block the user sent (for unprofessional-signature)
    at: datetime  # the send time, aware
    tz: ZoneInfo  # the user's time zone (for "the same day")
    config: Config
    application: Application | None
    kind: Kind
    recipients: list[Recipient]
    history: History | None
    identity: Identity | None
    requested: bool = False  # the user says the company asked for this message
    # Past outgoing letters to other people at the same company: (that person, the letter).
    colleague_letters: list[tuple[str, Contact]] = field(default_factory=list)
    # Addresses on the stored messages this draft replies to (reply-all keeps them in scope).
    thread_addresses: frozenset[str] = frozenset()
    unknown_company_people: list[Address] = field(default_factory=list)
    # Words of this draft the user has sent before (lower case): never misspellings.
    user_words: frozenset[str] = frozenset()
    # The application is active in the config but the company's own message turned it down
    # (``History.rejected_at``): the engine sees it as rejected.
    closed_by_mail: bool = False

    @cached_property
    def accepted_words(self) -> frozenset[str]:
        """Names and terms from the record that are never misspellings (case-folded words)."""
        # Display names of untracked recipients only: a tracked person's name comes from the
        # record, so a typo in the To header ("Jhon Smith") cannot hide one in the body.
        extra = _words([r.address.name for r in self.recipients if r.person is None])
        return record_words(self.config) | extra | self.user_words

    @property
    def interviewer_recipients(self) -> list[Recipient]:
        return [r for r in self.recipients if r.person and r.person.role == "interviewer"]


def _words(texts: list[str]) -> frozenset[str]:
    words: set[str] = set()
    for text in texts:
        for w in WORD.findall(text):
            low = w.lower()
            words.add(low)
            words.add(low.strip("'"))
            words.add(low.removesuffix("'s").removesuffix("’s"))  # "Kilbride's": Kilbride
            words.update(low.split("-"))
    return frozenset(words)


def record_words(config: Config) -> frozenset[str]:
    """Every name and term in the config (computed once per loaded config)."""
    return derived(config, "record_words", _build_record_words)


def _build_record_words(config: Config) -> frozenset[str]:
    texts = [
        config.user_name,
        *(i.name for i in config.identities),
        *(r.name for r in config.references),
    ]
    for app in config.applications:
        texts += [
            app.company,
            app.role,
            *app.talking_points,
            *(r.name for r in app.rounds),
            *(d.replace(".", " ") for d in app.domains),
        ]
        for p in app.people:
            texts += [p.name, p.title]
    return _words(texts)
