"""Messages from files: single .eml files, mbox files, and Maildir folders (one-shot reading).

Each yields ``(label, raw bytes)``; reading never stops on one bad file: the problem is
yielded as ``(label, Problem)`` so the caller can report it and go on.
"""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ReadProblem:
    message: str


def _is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def _looks_like_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(5) == b"From "
    except OSError:
        return False


def iter_maildir(path: Path) -> Iterator[tuple[str, bytes | ReadProblem]]:
    for sub in ("cur", "new"):
        folder = path / sub
        for f in sorted(folder.iterdir()) if folder.is_dir() else []:
            if f.name.startswith("."):
                continue
            yield from _read_file(f)


def _read_file(path: Path) -> Iterator[tuple[str, bytes | ReadProblem]]:
    try:
        yield str(path), path.read_bytes()
    except OSError as exc:
        yield str(path), ReadProblem(f"cannot read: {exc.strerror}")


def iter_mbox(path: Path) -> Iterator[tuple[str, bytes | ReadProblem]]:
    try:
        box = mailbox.mbox(path, create=False)
        keys = box.keys()
    except (OSError, mailbox.Error) as exc:
        yield str(path), ReadProblem(f"cannot read as mbox: {exc}")
        return
    for i, key in enumerate(keys, start=1):
        try:
            yield f"{path}#{i}", box.get_bytes(key)
        except (OSError, mailbox.Error, KeyError) as exc:
            yield f"{path}#{i}", ReadProblem(f"cannot read message {i}: {exc}")


def iter_paths(paths: list[Path]) -> Iterator[tuple[str, bytes | ReadProblem]]:
    """Every message in the given files and folders (a plain folder is read file by file)."""
    for path in paths:
        if _is_maildir(path):
            yield from iter_maildir(path)
        elif path.is_dir():
            for f in sorted(path.iterdir()):
                if f.is_file() and not f.name.startswith("."):
                    yield from iter_paths([f])
        elif not path.exists():
            yield str(path), ReadProblem("no such file or folder")
        elif _looks_like_mbox(path):
            yield from iter_mbox(path)
        else:
            yield from _read_file(path)
