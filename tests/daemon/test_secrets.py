"""Secrets never reach the log, daemon.json or `doctor`: neither what a password_command or
token_command prints on stderr, nor a password or token a server echoes in its refusal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from daemon_helpers import DaemonProc, write_config
from servers.echo_imap import EchoImap

PASSWORD = 'hunter2-"pw"\\x'  # with the characters IMAP quoting escapes
TOKEN = "ya29.very-secret-token"


def _account(port: int, auth_lines: str) -> str:
    return (
        "\n[[accounts]]\n"
        'id = "main"\n'
        'host = "127.0.0.1"\n'
        f"port = {port}\n"
        'tls = "none"\n'
        'username = "alice"\n' + auth_lines + "\n"
    )


def _everything_said(d: DaemonProc, cfg: Path) -> str:
    """The daemon's log and state file, and doctor's answer in both forms."""
    said = d.last_log() + (d.data_dir / "daemon.json").read_text()
    for extra in ([], ["--json"]):
        r = subprocess.run(
            [sys.executable, "-m", "followup_guard.cli.main", "doctor", *extra],
            capture_output=True,
            text=True,
            timeout=60,
            env={
                "PATH": "/usr/bin:/bin",
                "FOLLOWUP_GUARD_CONFIG": str(cfg),
                "FOLLOWUP_GUARD_HOME": str(d.data_dir),
                "HOME": str(d.data_dir.parent),
            },
        )
        said += r.stdout + r.stderr
    return said


def test_password_command_stderr_is_never_logged_stored_or_shown(tmp_path: Path) -> None:
    helper = tmp_path / "pass-helper"
    # A helper that fails after printing what it decrypted, as some do.
    helper.write_text(f"#!/bin/sh\necho 'decrypted: {TOKEN}' >&2\nexit 3\n")
    helper.chmod(0o700)
    with EchoImap() as server:
        cfg = write_config(
            tmp_path, accounts=_account(server.port, f'password_command = "{helper}"')
        )
        d = DaemonProc(cfg, tmp_path / "data")
        assert d.run_once() == 1
        said = _everything_said(d, cfg)
    assert TOKEN not in said
    assert "exit status 3" in said
    assert "stderr was withheld" in said
    state = json.loads((d.data_dir / "daemon.json").read_text())
    assert any("stderr was withheld" in (s.get("error") or "") for s in state["sources"].values())


@pytest.mark.parametrize(
    ("auth_lines", "secret"),
    [
        (None, PASSWORD),
        (f'auth = "xoauth2"\ntoken_command = "echo {TOKEN}"', TOKEN),
    ],
)
def test_a_server_echoing_the_login_line_is_redacted(
    tmp_path: Path, auth_lines: str | None, secret: str
) -> None:
    import base64

    if auth_lines is None:
        pw = tmp_path / "password"
        pw.write_text(PASSWORD + "\n")
        auth_lines = f'password_command = "cat {pw}"'
    with EchoImap() as server:
        cfg = write_config(tmp_path, accounts=_account(server.port, auth_lines))
        d = DaemonProc(cfg, tmp_path / "data")
        assert d.run_once() == 1
        said = _everything_said(d, cfg)
    assert "refused the login for 'alice'" in said  # the server's refusal is still reported
    assert "[redacted]" in said
    for form in (
        secret,
        secret.replace("\\", "\\\\").replace('"', '\\"'),
        base64.b64encode(f"user=alice\x01auth=Bearer {secret}\x01\x01".encode()).decode(),
        "hunter2",
        "very-secret",
    ):
        assert form not in said, form


def test_redact_masks_login_and_authenticate_arguments_it_was_not_told_about() -> None:
    from followup_guard.sources.redact import redact

    assert "pw1" not in redact('a1 NO refused: LOGIN "alice" pw1')
    assert "pw2" not in redact('NO LOGIN alice "pw2 with space" failed')
    out = redact("NO AUTHENTICATE XOAUTH2 dXNlcj1hbGljZQFhdXRoPUJlYXJlciB4eHg= rejected")
    assert "dXNlcj1hbGljZQFhdXRoPUJlYXJlciB4eHg=" not in out
    assert redact("NO [AUTHENTICATIONFAILED] Authentication failed.") == (
        "NO [AUTHENTICATIONFAILED] Authentication failed."
    )
