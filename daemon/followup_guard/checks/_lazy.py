"""Regular expressions compiled on first use, not at import.

A cold ``followup-guard check`` imports every rule module; compiling all their patterns up
front costs several milliseconds, most of it for patterns the draft at hand never reaches.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """Stands in for ``re.compile(pattern, flags)``; compiles on the first method call."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        rx = self._compiled
        if rx is None:
            rx = self._compiled = re.compile(self._pattern, self._flags)
        return rx

    def __getattr__(self, name: str) -> Any:  # match, search, finditer, pattern, ...
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._pattern!r})"
