"""social-media: social-network requests to the people deciding, or posts about the interview."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from typing import Any

from ..draft import Draft
from ..letter import people_names, signature_tail
from ..matcher import existence_check, phrase_list, snippet
from ..registry import Example, Hit, rule
from ..textview import NETWORK, SENTENCE, sentence_start, view

_OK_NETWORKS = ("linkedin",)  # a professional network: fine with the recruiter

# The sentence test, for wording the phrase list did not foresee: a sentence that names a
# social network (or a feed, story, followers, a DM) and either reaches out to the reader there
# or says the writer posted, shared or tagged something.
_REACH = re.compile(
    r"\b(?:connect(?:ed|ing)? with you|(?:we|us|let's|let us|could we|can we|shall we|to) "
    r"connect|connection request|friend request|(?:follow|add|friend)(?:ed|ing)? (?:you|me)\b|"
    r"(?:follow|add|friend)(?:ed|ing)? your|requested to (?:follow|add|connect)|be friends|"
    r"(?:accept|approve)(?:ed|ing)? my|sent you (?:a|an|my) (?:request|invite|invitation|dm|"
    r"message)|send you (?:a|an|my) (?:request|invite|invitation|dm|message|connection)|"
    r"(?:dm|message|messag)(?:e|ed|'d|ing)? you|looked you up|tag(?:ged|ging)? you|"
    r"(?:follow|add) me|find me (?:on|at|there|under|via|@)|request(?:ed)? (?:you|on)|"
    # Looking them up there, or asking to be put in a group: "I looked for you on Facebook",
    # "could you pop me into the staff WhatsApp group".
    r"(?:look|looked|looking|search|searched|searching) for you|"
    r"(?:pop|put|add|get|include|invite) me (?:in|into|to|on)\b|"
    # A group on a network: "be added to the crew WhatsApp group", "asked to join the
    # Facebook group", "invite you to our group".
    r"be added|(?:asked|ask|request(?:ed)?) to join|invite you|add you to|(?:join|joining) "
    r"(?:the|our|my|a|your) [^.!?\n]{0,30}\bgroup)",
    re.I,
)
_POSTED = re.compile(
    # Someone else named between "I" and the verb is their post, not the writer's ("how I
    # would handle students sharing a class photo").
    r"\b(?:i|i've|i'd|i'll|i'm|we|we've|just)\b"
    r"(?:(?!\b(?:students|pupils|children|kids|staff|colleagues|employees|patients|"
    r"customers|someone|somebody|people|parents|nurses|workers|they|he|she)\b)[^.!?\n]){0,40}?"
    r"\b(?:post(?:ed|ing)?|shar(?:ed|ing)|"
    r"tweet(?:ed|ing)?|wrote|writ(?:e|ing)|upload(?:ed|ing)?|tag(?:ged|ging)?|"
    # Mentioning someone in a post, not a thing said in the interview ("I should have
    # mentioned the WhatsApp voice notes").
    r"mention(?:ed|ing)? (?:you|your|the team|them|him|her)\b|"
    r"shout(?:ed)?[- ]?out|vlog(?:ged|ging)?|blog(?:ged|ging)?|announc(?:ed|ing)|film(?:ed|ing)|"
    r"live-?tweet\w*|(?:made|make|making) an? (?:\w+ )?(?:post|reel|video|tiktok|story|vlog)|"
    r"updated my|"
    # "I put a short story on my Facebook page", "I told my friends on Facebook all about the
    # tour" (rules29): told to a network, as good as posted.
    r"put(?:ting)? (?:up |out )?(?:a|an|some|my|the|photos?|pictures?|pics?|clips?)|"
    r"told (?:my|all my|everyone|everybody|the whole))\b",
    re.I,
)
_MY_POST = re.compile(
    r"\b(?:my|our) (?:(?:linkedin|instagram|insta|ig|facebook|tiktok|twitter|x|snapchat|youtube) )?"
    r"(?:post|posts|thread|tweet|tweets|story|stories|reel|video|vlog|update|"
    r"followers|subscribers|audience|selfie)\b"
    # "my video interview", "my video call", "my video panel" (rules40): the interview
    # itself, not a post.
    r"(?!\s+(?:interview|interviews|call|calls|chat|meeting|conference|screening|screen|link|"
    r"panel|panels|round|session|assessment))",
    re.I,
)
_POST_ABOUT = re.compile(
    r"\b(?:interview|onsite|on-site|visit|office|tour|day|panel|team|you|your|company|badge|"
    r"experience|conversation|chat|news|offer|building|campus|ward|school|depot|site)\b",
    re.I,
)
# Reading the company's page, a job ad found there, one's own profile link: not a request.
_NOT_A_REQUEST = re.compile(
    r"\b(?:(?:saw|seen|read|noticed|came across|found|spotted|watched) (?:the|a|your|an|"
    r"\w+['’]s|the company's)|"
    r"(?:job|role|position|vacancy|opening|posting|advert|ad) (?:on|via|through)|"
    r"applied (?:on|via|through)|my (?:linkedin )?profile (?:is|link|below|above|attached)|"
    # What the company posted there: "noticed on LinkedIn that Westside posted an opening".
    r"(?:saw|seen|read|noticed|spotted) (?:on|in|via) |"
    r"(?:posted|shared|advertised) (?:a|an|the|another) (?:\w+ ){0,3}(?:opening|vacancy|job|role|"
    r"position|advert)|"
    r"linkedin\.com/in/|(?:company|company's|team's|official|corporate|engineering|careers) "
    r"(?:page|account|blog|channel|feed)|social media (?:marketing|strategy|team|campaign|"
    r"manager|presence|policy))",
    re.I,
)
# Words one of which every NETWORK match holds (as a word or part of a hyphenated one):
# checked against the draft's word set first, since the regex itself is slow to fail.
_NETWORK_WORDS = frozenset(
    [
        "linkedin",
        "linked-in",
        "linked",
        "facebook",
        "fb",
        "instagram",
        "insta",
        "ig",
        "twitter",
        "tiktok",
        "tik",
        "snapchat",
        "threads",
        "bluesky",
        "mastodon",
        "youtube",
        "reddit",
        "whatsapp",
        "strava",
        "telegram",
        "wechat",
        "discord",
        "pinterest",
        "twitch",
        "social",
        "socials",
        "story",
        "stories",
        "reel",
        "reels",
        "feed",
        "grid",
        "vlog",
        "selfie",
        "followers",
        "hashtag",
        "dm",
        "dms",
        "dm'd",
        "dmed",
        "x",
        "page",
        "wall",
        "timeline",
        "blog",
    ]
)
# A sentence that points back at the network the one before named.
# "there" the place named before ("connect with you there"), not the "there" of "if there's
# any news on the role" (rules27).
_THERE = re.compile(
    r"\b(?:there(?!['’]s\b|\s+(?:is|are|was|were|will|would|has|have|had|may|might|could|"
    r"should|isn't|aren't|wasn't|weren't)\b)|on (?:it|there)|over there|on that)\b",
    re.I,
)
_NEGATED = re.compile(
    r"\b(?:not|never|won't|wouldn't|don't|didn't|haven't|hasn't|no|nothing|avoid|refrain)\b"
    r"(?!\W+mind\b)(?:\W+\w+){0,3}\W*$",
    re.I,
)


def message(words: str, label: str, whom: str) -> str:
    """The finding, with what was written and to whom ("Dana is", "Dana and Lee are")."""
    are = "are" if " and " in whom else "is"
    if label.startswith("mentions posting"):
        return f"'{words}' {label} while {whom} {are} still deciding"
    return f"'{words}' {label}: {whom} {are} still deciding on your application"


@rule(
    "social-media",
    category="scope",
    severity="warn",
    summary="Flags a request to connect, follow or 'add' the interviewer on a social network, "
    "or a mention of posting about the interview, while the application is open. A "
    "LinkedIn request to a recruiter (not an interviewer) is fine.",
    why="However warm the interview felt, the people deciding are not yet your friends. A "
    "friend or follow request puts them in an awkward spot while they weigh you against "
    "others, and a post about the interview, even a glowing one, can read as careless with "
    "what should stay between you and them.",
    fix="Leave the request out until a decision is made; keep the interview off your feeds "
    "for now.",
    advice="Interview advice: do not add the people deciding on social media, and do not post "
    "about the interview while the decision is pending.",
    sources=("001",),
    options={"max_reported": 2, "also": []},
    bad=[
        Example(
            "Dear Dana,\n\nThank you for the onsite and the payments ledger tour. I just sent "
            "you a friend request on Facebook, I hope that's ok!\n\nBest regards,\nAlex",
            "a friend request to the interviewer",
        ),
        Example(
            "Dear Dana,\n\nThank you for Friday. I posted about my onsite at Acme on LinkedIn "
            "this morning, and the payments ledger talk got lots of likes.\n\n"
            "Best regards,\nAlex",
            "a post about the interview",
        ),
    ],
    good=[
        Example(
            "Dear Dana,\n\nThank you for walking me through the payments ledger; I read the "
            "Acme engineering blog post you mentioned.\n\nBest regards,\nAlex",
            "reading the company's post is fine",
        ),
        Example(
            "Dear Dana,\n\nThank you for the onsite. I enjoyed hearing how the team follows "
            "the Kafka migration on a shared dashboard.\n\nBest regards,\nAlex",
            "'follows' about work",
        ),
    ],
)
def social_media(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app = draft.application
    if app is None or app.closed or not draft.text.strip():
        return
    interviewers = draft.interviewer_recipients
    whom = (
        " and ".join(r.person.first_name for r in interviewers if r.person)
        if interviewers
        else app.company
    ).strip() or app.company
    # A signature typed below the sign-off is an advert if anything ("join my Telegram
    # signals group"): unprofessional-signature judges it, not this rule (rules10 round).
    text = draft.text
    if tail := signature_tail(draft):
        a, b = tail
        text = text[:a] + re.sub(r"[^\n]", " ", text[a:b]) + text[b:]
    found = existence_check(
        view(text),
        phrase_list("social-media"),
        names=people_names(draft),
        extra=tuple(opts.get("also", ()) or ()),
    )
    # Hits carry no span: inappropriate or too-casual may point at the same words ("added you
    # on Snapchat"), and the engine keeps one finding per span; the message quotes the words.
    n = 0
    limit = int(opts.get("max_reported", 2))
    covered: list[tuple[int, int]] = []
    for mt in found:
        asks = not mt.phrase.label.startswith("mentions posting")
        sentence = text[sentence_start(text, mt.start) : mt.end + 80].split(".")[0]
        if (
            asks
            and not interviewers
            and any(x in sentence.lower() for x in _OK_NETWORKS)
            and not _names_interviewer(draft, sentence)
        ):
            continue  # a LinkedIn request to the recruiter
        n += 1
        if n > limit:
            return
        covered.append((mt.start, mt.end))
        yield Hit(message(snippet(mt.text), mt.phrase.label, whom))
    for a, b, label in _sentences(text):
        if any(x < b and a < y for x, y in covered):
            continue
        # A request to the reader that names no network takes it, and the reason, from the
        # sentence before ("Thanks for suggesting on our call that we connect on LinkedIn.
        # I've sent you a request."; rules45); one to others ("I've been trying to connect with
        # the team there") stands on its own words.
        said = text[a:b]
        if a > 1 and not NETWORK.search(said) and _TO_YOU.search(said):
            said = text[sentence_start(text, a - 2) : b]
        if (
            label != _POSTING
            and not interviewers
            and ("linkedin" in said.lower() or _OFFERED.search(said))
            and not _names_interviewer(draft, said)
        ):
            continue  # a LinkedIn request to the recruiter, not one passed on to interviewers
        n += 1
        if n > limit:
            return
        yield Hit(message(snippet(text[a:b].strip()), label, whom))


_POSTING = "mentions posting about the interview"
# The recruiter offered the connection ("I have sent you a request as you offered"): the
# catalog's one exception, whatever network the sentence before named.
_OFFERED = re.compile(
    r"\b(?:as you (?:kindly )?(?:offered|suggested|asked)|at your suggestion|you (?:kindly )?"
    r"(?:offered|suggested)|for (?:suggesting|offering|the (?:kind )?suggestion)|as suggested)\b",
    re.I,
)
_TO_YOU = re.compile(r"\byou\b", re.I)
# A request made, not a page read: it stands even beside "I came across your account".
_DIRECT_REACH = re.compile(
    r"\b(?:follow|add|friend)(?:ed|ing)? (?:you|me)\b|\b(?:friend|connection|follow) request|"
    r"\bsent you (?:a|an|my) (?:request|invite|invitation)\b|\binvite you\b|"
    r"\bapprov(?:e|ing) me\b",
    re.I,
)


def _names_interviewer(draft: Draft, sentence: str) -> bool:
    """Whether ``sentence`` names an interviewer of this application ("please pass my
    LinkedIn request on to Ms Lim")."""
    app = draft.application
    if app is None:
        return False
    for p in app.people:
        if p.role != "interviewer":
            continue
        for w in p.name.split():
            if len(w) >= 3 and re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", sentence):
                return True
    return False


_ASKING = "asks to connect on a social network"


def _network_offsets(text: str) -> list[int]:
    """Where the words of _NETWORK_WORDS stand in ``text`` (a word, a part of a hyphenated
    one, or one before an apostrophe: "LinkedIn's"), in order. A sentence holding none of
    them cannot match NETWORK, so the regex, slow to fail, runs only where one stands."""
    tv = view(text)
    found = tv.index.keys() & _NETWORK_WORDS
    for w in tv.index:
        if "'" in w or "-" in w or "tweet" in w:
            base = w.split("'", 1)[0]
            if "tweet" in base or not _NETWORK_WORDS.isdisjoint(base.split("-")):
                found.add(w)
    return sorted(tv.starts[k] for w in found for k in tv.index[w])


def _sentences(text: str) -> Iterator[tuple[int, int, str]]:
    """Sentences that reach out on a social network or tell of a post (see SENTENCE)."""
    offsets = _network_offsets(text)
    any_mine = bool(_MY_POST.search(text))
    if not offsets and not any_mine:
        return
    prev_net = False  # the sentence before named a network ("Are you on Instagram?")
    # Without a post of one's own, only the sentences from the first network word to the one
    # after the last can hold a finding.
    start = 0 if any_mine else sentence_start(text, offsets[0])
    last = -1 if any_mine else offsets[-1]
    for m in SENTENCE.finditer(text, start):
        if m.start() > last and not prev_net and not any_mine:
            break
        s = m.group(0)
        i = bisect_left(offsets, m.start())
        named = NETWORK.search(s) if i < len(offsets) and offsets[i] < m.end() else None
        mine = _MY_POST.search(s) if any_mine else None
        net = named
        if not net and prev_net:
            # "... I'd love to connect with you there.", "We have a WhatsApp group. May I add
            # you?"
            net = _THERE.search(s) or _DIRECT_REACH.search(s)
        if not (net or mine):
            prev_net = False
            continue
        # "I came across your Instagram and have just followed you": reading their page is
        # fine, but the follow in the same sentence is still a request.
        not_a_request = bool(_NOT_A_REQUEST.search(s)) and not _DIRECT_REACH.search(s)
        prev_net = bool(named) and not not_a_request
        if not_a_request:
            continue
        a = m.start() + (len(s) - len(s.lstrip()))
        b = m.start() + len(s.rstrip())
        if net and (r := _REACH.search(s)) and not _NEGATED.search(s[: r.start()]):
            yield a, b, _ASKING
        elif (p := _POSTED.search(s)) and not _NEGATED.search(s[: p.end()]):
            if net or (mine and _POST_ABOUT.search(s)):
                yield a, b, _POSTING
        elif mine and net and _POST_ABOUT.search(s, mine.end(), mine.end() + 40):
            # "my Instagram story from the tour": the post is about the interview. Words
            # about the reader elsewhere in the sentence do not make a post of a job done
            # ("I grew our Instagram audience ..., and I would be glad to try it here").
            yield a, b, _POSTING
