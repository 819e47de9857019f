"""A config cache (<data dir>/cache/config-*.pickle) that cannot be read is ignored and rebuilt:
never a traceback, never exit 1 (the code for findings), never a different config."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fgtest import CORPUS_CONFIG, DANA, eml, run

DRAFT = eml(
    to=DANA,
    subject="Lunch",
    body="Hi Dana,\n\nThanks for lunch today, it was lovely.\n\nBest,\nAlex\n",
)


def _replace(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def damage(data: bytes) -> bytes:
        assert old in data, "the cache no longer holds the text this test damages"
        return data.replace(old, new)

    return damage


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "not a pickle": lambda data: b"\x80\x05garbage, not a config",
    "cut short": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    # A string's bytes made invalid UTF-8: unpickling raised UnicodeDecodeError.
    "bad text inside": _replace(
        b"acme.example", b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5\xf4"
    ),
    # An address changed but still valid text: it used to load as another config.
    "another address": _replace(b"acme.example", b"acme.exampl3"),
}


@pytest.mark.parametrize("what", sorted(DAMAGE))
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, what: str) -> None:
    config = tmp_path / "config.toml"
    shutil.copy(CORPUS_CONFIG, config)
    home = tmp_path / "data"
    first = run(config, home, "check", "--json", "-", stdin=DRAFT)
    assert first.returncode in (0, 1), first.stderr
    [cache] = (home / "cache").glob("config-*.pickle")
    good = cache.read_bytes()
    cache.write_bytes(DAMAGE[what](good))

    again = run(config, home, "check", "--json", "-", stdin=DRAFT)
    assert "Traceback" not in again.stderr, again.stderr
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout), again.stderr
    [rebuilt] = (home / "cache").glob("config-*.pickle")
    assert rebuilt.read_bytes() == good  # written anew from the config file
