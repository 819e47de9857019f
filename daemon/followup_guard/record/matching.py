"""Which application and people a message concerns: by address, by company domain, by thread."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config.model import Application, Config, Person, derived
from ..mail.parse import Address, ParsedMessage
from ..store.db import Store


@dataclass(slots=True)
class Match:
    application: Application | None
    people: list[Person] = field(default_factory=list)  # tracked people on the company side
    unknown: list[Address] = field(default_factory=list)  # at the company, but not listed
    by: str = ""  # "address", "domain", "thread" or ""

    @property
    def person_addrs(self) -> list[str]:
        return [p.address for p in self.people]


def company_side(
    msg: ParsedMessage, direction: str, extra_bcc: tuple[str, ...] = ()
) -> list[Address]:
    """The other party: recipients of an outgoing message, the sender (and Cc) of an inbound one."""
    if direction == "out":
        extra = [
            Address("", a.lower())
            for a in extra_bcc
            if a.lower() not in {r.addr for r in msg.recipients}
        ]
        return msg.recipients + extra
    side = [msg.sender] if msg.sender else []
    return side + msg.cc


def match(
    config: Config,
    msg: ParsedMessage,
    direction: str,
    store: Store | None = None,
    extra_bcc: tuple[str, ...] = (),
) -> Match:
    """The application a message belongs to. An exact person match beats a domain match;
    a domain match beats a thread match."""
    side = [a for a in company_side(msg, direction, extra_bcc) if not config.is_mine(a.addr)]
    by_addr, by_domain = derived(config, "matching", _index)
    candidates: set[int] = set()
    for a in side:
        candidates.update(by_addr.get(a.addr, ()))
        labels = a.domain.split(".")
        for k in range(len(labels)):  # the domain and each parent: subdomains match too
            candidates.update(by_domain.get(".".join(labels[k:]), ()))
    best: Match | None = None
    for app in (config.applications[i] for i in sorted(candidates)):
        people = [p for a in side if (p := app.person(a.addr))]
        at_domain = [a for a in side if app.owns_domain(a.domain)]
        if not people and not at_domain:
            continue
        listed = {p.address for p in people}
        m = Match(
            app,
            people,
            [a for a in at_domain if a.addr not in listed],
            "address" if people else "domain",
        )
        if best is None or (m.by == "address" and best.by != "address"):
            best = m
    if best is not None:
        return best
    if store is not None and msg.thread_ids:
        threaded = _thread_application(config, store, msg.thread_ids)
        if threaded is not None:
            return Match(threaded, [], [], "thread")
    return Match(None)


def _index(config: Config) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Which applications an address or a domain can belong to (built once per config)."""
    by_addr: dict[str, list[int]] = {}
    by_domain: dict[str, list[int]] = {}
    for i, app in enumerate(config.applications):
        for p in app.people:
            by_addr.setdefault(p.address, []).append(i)
        for d in app.domains:
            by_domain.setdefault(d, []).append(i)
    return by_addr, by_domain


def _thread_application(config: Config, store: Store, ids: list[str]) -> Application | None:
    rows = store.thread_addresses(ids)
    for addr, domain in rows:
        for app in config.applications:
            if app.person(addr) or app.owns_domain(domain):
                return app
    return None
