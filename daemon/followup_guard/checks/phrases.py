"""The tone rules' phrase lists, in the pattern language of :mod:`.lexicon`.

Written for followup-guard. Each list aims at wording that is hostile, sassy, belittling,
pushy, pleading or personal *in a letter to an interviewer*, and stays quiet on the business
idioms that share its words: "aggressive growth targets", "a killer feature", "attack the
problem", "a crazy busy quarter", "I'd love to", "I can't wait to start". Decided borderline:
"I'm dying to learn more" is eager, not desperate, and is not reported.

The test suite (tests/test_tone.py) holds the idioms that must stay quiet; add one there with
every phrase you add here.
"""

from __future__ import annotations

from .lexicon import Phrase, PhraseSet

P = Phrase

_INTENS = (
    "?(really|so|very|absolutely|extremely|quite|incredibly|pretty|beyond|frankly|"
    "honestly|utterly|completely|totally|just|rather|getting|growing|increasingly)"
)

# --- angry: hostile, blaming or furious ------------------------------------------------------
ANGRY = PhraseSet(
    [
        P(
            "(i'm|i am|i was|i feel|i felt|i've been|i have been) " + _INTENS + " (furious|livid|"
            "outraged|infuriated|enraged|disgusted|appalled|seething|fuming|incensed|irate)",
            "reads as furious",
        ),
        P(
            "(i'm|i am|i feel|i've been|i have been) " + _INTENS + " (angry|annoyed|irritated|"
            "frustrated|upset|mad|pissed|fed up|sick and tired|disgusted) *6 (you|your|this process|"
            "the process|the delay|the delays|the wait|the silence|the lack|waiting|not hearing|"
            "no response|no reply|no answer|no word|nobody|no one|how long|being ignored|being kept|"
            "this situation|the way|acme|the company|the team|the recruiter|the recruiters)",
            "reads as angry",
        ),
        P(
            "(i'm|i am|i feel|i've been|i have been) " + _INTENS + " (angry|annoyed|irritated|"
            "frustrated|upset|mad|pissed|fed up|sick and tired|disgusted)",
            "reads as angry",
            unless_after=r"(?!\s*[.!]|\s*$)",
        ),
        P("how dare (you|your|they|acme|anyone)", "reads as angry"),
        P(
            "(this|that|your (behavior|behaviour|silence|treatment|conduct|response|attitude)|"
            "the way (you|i) (have been|was|were|are) (treated|treating|handled|handling me)) "
            "(is|was|has been|feels|felt) " + _INTENS + " (unacceptable|outrageous|disgraceful|"
            "appalling|infuriating|insulting|shameful|inexcusable|disgusting|disrespectful|"
            "offensive|rude|unforgivable)",
            "reads as angry",
        ),
        P(
            "(you|your team|your company|your recruiters?|acme|they|the company|the team) "
            "?(have|has|really|completely|totally|just) (wasted|waste|wasting) *2 (my|everyone's|"
            "our) (time|day|afternoon|morning|weekend|effort|energy|week)",
            "blames the reader",
        ),
        P(
            "you people",
            "reads as hostile",
            unless_after=r"\s+(were|are|have been|made)\s+(so\s+|very\s+|really\s+)?(kind|"
            r"welcoming|great|helpful|wonderful|friendly|generous|lovely)",
        ),
        P(
            "(fuck|fucking|fucked|fuckin|fck|shit|shitty|bullshit|asshole|assholes|bastard|"
            "bastards|wtf|stfu)",
            "is hostile language",
            negatable=False,
        ),
        P("(screw|damn) (you|this|that|your|acme)", "is hostile language", negatable=False),
        P("(go to hell|piss off|pissed off|to hell with)", "is hostile language", negatable=False),
        P("what the (hell|heck|fuck)", "is hostile language", negatable=False),
        P("shame on (you|your|acme|them|the)", "reads as angry", negatable=False),
        P("(you|your team|they|acme) should be ashamed", "reads as angry"),
        P(
            "you (clearly|obviously|apparently|evidently|never|just) ?(don't|do not|didn't|did not|"
            "never) (care|cared|bother|bothered|read|listen|listened)",
            "blames the reader",
            negatable=False,
        ),
        P(
            "(you|your team|nobody|no one|no-one|they) ?(even|ever|never) (bothered|cared) to",
            "blames the reader",
            negatable=False,
        ),
        P(
            "(nobody|no one|no-one|you|they|your team) ?(has|had|have|even) (had|has|have) the "
            "(decency|courtesy|common courtesy|basic courtesy)",
            "blames the reader",
            negatable=False,
        ),
        P(
            "(couldn't|could not|can't|cannot|didn't|did not) even (be bothered|bother|reply|"
            "respond|answer|send|take the time|find the time|acknowledge|give me|have the decency)",
            "blames the reader",
            negatable=False,
        ),
        P(
            "not even (the courtesy|the decency|a reply|a response|an answer|an acknowledgement|"
            "an acknowledgment|a phone call|a call|an email|a rejection)",
            "blames the reader",
            negatable=False,
        ),
        P(
            "the (least|bare minimum|very least) (you|your team|acme|they) (could|can) (do|have done)",
            "blames the reader",
            negatable=False,
        ),
        P(
            "(it's|it is|it was|this is|that is) (all )?your fault",
            "blames the reader",
            negatable=False,
        ),
        P("because of you", "blames the reader"),
        P(
            "(you|your team|your recruiter|they|acme) (lied|misled|deceived|strung me along|"
            "led me on|jerked me around)",
            "accuses the reader",
        ),
        P(
            "(you|they|your team|acme|the company) ?(have|has|just|basically) (ghosted|ignored) (me|"
            "my)",
            "blames the reader",
        ),
        P(
            "(i've been|i have been|i was|i got|getting) (ghosted|ignored|strung along|jerked around)",
            "blames the reader",
        ),
        P(
            "(i'm|i am) (sick|tired|done) (of|with) (waiting|chasing|being|this|you|your)",
            "reads as angry",
        ),
        P("(i've|i have) (had it|had enough)", "reads as angry", negatable=False),
        P(
            "treated (me )?like (garbage|dirt|trash|a number|an idiot|a child|crap)",
            "reads as angry",
            negatable=False,
        ),
        P(
            "(i will|i'll|i am going to|i'm going to|i intend to|i plan to|i may|i might) ?(be) "
            "*3 (review|post|write|warn|tell) *4 (glassdoor|reddit|linkedin|blind|everyone|everybody|"
            "others|other candidates|my network|the world|a review|about (this|you|your|acme|how))",
            "reads as a threat",
        ),
        P(
            "(lawyer|attorney|legal action|take legal|sue you|sue acme|report you|file a complaint|"
            "formal complaint)",
            "reads as a threat",
        ),
    ]
)

# --- sarcastic: sassy, "thanks for nothing" --------------------------------------------------
SARCASTIC = PhraseSet(
    [
        P(
            "(thanks|thank you|thanks a lot|many thanks) for nothing",
            "reads as sarcastic",
            negatable=False,
        ),
        P("no thanks to (you|your|acme|the|them)", "reads as sarcastic", negatable=False),
        P(
            "(thanks|thank you) ?(so much|a lot|a bunch|a million|very much|again) for *3 (ignoring|"
            "ghosting|wasting|forgetting|the silence|the radio silence|the runaround|stringing me "
            "along|leaving me hanging|keeping me (waiting|hanging|in the dark|guessing)|nothing)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "(thanks|thank you) ?(so much|a lot|very much) for (finally|eventually|at last) "
            "(getting back|replying|responding|answering|writing|calling|remembering)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "(quick|prompt|speedy|fast|timely|swift|rapid) (reply|response|answer|turnaround|update|"
            "feedback) *4 (only|just) (took|taking|been|needed)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "(only|just) took (you|your team|acme|them|the team) (three|two|four|five|six|"
            "several|a few|\\d+|a month|forever|ages)",
            "reads as sarcastic",
            negatable=False,
        ),
        P("must be nice", "reads as sarcastic"),
        P(
            "(clearly|obviously|apparently|evidently) (too|far too|much too) busy",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "(too|so) busy to (reply|respond|answer|write back|send|get back|acknowledge|read)",
            "reads as sarcastic",
            negatable=False,
            unless_before=r"\b(if|in case|unless|whether|may be|might be|understand|know|imagine)\b",
        ),
        P(
            "i guess (you|your team|nobody|no one|no-one|the team|the company|acme|someone|everyone) "
            "*3 (too busy|forgot|forgotten|lost|don't care|didn't care|do not care|never|wasn't|"
            "weren't|didn't|doesn't|don't|couldn't|not|ignored)",
            "reads as sarcastic",
        ),
        P(
            "(i'll|i will|i shall|i'm going to|i am going to) take (that|this|the|your) ?(silence|"
            "lack of (response|reply)|non-response|no reply) as a (no|yes|rejection|hint)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "per my (last|previous|earlier|prior) (email|e-mail|message|note|mail)",
            "reads as passive-aggressive",
            negatable=False,
        ),
        P(
            "as (i|i've|i have) (already )?(said|mentioned|stated|explained|written|asked) (twice|"
            "several times|multiple times|repeatedly|many times|more than once|three times)",
            "reads as passive-aggressive",
            negatable=False,
        ),
        P(
            "(gee|golly|wow|oh|well) (thanks|great|wonderful|fantastic|brilliant|perfect|lovely|"
            "joy|how nice|how kind|what a surprise)",
            "reads as sarcastic",
            negatable=False,
            unless_after=r"(?!\s*[.!?…]|\s*$)",
        ),
        P(
            "(yeah right|surprise surprise|what a surprise|big surprise|color me (shocked|"
            "surprised)|colour me (shocked|surprised)|shocker|go figure|how convenient|"
            "how original)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "not that (anyone|anybody|you|it|your team|acme) (cares|care|reads|read|matters|"
            "noticed|will notice)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "good luck (finding|hiring|getting|replacing|keeping) (someone|anyone|another|a (better|"
            "good|real)|somebody|people|candidates|engineers)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "(don't|do not|no need to) (worry|mind me|rush|hurry) *2 (i'll|i will|i can|i'm|i am) "
            "(just )?(wait|keep waiting|be here|still be waiting)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "(no rush|take your time) (it's|it has|it is|it's only|it has only|only) (only )?been",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            r"\b(?:your|the|this|acme's)\s+[\"“](?:process|team|interview|feedback|opportunity|"
            r"update|decision|priorities|culture|urgency|timeline|professionalism|experts?|"
            r"communication|recruiters?|hiring process|follow-up|values)[\"”]",
            "puts their words in scare quotes",
            in_quotes=True,
            negatable=False,
            regex=True,
            needs='"“',
        ),
        P(
            "(clearly|obviously|apparently|evidently) (my|a candidate's|candidates'|our|people's) "
            "time (doesn't|does not|isn't|is not|means|counts for)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "(hope|trust) (you|your team|everyone) (enjoyed|enjoy|had fun|are enjoying) (wasting|"
            "ignoring|ghosting|the silence)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            "(really|truly|so) (appreciate|appreciated|loved|love|enjoyed|enjoy) (being|getting) "
            "(ignored|ghosted|left hanging|strung along|left in the dark)",
            "reads as sarcastic",
            negatable=False,
        ),
        P(
            r"(?<=\s)/s(?=[ \t]*(?:\n|$))",
            "marks itself as sarcasm",
            negatable=False,
            regex=True,
            needs="/",
        ),
        P("(sure|right|okay) (lol|haha|lmao)", "reads as sarcastic", negatable=False),
    ]
)

# --- disparaging: belittling the interviewer, the company or its process ---------------------
_SUBJECT = (
    "(your|the|this|that|acme's|their|such a) ?(whole|entire|so-called|hiring|"
    "interview|interviewing|recruiting|recruitment|application|onboarding|tech|"
    "engineering|data|software|internal|deployment|release) (company|process|"
    "interview|interviews|team|firm|organization|organisation|outfit|operation|department|hr|recruiters?|interviewers?|questions|"
    "exercise|assignment|test|take-home|panel|manager|management|leadership|"
    "product|culture|people|staff|stack|tooling|tools|feedback|experience|setup)"
)
_PUT_DOWN = (
    "(a joke|a mess|a farce|a circus|a shambles|a disaster|a nightmare|a waste of "
    "time|a sham|ridiculous|absurd|pathetic|laughable|amateurish|amateur|incompetent|"
    "disorganized|disorganised|chaotic|terrible|awful|horrible|horrendous|useless|"
    "stupid|dumb|pointless|idiotic|clueless|embarrassing|an embarrassment|archaic|"
    "outdated|backwards|backward|unprofessional|a clown show|garbage|trash|rubbish|"
    "a dumpster fire|insulting|beneath me|subpar|sub-par|mediocre|second-rate|"
    "third-rate|worthless|crazy|insane|a mickey mouse operation|laughably bad|"
    "the worst|shambolic|amateur hour|a train wreck|a trainwreck|behind the times|"
    "obsolete|ancient|primitive|a dinosaur|dinosaurs|lame|joke|bad)"
)
_PEOPLE = (
    "(he|she|you|your interviewers?|the interviewers?|your recruiters?|the "
    "recruiter|the hiring manager|your hiring manager|your manager|your team|your "
    "engineers|the panel|your panel|{NAME})"
)
_PERSON_DOWN = (
    "(rude|clueless|incompetent|unprepared|ill-prepared|arrogant|condescending|"
    "unqualified|dismissive|useless|lazy|ignorant|stupid|dumb|disorganized|"
    "disorganised|out of (his|her|their|your) depth|out of touch|an idiot|a jerk|"
    "a clown|clowns|idiots|morons|a moron|a fool|fools|amateurs|an amateur|a joke|"
    "full of (himself|herself|themselves|yourself)|patronizing|patronising|"
    "smug|bored|distracted|unpleasant|hostile|rude to me|not very bright|"
    "not qualified|not competent|way out of (his|her|their|your) depth)"
)
# Stories about other places ("at my last job the release process was a mess") are not about
# this company.
_ELSEWHERE = (
    r"\b((my|our)\s+(previous|last|former|old|current|prior|first)\b|at my\b|in my "
    r"(last|previous|old|former)|used to\b|before (i|we) (joined|left|arrived)|"
    r"customers?\b|clients?\b|users?\b|vendors?\b|manual\b|legacy\b)"
)
DISPARAGING = PhraseSet(
    [
        P(
            _SUBJECT + " (is|was|are|were|seems|seemed|felt|feels|looks|looked|has been|have been|"
            "sounded|sounds|came across as|comes across as|seems to be|seemed to be|looked like|"
            "looks like|sounded like|sounds like|felt like|feels like) "
            + _INTENS
            + " ?(such|kind of|sort of|a bit|a little|a complete|a total|an absolute|a real|beyond) "
            + _PUT_DOWN,
            "belittles the company or its process",
            unless_before=_ELSEWHERE,
        ),
        P(
            _PEOPLE
            + " (is|was|are|were|seemed|seems|came across as|come across as|acted|sounded) "
            + _INTENS
            + " ?(such|a complete|a total|an absolute|a real|kind of|sort of|a bit|"
            "like) " + _PERSON_DOWN,
            "belittles the interviewer",
            unless_before=_ELSEWHERE,
            unless_after=r"\s+(to|at|about|on|with)\s+(the|this|our|that|my|a)?\s*(start|first|"
            r"beginning|problem|question|topic|idea)\b",
        ),
        P(
            "(didn't|did not|doesn't|does not|don't|do not) (seem to )?(know|understand|have a clue "
            "about) what (he|she|they|you|your team|the interviewer|the panel|{NAME}) (was|were|is|"
            "are) (talking about|doing|asking|looking for)",
            "belittles the interviewer",
            negatable=False,
        ),
        P(
            "(no|had no|have no|has no|not the slightest|not a) (idea|clue) (what|how) (he|she|they|"
            "you|your team|the interviewer|the panel|{NAME}) (was|were|is|are) (doing|talking about|"
            "asking|looking for|running)",
            "belittles the interviewer",
            negatable=False,
        ),
        P(
            "worst (interview|interviewer|interviewers|process|hiring process|recruiting "
            "process|recruiting experience|candidate experience|interview experience|company|team|"
            "recruiter) (i've|i have|i've ever|i have ever|ever|of my)",
            "belittles the company or its process",
            negatable=False,
        ),
        P(
            "(pointless|stupid|idiotic|useless|ridiculous|irrelevant|absurd|insulting|archaic|"
            "asinine|nonsensical|meaningless|moronic|brain-dead|braindead) (questions?|exercise|"
            "exercises|test|tests|take-home|assignment|interview|interviews|whiteboard|"
            "brainteasers?|puzzles?|process|hoops|hoop-jumping|tasks?|rounds?)",
            "belittles the company or its process",
        ),
        P(
            "(it|this|that|the interview|the interviews|the process|the exercise|the take-home|"
            "the assignment|the test|the trip|the day|the onsite|the call|the round|these "
            "interviews|this process|your process) (was|is|felt like|has been|seemed like|seems "
            "like|were|are) ?(a|such a|a complete|a total|an absolute|a huge|an utter|just a|"
            "frankly a|honestly a) waste of ?(my|everyone's|our) (time|effort|day|afternoon)",
            "belittles the company or its process",
            unless_before=_ELSEWHERE,
        ),
        P(
            "(so-called|so called) (interview|interviews|process|team|recruiter|recruiters|hiring|"
            "manager|feedback|opportunity|professionals?|experts?|engineers?|leadership|culture|"
            "senior|interviewer|interviewers|company|values|mission)",
            "belittles the company or its process",
            negatable=False,
        ),
        P(
            "(amateur hour|clown show|clown car|dumpster fire|shitshow|shit show|mickey mouse "
            "(operation|outfit|company)|bush league|circus act|joke of a|excuse for a)",
            "belittles the company or its process",
            negatable=False,
        ),
        P(
            "no wonder (you|your company|your team|acme|nobody|no one|people|engineers|candidates) "
            "*4 (can't|cannot|couldn't|struggle|struggles|struggling|trouble|losing|lose|leave|"
            "leaving|quit|quitting|turnover|unfilled|vacant|open so long|hire|hiring|keep)",
            "belittles the company or its process",
            negatable=False,
        ),
        P(
            "(beneath|below) (me|my (level|skills|experience|abilities|pay grade|qualifications))",
            "belittles the company or its process",
        ),
        P(
            "(frankly|honestly|to be honest|quite frankly|i must say) (i )?(expected|was expecting) "
            "(more|better|a lot more|much more|much better) (from|of)",
            "belittles the company or its process",
            negatable=False,
        ),
        P(
            "(i've|i have|i had) (seen|had|done) (better|more professional|more organized|"
            "more organised) (interviews|processes|companies|teams|interviewers)",
            "belittles the company or its process",
            negatable=False,
        ),
        P(
            "(your|the|acme's) (interviewers?|recruiters?|team|hr|hiring manager|engineers?|"
            "managers?|leadership|panel) (clearly|obviously|evidently|apparently) (don't|didn't|"
            "do not|did not|can't|couldn't|have no|had no|lack|lacked|aren't|weren't)",
            "belittles the interviewer",
            negatable=False,
        ),
        P(
            "(bunch of|you|these|those|such|what) (idiots|morons|clowns|amateurs|incompetents|"
            "buffoons|jerks|losers|imbeciles|dinosaurs)",
            "belittles the interviewer",
            negatable=False,
        ),
    ]
)

# --- pushy: ultimatums, demands, announced repeated calls -------------------------------------
_NOW = (
    "(asap|immediately|right away|right now|urgently|at once|today|tonight|"
    "without delay|by end of (day|today|business|the day)|by eod|by cob|by close of "
    "business|within (the hour|24 hours|twenty-four hours|two hours|48 hours|\\d+ hours|"
    "one day|a day|the day)|as soon as possible|no later than (today|tomorrow|tonight))"
)
PUSHY = PhraseSet(
    [
        P(
            "(i|we) (expect|demand|insist on|require) (an|a|your|the) ?(immediate|prompt|quick|timely|"
            "swift|full|final|definitive|clear|written) (answer|response|reply|decision|update|"
            "explanation|offer|feedback|call back|callback)",
            "reads as a demand",
        ),
        P(
            "(i|we) (expect|demand|insist) (to (hear|know|receive|get)|you to|a decision|an answer)",
            "reads as a demand",
        ),
        P(
            "(i|we) (need|must have|want|require) (an|a|your|the) ?(immediate|quick|final|definitive|"
            "firm|clear|straight) (answer|response|reply|decision|yes or no|update) *3 (by|before|"
            "within|today|tomorrow|now|asap|immediately|right away|this week|no later|end of|"
            "as soon)",
            "reads as an ultimatum",
        ),
        P(
            "(respond|reply|answer|get back to me|get back to us|let me know|tell me|decide|"
            "write back|give me an answer|get an answer to me|send (me )?(an|the|your) "
            "(answer|decision|update|offer)) ?(to me|to this|to my email|back) " + _NOW,
            "asks for an answer at once",
            unless_after=r"\s+(or|if|after|before|between|at|from|around|whether)\b",
        ),
        P(
            "(an answer|a response|a reply|a decision|your decision|an update|your answer) "
            "(asap|immediately|right away|urgently|as soon as possible|by end of (day|today)|"
            "by eod)",
            "asks for an answer at once",
            unless_before=r"\b(whenever|no rush)\b",
        ),
        P(
            "(need|want|must|have) to (hear|know) *2 (now|today|immediately|asap|right away|by "
            "tomorrow|by tonight|as soon as possible)",
            "asks for an answer at once",
        ),
        P(
            "if (i don't|i do not|i haven't|i have not|i can't|i cannot|i fail to|you don't|you do "
            "not|you haven't|you have not|there is no|there's no) *8 (i'll|i will|i'm going to|"
            "i am going to|i shall|i must|i'll have to|i will have to|i'll be forced|i will be "
            "forced|i have no choice|i'll have no choice) *3 (assume|take|withdraw|accept|move on|"
            "contact|call|escalate|go (above|over|to)|reach out to (your|the) (manager|boss|ceo|"
            "director|vp|head|supervisor)|have to|consider|be forced|no choice|pursue|decline|"
            "show up|come)",
            "reads as an ultimatum",
            negatable=False,
        ),
        P(
            "(your|a|my|the) (final|last) (warning|notice|reminder|attempt|request|chance to)",
            "reads as an ultimatum",
            negatable=False,
            unless_after=r"\s+(round|interview|stage|step|call|question)\b",
        ),
        P(
            "(i'll|i will|i'm going to|i am going to|i plan to|i intend to|expect me to|i) ?(just) "
            "(keep|continue) (calling|emailing|following up|checking in|writing|trying|reaching out|"
            "contacting|phoning|ringing|messaging|to call|to email|to follow up|to check in|to write|"
            "to reach out)",
            "announces repeated contact",
            negatable=False,
        ),
        P(
            "(i'll|i will|i'm going to|i am going to|i plan to|i intend to|i) ?(also|then|just) "
            "(call|phone|ring|email|text|message) (you |your office |your team |acme )?(again|every|"
            "daily|each|until|repeatedly|twice|several times|tomorrow and|multiple times|back "
            "tomorrow and)",
            "announces repeated contact",
            negatable=False,
        ),
        P(
            "(call|phone|ring|email|e-mail|check in|follow up|ping you|write|reach out|message you|"
            "text you) (every|each) (day|morning|afternoon|evening|hour|few days|other day|couple "
            "of days|two days|week until)",
            "announces repeated contact",
            negatable=False,
        ),
        P(
            "(call|calling|phone|phoning|email|emailing|write|writing|check in|checking in|"
            "follow up|following up|ping|pinging|try|trying) *3 (daily|every day|each day|every "
            "morning) until (i|you|someone|somebody|there)",
            "announces repeated contact",
            negatable=False,
        ),
        P(
            "(i've|i have|i|i've now|i have now) ?(already|now|also) (called|phoned|rung|emailed|"
            "e-mailed|messaged|written|left|sent|texted|tried (calling|reaching|to reach|to call|to "
            "contact|contacting)) *4 (several|multiple|many|three|four|five|six|numerous|countless|"
            "repeated|a few|a couple of|a number of|two|\\d+) ?(more|other) (times|messages|"
            "voicemails|voice mails|voice messages|emails|e-mails|calls|notes|texts)",
            "shows repeated contact",
            negatable=False,
            unless_after=r"\s+(to|for)\s+(my|the|our)\s+(team|customers|clients|users)\b",
        ),
        P(
            "this is (my|the) (third|fourth|fifth|sixth|seventh|3rd|4th|5th|6th|nth|umpteenth) "
            "(email|e-mail|message|attempt|note|follow-up|follow up|followup|request|call|voicemail|"
            "time (i've|i have|i'm|i am) (written|writing|emailed|emailing|called|calling|reached "
            "out|reaching out|asked|asking|followed up|following up|contacted|contacting))",
            "shows repeated contact",
            negatable=False,
        ),
        P(
            "why (haven't|have not|hasn't|has not|didn't|did not|won't|wouldn't|isn't|aren't) "
            "(you|anyone|anybody|someone|your team|acme|the team|the recruiter|{NAME}) *3 (replied|"
            "responded|answered|gotten back|got back|called|reply|respond|answer|get back|call|"
            "written|write|contacted|contact)",
            "demands an answer",
            negatable=False,
        ),
        P(
            "(when|why) (will|can|do|would) i (finally|ever) (hear|get|expect|receive|know)",
            "demands an answer",
            negatable=False,
        ),
        P(
            "(i've|i have) been waiting (for|on) ?(almost|nearly|over|more than|about|well over|a "
            "good) ?(two|three|four|five|six|a|an|several|\\d+|many|a couple of) (weeks|days|months|"
            "week|month|ages|eternity)",
            "reads as impatient",
            negatable=False,
        ),
        P(
            "(i've|i have) been waiting (for|on) (ages|forever|long enough|so long)",
            "reads as impatient",
            negatable=False,
        ),
        P(
            "(i've|i have) been (very |more than |extremely )?patient (enough|long enough|but|so far|"
            "for weeks)",
            "reads as impatient",
            negatable=False,
        ),
        P(
            "(you|you'll) ?(will|really|just|still) (need|have|must|are required|are expected) to "
            "(respond|reply|"
            "answer|decide|get back|let me know|tell me|call me|make a decision|give me|make up "
            "your mind)",
            "reads as a demand",
        ),
        P(
            "(this is|it is|it's|this matter is) ?(very|extremely|quite|really) (urgent|time-critical)",
            "reads as a demand",
            unless_after=r"\s+for\s+(the|your)\s+(team|customers)\b",
        ),
        P("(i|we) urgently (need|require|request|expect)", "reads as a demand"),
        P(
            "(urgent|urgently) (response|reply|answer|decision) (needed|required|requested|please)",
            "reads as a demand",
        ),
        P(
            "(i|we) (won't|will not|can't|cannot) (wait|be waiting|keep waiting) (forever|much longer|"
            "any longer|long|indefinitely|around)",
            "reads as an ultimatum",
            negatable=False,
        ),
        P(
            "(other|another|competing) (offers?|companies|employers|opportunities) *6 (won't|will not|"
            "aren't going to|can't|cannot) wait",
            "reads as an ultimatum",
            negatable=False,
        ),
    ]
)

# --- desperate: pleading, begging, "I need this job" -----------------------------------------
DESPERATE = PhraseSet(
    [
        P(
            "(i|we|my family|my kids|my children) ?(really|desperately|truly|badly|so badly|absolutely|"
            "just|seriously|honestly) (need|must have|depend on|rely on|need to get) (this|the|that|a|"
            "any) (job|role|position|offer|opportunity|paycheck|paycheque|income|money|work|salary)",
            "reads as desperate",
            unless_after=r"\s+((to|that)\s+(be|include|cover|have|own|scale|grow|handle|involve)\b|"
            r"(letter|details|in writing|paperwork|terms|of|from|done)\b)",
        ),
        P(
            "(i'm|i am|i feel|i'm getting|i am getting|i've been|i have been|i was|getting) "
            + _INTENS
            + " (desperate|desperately)",
            "reads as desperate",
        ),
        P(
            "(i|we) ?(so|really|truly|just|am|'m) desperately (want|need|hope|wish|hoping|wanting|"
            "trying|looking)",
            "reads as desperate",
        ),
        P(
            "(i'm|i am|i) ?(literally|actually|now) (begging|beg|implore|imploring|plead|pleading with|"
            "pray|praying)",
            "reads as pleading",
        ),
        P("(please|pls|plz) please", "reads as pleading", negatable=False),
        P(
            "(please|just|i beg you|kindly) ?(just) (give|grant|offer) me (a|one|this|the|another|a "
            "second|a real|one more|a fair) (chance|shot|try|opportunity|break)",
            "reads as pleading",
        ),
        P(
            "(i'll|i will|i would|i'd|i can) ?(literally|honestly|happily|gladly) (do|accept|take) "
            "(anything|any (role|job|position|salary|pay|offer|level|title|work|terms))",
            "reads as desperate",
            unless_after=r"\s+(else|further|more)\b",
        ),
        P(
            "(work|start|working|starting) (for free|for nothing|without pay|unpaid|for (less|half|"
            "minimum wage|a lower salary|any salary|whatever you|a pittance|peanuts))",
            "reads as desperate",
            unless_after=r"\s+than\s+(a|an|one|two|three|\d+)\s+(hour|day|week|month|year)",
        ),
        P(
            "(take|accept|happy with|fine with|settle for) (a pay cut|a lower salary|a reduced salary|"
            "any salary|less money|whatever (you|salary|pay)|any pay|half)",
            "reads as desperate",
        ),
        P(
            "(you're|you are|this is|this job is|this role is|this position is|acme is|it's|it is) "
            "(my|our) (last|only|final) (hope|chance|option|shot|lifeline|way out)",
            "reads as desperate",
            negatable=False,
        ),
        P("my (last|only|final) (hope|chance|lifeline)", "reads as desperate", negatable=False),
        P(
            "(i've been|i have been|i've|i have|i am|i'm|i was) ?(now|currently|still) (unemployed|"
            "out of work|jobless|without (a job|work|income)|looking for work|job hunting|job "
            "searching) (for|since) (so long|months|a year|over a year|ages|forever|too long|\\d+|"
            "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|several|many|a "
            "long time|almost|nearly|more than)",
            "reads as desperate",
        ),
        P(
            "(can't|cannot|couldn't|could not|haven't been able to) (sleep|eat|focus on anything "
            "else) *4 (waiting|since|until|because|thinking|worrying|wondering)",
            "reads as desperate",
            negatable=False,
        ),
        P(
            "(can't|cannot|couldn't|could not) stop (thinking|worrying) about (this|the|your) (job|"
            "offer|decision)",
            "reads as desperate",
            negatable=False,
        ),
        P(
            "(i've been|i have been|i'm|i am|i keep|i've|i have) (constantly |obsessively |nervously )?"
            "(checking|refreshing|watching) (my )?(email|e-mail|inbox|phone|mail|voicemail) *3 "
            "(every|constantly|hourly|non-stop|nonstop|all day|day and night|around the clock|"
            "obsessively|minute)",
            "reads as desperate",
            negatable=False,
        ),
        P("(please|pls|plz|just) (hire|pick|choose|take) me", "reads as pleading", negatable=False),
        P(
            "(this (job|role|position|offer|opportunity)|getting this (job|role|offer|position)|"
            "this) (means|would mean) (everything|the world|more than anything|so much more than "
            "you know|my whole world)",
            "reads as desperate",
            negatable=False,
        ),
        P(
            "(i'm|i am|we're|we are|my family is) (counting|relying|depending) on (you|your "
            "(decision|offer|answer)|this (job|offer|role|position|opportunity)|getting (this|the) "
            "(job|offer|role))",
            "reads as desperate",
        ),
        P(
            "(i don't|i do not|i really don't) know what (i'll|i will|i would|i'd|i'm going to|i am "
            "going to|we'll|we will) do (if|without)",
            "reads as desperate",
            negatable=False,
        ),
        P(
            "my (rent|bills|mortgage|savings|finances) *3 (depend|depends|due|running out|run out|"
            "ran out|on the line|at stake|dire|desperate|can't wait)",
            "reads as desperate",
        ),
        P(
            "my (family|kids|children) *2 (depend|depends|is counting|are counting|relies|rely) on "
            "(this|me getting|my getting|the|me) ?(job|offer|income|role|salary)",
            "reads as desperate",
        ),
        P(
            "(if i don't|if i do not|if i can't|unless i) (get|land|secure) this (job|offer|role|"
            "position)",
            "reads as desperate",
            negatable=False,
        ),
        P(
            "(without|need) this (job|offer|income|paycheck) (i'll|i will|i'd|i would|i can't|"
            "i cannot|we'll|we will|we can't)",
            "reads as desperate",
            negatable=False,
        ),
        P(
            "(on my knees|pretty please|i'm at my wit's end|at the end of my rope|at my wits' end)",
            "reads as pleading",
            negatable=False,
        ),
        P(
            "i (really |desperately |truly )?need (a|any) (job|income|paycheck|break)",
            "reads as desperate",
            unless_after=r"\s+(that|where|which|with|in which)\b",
        ),
    ]
)

# --- inappropriate: romantic or suggestive, personal invitations, looks ---------------------
INAPPROPRIATE = PhraseSet(
    [
        P(
            "(grab|get|have|go for|go out for|meet for|meet up for|buy you|take you (out )?(to|for)|"
            "join me for|treat you to|invite you (to|for|out for)|come (out )?for|head out for) "
            "?(a|some|a few|an|one|a quick|a couple of|a couple|dinner and|late|a nice|a romantic|"
            "cheeky) (drink|drinks|beer|beers|pint|pints|cocktail|cocktails|wine|glass of wine|"
            "bottle of wine|dinner|date|nightcap|shots|happy hour|martini|margaritas|bite to eat|"
            "romantic dinner|dinner date)",
            "is a personal invitation",
        ),
        P(
            "(buy you|take you (out )?(to|for)|treat you to|join me for|my treat for|invite you "
            "(to|for)) ?(a|an|some|a nice|a quick) (lunch|brunch|meal)",
            "is a personal invitation",
        ),
        P(
            "(drinks|dinner|a date|a drink|the game|a game|a match|a movie|the movies|a concert) "
            "(sometime|some time|together|after work|this weekend|next weekend|on (friday|saturday|"
            "sunday)|with me|one night|one evening|tonight)",
            "is a personal invitation",
        ),
        P(
            "(would you|do you|want to|wanna|care to|like to|feel like|you should) ?(like to|want to|"
            "care to) (come|go|join me|join us|hang out|get together|meet up|tag along) *4 (game|"
            "games|match|concert|show|party|bar|pub|club|ballgame|tickets|weekend|drinks|dinner|"
            "movie|movies|festival|beach|my place|ski trip|golf|barbecue|bbq)",
            "is a personal invitation",
        ),
        P(
            "(i have|i've got|i got|i've|i have got) (two|2|an extra|a spare|extra|spare|some|free|"
            "courtside|box|vip|season) (tickets?|seats?|passes)",
            "is a personal invitation",
        ),
        P(
            "(hang out|hangout|get together|meet up) (sometime|some time|outside (of )?work|after "
            "work|this weekend|socially|one evening|one night|for fun)",
            "is a personal invitation",
        ),
        P(
            "(go out|going out|went out) (with me|sometime|some time|on a date|for (drinks|dinner))",
            "is a personal invitation",
        ),
        P("(ask|asking) you out", "is a personal invitation", negatable=False),
        P("(on a date|be my date|a date with me)", "is romantic", negatable=False),
        P(
            "(you|you're|you are|you were|you looked|you look|you looking|you seemed|you're looking|"
            "you are looking) ?(really|so|very|absolutely|truly|quite|incredibly|super|just|"
            "stunningly|drop-dead) (gorgeous|beautiful|hot|handsome|cute|sexy|stunning|attractive|"
            "good-looking|good looking|adorable|ravishing|fit)",
            "is a remark on looks",
            negatable=False,
            unless_after=r"\s+(for|with|in terms of|to the)\b",
        ),
        P(
            "(you|you're|you are|you were|you looked|you look|you seemed) ?(really|so|very|"
            "absolutely|truly|quite|incredibly|super|just) pretty",
            "is a remark on looks",
            negatable=False,
            unless_after=r"\s+(?!(today|yesterday|in|at|on|and)\b)[a-z]",
        ),
        P(
            "(your|ur) (smile|eyes|hair|legs|figure|body|lips|outfit|dress|perfume|cologne|looks|"
            "physique|appearance|beautiful|gorgeous|pretty)",
            "is a remark on looks",
            negatable=False,
            unless_after=r"\s+(of|on|over|for|to|and the team|as)\b",
        ),
        P(
            "(beautiful|lovely|gorgeous|pretty|cute|sexy|amazing|stunning|killer|hot) (smile|eyes|"
            "hair|legs|figure|lips|outfit|dress|perfume|body|face)",
            "is a remark on looks",
            negatable=False,
        ),
        P(
            "(hi|hey|hello|dear|thanks|thank you|morning|evening|bye) (gorgeous|beautiful|handsome|"
            "sweetheart|sweetie|honey|babe|baby|darling|sexy|cutie|hun|hon|love|sweetpea|dear)",
            "is too intimate",
            negatable=False,
            unless_after=r"\s+(\w+\s+)?(for|team|of|to)\b|(?-i:,?\s+[A-Z])",
        ),
        P(
            "(love you|i love you|xoxo|hugs and kisses|big hugs|kisses|sending hugs|sending love|lots "
            "of love|all my love)",
            "is too intimate",
            negatable=False,
        ),
        P(
            "(can't|couldn't|cannot|can not|could not) stop thinking about (you|your (smile|eyes|"
            "face|voice)|our (chemistry|connection|meeting|time together))",
            "is romantic",
            negatable=False,
        ),
        P(
            "(chemistry|connection|spark|attraction) between (us|the two of us|you and me|you and i)",
            "is romantic",
            negatable=False,
        ),
        P(
            "i (miss|already miss) (you|seeing you|your (smile|face|voice))",
            "is romantic",
            negatable=False,
        ),
        P(
            "(your|ur) (personal|private|home|cell|mobile) (number|cell|phone|phone number|email|"
            "e-mail|address|instagram|snapchat)",
            "asks for personal contact",
        ),
        P(
            "are you (single|seeing anyone|married|free this weekend|free tonight|available this "
            "weekend|dating)",
            "is too personal",
            negatable=False,
        ),
        P(
            "(flirt|flirting|flirty|flirted|sexy|seductive|sensual|steamy|naughty|kissing|kissed|"
            "cuddle|cuddling)",
            "is suggestive",
            unless_after=r"\s+with\s+(the|an?)\s+(idea|thought|notion|possibility)\b",
        ),
        P(
            "(come|swing by|stop by|join me|join us|pop over|come over) *3 (my|our) (place|house|"
            "apartment|flat|party|birthday|barbecue|bbq|wedding|pool|cabin|boat)",
            "is a personal invitation",
        ),
        P(
            "(add|added|adding|follow|followed|following|friend|friended|request) you on (facebook|"
            "instagram|snapchat|tiktok|twitter|x|tinder|bumble|hinge)",
            "connects on personal social media",
        ),
        P("(on|via|from) (tinder|bumble|hinge|okcupid)", "is romantic", negatable=False),
    ]
)

# --- too-casual: slang and text-speak phrases (single words live in the rule) ---------------
CASUAL = PhraseSet(
    [
        P(
            "(crushed|killed|nailed|smashed|rocked|aced) it",
            "is slang",
            unless_after=r"\s+(down|into|up)\b",
        ),
        P(
            "(what's up|whats up|wassup|what up|hit me up|hmu|catch you later|catch ya|see ya|"
            "later dude|my bad|no biggie|no prob|super duper|ya know|y'know|you know what i mean|"
            "shoot me a (text|msg|dm)|hit me back|holla|peace out|laters|ok cool|okay cool|cool "
            "cool|sounds dope|so dope|that's dope|legit excited|lowkey|highkey|low-key excited)",
            "is slang",
            negatable=False,
        ),
        P(
            "(i'm|i am|so|super|really|totally|pretty) (stoked|psyched|pumped|hyped)",
            "is slang",
            negatable=False,
        ),
        P(
            "(thanks|thank you|cheers|ta|later) (mate|buddy|pal|dude|bro|man|fam|boss|chief)",
            "is too familiar",
            negatable=False,
            unless_after=r"\s+(\w+\s+)?(for|of|to)\b",
        ),
    ]
)

# --- unprofessional-signature: side businesses and taglines ----------------------------------
SIGNATURE = PhraseSet(
    [
        P(
            "(available|book me|booking|bookings|hire me|now booking|taking bookings) ?(now) "
            "?(for) (parties|party|weddings|events|birthdays|birthday parties|gigs|shows|functions|"
            "kids'? parties|children's parties|bar mitzvahs|corporate events)",
            "advertises a side business",
            negatable=False,
        ),
        P(
            "(magician|magic shows?|party magic|clown|clowning|dj services|face painting|balloon "
            "animals|balloon artist|psychic|tarot|astrology readings|life coach|reiki|essential oils|"
            "doterra|young living|herbalife|avon|mary kay|arbonne|amway|scentsy|pampered chef|"
            "rodan|monat|beachbody|forex|crypto signals|nft|onlyfans|etsy|depop|patreon|ko-fi|"
            "buy me a coffee|twitch|linktree|cash app|cashapp|venmo|airbnb host|uber "
            "driver|doordash|mlm|side hustle|wedding photography|boudoir)",
            "advertises a side business",
            negatable=False,
        ),
        P(
            "(use|with) (my )?(code|coupon|promo code|discount code|referral code|referral link)",
            "advertises a side business",
            negatable=False,
        ),
        P(
            r"\b\d+ ?(?:%|percent)\s+off\b|\b(?:linktr\.ee|paypal\.me|cash\.app|etsy\.com|"
            r"onlyfans\.com|patreon\.com|ko-fi\.com|twitch\.tv)\b",
            "advertises a side business",
            negatable=False,
            regex=True,
            needs="%.",
        ),
        P(
            "(ask me about|dm me|message me|call me) (about|for) (my|our|a) ?(free)? ?(products?|"
            "business|opportunity|services|rates|quote|consultation|bookings)",
            "advertises a side business",
            negatable=False,
        ),
        P(
            "(independent|brand|senior|certified) (consultant|distributor|ambassador|partner|"
            "representative|rep) (for|with|at)",
            "advertises a side business",
            negatable=False,
        ),
        P(
            "(follow|subscribe to|like) (me|my) ?(on|channel|podcast|youtube|instagram|tiktok|page|"
            "onlyfans|twitch|band|blog)",
            "advertises a side business",
            negatable=False,
        ),
        P(
            "(check out|visit|shop|buy) (my|our) (podcast|channel|band|mixtape|shop|store|side "
            "hustle|small business|business|products|merch|album|book|course|etsy)",
            "advertises a side business",
            negatable=False,
        ),
        P(
            "(licensed|certified) (realtor|real estate agent|insurance agent|mortgage broker|"
            "esthetician|bartender|tattoo artist|massage therapist)",
            "advertises a side business",
            negatable=False,
        ),
        P(
            "(commissions open|taking commissions|for hire|rates from|free quote|free consultation|"
            "call for a quote|now hiring for my|limited time offer|discount)",
            "advertises a side business",
            negatable=False,
        ),
        P(
            "(yolo|carpe diem|live laugh love|keep calm and|hustle hard|grind never stops|"
            "boss babe|girlboss|party (animal|hard|harder)|work hard party ?(hard|harder)|wine o'clock|"
            "beer o'clock|it's five o'clock somewhere|420|stay lit|no regrets|haters gonna hate|"
            "don't (text|call|email) me|sent from my (toaster|potato|fridge)|deal with it|"
            "whatever lol)",
            "is an unprofessional tagline",
            negatable=False,
        ),
        P(
            "(code ninja|rockstar|rock star|coding wizard|10x (engineer|developer)|chief "
            "(troublemaker|party officer)|professional (napper|overthinker|procrastinator)|"
            "beer (lover|connoisseur|snob)|wine (lover|mom|snob)|coffee addict|certified "
            "(genius|legend)|self-proclaimed)",
            "is an unprofessional tagline",
            negatable=False,
        ),
        P(
            "(fuck|fucking|shit|damn|hell yeah|bitch|badass|bad ass|sexy|hottie)",
            "is an unprofessional tagline",
            negatable=False,
        ),
    ]
)
