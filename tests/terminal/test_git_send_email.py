"""The real `git send-email --sendmail-cmd=<shim>`: git appends -i and the recipients."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
import termkit
from conftest import require_tool
from termkit import DANA, FRIEND, ME, TOM, World

pytestmark = pytest.mark.real


@pytest.fixture
def world(tmp_path: Path, smtp_sink) -> World:
    git = require_tool("git")
    exec_path = subprocess.run([git, "--exec-path"], capture_output=True, text=True).stdout
    if not (Path(exec_path.strip()) / "git-send-email").exists():
        require_tool("git-send-email")  # the Debian package git-email: skip, or fail under CI
    return World.create(tmp_path, smtp_sink.port, msmtp=require_tool("msmtp"))


def _send(world: World, files: list[Path], *extra: str) -> termkit.Run:
    seen = world.root / "seen.eml"
    cmd = f"tee {shlex.quote(str(seen))} | {shlex.join(termkit.SHIM)}"
    return world.run(
        [
            "git",
            "send-email",
            f"--sendmail-cmd={cmd}",
            f"--from=Alex Morgan <{ME}>",
            "--confirm=never",
            "--suppress-cc=all",
            "--no-annotate",
            "--no-thread",
            "--8bit-encoding=UTF-8",
            *extra,
            *map(str, files),
        ],
        None,
        timeout=60,
    )


def test_clean_message_goes_through_with_bcc(world: World, smtp_sink) -> None:
    letter = world.root / "thanks.eml"
    letter.write_bytes(
        b"Subject: Thank you for today's onsite interview\n"
        b"Content-Type: text/plain; charset=utf-8\n\n" + termkit.THANK_YOU_BODY.encode()
    )
    r = _send(world, [letter], f"--to={DANA}", f"--bcc={FRIEND}")
    assert r.code == 0, r.stdout + r.stderr
    [got] = smtp_sink.wait_for(1)
    assert sorted(got.rcpt_tos) == sorted([DANA, FRIEND])
    assert got.data == termkit.on_the_wire((world.root / "seen.eml").read_bytes())
    assert FRIEND.encode() not in got.data
    assert len(world.stored()) == 1


def test_patch_to_do_not_contact_is_refused_then_allowed(world: World, smtp_sink) -> None:
    repo = world.root / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo)]
    for args in (
        ["init", "-q"],
        ["config", "user.name", "Alex Morgan"],
        ["config", "user.email", ME],
    ):
        assert world.run([*git, *args], None).code == 0
    (repo / "ledger.md").write_text("Notes on the payments ledger design.\n")
    assert world.run([*git, "add", "ledger.md"], None).code == 0
    assert world.run([*git, "commit", "-q", "-m", "Add the ledger notes"], None).code == 0
    out = world.root / "patches"
    assert world.run([*git, "format-patch", "-q", "-1", "-o", str(out)], None).code == 0
    patches = sorted(out.glob("*.patch"))

    r = _send(world, patches, f"--to={FRIEND}", f"--bcc={TOM}")
    assert r.code == 77, r.stdout + r.stderr  # git send-email stops with the shim's code
    assert "outside-hiring-process" in r.stderr and TOM in r.stderr
    assert smtp_sink.messages() == []

    assert world.fg("allow", termkit.allow_id(r.stderr)).code == 0
    r = _send(world, patches, f"--to={FRIEND}", f"--bcc={TOM}")
    assert r.code == 0, r.stdout + r.stderr
    [got] = smtp_sink.wait_for(1)
    assert sorted(got.rcpt_tos) == sorted([FRIEND, TOM])
    assert b"ledger.md" in got.data
