"""Malformed mail over IMAP and from a Maildir: each message is recorded or skipped with one
log line, and the daemon keeps running."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from daemon_helpers import (
    DaemonProc,
    bulk_inject,
    count,
    imap_account,
    message,
    wait_for,
    write_config,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "malformed"


def cpython_email_data() -> list[Path]:
    """CPython's email test messages (Lib/test/test_email/data, shipped in tests/data because
    Debian's Python has no test package); an empty glob fails (tests/conftest.py)."""
    return sorted((DATA.parent / "cpython_email").glob("msg_*.txt"))


def big_attachment(mb: int = 20, text_first: bool = True) -> bytes:
    blob = base64.encodebytes(os.urandom(mb * 1024 * 1024 * 3 // 4))
    text = (
        b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Dear Dana, my portfolio is attached.\r\n"
    )
    att = (
        b"--B\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment; filename=portfolio.pdf\r\n\r\n" + blob
    )
    parts = text + att if text_first else att + text
    return (
        b"From: alice@example.org\r\nTo: dana.wu@acme.example\r\nSubject: portfolio\r\n"
        b"Message-ID: <big-" + (b"1" if text_first else b"2") + b"@example.org>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
        + parts
        + b"--B--\r\n"
    )


def corpus() -> list[bytes]:
    msgs = [p.read_bytes() for p in sorted(DATA.glob("*.eml"))]
    msgs += [p.read_bytes() for p in cpython_email_data()]
    msgs += [big_attachment(20, True), big_attachment(20, False)]
    return msgs


def skipped_lines(log: str) -> int:
    return sum(1 for line in log.splitlines() if ": skipped" in line)


@pytest.mark.real
def test_malformed_over_imap(dovecot, tmp_path: Path) -> None:
    msgs = corpus()
    assert len(msgs) >= 12
    bulk_inject(dovecot, "alice", "Sent", msgs)
    cfg = write_config(tmp_path, accounts=imap_account(dovecot, tmp_path))
    d = DaemonProc(cfg, tmp_path / "data").start()
    try:
        d.wait_ready(timeout=60)
        n = dovecot.status("alice", "Sent")["messages"]
        log = d.last_log()
        skipped = skipped_lines(log)
        located = count(d.data_dir, "folder = 'Sent'", "locations")
        assert located + skipped == n, log[-3000:]
        assert f"{n} fetched" in log
        assert count(d.data_dir, "message_id = 'big-1@example.org'") == 1
        assert count(d.data_dir, "message_id = 'bad-charset@example.org'") == 1
        assert count(d.data_dir, "subject = 'no message id'") == 1
        assert "Traceback" not in log
        dovecot.append("alice", "Sent", message("after"))  # still running, still recording
        wait_for(lambda: count(d.data_dir, "message_id = 'msg-after@example.org'") == 1, 20)
        assert d.alive()
    finally:
        assert d.terminate() == 0
    print(f"{n} malformed messages over IMAP: {located} recorded, {skipped} skipped")


def test_malformed_from_maildir(tmp_path: Path) -> None:
    box = tmp_path / "Sent"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    msgs = corpus()
    for i, raw in enumerate(msgs):
        (box / "cur" / f"17000000{i:02d}.M{i}P1.host:2,S").write_bytes(raw)
    cfg = write_config(tmp_path, maildirs=f'\n[[maildirs]]\npath = "{box}"\n')
    d = DaemonProc(cfg, tmp_path / "data")
    assert d.run_once() == 0, d.last_log()[-3000:]
    log = d.last_log()
    located = count(d.data_dir, "account = 'maildir'", "locations")
    assert located + skipped_lines(log) == len(msgs), log[-3000:]
    assert "Traceback" not in log
    assert count(d.data_dir, "message_id = 'big-2@example.org'") == 1
