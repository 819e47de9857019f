"""The suite's own guards against tests that cannot fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, EmptyDataGlob


def test_a_glob_over_repository_files_that_matches_nothing_fails() -> None:
    with pytest.raises(EmptyDataGlob):
        list((REPO / "tests" / "data").glob("*.no-such-suffix"))
    with pytest.raises(EmptyDataGlob):
        list((REPO / "tests").rglob("no-such-name-*.eml"))


def test_globs_elsewhere_may_match_nothing(tmp_path: Path) -> None:
    assert list(tmp_path.glob("*.eml")) == []
    assert list(tmp_path.rglob("*")) == []


def test_the_cpython_email_fixtures_ship_with_the_repository() -> None:
    import sys

    sys.path.insert(0, str(REPO / "tests" / "daemon"))
    from test_daemon_malformed import cpython_email_data

    files = cpython_email_data()
    assert len(files) >= 40
    assert all(REPO in f.resolve().parents for f in files)


def test_an_empty_parametrize_fails_at_collection(tmp_path: Path) -> None:
    import subprocess
    import sys

    test = tmp_path / "test_empty.py"
    test.write_text(
        "import pytest\n\n@pytest.mark.parametrize('x', [])\ndef test_x(x):\n    pass\n"
    )
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-c",
         str(REPO / "pyproject.toml"), "--rootdir", str(tmp_path), str(test)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode != 0, r.stdout
    assert "Empty parameter set" in r.stdout, r.stdout
