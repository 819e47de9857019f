"""Fetching for the IMAP catch-up: what is asked for, one batch fetched, parsed and prepared,
and the one fast path of the source, :func:`fetch_items`.

The fast path: imapclient's ``fetch`` tokenises every response in Python; for a backfill that
is most of the cost of fetching, and with it the daemon's backfill took 1.5–2× a bare
``fetch`` of the same fields (the goal is 1.3×; docs/performance.md). :func:`fetch_items`
sends the same command through the imaplib connection imapclient wraps and reads the few
items the catch-up asks for (BODY sections, RFC822.SIZE, INTERNALDATE) from imaplib's split
of the response, returning what ``client.fetch`` returns for them (without ``SEQ``). It relies
on imapclient keeping that connection in ``_imap``: the imapclient range in pyproject.toml is
the one it was tested on, and tests/daemon/test_imap_fetch.py holds it to ``client.fetch`` on
a real server.
"""

from __future__ import annotations

import imaplib
import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from imapclient import IMAPClient

from ..mail.parse import ParsedMessage, parse_bytes
from .base import Direction, Found, Recorder, Seen

log = logging.getLogger("followup_guard.imap")

TEXT_BYTES = 16384
MAX_INVITATION_BYTES = 5 * 1024 * 1024
HEADER_FIELDS = (
    "FROM",
    "TO",
    "CC",
    "BCC",
    "SUBJECT",
    "DATE",
    "MESSAGE-ID",
    "IN-REPLY-TO",
    "REFERENCES",
    "MIME-VERSION",
    "CONTENT-TYPE",
    "CONTENT-TRANSFER-ENCODING",
)
HEADER_ITEM = "BODY.PEEK[HEADER.FIELDS (" + " ".join(HEADER_FIELDS) + ")]"
TEXT_ITEM = f"BODY.PEEK[TEXT]<0.{TEXT_BYTES}>"
# Everything the checks could need of a sent message; the catch-up fetches the headers of a
# batch first and the text only of the messages that concern a tracked application (the
# store keeps a fingerprint of the user's own text for those alone).
SENT_FETCH = [HEADER_ITEM, TEXT_ITEM, "RFC822.SIZE", "INTERNALDATE"]
HEAD_FETCH = [HEADER_ITEM]  # the text only of mail to or from a tracked application
# The size (part of the key of a message without a Message-ID) and the server's date (for a
# message without a usable Date) are asked for only for the few messages that need them:
# each fetched item costs imapclient's response parser time for every message.
EXTRA_FETCH = ["RFC822.SIZE", "INTERNALDATE"]

_START = re.compile(rb"^\d+ \(")  # "12 (" starts a message's FETCH response
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_DATE = re.compile(rb'\bINTERNALDATE "([^"]+)"')
_LITERAL = re.compile(rb"(BODY\[[^\]]*\](?:<\d+>)?) \{\d+\}$")  # a section sent as a literal
_QUOTED = re.compile(rb'(BODY\[[^\]]*\](?:<\d+>)?) (?:"((?:[^"\\]|\\.)*)"|NIL)')


def fetch_items(
    client: IMAPClient, uids: Sequence[int], items: Sequence[str]
) -> dict[int, dict[bytes, Any]]:
    """``client.fetch(uids, items)`` for BODY sections, RFC822.SIZE and INTERNALDATE.
    Responses without a UID (unsolicited flag changes) are left out."""
    if not uids:
        return {}
    imap = client._imap  # the one private use; see the module's doc
    typ, data = imap.uid("FETCH", ",".join(map(str, uids)), "(" + " ".join(items) + ")")
    if typ != "OK":
        raise imaplib.IMAP4.error(f"UID FETCH failed: {data[-1] if data else typ!r}")
    out: dict[int, dict[bytes, Any]] = {}
    texts: list[bytes] = []
    cur: dict[bytes, Any] = {}
    for item in [*data, None]:
        head = item[0] if isinstance(item, tuple) else item
        if head is None or _START.match(head):
            _finish(texts, cur, out)
            if head is None:
                break
            texts, cur = [], {}
        if isinstance(item, tuple):
            m = _LITERAL.search(head)
            if m:
                cur[m.group(1)] = item[1]
                head = head[: m.start()]
        texts.append(head)
    return out


def _finish(texts: list[bytes], cur: dict[bytes, Any], out: dict[int, dict[bytes, Any]]) -> None:
    joined = b" ".join(texts)
    uid = _UID.search(joined)
    if uid is None:
        return
    for m in _QUOTED.finditer(joined):
        cur.setdefault(m.group(1), (m.group(2) or b"").replace(b'\\"', b'"'))
    if size := _SIZE.search(joined):
        cur[b"RFC822.SIZE"] = int(size.group(1))
    if date := _DATE.search(joined):
        try:
            cur[b"INTERNALDATE"] = datetime.strptime(
                date.group(1).decode().strip(), "%d-%b-%Y %H:%M:%S %z"
            )
        except ValueError:
            cur[b"INTERNALDATE"] = None
    out[int(uid.group(1))] = cur


def section(data: dict[bytes, Any], prefix: bytes) -> bytes:
    """The fetched ``BODY[...]`` item starting with ``prefix`` (the server names it in full)."""
    for key, value in data.items():
        if isinstance(key, bytes) and key.startswith(prefix):
            return bytes(value or b"")
    return b""


def internal_date(value: object) -> datetime | None:
    """INTERNALDATE as an aware datetime (imapclient keeps the server's offset)."""
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def parse_fetched(data: dict[bytes, Any]) -> ParsedMessage:
    """The fetched header fields and text of one message, parsed (raises NotAMessage)."""
    header = section(data, b"BODY[HEADER")
    text = section(data, b"BODY[TEXT]")
    if header and not header.endswith(b"\r\n\r\n"):
        header += b"\r\n"
    size = int(data.get(b"RFC822.SIZE") or 0)
    # The key must not depend on the truncation: the size is the message's, not the fetch's.
    return parse_bytes(header + text, size=size or None, headers_only=not text)


def folder_direction(role: str) -> Direction:
    """The folder's evidence: Sent holds the user's mail, INBOX mail to the user (the
    recorder still counts mail a configured identity sent as the user's)."""
    return "out" if role == "sent" else "in"


def fetch_batch(
    client: IMAPClient,
    recorder: Recorder,
    where: Seen,
    role: str,
    uids: Sequence[int],
) -> dict[int, Found | Exception]:
    """One batch fetched, parsed and prepared: the part of the catch-up that needs no store.

    The header fields of all; the first 16 KB of text of those the recorder wants (mail to
    a tracked application, whose text it fingerprints, and from one, whose text says whether
    it turns the application down); the size and
    INTERNALDATE of those without a Message-ID or a usable Date; for INBOX, the whole of those
    that may hold an interview invitation (:func:`read_invitations`). Messages expunged since
    the search are missing from the result."""
    data: dict[int, dict[bytes, Any]] = fetch_items(client, uids, HEAD_FETCH)
    out: dict[int, Found | Exception] = {}
    for uid, items in data.items():
        out[uid] = _found(recorder, where, role, uid, items)
    need = [u for u, f in out.items() if isinstance(f, Found) and recorder.wants_text(f)]
    if need:
        texts: dict[int, dict[bytes, Any]] = fetch_items(client, need, [TEXT_ITEM])
        for uid, items in texts.items():
            if uid in data:
                data[uid].update(items)
                out[uid] = _found(recorder, where, role, uid, data[uid])
    if role == "inbox":
        read_invitations(client, recorder, data, out)
    odd = [
        u
        for u, f in out.items()
        if isinstance(f, Found) and (f.msg.date is None or f.msg.message_id is None)
    ]
    if odd:
        extra: dict[int, dict[bytes, Any]] = fetch_items(client, odd, EXTRA_FETCH)
        for uid, items in extra.items():
            f = out.get(uid)
            if isinstance(f, Found):
                msg = replace(f.msg, size=int(items.get(b"RFC822.SIZE") or f.msg.size))
                seen = replace(f.seen, folder_date=internal_date(items.get(b"INTERNALDATE")))
                out[uid] = replace(f, msg=msg, seen=seen)
    return out


def _found(
    recorder: Recorder, where: Seen, role: str, uid: int, items: dict[bytes, Any]
) -> Found | Exception:
    try:
        msg = parse_fetched(items)
    except Exception as exc:  # NotAMessage, or a parser bug on odd input: skip, say why
        return exc
    seen = Seen(
        where.account,
        where.folder,
        where.uidvalidity,
        uid,
        internal_date(items.get(b"INTERNALDATE")),
    )
    return recorder.prepare(Found(msg, seen, "imap", folder_direction(role)))


def read_invitations(
    client: IMAPClient,
    recorder: Recorder,
    data: dict[int, dict[bytes, Any]],
    out: dict[int, Found | Exception],
) -> None:
    """INBOX messages that may hold an interview invitation, read whole (the rest stay
    headers only; see ``mail/invitation.py``): those the headers point at, and recent
    multipart ones whose BODYSTRUCTURE names a calendar part, up to 5 MB each. A failure
    leaves the header-only parse; a lost connection raises (the batch is read again)."""
    from ..mail.invitation import content_type_of, structure_has_calendar, worth_a_look

    full: list[int] = []
    look: list[int] = []
    for uid, f in out.items():
        if not isinstance(f, Found):
            continue
        verdict = worth_a_look(f.msg, content_type_of(section(data[uid], b"BODY[HEADER")))
        (full if verdict == "full" else look if verdict == "structure" else []).append(uid)
    if not full and not look:
        return
    try:
        sizes = fetch_items(client, sorted(full + look), ["RFC822.SIZE"])
        size = {u: int(d.get(b"RFC822.SIZE") or 0) for u, d in sizes.items()}
        look = [u for u in look if 0 < size.get(u, 0) <= MAX_INVITATION_BYTES]
        full = [u for u in full if 0 < size.get(u, 0) <= MAX_INVITATION_BYTES]
        if look:  # imapclient's public fetch: BODYSTRUCTURE is not one of the fast path's items
            for uid, d in client.fetch(look, ["BODYSTRUCTURE"]).items():
                if structure_has_calendar(d.get(b"BODYSTRUCTURE")):
                    full.append(uid)
        if not full:
            return
        for uid, d in fetch_items(client, sorted(full), ["BODY.PEEK[]"]).items():
            headers_only = out.get(uid)
            raw = section(d, b"BODY[]")
            if isinstance(headers_only, Found) and raw:
                # The size is the server's, as for every other message: the same key.
                msg = parse_bytes(raw, size=size[uid])
                out[uid] = recorder.prepare(replace(headers_only, msg=msg, prepared=None))
    except (imaplib.IMAP4.abort, OSError):
        raise  # the connection is gone: the caller reconnects and reads the batch again
    except Exception as exc:  # the headers are still recorded
        log.warning("reading invitations: %s: %s", exc.__class__.__name__, str(exc)[:200])
