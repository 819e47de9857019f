"""The parsed config, cached per file version (a cold ``check`` skips TOML and validation).

A cache is only an optimisation, so any damage (checked by a digest before unpickling, as a
flipped byte could otherwise load as a different config) means parse the file and write it
anew: never a traceback, an exit 1 or another config.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from .model import Config
from .paths import private_dir

_CACHE_MAGIC = b"fgcfg1\0"


def read_cache(cache: Path) -> Config | None:
    """The cached config, or None when there is none or it cannot be trusted or read."""
    try:
        st = cache.stat()
        # Only trust a cache file that we own and nobody else can write.
        if st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
        data = cache.read_bytes()
        head = len(_CACHE_MAGIC) + 32
        if data[: len(_CACHE_MAGIC)] != _CACHE_MAGIC:
            return None
        if hashlib.sha256(data[head:]).digest() != data[len(_CACHE_MAGIC) : head]:
            return None
        config = pickle.loads(data[head:])
    except Exception:  # unreadable, or written by another version of the classes
        return None
    return config if isinstance(config, Config) else None


def write_cache(cache: Path, config: Config) -> None:
    try:
        private_dir(cache.parent.parent)  # the data dir
        private_dir(cache.parent)
        for old in cache.parent.glob("config-*.pickle"):
            old.unlink(missing_ok=True)
        payload = pickle.dumps(config, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".config-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(_CACHE_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, cache)
    except OSError:
        pass  # the cache is an optimisation only
