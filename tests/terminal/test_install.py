"""`followup-guard install mutt | neomutt | aerc | git`: printed lines, writing after asking,
and the written setup working with the real programs."""

from __future__ import annotations

import re
import shlex
import subprocess
import time
from pathlib import Path

import pytest
import termkit
from conftest import require_tool
from termkit import DANA, ME, TOM, World

pytestmark = pytest.mark.real


@pytest.fixture
def world(tmp_path: Path, smtp_sink) -> World:
    return World.create(tmp_path, smtp_sink.port, msmtp=require_tool("msmtp"))


def _muttrc_base(world: World, extra: str = "") -> str:
    mail = world.root / "Mail"
    mail.mkdir(exist_ok=True)
    (mail / "inbox").touch()
    return (
        f'set from = "Alex Morgan <{ME}>"\nset use_from = yes\nset record = ""\n'
        f'set copy = no\nset postpone = no\nset folder = "{mail}"\n'
        f'set spoolfile = "{mail / "inbox"}"\nset mbox_type = mbox\nset header_cache = ""\n'
        f'set hostname = "example.org"\n{extra}'
    )


def test_print_only_changes_nothing(world: World) -> None:
    r = world.fg("install", "neomutt")
    assert r.code == 0, r.stderr
    assert "set sendmail = " in r.stdout and "followup-guard-sendmail" in r.stdout
    assert "set sendmail_wait = 0" in r.stdout
    assert "--write" in r.stderr
    assert not (world.home / ".neomuttrc").exists()


def test_neomutt_write_keeps_msmtp_account_and_is_idempotent(world: World, smtp_sink) -> None:
    neomutt = require_tool("neomutt")
    rc = world.home / ".neomuttrc"
    # The user's own msmtp setup: account "default" from the msmtprc the test made.
    rc.write_text(_muttrc_base(world, f'set sendmail = "msmtp -C {world.msmtprc} -a default"\n'))
    for _ in range(2):
        r = world.fg("install", "neomutt", "--write", "--yes")
        assert r.code == 0, r.stderr
    text = rc.read_text()
    assert text.count(">>> followup-guard >>>") == 1
    assert (world.home / ".neomuttrc.before-followup-guard").exists()
    # The real NeoMutt reads the result: the shim, with msmtp's own arguments after it.
    q = world.run([neomutt, "-n", "-F", str(rc), "-Q", "sendmail", "-Q", "sendmail_wait"], None)
    assert q.code == 0, q.stderr
    value = re.search(r'sendmail ?= ?"([^"]*)"', q.stdout).group(1)
    assert value.split()[0].endswith("followup-guard-sendmail")
    assert value.split()[1:] == ["-C", str(world.msmtprc), "-a", "default", "-oem", "-oi"]
    assert re.search(r"sendmail_wait ?= ?0", q.stdout)

    # And it works: a clean message goes out, a Bcc to the do-not-contact is refused.
    def batch(*bcc: str) -> termkit.Run:
        b = [a for x in bcc for a in ("-b", x)]
        return world.run(
            [
                neomutt,
                "-n",
                "-F",
                str(rc),
                "-s",
                "Thank you for today's onsite interview",
                *b,
                "--",
                DANA,
            ],
            termkit.THANK_YOU_BODY.encode(),
            timeout=60,
        )

    refused = batch(TOM)
    assert refused.code == 1 and "child exited 77" in refused.stderr
    ok = batch()
    assert ok.code == 0, ok.stderr
    [got] = smtp_sink.wait_for(1)
    assert got.rcpt_tos == [DANA]


def test_write_asks_first(world: World, tmp_path: Path) -> None:
    tmux = require_tool("tmux")
    sock = tmp_path / "tmux.sock"
    out = tmp_path / "exit"
    cmd = f"{shlex.join(termkit.CLI)} install mutt --write; echo $? > {out}; sleep 30"

    def t(*args: str) -> str:
        return subprocess.run(
            [tmux, "-S", str(sock), *args],
            capture_output=True,
            text=True,
            env=world.env,
            timeout=20,
        ).stdout

    t("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "30", cmd)
    try:
        deadline = time.monotonic() + 20
        while "[y/N]" not in t("capture-pane", "-p") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Write this to" in t("capture-pane", "-p")
        assert not (world.home / ".muttrc").exists()  # nothing before the answer
        t("send-keys", "y", "Enter")
        while not out.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert out.read_text().strip() == "0"
        assert "set sendmail_wait = 0" in (world.home / ".muttrc").read_text()
    finally:
        t("kill-server")


def test_write_without_a_terminal_needs_yes(world: World) -> None:
    proc = subprocess.run(
        [*termkit.CLI, "install", "neomutt", "--write"],
        input=b"y\n",
        capture_output=True,
        env=world.env,
        start_new_session=True,
        timeout=30,
    )
    assert proc.returncode == 2
    assert b"--yes" in proc.stderr
    assert not (world.home / ".neomuttrc").exists()


def test_aerc_accounts(world: World) -> None:
    conf = world.home / ".config" / "aerc" / "accounts.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text(
        "[Work]\nsource = maildir://~/Mail/work\noutgoing = msmtp -a work\n"
        "from = Alex Morgan <alex.morgan@example.org>\n\n"
        "[Gmail]\nsource = imaps://alex@imap.gmail.com\n"
        "outgoing = smtps://alex@smtp.gmail.com\n"
    )
    r = world.fg("install", "aerc", "--write", "--yes")
    assert r.code == 0, r.stderr
    text = conf.read_text()
    work = text.split("[Gmail]")[0]
    line = next(x for x in work.splitlines() if x.startswith("outgoing = "))
    argv = shlex.split(line.split("=", 1)[1])
    assert argv[0].endswith("followup-guard-sendmail") and argv[1:] == ["-a", "work"]
    assert "# followup-guard: was: outgoing = msmtp -a work" in work
    assert "outgoing = smtps://alex@smtp.gmail.com" in text  # left alone, with a note
    assert "[Gmail]" in r.stderr and "msmtp" in r.stderr
    assert "allow --last" in r.stderr
    again = world.fg("install", "aerc", "--write", "--yes")
    assert again.code == 0 and conf.read_text() == text


def test_git_global_sendmail_cmd_then_plain_send_email(world: World, smtp_sink) -> None:
    git = require_tool("git")
    r = world.fg("install", "git", "--write", "--yes")
    assert r.code == 0, r.stderr
    got = world.run([git, "config", "--global", "--get", "sendemail.sendmailcmd"], None)
    assert got.stdout.strip().endswith("followup-guard-sendmail")
    assert (world.home / ".gitconfig").exists()  # the test's HOME, not the user's
    # git send-email now goes through the shim without any flag; the shim uses the config's
    # msmtp (plain `sendmail` args from git: -i and the recipients).
    letter = world.root / "letter.eml"
    letter.write_bytes(
        b"Subject: Thank you for today's onsite interview\n\n" + termkit.THANK_YOU_BODY.encode()
    )
    base = [
        git,
        "send-email",
        f"--from=Alex Morgan <{ME}>",
        "--confirm=never",
        "--suppress-cc=all",
        "--no-annotate",
        "--no-thread",
        f"--to={DANA}",
    ]
    refused = world.run([*base, f"--bcc={TOM}", str(letter)], None, timeout=60)
    assert refused.code == 77, refused.stderr
    ok = world.run([*base, str(letter)], None, timeout=60)
    assert ok.code == 0, ok.stderr
    assert smtp_sink.wait_for(1)[0].rcpt_tos == [DANA]


def test_git_hook_in_a_repository(world: World, smtp_sink) -> None:
    git = require_tool("git")
    repo = world.root / "repo"
    assert world.run([git, "init", "-q", str(repo)], None).code == 0
    proc = subprocess.run(
        [*termkit.CLI, "install", "git", "--hook", "--write", "--yes"],
        cwd=repo,
        env=world.env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    hook = repo / ".git" / "hooks" / "sendemail-validate"
    assert hook.stat().st_mode & 0o111
    assert 'check "$1"' in hook.read_text()
    # The hook stops git send-email before anything is sent (msmtp directly, no shim).
    (repo / "ledger.md").write_text("Notes on the payments ledger.\n")
    for args in (
        ["add", "ledger.md"],
        ["commit", "-q", "-m", "Add the ledger notes"],
        ["format-patch", "-q", "-1", f"--to={TOM}", "-o", "out"],
    ):
        assert world.run([git, "-C", str(repo), *args], None).code == 0
    patch = next((repo / "out").glob("*.patch"))
    sent = subprocess.run(
        [
            git,
            "send-email",
            f"--sendmail-cmd=msmtp -C {world.msmtprc}",
            "--confirm=never",
            "--suppress-cc=all",
            "--no-annotate",
            f"--from=Alex Morgan <{ME}>",
            str(patch),
        ],
        cwd=repo,
        env=world.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sent.returncode != 0
    assert "outside-hiring-process" in sent.stdout + sent.stderr
    assert smtp_sink.messages() == []
