"""The tone model's cue lexicon: word classes (politeness strategies, anger, pleading,
belittling, looks, invitations...) and the patterns built from them, as data for
:mod:`.features`."""

from __future__ import annotations

import re


def _words(*groups: str) -> frozenset[str]:
    return frozenset(w for g in groups for w in g.split())


# Word classes (lower case). Each becomes a feature "c:<class>" when a word of it occurs.
_CLASSES: dict[str, frozenset[str]] = {
    "gratitude": _words("thank thanks thanked thankful appreciate appreciated grateful"),
    "apology": _words("sorry apologise apologize apologies apology excuse forgive pardon"),
    "hedge": _words(
        "think maybe perhaps might possibly suggest wonder wondering hope hoping guess "
        "probably seems seem somewhat fairly believe assume understand realise realize"
    ),
    "intensifier": _words(
        "really very extremely totally absolutely completely utterly truly so such incredibly "
        "seriously frankly honestly literally clearly obviously simply entirely highly"
    ),
    "negation": _words(
        "not no never nobody nothing none nowhere neither nor cannot can't won't don't "
        "doesn't didn't isn't aren't wasn't weren't couldn't wouldn't shouldn't haven't hasn't"
    ),
    "urgency": _words(
        "immediately asap now today tonight urgent urgently promptly instantly hurry quickly "
        "deadline expedite"
    ),
    "escalate": _words(
        "escalate escalating ceo director manager supervisor withdraw lawyer complaint report"
    ),
    "beg": _words(
        "beg begging plead pleading desperate desperately rent unemployed debt misery "
        "eternally lifeline"
    ),
    "looks": _words(
        "beautiful gorgeous pretty cute hot sexy attractive stunning handsome smile eyes legs "
        "skirt outfit perfume"
    ),
    "private": _words(
        "single wine married husband wife boyfriend girlfriend kiss kisses hug hugs massage "
        "pregnant religion selfie separated separation divorced widowed newborn"
    ),
    # Verdicts on people or work that the valence lexicon rates mild or not at all.
    "judgement": _words(
        "joke mess clueless incompetent incompetence amateur amateurish amateurs useless "
        "mediocre outdated ancient second-rate shambles dumpster clowns idiots inept sloppy "
        "laughable embarrassing childish"
    ),
    "sarcasm": _words(
        "oh wow sure clearly surely guess suppose bravo congratulations lovely fantastic "
        "impressive thrilled delighted honoured honored truly famous record"
    ),
    # Strategy cues added after measuring recall: the gate of each tone (tone_model.TONE_CUES)
    # must hold for most sentences of that tone, or the model never gets to judge them.
    # Verdicts that belittle people or their work ("basic questions", "out of her depth").
    "belittle": _words(
        "basic trivial shallow weak unqualified lazy poorly badly chaotic disorganised "
        "disorganized behind ordinary waste pointless worse worst unprofessional rude "
        "unimpressed impressed depth graduate first-year busywork script copied kindly "
        "standing reputation capable competent qualified seriously scraping average naive "
        "nonsense fluff shabby toxic embarrassment simplistic uninspiring bored uninterested "
        "struggled obvious obviously stuck naff provincial small-minded hardly underwhelmed "
        "beneath calibre caliber patronising patronizing cheesy clunky dusty small-time "
        "unprepared listicle"
    ),
    # What a complaint about the process is about: waiting, silence, being forgotten.
    "grievance": _words(
        "silence silent ignored ignoring ignore ghosted waited waiting wait weeks months "
        "forgot forgotten forgetting lost delay delays chase chased chasing nothing never "
        "hole radio suspense decade century pigeons monks template automated finally "
        "remembered exist commute vanish vanished voicemail ghosting"
    ),
    "anger": _words(
        "furious livid fuming outraged appalled disgusted disgrace disgraceful shame ashamed "
        "nerve decency insulting insulted angry infuriating outrageous raging rage seething "
        "incensed irate enraged boil"
    ),
    "plead": _words(
        "whatever everything hire rent bills kids struggling broke pray "
        "praying crying forever willing unpaid dream tether pest nuisance burden evicted "
        "savings knees"
    ),
    "invite": _words(
        "dinner drink drinks date dancing cocktails wine tickets concert cabin movie spa "
        "flowers chemistry lonely admirers divorce ring dress legs hair perfume voice "
        "fit gym spoil spoiling gorgeous beautiful dreaming attracted good-looking haircut "
        "darling romantic bars restaurant socially text playlist gift younger affair gig "
        "listener sweetheart babe spark smitten nightcap opera"
    ),
    "demand": _words(
        "need insist expect demand require answer decision decide chase waiting every until "
        "latest straight immediately owe owed unacceptable"
    ),
    "we": _words("we us our ours we're we've we'll"),
    "they_people": _words("people guys folks"),
}

# Short words that are words, not initialisms, when written in capitals ("WHY DID YOU"):
# a run of capitals without them is credentials ("BLS and ACLS certified (AHA)").
_SHOUTED_SHORT = _words(
    "I A AM IS ARE WAS WHY WHAT WHO HOW YOU YOUR DID DO DONT NOT NO SO THE AND THIS THAT ME MY",
    "IT NOW STOP JUST HAVE HAS BE TO OF IN ON FOR WITH ALL GET GOT CAN WILL WHEN EVER EVEN",
    "NEED WANT BACK MUST SICK DONE HELL GIVE TELL CALL",
)
# Bare verbs that open an order ("Respond by Friday.", "Stop ignoring me.").
_IMPERATIVE = _words(
    "respond reply answer send call tell give get stop quit make hurry decide confirm forward "
    "move put skip schedule do don't fix explain let ping circle email contact expedite "
    "finish sort hire"
)
_POLITE_START = _words("please kindly")
_QUESTION_START = _words("what why who how where when")
_DIRECT_START = _words("so then and but")
_DEFERENCE_START = _words("great good nice excellent interesting lovely wonderful")

_PATTERNS: dict[str, re.Pattern[str]] = {
    "counterfactual": re.compile(r"\b(?:could|would) you\b|\bwould it be possible\b", re.I),
    "indicative": re.compile(r"\b(?:can|will) you\b", re.I),
    # Leaving the reader the choice (a politeness strategy): "feel free to", "whenever suits".
    "option": re.compile(
        r"\bfeel free\b|\bwhenever (?:it )?(?:suits|works|is convenient|you (?:can|have|get))\b|"
        r"\bwhichever\b|\bat your (?:convenience|leisure)\b|\bno (?:pressure|obligation)\b|"
        r"\bif (?:it|that|this) (?:suits|works|helps|is (?:easier|convenient))\b|"
        r"\bif you (?:prefer|like|wish|have time|get a (?:moment|chance|minute))\b",
        re.I,
    ),
    "deadline": re.compile(
        r"\b(?:by|before|until|no later than) (?:the )?(?:end of (?:the )?(?:day|week|today)|"
        r"close of (?:business|play)|(?:this |next )?(?:monday|tuesday|wednesday|thursday|"
        r"friday|saturday|sunday)|tomorrow|tonight|noon|\d{1,2}(?::\d\d)? ?(?:am|pm))|"
        r"\bwithin (?:the next )?(?:\d+|an?|one|two|three|24|48) (?:hours?|days?|business days?)\b|"
        r"\bwithin the (?:hour|day)\b|\bby return\b|"
        r"\bright (?:away|now)\b|\bat once\b|\bfirst thing\b|\bthe (?:second|moment) you\b",
        re.I,
    ),
    "ultimatum": re.compile(
        r"\bor (?:else|i will|i'll|lose)\b|\botherwise\b|\bif (?:i|we) (?:don't|do not) "
        r"(?:hear|get|receive)\b|\buntil (?:someone|somebody|you) (?:replies|reply|"
        r"responds|respond|answers|answer|gets? back|calls?|decides?)\b|\buntil i (?:get|hear)\b|"
        r"\bno exceptions\b|"
        r"\bno excuses\b|\bfinal (?:follow-up|warning|chance)\b|\bhad better\b|\bbetter hear\b",
        re.I,
    ),
    "beg_phrase": re.compile(
        r"\b(?:please,? ){2,}|\bi(?:'ll| will) do anything\b|\bi (?:really |just |so |badly |"
        r"desperately )?need (?:this|the|a) (?:job|money|work|chance)\b|"
        r"\b(?:last|only) (?:hope|chance|option)\b|\bwork for free\b|"
        r"\bany (?:salary|position|job|shift|terms)\b|\bgive me a (?:chance|shot)\b",
        re.I,
    ),
    "rhetorical": re.compile(
        r"\bhow (?:dare|hard|many times|could you)\b|\bwhat (?:the hell|on earth|is wrong)\b|"
        r"\bare you (?:kidding|serious)\b|\bwho (?:the hell|do you think)\b|"
        # Challenges that talk down to the reader (politeness round): "Excuse me?", "Did
        # you not read my note?", "You do realise ...", "Do you understand why ...",
        # "Care to explain?", "Who are you to ...".
        r"\b(?:excuse me|seriously|hello)\?|\bwhat a joke\b|\bwho are you to\b|"
        r"\bcare to explain\b|\bwhy must you\b|\b(?:did|have) you not read\b|"
        r"\bdidn't you read\b|\byou do reali[sz]e\b|\bdo you (?:not )?(?:understand|"
        r"reali[sz]e) (?:why|how|that|what)\b|\bare you (?:even |actually )?familiar with\b|"
        r"\bdon't you (?:even )?(?:look|read|check)\b|\bway or the highway\b",
        re.I,
    ),
    "sarcasm_phrase": re.compile(
        r"\bthanks? (?:a lot|for nothing|so much for)\b|\bso much for\b|\bmust be nice\b|"
        r"\bi(?:'m| am) sure (?:you|your|it)\b|\bwhat a (?:surprise|"
        r"pleasant|great)\b|\bgood to know\b|\bnice (?:of|to see)\b|\bno rush\b|"
        r"\bit'?s not like\b|\bhold my breath\b|\bbetter late than never\b|\bwell done\b|"
        r"\bkeep up the great\b|\bhow (?:generous|thoughtful|kind) of you\b",
        re.I,
    ),
    # Constructions of irony that carry whatever the topic: mock superlatives ("nothing says
    # welcome like ..."), denied excuses ("it's not as if ..."), mock measures ("a whole two
    # lines", "whole seconds"), mock stakes ("it's only my career"), mock keepsakes ("I'll
    # treasure it"), self-blame meant as blame ("silly me for thinking ...").
    "irony": re.compile(
        r"\bnothing says\b|\bnot as (?:if|though)\b|\ba whole (?:one|two|three|four|five|"
        r"couple|few)\b|\bwhole (?:seconds|minutes)\b|\bonly my (?:career|livelihood|"
        r"future|rent|mortgage|income|life)\b|\bi'll (?:just )?(?:treasure|cherish|frame)\b|"
        r"\byou (?:really|truly) spoil\b|\boh,? (?:great|lovely|wonderful|perfect|brilliant|"
        r"fantastic|joy)\b|\bjust what i (?:needed|wanted)\b|\byeah,? right\b|\bwho knew\b|"
        r"\b(?:silly|foolish|naive) (?:me|of me)\b|\bmy (?:mistake|bad) for (?:thinking|"
        r"assuming|expecting|believing)\b|\b(?:carrier pigeons?|smoke signals?|by telegram|"
        r"snail'?s pace)\b|\bcongratulations on (?:managing|finally|somehow)\b|"
        r"\bthanks? for (?:finally|eventually)\b|\bno hurry\b|"
        # Thanks for the wait or for a short answer, a mock allowance, a mock certainty
        # (rules8 round): "thank you for the forty-five minutes in the lobby", "special thanks
        # for the extended tour of the waiting area", "give or take forty minutes", "I can
        # only assume", "I am sure eleven days is the standard time".
        r"\bthanks? (?:you,? )?(?:so much |too,? |also |again |especially )?for (?:the|a|an|all "
        r"the|those|that) (?:[\w-]+ ){0,2}(?:minutes?|hours?|two-line|one-line|two-sentence|"
        r"one-word|waiting area|waiting room|wait)\b|\b(?:special|extra|particular) thanks "
        r"for\b|\bgive or take (?:\w+ ){0,2}(?:minutes|hours|days|weeks)\b|\bi can only "
        r"assume\b|\bi(?:'m| am) sure (?:\w+ ){0,2}(?:days|weeks|months) (?:is|are)\b",
        re.I,
    ),
    # Questions that accuse the reader ("why did you ...", "did you even ...").
    "accuse": re.compile(
        r"\bwhy (?:did|do|does|would|are|were|is|didn't|don't|haven't|hasn't|won't|can't) "
        r"(?:you|your|nobody|no one|anyone|they)\b|\b(?:did|do|have) you (?:even|actually|"
        r"ever|really|bother)\b|\byou (?:just|actually|clearly|obviously|apparently|even) "
        r"(?:didn't|don't|can't|couldn't|won't|never|failed|ignored|decided)\b|"
        r"\b(?:bother(?:ed)?|cheek|insist(?:ed)? on)\b|\bwhat(?:'s| is) (?:your|the) "
        r"(?:problem|point|hold[- ]?up)\b|\bis (?:that|this) (?:really )?too much to ask\b",
        re.I,
    ),
    # Treats, company and remarks on how someone looks, in everyday words (rules7 round):
    # "the first pint is on me", "if you fancy a drink", "keep you company", "bring your
    # family", "you look far too young to", "you look amazing".
    "personal": re.compile(
        r"\b(?:is|are|'s|drinks?|coffee|lunch|dinner|round|pint|beers?|tea|tarik|meal|fish) "
        r"(?:is |are )?on me\b|\bif you fancy\b|\bfancy an? (?:pint|drink|coffee|bite|meal|"
        r"night|dinner|curry)\b|\b(?:keep you|some) company\b|\bbring your (?:family|wife|"
        r"husband|partner|kids|children)\b|\byou look (?:\w+ )?(?:amazing|young|great|lovely|"
        r"beautiful|stunning|gorgeous|fit|radiant|younger|good|well|fantastic|incredible)\b|"
        r"\btoo young to\b",
        re.I,
    ),
    "personal_contact": re.compile(
        r"\b(?:personal|home|private|cell|mobile) (?:number|address|phone)\b|"
        r"\bjust the two of us\b|\bget to know you\b|"
        r"\bare you (?:single|seeing)\b|\blove life\b|\boutside (?:of )?work\b",
        re.I,
    ),
}

_NEGATORS = _CLASSES["negation"]
_OPINION = _words("think believe say feel mean consider find")
# A pattern is searched only in a sentence holding one of its trigger words: Python's re
# scans a case-blind alternation at about a microsecond a character, a set test costs nothing.
_TRIGGERS: dict[str, frozenset[str]] = {
    "counterfactual": _words("could would"),
    "indicative": _words("can will"),
    "option": _words("feel whenever whichever convenience leisure pressure obligation if"),
    "deadline": _words("by before until later within right once first second moment"),
    "ultimatum": _words("or otherwise if until exceptions excuses final had better"),
    "beg_phrase": _words("please anything need last only free any give"),
    "rhetorical": _words(
        "how what are who excuse seriously hello joke care must read realise realize "
        "understand familiar look check highway"
    ),
    "sarcasm_phrase": _words(
        "thanks thank so must sure what good nice rush like breath late well keep generous "
        "thoughtful kind"
    ),
    "irony": _words(
        "nothing though if whole career livelihood future rent mortgage income life treasure "
        "cherish frame spoil oh needed wanted yeah knew silly foolish naive mistake bad "
        "pigeon pigeons signal signals telegram snail's snails congratulations finally "
        "eventually hurry thanks thank special extra particular give assume sure"
    ),
    "accuse": _words(
        "why just actually clearly obviously apparently even ever really bother bothered cheek "
        "insist insisted problem point hold holdup hold-up ask"
    ),
    "personal": _words("me fancy company bring look young"),
    "personal_contact": _words("number address phone friend two know single seeing love outside"),
}


# The same patterns without IGNORECASE, searched in the lower-cased sentence: Python's re
# runs a case-blind alternation several times slower (the patterns are written in lower case).
_LOW_PATTERNS: dict[str, re.Pattern[str]] = {n: re.compile(p.pattern) for n, p in _PATTERNS.items()}


def _patterns_for(ws: set[str], lowered: bool) -> list[tuple[str, re.Pattern[str]]]:
    """The patterns whose trigger words are among ``ws``: the lower-case ones when the text
    to search is lower-cased (same length as the original, so spans still fit)."""
    pats = _LOW_PATTERNS if lowered else _PATTERNS
    return [(name, pats[name]) for name, trig in _TRIGGERS.items() if not ws.isdisjoint(trig)]


# Pronouns only open a sentence as features (second- and first-person starts): counted
# anywhere, they weighed more than the words around them in a few hundred sentences.
_YOU = _words("you your yours yourself you're you've you'll you'd")
_I = _words("i me my mine myself i'm i've i'll i'd")
# Classes whose words a negation in front undoes ("not desperate", "never rude").
_NEGATABLE = frozenset({"beg", "looks", "judgement", "urgency", "intensifier", "anger", "belittle"})
# "pretty" is a looks word only when it is not an adverb ("pretty clear", "pretty good").
_PRETTY_NOUNS = _words("face smile eyes girl woman lady hair dress")
_DATE_ROMANTIC = _words("a dinner romantic first hot lunch movie coffee proper real")
# "single" is a private matter as a marital status ("are you single?", "I'm single", "a single
# mum") or a drink ("a bottle of single malt", as "wine" is), not as "the single best yield" or
# "a single line" (rules21).
_SINGLE_STATUS_BEFORE = _words("am i'm is are you're he's she's was were still being stay")
_SINGLE_STATUS_AFTER = _words("mum mom mother father dad parent parents malt malts")
# "I'll give you a ring tomorrow", "a quick ring": a phone call, not jewellery (rules23).
_RING_CALL_BEFORE = _words("you me him her them us quick")
# Praise of a place is not a remark on looks ("the office is beautiful", "a stunning view"):
# a looks word within three words of one of these joins no class.
_PLACES = _words(
    "office offices building campus site view views harbour harbor garden gardens ward wards "
    "school classroom library depot warehouse city town area space reception lobby canteen "
    "kitchen park river coast beach hospital clinic workplace location premises setting "
    "scenery design website app interface slides report dashboard work project"
)
# Idioms that hold a begging word but beg for nothing.
_IDIOM = re.compile(r"\bbeg(?:s|ged)? (?:to differ|your pardon|the question)\b", re.I)
_EYES_ON = re.compile(r"\beyes? (?:on|out for|open)\b", re.I)
_QUOTES = re.compile(r"[\"“][^\"”]{1,80}[\"”]")

# Function words: no unigram feature of their own (in a few hundred training sentences they
# correlate with a tone by chance); the pronoun and negation classes above carry what they say.
_STOP = _words(
    "a an the this that these those is are was were be been being am do does did have has had "
    "and or but if of to in on at for from with by as it its it's i me my we us our you your "
    "he she him her his they them their there here which who whom what when where how why "
    "will would shall should can could may might must just also then than so very too not no "
    "about into over after before up out off again all any some each more most such only own "
    "same other yes ok okay"
)
