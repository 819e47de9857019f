"""Rule modules. Importing one registers its rules."""

from __future__ import annotations

import importlib

_MODULES = ("timing", "scope", "tone")
_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for name in _MODULES:
        try:
            importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:  # TEMP-DEV: tone lands separately
            if exc.name != f"{__name__}.{name}":
                raise
    _loaded = True
