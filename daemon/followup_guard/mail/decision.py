"""What a company's reply says about the application: a rejection, or nothing decisive.

``decision(body)`` reads the text of a received message. A rejection is said in a small set
of set phrases in every English ("we have decided to move forward with other candidates",
"unsuccessful on this occasion", "the position has been filled"); only those count, so a
delay ("unfortunately the panel has been postponed") or a question is never read as one. An
offer is read the same way, so a later offer (a second position, a reversed decision)
reopens the application.
"""

from __future__ import annotations

import re
from typing import Literal

from .text import own_text

Decision = Literal["rejection", "offer"]

_REJECTION = re.compile(
    r"\b(?:"
    # "decided to move forward with other candidates", "chosen to proceed with another
    # applicant", "will be going ahead with a candidate whose experience ..."
    r"(?:decided|chosen|elected|opted|going|moving|will\s+be\s+going|will\s+be\s+moving)\s+to\s+"
    r"(?:move\s+forward|move\s+ahead|press\s+on|proceed|progress|go\s+forward|go\s+ahead|go|"
    r"continue|pursue|offer\s+the\s+"
    r"(?:position|role|post|job))\s+(?:with|to)\s+(?:other|another|a\s+different|a\s+candidate|"
    r"an\s+applicant|someone|the\s+other|candidates|applicants)"
    r"|(?:decided|chosen|elected|opted)\s+to\s+(?:pursue|go\s+with|appoint|hire|select|offer)\s+"
    r"(?:other|another|a\s+different|someone|a\s+candidate|an\s+applicant|the\s+other)"
    r"|(?:chose|selected|appointed|hired|recommended)\s+(?:another|a\s+different|other|"
    r"someone\s+else)\b"
    # "decided to go with a driver who already knows our routes", "move ahead with an
    # internal candidate": someone else, described (not "go with a second interview")
    r"|(?:decided|chosen|elected|opted)\s+to\s+(?:go|move\s+ahead|move\s+forward|proceed)\s+with\s+"
    r"(?:an?\s+(?:internal|external)\b|an?\s+[\w-]+\s+(?:who|whose|with\s+more)\b)"
    # "offered the shopfitting joiner post to a candidate with more ...", "extended offers to
    # other candidates", "offered the fish section to a chef with ..."
    r"|(?:offered|offer|given|give|awarded|award|extended|extend)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:position|role|post|"
    r"job|spot|place|section|offers?)\s+to\s+(?:a|an|another|other|someone|the\s+other)\b"
    # "we've gone with a chef who has run a seafood kitchen", "we went with someone local"
    r"|(?:we['’]ve|we\s+have|we)\s+(?:gone|went)\s+with\s+(?:a|an|another|someone|other)\b"
    # "the board has appointed an internal candidate", "decided to promote someone from
    # inside the shop"
    r"|(?:has|have|['’]ve|to)\s+(?:appointed|appoint|hired|hire|selected|select|promoted|"
    r"promote|chosen|choose)\s+(?:(?:a|an|another)\s+(?:internal\s+|external\s+|different\s+)?"
    r"(?:candidate|applicant)|an\s+internal\b|someone\s+(?:else|from\s+inside|internally|"
    r"already|from\s+within|on\s+our|from\s+our))"
    # "will not be moving forward with your application", "not be progressing your
    # application", "unable to offer you the position", "not able to take your application
    # further"
    r"|(?:will\s+not|won['’]t|not|unable\s+to|not\s+able\s+to)\s+(?:be\s+|to\s+)?(?:moving|move|"
    r"progressing|progress|proceeding|proceed|taking|take|going|go)\s+(?:forward\s+with\s+|"
    r"ahead\s+with\s+|further\s+with\s+|with\s+)?(?:your|you)\b(?:\s+(?:application|candidacy|any\s+"
    r"further|further|to\s+the\s+next))?"
    r"|(?:unable|not\s+able|not\s+in\s+a\s+position)\s+to\s+offer\s+you\s+(?:the|this|a|an)\b"
    # Said of the candidate ("you have not been selected"), not of anything else ("any country
    # that was not selected by the participant")
    r"|(?:you|your\s+application|your\s+candidacy|you\s+have|you['’]ve|you\s+were|you\s+are)"
    r"\s+(?:has\s+|have\s+|was\s+|were\s+)?(?:not|n['’]t)\s+(?:been\s+(?:successful|selected|"
    r"shortlisted|chosen|progressed)|successful|selected|shortlisted|progressed)"
    r"|you\s+were\s+not\s+chosen"
    r"|(?:been|was|were)\s+unsuccessful"
    r"|unsuccessful\s+(?:on\s+this\s+occasion|this\s+time)"
    r"|(?:position|role|post|job|vacancy)\s+has\s+(?:now\s+)?been\s+filled"
    r"|(?:filled|closed)\s+the\s+(?:position|role|post|vacancy)"
    # "I regret to inform you that this week's sessions are cancelled" is no rejection: only
    # regret about the application or the post
    r"|regret\s+to\s+(?:inform|tell|let)\s+you\s+(?:know\s+)?that\s+(?:your\s+application|you\s+"
    r"(?:have|were|are)\s+not|we\s+(?:will|are|have|cannot|can['’]t|won['’]t)\s+not?|the\s+"
    r"(?:position|role|post|vacancy|panel|committee))"
    r"|not\s+(?:be\s+)?(?:offering|extending)\s+(?:you\s+)?(?:an?\s+)?(?:offer|the\s+"
    r"(?:position|role|post))"
    r")",
    re.I,
)
_OFFER = re.compile(
    r"\b(?:(?:delighted|pleased|happy|thrilled|excited)\s+to\s+(?:offer\s+you|extend\s+(?:you\s+)?"
    r"(?:an?\s+|the\s+)?offer|let\s+you\s+know\s+that\s+we\s+would\s+like\s+to\s+offer)"
    r"|(?:would\s+like|want)\s+to\s+offer\s+you\s+(?:the|this|a|an)\b"
    r"|(?:formal|conditional|verbal|written)\s+offer\s+(?:of\s+employment\s+)?(?:is\s+)?"
    r"(?:attached|enclosed|below)"
    r"|offer\s+you\s+the\s+(?:position|role|post|job)"
    r")",
    re.I,
)


def decision(body: str) -> Decision | None:
    """``"rejection"`` or ``"offer"`` when the message's own text says so (not the
    candidate's quoted mail, not a forward), else None."""
    text = " ".join(own_text(body).split())
    rejected = _REJECTION.search(text)
    offered = _OFFER.search(text)
    if rejected and offered:
        # "We are not able to offer you the senior post, but would like to offer you the
        # junior one": the later sentence is the news.
        return "offer" if offered.start() > rejected.start() else "rejection"
    if rejected:
        return "rejection"
    if offered:
        return "offer"
    return None
