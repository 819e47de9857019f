"""social-media: social-network requests to the people deciding, or posts about the interview."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import people_names
from ..matcher import existence_check, phrase_list, snippet
from ..registry import Example, Hit, rule
from ..textview import sentence_start, view

_OK_NETWORKS = ("linkedin",)  # a professional network: fine with the recruiter


def message(words: str, label: str, whom: str) -> str:
    """The finding, with what was written and to whom."""
    if label.startswith("mentions posting"):
        return f"'{words}' {label} while {whom} are still deciding"
    return f"'{words}' {label}: {whom} are still deciding on your application"


@rule(
    "social-media",
    category="scope",
    severity="warn",
    summary="Flags a request to connect, follow or 'add' the interviewer on a social network, "
    "or a mention of posting about the interview, while the application is open. A "
    "LinkedIn request to a recruiter (not an interviewer) is fine.",
    why="However warm the interview felt, the people deciding are not yet your friends. A "
    "friend or follow request puts them in an awkward spot while they weigh you against "
    "others, and a post about the interview, even a glowing one, can read as careless with "
    "what should stay between you and them.",
    fix="Leave the request out until a decision is made; keep the interview off your feeds "
    "for now.",
    advice="Interview advice: do not add the people deciding on social media, and do not post "
    "about the interview while the decision is pending.",
    sources=("001",),
    options={"max_reported": 2, "also": []},
    bad=[
        Example(
            "Dear Dana,\n\nThank you for the onsite and the payments ledger tour. I just sent "
            "you a friend request on Facebook, I hope that's ok!\n\nBest regards,\nAlex",
            "a friend request to the interviewer",
        ),
        Example(
            "Dear Dana,\n\nThank you for Friday. I posted about my onsite at Acme on LinkedIn "
            "this morning, and the payments ledger talk got lots of likes.\n\n"
            "Best regards,\nAlex",
            "a post about the interview",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for walking me through the payments ledger; I read the "
            "Acme engineering blog post you mentioned.\n\nBest regards,\nAlex",
            "reading the company's post is fine",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite. I enjoyed hearing how the team follows "
            "the Kafka migration on a shared dashboard.\n\nBest regards,\nAlex",
            "'follows' about work",
        ),
    ],
)
def social_media(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app = draft.application
    if app is None or app.closed or not draft.text.strip():
        return
    interviewers = draft.interviewer_recipients
    whom = (
        " and ".join(r.person.first_name for r in interviewers if r.person)
        if interviewers
        else app.company
    ).strip() or app.company
    found = existence_check(
        view(draft.text),
        phrase_list("social-media"),
        names=people_names(draft),
        extra=tuple(opts.get("also", ()) or ()),
    )
    n = 0
    for mt in found:
        asks = not mt.phrase.label.startswith("mentions posting")
        sentence = draft.text[sentence_start(draft.text, mt.start) : mt.end + 80].split(".")[0]
        if asks and not interviewers and any(x in sentence.lower() for x in _OK_NETWORKS):
            continue  # a LinkedIn request to the recruiter
        n += 1
        if n > int(opts.get("max_reported", 2)):
            return
        yield Hit(message(snippet(mt.text), mt.phrase.label, whom), (mt.start, mt.end))
