"""Template slots left in a letter ("[Company]", "{name}", "<Hiring Manager>", "XXX",
"____"), told apart from footnote marks, links, LaTeX, code, masked numbers and editors'
insertions. The ``unfilled-placeholder`` rule reports them; ``generic`` asks whether the
body holds one (the detail was meant to go there)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..mail.text import WORD
from .draft import Draft
from .textview import TextView, in_code_line, view

_SLOT_WORDS = re.compile(
    r"\b(name|names|company|organi[sz]ation|employer|firm|title|position|role|job|date|time|"
    r"day|interviewer|manager|hiring|recipient|insert|your|their|his|her|team|department|"
    r"skill|skills|field|industry|project|topic|detail|details|specific|something|here|"
    r"mention|add|fill|placeholder|city|location|salary|number|email|phone|contact|person|"
    r"recruiter|first|last|surname|product|point|example|achievement|x+|tbd|todo)\b",
    re.I,
)
# HTML tags a letter may name or quote ("<br>", "its <title> tag"): no slot.
_HTML_TAG = re.compile(
    r"h[1-6]|br|hr|p|b|i|u|a|em|strong|div|span|ul|ol|li|html|body|head|title|meta|link|"
    r"script|style|table|tr|td|th|thead|tbody|section|header|footer|nav|main|img|input|form|"
    r"button|label|select|option|textarea|iframe|svg|pre|code",
    re.I,
)
_EDITORIAL = re.compile(
    r"\b(?:removed|redacted|omitted|deleted|withheld|anonymi[sz]ed|edited|abridged|emphasis)\b",
    re.I,
)
_LOG_LEVEL = re.compile(
    r"err(?:or)?|warn(?:ing)?|info|debug|fatal|trace|critical|notice|ok|fail(?:ed)?|"
    r"pass(?:ed)?|skip(?:ped)?|done",
    re.I,
)
_SQUARE = re.compile(r"\[([^\[\]\n]{1,100})\](?!\()")
_SLOT_START = re.compile(
    r"(insert|mention|add|fill in|placeholder|describe|include|write|"
    r"something|specific|name of|your|todo|tbd)\b",
    re.I,
)
_CURLY = re.compile(r"\{\{?\s*[A-Za-z_][\w .\-]{0,40}\}?\}|\$\{\w+\}|%[A-Z][A-Z_]{1,30}%")
# Braces hold LaTeX arguments, code and other templates' fields; in a letter they are a slot
# left unfilled only when they name what a letter template asks for: a name, a company, a date.
_FILL_SLOT = re.compile(
    r"(?:^|[\W_])(name|first|last|surname|company|organi[sz]ation|employer|firm|date|day|"
    r"time|interviewer|manager|recruiter|recipient|contact|person|title|position|role|job|"
    r"team|department|city|location)s?(?:$|[\W_])",
    re.I,
)
_ANGLE = re.compile(r"<([^<>@\n/:=\"]{1,40})>")
_XS = re.compile(r"(?<![\w])(?:X{2,}|x{3,})(?![\w])")
_BLANK = re.compile(r"_{3,}")
_UNIT_BEFORE = re.compile(r"\d\s?$")
_CODE = re.compile(r"[A-Za-z]{1,6}[-/ ]?\d[\d\-/]*")
_REFERENCE = re.compile(r"[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)+")  # segments, one with a digit
_CHOICE = re.compile(r"[A-Za-z]{1,3}(?:/[A-Za-z]{1,3})+")
# A full name just before a bracket in Title Case ("Prof. Joseph Langat [Egerton University]"):
# the bracket says where that person is from, an aside, not a slot (rules21).
_FULL_NAME_BEFORE = re.compile(r"(?:[A-Z][\w'’\-]*\.?[ \t]+){1,3}[A-Z][\w'’\-]+[ \t]*$")
# Words that open an aside, which continues the sentence around it ("every alarm is logged
# [even the nuisance ones]"), where a note to self names what is missing (rules19).
_ASIDE_START = re.compile(
    r"(?:even|especially|including|mostly|mainly|usually|often|sometimes|also|only|not|and|"
    r"or|but|plus|though|although|which|who|whose|where|when|while|as|like|because|since|"
    r"except|apart from|at least|i\.e\.|e\.g\.)(?!\w)",
    re.I,
)
_CLAUSE = re.compile(
    r"(?:we|i|they|it|he|she|there|this|that)\s+(?:are|is|was|were|am|have|has|had|will|would|"
    r"do|did|can|could|should|may|might)\b|(?:we|they|i|you)['’](?:re|ve|ll|d|m)\b",
    re.I,
)
_SPAN_OF_TIME = re.compile(
    r"(?:all|every|each|any|the whole|half (?:a|the)|most of the)\s+"
    r"(?:day|days|week|weekend|morning|afternoon|evening|night|shift|shifts)",
    re.I,
)
_CODE_SEGMENT = re.compile(r"[A-Za-z0-9]-$")  # "RRS-YY-XXXXX": the format of a code
# A masked number, not a slot: "XXXX XXXX 4821" (an ID card's last digits), "xxx-xx-1234",
# "98XXX XX012" (rules10 round): runs of X joined to digits.
_MASK_AFTER = re.compile(r"(?:[ \-][Xx]{2,})*[ \-]?\d")
_MASK_BEFORE = re.compile(r"\d[ \-]?(?:[Xx]{2,}[ \-])*$")
_NAMED_SLOT = re.compile(
    r"\b(?:(?:Company|Interviewer|Recruiter|Hiring Manager|Manager|"
    r"Contact|Recipient|Your|Their|First|Last|Job|Position|Role)"
    r" (?:Name|Title)|TODO|FIXME|INSERT [A-Z ]+)\b"
)
_PAREN_SLOT = re.compile(
    r"\((?:company|interviewer|hiring manager|recruiter|your|their|"
    r"contact|job|position|role|first|last) (?:name|title)\)",
    re.I,
)


# Slots named as what they are, not left in: "the template had columns for <address>,
# <appliance> and <due date>" (rules33).
_NAMED_AS_FIELDS = re.compile(
    r"\b(?:columns?|fields?|headings?|headers?|merge\s+fields?|placeholders?)\s+"
    r"(?:for|like|such\s+as|called|named|labell?ed|headed)\b[^.!?\n]*$",
    re.I,
)
# A gloss after quoted words: '"se le advierte" [you are hereby advised]' (rules33).
# A straight quote closes when a word comes right before it ('"[insert quote]"' opens one).
_GLOSS_AFTER_QUOTE = re.compile(r"(?:\w\"|”)\s?$")


def _described(text: str, start: int) -> bool:
    """Whether the slot at ``start`` is talked about (a field named, a quote glossed)."""
    return bool(
        _GLOSS_AFTER_QUOTE.search(text, max(0, start - 3), start)
        or _NAMED_AS_FIELDS.search(text, max(0, start - 80), start)
    )


def _inserted_in_quote(tv: TextView, start: int, end: int) -> bool:
    for a, b in tv.quotes:
        if a < start and end < b:
            outside = tv.text[a:start] + " " + tv.text[end:b]
            return len(WORD.findall(outside)) >= 3
    return False


def slots(draft: Draft) -> list[tuple[int, int, str]]:
    """The template slots left in the draft's text: (start, end, the slot), in order."""
    return list(_slots(draft.text, draft.accepted_words))


@lru_cache(maxsize=8)
def _slots(text: str, accepted: frozenset[str]) -> tuple[tuple[int, int, str], ...]:
    """Cached: two rules ask of the same draft (unfilled-placeholder, generic)."""
    found: list[tuple[int, int, str]] = []
    quoted = view(text) if '"' in text or "“" in text else None
    for m in _SQUARE.finditer(text) if "[" in text else ():
        inner = m.group(1).strip()
        if in_code_line(text, m.start()):
            continue
        # An editor's insertion in quoted words ('"Ms. Lee [his co-teacher] never ..."'),
        # not a slot that is the whole quote ('"[insert quote]"').
        if quoted is not None and _inserted_in_quote(quoted, m.start(), m.end()):
            continue
        if _described(text, m.start()):
            continue
        # A flag or a mark ("[R]", "[1]"), a form's choice ("[Y/N]"), an aside that is a
        # clause of its own ("[we are moving to electronic next year]"): none is a slot.
        if (
            not inner
            or len(inner) == 1
            or inner.isdigit()
            or inner.lower() in {"sic", "...", "…", "sic."}
            or _CHOICE.fullmatch(inner)
            or _CLAUSE.match(inner)
        ):
            continue
        # An editor's note ("[names removed]") or a log level ("[ERROR] pump 2 offline").
        if _EDITORIAL.search(inner) or _LOG_LEVEL.fullmatch(inner):
            continue
        if "://" in inner or "@" in inner or re.fullmatch(r"[\d,\s\-–]+", inner):
            continue
        # A unit after a number ("140 [MPa]", "620 [N/mm]") or a reference code ("[KH-0931]",
        # "[OKTH/HR/MAT/2026/114]").
        if (
            _UNIT_BEFORE.search(text, max(0, m.start() - 2), m.start())
            or _CODE.fullmatch(inner)
            or (_REFERENCE.fullmatch(inner) and any(c.isdigit() for c in inner))
        ):
            continue
        words = WORD.findall(inner)
        # A fact put in brackets, not a blank: a particular number in a phrase ("[the 604 at my
        # last job]", "[after 1 p.m.]") or an extent of time ("Monday [all day]"; rules29).
        if (len(words) >= 3 and inner[:1].islower() and any(c.isdigit() for c in inner)) or (
            _SPAN_OF_TIME.fullmatch(inner)
        ):
            continue
        short = len(words) <= 6
        title = (
            bool(words)
            and len(words) <= 4
            and all(w[:1].isupper() for w in words)
            and not all(w.lower() in accepted for w in words)
            and not re.search(r"[.,;:!?]", inner)
            and not _FULL_NAME_BEFORE.search(text, max(0, m.start() - 60), m.start())
        )
        if (
            (short and _SLOT_WORDS.search(inner))
            or _SLOT_START.match(inner)
            or (inner.isupper() and len(inner) > 1)
            or title
            # "[one more thing you discussed]": a note to self, not an aside ("[after 3 pm]")
            or (
                len(words) >= 3
                and all(w[:1].islower() for w in words)
                and not _ASIDE_START.match(inner)
                # a list ("[airway, breathing, circulation]") is an aside, not a slot
                and not re.search(r"[\d.,;!?]", inner)
            )
        ):
            found.append((m.start(), m.end(), m.group(0)))
    for m in _CURLY.finditer(text) if ("{" in text or "%" in text) else ():
        before = text[m.start() - 1 : m.start()]
        if (
            before.isalnum()
            or before in "\\^_$/"
            or text[m.end() : m.end() + 1] == "/"
            or text[m.start() - 2 : m.start()] in ('f"', "f'")
            or in_code_line(text, m.start())
        ):
            continue  # LaTeX ("\\frac{n}", "x^{2}"), code and format strings
        inner = m.group(0).strip("{}$% ")
        # A bare field ("{company}", "{{ hiring_manager }}") is a slot; words in single braces
        # with spaces ("{ presently zero }", "{ Ena }") are an aside, as in pasted notes.
        bare = re.fullmatch(r"[A-Za-z][A-Za-z_]{2,}", inner) and (
            m.group(0).startswith(("{{", "${", "%")) or m.group(0)[1:2] != " "
        )
        # A note to self in braces ("{specific moment from the visit}") as in brackets.
        if _FILL_SLOT.search(inner) or bare or _SLOT_START.match(inner):
            found.append((m.start(), m.end(), m.group(0)))
    for m in _ANGLE.finditer(text) if "<" in text else ():
        inner = m.group(1).strip()
        if (
            not inner
            or _HTML_TAG.fullmatch(inner)
            or inner.isdigit()
            or not re.search(r"[A-Za-z]", inner)
            or _described(text, m.start())
        ):
            continue
        if _SLOT_WORDS.search(inner) or inner.isupper() or inner[:1].isupper():
            found.append((m.start(), m.end(), m.group(0)))
    checks = [
        rx
        for rx, needed in (
            (_XS, "xx" in text.lower()),
            (_NAMED_SLOT, True),
            (_PAREN_SLOT, "(" in text),
        )
        if needed
    ]
    for rx in checks:
        for m in rx.finditer(text):
            if rx is _XS and (
                _MASK_AFTER.match(text, m.end())
                or _MASK_BEFORE.search(text, 0, m.start())
                or _CODE_SEGMENT.search(text, max(0, m.start() - 3), m.start())
            ):
                continue
            found.append((m.start(), m.end(), m.group(0)))
    for m in _BLANK.finditer(text) if "___" in text else ():
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        line = text[a : (len(text) if b == -1 else b)]
        if re.search(r"[A-Za-z]", line):
            found.append((m.start(), m.end(), m.group(0)))
    found.sort()
    return tuple(found)
