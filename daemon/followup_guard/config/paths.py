"""Where the config and the data live (XDG on Linux), with the env and flag overrides."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP = "followup-guard"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) so that ``path`` itself is 0700, whoever creates it
    first: `mkdir(parents=True, mode=...)` applies the mode to the last part only, so creating
    ``data_dir/cache`` first would leave the data dir open to other users."""
    path = Path(path)
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            path.mkdir(mode=0o700)
    return path


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var)
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def default_config_path() -> Path:
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP / "config.toml"
    return _xdg("XDG_CONFIG_HOME", ".config") / APP / "config.toml"


def default_data_dir() -> Path:
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP
    return _xdg("XDG_DATA_HOME", ".local/share") / APP


@dataclass(frozen=True)
class Paths:
    config: Path
    data_dir: Path

    @property
    def store(self) -> Path:
        return self.data_dir / "store.sqlite3"

    @property
    def lock(self) -> Path:
        return self.data_dir / "daemon.lock"

    @property
    def daemon_state(self) -> Path:
        return self.data_dir / "daemon.json"


def resolve(config: str | Path | None = None, data_dir: str | Path | None = None) -> Paths:
    """Flags win over the environment, which wins over the platform default."""
    cfg = config or os.environ.get("FOLLOWUP_GUARD_CONFIG") or default_config_path()
    data = data_dir or os.environ.get("FOLLOWUP_GUARD_HOME") or default_data_dir()
    return Paths(Path(cfg).expanduser(), Path(data).expanduser())
