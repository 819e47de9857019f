"""wrong-name: another tracked company or person named in this letter."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ...config.model import Application, Config, Person, derived
from ...textdist import distance
from .. import spelling
from ..draft import Draft
from ..letter import (
    GREETING,
    HONORIFICS,
    MONTHS,
    SALUTATION_WORDS,
    WEEKDAYS,
    company_words,
    is_sentence_start,
    layout,
    own_name_words,
)
from ..registry import Example, Hit, rule
from ..textview import view

# Words that make a sentence about another company a deliberate mention: a competing offer,
# another process, a former or present employer, a customer. "My interview at Globex" alone
# is not one: in a letter to Acme it is the leftover of a letter written for Globex; nor is
# "working for Globex would be a great next step", the wish of a letter written for Globex.
_OTHER_CONTEXT = re.compile(
    r"\b(offers?|offered|interviewing|other compan(?:y|ies)|another|competing|"
    # "I'm also interviewing with", "I also have a second interview at"; not "I was also glad
    # to hear about Medex's plans" in a letter reused from Medex (rules43).
    r"also(?:[ \t]+\w+)?[ \t]+(?:interview\w*|appl\w*|talking|speaking|"
    r"in[ \t]+(?:the[ \t]+)?process|considering|have|had|got|received|waiting|hearing|"
    r"meeting|met|spoke|spoken|shortlisted)|"
    r"next week|upcoming|scheduled|final rounds?|deadline|previously|formerly|former|"
    r"worked (?:at|for|with)|(?:(?:am|are|was|were|been|currently|now|still|while|since)|"
    r"(?<=\w)['’](?:m|re))\s+working (?:at|for|with)|my time at|used to|"
    # "our customer Globex", "as a vendor to Initech"; not "customer care" or "customer
    # service", which are this job's words.
    r"(?:our|my|a|an|as|their|your|one of our|one of the)(?: \w+)? (?:customers?|clients?|"
    r"partners?|"
    r"vendors?|suppliers?|competitors?)(?! (?:care|service|services|experience|support|"
    r"success|relations))|unlike|compared|versus|vs|"
    # Weighing two processes: "the outcome of an NHS interview ... both options" (rules34).
    r"both options|other options?|the outcome of an?|"
    # Declining for another job: "I have accepted a position with Northline" (rules36).
    r"accept(?:ed|ing)?|decided to (?:join|go with|take)|going with|signed (?:with|on)|"
    # Withdrawing from or declining the other one: "I have also written to Oluyole
    # University Teaching Hospital to withdraw from their process" (rules46).
    r"withdr[ae]w(?:n|ing|al)?|declin(?:e|ed|ing)|turn(?:ed|ing)? down)\b",
    re.I,
)
_COMMON_LEVEL = 35  # SCOWL level up to which a capitalised greeting word may be no name
_NAME_LEVEL = 50  # SCOWL level from which a capitalised word is a name more than a word
# A company's short name used as one ("my interview at Harvest", "join Keystone", "Summit's
# team"): the cue before or after it that makes a common word ("Harvest", "Summit") the name.
_SHORT_BEFORE = re.compile(
    r"\b(?:at|with|for|join|joining|joined|to|from|about|into|within|inside)[ \t]+$", re.I
)
# A place named after the same word ("the Sandia Mountains" beside Sandia County Child
# Protective Services, "Mercy Street"): a feature of the land or a street follows.
_PLACE_AFTER = re.compile(
    r"[ \t]+(Mountains?|Mount|Mt|River|Valley|Street|St|Road|Rd|Avenue|Ave|Park|Lake|Bay|"
    r"Beach|Hills?|Peaks?|Heights|Square|Station|Airport|Bridge|Island|Coast|Forest|Canyon|"
    r"Creek|Drive|Lane|Desert|Plains?|Springs?|Moors?|Glen|Loch|Falls|Heath|Downs|Highway|"
    r"Hwy|Boulevard|Blvd|Expressway|Freeway|Motorway|Parkway|Pkwy|Trail|Loop|Pike|Turnpike|"
    r"Crescent|Terrace|Close|Grove|Gardens|Estate|Junction|Wharf|Pier|Quay|Harbour|Harbor)\b"
)
# A state, province or country after a comma: the word before is a town ("San Diego, CA").
_REGION_AFTER = re.compile(
    r",[ \t]*(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|"
    r"NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|AB|BC|MB|NB|"
    r"NL|NS|ON|PE|QC|SK|NSW|VIC|QLD|TAS|ACT|NT|USA|UK|Canada|Australia|New Zealand|"
    r"Ireland|India|Nigeria|Ghana|Kenya|South Africa)\b"
)
# After a company's word, a word that makes it a place ("from the Rockfort side", "a reading
# club at Southmead library").
_PLACE_NOUN_AFTER = re.compile(
    r"[ \t]+(?:side|end|area|district|neighbourhood|neighborhood|junction|roundabout|exit|"
    r"turn-?off|stretch|library|station|market|church|village|town|high street|leisure centre|"
    r"community centre|post office|shops)\b"
)
# Before a company's word, words that make it where someone lives ("I live at Caymanas") or a
# place ("the Gulf of Paria").
_HOME_BEFORE = re.compile(
    r"\b(?:(?:Gulf|Bay|Isle|Isles|Sea|Strait|Straits|Lake|Mount|Cape|Sound|Vale|Port) of|"
    r"(?:live|lives|living|lived|stay|stays|staying|based|grew up|raised|born) "
    r"(?:at|in|near|on|by|out at|out in|up in|down in)|(?:apartment|flat|house|home|condo|"
    r"place|shop|street|road|avenue) (?:on|in|at|off|near))[ \t]+$",
    re.I,
)
_SHORT_AFTER = re.compile(
    r"^(?:['’]s\b|[ \t]+(?:team|family|crew|staff|people|office|offices|depot|branch|store|"
    r"site|culture|interview|panel)\b)",
    re.I,
)
# At a sentence start a capital says nothing, but the possessive before one of these nouns
# does ("Summit's warehouse impressed me", "Harvest's approach to stock counts").
_POSSESSIVE_CUE = re.compile(
    r"^['’]s[ \t]+(?:team|teams|family|crew|staff|people|office|offices|depot|depots|branch|"
    r"branches|store|stores|site|sites|culture|interview|panel|warehouse|approach|values|"
    r"mission|vision|ethos|clients|customers|patients|drivers|fleet|lab|labs|laboratory|"
    r"service|services|training|management|managers|recruitment|website|head office|way)\b",
    re.I,
)
_TITLE_BEFORE = re.compile(
    r"(?<![\w'’])(?:"
    + "|".join(sorted(map(re.escape, HONORIFICS), key=len, reverse=True))
    + r")\.?[ \t]+$",
    re.I,
)
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an|this|that|our|your)[ \t]+$", re.I)
# Words that make a capitalised common word beside them a person ("mentioned to Faith",
# "my thanks to Mercy", "Grace said"): who is spoken to, thanked or quoted.
_PERSON_BEFORE = re.compile(
    # "with you and Dawn" (rules30): named beside the reader, a person.
    r"\b(?:(?:to|with|from|thank|thanks|ask|asked|tell|told|cc|copying)|"
    r"(?:you|me|us|him|her)[ \t]+and)[ \t]+$",
    re.I,
)
_PERSON_AFTER = re.compile(
    r"(?:['’]s\b|[ \t]+(?:said|says|mentioned|asked|told|explained|suggested|showed|and I"
    r"|know|knows|as well|too)\b)"
)
_CAPITAL_WORD = re.compile(r"[A-Z][\w'’\-]*")
# "Ashworth & Pike", "Marks and Spencer": the joins a company name is written with. The
# small words company_words leaves out may stand between its words too ("Ministry of Forests",
# "Court of Common Pleas", "Bank of the West"; rules19).
_JOIN = r"(?:[ \t\-]+(?:(?i:of|the|and)[ \t]+)*|[ \t]*&[ \t]*)"

# Greeting words that are not a name: salutations, titles, groups, roles.
_NOT_NAMES = SALUTATION_WORDS | frozenset(
    [
        "heya",
        "yo",
        "sup",
        "howdy",
        "ahoy",
        "aloha",
        "hola",
        "ciao",
        "salutations",
        "to",
        "whom",
        "it",
        "may",
        "concern",
        "sirs",
        "madams",
        "everyone",
        "everybody",
        "folks",
        "hiring",
        "manager",
        "managers",
        "committee",
        "panel",
        "recruiter",
        "recruiting",
        "recruitment",
        "talent",
        "acquisition",
        "interview",
        "interviewers",
        "colleagues",
        "friends",
        "there",
        "again",
        "and",
        "the",
        "of",
        "at",
        "my",
        "human",
        "resources",
        "hr",
        "people",
        "search",
        "selection",
        "board",
        "members",
        "staff",
        "nurse",
        "sister",
        "matron",
        "coach",
        "captain",
        "officer",
    ]
)


class _NameIndex:
    """Every application's name words, once per loaded config: which applications a word of
    the draft can point to, so a check looks only at those (200 applications stay cheap)."""

    def __init__(self, config: Config) -> None:
        self.apps: list[tuple[Application, list[str], list[tuple[Person, list[str]]]]] = []
        self.by_word: dict[str, set[int]] = {}
        for i, other in enumerate(config.applications):
            company = company_words(other.company)
            people = []
            for p in other.people:
                parts = [x for x in p.name.split() if len(x) >= 3]
                for piece in re.split(r"[._\-+]", p.address.split("@")[0]):
                    if len(piece) >= 3 and piece.isalpha() and piece.capitalize() not in parts:
                        parts.append(piece.capitalize())  # "seun@": how they sign
                people.append((p, parts))
            self.apps.append((other, company, people))
            for w in company + [x for _, parts in people for x in parts]:
                self.by_word.setdefault(w.lower(), set()).add(i)


def _name_index(config: Config) -> _NameIndex:
    return derived(config, "tone.wrong-name", _NameIndex)


_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|fwd?|aw|sv|vs)\s*:)+\s*", re.I)


def _subject_hits(
    draft: Draft, app: Application, index: _NameIndex, own: set[str]
) -> Iterator[Hit]:
    """Another tracked company named in full in the subject the user wrote ("Thank you for
    the interview at Thistle Homes" to the council): the leftover of a reused letter. A reply
    keeps the subject the company wrote, so only a new subject counts."""
    subject = draft.msg.subject
    if not subject or _REPLY_PREFIX.match(subject) or _OTHER_CONTEXT.search(subject):
        return
    words = {w.lower() for w in re.findall(r"[\w'’]+", subject)}
    for i in sorted({i for w in words if w in index.by_word for i in index.by_word[w]}):
        other, other_words, _people = index.apps[i]
        full = " ".join(other_words)
        if other.id == app.id or not other_words or full.lower() in own:
            continue
        if len(other_words) == 1 and spelling.is_word(full):
            continue  # "Summit" of Summit Ltd in "Summit agenda" may be the common word
        rx = _JOIN.join(map(re.escape, other_words))
        if re.search(rf"(?<![\w]){rx}(?:['’]s)?(?![\w])", subject, re.I):
            yield Hit(
                f"the subject names {other.company}, another company you are applying to; "
                f"this letter is for {app.company}",
                None,
                fix=f"Change the subject to name {app.company}.",
            )
            return


@rule(
    "wrong-name",
    category="tone",
    severity="block",
    summary="Flags a letter that names another tracked company or person: a note reused from "
    "another application, or a greeting to the wrong interviewer.",
    why="Reusing a letter is efficient until one old name slips through. 'I'm excited to "
    "join Globex' in a note to Acme tells the reader exactly how personal the note is, "
    "and greeting one interviewer by a colleague's name is no better.",
    fix="Replace the name with the right one, then reread the whole letter for other "
    "leftovers from the earlier version.",
    advice="Not from the articles: a safety net for reused letters (the advice is a separate, "
    "varied note per interviewer).",
    sources=("004",),
    options={},
    bad=[
        Example(
            "Dear Dana,\n\nI am excited about the chance to join Globex and work on "
            "data contracts.\n\nBest regards,\nAlex",
            "another company",
        ),
        Example(
            "Dear Seun,\n\nThank you for the onsite and the payments ledger deep dive.\n\n"
            "Best regards,\nAlex",
            "another application's interviewer",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nI have an offer from Globex with a deadline of December 4, "
            "so an update before then would help.\n\nBest regards,\nAlex",
            "naming a competing offer",
        ),
        Example(
            "Dear Dana,\n\nThank you, and please pass my thanks to John as well for the "
            "payments ledger session.\n\nBest regards,\nAlex",
            "a colleague at Acme",
        ),
    ],
)
def wrong_name(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app = draft.application
    text = draft.text
    if app is None or not text.strip():
        return
    tv = view(text)
    lay = layout(draft)
    cfg = draft.config
    own: set[str] = set()  # name words that belong here: this application, recipients, me
    for p in app.people:
        own.update(w.lower() for w in p.name.split())
    own.update(w.lower() for w in company_words(app.company))
    for r in draft.recipients:
        own.update(w.lower() for w in r.address.name.split())
    own.update(own_name_words(draft))
    for ref in cfg.references:
        own.update(w.lower() for w in ref.name.split())
    # The words of the user's own signature: the town they live in ("Community 7, Tema",
    # where Tema Gateway Terminals is another application; rules41), their current employer.
    for sig in (draft.signature, *(i.signature for i in cfg.identities)):
        own.update(w.lower() for w in _CAPITAL_WORD.findall(sig))
    reported: set[str] = set()
    index = _name_index(cfg)
    yield from _subject_hits(draft, app, index, own)
    # "Globex's" is one token; its name is "globex".
    words = tv.words | {w[:-2] for w in tv.words if w.endswith("'s")}
    candidates = sorted({i for w in words if w in index.by_word for i in index.by_word[w]})
    for i in candidates:
        other, other_words, people_parts = index.apps[i]
        if other.id == app.id:
            continue
        # The other company: its name, or a word of it that is no common word ("Globex", not
        # "Valley" of "Valley Health" nor "Hospital" of "Mercy Hospital").
        # Nor a sector's initials inside a longer name ("NHS" of "Castle Moor Hospitals NHS
        # Foundation Trust": "my current job is all NHS"; rules44), which many employers share.
        names = [
            w
            for k, w in enumerate(other_words)
            if len(other_words) == 1
            or (not spelling.is_word(w) and not (k > 0 and w.isupper() and len(w) > 1))
        ]
        # Its leading words, as people shorten it ("Prairie Wind" of "Prairie Wind
        # Logistics"), written with capitals; its first word alone only as a short name.
        prefixes = [" ".join(other_words[:n]) for n in range(len(other_words) - 1, 1, -1)]
        short = other_words[0] if len(other_words) > 1 and other_words[0] not in names else ""
        whole = " ".join(other_words)
        if len(other_words) > 1:
            names = [whole, *prefixes, *names]
        if short:
            names.append(short)
        # Where a longer form of the name stood: a word inside it was judged with it ("the Rio
        # Grande", a river, is not "Grande" of Rio Grande Unified either; rules24).
        judged: list[tuple[int, int]] = []
        for w in names:
            if w.lower() in own or any(x.lower() not in words for x in w.split()):
                continue
            rx = _JOIN.join(map(re.escape, w.split()))
            # A name that is no common word counts in any case ("GLOBEX", "globex").
            flags = 0 if w in prefixes or w == short or spelling.is_word(w) else re.I
            if " " in w and w not in prefixes:
                flags = re.I
            for m in re.finditer(rf"(?<![\w]){rx}(?:['’]s)?(?![\w])", text, flags):
                if any(a <= m.start() and m.end() <= b for a, b in judged):
                    continue
                if " " in w:
                    judged.append((m.start(), m.end()))
                if w == short and not _short_name(text, m.start(), m.start() + len(w)):
                    continue
                place = _PLACE_AFTER.match(text, m.end())
                if place and place.group(1) not in other_words:
                    continue  # "the Sandia Mountains": a place, not the company
                if _REGION_AFTER.match(text, m.end()):
                    continue  # "San Diego, CA" (rules32): the town of an address or signature
                # A part of the name (a word, or its leading words) is often something else:
                # after an article, a place ("in the Merchant City" beside Merchant City
                # Interiors, "stood by the Saint-Laurent") unless a noun makes it the company
                # ("the Prairie Wind team"); inside another proper name, that name ("Tanjung
                # Malim", "Jalan Bunga Raya 3"); in lower case, a common word of some
                # language ("the bunga raya in the lobby"); a side, or where someone lives.
                if w != whole and (
                    (
                        # Three words of its name in a row are the company whatever stands
                        # before them ("certain that Harbourside University Hospitals is";
                        # rules43); one or two may be a place ("the Merchant City").
                        len(w.split()) < 3
                        and _ARTICLE_BEFORE.search(text, max(0, m.start() - 8), m.start())
                        and not _SHORT_AFTER.match(text[m.end() :])
                    )
                    or _next_to_capital(text, m.start(), m.end(), other_words)
                    or (m.group(0).islower() and not w.islower())
                    or _PLACE_NOUN_AFTER.match(text, m.end())
                    or _HOME_BEFORE.search(text, max(0, m.start() - 24), m.start())
                    # "among the strongest in Nova Scotia", "relocate from Oregon to
                    # Sandusky": the place a company is named after (rules16).
                    or _PLACE_BEFORE.search(text, max(0, m.start() - 30), m.start())
                ):
                    continue
                sent = text[tv.sentence_start(m.start()) : m.start()]
                if _OTHER_CONTEXT.search(sent) or _OTHER_CONTEXT.search(
                    text[m.end() : m.end() + 40].split(".")[0]
                ):
                    continue
                if w in reported:
                    break
                reported.add(w)
                yield Hit(
                    f"'{m.group(0)}' is another company you are applying to "
                    f"({other.company}); this letter is for {app.company}",
                    (m.start(), m.end()),
                    fix=f"Replace it with '{company_words(app.company)[0]}'.",
                )
                break
            if w in reported:
                break
        # The other application's people.
        for p, parts in people_parts:
            full = p.name
            if not any(x.lower() in words for x in parts):
                continue
            for m in re.finditer(rf"(?<![\w]){re.escape(full)}(?![\w])", text):
                if full in reported:
                    break
                reported.add(full)
                yield Hit(
                    f"'{full}' is on your {other.company} application, not {app.company}'s",
                    (m.start(), m.end()),
                    fix="Use the name of the person you are writing to.",
                )
            for part in parts:
                if (
                    part.lower() in own
                    or part.lower() not in words
                    or part in reported
                    or full in reported
                ):
                    continue
                for m in re.finditer(rf"(?<![\w]){re.escape(part)}(?![\w])", text):
                    in_greeting = bool(
                        lay.greeting and lay.greeting[0] <= m.start() < lay.greeting[1]
                    )
                    # A name that is also a common word ("Bill", "Rose") counts only in the
                    # greeting or after a title; any other ("Seun", "Karen") wherever it
                    # stands, unless it is part of another proper name ("St Patrick's Day").
                    if not (
                        in_greeting
                        or _TITLE_BEFORE.search(text, 0, m.start())
                        or _name_mention(text, m.start(), m.end(), part, parts)
                    ):
                        continue
                    reported.add(part)
                    yield Hit(
                        f"'{part}' is {full}, who is on your {other.company} "
                        f"application, not {app.company}'s",
                        (m.start(), m.end()),
                        fix="Use the name of the person you are writing to.",
                    )
                    break
    # A greeting to someone at this company who is not a recipient.
    if lay.greeting:
        g = text[lay.greeting[0] : lay.greeting[1]]
        recipients = {r.address.addr for r in draft.recipients}
        rec_words: set[str] = set()
        for r in draft.recipients:
            rec_words.update(_name_words(r.address.name))
            if r.person:
                rec_words.update(_name_words(r.person.name))
        to_names = [
            r.person.name if r.person else (r.address.name or r.address.addr)
            for r in draft.recipients
        ]
        named_colleague = False
        for p in app.people:
            if p.address in recipients:
                continue
            first = p.first_name
            if not first or first.lower() in rec_words:
                continue
            hit = re.search(rf"(?<![\w]){re.escape(first)}(?![\w])", g)
            if hit:
                a = lay.greeting[0] + hit.start()
                named_colleague = True
                yield Hit(
                    f"the greeting names {first} ({p.name}), but the message goes to "
                    f"{' and '.join(to_names) or 'someone else'}",
                    (a, a + len(first)),
                    fix="Greet the person you are writing to.",
                )
                break
        if not named_colleague and not reported:
            stranger = _stranger_in_greeting(g, draft, rec_words)
            if stranger is not None:
                a = lay.greeting[0] + stranger.start()
                yield Hit(
                    f"the greeting names {stranger.group(0)}, but the message goes to "
                    f"{' and '.join(to_names)}",
                    (a, stranger.end() + lay.greeting[0]),
                    fix="Greet the person you are writing to.",
                )


def _level(word: str) -> int | None:
    return spelling.lookup([word.lower()])[0].get(word.lower())


def _next_to_capital(text: str, a: int, b: int, own: list[str]) -> bool:
    """Whether the word at text[a:b] is part of a longer proper name ("the Wild Atlantic
    Way", "St Patrick's Day"): a capitalised neighbour on its line that is not ``own`` (the
    rest of the name itself) and, before it, not a sentence start."""
    if re.search(r"[A-Z][\w'’\-]*[ \t]+(?:of|de|du|del|da)[ \t]+$", text[max(0, a - 40) : a]):
        return True  # "the Forest of Dean", "the Bank of Montreal" (rules32)
    before = re.search(r"([A-Z][\w'’\-]*)[ \t]+$", text[max(0, a - 40) : a])
    if (
        before
        and before.group(1) not in own
        and not is_sentence_start(text, a - len(before.group(0)))
    ):
        return True
    after = _CAPITAL_WORD.match(text, b + 1) if text[b : b + 1] in (" ", "\t") else None
    if after is None and text[b : b + 3] in ("'s ", "’s "):
        after = _CAPITAL_WORD.match(text, b + 3)
    return after is not None and after.group(0).rstrip(".,;:!?") not in own


def _short_name(text: str, a: int, b: int) -> bool:
    """A company's first word standing for the company ("at Harvest", "Summit's team"):
    capitalised mid-sentence, not part of another proper name, with a cue next to it."""
    if _next_to_capital(text, a, b, []):
        return False
    if is_sentence_start(text, a):
        return bool(_POSSESSIVE_CUE.match(text[b:]))
    return bool(_SHORT_BEFORE.search(text[max(0, a - 20) : a]) or _SHORT_AFTER.match(text[b:]))


# Before a place, not a person: "in Leonora", "drive up to Leonora", "out to Kalgoorlie",
# "drove out past Fraser Lake" (rules19).
# Verbs of moving from one place to another, in their forms.
_MOVING = (
    r"(?:relocate|relocating|relocated|move|moving|moved|commute|commuting|commuted|travel|"
    r"travelling|traveling|travelled|traveled|fly|flying|flew|drive|driving|drove)"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|near|around|outside|via|past|beyond|through|across|along|towards?|"
    # "the front of Fenwick" (rules30): a building, not the person of that name.
    r"(?:front|back|side|corner|top|end|rear) of|"
    # "drive up to Leonora", "new to Cardiff" (rules28): a place one goes or has come to.
    r"(?:new|head|headed|go|going|went|come|coming|came|" + _MOVING + r")"
    r"(?: up| down| out| back| over)? to|(?:up|down|out|back|over) to|"
    # "move from Ohio to Evanston": from one place to another; "relocating from Cebu to
    # Metro Manila" (rules27): the place left, after a verb of moving.
    r"from[ \t]+[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*)?[ \t]+to|"
    + _MOVING
    # "driving in from Lafayette" (rules30): in from, as up from or back from.
    + r"(?:[ \t]+(?:all[ \t]+the[ \t]+way|back|over|up|down|out|in))?[ \t]+from)"
    r"[ \t]+$",
    re.I,
)


def _name_mention(text: str, a: int, b: int, part: str, parts: list[str]) -> bool:
    """Whether a capitalised name part outside the greeting is the person: a word that is
    mostly a name ("Karen", "Tonya", level 50 or rarer), a rarer word ("Booth") that is
    not at a sentence start, or a common one ("Faith", "Mercy") spoken to, thanked or quoted
    ("mentioned to Faith", "Mercy said"); in no case part of another proper name nor after
    an article ("the Dean of Students")."""
    if _ARTICLE_BEFORE.search(text, max(0, a - 8), a) or _PLACE_BEFORE.search(
        text, max(0, a - 30), a
    ):
        return False
    level = _level(part)
    if level is not None and level < _NAME_LEVEL:
        if is_sentence_start(text, a) or part.lower() in MONTHS or part.lower() in WEEKDAYS:
            return False  # "Young drivers ...", "in May", "by Sunday evening"
        if level <= 20 and not (
            _PERSON_BEFORE.search(text, max(0, a - 12), a) or _PERSON_AFTER.match(text, b)
        ):
            return False  # "Grace under pressure"; but "my thanks to Mercy" is a person
    return not _next_to_capital(text, a, b, parts)


_CAPITALISED = re.compile(r"(?<![\w'’])[A-Z][a-z'’\-]+(?![\w])")


def _name_words(name: str) -> set[str]:
    """A name's words in lower case, with the parts of a joined one: "Al-Harbi" is also "al"
    and "harbi", "O'Sullivan" also "sullivan" (a greeting's words are read one by one)."""
    out: set[str] = set()
    for w in name.lower().split():
        out.add(w)
        out.update(p for p in re.split(r"[-'’]", w) if p)
    return out


def _stranger_in_greeting(greeting: str, draft: Draft, rec_words: set[str]) -> re.Match[str] | None:
    """A name in the greeting that belongs to none of the recipients ("Dear Sarah," to Dana
    Wu), when every recipient's name is known. A short form of theirs ("Dan" for Daniel, "Liz"
    for Elizabeth) and a misspelling of it (left to misspelling) are theirs."""
    if not draft.recipients or any(
        r.person is None and not r.address.name for r in draft.recipients
    ):
        return None
    mine = own_name_words(draft)
    # The opener is no name, whatever its words ("G'day", "Dia dhuit", "Kia ora").
    opener = GREETING.match(greeting)
    for m in _CAPITALISED.finditer(greeting, opener.end() if opener else 0):
        w = m.group(0).lower()
        if w in _NOT_NAMES or w in rec_words or w in mine:
            continue
        if any(_same_name(w, r) for r in rec_words):
            continue
        level = spelling.lookup([w])[0].get(w)
        if level is not None and level <= _COMMON_LEVEL and not spelling.names([w]):
            continue  # "Dear Friend", "Hello Again"; a rarer word after "Dear" is a name
        return m
    return None


def _same_name(w: str, theirs: str) -> bool:
    """A short form ("dan"/"daniel", "liz"/"elizabeth") or a slip ("dnaa"/"dana")."""
    if len(w) >= 3 and len(theirs) >= 3 and (theirs.startswith(w) or w.startswith(theirs)):
        return True
    if len(theirs) >= 4 and w[-3:] == theirs[-3:] and len(w) <= len(theirs):
        return True  # Liz / Elizabeth, Beth / Elizabeth
    return distance(w, theirs, 2) <= (1 if len(theirs) <= 4 else 2)
