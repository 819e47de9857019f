"""The parsed config, cached per file version (a cold ``check`` skips TOML and validation).
A cache that cannot be read is ignored: it is an optimisation only."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from .model import Config


def read_cache(cache: Path) -> Config | None:
    try:
        st = cache.stat()
        # Only trust a cache file that we own and nobody else can write.
        if st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
        with cache.open("rb") as fh:
            config = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return config if isinstance(config, Config) else None


def write_cache(cache: Path, config: Config) -> None:
    try:
        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in cache.parent.glob("config-*.pickle"):
            old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".config-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(config, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass  # the cache is an optimisation only
