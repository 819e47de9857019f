"""Recipient-scope rules: who the message goes to, and from which address."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from rapidfuzz.distance import Levenshtein

from ...mail.text import fingerprint, similarity
from ..draft import Draft
from ..registry import Example, Hit, rule
from .timing import day


@rule(
    "outside-hiring-process",
    category="scope",
    severity="block",
    summary="Flags a recipient (To, Cc or Bcc) at the company who is neither an interviewer nor "
            "someone you were told to contact, such as the interviewer's manager or a "
            "do-not-contact person.",
    why="Going around the people running the process, by writing to their boss or to other "
        "employees, puts them in an awkward spot and reads as an attempt to apply pressure. "
        "It can cost an offer that was on its way.",
    fix="Remove the address; route the message through your interviewer or the recruiter.",
    advice="Follow-up advice (003): stick to the people in the hiring process.",
    bad=[Example("Cc'ing tom.becker@acme.example, the VP, on a status inquiry.")],
    good=[Example("Writing only to the recruiter you were told to contact."),
          Example("Reply-all to a message from the company that copied a colleague.")],
)
def outside_hiring_process(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app = draft.application
    if app is None:
        return
    for r in draft.recipients:
        addr = r.address.addr
        if not r.at_company and r.person is None:
            continue
        if r.person is not None and r.person.role in ("interviewer", "permitted"):
            continue
        if addr in draft.thread_addresses:  # they copied this person on their own message
            continue
        if r.person is None and any(0 < Levenshtein.distance(p.address, addr) <= 2
                                    for p in app.people):
            continue  # a typo of a listed person: address-typo says so
        label = {"bcc": "Bcc", "cc": "Cc", "to": "To"}[r.field]
        if r.person is not None:  # do-not-contact
            title = f" ({r.person.title})" if r.person.title else ""
            yield Hit(f"{r.person.name}{title} <{addr}> in {label} is on your do-not-contact list "
                      f"for {app.company}", person=addr)
        else:
            yield Hit(f"{addr} in {label} is at {app.company} but is neither one of your "
                      "interviewers nor a contact you were given", person=addr)


@rule(
    "same-letter-many",
    category="scope",
    severity="warn",
    options={"similarity": 0.8, "min_words": 25},
    summary="Flags one message addressed to several interviewers at once, or a letter nearly "
            "the same (over 80 % alike) as one already sent to a colleague at the company.",
    why="Interviewers compare notes. The same words arriving in two inboxes, or one group "
        "message, shows the note was written once and copied. A separate note that recalls "
        "each conversation shows you listened.",
    fix="Write a separate note to each interviewer, each recalling something from your "
        "conversation with them.",
    advice="Thank-you advice (004): a personal note for each person you met.",
    bad=[Example("One thank-you addressed to both Dana Wu and John Smith.")],
    good=[Example("Two thank-yous, each mentioning a different part of the day.")],
)
def same_letter_many(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    if draft.application is None or draft.kind == "reply":
        return
    interviewers = [r.person for r in draft.interviewer_recipients if r.person]
    if len(interviewers) > 1:
        who = ", ".join(p.name for p in interviewers[:-1]) + f" and {interviewers[-1].name}"
        yield Hit(f"this one message goes to {len(interviewers)} interviewers at once ({who})")
    if len(re.findall(r"\w+", draft.text)) < int(opts["min_words"]):
        return
    mine = fingerprint(draft.text)
    threshold = float(opts["similarity"])
    for other, contact in draft.colleague_letters:
        score = similarity(mine, contact.fingerprint)
        if score >= threshold:
            p = draft.application.person(other)
            yield Hit(f"this letter is {round(score * 100)} % the same as the one you sent "
                      f"{p.name if p else other} on {day(draft, contact.at)}",
                      person=other)
            return


_SILLY = re.compile(
    r"(sexy|hottie|babe|baby|cutie|princess|lover|kitty|hunk|stud|party|drunk|stoner|"
    r"weed|420|69|xxx|lol|rofl|gamer|noob|ninja|rockstar|crazy|kill|devil|naughty|bitch|"
    r"dude|bro|boss|queen|king|angel)", re.I)


@rule(
    "unprofessional-sender",
    category="scope",
    severity="warn",
    summary="Flags a From address that is not one of your configured job-search identities, "
            "or whose name or address looks unprofessional.",
    why="The sender line is the first thing a recruiter reads. An old nickname address, or "
        "your work address at another company, undoes a carefully written letter.",
    fix="Switch the From address to your job-search identity.",
    advice="General follow-up advice (000): present yourself professionally in every detail.",
    bad=[Example("From: partyboy420@mail.example")],
    good=[Example("From: Alex Morgan <alex.morgan@example.org>")],
)
def unprofessional_sender(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    if draft.application is None:
        return
    sender = draft.msg.sender
    if sender is None:
        yield Hit("the message has no From address")
        return
    local = sender.addr.partition("@")[0]
    m = _SILLY.search(local) or _SILLY.search(sender.name)
    if m:
        yield Hit(f"the sender {sender} looks unprofessional ('{m.group(0)}')")
    elif draft.config.identities and draft.identity is None:
        known = ", ".join(i.address for i in draft.config.identities)
        yield Hit(f"you are sending from {sender.addr}, not one of your job-search addresses "
                  f"({known})")


_VALID = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


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


@rule(
    "address-typo",
    category="scope",
    severity="block",
    options={"max_distance": 2},
    summary="Flags a recipient address that is invalid, or a near miss of a known contact's "
            "address (jhon.smith@ for john.smith@, acme.exmaple for acme.example).",
    why="A mistyped address means the letter never arrives, or arrives at a stranger, and you "
        "will wait for an answer that cannot come.",
    fix="Correct the address; the message names the one you probably meant.",
    advice="Not from the articles: a safety check of our own.",
    bad=[Example("To: jhon.smith@acme.example")],
    good=[Example("To: john.smith@acme.example")],
)
def address_typo(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    known: dict[str, str] = {}
    for app in draft.config.applications:
        for p in app.people:
            known[p.address] = p.name
    for ref in draft.config.references:
        known[ref.address] = ref.name
    domains = {d for app in draft.config.applications for d in app.domains}
    limit = int(opts["max_distance"])
    for r in draft.recipients:
        addr = r.address.addr
        why = _invalid(addr)
        if why:
            yield Hit(f"{addr} is not a valid address: {why}", person=addr)
            continue
        if addr in known:
            continue
        best = min(known, key=lambda k: Levenshtein.distance(k, addr), default=None)
        if best is not None and 0 < Levenshtein.distance(best, addr) <= limit:
            yield Hit(f"{addr} looks like a typo of {best} ({known[best]})", person=addr,
                      fix=f"Did you mean {best}?")
            continue
        domain = r.address.domain
        if domain not in domains:
            near = [d for d in domains if 0 < Levenshtein.distance(d, domain) <= limit]
            if near:
                yield Hit(f"{addr}: the domain {domain} looks like a typo of {near[0]}",
                          person=addr, fix=f"Did you mean {addr.rpartition('@')[0]}@{near[0]}?")
