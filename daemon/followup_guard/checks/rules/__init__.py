"""Rule modules. Importing one registers its rules."""

from __future__ import annotations

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    from . import scope, timing, tone  # noqa: F401  (registration is the import's effect)

    _loaded = True
