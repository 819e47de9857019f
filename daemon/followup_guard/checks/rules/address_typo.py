"""address-typo: a recipient address one slip away from a known one."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ...config.model import derived
from ...textdist import distance
from ..addresses import distance_of, seen_addresses
from ..draft import Draft
from ..registry import Example, Hit, rule

if TYPE_CHECKING:
    from ...config.model import Config

_VALID = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


def _invalid(addr: str) -> str | None:
    """Why an address is invalid, or None. A fast syntax check; email-validator for detail."""
    if _VALID.match(addr) and ".." not in addr and not addr.startswith("."):
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(addr, check_deliverability=False, test_environment=True)
    except EmailNotValidError as exc:
        return str(exc)
    return None


class _KnownAddresses:
    """The people and references of the config, indexed so that a near miss is looked for
    only among addresses that share the recipient's domain or its local part (a typo is in
    one or the other), not among every address of every application."""

    def __init__(self, config: Config) -> None:
        self.names: dict[str, str] = {}
        for app in config.applications:
            for p in app.people:
                self.names[p.address] = p.name
        for ref in config.references:
            self.names[ref.address] = ref.name
        self.domains = {d for app in config.applications for d in app.domains}
        self.by_part: dict[str, list[str]] = {}
        for a in self.names:
            local, _, domain = a.rpartition("@")
            self.by_part.setdefault("@" + domain, []).append(a)
            self.by_part.setdefault(local + "@", []).append(a)

    def nearest(self, addr: str, limit: int) -> str | None:
        local, _, domain = addr.rpartition("@")
        pool = self.by_part.get("@" + domain, []) + self.by_part.get(local + "@", [])
        best, best_d = None, limit + 1
        for k in pool:
            d = distance(k, addr, limit)
            if 0 < d < best_d:
                best, best_d = k, d
        return best


@rule(
    "address-typo",
    category="scope",
    severity="block",
    options={"max_distance": 2},
    summary="Flags a recipient address that is invalid, or a near miss of a known contact's "
    "address (jhon.smith@ for john.smith@, acme.exmaple for acme.example). An address "
    "the company itself wrote from or copied is real, whatever it resembles.",
    why="A mistyped address means the letter never arrives, or arrives at a stranger, and you "
    "will wait for an answer that cannot come.",
    fix="Correct the address; the message names the one you probably meant.",
    advice="Not from the articles: a safety check of our own.",
    bad=[
        Example("To: jhon.smith@acme.example", case="at-jhon-smith"),
        Example("To: john.smith@acme", case="at-missing-top-level-domain"),
    ],
    good=[
        Example("To: john.smith@acme.example", case="at-ok-correct-addresses"),
        Example(
            "To: joan.smith@acme.example",
            "Joan wrote to you from it",
            case="at-ok-new-message-to-joan",
        ),
    ],
)
def address_typo(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    known = derived(draft.config, "scope.known-addresses", _KnownAddresses)
    limit = int(opts["max_distance"])
    seen = seen_addresses(draft)
    for r in draft.recipients:
        addr = r.address.addr
        why = _invalid(addr)
        if why:
            yield Hit(f"{addr} is not a valid address: {why}", person=addr)
            continue
        if addr in known.names or addr in seen:
            continue
        best = known.nearest(addr, limit)
        if best is not None:
            yield Hit(
                f"{addr} looks like a typo of {best} ({known.names[best]})",
                person=addr,
                fix=f"Did you mean {best}?",
            )
            continue
            continue
        domain = r.address.domain
        if domain not in known.domains:
            near = [d for d in known.domains if 0 < distance_of(d, domain) <= limit]
            if near:
                yield Hit(
                    f"{addr}: the domain {domain} looks like a typo of {near[0]}",
                    person=addr,
                    fix=f"Did you mean {addr.rpartition('@')[0]}@{near[0]}?",
                )
