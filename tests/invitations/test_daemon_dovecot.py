"""End to end on real parts: invitations APPENDed to a real Dovecot's INBOX, the daemon
(`python -m followup_guard.service`) watching it over IMAP, the CLI accepting.

The daemon reads INBOX headers only, and reads a whole message when its headers or its
BODYSTRUCTURE say it may hold an invitation: an Outlook-style invitation (the calendar part
inside multipart/alternative) and a Greenhouse confirmation (no calendar at all) both get
there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import corpus
import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "daemon"))

from daemon_helpers import DaemonProc, imap_account, wait_for, write_config  # noqa: E402
from followup_guard.api import open_context  # noqa: E402
from followup_guard.config.load import load_config  # noqa: E402
from followup_guard.record.suggestions import pending  # noqa: E402

pytestmark = pytest.mark.real
ME = "Alice Applicant <alice@example.org>"


def invitation(start: datetime, *, seq: int = 0, mid: str = "inv-1@initech.example") -> bytes:
    end = start + timedelta(hours=1)
    ics = f"""BEGIN:VCALENDAR
METHOD:REQUEST
PRODID:Microsoft Exchange Server 2010
VERSION:2.0
BEGIN:VEVENT
ORGANIZER;CN=Maria Lopez:mailto:maria.lopez@initech.example
ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE;CN=Alice Applicant:mailto:alice@example.org
ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE;CN=Bill Lumbergh:mailto:bill@initech.example
UID:040000008200E00074C5B7101A82E00800000000DAEMONTEST
SUMMARY;LANGUAGE=en-US:Initech - technical interview
DTSTART:{start:%Y%m%dT%H%M%SZ}
DTEND:{end:%Y%m%dT%H%M%SZ}
DTSTAMP:{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}
SEQUENCE:{seq}
END:VEVENT
END:VCALENDAR
"""
    return corpus.wrap(ics, style="outlook", sender="Maria Lopez <maria.lopez@initech.example>",
                       subject="Initech - technical interview", mid=mid, to=ME,
                       sent=datetime.now(timezone.utc))  # fmt: skip


def greenhouse(start: datetime) -> bytes:
    text = (corpus.MAILS / "greenhouse-confirmation.eml").read_text()
    text = text.replace("Tuesday, December 8, 2026", f"{start:%A, %B} {start.day}, {start.year}")
    text = text.replace("Alex Morgan <alex.morgan@example.org>", ME)
    now = datetime.now(timezone.utc)
    return text.replace(
        "Fri, 04 Dec 2026 09:12:00 +0000", f"{now:%a, %d %b %Y %H:%M:%S +0000}"
    ).encode()


def fg(home: Path, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "followup_guard.cli.main", "--config", str(home / "config.toml"),
         "--data-dir", str(home / "data"), *args],
        capture_output=True, text=True, timeout=60, env=dict(os.environ),
    )  # fmt: skip
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    return out.stdout


def suggestions(home: Path) -> list:
    with open_context(home / "config.toml", home / "data") as ctx:
        return pending(ctx.store)


def test_an_invitation_in_inbox_becomes_a_suggestion_and_accepting_starts_reminders(
    dovecot, tmp_path: Path
) -> None:
    home = tmp_path
    write_config(home, accounts=imap_account(dovecot, home))
    d = DaemonProc(home / "config.toml", home / "data").start()
    try:
        d.wait_ready(30)
        start = (datetime.now(timezone.utc) + timedelta(days=3)).replace(
            hour=14, minute=0, second=0, microsecond=0
        )
        dovecot.append("alice", "INBOX", invitation(start))
        wait_for(lambda: len(suggestions(home)) == 1, 20, lambda: d.last_log()[-3000:])
        (s,) = suggestions(home)
        assert s.company == "Initech" and s.round.name == "technical interview"
        assert s.round.start == start
        assert [(p.address, p.role) for p in s.people] == [
            ("maria.lopez@initech.example", "permitted"),
            ("bill@initech.example", "interviewer"),
        ]
        d.wait_log(f"suggestion {s.id}: Interview with Initech")

        # A scheduling email without a calendar: read whole because of its sender and subject.
        other = start + timedelta(days=1)
        dovecot.append("alice", "INBOX", greenhouse(other))
        wait_for(lambda: len(suggestions(home)) == 2, 20, lambda: d.last_log()[-3000:])

        listed = json.loads(fg(home, "suggestions", "--json"))["suggestions"]
        assert [x["company"] for x in listed] == ["Initech", "Initech"]
        out = fg(home, "suggestions", "accept", str(s.id))
        assert "new application initech" in out
        app = load_config(home / "config.toml").application("initech")
        assert app is not None and [r.start for r in app.rounds] == [start]

        after = (start + timedelta(hours=2)).isoformat()
        status = json.loads(fg(home, "status", "--json", "--at", after))
        initech = next(a for a in status["applications"] if a["id"] == "initech")
        assert [r["name"] for r in initech["rounds"]] == ["technical interview"]
        assert ("thank-you-due", "bill@initech.example") in [
            (r["rule"], r["person"]) for r in status["reminders"] if r["application"] == "initech"
        ]

        # The organizer moves it: the daemon moves the round in the config.
        moved = start + timedelta(days=2)
        dovecot.append("alice", "INBOX", invitation(moved, seq=1, mid="inv-2@initech.example"))
        wait_for(
            lambda: (
                [r.start for r in load_config(home / "config.toml").application("initech").rounds]  # type: ignore[union-attr]
                == [moved]
            ),
            20,
            lambda: d.last_log()[-3000:],
        )
        assert d.alive()
    finally:
        assert d.terminate() == 0
    assert "Traceback" not in d.log
