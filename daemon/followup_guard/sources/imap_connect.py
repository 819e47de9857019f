"""IMAP connections: log in (password command, keyring, OAuth2 token), TLS, finding Sent,
saying what went wrong in a line the user can act on, and the reconnect backoff."""

from __future__ import annotations

import contextlib
import io
import logging
import random
import re
import shlex
import socket
import ssl
import subprocess
from typing import TYPE_CHECKING, Any

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import LoginError

from ..config.hosts import dial_name, is_loopback
from .redact import redact, wire_forms

if TYPE_CHECKING:
    from ..config.model import Account

# Tried in order when the server marks no folder \Sent (RFC 6154); compared case-insensitively,
# also below the personal namespace prefix (INBOX. / INBOX/).
COMMON_SENT_NAMES = (
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "Sent-Mail",
    "[Gmail]/Sent Mail",
    "[Google Mail]/Sent Mail",
    "Gesendet",
    "Gesendete Objekte",
    "Gesendete Elemente",
    "Envoyés",
    "Éléments envoyés",
    "Messages envoyés",
    "Enviados",
    "Elementos enviados",
    "Posta inviata",
    "Inviata",
    "Verzonden",
    "Verzonden items",
    "Skickat",
    "Sendt",
    "Lähetetyt",
    "Wysłane",
    "Отправленные",
)

# imapclient sends imaplib's protocol lines (LOGIN and AUTHENTICATE included) to this logger:
# off in every process that connects (the daemon, doctor, a script), whatever its log level.
logging.getLogger("imapclient.imaplib").disabled = True

CONNECT_TIMEOUT = 15.0
BACKOFF_START, BACKOFF_CAP = 1.0, 300.0


class AuthError(Exception):
    """Login refused or no credentials: retrying cannot help; the user must act."""


class FolderMissing(Exception):
    """The folder to watch does not exist (or cannot be selected)."""


class ConnectionLost(Exception):
    """The server said BYE, the socket hit EOF, or the clock jumped (suspend)."""


# --------------------------------------------------------------------------- connecting


def _run_secret_command(command: str, what: str) -> str:
    """Run a password/token command (like mbsync's PassCmd); its first output line is the secret.
    Nothing of its output is ever logged."""
    try:
        res = subprocess.run(
            command,
            shell=True,
            capture_output=True,
            timeout=60,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise AuthError(f"the {what} did not finish within 60 s") from None
    except OSError as exc:
        raise AuthError(f"cannot run the {what}: {exc.strerror}") from None
    if res.returncode != 0:
        # Its stderr may be the secret itself (a helper that prints what it decrypted): never
        # logged, stored in daemon.json or shown by doctor.
        raise AuthError(
            f"the {what} failed (exit status {res.returncode}); its stderr was withheld, "
            "as it may hold the secret: run the command yourself to see it"
        )
    lines = res.stdout.decode(errors="replace").splitlines()
    secret = lines[0].rstrip("\r\n") if lines else ""
    if not secret:
        raise AuthError(f"the {what} printed nothing")
    return secret


def password_for(account: Account) -> str:
    if account.password_command:
        return _run_secret_command(
            account.password_command, f"password_command of account {account.id!r}"
        )
    if account.keyring_service:
        try:
            import keyring  # optional dependency: pip install followup-guard[keyring]
        except ImportError:
            raise AuthError(
                "keyring_service is set but the 'keyring' package is not installed "
                "(pip install 'followup-guard[keyring]')"
            ) from None
        try:
            pw = keyring.get_password(account.keyring_service, account.username)
        except Exception as exc:  # keyring backends raise their own types
            raise AuthError(f"the keyring refused: {exc.__class__.__name__}") from None
        if not pw:
            raise AuthError(
                f"no password in the keyring for service {account.keyring_service!r} "
                f"and user {account.username!r} (store one with: keyring set "
                f"{shlex.quote(account.keyring_service)} "
                f"{shlex.quote(account.username)})"
            )
        return str(pw)
    raise AuthError(f"account {account.id!r} has no password_command or keyring_service")


def tls_context(account: Account) -> ssl.SSLContext:
    """Certificate and host name verification always; ``ca_file`` replaces the system CAs."""
    if account.ca_file is not None:
        if not account.ca_file.is_file():
            raise AuthError(f"ca_file {account.ca_file} does not exist")
        return ssl.create_default_context(cafile=str(account.ca_file))
    return ssl.create_default_context()


def connect(account: Account, read_timeout: float | None = None) -> IMAPClient:
    """A logged-in client. Raises AuthError (permanent), or OSError/IMAP errors (transient)."""
    timeout = SocketTimeout(
        connect=CONNECT_TIMEOUT, read=read_timeout or account.read_timeout_seconds
    )
    if account.tls == "none" and not is_loopback(account.host):
        raise AuthError(f"plaintext IMAP is only allowed to loopback, not to {account.host!r}")
    host = dial_name(account.host)
    if account.tls == "implicit":
        client = IMAPClient(
            host,
            port=account.port,
            ssl=True,
            ssl_context=tls_context(account),
            timeout=timeout,
        )
    else:
        client = IMAPClient(host, port=account.port, ssl=False, timeout=timeout)
        if account.tls == "starttls":
            client.starttls(tls_context(account))
    client.normalise_times = False
    _keepalive(client)
    secret = ""
    try:
        if account.auth == "xoauth2":
            if not account.token_command:
                raise AuthError(f"account {account.id!r} uses xoauth2 but has no token_command")
            secret = _run_secret_command(
                account.token_command, f"token_command of account {account.id!r}"
            )
            client.oauth2_login(account.username, secret)
        else:
            secret = password_for(account)
            client.login(account.username, secret)
    except LoginError as exc:
        close_client(client)
        raise login_refused(exc, account, secret) from None
    except BaseException:
        close_client(client)
        raise
    return client


# RFC 5530: the login failed for a reason of the server's ("NO [UNAVAILABLE] Server shutting
# down." while Dovecot restarts), not the credentials: worth retrying.
_TEMPORARY = re.compile(r"\[UNAVAILABLE\]", re.I)


def login_refused(exc: LoginError, account: Account, secret: str) -> Exception:
    """The error for a refused login: ConnectionLost (retried) when the server says it is
    unavailable for now, else AuthError (the user must act). Never carries the secret."""
    text = text_of(exc.args[0] if exc.args else exc)
    if m := re.fullmatch(r"b(['\"])(.*)\1", text):  # imapclient passes the server's bytes
        text = m.group(2)
    temporary = _TEMPORARY.search(text) is not None  # read before redacting, which may hide it
    # The server may echo the LOGIN / AUTHENTICATE line, password or token included.
    text = redact(text, wire_forms(secret, account.username) if secret else ())
    where = f"for {account.username!r} at {account.host}:{account.port}: {text}"
    if temporary:
        return ConnectionLost(f"the server is unavailable for a login {where}")
    return AuthError(f"the server refused the login {where}")


def _keepalive(client: IMAPClient) -> None:
    try:
        sock = client.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        for name, value in (("TCP_KEEPIDLE", 60), ("TCP_KEEPINTVL", 20), ("TCP_KEEPCNT", 3)):
            if hasattr(socket, name):
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, name), value)
    except OSError:
        pass


def reply_waiting(client: IMAPClient) -> bool:
    """Whether server lines already wait in the client's read buffer, right after ``idle()``.

    A change that lands just before IDLE (or during a DONE) is announced right behind the
    server's "+ idling", and the library's buffered reader takes both in one read.
    ``idle_check`` polls the socket, which is then empty, so it would not see the announcement
    until more data came (a keep-alive, the next change, the renewal minutes later). imapclient
    offers no public way to ask; this peeks at its reader without blocking, and answers False
    wherever that reader is not there to ask."""
    reader = getattr(getattr(client, "_imap", None), "file", None)
    if not isinstance(reader, io.BufferedReader):
        return False
    sock = client.socket()
    timeout = sock.gettimeout()
    sock.setblocking(False)
    try:
        return bool(reader.peek(1))
    except OSError:  # nothing buffered and nothing on the wire (EAGAIN; TLS want-read)
        return False
    finally:
        sock.settimeout(timeout)


def close_client(client: IMAPClient | None) -> None:
    if client is None:
        return
    with contextlib.suppress(Exception):
        client.shutdown()


def text_of(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    return str(value)


def describe_error(exc: BaseException) -> str:
    """One line for the log, with a hint for the errors a user can fix."""
    if isinstance(exc, (ConnectionLost, FolderMissing)):
        return str(exc)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"TLS certificate verification failed ({exc.verify_message}); if the server uses "
            "a private CA, set ca_file in the account"
        )
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out (no answer from the server)"
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve the host name ({exc.strerror})"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{exc.__class__.__name__}: {text_of(exc.args[0]) if exc.args else ''}".rstrip(": ")


# --------------------------------------------------------------------------- folders


def find_sent_folder(client: IMAPClient, configured: str | None = None) -> str:
    """The configured name, else the SPECIAL-USE ``\\Sent`` folder, else a common name."""
    folders: list[tuple[tuple[bytes, ...], bytes, str]] = client.list_folders()
    names: list[str] = [name for _flags, _sep, name in folders]
    if configured:
        if configured in names:
            return configured
        for n in names:  # INBOX is case-insensitive; be lenient for the rest too
            if n.lower() == configured.lower():
                return n
        raise FolderMissing(
            f"the configured sent_folder {configured!r} does not exist on the "
            f"server (folders: {', '.join(sorted(names)[:20])})"
        )
    for flags, _sep, name in folders:
        if b"\\Sent" in flags or b"\\sent" in {f.lower() for f in flags}:
            return name
    lower = {n.lower(): n for n in names}
    for candidate in COMMON_SENT_NAMES:
        for prefix in ("", "INBOX.", "INBOX/"):
            hit = lower.get((prefix + candidate).lower())
            if hit:
                return hit
    raise FolderMissing(
        "no Sent folder found (none is marked \\Sent and none has a usual "
        "name); set sent_folder in the account"
    )


def probe_account(account: Account) -> tuple[bool, str]:
    """For ``doctor``: log in, find the folders, say what the server offers. Never raises."""
    client = None
    try:
        client = connect(account, read_timeout=20)
        sent = find_sent_folder(client, account.sent_folder)
        caps = client.capabilities()
        idle = "IDLE" if b"IDLE" in caps else f"no IDLE (polling every {account.poll_seconds} s)"
        st = client.folder_status(sent, [b"MESSAGES"])
        return True, (
            f"{account.username}@{account.host}:{account.port} ({account.tls} TLS): "
            f"Sent is {sent!r} with {st.get(b'MESSAGES', '?')} messages; {idle}"
        )
    except AuthError as exc:
        return False, str(exc)
    except FolderMissing as exc:
        return False, str(exc)
    except Exception as exc:
        return False, f"{account.host}:{account.port}: {describe_error(exc)}"
    finally:
        close_client(client)


# --------------------------------------------------------------------------- reconnecting


class Backoff:
    """Exponential backoff with jitter: 1 s → 5 min, reset after 2 min of health."""

    def __init__(self, start: float = BACKOFF_START, cap: float = BACKOFF_CAP) -> None:
        self.start, self.cap = start, cap
        self.delay = start

    def next(self) -> float:
        wait = random.uniform(self.delay / 2, self.delay)
        self.delay = min(self.cap, self.delay * 2)
        return wait

    def reset(self) -> None:
        self.delay = self.start
