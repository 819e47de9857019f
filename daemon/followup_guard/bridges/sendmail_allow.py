"""Allowances of the sendmail shim: the id that names exactly one message to exactly its
recipients, and the record of ids the shim refused (so `followup-guard allow` only lets
through a message somebody was shown). The allowances themselves live in the store, single
use."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence

ALLOW_MINUTES = 10

# Header fields a client makes anew on every try (NeoMutt, git send-email): left out of the id.
# Neither feeds a finding: timing is judged at the time of sending, threads by In-Reply-To.
_REGENERATED = (b"date", b"message-id")


def canonical_bytes(raw: bytes) -> bytes:
    """The message as the allowance covers it: every byte, with line ends as LF, the top-level
    Date and Message-ID fields left out and each MIME boundary (a random name a client may
    pick again on a retry) replaced by its position. A new From name, a recipient moved from To
    to Cc, a new Reply-To or any other header or body change gives other bytes."""
    import email
    import email.policy
    import re

    text = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    head, sep, body = text.partition(b"\n\n")
    kept: list[bytes] = []
    dropping = False
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if not dropping:
                kept.append(line)
            continue
        dropping = line.split(b":", 1)[0].strip().lower() in _REGENERATED
        if not dropping:
            kept.append(line)
    text = b"\n".join(kept) + sep + body
    boundaries: list[bytes] = []
    with contextlib.suppress(Exception):  # a broken MIME tree: the bytes stay as they are
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        for part in msg.walk():
            name = part.get_boundary()
            if name and name.encode("utf-8", "surrogateescape") not in boundaries:
                boundaries.append(name.encode("utf-8", "surrogateescape"))
    for n, b in enumerate(boundaries):
        token = b"=_boundary-%d_=" % n
        # Only where the name works as a boundary: its declaration and its delimiter lines.
        text = re.sub(
            rb"(?im)(boundary\s*=\s*)(\"?)" + re.escape(b) + rb"\2", rb"\1\2" + token + rb"\2", text
        )
        text = re.sub(
            rb"(?m)^--" + re.escape(b) + rb"(--)?([ \t]*)$", rb"--" + token + rb"\1\2", text
        )
    return text


def content_id(raw: bytes, recipients: Sequence[str]) -> str:
    """The allowance id, 12 hex digits: a digest of the message's canonical bytes
    (:func:`canonical_bytes`) and its envelope recipients (order and case ignored)."""
    import hashlib

    h = hashlib.sha256()
    rcpts = sorted({r.strip().lower() for r in recipients})
    h.update(("rcpt:" + ",".join(rcpts)).encode("utf-8", "surrogateescape") + b"\0")
    h.update(canonical_bytes(raw))
    return h.hexdigest()[:12]


# --------------------------------------------------------------------------- refused ids

#: Ids the shim refused, one "ID UNIX-TIME" line each, in the 0700 data dir: `allow` accepts
#: only these, so it cannot be used to let through a message nobody was shown.
REFUSED_IDS_FILE = "sendmail-refused-ids"
REFUSED_KEEP_SECONDS = 24 * 3600
_REFUSED_MAX_LINES = 500


def _refused_lines(path: str) -> list[tuple[str, float]]:
    out = []
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and len(parts[0]) == 12:
                    with contextlib.suppress(ValueError):
                        out.append((parts[0], float(parts[1])))
    except FileNotFoundError:
        pass
    return out


def note_refused(data_dir: os.PathLike[str] | str, allow_id: str, now: float) -> None:
    """Add ``allow_id`` to the refused ids; old lines are dropped now and then. Appends are
    atomic (O_APPEND, one short write); the occasional rewrite holds an exclusive lock."""
    import fcntl
    from pathlib import Path

    from ..config.paths import private_dir

    data = private_dir(Path(os.fspath(data_dir)))
    path = str(data / REFUSED_IDS_FILE)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, f"{allow_id} {now:.0f}\n".encode("ascii"))
        lines = _refused_lines(path)
        if len(lines) > _REFUSED_MAX_LINES:
            keep = [(i, t) for i, t in lines if now - t < REFUSED_KEEP_SECONDS]
            keep = keep[-_REFUSED_MAX_LINES // 2 :]
            tmp = path + ".tmp"
            tfd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(tfd, "w", encoding="ascii") as f:
                f.writelines(f"{i} {t:.0f}\n" for i, t in keep)
            os.replace(tmp, path)
    finally:
        os.close(fd)


def was_refused(data_dir: os.PathLike[str] | str, allow_id: str, now: float) -> float | None:
    """When the shim last refused the message with this id (within a day), else None."""
    path = os.path.join(os.fspath(data_dir), REFUSED_IDS_FILE)
    times = [t for i, t in _refused_lines(path) if i == allow_id and now - t < REFUSED_KEEP_SECONDS]
    return max(times) if times else None
