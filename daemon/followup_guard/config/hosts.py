"""The one loopback test: the config loader and the IMAP connect both ask it, so a host the
config accepts for plaintext IMAP is one the connect accepts, and connects to."""

from __future__ import annotations

import ipaddress


def _name(host: str) -> str:
    return host.rstrip(".").lower() if host.rstrip(".") else host


def is_loopback(host: str) -> bool:
    """``localhost`` in any case, with or without the root dot, or a loopback address
    (``127.0.0.0/8``, ``::1``, in brackets or not)."""
    if _name(host) == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def dial_name(host: str) -> str:
    """The name to resolve for ``host``: ``localhost.`` and ``LOCALHOST`` resolve as
    ``localhost`` (many resolvers know no ``localhost.``); other names as written."""
    return "localhost" if _name(host) == "localhost" else host.strip("[]")
