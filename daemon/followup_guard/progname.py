"""How to name the `followup-guard` command in what we print, so it works when pasted.

On Debian's own Python, set-up installs into a venv whose `bin/` need not be on the PATH: a
bare `followup-guard` would then be "command not found". We print the bare name only when it
resolves to this very installation; otherwise the full path of our script, or `python -m`.
"""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import sys
from pathlib import Path

NAME = "followup-guard"


@functools.cache
def command(name: str = NAME) -> str:
    """The shortest way to run ``name`` (followup-guard or followup-guard-sendmail) from a shell."""
    ours = Path(sys.executable).parent / name
    found = shutil.which(name)
    if found and ours.exists() and os.path.realpath(found) == os.path.realpath(ours):
        return name
    if found and not ours.exists():
        return name  # installed as a system or pipx script that runs this package
    if ours.exists():
        return shlex.quote(str(ours))
    module = "followup_guard" if name == NAME else "followup_guard.bridges.sendmail"
    return f"{shlex.quote(sys.executable)} -m {module}"


def command_for(config: Path, data_dir: Path, *args: str) -> str:
    """``followup-guard [--config C] [--data-dir D] ARGS`` as it can be pasted: the flags are
    given whenever these paths are not the ones a bare command would use (the demo's, or a
    daemon started with flags), so the command acts on the same config and data."""
    from .config.paths import resolve

    default = resolve()
    parts = [command()]
    if Path(config).expanduser().resolve() != default.config.expanduser().resolve():
        parts += ["--config", shlex.quote(str(config))]
    if Path(data_dir).expanduser().resolve() != default.data_dir.expanduser().resolve():
        parts += ["--data-dir", shlex.quote(str(data_dir))]
    return " ".join([*parts, *args])
