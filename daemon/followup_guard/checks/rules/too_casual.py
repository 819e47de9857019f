"""too-casual: slang, text-speak, emoji, shouting, a letter without greeting or sign-off.

How loud it is. The advice (000) warns against a note that *looks overly casual*: a judgement
on the letter as a whole. One habit of office mail ("thru", "pls", "BTW", "yeah", one ":)",
one "!!") does not make a careful letter look overly casual, but the writer may want to know
it is there, so alone it is an ``info`` note that does not open the dialog. The letter is
too casual (``warn``) when it holds a strong marker (chat text-speak such as "u", "lol",
"gonna"; a "Hey"/"Yo" greeting; a slang phrase; a string of emoji; "!!!" or "???"; more than
twice ``max_exclamations``; shouting; a missing greeting; a letter that just stops, with no
sign-off and no name: what the catalog lists), or several mild ones (``mild_to_warn``,
default 2). A letter signed with the name alone, no closing phrase, is signed: plenty of
careful letters close that way. Every finding of a letter then has that one severity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from ...mail.text import WORD
from .. import spelling
from ..draft import Draft
from ..letter import (
    GREETING,
    first_recipient_name,
    is_sentence_start,
    layout,
    own_name_words,
    signature_lines,
)
from ..matcher import existence_check, phrase_list, rule_data, snippet
from ..registry import Example, Hit, rule
from ..textview import in_code_line, sentence_end, sentence_start, view

_CASUALGREETINGS = frozenset(
    {
        "hey",
        "hiya",
        "heya",
        "hey there",
        "yo",
        "howdy",
        "sup",
        "what's up",
        "whats up",
        "howzit",
    }
)
# A flag is two regional-indicator letters ("🇺🇸"): one emoji, quoted whole.
_EMOJI = re.compile(
    "[\U0001f1e6-\U0001f1ff]{2}|"
    "[\U0001f000-\U0001faff\U00002600-\U000026ff\U00002700-\U00002712\U00002715\U00002716"
    "\U00002719-\U0000278f\U00002b50\U00002b55\U0000203c\U00002049\U0001f1e6-\U0001f1ff]"
)
# (this one, _LOWER_I and _THANKS open with a lookahead on their possible first characters:
# it lets re skip quickly to where a match can start; what matches is unchanged)
_EMOTICON = re.compile(r"(?=[:;=<^xX])(?:[:;=]['’]?-?[)(DPpOo|/\\*3]|<3|\^_\^|[xX]D)")
_PUNCT_RUN = re.compile(r"[!?]*![!?]+|\?{2,}")
_CAPS_WORD = re.compile(r"[A-Z][A-Z'’]+")

# A slang word joined to these is part of something else: a compound ("u-turn"), a file
# name, an address, or a code's field or variable ("MARC 856 $u", "%u"; rules25).
_JOINED_BEFORE = frozenset("-_/$%\\")
_JOINED_AFTER = frozenset("-_/@")


def _name_signs(draft: Draft) -> bool:
    """A short note that closes with the sender's name on its own line (the signature block
    right under the text) is signed, as "Dana, thanks for today. Jordan" is."""
    if len(draft.text.strip()) > 300:
        return False
    first = draft.signature.strip().split("\n", 1)[0].split()
    return bool(first) and first[0].lower() in own_name_words(draft)


def _closes_with_name(draft: Draft) -> bool:
    """Does the letter end with the sender's name on its own line (among the last lines of the
    text, above a phone number say, or first in the signature block), as many a letter signed
    without a closing phrase does ("...responsible for that.\n\nRhiannon Price\n07700 900461")?"""
    tail = [x.split() for x in draft.text.rstrip().split("\n")[-3:]]
    sig = draft.signature.strip().split("\n", 1)[0].split()
    own = own_name_words(draft)
    return any(words and len(words) <= 4 and words[0].lower() in own for words in [*tail, sig])


@rule(
    "too-casual",
    category="tone",
    severity="warn",
    summary="Flags slang, text-speak, emoji and emoticons, 'hey'/'yo' greetings, strings of "
    "'!!!', shouting in capitals, and a missing greeting or sign-off; one mild marker alone "
    "(a 'thru', a ':)', a '!!') is only a note.",
    why="A follow-up is still part of the interview. Text-speak, emoji or a 'Hey!' tell the "
    "reader you treat it like a chat with a friend; a note without a greeting or a "
    "sign-off looks dashed off. Small things, but they are what the reader sees first.",
    fix="Write it as a short business letter: 'Dear Dana,' or 'Hello Dana,', full words, at "
    "most one exclamation mark, and a sign-off such as 'Best regards,'.",
    advice="Follow-up advice: an overly casual or sloppy note suggests you do not "
    "know professional conventions.",
    sources=("000", "001"),
    options={
        "max_exclamations": 2,
        "max_exclamation_run": 1,
        "min_shout_letters": 4,
        "structure_kinds": ["thank-you", "follow-up"],
        "max_reported": 5,
        "mild_to_warn": 2,
    },
    bad=[
        Example(
            "Hey Dana!!\n\nThx for the convo yesterday, it was awesome 😀 gonna "
            "start prepping for the next round lol\n\nAlex",
            "slang, emoji, '!!'",
        ),
        Example(
            "Thank you for the interview. I am VERY EXCITED about the Kafka migration.",
            "shouting, no greeting or sign-off",
        ),
        Example(
            "Dear Dana,\n\nPLEASE CALL ME BACK: I have another offer.\n\nBest regards,\nAlex",
            "a shouted line before a colon is no label",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for Friday's conversation about the Kafka migration! "
            "I enjoyed it.\n\nBest regards,\nAlex",
            "one exclamation mark is fine",
        ),
        Example(
            "Hello Dana,\n\nThanks for explaining how the SRE team runs the on-call "
            "rotation with AWS and the REST APIs.\n\nKind regards,\nAlex",
            "acronyms are not shouting",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex Morgan\n\n"
            "CONFIDENTIALITY NOTICE: This email is intended only for the named recipient.",
            "a notice's heading is a label",
        ),
    ],
)
def too_casual(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    text = draft.text
    limit = int(opts.get("max_reported", 5))
    hits: list[Hit] = []  # strong markers
    mild: list[Hit] = []  # mild ones (see the module docstring)
    lay = layout(draft)
    structure = draft.kind in set(opts.get("structure_kinds", ()))
    # Greeting.
    if lay.greeting and lay.greeting_word in _CASUALGREETINGS:
        ga, gb = lay.greeting
        m = GREETING.match(text[ga:gb])
        a, end = (ga + m.start("word"), ga + m.end("word")) if m else (ga, gb)
        name = first_recipient_name(draft) or "…"
        hits.append(
            Hit(
                f"'{text[a:end]}' is a casual greeting",
                (a, end),
                fix=f"Open with 'Dear {name},' or 'Hello {name},'.",
            )
        )
    elif structure and lay.greeting is None and text.strip():
        name = first_recipient_name(draft)
        hits.append(
            Hit("the message has no greeting", None, fix=f"Open with 'Dear {name or '…'},'.")
        )
    if (
        structure
        and lay.sign_off is None
        and text.strip()
        and not _name_signs(draft)
        and not _closes_with_name(draft)  # signed with the name alone: signed
    ):
        hits.append(
            Hit(
                "the message has no sign-off", None, fix="Close with 'Best regards,' and your name."
            )
        )
    # Slang and text-speak words.
    tv = view(text)
    slang: dict[str, str] = rule_data("too-casual")["slang"]
    for lw, a in sorted(
        ((w, tv.positions[w][0]) for w in tv.words & slang.keys()), key=lambda x: x[1]
    ):
        for a in tv.positions[lw]:
            b = a + len(lw)
            w = text[a:b]
            if text[a - 1 : a] in _JOINED_BEFORE or text[b : b + 1] in _JOINED_AFTER:
                continue  # part of a compound, a file name, an address or a code's field
            if (text[b : b + 1] == "." and text[b + 1 : b + 2].isalpha()) or (
                text[a - 1 : a] == "." and text[a - 2 : a - 1].isalpha()
            ):
                continue  # an abbreviation ("U.S.", "u.k.")
            if lw in _word_set("lower_only") and w != lw:
                continue  # "U", "RN", "NP": initials and acronyms
            if w.isupper() and not w.isalpha() and _code_beside(text, a, b):
                continue  # "ASE B2, B3 and B4" (rules41): a code among codes, not "before"
            if lw in ("k", "kk") and (
                not is_sentence_start(text, a) or not _K_GOES_ON.match(text, b)
            ):
                continue  # "K, see you then", not an initial that signs ("Thanks - k")
            if lw == "def" and not re.match(
                r"\s+(interested|excited|keen|happy|down|a)\b", text[b:]
            ):
                continue
            if lw == "ya" and not re.search(
                r"\b(see|thank|thanks|love|catch|miss)\s+$", text[max(0, a - 12) : a], re.I
            ):
                continue
            plain = slang[lw]
            fix = f"Write '{plain}' instead." if plain else "Leave it out."
            if lw in _word_set("mild"):
                mild.append(Hit(f"'{w}' is informal shorthand", (a, b), fix=fix))
            else:
                hits.append(Hit(f"'{w}' is text-speak or slang", (a, b), fix=fix))
            break
    # Lower-case "i" as a pronoun.
    m = _pronoun_i(text) if tv.words & _I_FORMS else None
    if m:
        hits.append(
            Hit(
                f"'{m.group(0)}' in lower case reads as texting",
                (m.start(), m.end()),
                fix="Capitalise 'I'.",
            )
        )
    # Slang phrases.
    for mt in existence_check(tv, phrase_list("too-casual")):
        hits.append(Hit(f"'{snippet(mt.text)}' {mt.phrase.label}", (mt.start, mt.end)))
    # Emoji and emoticons: one is a mild marker, two or more a string of them.
    faces = _faces(text)
    if faces:
        m = faces[0]
        (hits if len(faces) > 1 else mild).append(
            Hit(
                f"'{m.group(0)}' (emoji or emoticon) is too casual for this letter",
                (m.start(), m.end()),
                fix="Let the words carry the warmth.",
            )
        )
    # Exclamation marks: "!!" or "??" is mild, "!!!" or "???" strong.
    run_max = int(opts.get("max_exclamation_run", 1))
    for m in _PUNCT_RUN.finditer(text) if ("!" in text or "??" in text) else ():
        marks = m.group(0)
        if marks.count("!") > run_max or ("?" in marks and len(marks) > 1):
            (hits if len(marks) >= 3 else mild).append(
                Hit(
                    f"'{marks}' is a string of marks",
                    (m.start(), m.end()),
                    fix="Use a single full stop or one exclamation mark.",
                )
            )
            break
    n_bangs = text.count("!")
    most = int(opts.get("max_exclamations", 2))
    if n_bangs > most:
        i = -1
        for _ in range(most + 1):
            i = text.index("!", i + 1)
        (hits if n_bangs > 2 * most else mild).append(  # one too many, or a letter of them
            Hit(
                f"{n_bangs} exclamation marks (at most {most} read as professional)",
                (i, i + 1),
                fix="Keep one, where it matters most.",
            )
        )
    # Shouting in capitals.
    hits.extend(_shouting(draft, int(opts.get("min_shout_letters", 4))))
    # Strong markers, or enough mild ones, make the letter too casual: warn (the rule's
    # severity). A single mild marker is only mentioned.
    if not hits and len(mild) < int(opts.get("mild_to_warn", 2)):
        mild = [replace(h, severity="info") for h in mild]
    found = sorted(hits + mild, key=lambda h: h.span[0] if h.span else -1)
    yield from found[:limit]


_CODE = re.compile(r"(?<![\w])[A-Z]{1,3}\d{1,3}(?![\w])")


def _code_beside(text: str, a: int, b: int) -> bool:
    """Another code of capitals and digits ("B2", "A10") within a few words of ``text[a:b]``."""
    return any(m.start() != a for m in _CODE.finditer(text, max(0, a - 24), min(len(text), b + 24)))


_K_GOES_ON = re.compile(r"[.,!]?[ \t]+[^\W\d_]")
_LOWER_I = re.compile(  # not "i.e.", not maths ("$x_i$", "{i=1}")
    r"(?=i)(?<![\w'’.{_$\\])i(?:['’](?:m|ve|ll|d))?(?![\w'’=$}]|\.\w)"
)
_I_FORMS = frozenset({"i", "i'm", "i've", "i'll", "i'd"})


# The standard-size English list (SCOWL 50): its rarer entries are often words of other
# languages as well ("te", "ki", "kura" at 60-70).
_STANDARD_LEVEL = 50


def _pronoun_i(text: str) -> re.Match[str] | None:
    """The first lower-case "i" that is the English pronoun: a bare "i" in a sentence of
    another language is a word of that language (te reo Maori "i tēnei ata", Catalan "i";
    rules40), as the misspelling rule reads such a sentence."""
    for m in _LOWER_I.finditer(text):
        if m.group(0) != "i":
            return m
        sentence = text[sentence_start(text, m.start()) : sentence_end(text, m.start())]
        words = [w.lower() for w in WORD.findall(sentence) if len(w) >= 2]
        known, _ = spelling.lookup(words)
        rare = {w for w in words if known.get(w, 99) > _STANDARD_LEVEL}
        if not spelling.mostly_foreign(words, rare.__contains__):
            return m
    return None


@cache
def _word_set(key: str) -> frozenset[str]:
    return frozenset(rule_data("too-casual")["words"][key])


def _faces(text: str) -> list[re.Match[str]]:
    """The emoji (but skin-tone modifiers) and the emoticons standing on their own (":)",
    ";-)", "<3", "xD"), in order."""
    out = [] if text.isascii() else [m for m in _EMOJI.finditer(text) if m.group(0) not in _TONES]
    for m in _EMOTICON.finditer(text):
        a, b = m.start(), m.end()
        before = text[a - 1 : a]
        after = text[b : b + 1]
        if (before.isalnum() or before in ":/_") or (after.isalnum() or after in "/_"):
            continue
        out.append(m)
    return sorted(out, key=lambda m: m.start())


_TONES = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))  # skin tones: part of an emoji


# Capitals read as shouting only on common words ("VERY", "URGENT", "PLEASE"): a rarer word in
# capitals is an acronym or a term (HTML, MIME, SQL, NHS), whatever else it spells.
_COMMON_LEVEL = 20


_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|a|an|our|their|my|your|his|her|its|this|that|these|those)\s+$", re.I
)
_LOWER_WORD_AFTER = re.compile(r"\s+[a-z]{2,}")
_NAME_OR_CODE_AFTER = re.compile(r"[ \t]+[A-Z][a-z]{2,}|[/\-]\d")


def _a_name(text: str, m: re.Match[str]) -> bool:
    """Whether a common word in capitals is a name, not a raised voice: part of a name or a
    code ("MERCY Malaysia", "ELECT/45821"), or a plural between a determiner and a noun ("the
    AIMS newsletter", "the TRACES report"). A plural cannot stand before a noun, so there it
    names an institute or a portal, where a shouted word would be an adjective ("the BEST
    team")."""
    if _NAME_OR_CODE_AFTER.match(text, m.end()):
        return True
    word = m.group(0)
    return (
        len(word) >= 4
        and word.endswith("S")
        and not word.endswith("SS")
        and bool(_DETERMINER_BEFORE.search(text, max(0, m.start() - 8), m.start()))
        and bool(_LOWER_WORD_AFTER.match(text, m.end()))
    )


def _shouting(draft: Draft, min_letters: int) -> list[Hit]:
    text = draft.text
    words = [
        m
        for m in _CAPS_WORD.finditer(text)
        if not text[m.start() - 1 : m.start()].isalnum()
        and not text[m.end() : m.end() + 1].isalnum()
    ]
    if not words:
        return []
    accepted = draft.accepted_words
    known, _ = spelling.lookup(m.group(0).lower() for m in words)
    runs: list[list[re.Match[str]]] = []
    for m in words:
        if runs and re.fullmatch(r"[ \t,]+", text[runs[-1][-1].end() : m.start()]):
            runs[-1].append(m)
        else:
            runs.append([m])
    out: list[Hit] = []
    card = list(signature_lines(draft))  # a business name ruled off below the sign-off
    for run in runs:
        if any(a <= run[0].start() < b for a, b in card):
            continue

        def shouty(m: re.Match[str]) -> bool:
            lw = m.group(0).lower().replace("’", "'")
            return (
                lw in known
                and lw not in _word_set("not_shouting")
                and lw not in accepted
                and known[lw] <= _COMMON_LEVEL
                and not in_code_line(text, m.start())
                # "[ERROR] pump 2 offline": a log level quoted, not a raised voice.
                and not (
                    text[m.start() - 1 : m.start()] == "[" and text[m.end() : m.end() + 1] == "]"
                )
                and not _a_name(text, m)
            )

        # A label: "NOTE:", or a notice's heading ("CONFIDENTIALITY NOTICE: ...").
        label = text[run[-1].end() : run[-1].end() + 1] == ":" and (
            len(run) == 1 or run[-1].group(0).lower() in _word_set("label_words")
        )
        loud = [] if label else [m for m in run if shouty(m)]
        if (len(run) >= 3 and len(loud) >= 2) or any(len(m.group(0)) >= min_letters for m in loud):
            a, b = run[0].start(), run[-1].end()
            out.append(
                Hit(
                    f"'{snippet(text[a:b])}' reads as shouting",
                    (a, b),
                    fix="Write it in normal case; let the words carry the emphasis.",
                )
            )
            break
    return out
