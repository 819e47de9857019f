"""A draft's text analysed once for the rules: its words with offsets, and its quotations."""

from __future__ import annotations

import re
from functools import lru_cache

from ..mail.text import WORD

NEGATORS = frozenset({"not", "never", "no", "hardly", "without", "nor", "cannot", "barely"})
_GAP_OK = frozenset(" \t\r\n,;:—–-'’\"“”‘")
# The dot of a title before a name, of "e.g."/"i.e.", and the inner dots of "U.S." (a
# lookahead and a lookbehind keep each match to the dot alone).
_ABBREV_DOT = re.compile(  # each branch starts at the dot, so the scan jumps from dot to dot
    r"\.(?:(?<=\b(?:Mr|Ms|Dr|St|Mx)\.)(?=\s+[A-Z])|(?<=\bMrs\.)(?=\s+[A-Z])"
    r"|(?<=\bProf\.)(?=\s+[A-Z])|(?<=\be\.)(?=g\.)|(?<=\be\.g\.)|(?<=\bi\.)(?=e\.)"
    r"|(?<=\bi\.e\.)|(?<=\b[A-Z]\.)(?=[A-Z]\.))"
)
# A social network, or a post or request on one, named in prose ("on Facebook", "my Instagram
# story", "a DM"): what social-media looks for, and what the tone model leaves to it.
NETWORK = re.compile(
    r"\b(?:linked-?in|facebook|fb|instagram|insta|ig|twitter|tweet\w*|tiktok|tik tok|snapchat|"
    r"threads|bluesky|mastodon|youtube|reddit|whatsapp|social media|socials|social channels?|"
    r"strava|telegram|wechat|discord|pinterest|twitch|"
    r"(?:my|a|an|the|instagram|insta|ig|facebook|tiktok|snapchat) (?:reel|reels|feed|grid|vlog|"
    r"selfie|tiktok)|(?:instagram|insta|ig|facebook|tiktok|snapchat) (?:story|stories)|"
    # A story is a post when it is posted on or to ("on my story"), not the writer's life
    # ("the panel saw that as part of my story"; rules20).
    r"(?:on|to|onto|in) (?:my|our|the|a) (?:story|stories)|"
    r"followers|hashtag|dm|dms|dm'd|dmed|(?:on|to) x\b|"
    # The writer's own page is a network unnamed: "a quick post on my page" (rules33).
    r"(?:on|to|onto) my (?:own )?(?:page|wall|timeline|blog)(?!\s+(?:of|in|for|\d))|"
    r"x \(formerly twitter\))(?!\w)",
    re.I,
)
_PIECE_SEP = re.compile(r"['\-]")  # what joins the parts of a word (’ is read as ')
_QUOTED = re.compile(r'"[^"\n]{1,300}"|“[^”\n]{1,300}”')

# A query's lines: a statement, or one of its clause lines ("WHERE d.region IN ('NSW')")
# holding what only code holds (a dotted or bracketed name, a comparison, IN (...), LIKE,
# NULL), so a shouted "WHERE IS MY REPLY" is still prose.
_QUERY_LINE = (
    r"\bSELECT\b.*\bFROM\b|\bINSERT INTO\b|\bUPDATE\b.*\bSET\b|\bCREATE TABLE\b"
    r"|^\s*(?:SELECT|FROM|WHERE|AND|OR|ON|HAVING|(?:(?:LEFT|RIGHT|INNER|OUTER|FULL) )?JOIN"
    r"|GROUP BY|ORDER BY)\b.*(?:\w\.[\w\[]|\[\w+\]|[=<>]|\bIN \(|\bLIKE\b|\bNULL\b)"
)
# A line that looks like code or a query: its keywords are in capitals by convention. Broad
# (a call "f(x)" or "CIT(A)" both count): right for not reading capitals and braces as a
# letter's, too broad for ignoring a sentence's tone.
_CODE_LINE = re.compile(
    r"[;{}]\s*$|\s(?:=|==|=>|->|:=)\s|\w\([^)\n]*\)|`|^(?: {4}|\t)\S|" + _QUERY_LINE
)
# What the tone model leaves alone: a query's lines and a block's braces, nothing a sentence
# of prose holds.
_SURE_CODE_LINE = re.compile(r"[{}]\s*$|" + _QUERY_LINE)


def in_code_line(text: str, pos: int) -> bool:
    """Does the line holding ``pos`` look like code or a query (keywords in capitals,
    brackets and braces that are not a letter's)?"""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return bool(_CODE_LINE.search(text[a : len(text) if b == -1 else b]))


def has_code_line(text: str, start: int, end: int) -> bool:
    """Is any line of ``text[start:end]`` surely code: a query's line, or a brace ending a
    line?"""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    lines = text[a : len(text) if b == -1 else b].split("\n")
    return any(_SURE_CODE_LINE.search(line) for line in lines)


# A phone number (digits with spaces, dots, dashes or brackets, seven or more in all) or a
# mail address: the pattern the signature check builds its contact lines on, too.
PHONE_OR_MAIL = r"\d[\d ().\-]{5,}\d|[\w.+\-]+@[\w\-]+\.\w"
_CONTACT = re.compile(PHONE_OR_MAIL)
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]+")


def is_contact_line(sentence: str) -> bool:
    """Is ``sentence`` a listing of someone's contact details ("Mr Hafiz Rahman, Senior
    Nurse Clinician, Bayshore Hospital (my current supervisor), +65 9876 5432"): a phone
    number or mail address beside words mostly capitalised (names, titles, places)? Such a
    line is a directory entry, not the writer's tone; a sentence of prose around a number
    ("call me on 0412 345 678 before Friday") has its words in lower case."""
    if not _CONTACT.search(sentence):
        return False
    words = _NAME_WORD.findall(_CONTACT.sub(" ", sentence))
    return not words or sum(w[0].isupper() for w in words) >= 0.6 * len(words)


class TextView:
    """A draft's text, analysed once and shared by the rules: its words (tokens with offsets,
    an index by word, the set of words for triggers) and its quoted stretches."""

    __slots__ = (
        "_gap_ok",
        "_pieces",
        "_positions",
        "_prose",
        "_quotes",
        "ends",
        "index",
        "starts",
        "text",
        "tokens",
        "words",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        low = text.lower()
        if len(low) != len(text):  # a few characters change length when lower-cased
            low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        if "’" in low:
            low = low.replace("’", "'")  # same length: offsets still point into text
        ms = list(WORD.finditer(low))
        self.tokens = tokens = [m.group(0) for m in ms]
        self.starts = [m.start() for m in ms]
        self.ends = [m.end() for m in ms]
        index: dict[str, list[int]] = {}
        for i, w in enumerate(tokens):
            if w in index:
                index[w].append(i)
            else:
                index[w] = [i]
        self.index = index  # word -> token numbers
        words = set(index)
        for w in index:
            if "-" in w:
                words.update(w.split("-"))
        self.words = frozenset(words)  # the words, and the parts of hyphenated ones
        self._positions: _Positions | None = None
        self._pieces: dict[str, list[int]] | None = None
        self._gap_ok: list[bool] | None = None
        self._quotes: list[tuple[int, int]] | None = None
        self._prose: str | None = None

    @property
    def positions(self) -> _Positions:
        """Word (and part of a hyphenated word) -> character offsets, in order. Worked out
        per word on first request: the rules ask about a few words, not all of them."""
        if self._positions is None:
            self._positions = _Positions(self)
        return self._positions

    def word_starts(self, words: frozenset[str]) -> list[int]:
        """Sorted character offsets where one of ``words`` (lower case, without apostrophes
        or hyphens) stands: as a word of the text, or as a part of one after an apostrophe
        or a hyphen ("i" of "I'll", "call" of "on-call"). Every place a word can start after
        a non-word character is one of these, which is what the matcher relies on."""
        if self._pieces is None:
            pieces: dict[str, list[int]] = {}
            starts = self.starts
            for w, ks in self.index.items():
                if "'" not in w and "-" not in w:
                    continue
                parts = _PIECE_SEP.split(w)
                for k in ks:
                    off = starts[k]
                    for part in parts:
                        pieces.setdefault(part, []).append(off)
                        off += len(part) + 1
            self._pieces = pieces
        starts, index, pieces = self.starts, self.index, self._pieces
        out = [starts[k] for w in words for k in index.get(w, ())]
        out.extend(off for w in words for off in pieces.get(w, ()))
        return sorted(set(out))

    @property
    def gap_ok(self) -> list[bool]:
        """For each pair of neighbouring words: is what stands between them a separator a
        phrase may cross (space, comma, dash, quotation mark), not a full stop?"""
        if self._gap_ok is None:
            text, starts, ends = self.text, self.starts, self.ends
            self._gap_ok = [
                (g := text[ends[k] : starts[k + 1]]) == " " or _GAP_OK.issuperset(g)
                for k in range(len(starts) - 1)
            ]
        return self._gap_ok

    @property
    def prose(self) -> str:
        """The text with the dots of titles and abbreviations inside a sentence ("Ms. Lee",
        "e.g.", "U.S.") made middle dots, so a regular expression that stops at a full stop
        reads on past them. Same length: offsets still point into ``text``."""
        if self._prose is None:
            self._prose = _ABBREV_DOT.sub("\u00b7", self.text) if "." in self.text else self.text
        return self._prose

    @property
    def quotes(self) -> list[tuple[int, int]]:
        """Stretches inside double quotation marks on one line ("..." or “...”)."""
        if self._quotes is None:
            self._quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(self.text)]
        return self._quotes

    def in_quotes(self, start: int, end: int) -> bool:
        return any(a < start and end < b for a, b in self.quotes)

    def sentence_start(self, pos: int) -> int:
        text = self.text
        return (
            max(
                text.rfind(".", 0, pos),
                text.rfind("!", 0, pos),
                text.rfind("?", 0, pos),
                text.rfind("\n", 0, pos),
            )
            + 1
        )

    def negated_before(self, pos: int, window: int = 5) -> bool:
        before = self.text[self.sentence_start(pos) : pos]
        for w in WORD.findall(before)[-window:]:
            w = w.lower().replace("’", "'")
            if w in NEGATORS or w.endswith("n't"):
                return True
        return False


class _Positions:
    """``TextView.positions``: a read-only mapping word -> sorted character offsets, for the
    words of ``TextView.words`` (each computed and kept on first use)."""

    __slots__ = ("_done", "_hyphenated", "_tv")

    def __init__(self, tv: TextView) -> None:
        self._tv = tv
        self._done: dict[str, list[int]] = {}
        self._hyphenated: list[str] | None = None

    def __contains__(self, word: object) -> bool:
        return word in self._tv.words

    def __getitem__(self, word: str) -> list[int]:
        out = self._done.get(word)
        if out is not None:
            return out
        tv = self._tv
        if word not in tv.words:
            raise KeyError(word)
        starts = tv.starts
        out = [starts[i] for i in tv.index.get(word, ())]
        hyph = self._hyphenated
        if hyph is None:
            hyph = self._hyphenated = [w for w in tv.index if "-" in w]
        extra = False
        for w in hyph:
            parts = w.split("-")
            if word not in parts:
                continue
            for i in tv.index[w]:
                off = starts[i]
                for part in parts:
                    if part == word:
                        out.append(off)
                        extra = True
                    off += len(part) + 1
        if extra:
            out.sort()
        self._done[word] = out
        return out

    def get(self, word: str, default: list[int] | None = None) -> list[int] | None:
        return self[word] if word in self._tv.words else default


@lru_cache(maxsize=16)
def view(text: str) -> TextView:
    """The (cached) analysis of ``text``: rules looking at the same draft share it."""
    return TextView(text)


# A sentence with the marks that end it (".", "?!", a line break), for rules that read a letter
# sentence by sentence: the marks stay on, so a question can be told from a statement.
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (after ., !, ? or a line break)."""
    return max(text.rfind(c, 0, pos) for c in ".!?\n") + 1


def sentence_end(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` ends (at ., !, ? or a line break, or the text's end)."""
    ends = [i for i in (text.find(c, pos) for c in ".!?\n") if i != -1]
    return min(ends, default=len(text))
