"""after-rejection: the application is closed; tone findings now block."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..draft import Draft
from ..registry import Example, Hit, rule
from ..timeline import day

if TYPE_CHECKING:
    pass


@rule(
    "after-rejection",
    category="timing",
    severity="info",
    summary="Notes that the application is closed: rejected or withdrawn in the config, or "
    "turned down in a message from the company (read as the daemon records it; a later offer "
    "reopens it). Writing is fine for networking, and tone rules turn strict: every tone "
    "finding blocks.",
    why="A gracious note after a rejection can keep a door open for the next opening; a bitter "
    "or pleading one closes it for good. Tone matters more once nothing is at stake.",
    fix="Keep it short and gracious: thank them, ask to stay in touch, wish them well.",
    advice="Rejection advice: stay courteous and treat the contacts as your network.",
    sources=("000", "004"),
    bad=[
        Example(
            "Any message to Initech after the rejection.", "informational", case="arj-stay-in-touch"
        )
    ],
    good=[Example("A message to an active application.", case="arj-ok-active-application")],
)
def after_rejection(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app = draft.application
    if app is None or not app.closed:
        return
    by_mail = draft.history.rejected_at if draft.history is not None else None
    if draft.closed_by_mail and by_mail is not None:
        yield Hit(
            f"{app.company} turned this application down in their message of "
            f"{day(draft, by_mail)}; networking is fine, and tone findings now block",
            fix=f"Keep it short and gracious. If that message was misread, set "
            f"decisions_by_mail = false for {app.id} in the config.",
        )
        return
    yield Hit(
        f"{app.company} closed this application ({app.status}); networking is fine, and "
        "tone findings now block"
    )
