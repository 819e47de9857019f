"""A refused IMAP login: the server's own trouble ("[UNAVAILABLE]", RFC 5530, as Dovecot says
while it shuts down) is retried like a dropped connection; anything else is the user's to fix.
Neither message ever carries the password."""

from __future__ import annotations

import pytest
from followup_guard.config.model import Account
from followup_guard.sources.imap_connect import AuthError, ConnectionLost, login_refused
from imapclient.exceptions import LoginError

ACCOUNT = Account(id="main", host="127.0.0.1", username="alice", port=143, tls="none")
SECRET = "hunter2-secret"


@pytest.mark.parametrize(
    ("server_said", "kind"),
    [
        ("b'[UNAVAILABLE] Server shutting down.'", ConnectionLost),
        ("command: LOGIN => [UNAVAILABLE] Server shutting down.", ConnectionLost),
        ("b'[AUTHENTICATIONFAILED] Authentication failed.'", AuthError),
        (f"command: LOGIN alice {SECRET} => NO Authentication failed.", AuthError),
    ],
)
def test_what_a_refused_login_means(server_said: str, kind: type[Exception]) -> None:
    err = login_refused(LoginError(server_said), ACCOUNT, SECRET)
    assert type(err) is kind
    assert "'alice' at 127.0.0.1:143" in str(err)
    assert SECRET not in str(err)
