"""What the demo and the set-up print must work when pasted into a shell, as printed."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _demo(env: dict[str, str]) -> str:
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup_guard",
            "daemon",
            "--demo",
            "--once",
            "--demo-interval",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert res.returncode == 0, res.stderr
    return res.stdout


def _printed_commands(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line.startswith("    ")]


def test_demo_prints_commands_that_run_as_printed(tmp_path: Path) -> None:
    # A shell whose PATH holds only the system dirs: as on a fresh machine where set-up made a
    # venv that is not on the PATH. The printed commands must still run.
    env = {
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }
    out = _demo(env)
    commands = _printed_commands(out)
    status, good, risky = commands
    assert status.endswith(" status")
    assert "good-brief-reference.eml" in good and "risky-nudge.eml" in risky

    def run(cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "-c", cmd], capture_output=True, text=True, timeout=60, check=False, env=env
        )

    res = run(status)
    assert res.returncode == 0, res.stderr
    assert "Acme Corp" in res.stdout and "Globex" in res.stdout
    res = run(good)
    assert res.returncode == 0, res.stdout + res.stderr
    res = run(risky)
    assert res.returncode == 1, res.stdout + res.stderr
    # "If I don't hear back by tomorrow I will call every day..." is an ultimatum: pushy.
    for rule in ("outside-hiring-process", "pushy", "desperate", "too-casual"):
        assert rule in res.stdout


def test_demo_reuses_one_dir_and_leaves_nothing_in_tmp(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "TMPDIR": str(tmp),
    }
    env.pop("FOLLOWUP_GUARD_HOME", None)
    first = _demo(env)
    second = _demo(env)
    demo_dir = tmp_path / "cache" / "followup-guard" / "demo"
    assert f"data dir {demo_dir}" in first and f"data dir {demo_dir}" in second
    assert (demo_dir / "config.toml").exists()
    assert oct(demo_dir.stat().st_mode & 0o777) == "0o700"
    assert list(tmp.iterdir()) == []


def test_demo_refuses_a_dir_it_did_not_make(tmp_path: Path) -> None:
    demo_dir = tmp_path / "cache" / "followup-guard" / "demo"
    demo_dir.mkdir(parents=True)
    (demo_dir / "precious.txt").write_text("mine")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    env.pop("FOLLOWUP_GUARD_HOME", None)
    res = subprocess.run(
        [sys.executable, "-m", "followup_guard", "daemon", "--demo", "--once"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert res.returncode == 2
    assert "not a followup-guard demo dir" in res.stderr
    assert "Traceback" not in res.stderr
    assert (demo_dir / "precious.txt").read_text() == "mine"


def test_readme_commands_are_the_scripts_that_exist() -> None:
    readme = (REPO / "README.md").read_text()
    for script in ("scripts/start", "scripts/test"):
        assert f"{script} " in readme
        assert os.access(REPO / script, os.X_OK)
    ci = (REPO / ".ci" / "run").read_text()
    assert "scripts/test" in ci


def test_setup_links_venv_commands_onto_the_path(tmp_path: Path) -> None:
    # The function scripts/setup uses, run on a fake venv layout.
    venv_bin = tmp_path / "proj" / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    for name in ("python", "followup-guard", "followup-guard-sendmail"):
        (venv_bin / name).write_text("#!/bin/sh\necho ran\n")
        (venv_bin / name).chmod(0o755)
    script = (REPO / "scripts" / "setup").read_text()
    start = script.index("link_commands() {")
    end = script.index("\n}\n", start) + 3
    func = script[start:end]
    res = subprocess.run(
        [
            "bash",
            "-c",
            f'say() {{ echo "$*"; }}\n{func}\nlink_commands {shlex.quote(str(venv_bin / "python"))}',
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin"},
    )
    assert res.returncode == 0, res.stderr
    assert "not on your PATH yet" in res.stdout
    linked = tmp_path / "home" / ".local" / "bin" / "followup-guard"
    assert linked.resolve() == (venv_bin / "followup-guard").resolve()


def test_command_for_names_the_paths_only_when_they_are_not_the_defaults(
    tmp_path: Path, monkeypatch
) -> None:
    from followup_guard.progname import command_for

    monkeypatch.setenv("FOLLOWUP_GUARD_CONFIG", str(tmp_path / "c.toml"))
    monkeypatch.setenv("FOLLOWUP_GUARD_HOME", str(tmp_path / "d"))
    assert "--config" not in command_for(tmp_path / "c.toml", tmp_path / "d", "status")
    other = command_for(tmp_path / "demo" / "c.toml", tmp_path / "demo", "suggestions")
    assert f"--config {tmp_path / 'demo' / 'c.toml'}" in other
    assert f"--data-dir {tmp_path / 'demo'}" in other
    assert other.endswith(" suggestions")
