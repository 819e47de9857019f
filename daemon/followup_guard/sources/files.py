"""Messages from files: single .eml files, mbox files, and Maildir folders (one-shot reading).

Each is yielded as a :class:`FileMessage` (where it came from, its bytes, the date the file
gives it); reading never stops on one bad file: the problem is yielded as a
:class:`ReadProblem` so the caller can report it and go on.

An mbox is read line by line (a large one is never loaded whole) by the rules of mboxo and
mboxrd, as mutt reads them: a ``From `` line starts a message only at the start of the file or
after a blank line, and only if it reads as a separator (``From sender date``), so "From time
to time" in a body never splits a message (the standard library's ``mailbox.mbox`` splits at
any ``From `` line); lines quoted as ``>From `` (and ``>>From `` in mboxrd) lose one ``>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO

from .maildir import delivery_time


@dataclass(frozen=True, slots=True)
class ReadProblem:
    label: str
    message: str


@dataclass(frozen=True, slots=True)
class FileMessage:
    label: str  # the file, or ``file#n`` for the n-th message of an mbox
    raw: bytes
    index: int  # the position in an mbox (1, 2, ...); 0 for a single file
    # The date the file gives: the mbox ``From `` line, a Maildir file's delivery time.
    folder_date: datetime | None = None


# ``From sender Mon Nov 24 09:00:00 2025`` (ctime, as mbox writers put it), with an optional
# zone before the year; seconds and the weekday are optional, as in mutt's is_from().
_FROM_LINE = re.compile(
    rb"From \S+\s+(?:[A-Za-z]{3},?\s+)?(?P<mon>[A-Za-z]{3})\s+(?P<day>\d{1,2})\s+"
    rb"(?P<h>\d{1,2}):(?P<m>\d\d)(?::(?P<s>\d\d))?\s+"
    rb"(?:(?P<zone>[+-]\d{4}|[A-Z]{1,5})\s+)?(?P<year>\d{4})(?:\s+(?P<zone2>[+-]\d{4}))?"
)
_MONTHS = {
    m: i for i, m in enumerate(b"jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.M)


def from_line_date(line: bytes) -> datetime | None:
    """The date of an mbox ``From `` line (UTC when it names no offset); None if it is not
    a separator line."""
    m = _FROM_LINE.match(line)
    if not m:
        return None
    mon = _MONTHS.get(m["mon"].lower())
    if mon is None:
        return None
    zone = m["zone2"] or m["zone"] or b""
    tz = timezone.utc
    if zone[:1] in (b"+", b"-"):
        sign = 1 if zone[:1] == b"+" else -1
        tz = timezone(sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])))
    try:
        d = datetime(
            int(m["year"]), mon, int(m["day"]), int(m["h"]), int(m["m"]), int(m["s"] or 0), 0, tz
        )
    except ValueError:
        return None
    return d.astimezone(timezone.utc)


def _mbox_messages(fh: BinaryIO) -> Iterator[tuple[bytes, bytes]]:
    """(separator line, message bytes) for each message of an open mbox file. A ``From `` line
    separates only at the start or after a blank line, and only if it reads as a separator;
    the blank line before a separator belongs to neither message."""
    sep: bytes | None = None
    lines: list[bytes] = []
    blank_before = True  # the start of the file counts as after a blank line
    for line in fh:
        if line.startswith(b"From ") and (
            sep is None or (blank_before and from_line_date(line) is not None)
        ):
            if sep is not None:
                yield sep, b"".join(lines[:-1] if lines and not lines[-1].strip() else lines)
            sep, lines, blank_before = line.rstrip(b"\r\n"), [], False
            continue
        if sep is None:
            continue  # text before the first separator is not a message
        lines.append(line)
        blank_before = line in (b"\n", b"\r\n")
    if sep is not None:
        yield sep, b"".join(lines[:-1] if lines and not lines[-1].strip() else lines)


def _is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def _looks_like_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"From "
    except OSError:
        return False


def iter_maildir(path: Path) -> Iterator[FileMessage | ReadProblem]:
    for sub in ("cur", "new"):
        folder = path / sub
        for f in sorted(folder.iterdir()) if folder.is_dir() else []:
            if f.name.startswith("."):
                continue
            yield from _read_file(f, delivery_time(f))


def _read_file(
    path: Path, folder_date: datetime | None = None
) -> Iterator[FileMessage | ReadProblem]:
    try:
        yield FileMessage(str(path), path.read_bytes(), 0, folder_date)
    except OSError as exc:
        yield ReadProblem(str(path), f"cannot read: {exc.strerror}")


def iter_mbox(path: Path) -> Iterator[FileMessage | ReadProblem]:
    try:
        with path.open("rb") as fh:
            for i, (sep, raw) in enumerate(_mbox_messages(fh), start=1):
                yield FileMessage(
                    f"{path}#{i}", _QUOTED_FROM.sub(rb"\1", raw), i, from_line_date(sep)
                )
    except OSError as exc:
        yield ReadProblem(str(path), f"cannot read as mbox: {exc.strerror or exc}")


def iter_paths(paths: list[Path]) -> Iterator[FileMessage | ReadProblem]:
    """Every message in the given files and folders (a plain folder is read file by file)."""
    for path in paths:
        if _is_maildir(path):
            yield from iter_maildir(path)
        elif path.is_dir():
            for f in sorted(path.iterdir()):
                if f.is_file() and not f.name.startswith("."):
                    yield from iter_paths([f])
        elif not path.exists():
            yield ReadProblem(str(path), "no such file or folder")
        elif _looks_like_mbox(path):
            yield from iter_mbox(path)
        else:
            yield from _read_file(path)
