"""The README's own-mail install (`pipx install .`) gives a working `followup-guard` on the PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.real
def test_pipx_install_as_the_readme_prints_it(tmp_path: Path) -> None:
    require_tool("pipx")
    readme = (REPO / "README.md").read_text()
    assert "pipx install ." in readme
    home, bin_dir = tmp_path / "pipx", tmp_path / "bin"
    env = {**os.environ, "PIPX_HOME": str(home), "PIPX_BIN_DIR": str(bin_dir)}
    src = tmp_path / "src"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(
        REPO,
        src,
        ignore=shutil.ignore_patterns(".git", ".venv", "test-artifacts", "build", "*.egg-info"),
    )
    res = subprocess.run(
        ["pipx", "install", "."],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    shell_env = {"HOME": str(tmp_path), "PATH": f"{bin_dir}:/usr/bin:/bin"}
    for cmd in (
        "followup-guard --version",
        "followup-guard rules",
        "followup-guard-sendmail --help",
    ):
        out = subprocess.run(
            ["bash", "-c", cmd], env=shell_env, capture_output=True, text=True, check=False
        )
        assert out.returncode == 0, f"{cmd}: {out.stderr}"
