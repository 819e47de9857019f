"""A throw-away Dovecot 2.3 IMAP server on 127.0.0.1 for tests.

Each instance lives in its own temporary directory (config, TLS files, passwd-file, maildirs,
runtime sockets, state, log) with its own ``instance_name`` and free ports, so any number can run
side by side and none touches the system Dovecot. Works as root (mail stored as ``nobody``, login
processes as ``dovenull``) and as an ordinary user (everything runs as that user).

    with Dovecot() as server:
        server.append("alice", "Sent", raw_bytes)
        IMAPClient(server.host, port=server.imap_port, ssl=False).login("alice", "secret")
"""

from __future__ import annotations

import contextlib
import grp
import itertools
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from . import free_port

__all__ = ["DEFAULT_USERS", "Dovecot", "DovecotError"]

DEFAULT_USERS = {"alice": "secret", "bob": "secret"}

# Sockets live under base_dir; a UNIX socket path must stay under ~107 bytes.
_MAX_BASE_LEN = 60
_counter = itertools.count(1)
_cert_lock = threading.Lock()
_cert_cache: dict[str, bytes] | None = None


class DovecotError(RuntimeError):
    """Dovecot or doveadm failed; the message carries the relevant log tail."""


def _sbin_which(name: str) -> str | None:
    path = os.environ.get("PATH", os.defpath) + ":/usr/local/sbin:/usr/sbin:/sbin"
    return shutil.which(name, path=path)


def _make_certs(openssl: str) -> dict[str, bytes]:
    """A CA and a server certificate it signs (SAN IP:127.0.0.1, DNS:localhost); EC P-256.

    A separate CA (rather than one self-signed leaf) keeps strict verifiers happy: Python's
    ``VERIFY_X509_STRICT`` and NSS (Thunderbird), which rejects a CA certificate used as a server
    certificate. Generated once per process and copied into every instance.
    """
    global _cert_cache
    with _cert_lock:
        if _cert_cache is not None:
            return _cert_cache
        with tempfile.TemporaryDirectory(prefix="fg-certs-") as tmp:
            d = Path(tmp)
            ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            (d / "leaf.ext").write_text(
                "subjectAltName = IP:127.0.0.1, DNS:localhost\n"
                "basicConstraints = critical, CA:FALSE\n"
                "keyUsage = critical, digitalSignature, keyEncipherment\n"
                "extendedKeyUsage = serverAuth\n"
                "subjectKeyIdentifier = hash\n"
                "authorityKeyIdentifier = keyid, issuer\n"
            )
            steps = [
                [openssl, "req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem",
                 "-days", "30", "-subj", "/O=followup-guard tests/CN=followup-guard test CA",
                 "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                 "-addext", "subjectKeyIdentifier=hash"],
                [openssl, "req", "-new", *ec, "-keyout", "key.pem", "-out", "leaf.csr",
                 "-subj", "/O=followup-guard tests/CN=localhost"],
                [openssl, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                 "-set_serial", str(int.from_bytes(os.urandom(8), "big")), "-days", "30",
                 "-extfile", "leaf.ext", "-out", "cert.pem"],
            ]  # fmt: skip
            for cmd in steps:
                res = subprocess.run(cmd, cwd=d, capture_output=True, text=True, check=False)
                if res.returncode != 0:
                    raise DovecotError(f"{' '.join(cmd[:3])} failed:\n{res.stderr.strip()}")
            _cert_cache = {n: (d / n).read_bytes() for n in ("ca.pem", "cert.pem", "key.pem")}
        return _cert_cache


class Dovecot:
    """One Dovecot 2.3 instance (IMAP + IMAPS) on 127.0.0.1; see the module docstring."""

    host = "127.0.0.1"

    def __init__(
        self,
        users: dict[str, str] | None = None,
        *,
        dovecot_bin: str | None = None,
        doveadm_bin: str | None = None,
        openssl_bin: str | None = None,
        extra_config: str = "",
    ) -> None:
        self.extra_config = extra_config  # appended to dovecot.conf; later settings win
        self.users: dict[str, str] = dict(DEFAULT_USERS if users is None else users)
        self.dovecot_bin = dovecot_bin or _sbin_which("dovecot") or "dovecot"
        self.doveadm_bin = doveadm_bin or _sbin_which("doveadm") or "doveadm"
        self.openssl_bin = openssl_bin or shutil.which("openssl") or "openssl"
        self.imap_port: int | None = None
        self.imaps_port: int | None = None
        self.start_seconds: float | None = None  # wall time of the last start()
        self.instance_name = f"fg-test-{os.getpid()}-{next(_counter)}-{os.urandom(3).hex()}"

        tmp = tempfile.gettempdir()
        if len(tmp) > _MAX_BASE_LEN - 30:
            tmp = "/tmp"
        self.dir = Path(tempfile.mkdtemp(prefix="fg-dovecot-", dir=tmp))
        self.config_file = self.dir / "dovecot.conf"
        self.base_dir = self.dir / "run"
        self.state_dir = self.dir / "state"
        self.mail_dir = self.dir / "mail"
        self.log_file = self.dir / "dovecot.log"
        self.ca_file = self.dir / "tls" / "ca.pem"
        self.cert_file = self.dir / "tls" / "cert.pem"
        self.key_file = self.dir / "tls" / "key.pem"
        self.passwd_file = self.dir / "users.passwd"
        self._stderr_file = self.dir / "dovecot.stderr"
        self._proc: subprocess.Popen[bytes] | None = None
        self._prepared = False

    # ----------------------------------------------------------------- lifecycle

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> Dovecot:
        """Start Dovecot and return once both ports greet; raise DovecotError with the log tail."""
        if self.running:
            return self
        t0 = time.monotonic()
        if not self._prepared:
            self._prepare()
        first = self.imap_port is None
        for attempt in range(3):
            if first:  # a restart keeps its ports; only the first start may pick new ones
                self.imap_port, self.imaps_port = free_port(self.host), free_port(self.host)
                while self.imaps_port == self.imap_port:
                    self.imaps_port = free_port(self.host)
            self._write_config()
            try:
                self._spawn_and_wait()
                break
            except DovecotError as exc:
                if first and attempt < 2 and "Address already in use" in str(exc):
                    continue
                raise
        self.start_seconds = time.monotonic() - t0
        return self

    def stop(self, *, graceful: bool = False) -> None:
        """Stop the server and make sure every one of its processes is gone.

        Default (fast, ~20 ms): freeze the master (SIGSTOP) so it respawns nothing, SIGTERM the
        imap and imap-login processes so connected clients get ``* BYE Server shutting down.``
        while log, stats and anvil still answer, then SIGKILL the rest (master and helpers,
        which hold no mail state). ``graceful=True`` runs ``doveadm stop`` first and waits for
        the master: 1-13 s with Dovecot 2.3.19, too slow for a per-test fixture.
        """
        proc = self._proc
        if proc is None:
            return
        if graceful and proc.poll() is None:
            self._doveadm_run("stop", timeout=60)
        # Freeze the master first so it does not respawn (and log about) the processes we end.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(proc.pid, signal.SIGSTOP)
        if self._signal_members(signal.SIGTERM, (b"imap", b"imap-login")):
            deadline = time.monotonic() + 3
            while self._members((b"imap", b"imap-login")) and time.monotonic() < deadline:
                time.sleep(0.005)
        self._killpg(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):  # SIGKILL cannot be ignored
            proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while self._members() and time.monotonic() < deadline:
            time.sleep(0.005)
        self._proc = None
        # A stale pid file whose pid gets reused would make the next start refuse to run.
        (self.base_dir / "master.pid").unlink(missing_ok=True)

    def restart(self) -> Dovecot:
        """Stop and start again: same ports, users, certificate and mail."""
        self.stop()
        return self.start()

    def cleanup(self) -> None:
        """Stop and delete the instance directory."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> Dovecot:
        try:
            return self.start()
        except BaseException:
            self.cleanup()
            raise

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    # ----------------------------------------------------------------- test verbs

    def append(self, user: str, folder: str, data: bytes) -> None:
        """Deliver ``data`` into ``folder`` the way a server-side filer would (doveadm save)."""
        self._doveadm("save", "-u", user, "-m", folder, input=data)

    def kick(self, user: str) -> bool:
        """Disconnect every session of ``user`` (clients see ``* BYE`` and then EOF).

        Returns False when ``user`` had no session (doveadm exits 68 then).
        """
        res = self._doveadm_run("kick", user)
        if res.returncode == 68:
            return False
        self._check(res)
        return True

    def status(self, user: str, folder: str) -> dict[str, int]:
        """``{"messages": n, "uidnext": n, "uidvalidity": n}`` of ``folder``, without SELECT."""
        out = self._doveadm(
            "-f", "flow", "mailbox", "status", "-u", user, "messages uidnext uidvalidity", folder
        )
        return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", out)}

    def create_folder(self, user: str, folder: str, *, subscribe: bool = True) -> None:
        self._doveadm("mailbox", "create", "-u", user, *(["-s"] if subscribe else []), folder)

    def delete_folder(self, user: str, folder: str) -> None:
        """Delete ``folder`` with its messages (and unsubscribe it)."""
        self._doveadm("mailbox", "delete", "-u", user, "-s", folder)

    def log_text(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_text()
        try:
            err = self._stderr_file.read_text(errors="replace")
        except FileNotFoundError:
            err = ""
        tail = "\n".join((err + text).splitlines()[-lines:])
        return tail or "(Dovecot wrote no log)"

    def doveadm(self, *args: str, input: bytes | None = None) -> str:
        """Run ``doveadm -c <this config> ARGS``; return stdout, raise DovecotError on failure."""
        return self._doveadm(*args, input=input)

    def __repr__(self) -> str:
        return (
            f"<Dovecot {self.instance_name} imap={self.imap_port} imaps={self.imaps_port} "
            f"{'running' if self.running else 'stopped'}>"
        )

    # ----------------------------------------------------------------- internals

    def _prepare(self) -> None:
        root = os.geteuid() == 0
        certs = _make_certs(self.openssl_bin)
        tls = self.ca_file.parent
        tls.mkdir(mode=0o755)  # ca.pem readable by any client user; key.pem is 0600
        for name, data in certs.items():
            (tls / name).write_bytes(data)
        self.key_file.chmod(0o600)
        self.ca_file.chmod(0o644)
        self.cert_file.chmod(0o644)
        # Test-only passwords; world-readable so the unprivileged auth process can read them.
        self.passwd_file.write_text(
            "".join(f"{u}:{{PLAIN}}{p}::::::\n" for u, p in self.users.items())
        )
        self.passwd_file.chmod(0o644)
        self.state_dir.mkdir()
        self.mail_dir.mkdir()
        if root:
            for name in ("dovenull", "dovecot"):
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    raise DovecotError(
                        f"system user {name!r} is missing (it comes with dovecot-core); "
                        "Dovecot refuses to run login processes as root"
                    ) from None
            nobody = pwd.getpwnam("nobody")
            self._mail_uid, self._mail_gid = nobody.pw_uid, nobody.pw_gid
            # mkdtemp gives 0700; the mail user and dovenull/dovecot must traverse it.
            self.dir.chmod(0o755)
            os.chown(self.mail_dir, self._mail_uid, self._mail_gid)
        else:
            self._mail_uid, self._mail_gid = os.getuid(), os.getgid()
        self._prepared = True

    def _write_config(self) -> None:
        root = os.geteuid() == 0
        if root:
            identity = (
                "default_login_user = dovenull\n"
                "default_internal_user = dovecot\n"
                f"mail_uid = {self._mail_uid}\n"
                f"mail_gid = {self._mail_gid}\n"
            )
            userdb_args = f"uid={self._mail_uid} gid={self._mail_gid} home={self.mail_dir}/%u"
            chroot = ""
        else:
            user = pwd.getpwuid(os.getuid()).pw_name
            group = grp.getgrgid(os.getgid()).gr_name
            identity = (
                f"default_login_user = {user}\n"
                f"default_internal_user = {user}\n"
                f"default_internal_group = {group}\n"
            )
            userdb_args = f"home={self.mail_dir}/%u"
            chroot = "  chroot =\n"
        mailboxes = "".join(
            f"  mailbox {name} {{\n    special_use = \\{name}\n    auto = subscribe\n  }}\n"
            for name in ("Sent", "Drafts", "Trash")
        )
        self.config_file.write_text(
            f"""# Generated by tests/servers/dovecot.py
instance_name = {self.instance_name}
base_dir = {self.base_dir}
state_dir = {self.state_dir}
protocols = imap
listen = {self.host}
log_path = {self.log_file}
auth_verbose = yes
# A wrong password answers at once instead of after Dovecot's default 2 s.
auth_failure_delay = 0
{identity}first_valid_uid = 1
ssl = yes
ssl_cert = <{self.cert_file}
ssl_key = <{self.key_file}
auth_mechanisms = plain login
disable_plaintext_auth = no
mail_location = maildir:{self.mail_dir}/%u
mail_max_userip_connections = 100
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.passwd_file}
}}
userdb {{
  driver = static
  args = {userdb_args}
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
service imap-login {{
{chroot}  inet_listener imap {{
    address = {self.host}
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    address = {self.host}
    port = {self.imaps_port}
    ssl = yes
  }}
}}
service anvil {{
{chroot}}}
{self.extra_config}
"""
        )

    def _spawn_and_wait(self) -> None:
        with open(self._stderr_file, "wb") as err:
            self._proc = subprocess.Popen(
                [self.dovecot_bin, "-F", "-c", str(self.config_file)],
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                start_new_session=True,  # its own process group: stop() can find the children
            )
        deadline = time.monotonic() + 15
        pending = [self.imap_port, self.imaps_port]
        while pending:
            if self._proc.poll() is not None:
                code = self._proc.returncode
                self.stop()
                raise DovecotError(f"dovecot exited with {code}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise DovecotError(f"dovecot did not come up in 15 s:\n{self.log_tail()}")
            port = pending[0]
            try:
                with socket.create_connection((self.host, port), timeout=1) as sock:
                    if port == self.imap_port:  # wait for imap-login's greeting, not just bind
                        sock.settimeout(5)
                        if not sock.recv(64).startswith(b"* OK"):
                            raise OSError("no greeting yet")
                        sock.sendall(b"r LOGOUT\r\n")
                        sock.recv(256)
                pending.pop(0)
            except OSError:
                time.sleep(0.005)

    def _doveadm_run(self, *args: str, input: bytes | None = None,
                     timeout: float = 30) -> subprocess.CompletedProcess[bytes]:  # fmt: skip
        cmd = [self.doveadm_bin, "-c", str(self.config_file), *args]
        return subprocess.run(cmd, input=input, capture_output=True, timeout=timeout, check=False)

    def _check(self, res: subprocess.CompletedProcess[bytes]) -> str:
        if res.returncode != 0:
            raise DovecotError(
                f"{' '.join(map(str, res.args))} exited with {res.returncode}: "
                f"{res.stderr.decode(errors='replace').strip()}\nlog:\n{self.log_tail(15)}"
            )
        return res.stdout.decode(errors="replace")

    def _doveadm(self, *args: str, input: bytes | None = None) -> str:
        return self._check(self._doveadm_run(*args, input=input))

    def _members(self, services: tuple[bytes, ...] | None = None) -> list[int]:
        """Live (non-zombie) processes in the master's process group, optionally only those of
        the given services (process titles look like ``dovecot-<instance>/imap``).

        Zombies count for ``killpg(pgid, 0)``, and a PID 1 that does not reap (containers) keeps
        them forever, so this reads /proc.
        """
        if self._proc is None:
            return []
        pgid = self._proc.pid
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    fields = fh.read().rsplit(b")", 1)[1].split()  # state, ppid, pgrp, ...
                if int(fields[2]) != pgid or fields[0] in (b"Z", b"X"):
                    continue
                if services is not None:
                    with open(f"/proc/{entry}/cmdline", "rb") as fh:
                        title = fh.read().split(b"\0", 1)[0]
                    if title.rsplit(b"/", 1)[-1] not in services:
                        continue
            except (OSError, IndexError, ValueError):
                continue
            found.append(int(entry))
        return found

    def _signal_members(self, sig: int, services: tuple[bytes, ...]) -> bool:
        sent = False
        for pid in self._members(services):
            try:
                os.kill(pid, sig)
                sent = True
            except (ProcessLookupError, PermissionError):
                pass
        return sent

    def _killpg(self, sig: int) -> None:
        if self._proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._proc.pid, sig)
