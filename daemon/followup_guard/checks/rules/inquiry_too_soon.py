"""inquiry-too-soon: asking for news less than a week after the thank-you."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ...record.schedule import (
    inquiry_anchor,
    inquiry_ok_from,
)
from ..draft import Draft
from ..registry import Example, Hit, rule
from ..textview import SENTENCE
from ..timeline import (
    ago,
    awaiting_decision,
    names,
    when,
)

if TYPE_CHECKING:
    pass


@rule(
    "inquiry-too-soon",
    category="timing",
    severity="warn",
    kinds=["follow-up"],
    options={"days": 7},
    summary="Flags an unprompted follow-up sent less than a week after the thank-you (or after "
    "the interview, if no thank-you went out), unless the promised decision date passed.",
    why="Hiring takes time: references, debriefs, other candidates. Asking for news within days "
    "of the interview signals impatience and rarely speeds anything up.",
    fix="Save it as a draft and send it on the date given; until then, no news is normal.",
    advice="Status-inquiry advice: give the team about a week, or until the date "
    "they named, before asking where things stand.",
    sources=("001", "004"),
    bad=[Example("Asking Dana Wu for news two days after the thank-you.", case="its-day-three")],
    good=[
        Example("Asking for news eight days after the thank-you.", case="its-ok-day-eight"),
        Example(
            "Asking the day after the decision date they gave has passed.",
            case="its-ok-decision-date-passed",
        ),
    ],
)
def inquiry_too_soon(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app, history = draft.application, draft.history
    if app is None or history is None or not awaiting_decision(draft) or _courtesy(draft):
        return
    anchor = inquiry_anchor(app, history, draft.at)
    ok = inquiry_ok_from(app, history, draft.at, float(opts["days"]))
    if anchor is None or ok is None or draft.at >= ok:
        return
    thanks = [c for c in history.outbound if c.kind == "thank-you" and c.at == anchor]
    if thanks:
        fact = f"your thank-you to {names(draft, thanks[0].people)} went out {ago(draft, anchor)}"
    else:
        rnd = app.last_round_before(draft.at)
        fact = f"the {rnd.name if rnd else 'interview'} ended {ago(draft, anchor)}"
    yield Hit(
        f"{fact}; a status inquiry is fine from {when(draft, ok)}",
        fix=f"Wait until {when(draft, ok)}; schedule the message for then.",
    )


_THANKS = re.compile(r"\b(?:thank|thanks|thx|thanx|cheers for|grateful|appreciated?)\b", re.I)
# Asking for news is an inquiry however it opens: "I wanted to find out if the panel has made
# a decision yet. Thank you for your time."
_ANY_NEWS = r"any\s+(?:more\s+|further\s+|new\s+)?(?:news|updates?|word)"
_ASKS_NEWS = re.compile(
    r"\b(?:" + _ANY_NEWS + r"|an\s+update|"
    # "if there is any feedback yet" (rules44), not "any feedback you hear" passed on later.
    r"(?:is|was|been|has|have|had)\s+any\s+feedback|any\s+feedback\s+(?:yet|so\s+far)|"
    r"made\s+(?:a|their|its|your)\s+decision|"
    r"(?:a|the)\s+decision\b|status\s+of|the\s+outcome|where\s+things\s+stand|"
    r"find\s+out\s+(?:if|whether|when)|heard\s+(?:anything|back)|decid(?:e|es|ed|ing)\b|"
    r"results?\s+(?:will|are|is|would|might|may)\b|next\s+steps?\b|"
    r"hear(?:ing)?\s+(?:back|about|anything|more|from\s+(?:you|the\s+team|the\s+panel)))",
    re.I,
)
# What makes a sentence with such words a question put to the reader, not news awaited
# ("I look forward to hearing the outcome", "references are taken after the decision";
# rules37): a question mark, a request, or "any news" itself.
_ASKING = re.compile(
    r"\?|\b(?:let me know|could you|can you|would you|will you|please (?:let|tell|update|"
    r"advise|share|confirm)|update me|(?:i'm|i am|i was) wondering|wonder(?:ed)? (?:if|whether)|"
    r"(?:like|want|wanted|wish) to (?:know|ask|check|find out|enquire|inquire)|to (?:ask|check|"
    r"enquire|inquire)|(?:ask|asking|enquire|inquire|enquiring|inquiring)\s+"
    r"(?:whether|if|when|about)|keep me (?:posted|updated|informed)|" + _ANY_NEWS + r")\b",
    re.I,
)


# A statement about news to come, no question put to the reader: news asked for once it
# comes ("Let me know if you hear anything", "keep me posted when you hear back"; rules43),
# where "Have you heard anything?" asks for it today; and the writer's own waiting ("I'll look
# out for any news next week"; rules46).
_NEWS_LATER = re.compile(
    r"^[^?]*\b(?:(?:if|when|once|as\s+soon\s+as)\s+(?:you|they|we)\s+(?:hear|get\s+word)\b|"
    r"(?:look(?:ing)?\s+out|watch(?:ing)?\s+out|wait(?:ing)?|keep(?:ing)?\s+an\s+eye\s+out)"
    r"\s+for\s+" + _ANY_NEWS + r")[^?]*$",
    re.I,
)


def _asks_news(text: str) -> bool:
    """Whether a sentence of ``text`` asks the reader for news of the decision."""
    return any(
        _ASKS_NEWS.search(s) and _ASKING.search(s) and not _NEWS_LATER.search(s)
        for s in SENTENCE.findall(text)
    )


def _company_wrote_since(draft: Draft) -> bool:
    """The company wrote after the thank-you the inquiry wait counts from (an invitation
    back, a trial shift, a request): thanks for what it arranged is no unprompted inquiry
    (rules40)."""
    app, history = draft.application, draft.history
    if app is None or history is None:
        return False
    anchor = inquiry_anchor(app, history, draft.at)
    last_in = history.last_inbound()
    return anchor is not None and last_in is not None and anchor < last_in.at <= draft.at


def _courtesy(draft: Draft) -> bool:
    """A note that opens with thanks, within a day of the round or after the company wrote
    again (rules40), to the people told to be contacted (the recruiter who arranged it) and
    to no interviewer, asking no news (news awaited is no question: rules37): a
    courtesy the day it is due, not a status inquiry (rules34: four writers let such notes
    go out)."""
    app = draft.application
    rnd = app.last_round_before(draft.at) if app is not None else None
    # The company's people, and the application's own contacts wherever they work (the
    # agency recruiter who arranged the interview, rules36).
    company = [r for r in draft.recipients if r.at_company or r.person is not None]
    return (
        rnd is not None
        and (draft.at - rnd.end <= timedelta(hours=24) or _company_wrote_since(draft))
        and bool(company)
        and all(r.person is not None and r.person.role == "permitted" for r in company)
        and _THANKS.search(draft.text[:200]) is not None
        and not _asks_news(draft.text)
    )
