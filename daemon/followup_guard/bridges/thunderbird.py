"""`followup-guard install thunderbird`: the native-messaging host manifest and the add-on.

Thunderbird on Linux reads per-user native-messaging host manifests from
``~/.mozilla/native-messaging-hosts/<name>.json`` (the same place as Firefox).
The manifest's ``path`` must be an absolute executable without arguments, so
:func:`install` writes a small launcher script into the data directory that
``exec``\\ s the current Python interpreter on :mod:`followup_guard.bridges.native_host`
(with the config and data locations that were in force at install time), and a
manifest whose ``allowed_extensions`` names only our add-on.

It also packs ``plugins/thunderbird`` (found next to the package in a source
checkout) into an ``.xpi`` in the data directory, for "Install Add-on From File…"
in Thunderbird's add-ons manager, or for dropping into a profile as
``<profile>/extensions/followup-guard@followup-guard.local.xpi``.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import sys
import zipfile
from pathlib import Path
from typing import Any

from followup_guard.bridges.native_host import EXTENSION_ID, HOST_NAME

from ..config.paths import private_dir

__all__ = [
    "EXTENSION_ID",
    "HOST_NAME",
    "build_xpi",
    "default_data_dir",
    "find_plugin_dir",
    "install",
    "manifest_dir",
    "uninstall",
]

LAUNCHER_NAME = "followup-guard-native-host"
XPI_NAME = "followup-guard-thunderbird.xpi"
# A fixed timestamp makes the .xpi byte-for-byte reproducible.
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def default_data_dir() -> Path:
    """The data directory followup-guard uses (FOLLOWUP_GUARD_HOME, else the XDG default)."""
    from followup_guard.config.paths import resolve

    return resolve(None, None).data_dir


def manifest_dir(home: Path | None = None) -> Path:
    """Where Thunderbird (and Firefox) on Linux look for per-user host manifests."""
    if sys.platform == "darwin":
        return (home or Path.home()) / "Library" / "Mozilla" / "NativeMessagingHosts"
    return (home or Path.home()) / ".mozilla" / "native-messaging-hosts"


def find_plugin_dir() -> Path:
    """The add-on's source folder: ``plugins/thunderbird`` of the source checkout."""
    candidate = Path(__file__).resolve().parents[3] / "plugins" / "thunderbird"
    if (candidate / "manifest.json").is_file():
        return candidate
    raise FileNotFoundError(
        f"the Thunderbird add-on sources are not at {candidate}; install followup-guard "
        "from a source checkout to build the .xpi"
    )


def build_xpi(plugin_dir: Path, dest: Path) -> Path:
    """Zips the add-on folder (manifest.json at the root) into `dest`, reproducibly."""
    plugin_dir = Path(plugin_dir)
    if not (plugin_dir / "manifest.json").is_file():
        raise FileNotFoundError(f"{plugin_dir} has no manifest.json")
    files = sorted(
        p
        for p in plugin_dir.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(plugin_dir).parts)
        and p.name != "README.md"
        and not p.name.endswith("~")
    )
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(plugin_dir).as_posix(), _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    os.replace(tmp, dest)
    return dest


def _package_root() -> Path:
    """The directory that holds the ``followup_guard`` package (for PYTHONPATH)."""
    return Path(__file__).resolve().parents[2]


def launcher_script(
    python: str,
    *,
    config_path: Path | None = None,
    data_dir: Path | None = None,
    pythonpath: Path | None = None,
) -> str:
    lines = [
        "#!/bin/sh",
        "# Written by `followup-guard install thunderbird`: Thunderbird starts this",
        "# (through ~/.mozilla/native-messaging-hosts/followup_guard.json) to check",
        "# messages before they are sent. Re-run the install to update it.",
    ]
    if config_path is not None:
        lines.append(f"FOLLOWUP_GUARD_CONFIG={shlex.quote(str(config_path))}")
        lines.append("export FOLLOWUP_GUARD_CONFIG")
    if data_dir is not None:
        lines.append(f"FOLLOWUP_GUARD_HOME={shlex.quote(str(data_dir))}")
        lines.append("export FOLLOWUP_GUARD_HOME")
    if pythonpath is not None:
        q = shlex.quote(str(pythonpath))
        lines.append(f"PYTHONPATH={q}${{PYTHONPATH:+:$PYTHONPATH}}")
        lines.append("export PYTHONPATH")
    lines.append(f'exec {shlex.quote(python)} -m followup_guard.bridges.native_host "$@"')
    return "\n".join(lines) + "\n"


def install(
    paths: Any = None,
    *,
    data_dir: Path | None = None,
    config_path: Path | None = None,
    home: Path | None = None,
    python: str | None = None,
    plugin_dir: Path | None = None,
    build: bool = True,
) -> dict[str, Path | None]:
    """Installs the native-messaging host for Thunderbird and builds the add-on.

    - `paths`: a :class:`followup_guard.config.paths.Paths` (``.config``, ``.data_dir``), as
      the CLI resolves them from ``--config``/``--data-dir``/the environment. Both are baked
      into the launcher (FOLLOWUP_GUARD_CONFIG, FOLLOWUP_GUARD_HOME), so Thunderbird started
      from a desktop menu uses the same config and store.
    - `data_dir`, `config_path`: the same, one by one (they win over `paths`). Without
      either, the environment (FOLLOWUP_GUARD_HOME, FOLLOWUP_GUARD_CONFIG) decides, and an
      unset variable is left to the host's own defaults.
    - `home`: the home directory whose ``.mozilla/native-messaging-hosts`` gets the
      manifest (default: the user's).
    - `python`: the interpreter the launcher runs (default: this one).
    - `plugin_dir`: the add-on sources (default: :func:`find_plugin_dir`).
    - `build`: build the .xpi (False: only the host).

    Returns ``{"manifest": Path, "launcher": Path, "xpi": Path | None}``. Idempotent.
    """
    if paths is not None:
        data_dir = data_dir if data_dir is not None else Path(paths.data_dir)
        config_path = config_path if config_path is not None else Path(paths.config)
    explicit_data = data_dir is not None or "FOLLOWUP_GUARD_HOME" in os.environ
    data_dir = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
    if config_path is None and os.environ.get("FOLLOWUP_GUARD_CONFIG"):
        config_path = Path(os.environ["FOLLOWUP_GUARD_CONFIG"])
    if config_path is not None:
        config_path = Path(config_path).expanduser().resolve()
    data_dir = data_dir.resolve()
    private_dir(data_dir)

    launcher = data_dir / LAUNCHER_NAME
    script = launcher_script(
        python or sys.executable,
        config_path=config_path,
        data_dir=data_dir if explicit_data else None,
        pythonpath=_package_root(),
    )
    tmp = launcher.with_name(launcher.name + ".tmp")
    tmp.write_text(script, encoding="utf-8")
    tmp.chmod(stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    os.replace(tmp, launcher)

    target_dir = manifest_dir(home)
    target_dir.mkdir(parents=True, exist_ok=True)
    manifest = target_dir / f"{HOST_NAME}.json"
    document = {
        "name": HOST_NAME,
        "description": "followup-guard: checks interview follow-ups before they are sent",
        "path": str(launcher),
        "type": "stdio",
        "allowed_extensions": [EXTENSION_ID],
    }
    tmp = manifest.with_name(manifest.name + ".tmp")
    tmp.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, manifest)

    xpi = None
    if build:
        xpi = build_xpi(plugin_dir or find_plugin_dir(), data_dir / XPI_NAME)
    return {"manifest": manifest, "launcher": launcher, "xpi": xpi}


def uninstall(*, home: Path | None = None, data_dir: Path | None = None) -> list[Path]:
    """Removes the host manifest, the launcher and the .xpi; returns what was removed."""
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    removed = []
    for path in (
        manifest_dir(home) / f"{HOST_NAME}.json",
        data_dir / LAUNCHER_NAME,
        data_dir / XPI_NAME,
    ):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
