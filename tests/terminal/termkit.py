"""Helpers for the terminal-client tests: a followup-guard world, msmtp, messages, runs.

Every test gets its own HOME, config, store and msmtp config pointing at the ``smtp_sink``
fixture on 127.0.0.1. Programs run for real (msmtp, NeoMutt, git send-email, tmux); nothing is
mocked. DISPLAY is removed so the shim takes its headless path unless a test adds a display.
"""

from __future__ import annotations

import email.utils
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

ME = "alex.morgan@example.org"
DANA = "dana.wu@acme.example"
JOHN = "john.smith@acme.example"
TOM = "tom.becker@acme.example"  # do-not-contact: any message to him is blocked
MARIA = "maria.lopez@acme.example"  # the recruiter: permitted
FRIEND = "sam.lee@friends.example"


def _shim_path() -> str:
    """The installed `followup-guard-sendmail` console script."""
    beside = Path(sys.executable).parent / "followup-guard-sendmail"
    if beside.exists():
        return str(beside)
    return shutil.which("followup-guard-sendmail") or str(beside)


# The shim and the CLI as this Python runs them: immune to a console script being rewritten
# by a concurrent `pip install -e .`. One test runs the installed console script itself.
SHIM = [sys.executable, "-m", "followup_guard.bridges.sendmail"]
CLI = [sys.executable, "-m", "followup_guard.cli.main"]


def config_text(
    sendmail_command: list[str] | None, now: datetime | None = None, fail_closed: bool | None = None
) -> str:
    """The corpus world (tests/corpus/config.toml), with the onsite round 3 hours ago."""
    now = now or datetime.now(timezone.utc)
    start = (now - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    end = (now - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    decision = (now + timedelta(days=14)).date().isoformat()
    text = f'''
[general]
timezone = "UTC"

[user]
name = "Alex Morgan"

[[identities]]
address = "{ME}"
name = "Alex Morgan"
signature = """Alex Morgan
+1 617 555 0142"""

[[applications]]
id = "acme-backend"
company = "Acme Corp"
role = "Backend Engineer"
domains = ["acme.example"]
decision_date = "{decision}"
talking_points = ["payments ledger", "Kafka migration", "on-call rotation"]

  [[applications.rounds]]
  name = "onsite"
  start = "{start}"
  end = "{end}"
  timezone = "UTC"

  [[applications.people]]
  name = "Dana Wu"
  title = "Engineering Manager"
  address = "{DANA}"
  role = "interviewer"

  [[applications.people]]
  name = "John Smith"
  title = "Staff Engineer"
  address = "{JOHN}"
  role = "interviewer"

  [[applications.people]]
  name = "Maria Lopez"
  title = "Recruiter"
  address = "maria.lopez@acme.example"
  role = "permitted"

  [[applications.people]]
  name = "Tom Becker"
  title = "VP Engineering"
  address = "{TOM}"
  role = "do-not-contact"
'''
    lines = []
    if sendmail_command is not None:
        items = ", ".join('"' + c + '"' for c in sendmail_command)
        lines.append(f"command = [{items}]")
    if fail_closed is not None:
        lines.append(f"fail_closed = {'true' if fail_closed else 'false'}")
    if lines:
        text += "\n[sendmail]\n" + "\n".join(lines) + "\n"
    return text


THANK_YOU_BODY = """Dear Dana,

Thank you for taking the time to meet with me today about the Backend Engineer role at
Acme Corp. I enjoyed our conversation about the payments ledger, and hearing how the team
planned the Kafka migration made me even more excited about the work.

The way your team shares the on-call rotation stayed with me. At my last job I moved our
billing jobs onto a queue with replayable events, and I would love to bring that experience
to the ledger work we discussed.

I look forward to hearing about the next steps.

Best regards,
Alex Morgan
+1 617 555 0142
"""

PLACEHOLDER_BODY = """Dear Dana,

Thank you for taking the time to meet with me today about the Backend Engineer role at
[Company]. I enjoyed our conversation about the payments ledger.

Best regards,
Alex Morgan
"""


def message(
    *,
    to: str = f"Dana Wu <{DANA}>",
    cc: str | None = None,
    bcc_header: str | None = None,
    subject: str = "Thank you for today's onsite interview",
    body: str = THANK_YOU_BODY,
    msgid: str | None = None,
    crlf: bool = False,
) -> bytes:
    """A message as a client hands it to sendmail: no Bcc header unless asked."""
    head = [f"From: Alex Morgan <{ME}>", f"To: {to}"]
    if cc:
        head.append(f"Cc: {cc}")
    if bcc_header:
        head.append(f"Bcc: {bcc_header}")
    head += [
        f"Subject: {subject}",
        f"Date: {email.utils.formatdate(localtime=False)}",
        f"Message-ID: <{msgid or uuid.uuid4().hex}@example.org>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    text = "\n".join(head) + "\n\n" + body
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode("utf-8")


def on_the_wire(raw: bytes) -> bytes:
    """What an SMTP client sends for ``raw`` (CRLF line ends; the sink undoes dot-stuffing)."""
    lf = raw.replace(b"\r\n", b"\n")
    out = lf.replace(b"\n", b"\r\n")
    return out if out.endswith(b"\r\n") else out + b"\r\n"


def write_msmtprc(path: Path, port: int, log: Path) -> None:
    """msmtp to 127.0.0.1:port, plain SMTP, adding no headers of its own."""
    path.write_text(
        "defaults\nauth off\ntls off\nset_from_header off\nset_date_header off\n"
        f"set_msgid_header off\nlogfile {log}\n"
        f"account default\nhost 127.0.0.1\nport {port}\nfrom {ME}\n"
    )
    path.chmod(0o600)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


@dataclass
class World:
    """One test's followup-guard setup: dirs, config, msmtp config, environment."""

    root: Path
    home: Path
    config: Path
    data_dir: Path
    msmtprc: Path
    env: dict[str, str] = field(default_factory=dict)
    shim: list[str] = field(default_factory=lambda: list(SHIM))

    @classmethod
    def create(
        cls,
        root: Path,
        sink_port: int | None,
        msmtp: str = "msmtp",
        sendmail_command: list[str] | None = None,
        fail_closed: bool | None = None,
    ) -> World:
        home = root / "home"
        home.mkdir(parents=True, exist_ok=True)
        data_dir = root / "data"
        config = root / "config.toml"
        msmtprc = root / "msmtprc"
        write_msmtprc(msmtprc, sink_port or 9, root / "msmtp.log")
        if sendmail_command is None:
            sendmail_command = [msmtp, "-C", str(msmtprc)]
        config.write_text(config_text(sendmail_command, fail_closed=fail_closed))
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in (
                "DISPLAY",
                "WAYLAND_DISPLAY",
                "FOLLOWUP_GUARD_DIALOG",
                "FOLLOWUP_GUARD_SENDMAIL_ACTIVE",
                "GIT_DIR",
                "GIT_WORK_TREE",
            )
        }
        env.update(
            {
                "HOME": str(home),
                "XDG_CONFIG_HOME": str(home / ".config"),
                "XDG_DATA_HOME": str(home / ".local" / "share"),
                "FOLLOWUP_GUARD_CONFIG": str(config),
                "FOLLOWUP_GUARD_HOME": str(data_dir),
                "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_AUTHOR_NAME": "Alex Morgan",
                "GIT_AUTHOR_EMAIL": ME,
                "GIT_COMMITTER_NAME": "Alex Morgan",
                "GIT_COMMITTER_EMAIL": ME,
                "LC_ALL": "C.UTF-8",
                "TERM": "xterm-256color",
            }
        )
        return cls(root=root, home=home, config=config, data_dir=data_dir, msmtprc=msmtprc, env=env)

    def run(
        self, argv: list[str], stdin: bytes | None = b"", timeout: float = 30, **env: str
    ) -> Run:
        proc = subprocess.run(
            argv,
            input=stdin,
            capture_output=True,
            timeout=timeout,
            env={**self.env, **env},
            cwd=self.root,
            check=False,
        )
        return Run(
            proc.returncode,
            proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"),
        )

    def sendmail(self, args: list[str], raw: bytes | None, **env: str) -> Run:
        return self.run([*self.shim, *args], raw, **env)

    def fg(self, *args: str, stdin: bytes | None = b"") -> Run:
        return self.run([*CLI, *args], stdin)

    def stored(self) -> list[tuple[str, str, str]]:
        """(key, source, direction) of every message in the store."""
        import sqlite3

        db = self.data_dir / "store.sqlite3"
        if not db.exists():
            return []
        con = sqlite3.connect(db)
        try:
            return con.execute("SELECT key, source, direction FROM messages ORDER BY id").fetchall()
        finally:
            con.close()

    def stored_bcc(self) -> list[str]:
        import sqlite3

        con = sqlite3.connect(self.data_dir / "store.sqlite3")
        try:
            return [r[0] for r in con.execute("SELECT addr FROM addresses WHERE field = 'bcc'")]
        finally:
            con.close()


def allow_id(stderr: str) -> str:
    """The id from the refusal's `followup-guard allow <id>` line (the command may be printed
    with its full path when it is not on PATH)."""
    for line in stderr.splitlines():
        words = line.split()
        if len(words) == 3 and words[0].endswith("followup-guard") and words[1] == "allow":
            return words[2]
    raise AssertionError(f"no `followup-guard allow <id>` line in:\n{stderr}")
