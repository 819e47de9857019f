"""The one fast path of the IMAP source: ``UID FETCH`` read without imapclient's general
response parser.

imapclient's ``fetch`` tokenises every response in Python; for a backfill that is most of the
cost of fetching, and with it the daemon's backfill took 1.5–2× a bare ``fetch`` of the same
fields (the goal is 1.3×; docs/performance.md). This function sends the same command through
the imaplib connection imapclient wraps and reads the few items the catch-up asks for (BODY
sections, RFC822.SIZE, INTERNALDATE) from imaplib's split of the response, and returns what
``client.fetch`` returns for them (without ``SEQ``). It relies on imapclient keeping that
connection in ``_imap``: the imapclient range in pyproject.toml is the one it was tested on,
and tests/daemon/test_imap_fetch.py holds it to ``client.fetch`` on a real server.
"""

from __future__ import annotations

import imaplib
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from imapclient import IMAPClient

_START = re.compile(rb"^\d+ \(")  # "12 (" starts a message's FETCH response
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_DATE = re.compile(rb'\bINTERNALDATE "([^"]+)"')
_LITERAL = re.compile(rb"(BODY\[[^\]]*\](?:<\d+>)?) \{\d+\}$")  # a section sent as a literal
_QUOTED = re.compile(rb'(BODY\[[^\]]*\](?:<\d+>)?) (?:"((?:[^"\\]|\\.)*)"|NIL)')


def fetch(
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
