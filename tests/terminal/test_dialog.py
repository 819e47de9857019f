"""The "Send anyway / Edit" window, on a real X server (Xvfb) driven with xdotool.

zenity and yad are not installed here, so the shim falls back to its Tk window.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import termkit
from conftest import require_module, require_tool
from termkit import DANA, TOM, World

pytestmark = pytest.mark.real


@pytest.fixture
def display() -> Iterator[str]:
    xvfb = require_tool("Xvfb")
    require_module("tkinter")
    read, write = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()
        assert number, "Xvfb did not report a display"
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def world(tmp_path: Path, smtp_sink) -> World:
    return World.create(tmp_path, smtp_sink.port, msmtp=require_tool("msmtp"))


def _shim_with_dialog(world: World, display: str, key: str) -> tuple[int, str]:
    xdotool = require_tool("xdotool")
    env = {**world.env, "DISPLAY": display}
    msg = world.root / "draft.eml"
    msg.write_bytes(termkit.message())
    with msg.open("rb") as stdin:
        proc = subprocess.Popen(
            [*termkit.SHIM, "-oi", "--", DANA, TOM],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
    try:
        found = subprocess.run(
            [xdotool, "search", "--sync", "--name", "followup-guard"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        window = found.stdout.split()[0]
        time.sleep(0.3)  # let Tk map and bind
        subprocess.run([xdotool, "windowfocus", "--sync", window], env=env, check=True, timeout=20)
        subprocess.run([xdotool, "key", "--clearmodifiers", key], env=env, check=True, timeout=20)
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired as exc:
        proc.kill()
        _, err = proc.communicate()
        raise AssertionError(f"{exc}; the shim said: {err.decode()!r}") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, err.decode()


def test_send_anyway(world: World, display: str, smtp_sink) -> None:
    code, err = _shim_with_dialog(world, display, "alt+s")
    assert code == 0, err
    [got] = smtp_sink.wait_for(1)
    assert sorted(got.rcpt_tos) == sorted([DANA, TOM])
    assert len(world.stored()) == 1


def test_return_means_edit(world: World, display: str, smtp_sink) -> None:
    code, err = _shim_with_dialog(world, display, "Return")  # the focus starts on Edit
    assert code == 77
    assert "you chose Edit" in err and "outside-hiring-process" in err
    assert smtp_sink.messages() == []


def test_unusable_display_falls_back_to_stderr(world: World, smtp_sink) -> None:
    r = world.sendmail(["-oi", "--", DANA, TOM], termkit.message(), DISPLAY=":987")
    assert r.code == 77
    assert "followup-guard allow " in r.stderr
    assert smtp_sink.messages() == []
