"""Messages from files: single .eml files, mbox files, and Maildir folders (one-shot reading).

Each is yielded as a :class:`FileMessage` (where it came from, its bytes, the date the file
gives it); reading never stops on one bad file: the problem is yielded as a
:class:`ReadProblem` so the caller can report it and go on.

An mbox is read by the standard library's ``mailbox.mbox``, with the separator rule of mboxo
and mboxrd readers such as mutt: a ``From `` line starts a message only at the start of the
file or after a blank line, and only if it reads as a separator (``From sender date``), so
"From time to time" in a body never splits a message; lines quoted as ``>From `` (and
``>>From `` in mboxrd) lose one ``>``.
"""

from __future__ import annotations

import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

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


class StrictMbox(mailbox.mbox):
    """``mailbox.mbox`` that splits only at real separator lines (see the module's doc)."""

    def __init__(self, path: Path) -> None:
        self.from_lines: dict[int, bytes] = {}
        super().__init__(path, create=False)

    def _generate_toc(self) -> None:
        starts: list[int] = []
        stops: list[int] = []
        blank_before = True  # the start of the file counts as after a blank line
        blank_len = 0
        self._file.seek(0)
        while True:
            pos = self._file.tell()
            line = self._file.readline()
            if not line:
                stops.append(pos - blank_len if blank_before and starts else pos)
                break
            if line.startswith(b"From ") and (
                not starts or (blank_before and from_line_date(line) is not None)
            ):
                if starts:
                    stops.append(pos - blank_len)
                self.from_lines[len(starts)] = line.rstrip(b"\r\n")
                starts.append(pos)
                blank_before, blank_len = False, 0
            elif line in (b"\n", b"\r\n"):
                blank_before, blank_len = True, len(line)
            else:
                blank_before, blank_len = False, 0
        if not starts:
            stops = []
        self._toc = dict(enumerate(zip(starts, stops, strict=True)))
        self._next_key = len(self._toc)
        self._file_length = self._file.tell()


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
        box = StrictMbox(path)
        keys = box.keys()
    except (OSError, mailbox.Error) as exc:
        yield ReadProblem(str(path), f"cannot read as mbox: {exc}")
        return
    for i, key in enumerate(keys, start=1):
        label = f"{path}#{i}"
        try:
            raw = _QUOTED_FROM.sub(rb"\1", box.get_bytes(key))
        except (OSError, mailbox.Error, KeyError) as exc:
            yield ReadProblem(label, f"cannot read message {i}: {exc}")
            continue
        yield FileMessage(label, raw, i, from_line_date(box.from_lines.get(key, b"")))


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
