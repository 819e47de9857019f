"""Parse RFC 5322 messages into the few fields followup-guard needs.

Parsing never raises on bad mail: a header that cannot be decoded is treated as missing and the
problem is noted in ``ParsedMessage.defects``. Only input that is not a message at all
(binary garbage, no header block) raises :class:`NotAMessage`.
"""

from __future__ import annotations

import contextlib
import email
import email.header
import email.utils
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.policy import Compat32

MAX_TEXT_CHARS = 200_000  # the checks never need more than this of a body


class NotAMessage(ValueError):
    """The input is not an RFC 5322 message."""


@dataclass(frozen=True, slots=True)
class Address:
    name: str
    addr: str  # lower-cased

    @property
    def domain(self) -> str:
        return self.addr.rpartition("@")[2]

    def __str__(self) -> str:
        return f"{self.name} <{self.addr}>" if self.name else self.addr


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    message_id: str | None
    date: datetime | None  # aware, UTC; None: no usable Date header
    sender: Address | None
    to: list[Address]
    cc: list[Address]
    bcc: list[Address]
    subject: str
    in_reply_to: str | None
    references: list[str]
    body: str  # the plain text of the first text part (HTML converted), capped
    html_only: bool = False
    size: int = 0
    defects: list[str] = field(default_factory=list)
    # text/calendar parts and .ics attachments, raw (mail/invitation.py reads them)
    calendars: list[bytes] = field(default_factory=list)

    @property
    def recipients(self) -> list[Address]:
        seen: set[str] = set()
        out: list[Address] = []
        for a in (*self.to, *self.cc, *self.bcc):
            if a.addr not in seen:
                seen.add(a.addr)
                out.append(a)
        return out

    @property
    def key(self) -> str:
        """The idempotency key: the normalized Message-ID, else a digest of stable headers."""
        if self.message_id:
            return "mid:" + self.message_id
        h = hashlib.sha256()
        for part in (
            self.date.isoformat() if self.date else "",
            self.sender.addr if self.sender else "",
            ",".join(a.addr for a in self.to),
            self.subject,
            str(self.size),
        ):
            h.update(part.encode("utf-8", "replace") + b"\x00")
        return "sha:" + h.hexdigest()[:32]

    @property
    def thread_ids(self) -> list[str]:
        ids = list(self.references)
        if self.in_reply_to and self.in_reply_to not in ids:
            ids.append(self.in_reply_to)
        return ids


_MSGID_RE = re.compile(r"<([^<>\s]+)>")


_SPACE = re.compile(r"\s")


def normalize_message_id(value: str | None) -> str | None:
    """``<Abc@Host>`` → ``Abc@host`` (the domain part is case-insensitive); None if empty."""
    if not value:
        return None
    m = _MSGID_RE.search(value)
    raw = m.group(1) if m else value.strip().strip("<>").strip()
    if not raw or _SPACE.search(raw):
        return None
    local, at, domain = raw.rpartition("@")
    return f"{local}@{domain.lower()}" if at else raw


def _msg_ids(value: str | None) -> list[str]:
    if not value:
        return []
    out: list[str] = []
    for m in _MSGID_RE.finditer(value):
        n = normalize_message_id(m.group(0))
        if n and n not in out:
            out.append(n)
    return out


Fields = dict[str, list[str]]  # lower-cased name → values, in order
_WANTED = ("from", "to", "cc", "bcc", "subject", "date", "message-id", "in-reply-to", "references")


def _fields(msg: Message, defects: list[str]) -> Fields:
    """The header fields parse_message reads, each read once (a lookup by name scans them
    all). A field that cannot be read is left out, with a defect."""
    out: Fields = {}
    try:
        for name, value in msg.items():
            low = name.lower()
            if low in _WANTED:
                out.setdefault(low, []).append(str(value))
        return out
    except Exception:  # one malformed field: read the others one by one
        out.clear()
    for name in _WANTED:
        try:
            out[name] = [str(v) for v in msg.get_all(name) or []]
        except Exception as exc:  # a malformed header must never stop parsing
            defects.append(f"{name}: {exc.__class__.__name__}")
    return out


def _header(fields: Fields, name: str) -> str | None:
    values = fields.get(name)
    return values[0] if values else None


def _addresses(fields: Fields, name: str, defects: list[str]) -> list[Address]:
    values = fields.get(name, [])
    out: list[Address] = []
    for piece in (p for v in values for p in _split_addresses(v)):
        simple = _SIMPLE_ADDRESS.fullmatch(piece)
        if simple is not None:  # most addresses: no quotes, comments, groups or encoding
            name = " ".join((simple["name"] or "").split())
            out.append(Address(name, (simple["angle"] or simple["bare"]).lower()))
            continue
        parsed = email.utils.getaddresses([piece])
        display, addr = parsed[0] if len(parsed) == 1 else ("", "")
        addr = addr.strip().lower()
        local, at, domain = addr.rpartition("@")
        if not (local and at and domain):
            # Keep a malformed address (``jhon.smith@``) so the address-typo rule can name it;
            # the stdlib parser drops it silently.
            m = re.search(r"<([^<>]*)>", piece)
            raw_addr = (m.group(1) if m else piece).strip().lower()
            if "@" in raw_addr and " " not in raw_addr:
                defects.append(f"{name.capitalize()}: malformed address {raw_addr!r}")
                out.append(Address("", raw_addr))
            elif raw_addr:
                defects.append(f"{name.capitalize()}: not an address: {raw_addr!r}")
            continue
        out.append(Address(_decode_words(display).strip(), addr))
    return out


# ``Name <local@domain>`` or ``local@domain`` in the plain characters for which
# ``email.utils.getaddresses`` gives exactly this split (tests/unit/test_parse.py holds them
# to it); anything else goes through getaddresses.
_LOCAL = r"[A-Za-z0-9_%+'\-]+(?:\.[A-Za-z0-9_%+'\-]+)*"
_DOMAIN = r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
_SIMPLE_ADDRESS = re.compile(
    rf"\s*(?:(?P<name>[A-Za-z0-9'_\-]+(?:[ \t]+[A-Za-z0-9'_\-]+)*)?[ \t]*"
    rf"<(?P<angle>{_LOCAL}@{_DOMAIN})>|(?P<bare>{_LOCAL}@{_DOMAIN}))\s*"
)


def _split_addresses(value: str) -> list[str]:
    """Split an address header on commas outside quotes, angle brackets and comments."""
    if not any(c in value for c in ',"('):  # one plain address: nothing to split
        return [value.strip()] if value.strip() else []
    pieces: list[str] = []
    buf: list[str] = []
    quote, depth, angle = False, 0, False
    for ch in value:
        if ch == '"' and not angle:
            quote = not quote
        elif not quote:
            if ch == "(":
                depth += 1
            elif ch == ")" and depth:
                depth -= 1
            elif ch == "<":
                angle = True
            elif ch == ">":
                angle = False
            elif ch == "," and not depth and not angle:
                pieces.append("".join(buf).strip())
                buf = []
                continue
        buf.append(ch)
    pieces.append("".join(buf).strip())
    return [p for p in pieces if p]


def _decode_words(value: str) -> str:
    """RFC 2047 encoded words (``=?utf-8?q?J=C3=BCrgen?=``) to text; the value as is if broken."""
    if "=?" not in value:
        return value
    with contextlib.suppress(Exception):
        return str(email.header.make_header(email.header.decode_header(value)))
    return value


class _Policy(Compat32):
    """compat32, except that raw 8-bit header bytes (RFC 6532, or clients that skip RFC 2047)
    are read as UTF-8 instead of becoming U+FFFD replacement characters."""

    def header_fetch_parse(self, name: str, value: str) -> str:
        if isinstance(value, str) and value.isascii():
            return value  # what compat32 returns for plain text, without its checks
        if isinstance(value, str) and any("\udc80" <= ch <= "\udcff" for ch in value):
            raw = value.encode("utf-8", "surrogateescape")
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                return raw.decode("latin-1")
        return str(super().header_fetch_parse(name, value))


_POLICY = _Policy()


def _date(fields: Fields, defects: list[str]) -> datetime | None:
    value = _header(fields, "date")
    if not value:
        return None
    try:
        d = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        defects.append(f"Date: unparseable {value[:40]!r}")
        return None
    if d is None:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=timezone.utc)
    return d.astimezone(timezone.utc)


def _decode_part(part: Message, defects: list[str]) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception as exc:
        defects.append(f"body: {exc.__class__.__name__}")
        return ""
    if not isinstance(payload, bytes):
        p = part.get_payload()
        return p if isinstance(p, str) else ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        defects.append(f"body: unknown charset {charset!r}")
        return payload.decode("utf-8", errors="replace")


MAX_CALENDARS, MAX_CALENDAR_BYTES = 4, 2 * 1024 * 1024


def _is_calendar(part: Message) -> bool:
    if part.get_content_type() in ("text/calendar", "application/ics"):
        return True
    try:
        name = part.get_filename() or part.get_param("name") or ""
    except Exception:  # a broken parameter is no attachment name
        return False
    return isinstance(name, str) and name.lower().endswith(".ics")


def _calendars(parts: list[Message], defects: list[str]) -> list[bytes]:
    """Invitations as clients send them: the text/calendar part first, then .ics files."""
    found = [p for p in parts if not p.is_multipart() and _is_calendar(p)]
    found.sort(key=lambda p: p.get_content_type() != "text/calendar")
    out: list[bytes] = []
    for part in found[:MAX_CALENDARS]:
        try:
            payload = part.get_payload(decode=True)
        except Exception as exc:
            defects.append(f"calendar: {exc.__class__.__name__}")
            continue
        if isinstance(payload, bytes) and payload.strip():
            out.append(payload[:MAX_CALENDAR_BYTES])
    return out


def _parts(msg: Message, defects: list[str]) -> list[Message]:
    try:
        return list(msg.walk())
    except Exception as exc:
        defects.append(f"structure: {exc.__class__.__name__}")
        return [msg]


def _body(msg: Message, defects: list[str], parts: list[Message] | None = None) -> tuple[str, bool]:
    """The first text/plain part, else the first text/html part converted to text."""
    plain: Message | None = None
    html: Message | None = None
    if parts is None:
        parts = _parts(msg, defects)
    for part in parts:
        if part.is_multipart():
            continue
        disposition = (part.get("Content-Disposition") or "").lower()
        if "attachment" in disposition:
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain" and plain is None:
            plain = part
        elif ctype == "text/html" and html is None:
            html = part
        if ctype == "message/rfc822":
            break  # a forwarded message: not the user's own text
    if plain is not None:
        return _decode_part(plain, defects)[:MAX_TEXT_CHARS], False
    if html is not None:
        from .text import html_to_text

        text = html_to_text(_decode_part(html, defects)[: MAX_TEXT_CHARS * 4])
        return text[:MAX_TEXT_CHARS], True
    return "", False


# RFC 5322's obsolete syntax (section 4.5.3) allows white space before a field's colon
# (``Subject  : Hi``), which Python's parser reads as body text; MTAs accept it.
_OBS_FIELD = re.compile(rb"^([!-9;-~]+)[ \t]+:", re.M)
_BLANK_LINES = re.compile(rb"\A(?:[ \t]*\r?\n)+")


def _header_end(raw: bytes) -> int:
    """Where the header block ends: the first empty line (or the end)."""
    ends = [i for i in (raw.find(b"\n\n"), raw.find(b"\n\r\n")) if i >= 0]
    return min(ends) + 1 if ends else len(raw)


def normalize_header_block(raw: bytes) -> bytes:
    """Lines of white space before the header block go (some fixtures and MTAs leave them),
    and obsolete ``Name  :`` fields become ``Name:``, so the parser sees the headers the way
    common MTAs do. The body is left as it is."""
    raw = _BLANK_LINES.sub(b"", raw, count=1)
    end = _header_end(raw)
    head = raw[:end]
    if _OBS_FIELD.search(head):
        head = _OBS_FIELD.sub(rb"\1:", head)
        raw = head + raw[end:]
    return raw


def looks_like_message(raw: bytes) -> bool:
    """A cheap sniff: a header block of ``Name: value`` lines before the first blank line."""
    head = _BLANK_LINES.sub(b"", raw[:8192], count=1)
    if not head or b"\x00" in head[:2048]:
        return False
    first = head.split(b"\n", 1)[0]
    if first.startswith(b"From ") and not _OBS_FIELD.match(first):  # an mbox separator line
        head = head.split(b"\n", 1)[1] if b"\n" in head else b""
        first = head.split(b"\n", 1)[0]
    # A field name starts with a letter or digit: JSON ({"to": ...}) is not a header block.
    return re.match(rb"^[A-Za-z0-9][!-9;-~]*[ \t]*:", first) is not None


def parse_bytes(
    raw: bytes, size: int | None = None, *, headers_only: bool = False
) -> ParsedMessage:
    """Parse a message; ``size`` is the whole message's size when ``raw`` is a part of it
    (a truncated fetch); ``headers_only``: ``raw`` is the header block alone (the body is
    left empty, unread). Raises NotAMessage for input with no header block."""
    if not looks_like_message(raw):
        raise NotAMessage("the input has no RFC 5322 header block (expected lines like 'To: ...')")
    msg = BytesParser(policy=_POLICY).parsebytes(
        normalize_header_block(raw), headersonly=headers_only
    )
    return parse_message(msg, size=len(raw) if size is None else size, headers_only=headers_only)


def parse_message(
    msg: Message | EmailMessage, size: int = 0, *, headers_only: bool = False
) -> ParsedMessage:
    defects: list[str] = []
    parts = [msg] if headers_only else _parts(msg, defects)
    body, html_only = ("", False) if headers_only else _body(msg, defects, parts)
    fields = _fields(msg, defects)
    from_list = _addresses(fields, "from", defects)
    subject = _decode_words(_header(fields, "subject") or "")
    return ParsedMessage(
        message_id=normalize_message_id(_header(fields, "message-id")),
        date=_date(fields, defects),
        sender=from_list[0] if from_list else None,
        to=_addresses(fields, "to", defects),
        cc=_addresses(fields, "cc", defects),
        bcc=_addresses(fields, "bcc", defects),
        subject=" ".join(subject.split()),
        in_reply_to=next(iter(_msg_ids(_header(fields, "in-reply-to"))), None),
        references=_msg_ids(_header(fields, "references")),
        body=body,
        html_only=html_only,
        size=size,
        defects=defects,
        calendars=(
            _calendars(parts, defects)
            if not headers_only and (len(parts) > 1 or _is_calendar(msg))
            else []
        ),
    )
