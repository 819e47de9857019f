"""`reply_waiting` against a real Dovecot, plain and TLS: a change that lands just before IDLE
comes in the same read as the IDLE reply, and only a look at the client's buffer finds it
(the library's `idle_check` polls the socket). If an imapclient upgrade moves its reader,
these fail rather than the daemon quietly missing mail again."""

from __future__ import annotations

import time

import pytest
from daemon_helpers import imap_client
from factories import message
from followup_guard.sources.imap_connect import reply_waiting

pytestmark = pytest.mark.real


@pytest.mark.parametrize("tls", [False, True], ids=["plain", "tls"])
def test_reply_waiting_sees_a_change_announced_with_the_idle_reply(dovecot, tls: bool) -> None:
    c = imap_client(dovecot, tls=tls)
    try:
        c.select_folder("INBOX", readonly=True)
        c.idle()
        assert not reply_waiting(c)  # nothing new: no wait, no false alarm
        assert c.socket().gettimeout() == 30  # the read timeout is put back
        c.idle_done()

        dovecot.append("alice", "INBOX", message(f"before-idle-{tls}"))
        time.sleep(0.1)  # it lands between the last command and IDLE
        c.idle()
        assert c.idle_check(timeout=1) == []  # the library's own check does not see it
        assert reply_waiting(c)
        _text, responses = c.idle_done()
        assert any(r[1:2] == (b"EXISTS",) for r in responses)

        c.noop()
        c.idle()
        assert not reply_waiting(c)
        c.idle_done()
    finally:
        c.logout()
