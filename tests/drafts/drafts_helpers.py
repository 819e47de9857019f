"""Helpers for the drafts-guard tests: a config with a boss at the company, drafts as clients
save them (over real IMAP), and `followup-guard drafts --json` run as a user would."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
for extra in (TESTS / "daemon", TESTS / "thunderbird"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from daemon_helpers import DaemonProc, imap_account, wait_for  # noqa: E402

__all__ = ["DaemonProc", "ImapUser", "draft", "drafts_json", "wait_for", "write_drafts_config"]

DANA = "dana.wu@acme.example"  # the interviewer
BOSS = "carl.boss@acme.example"  # her boss: outside the hiring process

CLEAN_BODY = (
    "Dear Dana,\r\n\r\nThank you for the system design interview on Tuesday. I enjoyed our "
    "talk about the Acme ledger service and how your team handles retries.\r\n\r\n"
    "It made me even more excited about the Backend Engineer role at Acme Corp, and I would "
    "be glad to go deeper into the caching design we sketched.\r\n\r\n"
    "Best regards,\r\nAlice Applicant\r\n"
)


def write_drafts_config(
    home: Path, dovecot, *, extra_account: str = "", extra: str = "", quiet: int = 60
) -> Path:
    """alice's account on the test Dovecot; Acme with Dana (interviewer), round yesterday."""
    # The round ended two hours ago: a thank-you now is on time.
    start = (datetime.now(timezone.utc) - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    cfg = home / "config.toml"
    cfg.write_text(
        textwrap.dedent(f"""
        [general]
        timezone = "UTC"
        notify = true
        drafts_quiet_seconds = {quiet}

        [user]
        name = "Alice Applicant"

        [[identities]]
        address = "alice@example.org"
        name = "Alice Applicant"

        [[applications]]
        id = "acme"
        company = "Acme Corp"
        role = "Backend Engineer"
        domains = ["acme.example"]
        talking_points = ["ledger service", "caching design"]

          [[applications.rounds]]
          name = "system design"
          start = "{start}"
          length_minutes = 60

          [[applications.people]]
          name = "Dana Wu"
          address = "{DANA}"
          role = "interviewer"
        """)
        + imap_account(dovecot, home, extra=extra_account)
        + extra
    )
    return cfg


def draft(
    body: str = CLEAN_BODY,
    *,
    to: str = DANA,
    subject: str = "Thank you for the interview",
    mid: str | None = "<draft-1@example.org>",
    headers: str = "",
    content_type: str = "text/plain; charset=utf-8",
) -> bytes:
    date = format_datetime(datetime.now(timezone.utc))
    lines = ["From: Alice Applicant <alice@example.org>"]
    if to:
        lines.append(f"To: {to}")
    lines += [f"Subject: {subject}", f"Date: {date}"]
    if mid:
        lines.append(f"Message-ID: {mid}")
    lines += ["MIME-Version: 1.0", f"Content-Type: {content_type}"]
    head = "\r\n".join(lines) + "\r\n" + headers
    return (head + "\r\n" + body).encode("utf-8")


class ImapUser:
    """A mail client's view of alice's mailbox: saves and replaces drafts like clients do."""

    def __init__(self, dovecot, folder: str = "Drafts") -> None:
        from imapclient import IMAPClient

        self.folder = folder
        self.c = IMAPClient(dovecot.host, port=dovecot.imap_port, ssl=False, timeout=30)
        self.c.login("alice", "secret")

    def save(self, raw: bytes, *, flags: tuple[bytes, ...] = (b"\\Seen",)) -> int:
        """APPEND (Roundcube sets only \\Seen; Thunderbird also \\Draft); the new UID."""
        self.c.append(self.folder, raw, flags=flags)
        self.c.select_folder(self.folder)
        return max(self.c.search(["ALL"]))

    def replace(self, old_uid: int, raw: bytes) -> int:
        """A client's save over an earlier one: APPEND new, flag old \\Deleted, EXPUNGE."""
        new = self.save(raw)
        self.c.select_folder(self.folder)
        self.c.add_flags([old_uid], [b"\\Deleted"])
        self.c.uid_expunge([old_uid]) if self.c.has_capability("UIDPLUS") else self.c.expunge()
        return new

    def delete(self, uid: int) -> None:
        self.c.select_folder(self.folder)
        self.c.add_flags([uid], [b"\\Deleted"])
        self.c.expunge()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.c.logout()


def drafts_json(cfg: Path, data_dir: Path, env: dict[str, str] | None = None) -> dict:
    res = subprocess.run(
        [sys.executable, "-m", "followup_guard.cli.main", "drafts", "--json",
         "--config", str(cfg), "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=30, env=env or dict(os.environ),
    )  # fmt: skip
    assert res.returncode == 0, f"drafts --json exited {res.returncode}: {res.stderr}"
    return json.loads(res.stdout)


def rules_of(listing: dict, subject: str | None = None) -> list[list[str]]:
    """The finding rule ids of each listed draft (optionally only those with ``subject``)."""
    return [
        [f["rule"] for f in d["findings"]]
        for d in listing["drafts"]
        if subject is None or d["subject"] == subject
    ]
