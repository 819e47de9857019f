"""outside-hiring-process: people at the company outside the hiring process."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..addresses import distance_of, wrote_to_you
from ..draft import Draft
from ..registry import Example, Hit, rule

if TYPE_CHECKING:
    pass


@rule(
    "outside-hiring-process",
    category="scope",
    severity="block",
    summary="Flags a recipient (To, Cc or Bcc) at the company who is neither an interviewer, "
    "someone you were told to contact, nor someone who wrote to you about the "
    "application: the interviewer's manager, another employee, a do-not-contact person.",
    why="Going around the people running the process, by writing to their boss or to other "
    "employees, puts them in an awkward spot and reads as an attempt to apply pressure. "
    "It can cost an offer that was on its way.",
    fix="Remove the address; route the message through your interviewer or the recruiter.",
    advice="Follow-up advice: stick to the people in the hiring process.",
    sources=("003",),
    bad=[
        Example(
            "Cc'ing tom.becker@acme.example, the VP, on a status inquiry.",
            case="ohp-cc-vp-on-inquiry",
        )
    ],
    good=[
        Example("Writing only to the recruiter you were told to contact.", case="ohp-ok-bcc-self"),
        Example(
            "Reply-all to a message from the company that copied a colleague.",
            case="ohp-ok-reply-all-copied-colleague",
        ),
        Example(
            "Writing to the coordinator who emailed you the interview times.",
            case="ohp-ok-coordinator-who-wrote",
        ),
    ],
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
        if r.person is None and addr in wrote_to_you(draft):
            continue  # they wrote to you about this application: part of the process
        if r.person is None and any(0 < distance_of(p.address, addr) <= 2 for p in app.people):
            continue  # a typo of a listed person: address-typo says so
        label = {"bcc": "Bcc", "cc": "Cc", "to": "To"}[r.field]
        if r.person is not None:  # do-not-contact
            title = f" ({r.person.title})" if r.person.title else ""
            yield Hit(
                f"{r.person.name}{title} <{addr}> in {label} is on your do-not-contact list "
                f"for {app.company}",
                person=addr,
            )
        else:
            yield Hit(
                f"{addr} in {label} is at {app.company} but is neither one of your "
                "interviewers nor a contact you were given",
                person=addr,
            )
