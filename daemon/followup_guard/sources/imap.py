"""IMAP source: find Sent, backfill once, then follow Sent and INBOX with IDLE (or polling).

Design (see shared notes on IMAP, after isync/mbsync):

* one connection per folder, ``SELECT`` read-only, a socket read timeout and TCP keepalive;
* per-folder state ``(UIDVALIDITY, last UID)`` in the store; the catch-up (:func:`catch_up`) is
  the only writer: it fetches at most ``BATCH`` explicit UIDs at a time and records them with
  :func:`followup_guard.api.record_messages` in one store transaction that also advances the
  folder state, so a crash at any point re-fetches at most one batch and counts nothing twice;
* only what the checks need is fetched: a few header fields and the first 16 KB of the text;
* a changed UIDVALIDITY rescans the backfill window; the idempotency keys dedupe;
* connection loss → capped exponential backoff with jitter, then catch up; an authentication
  failure stops this account and says so.
"""

from __future__ import annotations

import contextlib
import email.utils
import imaplib
import ipaddress
import logging
import quopri
import random
import re
import shlex
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from imapclient import IMAPClient, SocketTimeout
from imapclient.exceptions import IMAPClientError, LoginError

from ..mail.parse import (
    MAX_TEXT_CHARS,
    Address,
    NotAMessage,
    ParsedMessage,
    _msg_ids,
    normalize_message_id,
    parse_bytes,
)
from ..store.db import Location, NewMessage
from .redact import redact, wire_forms

if TYPE_CHECKING:
    from ..api import Context, RecordOutcome
    from ..config.model import Account, Config
    from ..record.matching import Match

log = logging.getLogger("followup_guard.imap")

BATCH = 500
TEXT_BYTES = 16384
HEADER_FIELDS = (
    "FROM",
    "TO",
    "CC",
    "BCC",
    "SUBJECT",
    "DATE",
    "MESSAGE-ID",
    "IN-REPLY-TO",
    "REFERENCES",
    "MIME-VERSION",
    "CONTENT-TYPE",
    "CONTENT-TRANSFER-ENCODING",
)
HEADER_ITEM = "BODY.PEEK[HEADER.FIELDS (" + " ".join(HEADER_FIELDS) + ")]"
TEXT_ITEM = f"BODY.PEEK[TEXT]<0.{TEXT_BYTES}>"
# Everything the checks could need of a sent message; the catch-up fetches the headers of a
# batch first and the text only of the messages that concern a tracked application (the
# store keeps a fingerprint of the user's own text for those alone).
SENT_FETCH = [HEADER_ITEM, TEXT_ITEM, "RFC822.SIZE", "INTERNALDATE"]
HEAD_FETCH = [HEADER_ITEM, "RFC822.SIZE", "INTERNALDATE"]
INBOX_FETCH = HEAD_FETCH  # inbound text is never checked

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

CONNECT_TIMEOUT = 15.0
IDLE_CHECK_SECONDS = 30.0
BACKOFF_START, BACKOFF_CAP, HEALTHY_RESET = 1.0, 300.0, 120.0


class AuthError(Exception):
    """Login refused or no credentials: retrying cannot help; the user must act."""


class FolderMissing(Exception):
    """The folder to watch does not exist (or cannot be selected)."""


class ConnectionLost(Exception):
    """The server said BYE, the socket hit EOF, or the clock jumped (suspend)."""


# --------------------------------------------------------------------------- connecting


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
        return pw
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
    if account.tls == "none" and not _is_loopback(account.host):
        raise AuthError(f"plaintext IMAP is only allowed to loopback, not to {account.host!r}")
    if account.tls == "implicit":
        client = IMAPClient(
            account.host,
            port=account.port,
            ssl=True,
            ssl_context=tls_context(account),
            timeout=timeout,
        )
    else:
        client = IMAPClient(account.host, port=account.port, ssl=False, timeout=timeout)
        if account.tls == "starttls":
            client.starttls(tls_context(account))
    # imaplib's debug hook formats every line (credentials included) for the
    # imapclient.imaplib logger; switch it off entirely, which also saves CPU on big fetches.
    client._imap.debug = 0
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
        _close(client)
        text = _text(exc.args[0] if exc.args else exc)
        if m := re.fullmatch(r"b(['\"])(.*)\1", text):  # imapclient passes the server's bytes
            text = m.group(2)
        # The server may echo the LOGIN / AUTHENTICATE line, password or token included.
        text = redact(text, wire_forms(secret, account.username) if secret else ())
        raise AuthError(
            f"the server refused the login for {account.username!r} at "
            f"{account.host}:{account.port}: {text}"
        ) from None
    except BaseException:
        _close(client)
        raise
    return client


def _keepalive(client: IMAPClient) -> None:
    try:
        sock = client.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        for name, value in (("TCP_KEEPIDLE", 60), ("TCP_KEEPINTVL", 20), ("TCP_KEEPCNT", 3)):
            if hasattr(socket, name):
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, name), value)
    except OSError:
        pass


def _close(client: IMAPClient | None) -> None:
    if client is None:
        return
    with contextlib.suppress(Exception):
        client.shutdown()


def _text(value: Any) -> str:
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
    return f"{exc.__class__.__name__}: {_text(exc.args[0]) if exc.args else ''}".rstrip(": ")


# --------------------------------------------------------------------------- folders


def find_sent_folder(client: IMAPClient, configured: str | None = None) -> str:
    """The configured name, else the SPECIAL-USE ``\\Sent`` folder, else a common name."""
    folders = client.list_folders()
    names = [name for _flags, _sep, name in folders]
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
        _close(client)


# --------------------------------------------------------------------------- catch-up


@dataclass
class SyncResult:
    folder: str
    uidvalidity: int
    last_uid: int
    fetched: int = 0
    new: int = 0
    skipped: int = 0
    mode: str = "incremental"  # backfill | resync | incremental | unchanged
    outcomes: list[RecordOutcome] = field(default_factory=list)


def _section(data: dict, prefix: bytes) -> bytes:
    for key, value in data.items():
        if isinstance(key, bytes) and key.startswith(prefix):
            return value or b""
    return b""


def _aware(d: Any) -> datetime | None:
    if not isinstance(d, datetime):
        return None
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


def direction_for(ctx: Context, role: str, parsed: Any) -> str:
    """Sent → out; INBOX → in, unless one of the user's identities sent it."""
    if role == "sent":
        return "out"
    if parsed.sender is not None and ctx.config.is_mine(parsed.sender.addr):
        return "out"
    return "in"


# -- the fast path: most sent mail is plain enough to read without the email package ----------

_SIMPLE_ADDR = re.compile(r"^[A-Za-z0-9._%+\-']+@[A-Za-z0-9.\-]+$")
_SIMPLE_NAME = re.compile(r"^[A-Za-z0-9 ._'\-]*$")
_CT = re.compile(r"^\s*([A-Za-z0-9!#$&.+^_\-]+/[A-Za-z0-9!#$&.+^_\-]+)\s*(?:;(.*))?$", re.S)
_PARAM = re.compile(
    r'^\s*([A-Za-z0-9\-]+)\s*=\s*("[A-Za-z0-9 \'()+_,\-./:=?]*"|[A-Za-z0-9\-_.+]+)'
    r"\s*$"
)
_FAST_CTE = {"", "7bit", "8bit"}


def _header_block(header: bytes) -> dict[str, list[str]] | None:
    """The fetched header fields, folded lines kept as compat32 keeps them; None if unusual."""
    if not header.isascii() or b"=?" in header:
        return None
    fields: dict[str, list[str]] = {}
    name = None
    for line in header.decode("ascii").split("\r\n"):
        if not line:
            continue
        if line[0] in " \t":
            if name is None:
                return None
            fields[name][-1] += "\r\n" + line
            continue
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            return None
        name = name.lower()
        fields.setdefault(name, []).append(value.lstrip(" \t"))
    return fields


def _simple_addresses(values: list[str]) -> list[Address] | None:
    out: list[Address] = []
    for value in values:
        if any(c in value for c in '"()\\;:[]'):
            return None
        for item in value.split(","):
            item = item.strip()
            if not item:
                continue
            name, lt, rest = item.partition("<")
            if lt:
                addr, gt, tail = rest.partition(">")
                if not gt or tail.strip() or "<" in addr or not _SIMPLE_NAME.match(name):
                    return None
                name = " ".join(name.split())
            else:
                addr, name = item, ""
            addr = addr.strip()
            if not _SIMPLE_ADDR.match(addr) or ".." in addr or addr.endswith("."):
                return None
            out.append(Address(name, addr.lower()))
    return out


def _content_type(value: str | None) -> tuple[str, dict[str, str]] | None:
    if value is None:
        return "text/plain", {}
    m = _CT.match(value.replace("\r\n", ""))
    if not m:
        return None
    params: dict[str, str] = {}
    for piece in (m.group(2) or "").split(";"):
        if not piece.strip():
            continue
        pm = _PARAM.match(piece)
        if not pm:
            return None
        params[pm.group(1).lower()] = pm.group(2).strip('"')
    return m.group(1).lower(), params


def _decode_text(payload: bytes, cte: str, charset: str | None) -> str | None:
    if cte == "quoted-printable":
        payload = quopri.decodestring(payload)
    elif cte not in _FAST_CTE:
        return None
    try:
        return payload.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return None


def fast_parse(header: bytes, text: bytes, size: int) -> ParsedMessage | None:
    """``parse_bytes(header + text)`` for plain messages, several times faster; None when the
    message needs the full parser (encoded words, 8-bit headers, unusual structure).
    tests/daemon/test_fast_parse.py checks that both agree."""
    if not header.endswith(b"\r\n\r\n") or b"\x00" in (header + text)[:2048]:
        return None
    fields = _header_block(header)
    if not fields:
        return None
    one = {k: v[0] for k, v in fields.items()}
    addrs = {}
    for name in ("from", "to", "cc", "bcc"):
        got = _simple_addresses(fields.get(name, []))
        if got is None:
            return None
        addrs[name] = got
    if "mime-version" not in one and "content-type" in one:
        pass  # the email package reads Content-Type either way
    ct = _content_type(one.get("content-type"))
    if ct is None:
        return None
    ctype, params = ct
    cte = one.get("content-transfer-encoding", "").strip().lower()
    if ctype == "text/plain":
        body = _decode_text(text, cte, params.get("charset", "").lower() or None)
    elif ctype in ("multipart/alternative", "multipart/mixed") and params.get("boundary"):
        body = _first_plain_part(text, params["boundary"])
    else:
        return None
    if body is None:
        return None
    date = None
    if one.get("date"):
        try:
            date = email.utils.parsedate_to_datetime(one["date"])
        except (TypeError, ValueError, IndexError):
            return None
        if date is not None:
            date = (date if date.tzinfo else date.replace(tzinfo=timezone.utc)).astimezone(
                timezone.utc
            )
    subject = " ".join(one.get("subject", "").split())
    irt = _msg_ids(one.get("in-reply-to"))
    return ParsedMessage(
        message_id=normalize_message_id(one.get("message-id")),
        date=date,
        sender=addrs["from"][0] if addrs["from"] else None,
        to=addrs["to"],
        cc=addrs["cc"],
        bcc=addrs["bcc"],
        subject=subject,
        in_reply_to=irt[0] if irt else None,
        references=_msg_ids(one.get("references")),
        body=body[:MAX_TEXT_CHARS],
        html_only=False,
        size=size,
        defects=[],
    )


def _first_plain_part(text: bytes, boundary: str) -> str | None:
    """The first part of a flat multipart, if it is text/plain and closed within ``text``."""
    delim = b"--" + boundary.encode()
    lines = text.split(b"\r\n")
    starts = [i for i, line in enumerate(lines) if line.startswith(delim)]
    if len(starts) < 2 or lines[starts[0]].rstrip() != delim:
        return None
    part = lines[starts[0] + 1 : starts[1]]
    try:
        blank = part.index(b"")
    except ValueError:
        return None
    fields = _header_block(b"\r\n".join(part[:blank]) + b"\r\n\r\n") if blank else {}
    if fields is None or set(fields) - {"content-type", "content-transfer-encoding"}:
        return None
    ct = _content_type(fields["content-type"][0] if "content-type" in fields else None)
    if ct is None or ct[0] != "text/plain":
        return None
    cte = fields.get("content-transfer-encoding", [""])[0].strip().lower()
    payload = b"\r\n".join(part[blank + 1 :])
    return _decode_text(payload, cte, ct[1].get("charset", "").lower() or None)


def parse_fetched(header: bytes, text: bytes, size: int) -> ParsedMessage:
    parsed = fast_parse(header, text, size)
    if parsed is None:
        raw = header if header.endswith(b"\r\n\r\n") or not header else header + b"\r\n"
        parsed = parse_bytes(raw + text)
        parsed.size = size or parsed.size  # the key must not depend on the truncation
    return parsed


def parse_one(data: dict) -> ParsedMessage | Exception:
    """The fetched items of one message, parsed; the exception instead if it cannot be."""
    try:
        return parse_fetched(
            _section(data, b"BODY[HEADER"),
            _section(data, b"BODY[TEXT]"),
            int(data.get(b"RFC822.SIZE") or 0),
        )
    except Exception as exc:  # NotAMessage, or a parser bug on odd input: skip, say why
        return exc


def _log_skip(account_id: str, folder: str, uid: int, exc: Exception) -> None:
    if isinstance(exc, NotAMessage):
        log.warning("%s %s UID %d: skipped, not a message: %s", account_id, folder, uid, exc)
    else:
        log.warning(
            "%s %s UID %d: skipped, %s: %s",
            account_id,
            folder,
            uid,
            exc.__class__.__name__,
            str(exc)[:200],
        )


# What fetch_and_parse hands to _store_batch: the fetched items, the parsed messages (or why
# one could not be parsed) and, for Sent, each message's match by address and domain and the
# fingerprints of those that concern an application.
Fetched = tuple[
    dict[int, dict[bytes, Any]],
    dict[int, ParsedMessage | Exception],
    dict[int, "Match"],
    dict[int, tuple[int, ...]],
]


def fetch_and_parse(
    client: IMAPClient, uids: Sequence[int], role: str, config: Config | None = None
) -> Fetched:
    """One batch fetched and parsed: the part of the catch-up that needs no store, so it runs
    in the prefetch thread while the previous batch is written (sqlite releases the GIL).

    Sent: the header fields of all, then the first 16 KB of text of those addressed to a
    tracked application (only their text is fingerprinted); INBOX: header fields only.
    Returns the fetched items, the parsed messages and (Sent) their match by address and
    domain and the fingerprints, which the store step then need not compute: Python work done
    here overlaps the previous batch's SQLite writes."""
    from ..api import own_fingerprint
    from ..record.matching import match

    data = fetch_raw(client, uids, HEAD_FETCH)
    parsed = {uid: parse_one(d) for uid, d in data.items()}
    matches: dict[int, Match] = {}
    prints: dict[int, tuple[int, ...]] = {}
    if role != "sent" or config is None:
        _read_invitations(client, data, parsed)
        return data, parsed, matches, prints
    need = []
    for uid, p in parsed.items():
        if isinstance(p, ParsedMessage):
            m = matches[uid] = match(config, p, "out")
            if m.application is not None:
                need.append(uid)
    if need:
        for uid, d in fetch_raw(client, need, [TEXT_ITEM]).items():
            if uid in data:
                data[uid].update(d)
                parsed[uid] = p = parse_one(data[uid])
                if not isinstance(p, ParsedMessage):
                    matches.pop(uid, None)
                    continue
                with contextlib.suppress(Exception):  # else the store step says why
                    prints[uid] = own_fingerprint(config, p)
    return data, parsed, matches, prints


MAX_INVITATION_BYTES = 5 * 1024 * 1024


def _read_invitations(
    client: IMAPClient, data: dict[int, dict[bytes, Any]], parsed: dict[int, Any]
) -> None:
    """INBOX messages that may hold an interview invitation, read whole (the rest stay
    headers only): see ``mail/invitation.py``. A failure leaves the header-only parse."""
    from ..mail.invitation import content_type_of, structure_has_calendar, worth_a_look

    full: list[int] = []
    look: list[int] = []
    for uid, p in parsed.items():
        if not isinstance(p, ParsedMessage) or p.size > MAX_INVITATION_BYTES:
            continue
        ctype = content_type_of(_section(data[uid], b"BODY[HEADER"))
        verdict = worth_a_look(p, ctype)
        (full if verdict == "full" else look if verdict == "structure" else []).append(uid)
    try:
        if look:
            for uid, d in client.fetch(look, ["BODYSTRUCTURE"]).items():
                if structure_has_calendar(d.get(b"BODYSTRUCTURE")):
                    full.append(uid)
        if full:
            for uid, d in client.fetch(sorted(full), ["BODY.PEEK[]"]).items():
                raw = d.get(b"BODY[]")
                if uid in parsed and isinstance(raw, bytes):
                    p = parse_bytes(raw)
                    p.size = int(data[uid].get(b"RFC822.SIZE") or 0) or p.size  # the same key
                    parsed[uid] = p
    except (imaplib.IMAP4.abort, OSError):
        raise  # the connection is gone: the caller reconnects and reads the batch again
    except Exception as exc:  # the headers are still recorded
        log.warning("reading invitations: %s", describe_error(exc))


_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            b"Jan",
            b"Feb",
            b"Mar",
            b"Apr",
            b"May",
            b"Jun",
            b"Jul",
            b"Aug",
            b"Sep",
            b"Oct",
            b"Nov",
            b"Dec",
        ),
        start=1,
    )
}
_MSG_START = re.compile(rb"^\d+ \(")
_UID = re.compile(rb"\bUID (\d+)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_IDATE = re.compile(
    rb'\bINTERNALDATE "\s?(\d{1,2})-(\w{3})-(\d{4}) (\d\d):(\d\d):(\d\d) '
    rb'([+-])(\d\d)(\d\d)"'
)
_LITERAL_KEY = re.compile(rb"(BODY\[[^\]]*\](?:<\d+>)?) \{\d+\}$")
_QUOTED_KEY = re.compile(rb'(BODY\[[^\]]*\](?:<\d+>)?) (?:"((?:[^"\\]|\\.)*)"|NIL)')


def _internaldate(text: bytes) -> datetime | None:
    m = _IDATE.search(text)
    if not m:
        return None
    day, mon, year, hh, mm, ss, sign, oh, om = m.groups()
    try:
        offset = timedelta(hours=int(oh), minutes=int(om)) * (1 if sign == b"+" else -1)
        return datetime(
            int(year), _MONTHS[mon], int(day), int(hh), int(mm), int(ss), tzinfo=timezone(offset)
        )
    except (KeyError, ValueError):
        return None


def fetch_raw(
    client: IMAPClient, uids: Sequence[int], items: Sequence[str]
) -> dict[int, dict[bytes, Any]]:
    """``UID FETCH`` through imaplib, with a small parser for the few items asked for.

    imapclient's general response parser tokenizes every byte in Python and costs more than
    the rest of the catch-up; this keeps the shape of ``client.fetch``'s result
    (``{uid: {b"BODY[...]": bytes, b"RFC822.SIZE": int, b"INTERNALDATE": datetime}}``).
    Unsolicited FETCH responses (flag changes: no UID) are dropped.
    """
    typ, data = client._imap.uid("FETCH", ",".join(map(str, uids)), "(" + " ".join(items) + ")")
    if typ != "OK":
        raise imaplib.IMAP4.error(f"UID FETCH failed: {_text(data[-1] if data else typ)}")
    out: dict[int, dict[bytes, Any]] = {}
    texts: list[bytes] = []
    cur: dict[bytes, Any] = {}

    def finish() -> None:
        if not texts:
            return
        joined = b" ".join(texts)
        m = _UID.search(joined)
        if m:
            for km in _QUOTED_KEY.finditer(joined):
                cur.setdefault(km.group(1), (km.group(2) or b"").replace(b'\\"', b'"'))
            size = _SIZE.search(joined)
            cur[b"RFC822.SIZE"] = int(size.group(1)) if size else 0
            cur[b"INTERNALDATE"] = _internaldate(joined)
            out[int(m.group(1))] = cur

    for item in data:
        if item is None:
            continue
        head = item[0] if isinstance(item, tuple) else item
        if _MSG_START.match(head):
            finish()
            texts, cur = [], {}
        if isinstance(item, tuple):
            km = _LITERAL_KEY.search(head)
            if km:
                cur[km.group(1)] = item[1]
                head = head[: km.start()]
        texts.append(head)
    finish()
    return out


def _chunks(seq: Sequence[int], n: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(seq), n):
        yield seq[i : i + n]


def catch_up(
    client: IMAPClient,
    ctx: Context,
    account: Account,
    folder: str,
    role: str,
    *,
    write_lock: threading.Lock | None = None,
    stop: threading.Event | None = None,
    on_record: Callable[[RecordOutcome], None] | None = None,
    today: date | None = None,
) -> SyncResult:
    """Bring the store up to date with ``folder``; the only writer. Safe to interrupt anywhere."""
    lock = write_lock or threading.Lock()
    sel = client.select_folder(folder, readonly=True)
    uidvalidity = int(sel[b"UIDVALIDITY"])
    uidnext = int(sel.get(b"UIDNEXT") or 0)
    exists = int(sel.get(b"EXISTS") or 0)
    store = ctx.store
    state = store.folder_state(account.id, folder)
    since = (today or date.today()) - timedelta(days=account.backfill_days)
    if state is None:
        mode, last = "backfill", 0
        log.info(
            "%s %s: first sync, backfilling the last %d days",
            account.id,
            folder,
            account.backfill_days,
        )
    elif state[0] != uidvalidity:
        mode, last = "resync", 0
        log.warning(
            "%s %s: UIDVALIDITY changed (%d → %d): the folder was recreated or rebuilt; "
            "rescanning the last %d days (messages already stored count once)",
            account.id,
            folder,
            state[0],
            uidvalidity,
            account.backfill_days,
        )
    else:
        mode, last = "incremental", state[1]
    result = SyncResult(folder, uidvalidity, last, mode=mode)
    if mode == "incremental" and uidnext and uidnext - 1 <= last:
        result.mode = "unchanged"
        with lock, store.transaction():
            store.set_folder_state(account.id, folder, uidvalidity, last)  # records last_sync
        return result
    uids: list[int] = []
    if exists:
        found = client.search(["UID", f"{last + 1}:*", "SINCE", since])
        uids = sorted(u for u in found if u > last)  # `n:*` returns the highest UID when empty
    batches = [list(b) for b in _chunks(uids, BATCH)]
    if not batches:
        pass
    elif len(batches) == 1:
        _store_batch(
            ctx,
            account,
            folder,
            role,
            uidvalidity,
            batches[0],
            fetch_and_parse(client, batches[0], role, ctx.config),
            lock,
            result,
            on_record,
        )
    else:
        # Fetch batch n+1 while batch n is parsed and stored: the server's work and the
        # socket reads overlap ours. Only the prefetch thread touches the connection meanwhile.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imap-fetch")
        pending: Future | None = pool.submit(fetch_and_parse, client, batches[0], role, ctx.config)
        try:
            for n, batch in enumerate(batches):
                assert pending is not None
                data = pending.result()
                pending = None
                if stop is not None and stop.is_set():
                    return result
                if n + 1 < len(batches):
                    pending = pool.submit(fetch_and_parse, client, batches[n + 1], role, ctx.config)
                _store_batch(
                    ctx, account, folder, role, uidvalidity, batch, data, lock, result, on_record
                )
                log.info(
                    "%s %s: %d/%d messages fetched", account.id, folder, result.fetched, len(uids)
                )
        finally:
            if pending is not None:
                with contextlib.suppress(Exception):
                    pending.result()  # let the connection finish its command
            pool.shutdown(wait=True)
    final = max(result.last_uid, uidnext - 1 if uidnext else 0)
    if final != state_last(state, uidvalidity) or mode != "incremental":
        with lock, store.transaction():
            store.set_folder_state(account.id, folder, uidvalidity, final)
    result.last_uid = final
    if result.fetched > BATCH:  # a backfill: hand the page cache back before idling
        with contextlib.suppress(Exception):
            store.db.execute("PRAGMA shrink_memory")
    if result.fetched or mode != "incremental":
        log.info(
            "%s %s: %s done, %d fetched, %d new, %d skipped (last UID %d)",
            account.id,
            folder,
            mode,
            result.fetched,
            result.new,
            result.skipped,
            final,
        )
    return result


def _store_batch(
    ctx: Context,
    account: Account,
    folder: str,
    role: str,
    uidvalidity: int,
    batch: Sequence[int],
    fetched: Fetched,
    lock: threading.Lock,
    result: SyncResult,
    on_record: Callable[[RecordOutcome], None] | None,
) -> None:
    """One store transaction: the batch's messages and the folder state that covers them.
    The messages are written together (``api.record_messages``); one that cannot be stored
    is skipped with a log line and never stops the others."""
    from ..api import record_messages

    store = ctx.store
    data, parsed, matches, prints = fetched
    uids, items, hints = [], [], []
    for uid in batch:
        if uid not in data:  # expunged since the search
            continue
        p = parsed[uid]
        if isinstance(p, Exception):
            _log_skip(account.id, folder, uid, p)
            result.skipped += 1
            continue
        uids.append(uid)
        items.append(
            NewMessage(
                p,
                direction_for(ctx, role, p),
                "imap",
                prints.get(uid, ()),
                location=Location(account.id, folder, uidvalidity, uid),
                at=_aware(data[uid].get(b"INTERNALDATE")),
            )
        )
        hints.append(matches.get(uid))
    outcomes = []
    with lock, store.transaction():
        for uid, out in zip(uids, record_messages(ctx, items, hints) if items else [], strict=True):
            if isinstance(out, Exception):
                _log_skip(account.id, folder, uid, out)
                result.skipped += 1
            else:
                outcomes.append(out)
        store.set_folder_state(account.id, folder, uidvalidity, batch[-1])
    result.fetched += len(batch)
    result.new += sum(o.new for o in outcomes)
    result.last_uid = batch[-1]
    if on_record is not None:
        for o in outcomes:
            on_record(o)


def state_last(state: tuple[int, int] | None, uidvalidity: int) -> int | None:
    if state is None or state[0] != uidvalidity:
        return None
    return state[1]


# --------------------------------------------------------------------------- the watcher


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


_CHANGE = {b"EXISTS", b"EXPUNGE", b"RECENT", b"FETCH", b"VANISHED"}


class ImapWatcher(threading.Thread):
    """Follows one folder ('sent' or 'inbox') of one account until ``stop`` is set."""

    def __init__(self, runtime: Any, account: Account, role: str) -> None:
        super().__init__(name=f"imap-{account.id}-{role}", daemon=True)
        self.runtime = runtime
        self.account = account
        self.role = role
        self.folder: str | None = account.inbox_folder if role == "inbox" else account.sent_folder
        self.key = f"{account.id}/{role}"
        self.stop_event = threading.Event()
        self.client: IMAPClient | None = None
        self.backoff = Backoff()
        self.failed: str | None = None  # a permanent failure, said once

    # -- control ----------------------------------------------------------------------------

    def stop(self) -> None:
        self.stop_event.set()
        client = self.client
        if client is not None:
            with contextlib.suppress(Exception):  # wakes idle_check/recv at once
                client.socket().shutdown(socket.SHUT_RDWR)

    def _sleep(self, seconds: float) -> bool:
        """Wait; True if asked to stop meanwhile."""
        return self.stop_event.wait(seconds)

    # -- main loop --------------------------------------------------------------------------

    def run(self) -> None:
        ctx = self.runtime.new_context()
        try:
            self._loop(ctx)
        finally:
            ctx.close()
            self.runtime.source_state(self.key, status="stopped" if not self.failed else "failed")

    def _loop(self, ctx: Context) -> None:
        acc = self.account
        where = f"{acc.username}@{acc.host}:{acc.port}"
        while not self.stop_event.is_set():
            self.runtime.source_state(
                self.key, kind="imap", account=acc.id, folder=self.folder, status="connecting"
            )
            healthy_from = None
            try:
                self.client = connect(acc)
                healthy_from = time.monotonic()
                if self.role == "sent":
                    self.folder = find_sent_folder(self.client, acc.sent_folder)
                log.info("%s: connected to %s, watching %s", acc.id, where, self.folder)
                self._follow(ctx, self.client)
            except AuthError as exc:
                self.failed = str(exc)
                log.error(
                    "%s %s: authentication failed, not retrying: %s. Fix the credentials "
                    "(the config reloads by itself) or restart the daemon.",
                    acc.id,
                    self.folder or self.role,
                    exc,
                )
                self.runtime.source_state(self.key, status="failed", error=self.failed)
                self.runtime.source_failed(self.key, self.failed)
                return
            except FolderMissing as exc:
                self._report(f"{exc}", retry=True)
            except (
                ConnectionLost,
                OSError,
                IMAPClientError,
                imaplib.IMAP4.error,
                ValueError,
            ) as exc:
                if self.stop_event.is_set():
                    break
                if isinstance(exc, ConnectionLost) and "AccessTokenExpired" in str(exc):
                    log.info("%s: the access token expired; reconnecting with a fresh one", acc.id)
                    _close(self.client)
                    self.client = None
                    continue
                self._report(describe_error(exc), retry=True)
            finally:
                _close(self.client)
                self.client = None
            if self.stop_event.is_set():
                break
            if healthy_from is not None and time.monotonic() - healthy_from > HEALTHY_RESET:
                self.backoff.reset()
            wait = self.backoff.next()
            log.info("%s %s: reconnecting in %.1f s", acc.id, self.folder or self.role, wait)
            if self._sleep(wait):
                break

    def _report(self, message: str, *, retry: bool) -> None:
        log.warning("%s %s: %s", self.account.id, self.folder or self.role, message)
        self.runtime.source_state(self.key, status="error" if retry else "failed", error=message)

    def _catch_up(self, ctx: Context, client: IMAPClient) -> SyncResult:
        assert self.folder is not None
        self.runtime.source_state(self.key, status="syncing")
        result = catch_up(
            client,
            ctx,
            self.account,
            self.folder,
            self.role,
            write_lock=self.runtime.write_lock,
            stop=self.stop_event,
            on_record=self.runtime.on_record,
        )
        self.runtime.source_state(
            self.key,
            status="idle",
            error=None,
            last_sync=datetime.now(timezone.utc),
            uidvalidity=result.uidvalidity,
            last_uid=result.last_uid,
        )
        if result.new:
            self.runtime.store_changed()
        return result

    def _follow(self, ctx: Context, client: IMAPClient) -> None:
        assert self.folder is not None
        self._catch_up(ctx, client)
        idle_ok = b"IDLE" in client.capabilities()
        if not idle_ok:
            log.info(
                "%s %s: the server offers no IDLE; polling every %d s",
                self.account.id,
                self.folder,
                self.account.poll_seconds,
            )
        while not self.stop_event.is_set():
            if idle_ok:
                self._idle_once(client)
            else:
                self._poll_once(client)
            if self.stop_event.is_set():
                return
            self._catch_up(ctx, client)

    def _idle_once(self, client: IMAPClient) -> None:
        """IDLE until a change, the renew deadline, or trouble (raises ConnectionLost)."""
        renew = self.account.idle_renew_seconds
        client.idle()
        start_mono, start_wall = time.monotonic(), time.time()
        deadline = start_mono + renew
        broken = False
        try:
            while not self.stop_event.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                wait = min(IDLE_CHECK_SECONDS, remaining)
                t0 = time.monotonic()
                responses = client.idle_check(timeout=wait)
                elapsed = time.monotonic() - t0
                if self.stop_event.is_set():
                    return
                if any(r and r[0] == b"BYE" for r in responses):
                    broken = True
                    text = " ".join(_text(x) for r in responses if r[0] == b"BYE" for x in r[1:])
                    raise ConnectionLost(f"the server closed the connection ({text.strip()})")
                if any(len(r) > 1 and r[1] in _CHANGE for r in responses):
                    break
                if not responses and elapsed < wait * 0.5:
                    broken = True
                    raise ConnectionLost("the connection closed (EOF)")
                # Suspend/resume: the wall clock moved far more than the monotonic one.
                wall = time.time() - start_wall
                if wall - (time.monotonic() - start_mono) > 60:
                    broken = True
                    raise ConnectionLost("the clock jumped (suspend?)")
        finally:
            if not self.stop_event.is_set() and not broken:
                try:
                    client.idle_done()
                except (OSError, imaplib.IMAP4.abort, IMAPClientError) as exc:
                    raise ConnectionLost(f"the connection broke while idle ({exc})") from None

    def _poll_once(self, client: IMAPClient) -> None:
        """Without IDLE: wait, then NOOP; the catch-up that follows sees anything new."""
        if self._sleep(self.account.poll_seconds):
            return
        client.noop()
