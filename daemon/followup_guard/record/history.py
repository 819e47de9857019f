"""An application's contact history, computed from stored rows (never kept as counters)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal, cast

from ..mail.decision import Decision
from ..mail.text import is_reply_subject, subject_key

if TYPE_CHECKING:
    from ..config.model import Application, Config
    from ..store.db import Store

Channel = Literal["mail", "call", "voicemail", "meeting", "note"]
ContactKind = Literal["thank-you", "follow-up", "reply", "inbound", "reference", "other"]


@dataclass(frozen=True, slots=True)
class Contact:
    """One contact with an application: a stored message or a manual log entry."""

    at: datetime  # aware, UTC
    channel: Channel
    direction: Literal["out", "in"]
    people: tuple[str, ...]  # addresses on the company side (recipients out, sender in)
    kind: ContactKind
    subject: str = ""
    message_key: str | None = None
    message_id: str | None = None
    sketch: str = ""  # the stored fingerprint of the user's text, parsed on demand
    requested: bool = False  # the user marked it as asked for by the company
    # What a message from the company said of the application (mail/decision.py): a
    # rejection closes it, a later offer opens it again.
    decision: Decision | None = None

    @property
    def fingerprint(self) -> tuple[int, ...]:
        return tuple(map(int, self.sketch.split()))

    @property
    def counts_as_contact(self) -> bool:
        """Outgoing mail and logged calls/voicemails/meetings count; notes and inbound do not."""
        return self.direction == "out" and self.channel != "note"


@dataclass(frozen=True, slots=True)
class Undated:
    """A stored message with no date at all (no Date header, no date from its folder): it
    is a contact with the application, but belongs in no timing window."""

    direction: Literal["out", "in"]
    people: tuple[str, ...]
    subject: str
    message_key: str


# When each inbound subject arrived and from whom, keyed by the subject without its prefixes:
# built once per history, so matching every outgoing message is a lookup, not a scan.
InboundIndex = dict[str, list[tuple[datetime, frozenset[str]]]]


@dataclass(slots=True)
class History:
    """Everything known about one application, oldest first."""

    application_id: str
    contacts: list[Contact] = field(default_factory=list)  # dated, oldest first
    undated: list[Undated] = field(default_factory=list)
    # Inbound subjects without prefixes -> (when, from whom): built with the history, so a
    # draft's "Re:" is matched by a lookup (see answers_by_subject).
    by_subject: InboundIndex = field(default_factory=dict, repr=False)

    @property
    def outbound(self) -> list[Contact]:
        return [c for c in self.contacts if c.counts_as_contact]

    @property
    def inbound(self) -> list[Contact]:
        return [c for c in self.contacts if c.direction == "in"]

    def thank_you_to(self, address: str, after: datetime) -> Contact | None:
        """The first outgoing mail to ``address`` at or after ``after`` (a round's end)."""
        address = address.lower()
        for c in self.contacts:
            if (
                c.channel == "mail"
                and c.direction == "out"
                and c.at >= after
                and address in c.people
            ):
                return c
        return None

    @property
    def rejected_at(self) -> datetime | None:
        """When the company turned the application down by mail: its last message that says
        anything decisive is a rejection (None: none is, or a later one made an offer)."""
        return self._decided_at("rejection")

    @property
    def offered_at(self) -> datetime | None:
        """When the company made an offer by mail: its last decisive message is an offer."""
        return self._decided_at("offer")

    def _decided_at(self, decision: Decision) -> datetime | None:
        for c in reversed(self.contacts):
            if c.direction == "in" and c.decision is not None:
                return c.at if c.decision == decision else None
        return None

    def last_inbound(self) -> Contact | None:
        inbound = self.inbound
        return inbound[-1] if inbound else None

    def follow_ups_since(self, since: datetime) -> list[Contact]:
        return [c for c in self.outbound if c.kind == "follow-up" and c.at >= since]

    def answers_by_subject(self, subject: str, addrs: Iterable[str], at: datetime) -> bool:
        """True when ``subject`` is a reply's ("Re: ...") to a message one of ``addrs`` sent
        before ``at``: a reply whose client dropped In-Reply-To is still a reply."""
        return _answers(self.by_subject, subject, addrs, at)


def build_history(
    config: Config, store: Store, app: Application, before: datetime | None = None
) -> History:
    """Every contact with ``app`` from stored messages and the manual log, oldest first.

    Matching happens here, at query time, so an application added to the config later still
    sees the mail that came before it.
    """
    people = [p.address for p in app.people]
    mine = {i.address for i in config.identities}
    contacts: list[Contact] = []
    inbound_ids: set[str] = set()
    rows = store.messages_for(people, list(app.domains))
    thanked: set[tuple[str, str]] = set()  # (interviewer, round) pairs already thanked
    owned: dict[str, bool] = {}  # domain -> app.owns_domain(domain), once per domain
    undated: list[Undated] = []
    for m, addrs in rows:
        sent_at = m.sent_at
        if sent_at is not None and before is not None and sent_at >= before:
            continue
        if m.direction == "in":
            side = tuple(a for f, a, _, _ in addrs if f == "from" and a not in mine)
            if m.message_id:
                inbound_ids.add(m.message_id)
            if sent_at is None:
                undated.append(Undated("in", side, m.subject, m.key))
                continue
            # Only the company's own word decides: not a forwarded note from a friend (and
            # not at all where the user turned reading decisions off).
            from_company = (
                m.decision is not None
                and app.decisions_by_mail
                and any(f == "from" and (a in people or app.owns_domain(d)) for f, a, d, _ in addrs)
            )
            contacts.append(
                Contact(
                    sent_at,
                    "mail",
                    "in",
                    side,
                    "inbound",
                    m.subject,
                    m.key,
                    m.message_id,
                    m.sketch,
                    decision=m.decision if from_company else None,
                )
            )
            continue
        picked = []
        for f, a, d, _ in addrs:
            if f != "from":
                if a in people:
                    picked.append(a)
                    continue
                own = owned.get(d)
                if own is None:
                    own = owned[d] = app.owns_domain(d)
                if own:
                    picked.append(a)
        side = tuple(dict.fromkeys(picked))
        if not side:  # threaded into the application but addressed elsewhere (e.g. a reference)
            continue
        if sent_at is None:
            undated.append(Undated("out", side, m.subject, m.key))
            continue
        kind: ContactKind
        if inbound_ids and any(r in inbound_ids for r in m.refs):
            kind = "reply"
        else:
            kind = "follow-up"
            rnd = app.last_round_before(sent_at)
            if rnd is not None:
                for addr in side:
                    p = app.person(addr)
                    if (
                        p
                        and p.role == "interviewer"
                        and p.sat_in(rnd.name)
                        and (addr, rnd.name) not in thanked
                    ):
                        thanked.add((addr, rnd.name))
                        kind = "thank-you"
        contacts.append(
            Contact(
                sent_at,
                "mail",
                "out",
                side,
                kind,
                m.subject,
                m.key,
                m.message_id,
                m.sketch,
                m.requested,
            )
        )
    for person, channel, at, _note in store.contacts_for(app.id):
        if before is not None and at >= before:
            continue
        # The store's CHECK constraint holds channel to the Channel values.
        via = cast(Channel, channel)
        contacts.append(Contact(at, via, "out", (person,) if person else (), "follow-up"))
    contacts.sort(key=lambda c: c.at)
    inbound = _inbound_by_subject(contacts)
    contacts = [
        replace(c, kind="reply")
        if c.kind == "follow-up"
        and c.channel == "mail"
        and _answers(inbound, c.subject, c.people, c.at)
        else c
        for c in contacts
    ]
    return History(app.id, contacts, undated, inbound)


def _inbound_by_subject(contacts: list[Contact]) -> InboundIndex:
    index: InboundIndex = {}
    for c in contacts:
        if c.direction == "in":
            index.setdefault(subject_key(c.subject), []).append((c.at, frozenset(c.people)))
    return index


def _answers(inbound: InboundIndex, subject: str, addrs: Iterable[str], at: datetime) -> bool:
    if not is_reply_subject(subject):
        return False
    senders = {a.lower() for a in addrs}
    key = subject_key(subject)
    threads = inbound.get(key) or [
        # A reply whose subject the writer lengthened ("Re: Final interview - change of time"):
        # the part before a dash, colon, bar, slash or bracket is their subject. Looked up at
        # each such mark, so a long history costs no scan of every subject.
        x
        for m in _ADDED_TO_SUBJECT.finditer(key)
        if (head := key[: m.start()].rstrip())
        for x in inbound.get(head, ())
    ]
    return any(sent < at and not senders.isdisjoint(people) for sent, people in threads)


_ADDED_TO_SUBJECT = re.compile(r"[-–—:|/(]")
