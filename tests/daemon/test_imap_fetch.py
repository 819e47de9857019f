"""The IMAP fast path (sources/imap_fetch.py: fetch_items) returns what imapclient's ``fetch`` returns, on a
real Dovecot, for every item the catch-up asks for and for odd messages."""

from __future__ import annotations

from typing import Any

import pytest
from factories import message
from followup_guard.sources import imap_fetch
from followup_guard.sources.imap_fetch import EXTRA_FETCH, HEAD_FETCH, SENT_FETCH, TEXT_ITEM
from imapclient import IMAPClient

pytestmark = pytest.mark.real

ODD = [
    message(1),
    message(2, mid=""),  # no Message-ID
    b"From: a@b.example\r\nSubject: no date, no To\r\n\r\nbody\r\n",
    b"Subject: only a subject\r\n\r\n",  # none of the From/To/... fields
    "From: Jürgen Groß <j@b.example>\r\nTo: x@y.example\r\nSubject: Grüße\r\n\r\nÄ\r\n".encode(),
    b'From: "Quoted \\" Name" <q@b.example>\r\nTo: "x" <x@y.example>\r\nSubject: "quotes"\r\n\r\n'
    + b"x" * 40000  # longer than the text asked for
    + b"\r\n",
    b"From: a@b.example\r\nTo: x@y.example\r\nSubject: bare LF\nX: y\n\nbody\n",
]


def normalised(got: dict[int, dict[bytes, Any]]) -> dict[int, dict[bytes, Any]]:
    return {uid: {k: v for k, v in d.items() if k != b"SEQ"} for uid, d in got.items()}


@pytest.mark.parametrize(
    "items",
    [HEAD_FETCH, [TEXT_ITEM], EXTRA_FETCH, SENT_FETCH],
    ids=["head", "text", "size+date", "all"],
)
def test_fast_fetch_equals_imapclient_fetch(dovecot, items: list[str]) -> None:
    for raw in ODD:
        dovecot.append("alice", "Sent", raw)
    client = IMAPClient(dovecot.host, port=dovecot.imap_port, ssl=False)
    client.normalise_times = False
    try:
        client.login("alice", "secret")
        client.select_folder("Sent", readonly=True)
        uids = client.search(["ALL"])
        assert len(uids) == len(ODD)
        want = normalised(client.fetch(uids, items))
        got = imap_fetch.fetch_items(client, uids, items)
        assert got.keys() == want.keys()
        for uid in uids:
            assert got[uid] == want[uid], uid
        # A part of the set, and nothing at all.
        assert imap_fetch.fetch_items(client, uids[2:4], items).keys() == set(uids[2:4])
        assert imap_fetch.fetch_items(client, [], items) == {}
    finally:
        client.logout()
