"""The derived-data cache (<data dir>/cache/phrases-*.pickle, tone-weights-*.pickle): what it
gives back is exactly what parsing the shipped files gives, and an entry that cannot be
trusted is ignored and rebuilt (never a traceback, never different findings)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fgtest import CORPUS_CONFIG, DANA, eml, run
from followup_guard.checks import datacache, matcher, phrase_pattern, tone_model

# Words of the angry, pushy and desperate lists and a tone cue, so the draft's check reads the
# phrase data and the tone model.
DRAFT = eml(
    to=DANA,
    subject="The offer",
    body=(
        "Hi Dana,\n\nThis is ridiculous. I need this job and I expect an answer by Friday, "
        "or I will take my talents elsewhere.\n\nAlex\n"
    ),
)


@pytest.fixture
def cache_dir(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "data"
    home.mkdir(mode=0o700)
    datacache.use_dir(home / "cache")
    yield home / "cache"
    datacache.use_dir(None)


def _derive(name: str, files: list[Path]) -> object:
    if name == "phrases":
        return matcher._read_all(files)
    return tone_model._read_model()


def _sources(name: str) -> list[Path]:
    if name == "phrases":
        return [
            *sorted(matcher.DATA.glob("*.toml")),
            Path(matcher.__file__),
            Path(phrase_pattern.__file__),
        ]
    return [tone_model.WEIGHTS_PATH, Path(tone_model.__file__)]


@pytest.mark.parametrize("name", ["phrases", "tone-weights"])
def test_a_cached_entry_equals_a_fresh_parse(cache_dir: Path, name: str) -> None:
    files = sorted(matcher.DATA.glob("*.toml"))
    kind = matcher._PhraseData if name == "phrases" else tone_model.Model
    fresh = _derive(name, files)
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return _derive(name, files)

    first = datacache.cached(name, _sources(name), kind, build)
    [entry] = cache_dir.glob(f"{name}-*.pickle")
    assert entry.stat().st_mode & 0o777 == 0o600
    second = datacache.cached(name, _sources(name), kind, build)
    assert calls == [1]  # the second came from the file
    assert first == fresh and second == fresh


def test_phrase_triggers_match_the_parser(cache_dir: Path) -> None:
    data = matcher._read_all(sorted(matcher.DATA.glob("*.toml")))
    assert len(data.triggers) > 200
    for pattern, sets in data.triggers.items():
        phrase_pattern.read_triggers.cache_clear()
        assert phrase_pattern.read_triggers(pattern) == sets


def test_changed_sources_get_a_new_entry(cache_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "phrases.toml"
    src.write_text("a = 1\n")
    assert datacache.cached("demo", [src], str, lambda: "one") == "one"
    [old] = cache_dir.glob("demo-*.pickle")
    src.write_text("a = 2\n")
    assert datacache.cached("demo", [src], str, lambda: "two") == "two"
    [new] = cache_dir.glob("demo-*.pickle")
    assert new != old  # the stale entry was removed, not kept beside the new one


@pytest.mark.parametrize(
    "damage",
    ["not a pickle", "cut short", "flipped byte", "writable by others", "wrong type"],
)
def test_an_untrusted_entry_is_rebuilt(cache_dir: Path, tmp_path: Path, damage: str) -> None:
    src = tmp_path / "source.txt"
    src.write_text("x")
    assert datacache.cached("demo", [src], str, lambda: "good value") == "good value"
    [entry] = cache_dir.glob("demo-*.pickle")
    data = entry.read_bytes()
    if damage == "not a pickle":
        entry.write_bytes(b"\x80\x05garbage")
    elif damage == "cut short":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flipped byte":
        entry.write_bytes(data.replace(b"good", b"evil"))
    elif damage == "writable by others":
        os.chmod(entry, 0o666)  # intact, but anyone could have written it
    if damage == "wrong type":
        assert datacache.cached("demo", [src], int, lambda: 7) == 7
    else:
        assert datacache.cached("demo", [src], str, lambda: "rebuilt") == "rebuilt"


def test_a_missing_source_means_no_cache(cache_dir: Path, tmp_path: Path) -> None:
    assert datacache.cached("demo", [tmp_path / "gone"], str, lambda: "built") == "built"
    assert not cache_dir.exists()


def test_without_a_dir_nothing_is_written(tmp_path: Path) -> None:
    datacache.use_dir(None)
    src = tmp_path / "source.txt"
    src.write_text("x")
    assert datacache.cached("demo", [src], str, lambda: "built") == "built"
    assert list(tmp_path.iterdir()) == [src]


def test_cli_findings_are_the_same_from_the_cache_and_after_damage(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    shutil.copy(CORPUS_CONFIG, config)
    home = tmp_path / "data"
    first = run(config, home, "check", "--json", "-", stdin=DRAFT)
    assert first.returncode == 1, first.stderr  # the draft has findings
    entries = sorted((home / "cache").glob("*.pickle"))
    assert {e.name.split("-")[0] for e in entries} == {"config", "phrases", "tone"}
    again = run(config, home, "check", "--json", "-", stdin=DRAFT)
    assert (again.returncode, again.stdout) == (first.returncode, first.stdout), again.stderr
    for e in entries:
        if not e.name.startswith("config-"):
            e.write_bytes(e.read_bytes()[:100])
    damaged = run(config, home, "check", "--json", "-", stdin=DRAFT)
    assert "Traceback" not in damaged.stderr, damaged.stderr
    assert (damaged.returncode, damaged.stdout) == (first.returncode, first.stdout)
