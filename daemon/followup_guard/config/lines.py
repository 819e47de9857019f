"""Map TOML key paths to line numbers, so a validation error can say where the problem is.

tomllib gives no positions, so this scans the text the way a person reads it: table headers
(``[a.b]``, ``[[a.b]]`` with their array indexes) and ``key =`` lines. Multi-line strings and
arrays are skipped. A path it cannot place falls back to its nearest known parent.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-\"'.]+)\s*=")


def _parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in dotted.split(".")]


def key_lines(text: str) -> dict[str, int]:
    """``{"applications[1].people[0].address": 42, ...}`` (1-based lines)."""
    lines: dict[str, int] = {}
    counters: dict[str, int] = {}  # array-of-tables path (with parent indexes) → last index
    table = ""
    in_multiline: str | None = None
    bracket_depth = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        if bracket_depth > 0:
            bracket_depth += line.count("[") - line.count("]")
            continue
        m = _HEADER.match(line)
        if m and "=" not in line.split("#")[0].split("]")[0]:
            is_array = m.group(1) == "[["
            parts = _parts(m.group(2))
            path = ""
            for i, part in enumerate(parts):
                path = f"{path}.{part}" if path else part
                last = i == len(parts) - 1
                if last and is_array:
                    counters[path] = counters.get(path, -1) + 1
                    # Deeper arrays restart under a new parent element.
                    for known in list(counters):
                        if known.startswith(path + "[") or known.startswith(path + "."):
                            del counters[known]
                    path = f"{path}[{counters[path]}]"
                elif path in counters:
                    path = f"{path}[{counters[path]}]"
            table = path
            lines.setdefault(table, lineno)
            continue
        k = _KEY.match(line)
        if k:
            key = ".".join(_parts(k.group(1)))
            full = f"{table}.{key}" if table else key
            lines.setdefault(full, lineno)
            rest = line[k.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    in_multiline = quote
            if not in_multiline:
                depth = rest.split("#")[0].count("[") - rest.split("#")[0].count("]")
                if depth > 0:
                    bracket_depth = depth
    return lines


def line_for(lines: dict[str, int], path: str) -> int | None:
    """The line of ``path`` or of its nearest parent that has one."""
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get(path)
