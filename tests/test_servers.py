"""The test servers themselves: the real Dovecot and the SMTP sink behave as tests assume."""

from __future__ import annotations

import imaplib
import os
import shutil
import smtplib
import socket
import ssl
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import free_port, require_tool
from imapclient import IMAPClient
from imapclient.exceptions import LoginError
from servers.dovecot import Dovecot

real = pytest.mark.real

MESSAGE = (
    b"From: Alice Applicant <alice@example.org>\r\n"
    b"To: Hiring Manager <hm@acme.example>\r\n"
    b"Subject: Thank you for the interview\r\n"
    b"Date: Mon, 02 Mar 2026 10:00:00 +0000\r\n"
    b"Message-ID: <thanks-1@example.org>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"Dear Ms. M\xc3\xbcller,\r\n"
    b".a line that starts with a dot\r\n"
    b"..and one with two\r\n"
    b".\r\n"
    b"thank you.\r\n"
)


def imap(server: Dovecot, user: str = "alice", **kw) -> IMAPClient:
    client = IMAPClient(server.host, port=server.imap_port, ssl=False, timeout=10, **kw)
    client.login(user, server.users[user])
    return client


def ca_context(server: Dovecot) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(server.ca_file))


# --------------------------------------------------------------------------- Dovecot


@real
def test_plain_imap_login_and_special_folders(dovecot: Dovecot) -> None:
    assert dovecot.host == "127.0.0.1"
    assert dovecot.users == {"alice": "secret", "bob": "secret"}
    for user in dovecot.users:
        with imap(dovecot, user) as client:
            folders = {name: flags for flags, _sep, name in client.list_folders()}
            assert {"INBOX", "Sent", "Drafts", "Trash"} <= set(folders)
            assert b"\\Sent" in folders["Sent"]
            assert "Sent" in {name for _f, _s, name in client.list_sub_folders()}
    client = IMAPClient(dovecot.host, port=dovecot.imap_port, ssl=False, timeout=10)
    with pytest.raises(LoginError):
        client.login("alice", "wrong")
    client.shutdown()


@real
def test_imaps_verifies_with_ca_file(dovecot: Dovecot) -> None:
    ctx = ca_context(dovecot)
    ctx.verify_flags |= ssl.VERIFY_X509_STRICT  # Python 3.13's default; must pass too
    with IMAPClient(dovecot.host, port=dovecot.imaps_port, ssl_context=ctx, timeout=10) as c:
        c.login("alice", "secret")
        assert c.select_folder("Sent", readonly=True)[b"EXISTS"] == 0
    # The certificate names DNS:localhost as well as IP:127.0.0.1.
    with (
        socket.create_connection((dovecot.host, dovecot.imaps_port), timeout=10) as raw,
        ctx.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        assert tls.recv(64).startswith(b"* OK")


@real
def test_imaps_refuses_unknown_ca(dovecot: Dovecot) -> None:
    with pytest.raises(ssl.SSLCertVerificationError):
        IMAPClient(
            dovecot.host, port=dovecot.imaps_port, ssl_context=ssl.create_default_context(),
            timeout=10,
        )  # fmt: skip
    # A context that trusts our CA still checks the name.
    with (
        socket.create_connection((dovecot.host, dovecot.imaps_port), timeout=10) as raw,
        pytest.raises(ssl.SSLCertVerificationError),
    ):
        ca_context(dovecot).wrap_socket(raw, server_hostname="imap.example.org")


@real
def test_append_shows_up_in_sent(dovecot: Dovecot) -> None:
    before = dovecot.status("alice", "Sent")
    assert before["messages"] == 0
    dovecot.append("alice", "Sent", MESSAGE)
    after = dovecot.status("alice", "Sent")
    assert after["messages"] == 1
    assert after["uidnext"] == before["uidnext"] + 1
    assert after["uidvalidity"] == before["uidvalidity"]
    with imap(dovecot) as client:
        sel = client.select_folder("Sent", readonly=True)
        assert (sel[b"UIDVALIDITY"], sel[b"UIDNEXT"]) == (after["uidvalidity"], after["uidnext"])
        uids = client.search("ALL")
        assert len(uids) == 1
        fetched = client.fetch(uids, ["BODY.PEEK[]", "ENVELOPE"])[uids[0]]
        assert fetched[b"BODY[]"] == MESSAGE
        assert fetched[b"ENVELOPE"].message_id == b"<thanks-1@example.org>"
    assert dovecot.status("bob", "Sent")["messages"] == 0


@real
def test_kick_ends_an_idle_session(dovecot: Dovecot) -> None:
    client = imap(dovecot)
    client.select_folder("Sent", readonly=True)
    client.idle()
    assert dovecot.kick("alice") is True
    responses = client.idle_check(timeout=5)
    assert any(r[0] == b"BYE" for r in responses), responses
    assert client.idle_check(timeout=5) == []  # EOF: returns at once
    with pytest.raises((imaplib.IMAP4.abort, OSError)):
        client.idle_done()
    assert dovecot.kick("alice") is False  # nobody left
    with imap(dovecot) as again:  # the server still serves
        again.noop()


@real
def test_restart_keeps_ports_and_mail(dovecot: Dovecot) -> None:
    dovecot.append("alice", "Sent", MESSAGE)
    dovecot.create_folder("alice", "Applications")
    ports = (dovecot.imap_port, dovecot.imaps_port)
    status = dovecot.status("alice", "Sent")
    connected = imap(dovecot)
    connected.select_folder("Sent", readonly=True)

    dovecot.restart()

    assert (dovecot.imap_port, dovecot.imaps_port) == ports
    assert dovecot.status("alice", "Sent") == status
    with pytest.raises((imaplib.IMAP4.abort, imaplib.IMAP4.error, OSError)):
        connected.noop()  # the old session is gone
    with imap(dovecot) as client:
        assert "Applications" in {name for _f, _s, name in client.list_folders()}
        client.select_folder("Sent", readonly=True)
        assert len(client.search("ALL")) == 1
    ctx = ca_context(dovecot)
    with IMAPClient(dovecot.host, port=dovecot.imaps_port, ssl_context=ctx, timeout=10) as c:
        c.login("bob", "secret")
    assert "starting up" in dovecot.log_text()


@real
@pytest.mark.parametrize("folder", ["Sent", "Applications/Acme"])
def test_delete_and_create_changes_uidvalidity(dovecot: Dovecot, folder: str) -> None:
    if folder != "Sent":
        dovecot.create_folder("alice", folder)
    dovecot.append("alice", folder, MESSAGE)
    old = dovecot.status("alice", folder)
    assert old["messages"] == 1

    dovecot.delete_folder("alice", folder)
    dovecot.create_folder("alice", folder)

    new = dovecot.status("alice", folder)
    assert new["uidvalidity"] != old["uidvalidity"]
    assert new["messages"] == 0
    with imap(dovecot) as client:
        assert client.select_folder(folder, readonly=True)[b"UIDVALIDITY"] == new["uidvalidity"]


@real
def test_instances_are_isolated_and_quick(dovecot: Dovecot) -> None:
    assert dovecot.start_seconds is not None
    print(f"Dovecot start took {dovecot.start_seconds:.3f} s")
    assert dovecot.start_seconds < 5
    with Dovecot() as other:
        assert {other.imap_port, other.imaps_port}.isdisjoint(
            {dovecot.imap_port, dovecot.imaps_port}
        )
        assert other.instance_name != dovecot.instance_name
        other.append("alice", "Sent", MESSAGE)
        assert other.status("alice", "Sent")["messages"] == 1
        assert dovecot.status("alice", "Sent")["messages"] == 0
        other_dir = other.dir
    assert not other_dir.exists()


# --------------------------------------------------------------------------- SMTP sink


def test_smtp_sink_keeps_exact_bytes(smtp_sink) -> None:
    with smtplib.SMTP(smtp_sink.host, smtp_sink.port, timeout=10) as smtp:
        refused = smtp.sendmail(
            "alice@example.org", ["hm@acme.example", "Recruiter@Acme.example"], MESSAGE
        )
        assert refused == {}
        smtp.sendmail("bob@example.org", ["x@example.net"], b"Subject: 2\r\n\r\nno final CRLF")
    first, second = smtp_sink.wait_for(2, timeout=10)
    assert first.mail_from == "alice@example.org"
    assert first.rcpt_tos == ["hm@acme.example", "Recruiter@Acme.example"]
    assert first.data == MESSAGE  # dot-stuffing undone, nothing else changed
    mail_from, rcpt_tos, data = second
    assert (mail_from, rcpt_tos) == ("bob@example.org", ["x@example.net"])
    assert data == b"Subject: 2\r\n\r\nno final CRLF\r\n"  # smtplib adds the CRLF before "."
    assert smtp_sink.messages() == [first, second]
    files = sorted(smtp_sink.directory.glob("*.eml"))
    assert [f.read_bytes() for f in files] == [MESSAGE, second.data]


def test_smtp_sink_wait_for_times_out(smtp_sink) -> None:
    with pytest.raises(TimeoutError):
        smtp_sink.wait_for(1, timeout=0.2)


# --------------------------------------------------------------------------- conftest helpers


def test_free_port_is_bindable() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_tmp_home(tmp_home: Path) -> None:
    assert tmp_home.is_dir() and not any(tmp_home.iterdir())
    assert os.environ["FOLLOWUP_GUARD_HOME"] == str(tmp_home)
    assert os.environ["XDG_CONFIG_HOME"] == str(tmp_home)


def test_require_tool_finds_sbin_programs() -> None:
    assert os.path.isabs(require_tool("sh"))


CI_PROBE = """
import pytest
from conftest import require_tool

def test_passes():
    pass

def test_plain_skip():
    pytest.skip("no display")

def test_not_applicable():
    pytest.skip("not-applicable: needs macOS")

@pytest.mark.xfail(reason="known")
def test_xfail():
    assert False

def test_missing_tool():
    require_tool("followup-guard-no-such-tool")
"""


@pytest.mark.parametrize("ci", ["", "true"])
def test_ci_turns_skips_into_failures(tmp_path: Path, ci: str) -> None:
    here = Path(__file__).parent
    shutil.copy(here / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "servers").symlink_to(here / "servers")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_probe.py").write_text(CI_PROBE)
    (tmp_path / "test_probe_module.py").write_text(
        'import pytest\npytest.importorskip("followup_guard_no_such_module")\n'
    )
    env = {**os.environ, "CI": ci}
    res = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
         "--continue-on-collection-errors", "--junitxml=junit.xml",
         "test_probe.py", "test_probe_module.py"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    out = res.stdout + res.stderr
    outcome = {}
    for case in ET.parse(tmp_path / "junit.xml").iter("testcase"):
        kinds = {child.tag for child in case} & {"failure", "error", "skipped"}
        skipped = case.find("skipped")
        if skipped is not None and skipped.get("type") == "pytest.xfail":
            kinds = {"xfail"}
        outcome[case.get("name").removeprefix("test_")] = kinds.pop() if kinds else "passed"
    expected_skip = "failure" if ci else "skipped"
    assert outcome == {
        "passes": "passed",
        "plain_skip": expected_skip,
        "not_applicable": "skipped",
        "xfail": "xfail",
        "missing_tool": expected_skip,
        "probe_module": "error" if ci else "skipped",  # a module-level skip
    }, out
    assert res.returncode == (1 if ci else 0), out
