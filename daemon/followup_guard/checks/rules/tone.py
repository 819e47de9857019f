"""Tone rules: what the user wrote, and how it will read on the other side.

Only the user's own words count (``draft.text``: quoted replies, forwards and the configured
signature are already gone); ``unprofessional-signature`` alone reads ``draft.signature``.
Every hit names the words it is about and points at them (a span into ``draft.text``).
Severity for a closed application is raised to ``block`` by the engine, in one place.

The phrase lists live in :mod:`..phrases`, the matching machinery in :mod:`..lexicon`, the
dictionary in :mod:`..spelling`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from ...config.model import derived
from ...textdist import distance
from .. import phrases, spelling, tone_model
from .._lazy import LazyPattern
from ..draft import Draft
from ..lexicon import Match, PhraseSet, TextView, snippet, view
from ..registry import Example, Hit, rule

if TYPE_CHECKING:
    from ...config.model import Application, Config, Person

# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------

_GREETING = LazyPattern(
    r"^[ \t]*(?P<word>dear|hello|hi|hey|hiya|heya|hey there|yo|howdy|greetings|sup|"
    r"what'?s up|good (?:morning|afternoon|evening|day)|morning|afternoon|evening|"
    r"to whom it may concern)\b",
    re.I,
)
_NAME_LINE = LazyPattern(
    r"^[ \t]*(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof)\.?[ \t]+)?[A-Z][\w.'’\-]*"
    r"(?:[ \t]+[A-Z][\w.'’\-]*){0,3}[ \t]*[,:!—–\-][ \t]*$"
)
_SIGN_OFF = LazyPattern(
    r"^[ \t]*(best|(?:with )?(?:best|kind|kindest|warm|warmest|sincere|many|my best|all my "
    r"best|fond|respectful) (?:regards|wishes|thanks)|regards|warmly|sincerely|"
    r"yours sincerely|sincerely yours|"
    r"yours truly|yours faithfully|yours|respectfully|cheers|thanks|thank you|many thanks|"
    r"thanks again|thank you again|thanks so much|thank you so much|thanks a lot|"
    r"with thanks|with gratitude|gratefully|all the best|all best|take care|talk soon|"
    r"speak soon|cordially|with appreciation|appreciatively|best wishes|with best wishes|"
    r"looking forward|have a (?:great|good|nice|lovely|wonderful) (?:day|weekend|week|"
    r"evening)|love|lots of love|xoxo|xx+|hugs|later|peace|ttyl|cya|see ya|thx|ty|"
    r"until then|onward|onwards)\b[^\n]{0,60}$",
    re.I,
)
_PS = LazyPattern(r"^[ \t]*P\.?[ \t]?S\.?(?:[:\s]|$)")
_PARA_SPLIT = LazyPattern(r"\n[ \t]*\n")
_WORD = LazyPattern(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_COMPANY_SUFFIXES = frozenset(
    {
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
    }
)


class Layout(NamedTuple):
    """Where the greeting, the body and the sign-off of a letter are (offsets into text)."""

    greeting: tuple[int, int] | None  # the greeting line
    greeting_word: str  # "dear", "hey", ... ("" when the greeting is a bare name)
    body: tuple[int, int]  # between the greeting line and the sign-off
    sign_off: tuple[int, int] | None  # from the sign-off line to the end


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _own_name_words(draft: Draft) -> frozenset[str]:
    cfg = draft.config
    return _name_words((cfg.user_name, *(i.name for i in cfg.identities)))


@lru_cache(maxsize=32)
def _name_words(names: tuple[str | None, ...]) -> frozenset[str]:
    words = set()
    for name in names:
        words.update(w.lower() for w in _WORD.findall(name or ""))
    return frozenset(words)


@lru_cache(maxsize=32)
def _layout(text: str, own_names: frozenset[str]) -> Layout:
    lines = [(a, b) for a, b in _lines(text)]
    nonempty = [(a, b) for a, b in lines if text[a:b].strip()]
    if not nonempty:
        return Layout(None, "", (0, len(text)), None)
    greeting = None
    greeting_word = ""
    first_a, first_b = nonempty[0]
    first = text[first_a:first_b]
    m = _GREETING.match(first)
    if m:
        greeting_word = m.group("word").lower()
        greeting = (first_a, first_b)
    elif _NAME_LINE.match(first):
        greeting = (first_a, first_b)
    if greeting and len(_WORD.findall(first)) > 6:
        # "Hi John, thanks for ...": the greeting is the salutation, the rest is body.
        cut = re.search(r"[,:!—–]|\s-\s", first[:48])
        end = cut.end() if cut else (m.end() if m else len(first))
        greeting = (first_a, first_a + end)
    sign_off = None
    # The sign-off: a closing line ("Best regards,") among the last few lines, with at most a
    # short signature block after it; else the user's bare name on the last line(s).
    rest = nonempty[1:] if greeting else nonempty
    for k, (a, b) in enumerate(rest):  # a postscript comes after the sign-off
        if k and _PS.match(text[a:b]):
            rest = rest[:k]
            break
    for k in range(len(rest) - 1, max(-1, len(rest) - 7), -1):
        a, b = rest[k]
        line = text[a:b]
        after = rest[k + 1 :]
        if len(after) > 5 or any(len(_WORD.findall(text[x:y])) > 14 for x, y in after):
            break
        if _SIGN_OFF.match(line) and len(_WORD.findall(line)) <= 8:
            sign_off = (a, len(text))
            break
    if sign_off is None:
        for k in range(len(rest) - 1, max(-1, len(rest) - 3), -1):
            a, b = rest[k]
            words = [w.lower() for w in _WORD.findall(text[a:b])]
            if words and len(words) <= 3 and all(w in own_names for w in words):
                sign_off = (a, len(text))
            else:
                break
    body_start = greeting[1] if greeting else 0
    body_end = sign_off[0] if sign_off else len(text)
    if body_end < body_start:
        body_end = body_start
    return Layout(greeting, greeting_word, (body_start, body_end), sign_off)


def layout(draft: Draft) -> Layout:
    return _layout(draft.text, _own_name_words(draft))


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
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
        lines = _lines(body)
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


def _hits_from(matches: Iterable[Match], default_label: str, limit: int) -> Iterator[Hit]:
    for n, mt in enumerate(matches):
        if n >= limit:
            return
        label = mt.phrase.label or default_label
        yield Hit(f"'{snippet(mt.text)}' {label}", (mt.start, mt.end))


def _people_names(draft: Draft) -> list[str]:
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


def _phrase_check(
    pset: PhraseSet,
    draft: Draft,
    opts: Mapping[str, Any],
    label: str,
    tone: str | None = None,
) -> Iterator[Hit]:
    """Phrase evidence, then (for a severe ``tone``, unless the rule's ``model`` option is
    off) the sentences the tone model is confident about that no phrase already covers."""
    extra = tuple(opts.get("also", ()) or ())
    limit = int(opts.get("max_reported", 3))
    matches = pset.find(view(draft.text), names=_people_names(draft), extra=extra)
    found = list(_hits_from(matches, label, limit))
    yield from found
    if tone and opts.get("model", True) and len(found) < limit:
        yield from tone_model.hits(
            draft.text, tone, covered=[h.span for h in found], limit=limit - len(found)
        )


def _company_words(company: str) -> list[str]:
    """The distinctive words of a company name: 'Acme Corp' -> ['Acme']."""
    words = [w for w in _WORD.findall(company) if w.lower() not in _COMPANY_SUFFIXES]
    return words or _WORD.findall(company)


# --------------------------------------------------------------------------------------------
# angry / sarcastic / disparaging / pushy / desperate / inappropriate: phrase rules
# --------------------------------------------------------------------------------------------

_PHRASE_OPTIONS = {"max_reported": 3, "also": [], "model": True}


@rule(
    "angry",
    category="tone",
    severity="block",
    summary="Flags hostile, blaming or furious wording.",
    why="Frustration after a long silence is natural, but an angry message is the one thing "
    "that can turn a maybe into a firm no, and it can get a candidate remembered badly by "
    "a recruiter for years. Hiring often stalls for reasons nobody outside can see.",
    fix="Take the anger out: state what you would like to know (an update on the timeline), "
    "assume good faith, and wait a day before sending.",
    advice="Follow-up advice (000, 003): stay courteous even when a process drags; an angry "
    "note or one that runs down the interviewer can get you blacklisted.",
    options=_PHRASE_OPTIONS,
    bad=[
        Example(
            "Dear Dana,\n\nI am honestly furious that nobody has replied to me. You "
            "wasted my time.\n\nAlex",
            "furious, blaming",
        ),
        Example(
            "Dear Dana,\n\nHow dare you keep candidates waiting like this? Your silence is "
            "unacceptable.\n\nAlex",
            "hostile",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nI know hiring timelines shift. Is there any update on the "
            "Backend Engineer role at Acme?\n\nBest regards,\nAlex",
            "patient",
        ),
        Example(
            "Dear Dana,\n\nWe talked about attacking the problem of aggressive growth "
            "targets in the payments ledger; I enjoyed that.\n\nBest regards,\nAlex",
            "business idioms are fine",
        ),
    ],
)
def angry(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    yield from _phrase_check(phrases.ANGRY, draft, opts, "reads as angry", "angry")


@rule(
    "sarcastic",
    category="tone",
    severity="block",
    summary="Flags sassy or sarcastic wording, the 'thanks for nothing' kind.",
    why="Sarcasm does not survive email: the reader sees only the barb. A sassy reply to "
    "silence or to a rejection closes the door for good, even if you were a finalist.",
    fix="Say plainly what you mean, or say nothing yet: a polite status question works; "
    "a jab never does.",
    advice="Follow-up advice (003): stay classy, not sassy; the interviewer is probably busy, "
    "not indifferent.",
    options=_PHRASE_OPTIONS,
    bad=[
        Example(
            "Dear Dana,\n\nThanks for nothing. I guess you were too busy to reply to my "
            "last three emails.\n\nAlex",
            "thanks for nothing",
        ),
        Example(
            "Dear Dana,\n\nThanks so much for the quick reply, it only took three weeks.\n\nAlex",
            "sarcastic praise",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThanks a lot for the tour of the payments ledger, and for your "
            "time on Friday.\n\nBest regards,\nAlex",
            "sincere thanks",
        ),
        Example(
            "Dear Dana,\n\nI know you are busy with the Kafka migration, so no need for a "
            "long reply.\n\nBest regards,\nAlex",
            "understanding",
        ),
    ],
)
def sarcastic(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    yield from _phrase_check(phrases.SARCASTIC, draft, opts, "reads as sarcastic", "sarcastic")


@rule(
    "disparaging",
    category="tone",
    severity="block",
    summary="Flags wording that belittles the interviewer, the company or its hiring process.",
    why="Criticising the people who interviewed you, or how they run their process, tells "
    "them how you would talk about them as colleagues. It does not win an argument; it "
    "ends the conversation.",
    fix="Drop the judgement. If part of the process genuinely went wrong, describe it "
    "neutrally and ask a question, or keep it for a private note.",
    advice="Follow-up advice (000): never disparage the interviewer or the company, whatever "
    "the outcome.",
    options=_PHRASE_OPTIONS,
    bad=[
        Example(
            "Dear Dana,\n\nFrankly, your hiring process is a joke and the take-home was a "
            "complete waste of time.\n\nAlex",
            "belittles the process",
        ),
        Example(
            "Dear Dana,\n\nJohn clearly had no idea what he was talking about.\n\nAlex",
            "belittles the interviewer",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThe system design round was tough, and I enjoyed working "
            "through the payments ledger problem.\n\nBest regards,\nAlex",
            "honest",
        ),
        Example(
            "Dear Dana,\n\nIt sounds like a crazy busy quarter with the Kafka migration; "
            "that is a killer feature to ship.\n\nBest regards,\nAlex",
            "idioms",
        ),
    ],
)
def disparaging(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    yield from _phrase_check(
        phrases.DISPARAGING, draft, opts, "belittles the company", "disparaging"
    )


@rule(
    "pushy",
    category="tone",
    severity="warn",
    summary="Flags ultimatums, demands for an answer and announced repeated calls.",
    why="Checking in once is expected; pressing is not. Deadlines you set for the employer, "
    "demands for an answer today, or promises to keep calling read as badgering, and "
    "the employer remembers the badgering rather than the interview.",
    fix="Ask, don't demand: 'Could you share where things stand?' If you have a real "
    "deadline (another offer), state it once, politely, as information.",
    advice="Follow-up advice (000, 003): be assertive, not pushy; one or two contacts over a "
    "week, never calls several times a day.",
    options=_PHRASE_OPTIONS,
    bad=[
        Example(
            "Dear Dana,\n\nI expect an answer by Friday. If I don't hear back by then, I "
            "will assume the worst.\n\nAlex",
            "ultimatum",
        ),
        Example(
            "Dear Dana,\n\nI will keep calling every day until I hear back.\n\nAlex",
            "announced repeated calls",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nCould you share where things stand on the Backend Engineer "
            "role when you have a moment?\n\nBest regards,\nAlex",
            "polite inquiry",
        ),
        Example(
            "Dear Dana,\n\nI have an offer from another company with a deadline of "
            "December 4, so an update before then would help me.\n\nBest regards,\nAlex",
            "a real deadline stated as information",
        ),
    ],
)
def pushy(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    yield from _phrase_check(phrases.PUSHY, draft, opts, "reads as pushy", "pushy")


@rule(
    "desperate",
    category="tone",
    severity="warn",
    summary="Flags pleading, begging and 'I need this job' wording.",
    why="Employers hire the candidate who seems able to do the job, not the one who seems to "
    "need it most. Pleading shifts attention from your skills to your situation, and it "
    "weakens your hand if an offer comes.",
    fix="Show enthusiasm through specifics (what you would work on, why this team) and "
    "keep your circumstances out of it.",
    advice="Follow-up advice (000, 004): enthusiasm helps, desperation hurts; show confidence.",
    options=_PHRASE_OPTIONS,
    bad=[
        Example(
            "Dear Dana,\n\nI really need this job. Please, please give me a chance.\n\nAlex",
            "pleading",
        ),
        Example("Dear Dana,\n\nYou are my last hope; I will take any salary.\n\nAlex", "begging"),
    ],
    good=[
        Example(
            "Dear Dana,\n\nI can't wait to start working on the payments ledger, and I'm "
            "dying to learn more about the Kafka migration.\n\nBest regards,\nAlex",
            "eager, not desperate",
        ),
        Example(
            "Dear Dana,\n\nThe role is exactly what I have been looking for, and I would "
            "love to help with the on-call rotation.\n\nBest regards,\nAlex",
            "enthusiasm",
        ),
    ],
)
def desperate(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    yield from _phrase_check(phrases.DESPERATE, draft, opts, "reads as desperate", "desperate")


@rule(
    "inappropriate",
    category="tone",
    severity="block",
    summary="Flags romantic or suggestive content, personal invitations (drinks, dinner, "
    "games) and remarks on looks.",
    why="An interviewer is evaluating you. A compliment on their looks, an invitation to "
    "drinks or to a game, or anything flirtatious makes them uncomfortable and puts the "
    "whole application in doubt, however friendly the interview felt.",
    fix="Keep it professional: thank them for their time and their insight. If you want to "
    "network later, suggest a short call or a coffee chat about the work.",
    advice="Follow-up advice (000): interviewers report suggestive notes and invitations to "
    "sporting events; both cost candidates the job.",
    options={
        **_PHRASE_OPTIONS,
        "sign_offs": [
            "love",
            "lots of love",
            "xoxo",
            "xx",
            "xxx",
            "hugs",
            "kisses",
            "hugs and kisses",
        ],
    },
    bad=[
        Example(
            "Dear Dana,\n\nYou looked gorgeous at the onsite. Would you like to grab a "
            "drink sometime?\n\nAlex",
            "looks and an invitation",
        ),
        Example(
            "Dear Dana,\n\nI have two tickets to the Celtics game on Saturday if you want "
            "to join me.\n\nLove,\nAlex",
            "invitation and a romantic sign-off",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nI'd love to hear how the Kafka migration goes; a coffee chat "
            "about it some day would be great.\n\nBest regards,\nAlex",
            "coffee chat",
        ),
        Example(
            "Dear Dana,\n\nYour game plan for the on-call rotation made a lot of sense, "
            "and the date for the decision works for me.\n\nBest regards,\nAlex",
            "game plan, date",
        ),
    ],
)
def inappropriate(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    hits = list(
        _phrase_check(phrases.INAPPROPRIATE, draft, opts, "is inappropriate", "inappropriate")
    )
    yield from hits
    lay = layout(draft)
    sign_offs = {s.lower() for s in opts.get("sign_offs", ())}
    if lay.sign_off and sign_offs:
        a = lay.sign_off[0]
        line_end = draft.text.find("\n", a)
        line_end = len(draft.text) if line_end == -1 else line_end
        line = draft.text[a:line_end]
        word = line.strip().rstrip(",.!").strip().lower()
        if word in sign_offs:
            span = (a + line.find(line.strip()), a + line.find(line.strip()) + len(line.strip()))
            if not any(h.span and h.span[0] <= span[0] < h.span[1] for h in hits):
                yield Hit(
                    f"the sign-off '{line.strip()}' is too intimate for an interviewer",
                    span,
                    fix="Close with 'Best regards,' or 'Kind regards,'.",
                )


# --------------------------------------------------------------------------------------------
# too-casual
# --------------------------------------------------------------------------------------------

_SLANG = {
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "thanx": "thanks",
    "tnx": "thanks",
    "ty": "thank you",
    "tysm": "thank you so much",
    "lol": "",
    "lmao": "",
    "lmfao": "",
    "rofl": "",
    "omg": "",
    "omfg": "",
    "btw": "by the way",
    "idk": "I don't know",
    "imo": "in my view",
    "imho": "in my view",
    "tbh": "to be honest",
    "brb": "",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "have to",
    "kinda": "somewhat",
    "sorta": "somewhat",
    "ya": "you",
    "yea": "yes",
    "yeah": "yes",
    "yep": "yes",
    "yup": "yes",
    "nope": "no",
    "nah": "no",
    "dude": "",
    "bro": "",
    "bruh": "",
    "cya": "",
    "ttyl": "",
    "gr8": "great",
    "b4": "before",
    "2day": "today",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
    "cuz": "because",
    "coz": "because",
    "ain't": "isn't",
    "y'all": "you",
    "dunno": "don't know",
    "lemme": "let me",
    "gimme": "give me",
    "hella": "very",
    "af": "",
    "rn": "right now",
    "smh": "",
    "tho": "though",
    "thru": "through",
    "sry": "sorry",
    "soz": "sorry",
    "np": "no problem",
    "nvm": "",
    "ikr": "",
    "jk": "",
    "haha": "",
    "hahaha": "",
    "hehe": "",
    "lolz": "",
    "xd": "",
    "awesomesauce": "",
    "fam": "",
    "legit": "genuinely",
    "convo": "conversation",
    "vibes": "atmosphere",
    "vibe": "atmosphere",
    "ppl": "people",
    "msg": "message",
    "bday": "",
    "anyways": "anyway",
    "gotcha": "understood",
    "outta": "out of",
    "shoulda": "should have",
    "coulda": "could have",
    "woulda": "would have",
    "luv": "",
    "wat": "what",
    "wut": "what",
    "l8r": "later",
    "yay": "",
    "woohoo": "",
    "woot": "",
    "dope": "",
    "kk": "OK",
    "k": "OK",
    "obvi": "obviously",
    "totes": "totally",
    "probs": "probably",
    "def": "definitely",
    "tmi": "",
    "lmk": "let me know",
    "ngl": "honestly",
    "tbf": "to be fair",
    "afaik": "as far as I know",
    "iirc": "if I remember correctly",
    "omw": "on my way",
    "irl": "in person",
    "fomo": "",
    "bff": "",
    "bestie": "",
    "yass": "",
    "yas": "",
    "bae": "",
    "sus": "",
    "rly": "really",
    "srsly": "seriously",
    "thnks": "thanks",
    "thks": "thanks",
    "tmr": "tomorrow",
    "2nite": "tonight",
    "nite": "night",
    "gud": "good",
    "ftw": "",
    "imma": "I am going to",
    "finna": "about to",
    "tryna": "trying to",
    "lil": "little",
    "wassup": "",
    "sup": "",
    "whatcha": "what are you",
    "ya'll": "you",
    "bc": "because",
}
_SLANG_LOWER_ONLY = frozenset(
    {"u", "k", "kk", "af", "ur", "np", "jk", "rn", "bc", "ty", "sus", "ppl", "msg", "irl", "omw"}
)  # in capitals: initials, acronyms
_CASUAL_GREETINGS = frozenset(
    {"hey", "hiya", "heya", "hey there", "yo", "howdy", "sup", "what's up", "whats up"}
)
_EMOJI = LazyPattern(
    "[\U0001f000-\U0001faff\U00002600-\U000026ff\U00002700-\U00002712\U00002715\U00002716"
    "\U00002719-\U0000278f\U00002b50\U00002b55\U0000203c\U00002049\U0001f1e6-\U0001f1ff]"
)
# (this one, _LOWER_I and _THANKS open with a lookahead on their possible first characters:
# it lets re skip quickly to where a match can start; what matches is unchanged)
_EMOTICON = LazyPattern(r"(?=[:;=<^xX])(?:[:;=]['’]?-?[)(DPpOo|/\\*3]|<3|\^_\^|[xX]D)")
_PUNCT_RUN = LazyPattern(r"[!?]*![!?]+|\?{2,}")
_CAPS_WORD = LazyPattern(r"[A-Z][A-Z'’]+")
_NOT_SHOUTING = frozenset(
    {
        "rest",
        "solid",
        "dry",
        "kiss",
        "crud",
        "yaml",
        "ram",
        "cart",
        "spa",
        "saas",
        "paas",
        "iaas",
        "asap",
        "fyi",
        "faq",
        "ceo",
        "cto",
        "cfo",
        "coo",
        "vp",
        "hr",
        "it",
        "us",
        "uk",
        "eu",
        "ok",
        "am",
        "pm",
        "ai",
        "ml",
        "os",
        "ui",
        "ux",
        "qa",
        "ci",
        "cd",
        "pr",
        "id",
        "usa",
        "nyc",
        "gmt",
        "est",
        "pst",
        "edt",
        "pdt",
        "bst",
        "utc",
        "cet",
        "ma",
        "ms",
        "mba",
        "bsc",
        "msc",
        "phd",
        "llc",
        "inc",
        "ltd",
        "corp",
        "aws",
        "gcp",
        "sql",
        "api",
        "sre",
        "etl",
        "mvp",
        "okr",
        "okrs",
        "kpi",
        "kpis",
        "sla",
        "slas",
        "slo",
        "slos",
        "nda",
        "ipo",
        "b2b",
        "b2c",
        "dev",
        "ops",
        "devops",
        "pto",
        "ooo",
        "wfh",
        "sdk",
        "cli",
        "cpu",
        "gpu",
        "scrum",
        "agile",
        "java",
        "go",
        "node",
        "react",
        "spark",
        "hive",
        "pig",
        "flask",
    }
)


def _is_sentence_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“‘(":
        i -= 1
    return i < 0 or text[i] in ".!?\n:"


@rule(
    "too-casual",
    category="tone",
    severity="warn",
    summary="Flags slang, text-speak, emoji and emoticons, 'hey'/'yo' greetings, strings of "
    "'!!!', shouting in capitals, and a missing greeting or sign-off.",
    why="A follow-up is still part of the interview. Text-speak, emoji or a 'Hey!' tell the "
    "reader you treat it like a chat with a friend; a note without a greeting or a "
    "sign-off looks dashed off. Small things, but they are what the reader sees first.",
    fix="Write it as a short business letter: 'Dear Dana,' or 'Hello Dana,', full words, at "
    "most one exclamation mark, and a sign-off such as 'Best regards,'.",
    advice="Follow-up advice (000, 001): an overly casual or sloppy note suggests you do not "
    "know professional conventions.",
    options={
        "max_exclamations": 2,
        "max_exclamation_run": 1,
        "min_shout_letters": 4,
        "structure_kinds": ["thank-you", "follow-up"],
        "max_reported": 5,
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
    ],
)
def too_casual(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    text = draft.text
    limit = int(opts.get("max_reported", 5))
    hits: list[Hit] = []
    lay = layout(draft)
    structure = draft.kind in set(opts.get("structure_kinds", ()))
    # Greeting.
    if lay.greeting and lay.greeting_word in _CASUAL_GREETINGS:
        ga, gb = lay.greeting
        m = _GREETING.match(text[ga:gb])
        a, end = (ga + m.start("word"), ga + m.end("word")) if m else (ga, gb)
        name = _first_recipient_name(draft) or "…"
        hits.append(
            Hit(
                f"'{text[a:end]}' is a casual greeting",
                (a, end),
                fix=f"Open with 'Dear {name},' or 'Hello {name},'.",
            )
        )
    elif structure and lay.greeting is None and text.strip():
        name = _first_recipient_name(draft)
        hits.append(
            Hit("the message has no greeting", None, fix=f"Open with 'Dear {name or '…'},'.")
        )
    if structure and lay.sign_off is None and text.strip():
        hits.append(
            Hit(
                "the message has no sign-off", None, fix="Close with 'Best regards,' and your name."
            )
        )
    # Slang and text-speak words.
    tv = view(text)
    for lw, a in sorted(
        ((w, tv.positions[w][0]) for w in tv.words & _SLANG.keys()), key=lambda x: x[1]
    ):
        for a in tv.positions[lw]:
            b = a + len(lw)
            w = text[a:b]
            if text[a - 1 : a] == "-" or text[b : b + 1] == "-":
                continue  # part of a compound ("u-turn")
            if lw in _SLANG_LOWER_ONLY and w != lw:
                continue  # "U", "RN", "NP": initials and acronyms
            if lw in ("k", "kk") and (
                not _is_sentence_start(text, a) or text[b : b + 2][:1].isalpha()
            ):
                continue
            if lw == "def" and not re.match(
                r"\s+(interested|excited|keen|happy|down|a)\b", text[b:]
            ):
                continue
            if lw == "ya" and not re.search(
                r"\b(see|thank|thanks|love|catch|miss)\s+$", text[max(0, a - 12) : a], re.I
            ):
                continue
            plain = _SLANG[lw]
            fix = f"Write '{plain}' instead." if plain else "Leave it out."
            hits.append(Hit(f"'{w}' is text-speak or slang", (a, b), fix=fix))
            break
    # Lower-case "i" as a pronoun.
    m = _LOWER_I.search(text) if tv.words & _I_FORMS else None
    if m:
        hits.append(
            Hit(
                f"'{m.group(0)}' in lower case reads as texting",
                (m.start(), m.end()),
                fix="Capitalise 'I'.",
            )
        )
    # Slang phrases.
    for mt in phrases.CASUAL.find(view(text)):
        hits.append(Hit(f"'{snippet(mt.text)}' {mt.phrase.label}", (mt.start, mt.end)))
    # Emoji and emoticons.
    m = (None if text.isascii() else _EMOJI.search(text)) or _emoticon(text)
    if m:
        hits.append(
            Hit(
                f"'{m.group(0)}' (emoji or emoticon) is too casual for this letter",
                (m.start(), m.end()),
                fix="Let the words carry the warmth.",
            )
        )
    # Exclamation marks.
    run_max = int(opts.get("max_exclamation_run", 1))
    for m in _PUNCT_RUN.finditer(text) if ("!" in text or "??" in text) else ():
        if m.group(0).count("!") > run_max or ("?" in m.group(0) and len(m.group(0)) > 1):
            hits.append(
                Hit(
                    f"'{m.group(0)}' is a string of marks",
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
        hits.append(
            Hit(
                f"{n_bangs} exclamation marks (at most {most} read as professional)",
                (i, i + 1),
                fix="Keep one, where it matters most.",
            )
        )
    # Shouting in capitals.
    hits.extend(_shouting(draft, int(opts.get("min_shout_letters", 4))))
    yield from hits[:limit]


_LOWER_I = LazyPattern(r"(?=i)(?<![\w'’.])i(?:['’](?:m|ve|ll|d))?(?![\w'’]|\.\w)")  # not "i.e."
_I_FORMS = frozenset({"i", "i'm", "i've", "i'll", "i'd"})


def _first_recipient_name(draft: Draft) -> str:
    for r in draft.recipients:
        if r.person and r.person.name:
            return r.person.first_name
        if r.address.name:
            return r.address.name.split()[0]
    return ""


def _emoticon(text: str) -> re.Match[str] | None:
    """The first emoticon (":)", ";-)", "<3", "xD") standing on its own."""
    for m in _EMOTICON.finditer(text):
        a, b = m.start(), m.end()
        before = text[a - 1 : a]
        after = text[b : b + 1]
        if (before.isalnum() or before in ":/_") or (after.isalnum() or after in "/_"):
            continue
        return m
    return None


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
    for run in runs:

        def shouty(m: re.Match[str]) -> bool:
            lw = m.group(0).lower().replace("’", "'")
            return (
                lw in known and lw not in _NOT_SHOUTING and lw not in accepted and known[lw] <= 50
            )

        loud = [
            m
            for m in run
            if shouty(m) and not (len(run) == 1 and text[m.end() : m.end() + 1] == ":")
        ]  # "NOTE:"
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


# --------------------------------------------------------------------------------------------
# misspelling
# --------------------------------------------------------------------------------------------

_MASK = LazyPattern(
    r"\S+@\S+\.\w+|https?://\S+|www\.\S+|\b[\w\-]+(?:\.[\w\-]+)*\."
    r"(?:com|org|net|io|dev|example|co|ai|edu|gov|uk|de|app)\b\S*|`[^`\n]*`"
)
_MAYBE_MASK = LazyPattern(
    r"[@`]|://|www\.|\.(?:com|org|net|io|dev|example|co|ai|edu|gov|uk|de|"
    r"app)\b"
)
_TOKEN = LazyPattern(r"(?<![\w'’\-])[^\W_]+(?:['’][^\W\d_]+)*(?![\w])")


_BASES: dict[str, str | None] = {}  # word -> _base_of(word), across checks


def _base_of(w: str) -> str | None:
    """The word to look up for a word of the text: possessive stripped; None for a
    hyphenated word (its parts are words of their own), one with digits, or a short one."""
    if "-" in w:
        return None
    base = w[:-2] if w.endswith("'s") else (w[:-1] if w.endswith("'") else w)
    if len(base) >= 2 and base.replace("'", "").isalpha():
        return base
    return None


_NOT_WORDS = frozenset(
    {
        "xoxo",
        "xx",
        "xxx",
        "hmm",
        "hmmm",
        "um",
        "uh",
        "eh",
        "ah",
        "oh",
        "aha",
        "ok",
        "okay",
        "hi",
        "hey",
    }
)


def _dl1(a: str, b: str, max_dist: int) -> int:
    """Edit distance with transpositions, cut off above ``max_dist``."""
    return distance(a, b, max_dist)


def _near(token: str, name: str) -> bool:
    """Is ``token`` a near miss of ``name`` (not equal, an edit or two away)?"""
    t, n = token.lower(), name.lower()
    if t == n or len(n) < 3 or abs(len(t) - len(n)) > 2:
        return False
    if min(len(t), len(n)) < 3:
        return False
    allowed = 2 if min(len(t), len(n)) >= 8 else 1
    return _dl1(t, n, allowed) <= allowed


class _RecordName(NamedTuple):
    word: str  # one word of a name, as written in the record ("John", "Corp")
    full: str  # the whole name ("John Smith", "Acme Corp")
    what: str  # "John Smith's name", "the company name", "a talking point"


def _record_names(draft: Draft) -> list[_RecordName]:
    out: list[_RecordName] = []
    app = draft.application
    apps = [app] if app else []
    for a in apps:
        for p in a.people:
            for w in p.name.split():
                out.append(_RecordName(w, p.name, f"{p.name}'s name"))
        for w in _WORD.findall(a.company):
            out.append(_RecordName(w, a.company, "the company name"))
        for tp in a.talking_points:
            for w in _WORD.findall(tp):
                if w[:1].isupper():
                    out.append(_RecordName(w, tp, "a talking point"))
    return out


@rule(
    "misspelling",
    category="tone",
    severity="warn",
    summary="Flags spelling mistakes, and misspelt names above all; names and terms from the "
    "application record are never flagged.",
    why="A typo in a thank-you note suggests the same carelessness in your work, and a "
    "misspelt interviewer or company name is worse: it shows you did not check the one "
    "word they are sure to notice.",
    fix="Correct the spelling; for names, copy them from the interviewer's email signature.",
    advice="Proofreading advice (000, 001, 004): typos undo much of a note's good effect; "
    "proofread more than once.",
    options={"max_reported": 5, "max_suggestions": 2, "ignore": []},
    bad=[
        Example(
            "Dear Dana,\n\nThank you for the interveiw. I definately enjoyed meeting "
            "Jhon and the team.\n\nBest regards,\nAlex",
            "typos and a misspelt name",
        ),
        Example(
            "Dear Dana,\n\nI recieved the schedule from Acme Crop today.\n\nBest regards,\nAlex",
            "a typo and the company name",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for explaining the Kafka migration; John Smith's "
            "questions about the payments ledger were great.\n\nBest regards,\nAlex",
            "record names are known",
        ),
        Example(
            "Dear Dana,\n\nI looked at Grafana and Kubernetes docs after our talk, and "
            "I read about Stripe's ledger design.\n\nBest regards,\nAlex",
            "capitalised proper nouns are left alone",
        ),
    ],
)
def misspelling(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    text = draft.text
    if not text.strip():
        return
    tv = view(text)
    accepted = draft.accepted_words
    extra = {w.lower() for w in opts.get("ignore", ()) or ()}
    for r in draft.recipients:  # "seun@globex.example": "Seun" is how they sign
        extra.update(p for p in re.split(r"[._\-+]", r.address.addr.split("@")[0]) if p)
    if draft.application:
        for p in draft.application.people:
            extra.update(x for x in re.split(r"[._\-+]", p.address.split("@")[0]) if x)
    masked = (
        [(m.start(), m.end()) for m in _MASK.finditer(text)] if _MAYBE_MASK.search(text) else []
    )
    greet = layout(draft).greeting

    def usable(a: int, b: int) -> str | None:
        """The word at a..b as written, unless it is masked, an acronym or mixed case."""
        if masked and any(x <= a < y for x, y in masked):
            return None
        w = text[a:b]
        rest = w[1:]
        return w if rest == rest.lower() else None

    # Distinct words (lower case) without digits, possessives stripped.
    bases: dict[str, str] = {}
    memo = _BASES
    if len(memo) > 50_000:
        memo.clear()
    for w in tv.words:
        base = memo.get(w, "\x00")
        if base == "\x00":
            base = memo[w] = _base_of(w)
        if base is not None:
            bases[w] = base
    folded = {b: _fold(b) for b in bases.values() if not b.isascii()}
    for w in [w for w, b in bases.items() if b in folded and not folded[b].isascii()]:
        del bases[w]  # another script (Cyrillic, Arabic, CJK): not for an English dictionary
    folded = {b: f for b, f in folded.items() if f.isascii()}
    known, fixes = spelling.lookup(list(bases.values()) + list(folded.values()))
    for orig, plain in folded.items():  # "résumé" is "resume" with its accents
        if plain in known and orig not in known:
            known[orig] = known[plain]

    hits: list[tuple[int, Hit]] = []  # (priority, hit): names first
    reported: set[str] = set()
    record = _record_names(draft)

    def name_hit(w: str, a: int, rn: _RecordName) -> None:
        reported.add(w.lower())
        hits.append(
            (
                0,
                Hit(
                    f"'{w}' looks like a misspelling of {rn.word} ({rn.what})",
                    (a, a + len(w)),
                    fix=f"Write '{rn.word}' (as in {rn.full}).",
                ),
            )
        )

    # Names: slips in the greeting ("Dear Jon,") and next to the rest of a name ("Acme Crop").
    if record:
        for a, w in _name_slip_candidates(text, tv, record, greet):
            lw = w.lower()
            if lw in reported or lw in accepted or lw in extra or usable(a, a + len(w)) is None:
                continue
            rn = next((rn for rn in record if _near(w, rn.word)), None)
            if rn is not None:
                name_hit(w, a, rn)
    n_sugg = int(opts.get("max_suggestions", 2))
    limit = int(opts.get("max_reported", 5))
    unknown: list[tuple[int, str, str]] = []  # (offset, as written, base): typos, or names
    maybe: list[tuple[int, str, str]] = []  # capitalised, opening a sentence: typo if close
    for w, base in bases.items():
        if (
            (base in known and base not in fixes)
            or base in reported
            or base in accepted
            or base in extra
            or base in _SLANG
            or base in _NOT_WORDS
            or (len(base) < 3 and base not in fixes)
        ):
            continue
        for a in tv.positions[w]:
            written = usable(a, a + len(base))
            if written is None:
                continue
            if base in fixes:
                fix = _case_like(written, fixes[base])
                hits.append(
                    (
                        1,
                        Hit(
                            f"'{written}' looks like a misspelling of '{fix}'",
                            (a, a + len(base)),
                            fix=f"Write '{fix}'.",
                        ),
                    )
                )
                break
            if written[0].isupper():
                rn = next((rn for rn in record if _near(written, rn.word)), None)
                if rn is not None:  # "Jhon", "Okonkow"
                    name_hit(written, a, rn)
                    break
                # Capitalised and unknown: probably a proper noun (a product, a city), unless
                # it opens a sentence and is one slip from a common word ("Recieved", "Teh").
                if (
                    not _is_sentence_start(text, a)
                    or (greet and greet[0] <= a < greet[1])
                    or len(base) < 4
                ):
                    continue
                maybe.append((a, written, base))
            else:
                unknown.append((a, written, base))
            break
    # Suggestions cost a query each: only for the words that will be reported.
    room = max(0, limit - len(hits))
    for a, written, base in sorted(maybe)[: room + 10]:
        if spelling.suggest(base):
            unknown.append((a, written, base))
    unknown.sort()
    # Only words with a confident correction are reported: an unknown word without one is
    # far more often a name or a term than a typo (spelling.suggest decides).
    for a, written, base in unknown[: room + 5]:  # a query each, cached: keep the p99 low
        span = (a, a + len(base))
        sugg = spelling.suggest(base)
        if sugg:
            shown = " or ".join(f"'{_case_like(written, x)}'" for x in sugg[:n_sugg])
            hits.append(
                (
                    1,
                    Hit(
                        f"'{written}' looks like a misspelling of {shown}",
                        span,
                        fix=f"Write {shown}.",
                    ),
                )
            )
    hits.sort(key=lambda ph: (ph[0], ph[1].span or (0, 0)))
    chosen = [h for _, h in hits[:limit]]
    chosen.sort(key=lambda h: h.span or (0, 0))
    if len(hits) > limit and chosen:
        last = chosen[-1]
        chosen[-1] = Hit(f"{last.message} (and {len(hits) - limit} more)", last.span, fix=last.fix)
    yield from chosen


_NEXT_WORD = LazyPattern(r"[ \t]+([A-Z][^\W\d_]*)")
_PREV_WORD = LazyPattern(r"([A-Z][^\W\d_]*)[ \t]+$")


def _name_slip_candidates(
    text: str, tv: TextView, record: list[_RecordName], greet: tuple[int, int] | None
) -> Iterator[tuple[int, str]]:
    """Capitalised words where a name is expected: in the greeting, and right before or after
    another part of a record name ("Jon Smith", "Acme Crop")."""
    if greet:
        for m in _CAP_WORD.finditer(text, greet[0], greet[1]):
            yield m.start(), m.group(0)
    for full in {rn.full for rn in record if " " in rn.full}:
        parts = full.split()
        for k, part in enumerate(parts):
            lp = part.lower()
            for pos in tv.positions.get(lp, []) + tv.positions.get(lp + "'s", []):
                if k + 1 < len(parts):
                    m = _NEXT_WORD.match(text, pos + len(part))
                    if m and m.group(1).lower() != parts[k + 1].lower():
                        yield m.start(1), m.group(1)
                if k > 0:
                    m = _PREV_WORD.search(text, max(0, pos - 40), pos)
                    if m and m.group(1).lower() != parts[k - 1].lower():
                        yield m.start(1), m.group(1)


_CAP_WORD = LazyPattern(r"(?<![\w'’])[A-Z][^\W\d_]+(?![\w'’])")


def _fold(word: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


def _case_like(model: str, word: str) -> str:
    if model[:1].isupper() and word[:1].islower():
        return word[:1].upper() + word[1:]
    return word


# --------------------------------------------------------------------------------------------
# generic
# --------------------------------------------------------------------------------------------

_GENERIC_TP_WORDS = frozenset(
    {
        "migration",
        "rotation",
        "system",
        "systems",
        "design",
        "process",
        "project",
        "projects",
        "platform",
        "service",
        "services",
        "team",
        "teams",
        "work",
        "engineering",
        "product",
        "products",
        "roadmap",
        "strategy",
        "culture",
        "growth",
        "people",
        "company",
        "career",
        "role",
        "position",
        "opportunity",
        "interview",
        "question",
        "questions",
        "experience",
    }
)


def _specifics(draft: Draft) -> re.Pattern[str]:
    """One pattern for what would make this letter specific to its application."""
    app = draft.application
    assert app is not None
    return _specifics_for(tuple(p.name for p in app.people), app.company, tuple(app.talking_points))


@lru_cache(maxsize=64)
def _specifics_for(
    people: tuple[str, ...], company: str, talking_points: tuple[str, ...]
) -> re.Pattern[str]:
    names: list[str] = []  # case-sensitive: "Bill" the person, not "the bill"
    terms: list[str] = []  # case-insensitive
    for name in people:
        names.extend(re.escape(w) for w in name.split() if len(w) >= 2)
    terms.extend(re.escape(w) for w in _company_words(company))
    for tp in talking_points:
        words = _WORD.findall(tp)
        if words:
            terms.append(r"[\s\-]+".join(re.escape(w) for w in words))
        for w in words:
            if w[:1].isupper() or (len(w) >= 5 and w.lower() not in _GENERIC_TP_WORDS):
                terms.append(re.escape(w))
    alts = []
    if names:
        alts.append("(?-i:" + "|".join(names) + ")")
    if terms:
        alts.append("|".join(terms))
    return re.compile(r"(?<![\w])(?:" + "|".join(alts or ["(?!x)x"]) + r")(?![\w])", re.I)


@rule(
    "generic",
    category="tone",
    severity="warn",
    kinds=["thank-you", "follow-up"],
    summary="Flags a letter with nothing specific to this interview: no interviewer name "
    "(beyond the greeting), no company name, no talking point from the record (for "
    "a status follow-up, naming the role is specific enough).",
    why="Interviewers read many thank-you notes; the ones that sound like a form letter "
    "are forgotten at once, or worse, suggest the candidate was not really listening. A "
    "single concrete detail from the conversation changes that.",
    fix="Mention something from this interview: a problem you discussed, a point the "
    "interviewer made, the company by name. The application's talking points are a "
    "good start.",
    advice="Follow-up advice (002): a standard, impersonal message is a red flag; recall a "
    "talking point you both cared about.",
    options={"count_greeting": False, "specific_terms": [], "role_counts_for": ["follow-up"]},
    bad=[
        Example(
            "Dear Dana,\n\nThank you for taking the time to meet with me. I enjoyed "
            "learning more about the role and the team.\n\nBest regards,\nAlex",
            "only the greeting is personal",
        ),
        Example(
            "Hello,\n\nI wanted to follow up on my application. I am still very "
            "interested in the position.\n\nKind regards,\nAlex",
            "a template",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for walking me through the payments ledger.\n\n"
            "Best regards,\nAlex",
            "a talking point",
        ),
        Example(
            "Dear Dana,\n\nI enjoyed meeting the team at Acme yesterday.\n\nBest regards,\nAlex",
            "the company",
        ),
    ],
)
def generic(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    if draft.application is None or not draft.text.strip():
        return
    lay = layout(draft)
    start = 0 if opts.get("count_greeting") else lay.body[0]
    end = lay.body[1]
    body = draft.text[start:end]
    if not body.strip():
        return
    extra = [t for t in opts.get("specific_terms", ()) or ()]
    role = draft.application.role
    if role and draft.kind in set(opts.get("role_counts_for", ()) or ()):
        extra.append(role)
    if _specifics(draft).search(body):
        return
    for t in extra:
        if re.search(rf"(?<![\w]){re.escape(t)}(?![\w])", body, re.I):
            return
    app = draft.application
    tps = ", ".join(app.talking_points[:3])
    what = f"no interviewer name, no '{app.company}'" + (
        f", no talking point ({tps})" if tps else ""
    )
    yield Hit(f"nothing here is specific to this interview: {what}", None)


# --------------------------------------------------------------------------------------------
# unfilled-placeholder
# --------------------------------------------------------------------------------------------

_SLOT_WORDS = LazyPattern(
    r"\b(name|names|company|organi[sz]ation|employer|firm|title|position|role|job|date|time|"
    r"day|interviewer|manager|hiring|recipient|insert|your|their|his|her|team|department|"
    r"skill|skills|field|industry|project|topic|detail|details|specific|something|here|"
    r"mention|add|fill|placeholder|city|location|salary|number|email|phone|contact|person|"
    r"recruiter|first|last|surname|product|point|example|achievement|x+|tbd|todo)\b",
    re.I,
)
_HTML_TAGS = frozenset(
    {
        "br",
        "p",
        "b",
        "i",
        "u",
        "a",
        "em",
        "strong",
        "div",
        "span",
        "ul",
        "ol",
        "li",
        "hr",
        "html",
        "body",
        "head",
        "table",
        "tr",
        "td",
    }
)
_SQUARE = LazyPattern(r"\[([^\[\]\n]{1,100})\](?!\()")
_SLOT_START = LazyPattern(
    r"(insert|mention|add|fill in|placeholder|describe|include|write|"
    r"something|specific|name of|your|todo|tbd)\b",
    re.I,
)
_CURLY = LazyPattern(r"\{\{?\s*[A-Za-z_][\w .\-]{0,40}\}?\}|\$\{\w+\}|%[A-Z][A-Z_]{1,30}%")
_ANGLE = LazyPattern(r"<([^<>@\n/:=\"]{1,40})>")
_XS = LazyPattern(r"(?<![\w])(?:X{2,}|x{3,})(?![\w])")
_BLANK = LazyPattern(r"_{3,}")
_NAMED_SLOT = LazyPattern(
    r"\b(?:(?:Company|Interviewer|Recruiter|Hiring Manager|Manager|"
    r"Contact|Recipient|Your|Their|First|Last|Job|Position|Role)"
    r" (?:Name|Title)|TODO|FIXME|INSERT [A-Z ]+)\b"
)
_PAREN_SLOT = LazyPattern(
    r"\((?:company|interviewer|hiring manager|recruiter|your|their|"
    r"contact|job|position|role|first|last) (?:name|title)\)",
    re.I,
)


def _slot_hint(slot: str, draft: Draft) -> str:
    s = slot.lower()
    app = draft.application
    name = _first_recipient_name(draft)
    if app and re.search(r"company|organi|employer|firm", s):
        return f"Replace it with '{app.company}'."
    if app and re.search(r"title|position|role|job", s) and app.role:
        return f"Replace it with '{app.role}'."
    if name and re.search(r"name|interviewer|manager|recipient|person|contact", s):
        return f"Replace it with '{name}'."
    return "Fill it in or delete it."


@rule(
    "unfilled-placeholder",
    category="tone",
    severity="block",
    summary="Flags template slots left in the text: [Company], {name}, <Hiring Manager>, "
    "XXX, ____.",
    why="A template slot that survives into the sent letter proves it was a template, and "
    "it is the first thing the reader's eye lands on. Personalising the letter was the "
    "whole point of sending it.",
    fix="Fill in every slot with the real name or detail, or delete it.",
    advice="Follow-up advice (002): a standard message shows; make each note personal.",
    options={"max_reported": 5},
    bad=[
        Example(
            "Dear [Interviewer Name],\n\nThank you for the interview at {company}.\n\n"
            "Best regards,\nAlex",
            "brackets and braces",
        ),
        Example(
            "Dear <Hiring Manager>,\n\nI enjoyed discussing XXX with you.\n\nBest regards,\nAlex",
            "angle brackets and XXX",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for the interview at Acme [1]. The talk on the "
            "payments ledger was great.\n\nBest regards,\nAlex",
            "a footnote mark",
        ),
        Example(
            "Dear Dana,\n\nHere is the [design doc](https://example.org/doc) I "
            "mentioned, and my email <alex.morgan@example.org>.\n\nBest regards,\nAlex",
            "a link and an address",
        ),
    ],
)
def unfilled_placeholder(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    text = draft.text
    accepted = draft.accepted_words
    found: list[tuple[int, int, str]] = []
    for m in _SQUARE.finditer(text) if "[" in text else ():
        inner = m.group(1).strip()
        if not inner or inner.isdigit() or inner.lower() in {"x", "sic", "...", "…", "sic."}:
            continue
        if "://" in inner or "@" in inner or re.fullmatch(r"[\d,\s\-–]+", inner):
            continue
        words = _WORD.findall(inner)
        short = len(words) <= 6
        title = (
            bool(words)
            and len(words) <= 4
            and all(w[:1].isupper() for w in words)
            and not all(w.lower() in accepted for w in words)
            and not re.search(r"[.,;:!?]", inner)
        )
        if (
            (short and _SLOT_WORDS.search(inner))
            or _SLOT_START.match(inner)
            or (inner.isupper() and len(inner) > 1)
            or title
        ):
            found.append((m.start(), m.end(), m.group(0)))
    for m in _CURLY.finditer(text) if ("{" in text or "%" in text) else ():
        found.append((m.start(), m.end(), m.group(0)))
    for m in _ANGLE.finditer(text) if "<" in text else ():
        inner = m.group(1).strip()
        if (
            not inner
            or inner.lower() in _HTML_TAGS
            or inner.isdigit()
            or not re.search(r"[A-Za-z]", inner)
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
            found.append((m.start(), m.end(), m.group(0)))
    for m in _BLANK.finditer(text) if "___" in text else ():
        a = text.rfind("\n", 0, m.start()) + 1
        b = text.find("\n", m.end())
        line = text[a : (len(text) if b == -1 else b)]
        if re.search(r"[A-Za-z]", line):
            found.append((m.start(), m.end(), m.group(0)))
    found.sort()
    last = -1
    n = 0
    for a, b, s in found:
        if a < last:
            continue
        last = b
        n += 1
        if n > int(opts.get("max_reported", 5)):
            break
        yield Hit(f"'{s}' is a template slot left unfilled", (a, b), fix=_slot_hint(s, draft))


# --------------------------------------------------------------------------------------------
# too-short, missing-thanks
# --------------------------------------------------------------------------------------------


@rule(
    "too-short",
    category="tone",
    severity="info",
    kinds=["thank-you"],
    summary="Notes a thank-you with fewer than two real paragraphs.",
    why="A one-line thanks is better than none, but it gives the interviewer nothing to "
    "remember you by. Two short paragraphs leave room for what stood out in the "
    "conversation and why you fit.",
    fix="Add a paragraph: a detail from the conversation, and how your experience fits "
    "what they need.",
    advice="Thank-you advice (002): write at least two paragraphs; a 30-minute interview "
    "leaves plenty to follow up on.",
    options={"min_paragraphs": 2, "min_paragraph_words": 8},
    bad=[
        Example(
            "Dear Dana,\n\nThanks for your time today, I enjoyed talking about the "
            "payments ledger.\n\nBest regards,\nAlex",
            "one paragraph",
        ),
        Example("Thank you for the interview at Acme, it was great to meet you.", "one line"),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for walking me through the payments ledger today; "
            "the reconciliation problem stuck with me.\n\nMy work on idempotent "
            "consumers at my last job maps well onto the Kafka migration, and I would "
            "enjoy helping with it.\n\nBest regards,\nAlex",
            "two paragraphs",
        ),
        Example(
            "Dear Dana,\nThank you for walking me through the payments ledger today.\n"
            "My work on idempotent consumers maps well onto the Kafka migration you "
            "described, and I would enjoy it.\nBest regards,\nAlex",
            "one line per paragraph",
        ),
    ],
)
def too_short(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    text = draft.text
    if not text.strip():
        return
    lay = layout(draft)
    min_words = int(opts.get("min_paragraph_words", 8))
    paras = _paragraphs(text, *lay.body)
    real = [p for p in paras if len(_WORD.findall(text[p[0] : p[1]])) >= min_words]
    want = int(opts.get("min_paragraphs", 2))
    if len(real) < want:
        n = len(real)
        span = (paras[0][0], paras[-1][1]) if paras else None
        yield Hit(
            f"this thank-you has {n} paragraph{'s' if n != 1 else ''} of substance "
            f"({want} advised)",
            span,
        )


_THANKS = LazyPattern(  # (the lookahead on the first letters lets re skip ahead quickly)
    r"(?=[tgaokmc])(?<![\w])(?:thank|thanks|thanked|thankful|thank-you|thx|thnx|thanx|tnx|"
    r"ty|tysm|thks|thnks|grateful|gratitude|appreciate|"
    r"appreciated|appreciative|appreciation|appreciating|obliged|kudos|much obliged|"
    r"kind of you|generous of you|good of you|cheers for|ta for)(?![\w])",
    re.I,
)


@rule(
    "missing-thanks",
    category="tone",
    severity="warn",
    kinds=["thank-you"],
    summary="Flags a thank-you note that never thanks or shows appreciation.",
    why="The first note after an interview exists to thank the interviewer for their time. "
    "One that only restates your qualifications, or only asks about next steps, reads "
    "as self-centred.",
    fix="Thank them for their time and for something specific: 'Thank you for walking me "
    "through ...'.",
    advice="Thank-you advice (000, 004): express appreciation for the interviewer's time and "
    "interest.",
    options={},
    bad=[
        Example(
            "Dear Dana,\n\nI enjoyed our talk about the payments ledger. When can I "
            "expect to hear about next steps?\n\nBest regards,\nAlex",
            "no thanks",
        ),
        Example(
            "Dear Dana,\n\nThanks for nothing, honestly.\n\nAlex", "sarcastic thanks do not count"
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nI enjoyed our talk about the payments ledger.\n\nThank you,\nAlex",
            "thanks in the sign-off",
        ),
        Example(
            "Dear Dana,\n\nI really appreciate the time you took to walk me through the "
            "Kafka migration.\n\nBest regards,\nAlex",
            "appreciation",
        ),
    ],
)
def missing_thanks(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    text = draft.text
    if not text.strip():
        return
    tv = view(text)
    for m in _THANKS.finditer(text):
        if re.match(r"\s+(?:a\s+lot\s+)?for\s+nothing\b", text[m.end() :], re.I) or re.search(
            r"\bno\s+$", text[max(0, m.start() - 4) : m.start()], re.I
        ):
            continue
        # Sarcastic thanks ("thanks for wasting my time") do not count.
        a = tv.sentence_start(m.start())
        b = min((i for i in (text.find(c, m.end()) for c in ".!?\n") if i != -1), default=len(text))
        rel = m.start() - a
        if any(mt.start <= rel < mt.end for mt in phrases.SARCASTIC.find(text[a : b + 1])):
            continue
        return
    name = _first_recipient_name(draft)
    yield Hit(
        f"this thank-you never thanks {name or 'the interviewer'} or shows appreciation", None
    )


# --------------------------------------------------------------------------------------------
# unprofessional-signature
# --------------------------------------------------------------------------------------------


@rule(
    "unprofessional-signature",
    category="tone",
    severity="warn",
    summary="Flags a signature that advertises a side business or carries an unprofessional "
    "tagline.",
    why="The signature is the last thing the interviewer reads. An ad for your party-magic "
    "gigs, a promo code or a jokey motto there undercuts an otherwise careful letter "
    "and raises questions about your focus.",
    fix="Use a plain signature for the job search: your name, phone number, and at most a "
    "LinkedIn or portfolio link.",
    advice="Follow-up advice (000): a signature advertising a side job does not make you look "
    "like a must-hire.",
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
    ],
)
def unprofessional_signature(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    limit = int(opts.get("max_reported", 2))
    extra = tuple(opts.get("also", ()) or ())
    n = 0
    sig = draft.signature or ""
    if sig.strip():
        for mt in phrases.SIGNATURE.find(TextView(sig), extra=extra, quotes_ok=True):
            n += 1
            if n > limit:
                return
            yield Hit(f"the signature's '{snippet(mt.text)}' {mt.phrase.label}", None)
    # A signature typed into the body, below the sign-off, is part of draft.text.
    lay = layout(draft)
    if lay.sign_off:
        a = lay.sign_off[0]
        first_nl = draft.text.find("\n", a)
        if first_nl != -1:
            tail = draft.text[first_nl:]
            for mt in phrases.SIGNATURE.find(TextView(tail), extra=extra, quotes_ok=True):
                n += 1
                if n > limit:
                    return
                s = first_nl + mt.start
                yield Hit(
                    f"the signature's '{snippet(mt.text)}' {mt.phrase.label}",
                    (s, first_nl + mt.end),
                )


# --------------------------------------------------------------------------------------------
# wrong-name
# --------------------------------------------------------------------------------------------

_OTHER_CONTEXT = LazyPattern(
    r"\b(offers?|offered|interviewing|interviewed|interview(?:s)? (?:with|at)|process(?:es)? "
    r"(?:with|at)|other compan(?:y|ies)|another company|competing|also (?:talking|speaking|"
    r"interviewing)|final rounds?|deadline|previously|formerly|worked (?:at|for)|working "
    r"(?:at|for)|my time at|used to|customer|client|partner|vendor|competitor)\b",
    re.I,
)


class _NameIndex:
    """Every application's name words, once per loaded config: which applications a word of
    the draft can point to, so a check looks only at those (200 applications stay cheap)."""

    def __init__(self, config: Config) -> None:
        self.apps: list[tuple[Application, list[str], list[tuple[Person, list[str]]]]] = []
        self.by_word: dict[str, set[int]] = {}
        for i, other in enumerate(config.applications):
            company = _company_words(other.company)
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
    advice="Not from the articles: a safety net for reused letters (they advise a separate, "
    "varied note per interviewer, 004).",
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
    own.update(w.lower() for w in _company_words(app.company))
    for r in draft.recipients:
        own.update(w.lower() for w in r.address.name.split())
    own.update(_own_name_words(draft))
    for ref in cfg.references:
        own.update(w.lower() for w in ref.name.split())
    reported: set[str] = set()
    index = _name_index(cfg)
    candidates = sorted({i for w in tv.words if w in index.by_word for i in index.by_word[w]})
    for i in candidates:
        other, company_words, people_parts = index.apps[i]
        if other.id == app.id:
            continue
        # The other company.
        for w in company_words:
            if w.lower() in own or w.lower() not in tv.words:
                continue
            for m in re.finditer(rf"(?<![\w]){re.escape(w)}(?:['’]s)?(?![\w])", text):
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
                    (m.start(), m.start() + len(w)),
                    fix=f"Replace it with '{_company_words(app.company)[0]}'.",
                )
                break
        # The other application's people.
        for p, parts in people_parts:
            full = p.name
            if not any(x.lower() in tv.words for x in parts):
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
            for i, part in enumerate(parts):
                if (
                    part.lower() in own
                    or part.lower() not in tv.words
                    or part in reported
                    or full in reported
                ):
                    continue
                is_first = i == 0
                for m in re.finditer(rf"(?<![\w]){re.escape(part)}(?![\w])", text):
                    in_greeting = bool(
                        lay.greeting and lay.greeting[0] <= m.start() < lay.greeting[1]
                    )
                    if not (in_greeting or (not is_first and not spelling.is_word(part))):
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
        rec_words = set()
        for r in draft.recipients:
            rec_words.update(w.lower() for w in r.address.name.split())
            if r.person:
                rec_words.update(w.lower() for w in r.person.name.split())
        to_names = [
            r.person.name if r.person else (r.address.name or r.address.addr)
            for r in draft.recipients
        ]
        for p in app.people:
            if p.address in recipients:
                continue
            first = p.first_name
            if not first or first.lower() in rec_words:
                continue
            m = re.search(rf"(?<![\w]){re.escape(first)}(?![\w])", g)
            if m:
                a = lay.greeting[0] + m.start()
                yield Hit(
                    f"the greeting names {first} ({p.name}), but the message goes to "
                    f"{' and '.join(to_names) or 'someone else'}",
                    (a, a + len(first)),
                    fix="Greet the person you are writing to.",
                )
                break
