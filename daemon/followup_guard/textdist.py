"""Edit distance for short strings (names, addresses): pure Python, nothing to import.

The strings compared are a few dozen characters and the candidate sets small, so a plain
dynamic programme with an early exit beats loading a C extension on every cold start.
"""

from __future__ import annotations


def distance(a: str, b: str, cutoff: int | None = None) -> int:
    """Optimal-string-alignment distance (edits, with adjacent transpositions counting one).

    With ``cutoff``, any result above it is returned as ``cutoff + 1`` as soon as it is known.
    """
    if a == b:
        return 0
    if cutoff is not None and abs(len(a) - len(b)) > cutoff:
        return cutoff + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
        if cutoff is not None and min(cur) > cutoff:
            return cutoff + 1
        prev2, prev = prev, cur
    result = prev[-1]
    return result if cutoff is None or result <= cutoff else cutoff + 1
