"""What the tone rules share about a letter: where its greeting, body and sign-off are, its
paragraphs, and the names around it (the recipients', the application's, the user's own)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from ..mail.text import WORD
from . import tone_model
from .draft import Draft
from .matcher import existence_check, phrase_list, snippet
from .registry import Hit
from .textview import view

GREETING = re.compile(
    # Letters drawn out ("Heyyy", "Hiii"; rules37) are the same greeting.
    r"^[ \t]*(?P<word>dear|hello+|hi+|hey+|hiya+|heya+|hey there|yo|howdy|greetings|sup|"
    r"what'?s up|good (?:morning|afternoon|evening|day)|morning|afternoon|evening|"
    r"to whom it may concern|ladies and gentlemen|dear sir or madam|sir or madam|sir/madam|"
    r"to the (?:hiring|recruitment|selection|interview) (?:team|panel|committee|manager)|"
    # Greetings of other Englishes: New Zealand (with "Mōrena", good morning; rules27),
    # Australia, South Africa, India, Ireland,
    # Wales, Kenya and Tanzania, the Spanish-speaking US.
    r"kia ora|tēnā koe|tena koe|mōrena|morena|g['’]?day|howzit|namaste|dia dhuit|hallo|"
    # Irish: "A chara," and "A Niamh, a chara," (the name in the vocative).
    r"a chara|a chairde|a [^\W\d_][\w'’\-]*,?[ \t]+a chara|"
    r"annwyl|shwmae|shw mae|s['’]?mae|helo|bore da|prynhawn da|noswaith dda|"
    r"habari|jambo|hujambo|sawubona|molo|dumela|hola|estimad[oa]|querid[oa]|"
    # Quebec French, Miami Spanish, Malaysian greetings.
    r"bonjour|bonsoir|allô|salut|ch[eè]re?|buenos d[ií]as|buenas tardes|buenas noches|"
    r"assalamualaikum|salam sejahtera|selamat (?:pagi|petang|sejahtera)|"
    # Afrikaans (rules22); Shona and Ndebele, Zimbabwe (rules43).
    r"goeie ?(?:m[ôo]re|middag|naand|dag)|haai|"
    r"mangwanani|masikati|manheru|mhoroi?|makadii|salibonani)\b",
    re.I,
)
# Greeting words of the other languages of our users' places (Māori, Hindi, Welsh, Swahili,
# Zulu, Sotho, Spanish, French, Malay) and the first words of their closings (Welsh, Irish,
# Māori, Swahili, Spanish, French).
_OTHER_GREETING_WORDS = [
    "kia",
    "ora",
    "tēnā",
    "tena",
    "koe",
    "namaste",
    "hallo",
    "annwyl",
    "shwmae",
    "shw",
    "mae",
    "s'mae",
    "helo",
    "bore",
    "da",
    "prynhawn",
    "noswaith",
    "dda",
    "habari",
    "jambo",
    "hujambo",
    "sawubona",
    "molo",
    "dumela",
    "hola",
    "estimado",
    "estimada",
    "querido",
    "querida",
    "bonjour",
    "bonsoir",
    "allô",
    "salut",
    "cher",
    "chère",
    "chere",
    "buenos",
    "buenas",
    "días",
    "dias",
    "tardes",
    "noches",
    "assalamualaikum",
    "salam",
    "sejahtera",
    "selamat",
    "pagi",
    "petang",
    "goeie",
    "goeiemôre",
    "goeiemore",
    "goeiemiddag",
    "goeienaand",
    "goeiedag",
    "môre",
    "middag",
    "naand",
    # The Pacific's and others' hellos ("Bula Losana,", "Ni sa bula", "Talofa", "Mālō e
    # lelei", "Kumusta", "Vanakkam", "Akwaaba"; rules41).
    "bula",
    "ni",
    "sa",
    "talofa",
    "mālō",
    "malo",
    "lelei",
    "aloha",
    "kumusta",
    "kamusta",
    "vanakkam",
    "akwaaba",
    "sannu",
    # Shona and Ndebele ("Mangwanani Mr Zvobgo,": good morning; rules43).
    "mangwanani",
    "masikati",
    "manheru",
    "mhoro",
    "mhoroi",
    "makadii",
    "salibonani",
]
_OTHER_CLOSING_WORDS = [
    "cofion",
    "diolch",
    "ngā",
    "nga",
    "dia",
    "chara",
    "chairde",
    "slán",
    "slan",
    "mise",
    "asante",
    "kwaheri",
    "saludos",
    "atentamente",
    "cordialement",
    "amicalement",
    "bonne",
    "journée",
    "bien",
    "merci",
    "salutations",
    "gracias",
    "groete",
    "vriendelike",
    "baie",
    "dankie",
    "allah",
    "khuda",
    "hafez",
    "hafiz",
]
# Titles and honorifics beside a name, lower case, without the full stop: English ones and
# those our users' places put beside a name in a letter (Malay "Encik", "Puan", "Datuk";
# Indian "Shri", "Smt"; Pakistani "Sahib" after a name; Nigerian and Philippine "Engr",
# "Alhaji", "Atty"; Spanish "Señora").
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "madam",
        "madame",
        "mdm",  # Singapore and Malaysia: "Dear Mdm Lee" (rules25)
        "ma'am",
        "maam",
        "rev",
        "revd",
        "fr",
        "pastor",
        "monsieur",
        "herr",
        "frau",
        "mnr",
        "mev",
        "encik",
        "cik",
        "puan",
        "tuan",
        "datin",
        "dato",
        "dato'",
        "datuk",
        "tan",
        "sri",
        "haji",
        "hajah",
        "hj",
        "tengku",
        "ungku",
        "ustaz",
        "ustazah",
        "cikgu",
        "shri",
        "smt",
        "shrimati",
        "kumari",
        "engr",
        "atty",
        "chief",
        # Ranks and offices used as a title before a surname ("Inspector Oduya", "Cllr Shah").
        "inspector",
        "sergeant",
        "sgt",
        # Fire, ambulance and forces ranks in their short forms ("Dear Lt. Hartley").
        "lt",
        "lieut",
        "lieutenant",
        "cpt",
        "cpl",
        "corporal",
        "col",
        "colonel",
        "maj",
        "major",
        "cmdr",
        "cdr",
        "commander",
        "insp",
        "det",
        "officer",
        "firefighter",
        "paramedic",
        "constable",
        "detective",
        "captain",
        "capt",
        "superintendent",
        "supt",
        "councillor",
        "cllr",
        "judge",
        "coach",
        "chef",  # a kitchen's title: "Like I told Chef Fontenot" (rules46)
        "alhaji",
        "alhaja",
        "barr",
        "sahib",
        "sahiba",
        "sahab",
        "saab",
        "janab",
        "ji",
        # Kin words used as titles in South Asia and East Africa ("Dear Apa,", "Bhai",
        # "Ndugu Juma"; rules29).
        "apa",
        "apu",
        "bhai",
        "bhaiya",
        "bhaijan",
        "bhabi",
        "didi",
        "dada",
        "bwana",
        "ndugu",
        "mzee",
        # Te reo Maori titles by which New Zealand schools address staff ("Kia ora Whaea
        # Huia", "Matua Nikora"; rules40), and the Pacific and West African "Aunty".
        "whaea",
        "matua",
        "kōkā",
        "koka",
        "aunty",
        "auntie",
        "arc",
        "señor",
        "señora",
        "senor",
        "senora",
        "don",
        "doña",
        "dona",
    ]
)
# The words of a greeting that are not the name in it ("Dear", "Good morning", "Hi team").
SALUTATION_WORDS = frozenset(
    [
        "dear",
        "hi",
        "hello",
        "hey",
        "hiya",
        "greetings",
        "good",
        "morning",
        "afternoon",
        "evening",
        "day",
        *HONORIFICS,
        "team",
        "all",
        *_OTHER_GREETING_WORDS,
    ]
)
# A line opened by a greeting or closing of another language is not English to spell-check.
OTHER_LANGUAGE_OPENERS = frozenset([*_OTHER_GREETING_WORDS, *_OTHER_CLOSING_WORDS])
# Day and month names: capitalised, and no name, detail or person ("by Sunday evening").
WEEKDAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_NAME_LINE = re.compile(
    r"^[ \t]*(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.?[ \t]+)?[A-Z][\w.'’\-]*"
    r"(?:[ \t]+[A-Z][\w.'’\-]*){0,3}[ \t]*[,:!—–\-][ \t]*$"
)
# A template slot alone where the name goes ("<Hiring Manager>,", "[Name]:"; rules28): the
# greeting line, unfilled (unfilled-placeholder says so), not a letter without one.
_SLOT_LINE = re.compile(r"^[ \t]*[<\[{]{1,2}[^<>\[\]{}\n]{1,40}[>\]}]{1,2}[ \t]*[,:]?[ \t]*$")
SIGN_OFF = re.compile(
    r"^[ \t]*(best|(?:with )?(?:best|kind|kindest|warm|warmest|sincere|many|my best|all my "
    r"best|fond|respectful) (?:regards|wishes|thanks)|regards|warmly|sincerely|"
    r"yours sincerely|sincerely yours|"
    r"yours truly|yours faithfully|yours|faithfully|respectfully|cheers|thanks|thank you|"
    r"many thanks|with regards|"
    r"thanks again|thank you again|thanks so much|thank you so much|thanks a lot|"
    r"with thanks|with gratitude|gratefully|all the best|all best|take care|talk soon|"
    r"speak soon|cordially|with appreciation|appreciatively|best wishes|with best wishes|"
    r"looking forward|have a (?:great|good|nice|lovely|wonderful) (?:day|weekend|week|"
    r"evening)|love|lots of love|xoxo|xx+|hugs|later|peace|ttyl|cya|see ya|thx|ty|"
    r"until then|onward|onwards|"
    # Irish, Scottish, New Zealand, Welsh, Swahili, Spanish and US military closings.
    r"sl[aá]n|(?:mise )?le meas|go raibh maith agat|yours aye|yours ever|ever yours|"
    r"ng[aā] mihi|cofion|yn gywir|yn gywir iawn|diolch|asante|kwaheri|saludos|"
    r"un abrazo|atentamente|v/r|very respectfully|"
    # Philippine, Ghanaian, Nigerian and Kenyan English close with a blessing; South Asian
    # English with "Thanking you," (rules29), Bangladeshi and Pakistani with a farewell.
    r"god bless(?: you)?|(?:stay )?blessed|blessings|thanking you|(?:allah|khuda) ha[fp]i?[ez]z?|"
    # Quebec French and Spanish closings.
    r"(?:bien )?cordialement|bien [àa] vous|amicalement|au plaisir|merci(?: beaucoup)?|"
    r"bonne (?:journ[ée]e|soir[ée]e|fin de semaine)|[àa] bient[ôo]t|"
    r"salutations(?: distingu[ée]es)?|muchas gracias|gracias|"
    # Afrikaans closings (rules22).
    r"(?:met )?(?:vriendelike |beste )?groete|baie dankie|dankie)\b[^\n]{0,60}$",
    re.I,
)
_PS = re.compile(r"^[ \t]*P\.?[ \t]?S\.?(?:[:\s]|$)")
_PARA_SPLIT = re.compile(r"\n[ \t]*\n")
_COMPANY_SUFFIXES = frozenset(
    [
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "co",
        "company",
        "group",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "the",
        "and",
        "of",
        "holdings",
        "labs",
        "technologies",
    ]
)


class Layout(NamedTuple):
    """Where the greeting, the body and the sign-off of a letter are (offsets into text)."""

    greeting: tuple[int, int] | None  # the greeting line
    greeting_word: str  # "dear", "hey", ... ("" when the greeting is a bare name)
    body: tuple[int, int]  # between the greeting line and the sign-off
    sign_off: tuple[int, int] | None  # from the sign-off line to the end


def line_spans(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def own_name_words(draft: Draft) -> frozenset[str]:
    cfg = draft.config
    return _name_words((cfg.user_name, *(i.name for i in cfg.identities)))


@lru_cache(maxsize=32)
def _name_words(names: tuple[str | None, ...]) -> frozenset[str]:
    words: set[str] = set()
    for name in names:
        words.update(w.lower() for w in WORD.findall(name or ""))
    return frozenset(words)


_BARE_NAME = re.compile(r"[ \t]*((?:[A-Z][\w'’\-]*[ \t]+){0,2}[A-Z][\w'’\-]*)[ \t]*[,:!—–]")
_LAST_SENTENCE = re.compile(r"(?:^|(?<=[.!?])[ \t]+)([^.!?\n]{1,60})[ \t]*$")


@lru_cache(maxsize=32)
def _layout(text: str, own_names: frozenset[str], their_names: frozenset[str]) -> Layout:
    lines = [(a, b) for a, b in line_spans(text)]
    nonempty = [(a, b) for a, b in lines if text[a:b].strip()]
    if not nonempty:
        return Layout(None, "", (0, len(text)), None)
    greeting = None
    greeting_word = ""
    first_a, first_b = nonempty[0]
    first = text[first_a:first_b]
    m = GREETING.match(first)
    bare = _BARE_NAME.match(first)
    if m:
        greeting_word = re.sub(r"(\w)\1+$", r"\1", m.group("word").lower())  # "heyyy": hey
        greeting = (first_a, first_b)
    elif _NAME_LINE.match(first) or _SLOT_LINE.match(first):
        greeting = (first_a, first_b)
    elif bare and bare.group(1).split()[0].lower() in their_names:
        # "Dana, thanks for your time yesterday.": the recipient's name opens the letter.
        greeting = (first_a, first_a + bare.end())
    if greeting and greeting[1] == first_b and len(WORD.findall(first)) > 6:
        # "Hi John, thanks for ...": the greeting is the salutation, the rest is body.
        cut = re.search(r"[,:!—–]|\s-\s", first[:48])
        end = cut.end() if cut else (m.end() if m else len(first))
        greeting = (first_a, first_a + end)
    rest = nonempty[1:] if greeting else nonempty
    if greeting and text[greeting[1] : first_b].strip():  # the letter goes on on that line
        rest = [(greeting[1], first_b), *rest]
    sign_off = _sign_off(text, rest, own_names)
    if sign_off is None:  # a P.S. written before the sign-off: look above it as well
        for k, (a, b) in enumerate(rest):
            if k and _PS.match(text[a:b]):
                sign_off = _sign_off(text, rest[:k], own_names)
                break
    body_start = greeting[1] if greeting else 0
    body_end = sign_off[0] if sign_off else len(text)
    if body_end < body_start:
        body_end = body_start
    return Layout(greeting, greeting_word, (body_start, body_end), sign_off)


def _sign_off(
    text: str, rest: list[tuple[int, int]], own_names: frozenset[str]
) -> tuple[int, int] | None:
    """Where the sign-off starts: a closing line ("Best regards,") among the last few lines,
    with at most a short signature block after it; else the user's bare name on the last
    line(s); else a closing or the name ending the last line ("... yesterday. Jordan")."""
    if not rest:
        return None
    for k in range(len(rest) - 1, max(-1, len(rest) - 12), -1):
        a, b = rest[k]
        line = text[a:b]
        after = rest[k + 1 :]
        short = len(after) <= 5 and all(len(WORD.findall(text[x:y])) <= 14 for x, y in after)
        # A closing written as one ("Kind regards,", "Cheers") or followed by the sender's
        # name starts a signature however long its lines (an advert, a notice): "Kind
        # regards,\nAlex Morgan\n<a 40-word disclaimer>". A sentence ("Thanks again for
        # your time.") with a long paragraph below it is no closing.
        signed = bool(after) and (
            _signs(text[after[0][0] : after[0][1]], own_names)
            or _bare_closing(line, text[after[0][0] : after[0][1]])
        )
        if not short and not (signed and len(after) <= 10):
            if len(after) > 10:
                break
            continue
        if SIGN_OFF.match(line) and len(WORD.findall(line)) <= 8:
            return (a, len(text))
    found = None
    for k in range(len(rest) - 1, max(-1, len(rest) - 3), -1):
        a, b = rest[k]
        if _own_name(text[a:b], own_names):
            found = (a, len(text))
        else:
            break
    if found is not None:
        return found
    # No closing word, but a signature block: the sender's name line among the last lines,
    # with a few short lines below it ("Tyler Kowalchuk\nJourneyman Welder (Red Seal)\n
    # 780-555-0142"). The name is the sign-off, as on a one-line note.
    for k in range(len(rest) - 2, max(-1, len(rest) - 6), -1):
        a, b = rest[k]
        after = rest[k + 1 :]
        if (
            _signs(text[a:b], own_names)
            and len(WORD.findall(text[a:b])) <= 10
            and all(len(WORD.findall(text[x:y])) <= 14 for x, y in after)
            and not _LAST_SENTENCE_END.search(text[a:b])
        ):
            return (a, len(text))
    a, b = rest[-1]
    m = _LAST_SENTENCE.search(text, a, b)
    if m and m.start(1) > a:
        tail = m.group(1)
        if _own_name(tail, own_names) or (
            SIGN_OFF.match(tail)
            and len(WORD.findall(tail)) <= 6
            and _own_name(tail.rsplit(",", 1)[-1], own_names)
        ):
            return (m.start(1), len(text))
    return None


# A line that ends a sentence is the letter's, not a signature's first line.
_LAST_SENTENCE_END = re.compile(r"[.!?]\s*$")


def _own_name(text: str, own_names: frozenset[str]) -> bool:
    words = [w.lower() for w in WORD.findall(text)]
    return bool(words) and len(words) <= 3 and all(w in own_names for w in words)


def _signs(line: str, own_names: frozenset[str]) -> bool:
    """Whether a line starts with the sender's name or a short form of it ("Han" for
    Hannah): the first line of a signature."""
    words = [w.lower() for w in WORD.findall(line)]
    if not words:
        return False
    first = words[0]
    return first in own_names or (
        len(first) >= 3 and any(n.startswith(first) for n in own_names if len(n) > len(first))
    )


def _bare_closing(line: str, below: str) -> bool:
    """A closing on a line of its own ("Kind regards,", "Cheers"), not the start of a
    hard-wrapped sentence ("Thanks to you and Peter,\nthe visit was ...")."""
    s = line.strip()
    nxt = below.lstrip()
    if len(WORD.findall(s)) > 4 or (nxt[:1].isalpha() and nxt[:1].islower()):
        return False
    return s.endswith(",") or s[-1:] not in ".!?"


def layout(draft: Draft) -> Layout:
    return _layout(draft.text, own_name_words(draft), _their_name_words(draft))


# A postscript below the signature ("P.S.", "PPS"): the letter again, not the signature.
_POSTSCRIPT = re.compile(r"\n[ \t]*P\.?[ \t]?P?\.?[ \t]?S\b", re.I)


def signature_tail(draft: Draft) -> tuple[int, int] | None:
    """The signature typed into the body: from the line after the sign-off's first line to a
    postscript or the end (offsets into ``draft.text``), or None without a sign-off."""
    lay = layout(draft)
    if not lay.sign_off:
        return None
    first_nl = draft.text.find("\n", lay.sign_off[0])
    if first_nl == -1:
        return None
    ps = _POSTSCRIPT.search(draft.text, first_nl)
    return first_nl, ps.start() if ps else len(draft.text)


def _their_name_words(draft: Draft) -> frozenset[str]:
    """First words of the recipients' names, and of the application's people (lower case)."""
    names = [r.person.name if r.person else r.address.name for r in draft.recipients]
    if draft.application is not None:
        names += [p.name for p in draft.application.people]
    return _name_words(tuple(n.split()[0] for n in names if n and n.split()))


def paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraphs (blank-line separated, else short lines ending a sentence) of a stretch."""
    body = text[start:end]
    out: list[tuple[int, int]] = []
    pos = 0
    blocks = []
    for m in _PARA_SPLIT.finditer(body):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(body)))
    if len(blocks) == 1:
        # No blank lines: a short line that ends a sentence also ends a paragraph (mail
        # clients that send one line per paragraph); long hard-wrapped lines do not.
        blocks = []
        pos = 0
        lines = line_spans(body)
        wrapped = any(
            len(body[a:b].rstrip()) >= 60 and body[a:b].rstrip()[-1] not in ".!?:"
            for a, b in lines[:-1]
        )
        for a, b in lines:
            line = body[a:b].rstrip()
            if line and (len(line) < 60 or not wrapped) and line[-1] in ".!?:" and b < len(body):
                blocks.append((pos, b))
                pos = b + 1
        blocks.append((pos, len(body)))
    for a, b in blocks:
        if body[a:b].strip():
            out.append((start + a, start + b))
    return out


def people_names(draft: Draft) -> list[str]:
    """Names of the application's people: full names, first names, last names."""
    app = draft.application
    out: list[str] = []
    if app is None:
        return out
    for p in app.people:
        parts = p.name.split()
        out.append(p.name)
        out.extend(w for w in parts if len(w) >= 3)
    return out


def company_words(company: str) -> list[str]:
    """The distinctive words of a company name: 'Acme Corp' -> ['Acme']."""
    words = [w for w in WORD.findall(company) if w.lower() not in _COMPANY_SUFFIXES]
    return words or WORD.findall(company)


def is_sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?\n:"


def first_recipient_name(draft: Draft) -> str:
    for r in draft.recipients:
        if r.person and r.person.name:
            return r.person.first_name
        if r.address.name:
            return r.address.name.split()[0]
    return ""


def phrase_hits(
    draft: Draft, rule_id: str, opts: Mapping[str, Any], default_label: str
) -> Iterator[Hit]:
    """The rule's listed phrases (its data file, and its ``also`` option) found in the
    letter: one hit per match, up to the rule's ``max_reported``. For the severe tone rules
    (unless their ``model`` option is off), then the sentences the tone model is confident
    about that no phrase already points into: wording no list foresaw."""
    extra = tuple(opts.get("also", ()) or ())
    limit = int(opts.get("max_reported", 3))
    found = existence_check(
        view(draft.text), phrase_list(rule_id), names=people_names(draft), extra=extra
    )
    hits = [
        Hit(f"'{snippet(mt.text)}' {mt.phrase.label or default_label}", (mt.start, mt.end))
        for mt in found[:limit]
    ]
    yield from hits
    if rule_id in tone_model.TONES and opts.get("model", True) and len(hits) < limit:
        yield from tone_model.hits(
            draft.text,
            rule_id,
            covered=[h.span for h in hits],
            limit=limit - len(hits),
            skip=signature_lines(draft),
        )


# A word in capitals too long and voiced to be an acronym ("WASTE", not "STCW" or "PSCRB").
_SHOUTED = re.compile(r"\b(?=[A-Z'’]*[AEIOUY])[A-Z][A-Z'’]{4,}\b")
# Small words a title, an employer or a place may hold in lower case ("Head of Operations",
# "Ludwig van Beethoven Hall").
TITLE_JOINS = frozenset(
    ["a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with", "by", "de", "von", "van"]
)


def title_line(words: list[str]) -> bool:
    """Whether these words make a title, an employer, a place or a credential: every one
    capitalised or a number, but for small joining words (and at least one that is not)."""
    content = [w for w in words if w.lower() not in TITLE_JOINS]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


_RULE_LINE = re.compile(r"(?:[-_=~*]\s?){3,}$")


def signature_lines(draft: Draft) -> Iterator[tuple[int, int]]:
    """The stretches of lines below the sign-off that are names, titles, credentials or
    contact details (every word capitalised, a number or a small joining word): a signature
    block the configured one did not cut ("Third Engineer | MARINA COC, STCW Basic
    Training"), whose words are labels, not the writer's tone (rules19). A postscript or any
    line of prose is not one of them."""
    lay = layout(draft)
    if lay.sign_off is None:
        return
    text = draft.text
    first_end = text.find("\n", lay.sign_off[0])
    if first_end == -1:
        return
    out: list[tuple[int, int]] = []
    ruled = False  # below a rule ("-----", "____"): a business card's lines, not the letter
    for a, b in line_spans(text):
        line = text[a:b].strip()
        if a <= first_end or not line:
            continue
        if _RULE_LINE.match(line):
            ruled = True
            continue
        words = WORD.findall(line)
        if (
            _POSTSCRIPT.match("\n" + line)
            or not title_line(words)
            # Words in capitals that are no acronym ("DON'T WASTE MY TIME"): a raised voice,
            # unless ruled off as a card ("HASAN STOCK LOT, Bangabazar"; rules29).
            or (len(_SHOUTED.findall(line)) >= 2 and not ruled)
        ):
            continue
        if out and text[out[-1][1] : a].strip() == "":
            out[-1] = (out[-1][0], b)  # the next line of the same block
        else:
            out.append((a, b))
    yield from out
