"""unprofessional-signature: side businesses, taglines, nicknames, emoji and disclaimers in the
signature."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from ...mail.text import WORD
from ..draft import Draft
from ..letter import (
    HONORIFICS,
    SIGN_OFF,
    layout,
    own_name_words,
    signature_tail,
    title_line,
)
from ..matcher import existence_check, phrase_list, rule_data, snippet
from ..registry import Example, Hit, rule
from ..textview import PHONE_OR_MAIL, TextView

# Emoji (pictographs, symbols, dingbats), except the contact icons some plain signatures
# use before a number or an address (phone, envelope, mobile, globe, pin, check mark).
_EMOJI = re.compile(
    "[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b55\u2764]"
    "(?<![\u260e\u2706\u2709\u2713\u2714\U0001f4de\U0001f4e7\U0001f4f1\U0001f310\U0001f4cd])"
)
# "a.k.a. The Payroll Queen": a nickname on any line of the signature.
_AKA = r"\ba\.?k\.?a\.?\s+\S"
_NICKNAME_ANYWHERE = re.compile(_AKA, re.I)
# A nickname set into the name line: Alex "Big Al" Morgan, Alex 'The Closer' Morgan, (aka DJ).
_NICKNAME = re.compile(
    r"""(?:^|\s)(?:"[^"\n]{2,30}"|“[^”\n]{2,30}”|'[^'\n]{2,30}'|‘[^’\n]{2,30}’|«[^»\n]{2,30}»)"""
    r"(?=\s|$|,)"
    r"|\(\s*(?:a\.?k\.?a\.?|also known as)\b[^)\n]*\)|" + _AKA,
    re.I,
)
# Letters first: "#E2291847" is a licence number.
_HASHTAG = re.compile(r"(?<![\w&/#])#[A-Za-z]{3}\w*")
# A quotation with its author after a dash: "Be yourself; ... - Oscar Wilde".
_ATTRIBUTED = re.compile(
    r"\w[^\n]*\s[^\n]*[.!?,;]?[ \t]+[-–—~]{1,2}[ \t]*[A-Z][\w.'’]*(?:[ \t]+[A-Z][\w.'’]*){0,3}"
    r"[ \t]*$"
)
# What plain signature lines hold: contact details, pronouns, a device footer.
_CONTACT = re.compile(
    PHONE_OR_MAIL + r"|https?://|www\.|\b[\w\-]+\.(?:com|org|net|io|dev|"
    r"me|co|uk|au|edu|gov|example|info|app|ca|de|nz|ie)\b|\b(?:linkedin|github|gitlab)\b",
    re.I,
)
_PRONOUNS = re.compile(
    r"\b(?:she|he|they|ze|xe)\s*/\s*(?:her|him|them|hers|his|theirs|zir)\b", re.I
)
# Text emoticons: ;) :-) :D :P <3 xD (not the colon of "T: 0113" or "https://").
_EMOTICON = re.compile(r"(?<![\w:/])(?:[;:=][\-'^]?[)(DPp3\]\[|*]|<3|\^_\^|xD|XD)(?![\w/])")
# A kiss after the name: "Han x", "Aoife xx", "Sam xoxo" (British, Irish, Australian habit).
_KISS = re.compile(r"\s(?:x{1,3}|(?:xo){1,3}x?)[ \t.!]*$")  # lower case: not "Malcolm X"
# A corporate disclaimer, not the two-sentence confidentiality note many workplaces add (26-39
# words in twelve development letters, all written as good ones, and none of these words):
# liability, viruses, the company's registration, "views or opinions", or 60 words and more
# (84 and 94 in the development letters that flag it).
_CORPORATE_WORDS = (
    r"disclaimer|liability|viruse?s?|registered (?:in|office)|company (?:number|no)|"
    r"environment before printing|views or opinions"
)
_CORPORATE = re.compile(rf"\b(?:{_CORPORATE_WORDS})\b", re.I)
# A legal notice: confidentiality and misdelivery, or the corporate words above.
_NOTICE = re.compile(
    r"\b(?:confidential|privileged|intended (?:solely |only )?for|intended recipient|"
    r"addressee|received (?:this|it) in error|in error|notify the sender|delete (?:it|this)|"
    rf"{_CORPORATE_WORDS})\b",
    re.I,
)
_NOTICE_LONG = 60
_CHATTY_CLOSING = re.compile(r"\b(?:love|xoxo|xx+|hugs|later|peace|ttyl|cya|ya|thx|ty)\b", re.I)
_QUOTED = re.compile(r"[\"“]([^\"”\n]{3,200})[\"”]")
_READER = re.compile(r"\b(?:you|your|you're|youre|yourself)\b", re.I)
# A note on when or how the sender answers ("Please note I work rotating shifts and may reply
# outside business hours"; rules44): a working line, not a motto.
_NOTE = re.compile(
    r"(?:please\s+note|note|n\.\s?b\.?)\b[:,]?\s+(?:that\s+)?(?:i|my|this|emails?)\b", re.I
)
_DEVICE = re.compile(
    r"^(?:sent (?:from|with|via) (?:my |the )?\w+(?: \w+){0,3}|get outlook for \w+|sent on the go)"
    # with the usual apology ("Sent from the road - apologies for any typos"; rules23)
    r"(?:\s*[-–—,.;:]?\s*(?:please )?(?:excuse|forgive|pardon|apologies for|sorry for)\s+"
    r"(?:any |the |my )?(?:typos|brevity|errors|mistakes|autocorrect))?$",
    re.I,
)


@cache
def _markers() -> frozenset[str]:
    """Words that make a signature line a plain one: titles, credentials, places of work."""
    return frozenset(rule_data("unprofessional-signature")["professional_words"].split())


def _emoji(text: str) -> re.Match[str] | None:
    return _EMOJI.search(text) if not text.isascii() else None


def _plain(line: str) -> bool:
    """A line of a job-search signature: contact details, pronouns, a title, a credential,
    an employer, school or place (Title Case), a device footer, or a long notice."""
    words = WORD.findall(line)
    if not words or _CONTACT.search(line) or _PRONOUNS.search(line):
        return True
    if _DEVICE.match(line.strip(" .")) or _NOTE.match(line.strip()):
        return True
    low = {w.lower().strip("'’") for w in words}
    if low & _markers():
        return True
    # A title, an employer or a place: every word capitalised ("Acme Corp, Boston"); or a
    # line about work that names something ("Maintainer of an open-source Kafka library").
    if title_line(words):
        return True
    # A capital that only starts a sentence ("Sleep is for the weak. Night shift forever.")
    # names nothing, nor does a year ("Balancing the books and the banter since 2009").
    # "I" names nothing ("excuse the typos, I'm probably on the bus lol").
    return any(
        (m.group()[0].isupper() or (m.group()[0].isdigit() and not _YEAR.fullmatch(m.group())))
        and not _SENTENCE_END.search(line, 0, m.start())
        and m.group().lower().replace("’", "'") not in _FIRST_PERSON
        for m in list(WORD.finditer(line))[1:]
    )


_FIRST_PERSON = frozenset(["i", "i'm", "i've", "i'll", "i'd"])


_YEAR = re.compile(r"(?:19|20)\d\d")
# A business line: "Owner, ..." or "Proprietor of ..." at its start.
_OWNER = re.compile(r"^\W*(?:co-?)?(?:owner|proprietor)\b", re.I)
_ALSO = re.compile(r"^\W*(?:also|plus)\b\W*", re.I)


def _own_business(line: str, names: frozenset[str]) -> bool:
    """A business named after you, below your name: "Farhana's Kuih Raya - taking
    pre-orders", "Also: Reid's Party Rentals", "Reid Courier & Barrel Shipping - barrels to
    Brooklyn"; not your name with a title or credential ("Tashana Reid, Logistics
    Coordinator")."""
    line = _ALSO.sub("", line)
    words = WORD.findall(_NAME_PART_END.split(line, maxsplit=1)[0])[:6]
    for k, w in enumerate(words[:-1]):
        low = w.lower()
        nxt = words[k + 1]
        if not nxt[:1].isupper() or nxt.lower() in names:
            continue
        if low[-2:] in ("'s", "’s") and low[:-2] in names:
            return True  # "Reid's Party Rentals"
        if k == 0 and low in names:
            # Credentials in capitals or with digits ("MAAT", "NEHS Level 3") are no trade.
            rest = [
                x.lower()
                for x in words[1:]
                if x.lower() not in names and not x.isupper() and not any(c.isdigit() for c in x)
            ]
            plain = _markers() | HONORIFICS | _NAME_JOINS
            if rest and not set(rest) <= plain:
                return True  # "Reid Courier & Barrel Shipping", "Whitfield Mobile Notary"
    return False


# One to three capitalised words, initials allowed ("Ellie W", "J. Okafor", "Bex"): a name.
_SHORT_NAME = re.compile(r"[A-Z][\w'’\-]*\.?(?:[ \t]+[A-Z][\w'’\-]*\.?){0,2}")
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*[ \t]+$")
_CLOSING_WORDS = 4  # "With best wishes to you", "Kind regards": longer is no mere closing


_NAME_PART_END = re.compile(r"[,|:–—(]|\s-\s")
_QUOTED_BIT = re.compile(r"""["“'‘][^"”'’\n]{1,30}["”'’]|«[^»\n]{1,30}»|\([^)\n]*\)""")
# Joining words of a full name ("Nur Farhana binti Abdul Rahman", "Ravi s/o Chandran").
_NAME_JOINS = frozenset(["bin", "binti", "bte", "bt", "anak", "s/o", "d/o"])


def _name_line(line: str, names: frozenset[str]) -> bool:
    """A line that starts with your name, or a short form of it ("Han" for Hannah), and whose
    first part is only that name ("Jake Whitmore | 0491 570 156", "Alex "Ace" Morgan, CPA",
    with titles and initials); not a business named after you ("Whitmore Earthmoving -
    bobcat and tipper hire")."""
    words = [w.lower() for w in WORD.findall(line)]
    while words and words[0] in HONORIFICS:  # "Engr. Adaeze Okonkwo", "Dr Siobhan Mackay"
        words.pop(0)
    if not words:
        return False
    first = words[0]
    if not (
        first in names
        or (len(first) >= 3 and any(n.startswith(first) for n in names if len(n) > len(first)))
    ):
        return False
    head = _QUOTED_BIT.sub(" ", _NAME_PART_END.split(line, maxsplit=1)[0])
    # Letters after the name in capitals are credentials ("Naledi Khumalo CA(SA)", "RN"):
    # part of the name line, as after a comma (rules36).
    head_words = [w for w in WORD.findall(head) if w.isalpha()]
    rest = [w.lower() for w in head_words if not (w.isupper() and len(w) <= 5)]
    rest = rest[rest.index(first) + 1 :] if first in rest else rest[1:]
    return all(w in names or w in HONORIFICS or w in _NAME_JOINS or len(w) == 1 for w in rest)


def _line_hits(line: str, is_name: bool) -> str | None:
    """Why one signature line is unprofessional (the part of the message after the quote)."""
    s = line.strip()
    if not s:
        return None
    if _EMOTICON.search(s):
        return "has an emoticon"
    if is_name:
        if _NICKNAME.search(s):
            return "puts a nickname in your name"
        if _KISS.search(s):
            return "signs off with a kiss"
        return None
    words = WORD.findall(s)
    # A second closing ("Grace\nKind regards,\nGrace Njoroge"): the configured block under a
    # name already typed; a closing, not a tagline (rules21). The chatty ones stay findings.
    if SIGN_OFF.match(s) and s.endswith(",") and len(words) <= 3 and not _CHATTY_CLOSING.search(s):
        return None
    if len(_NOTICE.findall(s)) >= 2:
        if len(words) >= _NOTICE_LONG or _CORPORATE.search(s):
            return "is a long legal disclaimer, out of place in a job-search letter"
        return None  # a one-line confidentiality note
    if _HASHTAG.search(s):
        return "is a hashtag"
    if s[:1] in "\"“'‘" and len(WORD.findall(s)) >= 3:
        return "is a quotation in the signature"
    # A quoted saying after other words ('~ Steno Queen ~ "Well-behaved women rarely make
    # history"'; rules19); a title in quotation marks is in Title Case.
    quoted = _QUOTED.search(s)
    if quoted and len(q := WORD.findall(quoted.group(1))) >= 3 and any(w.islower() for w in q):
        return "is a quotation in the signature"
    if (
        _ATTRIBUTED.match(s)
        and not _CONTACT.search(s)
        and len(words) >= 5
        and not {w.lower() for w in words} & _markers()  # "Volunteer, Red Cross - Leeds"
    ):
        return "is a quotation in the signature"
    if "!" in s and not _CONTACT.search(s):
        return "is a slogan"
    if len(words) >= 4 and _READER.search(s) and not _CONTACT.search(s):
        # "If you can read this, thank a teacher": plain lines do not talk to the reader.
        return "is a personal tagline, not a job-search signature line"
    if _plain(s):
        return None
    return "is a personal tagline, not a job-search signature line"


@rule(
    "unprofessional-signature",
    category="tone",
    severity="warn",
    summary="Flags a signature that advertises a side business or carries an unprofessional "
    "tagline: a motto, a quotation, a slogan or hashtag, a nickname in your name, emoji or "
    "emoticons, a kiss after your name, a long legal disclaimer. "
    "Name, title, credentials, contact details, pronouns and a 'Sent from my phone' footer "
    "are fine.",
    why="The signature is the last thing the interviewer reads. An ad for your party-magic "
    "gigs, a promo code or a jokey motto there undercuts an otherwise careful letter "
    "and raises questions about your focus.",
    fix="Use a plain signature for the job search: your name, phone number, and at most a "
    "LinkedIn or portfolio link.",
    advice="Follow-up advice: a signature advertising a side job does not make you look "
    "like a must-hire.",
    sources=("000",),
    options={"also": [], "max_reported": 2},
    bad=[
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex\n-- \nAlex "
            "Morgan\nMagician for children's parties, book now!",
            "side business",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex\n-- \nAlex "
            "Morgan\nYOLO. Work hard, party harder.",
            "tagline",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex Morgan\n"
            "Coffee first, code later",
            "a motto under the name",
        ),
        Example(
            'Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex "Ace" Morgan',
            "a nickname",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex Morgan\n\n"
            "DISCLAIMER: This e-mail and any files transmitted with it are confidential and "
            "intended solely for the use of the individual or entity to whom they are "
            "addressed. If you have received this e-mail in error please notify the sender "
            "immediately and delete it. Any views or opinions expressed are solely those of "
            "the author and do not necessarily represent those of the company. The sender "
            "accepts no liability for any damage caused by any virus transmitted by this "
            "e-mail. Please consider the environment before printing this e-mail.",
            "a corporate disclaimer paragraph",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex\n-- \nAlex "
            "Morgan\n+1 617 555 0142\nlinkedin.com/in/alexmorgan",
            "plain",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex Morgan\n"
            "Backend Engineer, payments and event streaming",
            "a professional line",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex Morgan (they/them)\n"
            "Sent from my iPhone",
            "pronouns and a device footer",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite.\n\nBest regards,\nAlex Morgan\n"
            "+1 617 555 0142\n\nConfidentiality notice: This email and any attachments are "
            "intended only for the named recipient and may contain confidential information. "
            "If you received it in error, please notify the sender and delete it.",
            "a workplace's short confidentiality note",
        ),
    ],
)
def unprofessional_signature(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    limit = int(opts.get("max_reported", 2))
    hits = list(_hits(draft, opts))
    yield from hits[:limit]


def _blocks(draft: Draft) -> list[tuple[str, int]]:
    """The signature's stretches: (text, offset into draft.text, or -1 for the block after
    '-- ' or the configured signature, which is not in draft.text)."""
    out: list[tuple[str, int]] = []
    sig = draft.signature or ""
    if sig.strip():
        out.append((sig, -1))
    # A signature typed into the body, below the sign-off, is part of draft.text; when the
    # sign-off is your name itself (no closing word above it), from that line.
    if tail := signature_tail(draft):
        start = tail[0]
        sign_off = layout(draft).sign_off
        if sign_off and _name_line(
            draft.text[sign_off[0] : tail[0]].strip(), own_name_words(draft)
        ):
            start = sign_off[0]
        out.append((draft.text[start : tail[1]], start))
    elif at := _name_block(draft):
        out.append((draft.text[at:], at))
    return out


_NAME_BLOCK_LINES = 4  # a signature is a few lines: the name is among the letter's last lines


def _name_block(draft: Draft) -> int | None:
    """Where the signature starts in a letter with no closing ("I hope to hear from you
    soon.\n\nChloe Hargreaves\nChloe's Lashes & Brows"): at the last of the final lines that
    is your name, when lines follow it; None when none is. (`letter.layout` already takes a
    name line over a few short lines as the sign-off; this also finds it over long ones, an
    advert or a notice, which the layout leaves to the body.)"""
    names = own_name_words(draft)
    text = draft.text.rstrip()
    starts = [m.start() for m in re.finditer(r"(?m)^(?=[^\n]*\S)", text)]
    for at in reversed(starts[-(_NAME_BLOCK_LINES + 1) : -1]):
        end = text.find("\n", at)
        if _name_line(text[at : end if end != -1 else None], names):
            return at
    return None


def _long_closing(draft: Draft) -> tuple[str, int]:
    """The closing line when it is longer than a closing, and where it starts: found from the
    bottom, it may be an advert under the name ("Best prices in Gauteng - 082 ..."). Only the
    phrase lists look at it: it may as well be the letter's last sentence ("Thanks again for
    your time today.")."""
    lay = layout(draft)
    if not lay.sign_off:
        return "", -1
    at = lay.sign_off[0]
    end = draft.text.find("\n", at)
    line = draft.text[at : end if end != -1 else None]
    return (line, at) if len(WORD.findall(line)) > _CLOSING_WORDS else ("", -1)


def _configured(draft: Draft) -> bool:
    """Whether the draft's signature is one of the configured ones (cut from draft.text)."""
    sig = draft.signature.strip()
    return any(i.signature and i.signature.strip() == sig for i in draft.config.identities)


def _hits(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    extra = tuple(opts.get("also", ()) or ())
    names = own_name_words(draft)
    reported: set[str] = set()
    # Spans are left out (the engine keeps one finding per span, and too-casual's emoji
    # would then win over the whole line); each finding covers its block instead, so the same
    # emoji or capitals are not reported again by too-casual. The message quotes what was found.
    closing, closing_at = _long_closing(draft)
    for mt in existence_check(
        TextView(closing), phrase_list("unprofessional-signature"), extra=extra
    ):
        reported.add(mt.text)
        yield Hit(
            f"the signature's '{snippet(mt.text)}' {mt.phrase.label}",
            None,
            covers=(closing_at, closing_at + len(closing)),
        )
    for block, _at in _blocks(draft):
        covers = (_at, _at + len(block)) if _at >= 0 else None
        for mt in existence_check(
            TextView(block), phrase_list("unprofessional-signature"), extra=extra, quotes_ok=True
        ):
            if mt.text not in reported:
                reported.add(mt.text)
                yield Hit(
                    f"the signature's '{snippet(mt.text)}' {mt.phrase.label}", None, covers=covers
                )
        if em := _emoji(block):
            yield Hit(f"the signature's '{em.group(0)}' is an emoji", None, covers=covers)
        lines = [x for x in block.split("\n") if x.strip()]
        # Shape checks only below the line with your name: above it may be the letter's end.
        # When the configured signature (your name) was cut from the text, the tail below
        # the closing is all signature.
        named = [k for k, x in enumerate(lines) if _name_line(x, names)]
        if named:
            start, first_is_name = named[0], True
        elif _at >= 0 and draft.signature.strip() and _configured(draft):
            start, first_is_name = 0, False
        elif _at >= 0 and lines and _SHORT_NAME.fullmatch(lines[0].strip()):
            # A name you go by that is not the configured one ("Ellie W" for Eleanor
            # Whitaker), alone under the closing: the lines below it are the signature.
            start, first_is_name = 0, True
        else:
            # No line is your name as configured; the one under the closing still signs it.
            if lines and _at >= 0 and _NICKNAME_ANYWHERE.search(lines[0]):
                line = lines[0].strip()
                yield Hit(
                    f"the signature's '{snippet(line)}' puts a nickname in your name",
                    None,
                    covers=covers,
                )
            continue
        for k, line in enumerate(lines[start:]):
            why = _line_hits(line, first_is_name and k == 0)
            if not (first_is_name and k == 0) and (
                _OWNER.match(line) or _own_business(line, names)
            ):
                why = "advertises a side business"
            elif why is None and _NICKNAME_ANYWHERE.search(line):
                why = "puts a nickname in your name"
            if why and not any(r in line for r in reported):
                reported.add(line.strip())
                yield Hit(f"the signature's '{snippet(line.strip())}' {why}", None, covers=covers)
