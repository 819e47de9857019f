"""The real NeoMutt with `$sendmail` set to the shim: batch mode, and interactive under tmux.

NeoMutt starts the sender after setsid() with no terminal, passes Bcc only as arguments, and
shows a failing sender's stderr in its "Output of the delivery process" pager, then returns to
Compose with the draft intact. These tests drive it as a user would.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import time
from pathlib import Path

import pytest
import termkit
from conftest import require_tool
from termkit import DANA, FRIEND, MARIA, ME, TOM, World

pytestmark = pytest.mark.real


class Mutt:
    def __init__(self, world: World, neomutt: str) -> None:
        self.world = world
        self.neomutt = neomutt
        root = world.root
        (root / "Mail").mkdir(exist_ok=True)
        (root / "Mail" / "inbox").touch()
        self.seen = root / "seen-by-shim.eml"
        # The sender NeoMutt runs: a copy of what NeoMutt writes, then the shim with NeoMutt's
        # argv. (`sh` returns the shim's exit code, the last in the pipeline.)
        wrapper = root / "sendmail-wrapper.sh"
        wrapper.write_text(
            f'#!/bin/sh\ntee {shlex.quote(str(self.seen))} | {shlex.join(termkit.SHIM)} "$@"\n'
        )
        wrapper.chmod(0o755)
        self.rc = root / "neomuttrc"
        self.rc.write_text(
            "\n".join(
                [
                    f'set sendmail = "{wrapper} -oem -oi"',
                    "set sendmail_wait = 0",
                    f'set from = "Alex Morgan <{ME}>"',
                    "set use_from = yes",
                    'set record = ""',
                    "set copy = no",
                    "set postpone = no",
                    f'set folder = "{root / "Mail"}"',
                    f'set spoolfile = "{root / "Mail" / "inbox"}"',
                    "set mbox_type = mbox",
                    'set header_cache = ""',
                    'set editor = "true"',
                    'set charset = "utf-8"',
                    'set send_charset = "utf-8"',
                    "set sleep_time = 0",
                    'set hostname = "example.org"',
                    "set help = yes",
                ]
            )
            + "\n"
        )

    def batch(
        self, subject: str, body: str, to: list[str], cc: list[str] = (), bcc: list[str] = ()
    ) -> termkit.Run:
        argv = [self.neomutt, "-n", "-F", str(self.rc), "-s", subject]
        for a in cc:
            argv += ["-c", a]
        for a in bcc:
            argv += ["-b", a]
        return self.world.run([*argv, "--", *to], body.encode(), timeout=60)


@pytest.fixture
def world(tmp_path: Path, smtp_sink) -> World:
    return World.create(tmp_path, smtp_sink.port, msmtp=require_tool("msmtp"))


@pytest.fixture
def mutt(world: World) -> Mutt:
    return Mutt(world, require_tool("neomutt"))


def test_batch_clean_send_arrives_byte_for_byte(mutt: Mutt, world: World, smtp_sink) -> None:
    body = termkit.THANK_YOU_BODY
    r = mutt.batch("Thank you for today's onsite interview", body, [DANA], cc=[MARIA], bcc=[FRIEND])
    assert r.code == 0, r.stderr
    [got] = smtp_sink.wait_for(1)
    seen = mutt.seen.read_bytes()  # exactly what NeoMutt handed over
    assert got.data == termkit.on_the_wire(seen)
    assert sorted(got.rcpt_tos) == sorted([DANA, MARIA, FRIEND])  # Bcc delivered ...
    assert FRIEND.encode() not in got.data  # ... and in no header
    assert b"followup-guard" not in got.data.lower()  # nothing added
    keys = world.stored()
    assert len(keys) == 1 and keys[0][1:] == ("shim", "out")
    assert world.stored_bcc() == [FRIEND]


def test_batch_refusal_exit_and_message(mutt: Mutt, smtp_sink) -> None:
    r = mutt.batch("Thank you", termkit.THANK_YOU_BODY, [DANA], bcc=[TOM])
    assert r.code == 1  # NeoMutt's batch mode: 1, with the child's code on stderr
    assert "child exited 77" in r.stderr
    assert "outside-hiring-process" in r.stderr and TOM in r.stderr
    assert "followup-guard allow " in r.stderr
    assert smtp_sink.messages() == []


class Tmux:
    """One NeoMutt in a private tmux server; send-keys in, capture-pane out."""

    def __init__(self, tmux: str, sock: Path, env: dict[str, str]) -> None:
        self.tmux, self.sock, self.env = tmux, sock, env

    def cmd(self, *args: str) -> str:
        proc = subprocess.run(
            [self.tmux, "-S", str(self.sock), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=20,
            check=False,
        )
        return proc.stdout

    def start(self, command: str) -> None:
        self.cmd("-f", "/dev/null", "new-session", "-d", "-x", "150", "-y", "45", command)

    def screen(self) -> str:
        return self.cmd("capture-pane", "-p", "-J", "-t", "0")

    def wait_for(self, pattern: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if re.search(pattern, text, re.M):
                return text
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} not on screen after {timeout} s:\n{text}")

    def keys(self, *keys: str) -> None:
        self.cmd("send-keys", "-t", "0", *keys)

    def kill(self) -> None:
        self.cmd("kill-server")


def test_interactive_refusal_keeps_draft_then_allow_sends(
    mutt: Mutt, world: World, smtp_sink, tmp_path: Path
) -> None:
    tmux = Tmux(require_tool("tmux"), tmp_path / "tmux.sock", world.env)
    draft = tmp_path / "draft.eml"
    draft.write_text(
        f"From: Alex Morgan <{ME}>\nTo: Dana Wu <{DANA}>\nBcc: {TOM}\n"
        f"Subject: Thank you for today's onsite interview\n\n" + termkit.THANK_YOU_BODY
    )
    done = tmp_path / "neomutt-exit"
    tmux.start(
        f"{shlex.quote(mutt.neomutt)} -n -F {shlex.quote(str(mutt.rc))} -H "
        f"{shlex.quote(str(draft))}; echo $? > {shlex.quote(str(done))}; sleep 60"
    )
    try:
        tmux.wait_for(r"^To: ")
        tmux.keys("Enter")  # confirm To
        tmux.wait_for(r"^Subject: ")
        tmux.keys("Enter")  # confirm Subject
        tmux.wait_for(r"NeoMutt: Compose")
        tmux.keys("y")  # send
        screen = tmux.wait_for(r"child exited 77")
        assert "Output of the delivery process" in screen
        assert "outside-hiring-process" in screen and TOM in screen
        ident = re.search(r"followup-guard allow ([0-9a-f]{12})", screen).group(1)
        assert smtp_sink.messages() == []

        tmux.keys("q")  # leave the pager: back in Compose, the draft as it was
        screen = tmux.wait_for(r"NeoMutt: Compose")
        assert re.search(rf"Bcc: {re.escape(TOM)}", screen)
        assert re.search(rf"To: Dana Wu <{re.escape(DANA)}>", screen)
        assert not done.exists()

        assert world.fg("allow", ident).code == 0
        tmux.keys("y")  # send again: NeoMutt makes a new Date and Message-ID; same content
        deadline = time.monotonic() + 20
        # The shell creates the file before echo writes to it: wait for the status itself.
        while not (done.exists() and done.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.read_text().strip() == "0", tmux.screen()
        [got] = smtp_sink.wait_for(1)
        assert sorted(got.rcpt_tos) == sorted([DANA, TOM])
        assert got.data == termkit.on_the_wire(mutt.seen.read_bytes())
        assert len(world.stored()) == 1
    finally:
        tmux.kill()
