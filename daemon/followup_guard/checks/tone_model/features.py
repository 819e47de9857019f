"""Sentence features for the tone model: what a sentence does, not only which words it uses.

Three kinds, all sparse (a name and a value) and each with the span of the words that set it,
so a finding can point at them:

* politeness strategies after Danescu-Niculescu-Mizil et al. (ACL 2013): gratitude, apology,
  please and please-start, hedges, deference, indirect ("could you") and direct ("can you")
  modals, direct questions, second-person and first-person openings, factuality markers;
  plus what a follow-up letter adds: bare imperatives, deadlines and urgency, ultimatums,
  begging, remarks on looks and private life, sarcasm cues;
* valence and intensity from the VADER word lexicon (``valence.tsv``), negation-aware;
* punctuation and case: "!!", "?!", words in capitals that are not acronyms.

Word stems (crude suffix stripping) and stem bigrams carry the rest. Everything here is plain
Python: the daemon and the training script share this one function.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .cues import (
    _CLASSES,
    _DATE_ROMANTIC,
    _DEFERENCE_START,
    _DIRECT_START,
    _EYES_ON,
    _I,
    _IDIOM,
    _IMPERATIVE,
    _NEGATABLE,
    _NEGATORS,
    _OPINION,
    _PLACES,
    _POLITE_START,
    _PRETTY_NOUNS,
    _QUESTION_START,
    _QUOTES,
    _RING_CALL_BEFORE,
    _SHOUTED_SHORT,
    _SINGLE_STATUS_AFTER,
    _SINGLE_STATUS_BEFORE,
    _STOP,
    _YOU,
    _patterns_for,
    _words,
)

Span = tuple[int, int]
Features = dict[str, tuple[float, Span | None]]


_DIR = Path(__file__).parent
# The words of a sentence (digits and "!?" are no tokens of their own: punctuation and case are
# read from the sentence itself).
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


@lru_cache(maxsize=1)
def valence() -> dict[str, float]:
    """The VADER word valences (-4 .. +4), read once."""
    out: dict[str, float] = {}
    with open(_DIR / "valence.tsv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            w, _, v = line.rstrip("\n").partition("\t")
            if v:
                out[w] = float(v)
    return out


def stem(word: str) -> str:
    """A crude stem, enough to let "insulting", "insulted" and "insults" share weight."""
    w = word.lower().replace("’", "'")
    if len(w) <= 4 or w.endswith(("ss", "us", "is", "ous")):
        return w
    for suf in ("ingly", "edly", "ing", "ed", "ly", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def _is_acronym_like(tok: str) -> bool:
    """Capitals that are a name or code (HTML, SQL, ICU, NHS), not shouting: short, or with
    no vowel, or a known initialism. Shouting is sentences of capitals, handled by ratio."""
    return len(tok) <= 4 or not re.search(r"[AEIOUY]", tok)


_WORD_CLASSES: dict[str, tuple[str, ...]] = {}
for _cls, _members in _CLASSES.items():
    for _w in _members:
        _WORD_CLASSES[_w] = (*_WORD_CLASSES.get(_w, ()), "c:" + _cls)

# What the word loop of sentence_features needs of a lower-cased word, worked out once per
# distinct word (a letter's words repeat across its sentences and its drafts): the stem, the
# unigram feature (None for a function word), the head of the bigram features ("b:stem_"),
# the word's classes, whether it negates, its valence (None if it has none).
_WordInfo = tuple[str, str | None, str, tuple[str, ...], bool, float | None]


class _WordInfos(dict[str, _WordInfo]):
    def __missing__(self, w: str) -> _WordInfo:
        if len(self) > 50_000:
            self.clear()
        st = stem(w)
        info = (
            st,
            None if w in _STOP else "w:" + st,
            "b:" + st + "_",
            _WORD_CLASSES.get(w, ()),
            w in _NEGATORS,
            valence().get(w),
        )
        self[w] = info
        return info


_INFO = _WordInfos()


# Words whose class is a tone cue (see tone_model.TONE_CUES), for the quick check below.
_CUE_CLASSES = (
    "beg",
    "looks",
    "private",
    "judgement",
    "urgency",
    "escalate",
    "belittle",
    "grievance",
    "anger",
    "plead",
    "invite",
    "demand",
)
_CUE_WORDS = frozenset(w for c in _CUE_CLASSES for w in _CLASSES[c])
_LOW_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


@lru_cache(maxsize=1)
def _gate_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """For the quick check: words that alone may set a cue (cue-class words and strongly
    negative ones), words that do so after a negation (strongly positive: "not a great
    look"), and words that do so beside an intensifier (negative ones)."""
    val = valence()
    alone = _CUE_WORDS | frozenset(w for w, v in val.items() if v <= -2.0)
    after_negation = frozenset(w for w, v in val.items() if v >= 2.0 / 0.74)
    beside_intensifier = frozenset(w for w, v in val.items() if v < 0)
    return alone, after_negation, beside_intensifier


_CAPS = re.compile(r"(?<![A-Za-z])[A-Z][A-Z'’]+(?![a-z])")
_TWO_CAPS = re.compile(r"[A-Z]['’]?[A-Z]")
_BANGS = re.compile(r"!!|\?!|!\?")


# Patterns that are politeness strategies, no tone's cue: the quick check skips them.
_NOT_CUES = frozenset({"counterfactual", "indicative", "option"})


def may_have_cue(sentence: str) -> bool:
    """A quick check that never misses a sentence whose features hold a tone cue (it may
    let through some that do not): cue words, strongly negative or intensified negative
    words, the phrase patterns, "!!", "?!" and capitals. Set intersections, not a loop over
    the words: it runs on every sentence of every letter."""
    if _BANGS.search(sentence):
        return True
    low = sentence.lower().replace("’", "'")
    found = _LOW_WORD.findall(low)
    if not found:
        return False
    if found[0] in _IMPERATIVE:
        return True
    ws = set(found)
    alone, after_negation, beside_intensifier = _gate_sets()
    if not ws.isdisjoint(alone):
        return True
    if not ws.isdisjoint(_NEGATORS) and not ws.isdisjoint(after_negation):
        return True
    intens = not ws.isdisjoint(_CLASSES["intensifier"])
    if intens and not ws.isdisjoint(beside_intensifier):
        return True
    if intens and not ws.isdisjoint(_NEGATORS):
        return True  # a negated positive word beside an intensifier reads negative
    # Capitals set a cue as a shouted word (five letters or more) or a shouted sentence.
    caps = _CAPS.findall(sentence)
    if caps and (len(caps) >= 3 or any(len(c) >= 5 for c in caps)):
        return True
    if "please" in ws and low.count("please") >= 2:
        return True  # "please, please": the begging pattern's one test no word pair makes
    return any(
        not ws.isdisjoint(first) and (then is None or not ws.isdisjoint(then))
        for first, then in _GATE_PAIRS
    ) and any(p.search(low) for n, p in _patterns_for(ws, True) if n not in _NOT_CUES)


# For the quick check: pairs of word sets (a word of the first, and one of the second unless it
# is None) that every match of a cue pattern holds. Its trigger words alone ("if", "or", "by",
# "so", "what") are in most sentences of a letter; the pairs rule out most before a search.
_GATE_PAIRS: tuple[tuple[frozenset[str], frozenset[str] | None], ...] = tuple(
    (_words(a), _words(b) if b else None)
    for a, b in (
        # deadline
        (
            "by before until later",
            "end close monday tuesday wednesday thursday friday saturday "
            "sunday tomorrow tonight noon am pm",
        ),
        ("within", "hour hours day days"),
        ("return", "by"),
        ("right", "away now"),
        ("once", "at"),
        ("first", "thing"),
        ("second moment", "you"),
        # ultimatum
        ("or", "else will i'll lose"),
        ("otherwise exceptions excuses final better", ""),
        ("if", "hear get receive"),
        ("until", "someone somebody you get hear"),
        # begging (and "please, please" above)
        ("anything", "do"),
        ("need", "job money work chance"),
        ("hope chance option", "last only"),
        ("free", "work"),
        ("any", "salary position job shift terms"),
        ("give", "chance shot"),
        # rhetorical
        ("how", "dare hard many could generous thoughtful kind"),
        ("what", "hell earth wrong surprise pleasant great"),
        ("kidding serious", ""),
        ("who", "hell think are"),
        # challenges that talk down ("Excuse me?", "Did you not read", "Care to explain")
        ("excuse", "me"),
        ("seriously hello highway", ""),
        ("what", "joke"),
        ("care", "explain"),
        ("must", "why"),
        ("read", "not didn't"),
        ("realise realize understand familiar", "you"),
        ("look read check", "don't"),
        # sarcasm
        ("thanks thank", "lot nothing much"),
        ("so", "much"),
        ("must", "nice"),
        ("sure", "i'm am"),
        ("know", "good get"),
        ("nice", "of see"),
        ("rush breath", ""),
        ("like", "not it's its"),
        ("never", "late"),
        ("done", "well"),
        ("keep", "great"),
        # irony
        ("nothing", "says"),
        ("if though", "as"),
        ("whole", "one two three four five couple few seconds minutes"),
        ("career livelihood future rent mortgage income life", "only"),
        ("treasure cherish frame", "i'll"),
        ("spoil", "really truly"),
        ("oh", "great lovely wonderful perfect brilliant fantastic joy"),
        ("needed wanted", "just"),
        ("yeah", "right"),
        ("knew", "who"),
        ("silly foolish naive", "me"),
        ("mistake bad", "for"),
        ("pigeon pigeons signal signals telegram snail's snails", ""),
        ("congratulations", "managing finally somehow"),
        ("finally eventually", "thanks thank"),
        ("hurry", "no"),
        ("thanks thank", "minutes minute hours hour line sentence word waiting wait"),
        ("special extra particular", "thanks"),
        ("give", "take"),
        ("assume", "only"),
        ("sure", "days weeks months"),
        # accusing questions
        ("why bother bothered cheek insist insisted", ""),
        ("even actually ever really just clearly obviously apparently", "you"),
        ("problem point hold holdup", "what what's"),
        ("ask", "much"),
        # personal contact
        ("number address phone", "personal home private cell mobile"),
        ("two", "us"),
        ("single seeing", "are"),
        ("life", "love"),
        ("outside", "work"),
        # personal
        ("on", "me"),
        ("fancy", ""),
        ("company", "keep some"),
        ("bring", "family wife husband partner kids children"),
        ("look", "you"),
        ("young", "too"),
    )
)


_CLAUSE_CUT = re.compile(
    r"[,;:()\u2014]|\s[-\u2013]\s|\b(?:so|and|but|because|since|while)\b", re.I
)
_DEMAND = _words("expect must require insist demand")


def _addressed(before: str) -> bool:
    """Does the clause ending at a deadline put it to the reader? (second person, "please",
    a demand verb, or an order at the clause's start)."""
    cuts = list(_CLAUSE_CUT.finditer(before))
    clause = before[cuts[-1].end() :] if cuts else before
    ws = [w.lower().replace("’", "'") for w in _LOW_WORD_ANY.findall(clause)]
    if not ws:
        return False
    return ws[0] in _IMPERATIVE or bool(set(ws) & (_YOU | _POLITE_START | _DEMAND))


_LOW_WORD_ANY = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


def sentence_features(sentence: str, lexical: bool = True) -> Features:
    """The features of one sentence, each with the span (into ``sentence``) of its words.
    ``lexical=False`` leaves out the word and word-pair features (the costly part), for a
    first look at whether a sentence has any cue at all."""
    feats: Features = {}
    # Words in quotation marks are reported, not said (a label, a title, someone else's
    # words): blanked out, offsets kept, so neither their words nor their "!!" count.
    if '"' in sentence or "“" in sentence:
        sentence = _QUOTES.sub(lambda q: " " * len(q.group(0)), sentence)

    def put(name: str, value: float, span: Span | None) -> None:
        old = feats.get(name)
        if old is None:
            feats[name] = (value, span)
        else:
            feats[name] = (old[0] + value, old[1] or span)

    found = list(_WORD.finditer(sentence))
    if not found:
        return feats
    toks: list[str] = list(map(re.Match.group, found))
    spans: list[Span] = list(map(re.Match.span, found))
    if "’" in sentence:
        lows = [t.lower().replace("’", "'") for t in toks]
    else:
        lows = list(map(str.lower, toks))
    infos = list(map(_INFO.__getitem__, lows))
    first = lows[0]
    fspan = spans[0]
    # Openings (Danescu-Niculescu-Mizil et al.'s "-start" strategies).
    if first in _POLITE_START:
        put("start:please", 1.0, fspan)
    if first in _QUESTION_START:
        put("start:question", 1.0, fspan)
    if first in _DIRECT_START:
        put("start:direct", 1.0, fspan)
    if first in _DEFERENCE_START:
        put("start:deference", 1.0, fspan)
    if first in _YOU:
        put("start:you", 1.0, fspan)
    if first in _I:
        put("start:i", 1.0, fspan)
    if first in _IMPERATIVE and (len(lows) < 2 or lows[1] not in ("you", "i", "we")):
        put("start:imperative", 1.0, fspan)
    # Words: stems, stem bigrams, word classes, valence with negation.
    # Long sentences hold more words: damp each one so length alone does not add up to a tone.
    damp = min(1.0, (8.0 / len(lows)) ** 0.5)
    w_val, b_val, n_words = 1.0 * damp, 0.64 * damp, len(lows)
    # A short word in capitals inside a normal sentence is a name or an acronym ("the KISS
    # principle", "HELL" the project), not the word: it joins no class and has no valence.
    # A longer one ("this is RIDICULOUS") is the word, said loudly.
    # (Such a word holds two capitals in a row, or around an apostrophe: most sentences have
    # none, and one search says so.)
    caps_at: list[int] = []
    if _TWO_CAPS.search(sentence):
        caps_at = [i for i, t in enumerate(toks) if len(t) >= 2 and t.isupper()]
    acronyms: set[int] = set()
    if len(caps_at) < 0.6 * len(toks):
        acronyms = {i for i in caps_at if _is_acronym_like(toks[i])}
    neg_until = -1
    pos_sum = neg_sum = 0.0
    pos_span: Span | None = None
    neg_span: Span | None = None
    strongest_neg = 0.0
    for i, (w, (_st, unigram, bigram_head, classes, negator, v)) in enumerate(
        zip(lows, infos, strict=True)
    ):
        span = spans[i]
        if lexical:
            # Words weigh less than strategies: scaled-down values are regularised harder, so
            # the model leans on cues that carry to wording it has not seen.
            # (put() inlined: this runs for every word of every sentence)
            if unigram is not None and unigram not in feats:
                # presence, not counts: a repeated word is one cue
                feats[unigram] = (w_val, span)
            if i + 1 < n_words:
                k = bigram_head + infos[i + 1][0]
                if k not in feats:
                    feats[k] = (b_val, (span[0], spans[i + 1][1]))
        negated = i <= neg_until
        if acronyms and i in acronyms:
            continue
        for name in classes:
            if name in feats:  # present or not: counts mislead
                continue
            # (the idiom and "eyes on" searches only for the rare words they qualify)
            if name == "c:beg" and w.startswith("beg") and _IDIOM.search(sentence):
                continue
            if negated and name[2:] in _NEGATABLE:
                continue
            if w == "pretty" and i + 1 < len(lows) and lows[i + 1] not in _PRETTY_NOUNS:
                continue
            if name == "c:looks" and not _PLACES.isdisjoint(lows[max(0, i - 3) : i + 4]):
                continue
            if w == "date" and (i == 0 or lows[i - 1] not in _DATE_ROMANTIC):
                continue  # "out of date", "a start date", "to date": a day, not an outing
            if w in ("eye", "eyes") and _EYES_ON.search(sentence):
                continue
            if w == "nothing" and i + 1 < n_words and lows[i + 1] in ("less", "short"):
                continue  # "nothing less than the most thorough interview": praise (rules25)
            if w == "ring" and not _RING_CALL_BEFORE.isdisjoint(lows[max(0, i - 2) : i]):
                continue
            if w == "single" and not (
                # "I'm single", "you're newly single": a form of "be" one or two words before
                not _SINGLE_STATUS_BEFORE.isdisjoint(lows[max(0, i - 2) : i])
                or (i + 1 < len(lows) and lows[i + 1] in _SINGLE_STATUS_AFTER)
            ):
                continue
            put(name, 1.0, span)
        if negator:
            # "I don't think it was a waste": a negated opinion verb negates its whole clause.
            nxt = lows[i + 1] if i + 1 < len(lows) else ""
            neg_until = i + (8 if nxt in _OPINION else 3)
            continue
        if v is None:
            continue
        if i <= neg_until:
            v *= -0.74  # VADER's negation damping
        if v > 0:
            pos_sum += v
            pos_span = pos_span or span
        else:
            neg_sum -= v
            if -v > strongest_neg:
                strongest_neg, neg_span = -v, span
    if pos_sum:
        put("val:pos", min(pos_sum, 8.0) / 4.0, pos_span)
    if neg_sum:
        put("val:neg", min(neg_sum, 8.0) / 4.0, neg_span)
    if strongest_neg >= 2.0:
        put("val:strong_neg", 1.0, neg_span)
    if pos_sum >= 1.5 and neg_sum >= 1.0:
        put("val:mixed", 1.0, pos_span)  # praise over a grievance: a sarcasm cue
    if "c:grievance" in feats and (
        pos_sum >= 1.0 or "c:gratitude" in feats or "c:sarcasm" in feats
    ):
        put("x:praise_grievance", 1.0, feats["c:grievance"][1])  # thanks for the silence
    if "c:intensifier" in feats and neg_sum >= 1.0:
        put("val:intense_neg", 1.0, neg_span)
    # Phrase patterns (quoted passages are blanked out above).
    low_sentence = sentence.lower().replace("’", "'")
    lowered = len(low_sentence) == len(sentence)  # lower() keeps offsets (nearly always)
    for name, pat in _patterns_for(set(lows), lowered):
        m = pat.search(low_sentence if lowered else sentence)
        if m:
            # A deadline is pushy when it is put to the reader ("reply by Friday", "I need an
            # answer by noon"), not when it is news about someone else ("she can't email
            # until Friday"): its own clause must address the reader or give an order.
            if name == "deadline" and not _addressed(sentence[: m.start()]):
                name = "deadline_other"
            put("p:" + name, 1.0, (m.start(), m.end()))
    # Punctuation and case.
    bangs = sentence.count("!")
    if bangs:
        at = sentence.index("!")
        put("punct:bang", min(bangs, 3) / 3.0, (at, at + 1))
        if bangs >= 2:
            put("punct:bangs", 1.0, (at, sentence.rindex("!") + 1))
    if "?!" in sentence or "!?" in sentence:
        put("punct:interrobang", 1.0, None)
    if sentence.rstrip().endswith("?"):
        put("punct:question", 1.0, None)
    caps = [(toks[i], *spans[i]) for i in caps_at]
    shouted = [c for c in caps if not _is_acronym_like(c[0])]
    # A run of initialisms ("BLS and ACLS certified (AHA)") is credentials, not a raised
    # voice: a shouted sentence has words in it ("WHY DID YOU", "I AM DONE").
    spoken = [c for c in caps if c[0] in _SHOUTED_SHORT or not _is_acronym_like(c[0])]
    if len(caps) >= 3 and len(caps) >= 0.6 * len(toks) and len(spoken) >= 2:
        put("case:shouting", 1.0, (caps[0][1], caps[-1][2]))
    elif shouted:
        # "I am REALLY excited": emphasis on praise is enthusiasm (too-casual's business),
        # not anger; capitals count toward a tone only with something negative near them.
        name = "case:caps_pos" if pos_sum > 0 and neg_sum == 0 else "case:caps_word"
        put(name, 1.0, (shouted[0][1], shouted[0][2]))
    return feats
