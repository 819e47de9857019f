"""The user's own words: HTML to text, quoted replies, forwards and signatures removed.

Tone rules read only what the user wrote. Spans reported by the rules point into the string
returned by :func:`own_text`, which is always a prefix-derived slice of the body with trailing
quoted history, forwarded parts and the signature cut off.
"""

from __future__ import annotations

import functools
import re
import zlib
from typing import ClassVar

# Lines that start quoted history or a forwarded message, as written by the common clients.
# Every pattern is per line (re.M); [ \t] rather than \s, so a match never spans lines.
_QUOTE_HEADERS = [
    # Gmail, Thunderbird, Apple Mail
    re.compile(r"^[ \t]*On .{3,200}wrote:[ \t]*$", re.I | re.M),
    re.compile(r"^[ \t]*On .{3,200}$\n^.{0,200}wrote:[ \t]*$", re.I | re.M),  # wrapped variant
    re.compile(r"^[ \t]*Am .{3,200}schrieb .{0,200}:[ \t]*$", re.I | re.M),
    re.compile(r"^[ \t]*Le .{3,200}a écrit[ \t]*:[ \t]*$", re.I | re.M),
    re.compile(r"^[ \t]*-{2,}[ \t]*Original Message[ \t]*-{2,}[ \t]*$", re.I | re.M),  # Outlook
    # Gmail ("---------- Forwarded message ---------") and Thunderbird ("-------- Forwarded
    # Message --------") forwards.
    re.compile(r"^[ \t]*-{2,}[ \t]*Forwarded message[ \t]*-{2,}[ \t]*$", re.I | re.M),
    re.compile(r"^[ \t]*Begin forwarded message:[ \t]*$", re.I | re.M),  # Apple Mail
    re.compile(r"^[ \t]*_{10,}[ \t]*$", re.M),  # Outlook's rule before "From: ... Sent: ..."
    # Outlook's header block
    re.compile(r"^[ \t]*\*?From:\*?[ \t].+$\n^[ \t]*\*?(Sent|Date):\*?[ \t]", re.I | re.M),
]
SIG_DELIM = re.compile(r"^-- ?$", re.M)  # the signature delimiter line ("-- ")
# A word: letters and digits, with inner apostrophes or hyphens ("don't", "on-call", "Q3").
# The one tokeniser of the package; the shingles below fold it to ASCII for speed.
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
# The start every one of _QUOTE_HEADERS needs, with the same flags: one scan of the body
# finds the few lines where any of them could match, and only those lines are tried.
_QUOTE_START = re.compile(r"^[ \t]*(?:On |Am |Le |-{2}|Begin |_{10}|\*?From:)", re.I | re.M)


def _cut_at(text: str, pos: int) -> str:
    return text[:pos].rstrip()


def own_text(body: str, signatures: tuple[str, ...] = ()) -> str:
    """The part of ``body`` the user wrote: before quotes/forwards, without the signature."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    cut = len(text)
    for start in _QUOTE_START.finditer(text):  # the first line where a header matches
        pos = start.start()
        if any(pattern.match(text, pos) for pattern in _QUOTE_HEADERS):
            cut = pos
            break
    # A run of '>' lines starts quoted history (top-posting) or is interleaved quoting: drop
    # the quoted lines but keep the user's interleaved answers out of the span maths by
    # cutting at the first quoted line when nothing but quotes and blanks follow.
    lines = text[:cut].split("\n")
    keep: list[str] = []
    for line in lines:
        keep.append("" if line.lstrip().startswith(">") else line)
    text = "\n".join(keep)
    m = SIG_DELIM.search(text)
    if m:
        text = text[: m.start()]
    for sig in signatures:
        sig = sig.strip()
        if sig:
            idx = text.rfind(sig)
            if idx != -1:
                text = text[:idx] + text[idx + len(sig) :]
    return text.rstrip()


@functools.cache
def _html_parser() -> type:
    """The HTML-to-text parser class, built on first use (html.parser is slow to import)."""
    from html.parser import HTMLParser

    class _HTMLText(HTMLParser):
        _BLOCK: ClassVar[set[str]] = {
            "p",
            "div",
            "br",
            "li",
            "tr",
            "table",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
        }
        _SKIP: ClassVar[set[str]] = {"script", "style", "head", "title"}

        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.out: list[str] = []
            self._skip = 0
            self._quote = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in self._SKIP:
                self._skip += 1
            elif tag == "blockquote":
                self._quote += 1
                self.out.append("\n")
            elif tag in self._BLOCK:
                self.out.append("\n")
            if tag == "div" and any(k == "class" and v and "moz-signature" in v for k, v in attrs):
                self.out.append("\n-- \n")

        def handle_endtag(self, tag: str) -> None:
            if tag in self._SKIP and self._skip:
                self._skip -= 1
            elif tag == "blockquote" and self._quote:
                self._quote -= 1
                self.out.append("\n")
            elif tag in {"p", "div", "li", "tr"}:
                self.out.append("\n")

        def handle_data(self, data: str) -> None:
            if self._skip:
                return
            if self._quote:
                # Quoted history stays visible to the quote detector, marked like plain-text quotes.
                data = "\n".join("> " + line for line in data.split("\n"))
            self.out.append(data)

    return _HTMLText


def html_to_text(html: str) -> str:
    parser = _html_parser()()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is lenient; this is belt and braces for odd input
        return re.sub(r"<[^>]+>", " ", html)
    text = "".join(parser.out)
    text = re.sub(r"[ \t\xa0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Reply prefixes of the common clients and languages ("Re:", German "AW:", Nordic "SV:",
# Dutch "Antw:", Italian "R:"/"Rif:", counted ones like "Re[2]:"), and forwards ("Fwd:", "WG:").
_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|vs|antw|r|rif|ref)(?:\[\d+\])?\s*:\s*)+", re.I)
_ANY_PREFIX = re.compile(
    r"^\s*(?:(?:re|aw|sv|vs|antw|r|rif|ref|fwd?|wg|tr|rv)(?:\[\d+\])?\s*:\s*)+", re.I
)


def subject_key(subject: str) -> str:
    """A subject without its reply and forward prefixes, spaces folded, case ignored: the
    same for a message and every answer in its thread."""
    return " ".join(_ANY_PREFIX.sub("", subject or "").split()).casefold()


def is_reply_subject(subject: str) -> bool:
    """True for a subject written as a reply ("Re: Next step")."""
    return bool(_REPLY_PREFIX.match(subject or "")) and bool(subject_key(subject))


_WORD = re.compile(r"[a-z0-9']+")
# _WORD as a byte table: every byte but [a-z0-9'] becomes a space. Lowercased text encoded
# as ASCII with "replace" has one byte per character ("?" for any other), so splitting the
# translated bytes on spaces gives exactly the runs _WORD finds.
_WORD_BYTES = bytes(
    c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789'" else 32 for c in range(256)
)
SKETCH_SIZE = 128  # bottom-k sketch: exact for letters under ~130 words, a good estimate above


def shingles(text: str) -> tuple[list[str], list[int]]:
    """The words of ``text`` and the hash of each 5-word run, in order (one run, the whole
    text, when it is shorter than five words)."""
    lowered = text.lower().encode("ascii", "replace").translate(_WORD_BYTES)
    words = lowered.decode("ascii").split()  # == _WORD.findall(text.lower()), faster
    if len(words) < 5:
        return words, [zlib.crc32(" ".join(words).encode())] if words else []
    # Each hash is of the same bytes as " ".join(words[i:i + 5]).encode().
    w = lowered.split()
    runs = zip(w, w[1:], w[2:], w[3:], w[4:], strict=False)
    return words, list(map(zlib.crc32, map(b" ".join, runs)))


def sketch_of(hashes: list[int]) -> tuple[int, ...]:
    return tuple(sorted(set(hashes))[:SKETCH_SIZE])


def fingerprint(text: str) -> tuple[int, ...]:
    """A bottom-k sketch of the 5-word shingles of ``text`` (for near-duplicate letters)."""
    return sketch_of(shingles(text)[1])


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two sketches."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    union = sa | sb
    both = sa & sb
    if len(union) <= SKETCH_SIZE:  # the bottom k of the union is all of it
        return len(both) / len(union)
    top = sorted(union)[SKETCH_SIZE - 1]  # the largest hash in the union's bottom k
    return sum(1 for h in both if h <= top) / SKETCH_SIZE
