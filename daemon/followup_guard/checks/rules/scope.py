"""Recipient-scope rules: who the message goes to, and from which address."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ...config.model import derived
from ...mail.text import SKETCH_SIZE, shingles, similarity, sketch_of
from ...textdist import distance
from ..draft import Draft
from ..registry import Example, Hit, rule
from .timing import day

if TYPE_CHECKING:
    from ...config.model import Config


def _wrote_to_you(draft: Draft) -> frozenset[str]:
    """Everyone at the company who has written to you about this application."""
    if draft.history is None:
        return frozenset()
    return frozenset(a for c in draft.history.inbound for a in c.people)


def _seen(draft: Draft) -> frozenset[str]:
    """Addresses known to be real: senders of the company's mail, and everyone on the
    company messages this draft replies to. Such an address is nobody's typo."""
    return draft.thread_addresses | _wrote_to_you(draft)


def _distance(a: str, b: str) -> int:
    return distance(a, b, 3)  # callers only care about distances of 2 or less


@rule(
    "outside-hiring-process",
    category="scope",
    severity="block",
    summary="Flags a recipient (To, Cc or Bcc) at the company who is neither an interviewer, "
    "someone you were told to contact, nor someone who wrote to you about the "
    "application: the interviewer's manager, another employee, a do-not-contact person.",
    why="Going around the people running the process, by writing to their boss or to other "
    "employees, puts them in an awkward spot and reads as an attempt to apply pressure. "
    "It can cost an offer that was on its way.",
    fix="Remove the address; route the message through your interviewer or the recruiter.",
    advice="Follow-up advice: stick to the people in the hiring process.",
    sources=("003",),
    bad=[Example("Cc'ing tom.becker@acme.example, the VP, on a status inquiry.")],
    good=[
        Example("Writing only to the recruiter you were told to contact."),
        Example("Reply-all to a message from the company that copied a colleague."),
        Example("Writing to the coordinator who emailed you the interview times."),
    ],
)
def outside_hiring_process(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    app = draft.application
    if app is None:
        return
    for r in draft.recipients:
        addr = r.address.addr
        if not r.at_company and r.person is None:
            continue
        if r.person is not None and r.person.role in ("interviewer", "permitted"):
            continue
        if addr in draft.thread_addresses:  # they copied this person on their own message
            continue
        if r.person is None and addr in _wrote_to_you(draft):
            continue  # they wrote to you about this application: part of the process
        if r.person is None and any(0 < _distance(p.address, addr) <= 2 for p in app.people):
            continue  # a typo of a listed person: address-typo says so
        label = {"bcc": "Bcc", "cc": "Cc", "to": "To"}[r.field]
        if r.person is not None:  # do-not-contact
            title = f" ({r.person.title})" if r.person.title else ""
            yield Hit(
                f"{r.person.name}{title} <{addr}> in {label} is on your do-not-contact list "
                f"for {app.company}",
                person=addr,
            )
        else:
            yield Hit(
                f"{addr} in {label} is at {app.company} but is neither one of your "
                "interviewers nor a contact you were given",
                person=addr,
            )


_SHINGLE = 5


def _dice(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Share of five-word phrases two sketches have in common: 2|A∩B| / (|A| + |B|)."""
    j = similarity(a, b)
    return 2 * j / (1 + j) if j else 0.0


def _alike(text: str, theirs: tuple[int, ...]) -> float:
    words, hashes = shingles(text)
    return _alike_parts(words, hashes, sketch_of(hashes), theirs)


def _alike_parts(
    words: list[str], hashes: list[int], mine: tuple[int, ...], theirs: tuple[int, ...]
) -> float:
    """How much of a letter (its words, 5-word-run hashes and sketch) repeats an earlier one
    (given as its fingerprint): the share of its words that sit in a five-word run the earlier
    letter also has. A copy with the name swapped and a phrase or two edited stays above 0.9;
    a letter that only shares its closing paragraph falls far below. Exact while the earlier
    sketch holds all its phrases (letters under ~130 words); for longer ones, the phrase
    overlap of the two sketches instead."""
    if len(words) < _SHINGLE or not theirs or len(theirs) >= SKETCH_SIZE:
        return _dice(mine, theirs)
    known = set(theirs)
    covered = [False] * len(words)
    for i, h in enumerate(hashes):
        if h in known:
            covered[i : i + _SHINGLE] = [True] * _SHINGLE
    return sum(covered) / len(words)


@rule(
    "same-letter-many",
    category="scope",
    severity="warn",
    options={"similarity": 0.8, "min_words": 25},
    summary="Flags one message addressed to several interviewers at once, or a letter whose "
    "text mostly repeats (over 80 % of its words, in runs of five) one already sent "
    "to a colleague at the company. Replies are left alone.",
    why="Interviewers compare notes. The same words arriving in two inboxes, or one group "
    "message, shows the note was written once and copied. A separate note that recalls "
    "each conversation shows you listened.",
    fix="Write a separate note to each interviewer, each recalling something from your "
    "conversation with them.",
    advice="Thank-you advice: a personal note for each person you met.",
    sources=("004",),
    bad=[
        Example("One thank-you addressed to both Dana Wu and John Smith."),
        Example("John Smith's thank-you is Dana Wu's with the name changed."),
    ],
    good=[
        Example("Two thank-yous, each mentioning a different part of the day."),
        Example("Two different notes that end with the same closing sentence."),
    ],
)
def same_letter_many(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    if draft.application is None or draft.kind == "reply":
        return
    interviewers = [r.person for r in draft.interviewer_recipients if r.person]
    if len(interviewers) > 1:
        who = ", ".join(p.name for p in interviewers[:-1]) + f" and {interviewers[-1].name}"
        yield Hit(f"this one message goes to {len(interviewers)} interviewers at once ({who})")
    if len(re.findall(r"\w+", draft.text)) < int(opts["min_words"]):
        return
    threshold = float(opts["similarity"])
    words, hashes = shingles(draft.text)
    mine = sketch_of(hashes)
    for other, contact in draft.colleague_letters:
        score = _alike_parts(words, hashes, mine, contact.fingerprint)
        if score >= threshold:
            p = draft.application.person(other)
            yield Hit(
                f"{round(score * 100)} % of this letter repeats the one you sent "
                f"{p.name if p else other} on {day(draft, contact.at)}",
                person=other,
            )
            return


# Words that make a sender look unprofessional, matched as whole pieces of the address or the
# display name ("partyboy420" = party + boy + 420), never inside a longer word (Glover,
# Kingsley, Brooks, Angela).
def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SILLY_WORDS = _wordset("""
sexy sexxy hottie hotstuff babe baby babydoll cutie cutiepie princess lover kitty hunk stud
party partyanimal drunk stoner weed lol lmao rofl gamer noob ninja rockstar crazy killer kill
devil naughty bitch dude bro boss queen king angel swag yolo thug pimp playboy playa diva
sassy freaky booty
""")
_SILLY_NUMBERS = frozenset({"69", "420", "666", "1337", "80085"})
# Pieces that may stand next to a silly word without making a real word of it.
_FILLERS = _wordset("""
boy boi girl gurl man guy gal lady chick mama papa daddy mami the my ur da mr mrs miss big lil
little hot sweet cool real og xo x xx xxx cat kat dog one animal
""")
_PIECES = _SILLY_WORDS | _FILLERS


def _silly_run(run: str, names: frozenset[str]) -> bool:
    """True if letters-only ``run`` splits into known pieces, at least one of them silly."""
    n = len(run)
    # best[i]: None = run[:i] cannot be split; False/True = split, without/with a silly word
    best: list[bool | None] = [None] * (n + 1)
    best[0] = False
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, n + 1):
            piece = run[i:j]
            if piece in _PIECES or (piece in names and len(piece) > 1):
                silly = bool(best[i]) or piece in _SILLY_WORDS
                if best[j] is None or (silly and not best[j]):
                    best[j] = silly
    return bool(best[n])


def _silly(text: str, names: frozenset[str]) -> str | None:
    """The part of an address or display name that looks unprofessional, or None."""
    for token in re.findall(r"[a-z0-9]+", text.lower()):
        if token in names:
            continue
        for run in re.findall(r"[a-z]+|[0-9]+", token):
            if run.isdigit():
                if run in _SILLY_NUMBERS:
                    return token
            elif run not in names and _silly_run(run, names):
                return token
    return None


def _name_words(draft: Draft) -> frozenset[str]:
    """The user's own names (a surname King or Boss is nobody's joke)."""
    cfg = draft.config
    text = " ".join([cfg.user_name, *(i.name for i in cfg.identities)])
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 1)


def _identity(draft: Draft, addr: str):
    """The configured identity behind ``addr``, also for a +tag (alex+jobs@ is alex@)."""
    if draft.identity is not None:
        return draft.identity
    local, _, domain = addr.partition("@")
    if "+" in local:
        return draft.config.identity(f"{local.partition('+')[0]}@{domain}")
    return None


@rule(
    "unprofessional-sender",
    category="scope",
    severity="warn",
    summary="Flags a From address that is not one of your configured job-search identities "
    "(a +tag on one is fine), or whose name or address looks unprofessional: a nickname "
    "made of words like party, sexy or gamer, or 69/420, never a real name like Glover.",
    why="The sender line is the first thing a recruiter reads. An old nickname address, or "
    "your work address at another company, undoes a carefully written letter.",
    fix="Switch the From address to your job-search identity.",
    advice="General follow-up advice: present yourself professionally in every detail.",
    sources=("000",),
    bad=[
        Example("From: partyboy420@mail.example"),
        Example("From: Alex Morgan <alex.morgan@oldjob.example>", "a former work address"),
    ],
    good=[
        Example("From: Alex Morgan <alex.morgan@example.org>"),
        Example("From: Alex Morgan <alex.morgan+acme@example.org>", "a +tag"),
    ],
)
def unprofessional_sender(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    if draft.application is None:
        return
    sender = draft.msg.sender
    if sender is None:
        yield Hit("the message has no From address")
        return
    names = _name_words(draft)
    silly = _silly(sender.addr.partition("@")[0], names) or _silly(sender.name, names)
    if silly:
        yield Hit(f"the sender {sender} looks unprofessional ('{silly}')")
    elif draft.config.identities and _identity(draft, sender.addr) is None:
        known = ", ".join(i.address for i in draft.config.identities)
        yield Hit(
            f"you are sending from {sender.addr}, not one of your job-search addresses ({known})"
        )


_VALID = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


def _invalid(addr: str) -> str | None:
    """Why an address is invalid, or None. A fast syntax check; email-validator for detail."""
    if _VALID.match(addr) and ".." not in addr and not addr.startswith("."):
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(addr, check_deliverability=False, test_environment=True)
    except EmailNotValidError as exc:
        return str(exc)
    return None


class _KnownAddresses:
    """The people and references of the config, indexed so that a near miss is looked for
    only among addresses that share the recipient's domain or its local part (a typo is in
    one or the other), not among every address of every application."""

    def __init__(self, config: Config) -> None:
        self.names: dict[str, str] = {}
        for app in config.applications:
            for p in app.people:
                self.names[p.address] = p.name
        for ref in config.references:
            self.names[ref.address] = ref.name
        self.domains = {d for app in config.applications for d in app.domains}
        self.by_part: dict[str, list[str]] = {}
        for a in self.names:
            local, _, domain = a.rpartition("@")
            self.by_part.setdefault("@" + domain, []).append(a)
            self.by_part.setdefault(local + "@", []).append(a)

    def nearest(self, addr: str, limit: int) -> str | None:
        local, _, domain = addr.rpartition("@")
        pool = self.by_part.get("@" + domain, []) + self.by_part.get(local + "@", [])
        best, best_d = None, limit + 1
        for k in pool:
            d = distance(k, addr, limit)
            if 0 < d < best_d:
                best, best_d = k, d
        return best


@rule(
    "address-typo",
    category="scope",
    severity="block",
    options={"max_distance": 2},
    summary="Flags a recipient address that is invalid, or a near miss of a known contact's "
    "address (jhon.smith@ for john.smith@, acme.exmaple for acme.example). An address "
    "the company itself wrote from or copied is real, whatever it resembles.",
    why="A mistyped address means the letter never arrives, or arrives at a stranger, and you "
    "will wait for an answer that cannot come.",
    fix="Correct the address; the message names the one you probably meant.",
    advice="Not from the articles: a safety check of our own.",
    bad=[Example("To: jhon.smith@acme.example"), Example("To: john.smith@acme")],
    good=[
        Example("To: john.smith@acme.example"),
        Example("To: joan.smith@acme.example", "Joan wrote to you from it"),
    ],
)
def address_typo(draft: Draft, opts: Mapping[str, Any]) -> Iterator[Hit]:
    known = derived(draft.config, "scope.known-addresses", _KnownAddresses)
    limit = int(opts["max_distance"])
    seen = _seen(draft)
    for r in draft.recipients:
        addr = r.address.addr
        why = _invalid(addr)
        if why:
            yield Hit(f"{addr} is not a valid address: {why}", person=addr)
            continue
        if addr in known.names or addr in seen:
            continue
        best = known.nearest(addr, limit)
        if best is not None:
            yield Hit(
                f"{addr} looks like a typo of {best} ({known.names[best]})",
                person=addr,
                fix=f"Did you mean {best}?",
            )
            continue
            continue
        domain = r.address.domain
        if domain not in known.domains:
            near = [d for d in known.domains if 0 < _distance(d, domain) <= limit]
            if near:
                yield Hit(
                    f"{addr}: the domain {domain} looks like a typo of {near[0]}",
                    person=addr,
                    fix=f"Did you mean {addr.rpartition('@')[0]}@{near[0]}?",
                )
