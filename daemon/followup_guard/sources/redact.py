"""Credentials out of text that will be logged, stored in daemon.json or shown by `doctor`.

A server may echo the command it refused ("NO LOGIN alice hunter2 failed"), so an error from
the login step is passed through :func:`redact` with the secrets that were sent, in every form
they took on the wire, and with the LOGIN / AUTHENTICATE arguments masked whatever they are.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

MASK = "[redacted]"

_QUOTED = r'"(?:[^"\\]|\\.)*"'
# LOGIN user password: the password, quoted, a literal's length, or a bare word.
_LOGIN = re.compile(rf"(?i)(\bLOGIN\s+(?:{_QUOTED}|\S+)\s+)({_QUOTED}|\{{\d+\+?\}}|\S+)")
# AUTHENTICATE mechanism [initial response] / a continuation line: base64 that may hold a token.
_AUTHENTICATE = re.compile(r"(?i)(\bAUTHENTICATE\s+\S+\s+)([A-Za-z0-9+/=]+)")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def wire_forms(secret: str, username: str | None = None) -> list[str]:
    """The ways ``secret`` can appear in a server's echo: as is, IMAP-quoted, and inside the
    base64 of a SASL PLAIN or XOAUTH2 response."""
    forms = [secret, secret.replace("\\", "\\\\").replace('"', '\\"')]
    if username is not None:
        for sasl in (
            f"user={username}\x01auth=Bearer {secret}\x01\x01",
            f"\x00{username}\x00{secret}",
        ):
            forms.append(base64.b64encode(sasl.encode("utf-8", "surrogateescape")).decode())
    return [f for f in dict.fromkeys(forms) if f]


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every given secret (longest first) and every LOGIN password or
    AUTHENTICATE response replaced by ``[redacted]``."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _LOGIN.sub(lambda m: m.group(1) + MASK, text)
    text = _AUTHENTICATE.sub(lambda m: m.group(1) + MASK, text)
    if "AUTHENTICATE" in text.upper():  # a continuation echoed on its own: any long base64
        text = _BASE64_RUN.sub(MASK, text)
    return text
