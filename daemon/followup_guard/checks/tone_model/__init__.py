"""The sentence tone model: per sentence, how likely each severe tone is, and which words say so.

A one-vs-rest logistic regression over sparse sentence features (:mod:`.features`), trained
offline by ``scripts/train_tone_model.py`` and shipped as ``weights.json``. At run time it is a
dot product: no numpy, no network. The weights are read once per process (the daemon and the
Thunderbird host keep them), and a draft's scores are cached by its text.

    from followup_guard.checks import tone_model
    for s in tone_model.score(text):
        s.prob["angry"], s.span, s.carriers["angry"]

The severe tone rules call :func:`confident`: the sentences where a tone's probability clears
the threshold chosen at training time for precision, with the span of the words that carried
it (or the whole sentence).
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from .. import datacache
from ..registry import Hit
from ..textview import NETWORK, has_code_line, is_contact_line
from .features import Span, may_have_cue, sentence_features

TONES: tuple[str, ...] = (
    "angry",
    "sarcastic",
    "disparaging",
    "pushy",
    "desperate",
    "inappropriate",
)
WEIGHTS_PATH = Path(__file__).with_name("weights.json")

# A sentence ends at . ! ? (and closing quotes) before a space and a word that does not start
# in lower case, unless the word before is an abbreviation ("Dr. Patel", "e.g. this"); and at
# every line break.
_END = re.compile(r"[.!?]+[\"'’”)\]]*\s+(?=[^a-z\s])")
# Abbreviations whose stop ends no sentence: titles before a name, in the forms of the
# Englishes our users write ("Engr. Tumulak", "Atty. Reyes", "Cllr. Shah"; rules19), and a few
# others.
_ABBREV = re.compile(
    r"(?:\b(?:mr|mrs|ms|mx|dr|st|prof|vs|etc|no|jr|sr|engr|atty|capt|cpt|sgt|lt|col|maj|cpl|"
    r"insp|supt|cllr|rev|revd|hon|fr|gov|messrs|mme|mlle|mdm|sra|srta|hj|smt|approx|dept)"
    r"|\b\w\.\w|\b[A-Z])\.$",
    re.I,
)


# A numbered or lettered list item ("2. Ms Irene Teo", "b) the rota"): a line of its own.
_LIST_ITEM = re.compile(r"(?:\d{1,2}|[a-z])[.)]\s")


@dataclass(frozen=True)
class SentenceScore:
    """One sentence of the text: where it is, each tone's probability, and for each tone the
    words (spans into the whole text) that pushed it up most."""

    span: Span
    prob: dict[str, float]
    carriers: dict[str, tuple[Span, ...]] = field(default_factory=dict)
    # Per tone, the log-odds contributed by content (words and cues, not pronouns or negation
    # alone); 0 for a gated tone when none of its own cues (TONE_CUES) is in the sentence. A
    # confident finding needs enough of it.
    evidence: dict[str, float] = field(default_factory=dict)
    # The tones one of whose own cues (TONE_CUES) the sentence holds.
    cued: frozenset[str] = frozenset()

    def carrier_span(self, tone: str) -> Span:
        """The words that carry ``tone`` (from the first to the last), or the sentence."""
        spans = self.carriers.get(tone)
        if not spans:
            return self.span
        return (min(a for a, _ in spans), max(b for _, b in spans))


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    # A feature's weights for the classes are ``values[row : row + len(classes)]``, with
    # ``row = rows[feature]``: one flat array of doubles, not a tuple of float objects per
    # feature (a third of the memory, and a fraction of the time to load from the cache).
    rows: dict[str, int]
    values: array[float]
    thresholds: dict[str, float]
    min_words: int
    min_evidence: float
    # Tones that still need one of their own cues (TONE_CUES) in a sentence to fire; the
    # others are judged on every sentence.
    gated: frozenset[str] = frozenset(TONES)
    # Lower cuts for a sentence that holds one of the tone's own cues (TONE_CUES), for tones
    # judged on every sentence: a cue is evidence of its own, so less certainty is asked.
    cue_cuts: dict[str, float] = field(default_factory=dict)


class ModelError(RuntimeError):
    """The shipped weights are missing or malformed (a broken install)."""


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped weights, read once per process (decoded once per version of the file,
    when a cache dir is set: decoding the JSON cost a cold ``check`` about 15 ms)."""
    return datacache.cached("tone-weights", [WEIGHTS_PATH, Path(__file__)], Model, _read_model)


def _read_model() -> Model:
    try:
        raw = json.loads(WEIGHTS_PATH.read_text("utf-8"))
        classes = tuple(raw["classes"])
        n = len(classes)
        rows: dict[str, int] = {}
        values: array[float] = array("d")
        for k, v in raw["weights"].items():
            if len(v) == n:
                rows[k] = len(values)
                values.extend(float(x) for x in v)
        return Model(
            classes=classes,
            bias=tuple(raw["bias"]),
            rows=rows,
            values=values,
            thresholds={k: float(v) for k, v in raw["thresholds"].items()},
            min_words=int(raw.get("min_words", 3)),
            min_evidence=float(raw.get("min_evidence", 1.5)),
            gated=frozenset(raw.get("gated", classes)),
            cue_cuts={k: float(v) for k, v in raw.get("cue_cuts", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ModelError(f"tone model weights unreadable at {WEIGHTS_PATH}: {e}") from e


def sentences(text: str) -> list[Span]:
    """Spans of the sentences of ``text`` (blank ones dropped, surrounding space trimmed).

    Hard-wrapped lines (plain-text mail at 72 columns) are joined: a line break ends a
    sentence only after . ! ? : , ; or a short line (a greeting, a sign-off), or before a
    list item ("- ", "2. ")."""
    out: list[Span] = []
    pos = 0
    start = 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        end = pos + len(line)
        stripped = line.rstrip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        joins = (
            nxt
            and stripped
            and len(stripped) >= 50
            and stripped[-1] not in ".!?:,;"
            and not nxt.startswith(("-", "*", "•", ">"))
            and not _LIST_ITEM.match(nxt)
        )
        if not joins:
            _split_block(text, start, end, out)
            start = end + 1
        pos = end + 1
    return out


def _split_block(text: str, start: int, end: int, out: list[Span]) -> None:
    block = text[start:end]
    cuts = [start]
    for m in _END.finditer(block):
        # Only the word before the stop matters (the longest abbreviation is seven characters
        # with its stop): searching the whole block before it cost a full scan per stop.
        if not _ABBREV.search(block, max(0, m.start() - 9), m.start() + 1):
            cuts.append(start + m.end())
    cuts.append(end)
    for a, b in pairwise(cuts):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))


# Features that say little about tone by themselves: who speaks, a bare "not", a hedge.
_CONTEXT_ONLY = frozenset({"c:we", "start:you", "start:i", "c:negation", "c:hedge"})

# A tone needs one of its own cues in the sentence (a strategy, not just words the training
# sentences happened to share): the model ranks, the cues keep it from firing on topic words.
TONE_CUES: dict[str, frozenset[str]] = {
    "angry": frozenset(
        {
            "val:strong_neg",
            "val:intense_neg",
            "p:rhetorical",
            "p:accuse",
            "case:shouting",
            "case:caps_word",
            "c:judgement",
            "c:anger",
            "p:ultimatum",
        }
    ),
    "sarcastic": frozenset(
        {
            "p:sarcasm_phrase",
            "p:irony",
            "p:accuse",
            "x:praise_grievance",
            "val:mixed",
            "c:sarcasm",
            "val:pos",
        }
    ),
    "disparaging": frozenset(
        {
            "val:strong_neg",
            "val:intense_neg",
            "val:neg",
            "c:judgement",
            "p:accuse",
            "c:belittle",
        }
    ),
    "pushy": frozenset(
        {"p:deadline", "c:urgency", "p:ultimatum", "start:imperative", "c:escalate", "c:demand"}
    ),
    "desperate": frozenset({"p:beg_phrase", "c:beg", "c:plead"}),
    "inappropriate": frozenset(
        {"c:looks", "c:private", "p:personal", "p:personal_contact", "c:invite"}
    ),
}
_ALL_CUES = frozenset().union(*TONE_CUES.values())
_NONE: frozenset[str] = frozenset()


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def score_sentence(
    sentence: str,
    offset: int = 0,
    feats: dict[str, tuple[float, Span | None]] | None = None,
    *,
    cued_only: bool = False,
    evidence_from: float = 0.0,
) -> SentenceScore:
    """``feats``: the sentence's features when the caller has them already. ``cued_only``:
    score only the tones that may fire on the sentence (ungated, or with one of their own
    cues in it; the others get probability 0, see :func:`confident`). ``evidence_from``:
    weigh the evidence and carriers only of tones at or above this probability (the costly
    part; a sentence far below every cut needs neither)."""
    m = model()
    if feats is None:
        feats = sentence_features(sentence)
    n = len(m.classes)
    # (A dict's keys test a few cues each, where a set's isdisjoint(dict) walks the dict.)
    own_cues = frozenset(
        cls for cls in m.classes if not feats.keys().isdisjoint(TONE_CUES.get(cls, _NONE))
    )
    cued = [c for c, cls in enumerate(m.classes) if cls not in m.gated or cls in own_cues]
    scored = cued if cued_only else list(range(n))
    rows, values = m.rows, m.values
    # The features the model knows, in the sentence's order (the order of the sums below).
    used = [(row, v) for name, (v, _span) in feats.items() if (row := rows.get(name)) is not None]
    prob = dict.fromkeys(m.classes, 0.0)
    for c in scored:
        prob[m.classes[c]] = _sigmoid(m.bias[c] + sum([values[r + c] * v for r, v in used]))
    evidence = dict.fromkeys(m.classes, 0.0)
    carriers: dict[str, tuple[Span, ...]] = {}
    found: list[tuple[int, float, Span | None]] | None = None
    for c in cued:
        cls = m.classes[c]
        if prob[cls] < evidence_from:
            continue
        # Evidence and carriers matter only for a tone that may fire on the sentence (most
        # sentences have none): its content words and cues, not who speaks or a bare "not".
        if found is None:
            found = [
                (rows[name], v, span)
                for name, (v, span) in feats.items()
                if name in rows and name not in _CONTEXT_ONLY
            ]
        total = 0.0
        contrib: list[tuple[float, Span]] = []
        for r, value, span in found:
            part = values[r + c] * value
            if part > 0:
                total += part
                if span is not None and part > 0.25:
                    contrib.append((part, (span[0] + offset, span[1] + offset)))
        evidence[cls] = total
        if contrib:
            top = sorted(contrib, reverse=True)[:3]
            carriers[cls] = tuple(sorted({s for _, s in top}))
    return SentenceScore((offset, offset + len(sentence)), prob, carriers, evidence, own_cues)


@lru_cache(maxsize=256)
def _score_cached(text: str) -> tuple[SentenceScore, ...]:
    return tuple(score_sentence(text[a:b], a) for a, b in sentences(text))


def score(text: str) -> list[SentenceScore]:
    """Every sentence of ``text`` with its tone probabilities (cached by text)."""
    return list(_score_cached(text))


@lru_cache(maxsize=256)
def _cued_scores(text: str) -> tuple[SentenceScore, ...]:
    """The sentences that may fire a tone, scored: every sentence when some tone is judged
    without a cue gate; else those holding a cue of some tone. Most sentences of a letter
    hold none: the quick word-set gate skips them, and a sentence that passes it has its
    features computed once, for the cue test and the score both. (A gate on whole paragraphs
    first was tried: a letter's paragraphs nearly all pass it, so it only added its own
    cost.) A sentence of fewer than the model's minimum number of words is never confident
    (a greeting, a sign-off, a name): it is not scored."""
    m = model()
    all_gated = m.gated.issuperset(TONES)
    out = []
    for a, b in sentences(text):
        sentence = text[a:b]
        if len(sentence.split()) < m.min_words:
            continue
        if all_gated and not may_have_cue(sentence):
            continue
        feats = sentence_features(sentence)
        if not all_gated or not feats.keys().isdisjoint(_ALL_CUES):
            out.append(score_sentence(sentence, a, feats, cued_only=True, evidence_from=_FLOOR))
    return tuple(out)


# The lowest cut whose evidence the quick path weighs; a lower one scores every sentence fully.
_FLOOR = 0.5

# A sentence that gives the interviewer's words back ("When you said that a dispute closed on
# the first call is worth three ...", "I liked your point that ...") is the advice's own
# recalled talking point. Praise beside a quotation is how the model knows irony, so without
# an ironic cue of its own (a sarcastic phrase or word, an accusation) such a sentence is
# not read as sarcastic.
_RECALL = re.compile(
    r"\b(?:you|he|she|they) (?:said|mentioned|described|explained|told (?:me|us)|pointed out|"
    r"shared)\b|\byour (?:point|line|remark|comment|story|advice|idea|question|description|"
    r"explanation|feedback|suggestion|tip|reminder|warning|observation|answer) "
    r"(?:about|that|on|of)\b",
    re.I,
)
_IRONY_CUES = frozenset({"p:sarcasm_phrase", "p:irony", "c:sarcasm", "p:accuse"})
# Thanks said plainly ("Thanks to all of you for all of your efforts.", "Thanks - I'll add it
# to the file."): praise is what opens the sarcasm gate, and a thank-you is all praise. Only a
# turn of its own (a grievance, an irony, praise over a complaint) makes thanks sarcastic.
_PLAIN_THANKS = re.compile(r"^\W*(?:many\s+|a\s+big\s+)?(?:thanks|thank\s+you)\b", re.I)
_THANKS_TURNED_CUES = frozenset(
    {
        "p:sarcasm_phrase",
        "p:irony",
        "c:sarcasm",
        "p:accuse",
        "c:grievance",
        "x:praise_grievance",
        "val:mixed",
    }
)


# Anger told of someone else: a story from the job ("the furious tenant who had been without
# heating", "a food critic who was furious his eggs ...") is how service work is described,
# not the writer's temper. Without a cue aimed at the reader (an accusation, a rhetorical
# challenge) such a sentence is not read as angry (rules12 round).
_ANGER = r"(?:furious|angry|irate|livid|enraged|fuming|abusive|aggressive|hostile|upset|agitated)"
_OTHERS_ANGER = re.compile(
    r"\b(?:the|a|an|one|this|that|our|my|their|his|her)\s+(?:\w+\s+)?" + _ANGER + r"\s+"
    r"(?:\w+\s+)?(?:tenant|customer|caller|patient|resident|client|relative|parent|family|"
    r"driver|passenger|guest|diner|student|child|neighbou?r|shopper|owner|landlord|man|woman|"
    r"person|member|visitor|user|enemy|critic|regular|buyer|seller|occupant|motorist|staff|"
    r"employee|worker|colleague|candidate|applicant|manager|people|crowd)s?\b"
    # "the angry oiler on my last vessel who blamed me" (rules19): any trade, told by the
    # word's ending (an agent noun) or by "who" after it.
    r"|\b(?:the|a|an|one|this|that|our|my|their|his|her)\s+(?:\w+\s+)?" + _ANGER + r"\s+"
    r"(?:(?!(?:letter|answer|order|manner|matter|number|paper|tenor|error|register|character|"
    r"chapter|banter|after|other|over|under|ever|never|rather|later|better|either|whether|"
    r"together|however|further|power|water|corner|border|encounter|exchange|voicemail)s?\b)"
    r"\w+(?:er|or|ist|ian|ant|man|woman)s?\b|\w+\s+(?:\w+\s+)?(?:who|whose)\b)"
    # "how angry staff can become when a hearing drags on" (rules13): others' anger.
    r"|\bhow\s+" + _ANGER + r"\s+(?:\w+\s+){0,2}(?:staff|employees|workers|people|customers|"
    r"patients|clients|parents|families|residents|tenants|colleagues|members|they|he|she)\b"
    r"|\b(?:who|which)\s+(?:was|were|had been|got|became|is|are)\s+(?:\w+\s+)?"
    + _ANGER
    # "that you get angry every time a child shows up with decay" (rules13): the temper a
    # person told of, the reader too, as a talking point recalled.
    + r"|\b(?:you|he|she|they)\s+(?:\w+\s+)?(?:get|gets|got|feel|feels|felt|become|becomes|"
    r"became|grow|grew)\s+(?:so\s+|really\s+|very\s+|quite\s+)?"
    + _ANGER
    # "Even with him furious and snapping at the muzzle" (rules13): a third person's temper.
    + r"|\b(?:with|had|left|leaving|got|keep|kept)\s+(?:him|her|them)\s+(?:\w+\s+)?"
    + _ANGER
    # "a passenger became furious at the transfer desk" (rules20): a third person's temper.
    + r"|\b(?:the|a|an|one|this|that|some|another|their|his|her)\s+(?:\w+\s+){0,2}?"
    r"(?:became|become|becomes|got|get|gets|grew|turned|went|was|were|is|are)\s+"
    r"(?:so\s+|very\s+|really\s+|quite\s+|increasingly\s+)?"
    + _ANGER
    + r"\b"
    # "It made me angry at the time, and it's why I'm strict about ..." (rules21): anger of
    # the past, told as the reason for a habit.
    + r"|\b(?:made|left)\s+me\s+(?:\w+\s+)?(?:angr\w*|furious|livid|upset)\s+(?:at\s+the\s+time|"
    r"back\s+then|in\s+those\s+days)\b"
    # "the frustration of teachers in the Mukono cluster", "I recognised my own anger in
    # 2020" (rules25): a group's anger told of, the writer's own of a year gone by.
    r"|\b(?:frustration|anger|fury|rage)\s+(?:of|among|felt\s+by)\s+(?:\w+\s+)?"
    r"(?:\w+(?:ers|ors|ists|ians|ants|ents)|staff|people|families|parents|colleagues|"
    r"residents|patients|customers|clients|teachers|nurses|workers|crews?)\b"
    r"|\bmy\s+own\s+(?:anger|frustration|fury)\s+(?:in\s+(?:19|20)\d\d|back\s+then|at\s+the\s+time|"
    r"years\s+ago|as\s+an?\s)"
    # "When you asked what story had made me angriest" (rules20): the question's topic.
     + r"|\b(?:you|he|she|they|the panel)\s+asked\s+(?:me\s+|us\s+)?(?:what|which|how|about|"
    r"whether|when|why)\b[^.!?]{0,60}?\b(?:angr\w*|anger\w*|furious|irate|upset\w*)"
    # "how angry the queue got", "how angry and frightened families become" (rules16).
    + r"|\bhow\s+"
    + _ANGER
    + r"(?:\s+(?:and|or)\s+\w+)?\s+(?:the|their|our|your|a|some)\s+(?:\w+\s+)?(?:got|became|grew|"
    r"get|become|were|was|are|is|can\s+get|can\s+become)\b"
    # "Calming angry relatives", "handling an irate caller" (rules19): the work of meeting
    # someone else's anger.
     + r"|\b(?:calm|calming|calmed|handle|handling|handled|deal\s+with|dealing\s+with|"
    r"dealt\s+with|manage|managing|managed|de-escalate|de-escalating|de-escalated|soothe|"
    r"soothing|soothed|settle|settling|settled|reassure|reassuring|reassured|face|facing|"
    r"faced|serve|serving|served)\s+(?:down\s+)?(?:an?\s+|the\s+|some\s+|many\s+)?"
    r"(?:very\s+|really\s+|extremely\s+)?"
    + _ANGER
    + r"\s+\w+"
    # "Your figures made me angry at how preventable much of it is" (rules16): anger at the
    # state of the field, the reason for applying, not at the reader.
    + r"|\b"
    + _ANGER
    + r"\s+(?:at|about)\s+how\s+(?:preventable|avoidable|common|widespread|often|many|much|"
    r"little|few|rarely|easily|unfair|unequal)\b",
    re.I,
)
_AT_READER_CUES = frozenset({"p:accuse", "p:rhetorical"})
# "Why don't you come with me?" (rules26): an invitation put as a question, which
# inappropriate judges; not the reproach "why don't you ..." the accusation cue stands for.
_INVITING_QUESTION = re.compile(
    # "why don't you and I make a night of it" (rules40) invites as "why don't we" does,
    # after an opening clause too ("And Carol, once the last train is in, why don't ...").
    r"(?:^|[,;:–—]\s)\W*why\s+don['’]?t\s+(?:you|we|you\s+and\s+(?:i|me))\s+(?:make\s+(?:a\s+night|an\s+evening|"
    r"a\s+day)\s+of\s+it|come\s+(?:with|along|over|round|around|down|by|"
    r"to|for)|join\s+(?:us|me|my|our)|grab\s+(?:a|some)|pop\s+(?:in|over|round|by)|"
    r"drop\s+(?:in|by)|meet\s+(?:up|me|for)|have\s+(?:a\s+(?:drink|coffee|beer|bite)|"
    r"lunch|dinner|coffee|drinks))\b",
    re.I,
)
_REPROACH_CUES = frozenset({"p:rhetorical"})


# A promise of the writer's own with a time in it ("I will revert with my preferred day by
# close of business today", "We'll send the forms by Friday"): a deadline on oneself, not on
# the reader (rules20), unless the sentence also demands or threatens.
# "I'll come back to you on the offer by Friday" is a promise too, though it names the reader;
# "I'll need your answer by Friday" is not (rules22).
_OWN_PROMISE = re.compile(
    r"^\W*(?:i|we)(?:['’]ll|\s+will|\s+shall|\s+can|\s+am\s+going\s+to|\s+are\s+going\s+to)\s+"
    r"(?!(?:need|expect|want|require|insist|assume|take|have\s+to|be\s+(?:waiting|expecting|"
    r"forced|calling|chasing))\b)",
    re.I,
)
_PUSHED_CUES = frozenset({"p:ultimatum", "c:demand", "c:escalate", "start:imperative"})
# A date the writer needs to meet an obligation of their own ("I need the offer letter by
# Friday to give notice"): a notice period, not pressure on the reader, unless it threatens.
_NOTICE_PERIOD = re.compile(
    # ... unless it also asks for a start date, as if the job were given ("send me the start
    # date and the offer letter this week so I can give notice").
    r"^(?!.*\bstart(?:ing)?\s+date\b).*?(?:"
    r"\b(?:to|so\s+(?:that\s+)?i\s+can)\s+(?:give|hand\s+in|serve|work)\s+(?:my\s+|the\s+)?"
    r"(?:\w+\s+)?notice\b|\bnotice\s+period\b)",
    re.I | re.S,
)
_THREAT_CUES = frozenset({"p:ultimatum", "c:escalate"})
# News awaited from another process ("still waiting on the outcome of an NHS interview that I
# expect to hear about this week"): the writer's own timetable, not pressure on the reader,
# unless it threatens (rules34).
_OTHER_PROCESS = re.compile(
    r"\bwaiting\s+(?:on|for)\s+(?:the\s+)?(?:outcome|result|news|decision|answer)\s+"
    r"(?:of|from|on)\s+(?:an?|another|my\s+other)\b",
    re.I,
)

# A job needed with a condition ("I need a job with hours that match my kids' school day"):
# a requirement stated, not a plea (rules24), unless the sentence also begs.
_REQUIREMENT = re.compile(
    r"\bneed\s+(?:a|an|the)\s+(?:job|role|position|post|shift|schedule)\s+(?:with|that|where|"
    r"whose|close\s+to|near|on)\b",
    re.I,
)
_BEGGING_CUES = frozenset({"c:beg"})  # "beg", "desperate", "lifeline": said outright
# A choice of date put as a condition ("If the 5th is the only option, I'll swap my shift";
# rules40): the only option is the reader's slot, not the writer's last hope.
_ONLY_SLOT = re.compile(
    r"\bif\s+(?:that|this|it|the\s+\w+(?:\s+\w+)?|\w+day)\s+(?:is|was|were|are)\s+"
    r"(?:really\s+|truly\s+)?the\s+only\s+(?:option|choice|way|time|day|date|slot)\b",
    re.I,
)

# Praise of something the interviewer described, opening the sentence ("Your account of the
# cluster meetings, where each teacher brings a lesson that went badly, is the kind of
# mentoring I believe in"; rules25): the words of failure are the story's, not a verdict.
_PRAISED_RECALL = re.compile(
    r"^(?:your (?:description|account|explanation|story|example|overview|picture) of|"
    r"when you (?:described|explained|told me about|talked about))\b[^.!?]*?\b(?:is|was) "
    r"(?:exactly |just |precisely )?(?:the (?:kind|sort|type) of|something i (?:had not|hadn't|"
    r"have not|haven't|never) (?:seen|heard)|what i (?:believe|hope|want|am looking))\b",
    re.I,
)
_PUT_DOWN_CUES = frozenset({"p:accuse", "p:irony", "p:sarcasm_phrase", "p:rhetorical"})
# Pitched "at exactly the right level": the interview praised in the words of a put-down
# ("pitched at a junior level"; found by a rules34 neighbour test).
_RIGHT_LEVEL = re.compile(
    r"\b(?:exactly|just|precisely|absolutely)\s+(?:the\s+)?right\s+(?:level|pitch|balance|"
    r"depth|length|mix|amount)\b",
    re.I,
)

# Per tone: a sentence of one of these shapes is not aimed at the reader unless it also holds
# one of the shape's cues (an irony, an accusation, a demand): the model's reading of it is
# set aside.
_NOT_AIMED: dict[str, tuple[tuple[re.Pattern[str], frozenset[str]], ...]] = {
    "sarcastic": ((_RECALL, _IRONY_CUES), (_PLAIN_THANKS, _THANKS_TURNED_CUES)),
    "angry": ((_OTHERS_ANGER, _AT_READER_CUES), (_INVITING_QUESTION, _REPROACH_CUES)),
    "pushy": (
        (_OWN_PROMISE, _PUSHED_CUES),
        (_NOTICE_PERIOD, _THREAT_CUES),
        (_OTHER_PROCESS, _THREAT_CUES),
    ),
    "desperate": ((_REQUIREMENT, _BEGGING_CUES), (_ONLY_SLOT, _BEGGING_CUES)),
    "disparaging": ((_PRAISED_RECALL, _PUT_DOWN_CUES), (_RIGHT_LEVEL, _PUT_DOWN_CUES)),
    # A friend request or a post on a social network is social-media's finding, not a
    # personal remark, unless it holds one of inappropriate's own cues (looks, private life,
    # an invitation; rules31 round, when inappropriate lost its cue gate).
    "inappropriate": ((NETWORK, TONE_CUES["inappropriate"]),),
}


def _not_aimed(tone: str, sentence: str) -> bool:
    for shape, cues in _NOT_AIMED.get(tone, ()):
        if shape.search(sentence) and cues.isdisjoint(sentence_features(sentence)):
            return True
    return False


def confident(text: str, tone: str, threshold: float | None = None) -> list[SentenceScore]:
    """The sentences of ``text`` the model is confident read as ``tone`` (one of
    :data:`TONES`): probability at or above ``threshold`` (default: the shipped one, chosen
    for precision), enough content evidence with one of the tone's own cues, and at least the
    model's minimum number of words."""
    m = model()
    if tone not in m.classes:
        raise ValueError(f"unknown tone {tone!r}; known: {', '.join(TONES)}")
    cut = m.thresholds.get(tone, 0.9) if threshold is None else threshold
    cue_cut = min(cut, m.cue_cuts.get(tone, cut)) if threshold is None else cut
    out = []
    for s in _cued_scores(text) if cue_cut >= _FLOOR else _score_cached(text):
        if (
            s.prob[tone] >= cue_cut
            and (s.prob[tone] >= cut or tone in s.cued)
            and s.evidence[tone] >= m.min_evidence
            and len(text[s.span[0] : s.span[1]].split()) >= m.min_words
            # A query or code pasted on request is not the writer's tone (its capitals, its
            # "IN ('LATE', 'HELD')"), nor is a referee's contact line; tested last, as few
            # sentences get this far.
            and not has_code_line(text, *s.span)
            and not is_contact_line(text[s.span[0] : s.span[1]])
            and not _not_aimed(tone, text[s.span[0] : s.span[1]])
            and not _read_as_other(tone, s, text)
        ):
            out.append(s)
    return out


# Sarcasm is judged on every sentence, but a sentence with none of its cues (no praise, no
# ironic turn) is sarcastic only in a letter that is not angry: in an angry letter the bitter
# lines ("Since then, nine days of complete silence") are its anger, while irony without a
# cue in a calm letter ("perhaps at the same speed as the yarn bookings") is sarcasm's own.
_NOT_IN_A_LETTER_READ_AS = {"sarcastic": "angry"}


def _read_as_other(tone: str, s: SentenceScore, text: str) -> bool:
    other = _NOT_IN_A_LETTER_READ_AS.get(tone)
    if other is None or tone in s.cued:
        return False
    return bool(confident(text, other))


_LABELS = {
    "angry": "reads as angry",
    "sarcastic": "reads as sarcastic",
    "disparaging": "runs the company or its people down",
    "pushy": "reads as pushy",
    "desperate": "reads as desperate",
    "inappropriate": "is too personal for a hiring contact",
}


def hits(
    text: str,
    tone: str,
    *,
    covered: Iterable[Span | None] = (),
    threshold: float | None = None,
    limit: int = 3,
    skip: Iterable[Span] = (),
) -> list[Hit]:
    """Findings for a severe tone rule from the model: one per confident sentence that no
    phrase finding already points into (``covered``: the spans of the rule's phrase hits),
    pointing at the words that carry the tone (or the sentence); a sentence wholly inside
    one of the ``skip`` spans (a signature block's lines; an iterable read only when a
    sentence is confident, so a generator costs nothing on most letters) is not judged.
    This is what the six
    severe rules call after their phrase matching, so a rule fires on phrase evidence OR a
    confident model score::

        found = list(phrase_hits(...))
        found += tone_model.hits(draft.text, "angry", covered=[h.span for h in found],
                                 threshold=opts.get("model_threshold"))
    """
    taken = [s for s in covered if s is not None]
    skipped: tuple[Span, ...] | None = None  # read only once a sentence is confident
    out: list[Hit] = []
    for s in confident(text, tone, threshold):
        if any(a < s.span[1] and s.span[0] < b for a, b in taken):
            continue  # one finding per span: the phrase already names these words
        if skipped is None:
            skipped = tuple(skip)
        if any(a <= s.span[0] and s.span[1] <= b for a, b in skipped):
            continue
        a, b = s.carrier_span(tone)
        words = " ".join(text[a:b].split())
        if len(words) > 60:
            words = words[:57].rstrip() + "..."
        out.append(
            Hit(
                f"'{words}' {_LABELS.get(tone, 'reads as ' + tone)} (the sentence as a whole)",
                (a, b),
                model=True,
            )
        )
        if len(out) >= limit:
            break
    return out
