"""Parsed forms of the shipped rule data, kept in the user's private cache dir.

A cold ``check`` would otherwise parse eleven TOML phrase files, read every phrase's trigger
words and decode the tone model's JSON weights on each run (about a third of its time). What
is derived from those files is stored once, keyed by a digest of the files' bytes and of the
code that derives it, so an edited data file or parser never reuses a stale entry.

Like the config cache (``config/cache.py``), this is only an optimisation: a missing,
foreign, damaged or unreadable entry means derive the data again (and try to store it), never
an error. Without a cache dir (:func:`use_dir` not called: tests, the library used directly)
nothing is read or written.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from ..config.paths import private_dir

T = TypeVar("T")

_MAGIC = b"fgdat1\0"
_dir: Path | None = None


def use_dir(path: Path | None) -> None:
    """Keep derived data in ``path`` (the data dir's ``cache``), or nowhere (None)."""
    global _dir
    _dir = path


def cached(name: str, sources: Sequence[Path], kind: type[T], build: Callable[[], T]) -> T:
    """``build()``, or its result stored by an earlier process for the same ``sources``.

    ``sources`` are every file ``build`` reads, its own code included; ``kind`` is the type
    of the result, checked after loading."""
    if _dir is None:
        return build()
    try:
        h = hashlib.sha256(name.encode())
        for src in sources:
            h.update(src.read_bytes())
    except OSError:
        return build()
    entry = _dir / f"{name}-{h.hexdigest()[:24]}.pickle"
    found = _read(entry)
    if isinstance(found, kind):
        return found
    value = build()
    _write(entry, name, value)
    return value


def _read(entry: Path) -> object:
    try:
        st = entry.stat()
        # Only trust a file that we own and nobody else can write (pickle runs code).
        if st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
        data = entry.read_bytes()
        head = len(_MAGIC) + 32
        if data[: len(_MAGIC)] != _MAGIC:
            return None
        if hashlib.sha256(data[head:]).digest() != data[len(_MAGIC) : head]:
            return None
        return pickle.loads(data[head:])
    except Exception:  # unreadable, or written by another version of the classes
        return None


def _write(entry: Path, name: str, value: object) -> None:
    try:
        private_dir(entry.parent.parent)  # the data dir
        private_dir(entry.parent)
        for old in entry.parent.glob(f"{name}-*.pickle"):
            old.unlink(missing_ok=True)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=f".{name}-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, entry)
    except (OSError, pickle.PicklingError):
        pass  # the cache is an optimisation only
