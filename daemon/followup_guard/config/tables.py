"""The [[accounts]] and [[applications.rounds]] tables, checked and made into values."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .checker import _Checker, _datetime, _zone
from .hosts import is_loopback
from .model import Account, Round


def _account(c: _Checker, path: str, d: dict[str, Any]) -> Account | None:
    # 'password' gets its own, clearer problem below rather than "unknown key".
    c.table(
        {k: v for k, v in d.items() if k != "password"},
        path,
        {
            "id",
            "host",
            "port",
            "tls",
            "username",
            "auth",
            "password_command",
            "keyring_service",
            "token_command",
            "ca_file",
            "sent_folder",
            "inbox_folder",
            "backfill_days",
            "idle_renew_seconds",
            "poll_seconds",
            "read_timeout_seconds",
            "drafts",
            "drafts_folder",
        },
    )
    acc_id = c.get(d, "id", path, str, default="default")
    host = c.get(d, "host", path, str)
    username = c.get(d, "username", path, str)
    tls = c.get(d, "tls", path, str, default="implicit")
    if tls not in ("implicit", "starttls", "none"):
        c.problem(f"{path}.tls", f"expected 'implicit', 'starttls' or 'none', got {tls!r}")
        tls = None
    if tls == "none" and host and not is_loopback(host):
        c.problem(
            f"{path}.tls",
            f"plaintext IMAP is only allowed to loopback, not to {host!r}; "
            "use tls = 'implicit' or 'starttls'",
        )
        tls = None
    auth = c.get(d, "auth", path, str, default="password")
    if auth not in ("password", "xoauth2"):
        c.problem(f"{path}.auth", f"expected 'password' or 'xoauth2', got {auth!r}")
    if auth == "xoauth2" and "token_command" not in d:
        c.problem(path, "auth = 'xoauth2' needs a token_command that prints an access token")
    if auth == "password" and "password_command" not in d and "keyring_service" not in d:
        c.problem(
            path,
            "give a password_command (like mbsync's PassCmd) or a keyring_service; "
            "passwords are never read from this file",
        )
    if "password" in d:
        c.problem(
            f"{path}.password",
            "passwords are never stored in the config; use password_command or keyring_service",
        )
    port = c.get(d, "port", path, int, default=993 if tls == "implicit" else 143)
    if port is not None and not 0 < port < 65536:
        c.problem(f"{path}.port", f"port {port} is out of range 1-65535")
    ca = c.get(d, "ca_file", path, str, default=None)
    ints = {
        k: c.get(d, k, path, int, default=default)
        for k, default in (
            ("backfill_days", 180),
            ("idle_renew_seconds", 540),
            ("poll_seconds", 90),
        )
    }
    if ints["idle_renew_seconds"] and not 30 <= ints["idle_renew_seconds"] <= 1740:
        c.problem(
            f"{path}.idle_renew_seconds",
            "must be between 30 and 1740 (servers end IDLE after 30 minutes)",
        )
    read_timeout = c.get(d, "read_timeout_seconds", path, (int, float), default=60.0)
    if None in (host, username, tls, port):
        return None
    return Account(
        id=acc_id,
        host=host,
        port=port,
        tls=tls,
        username=username,
        auth=auth,
        password_command=c.get(d, "password_command", path, str, default=None),
        keyring_service=c.get(d, "keyring_service", path, str, default=None),
        token_command=c.get(d, "token_command", path, str, default=None),
        ca_file=Path(ca).expanduser() if ca else None,
        sent_folder=c.get(d, "sent_folder", path, str, default=None),
        inbox_folder=c.get(d, "inbox_folder", path, str, default="INBOX"),
        backfill_days=ints["backfill_days"] or 180,
        idle_renew_seconds=ints["idle_renew_seconds"] or 540,
        poll_seconds=ints["poll_seconds"] or 90,
        read_timeout_seconds=float(read_timeout or 60.0),
        drafts=c.get(d, "drafts", path, bool, default=True),
        drafts_folder=c.get(d, "drafts_folder", path, str, default=None),
    )


def _round(c: _Checker, path: str, d: dict[str, Any], app_tz: ZoneInfo) -> Round | None:
    c.table(d, path, {"name", "start", "end", "length_minutes", "timezone"})
    name = c.get(d, "name", path, str)
    tz = _zone(c, c.get(d, "timezone", path, str, default=None), f"{path}.timezone") or app_tz
    start = _datetime(c, d["start"], f"{path}.start", tz) if "start" in d else None
    if "start" not in d:
        c.problem(path, "missing required key 'start'")
    end = None
    if "end" in d and "length_minutes" in d:
        c.problem(path, "give either 'end' or 'length_minutes', not both")
    elif "end" in d:
        end = _datetime(c, d["end"], f"{path}.end", tz)
    elif "length_minutes" in d:
        minutes = c.get(d, "length_minutes", path, int)
        if minutes is not None and start is not None:
            if minutes <= 0:
                c.problem(f"{path}.length_minutes", "must be positive")
            else:
                end = start + timedelta(minutes=minutes)
    elif start is not None:
        end = start + timedelta(hours=1)
    if start and end and end <= start:
        c.problem(
            f"{path}.end",
            f"the round ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})",
        )
        return None
    if name is None or start is None or end is None:
        return None
    return Round(name=name, start=start, end=end, tz=tz)
