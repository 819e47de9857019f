"""The check socket under hostile and heavy use: no request ends it, no client holds up another."""

from __future__ import annotations

import base64
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from followup_guard import wire
from followup_guard.client import ask_daemon, check_via_daemon
from followup_guard.config.load import load_config
from followup_guard.config.paths import Paths
from followup_guard.service.check_server import CheckServer, config_stamp

REPO = Path(__file__).resolve().parents[2]
MESSAGE = (
    b"From: Alex Morgan <alex.morgan@example.org>\nTo: Dana Wu <dana.wu@acme.example>\n"
    b"Subject: Thank you\n\nDear Dana,\n\nThank you for the onsite and the payments ledger "
    b"talk.\n\nBest regards,\nAlex Morgan\n"
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CheckServer]:
    cfg_path = tmp_path / "config.toml"
    cfg_path.write_bytes((REPO / "tests" / "corpus" / "config.toml").read_bytes())
    config = load_config(cfg_path)
    data = tmp_path / "data"
    srv = CheckServer(
        Paths(cfg_path, data), lambda: (config, config_stamp(cfg_path)), request_seconds=2.0
    )
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


def _raw_request(srv: CheckServer, payload: bytes, timeout: float = 5) -> dict:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(str(srv.path))
        s.sendall(wire.BIG.pack(len(payload)) + payload)
        got = wire.read_frame(s.recv, wire.BIG, max_bytes=1 << 26)
    assert got is not None
    reply = wire.decode(got)
    assert isinstance(reply, dict)
    return reply


def _honest(srv: CheckServer, timeout: float = 3.0) -> dict | None:
    return check_via_daemon(srv.paths.data_dir, srv.paths.config, MESSAGE, timeout=timeout)


def test_deeply_nested_json_is_an_error_reply_and_the_server_lives(server: CheckServer) -> None:
    reply = _raw_request(server, b"[" * 100_000)
    assert reply["ok"] is False and "nested too deeply" in reply["error"]
    assert _honest(server) is not None
    assert server.alive()


def test_a_symlink_loop_as_config_path_is_an_error_reply(
    server: CheckServer, tmp_path: Path
) -> None:
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    req = {
        "v": 1,
        "method": "check",
        "config": str(loop),
        "raw": base64.b64encode(MESSAGE).decode(),
    }
    reply = _raw_request(server, wire.encode(req)[4:])
    assert reply["ok"] is False
    assert reply["error"] in ("stale",) or reply["error"].startswith("bad request")
    assert _honest(server) is not None
    # the client itself must not trip over such a path either
    assert check_via_daemon(server.paths.data_dir, loop, MESSAGE) is None


@pytest.mark.parametrize(
    "payload",
    [
        b"\xff\xfe",
        b"not json",
        b"{}",
        b'{"v": 1, "method": "nope"}',
        b'{"v": 1, "method": "check", "raw": "%%%"}',
        b"[]",
    ],
)
def test_garbage_gets_an_error_reply(server: CheckServer, payload: bytes) -> None:
    reply = _raw_request(server, payload)
    assert reply["ok"] is False and reply["error"]
    assert _honest(server) is not None


def test_an_oversized_frame_is_refused_without_reading_it(server: CheckServer) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        s.connect(str(server.path))
        s.sendall(wire.BIG.pack(0xFFFFFFFF))
        got = wire.read_frame(s.recv, wire.BIG, max_bytes=1 << 20)
    assert got is not None and b"limit" in got
    assert _honest(server) is not None


def test_slow_clients_do_not_hold_up_honest_checks(server: CheckServer) -> None:
    stop = threading.Event()

    def slow_client() -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(str(server.path))
            s.sendall(wire.BIG.pack(1000))
            while not stop.is_set():
                try:
                    s.sendall(b" ")
                except OSError:
                    return
                stop.wait(0.5)

    slow = [threading.Thread(target=slow_client) for _ in range(10)]
    for t in slow:
        t.start()
    time.sleep(0.3)
    results: list[dict | None] = [None] * 200
    go = threading.Event()  # all 200 connect at once, as a burst of clients would

    def honest(i: int) -> None:
        go.wait()
        results[i] = _honest(server)

    workers = [threading.Thread(target=honest, args=(i,)) for i in range(200)]
    try:
        for t in workers:
            t.start()
        go.set()
        for t in workers:
            t.join(30)
    finally:
        stop.set()
        for t in slow:
            t.join(10)
    missing = [i for i, r in enumerate(results) if r is None]
    assert not missing, f"{len(missing)} of 200 honest checks fell back to working alone"
    assert all(r is not None and r["application"] == "acme-backend" for r in results)


def test_a_client_that_never_finishes_is_cut_off_at_the_deadline(server: CheckServer) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(10)
        s.connect(str(server.path))
        s.sendall(wire.BIG.pack(100) + b"{")
        started = time.monotonic()
        assert s.recv(10) == b""  # closed by the server
        assert time.monotonic() - started < 8


def test_connections_over_the_cap_are_closed_and_the_server_recovers(tmp_path: Path) -> None:
    cfg_path = tmp_path / "config.toml"
    cfg_path.write_bytes((REPO / "tests" / "corpus" / "config.toml").read_bytes())
    config = load_config(cfg_path)
    srv = CheckServer(
        Paths(cfg_path, tmp_path / "d"),
        lambda: (config, config_stamp(cfg_path)),
        max_connections=4,
        request_seconds=1.0,
    )
    srv.start()
    idle = []
    try:
        for _ in range(4):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(str(srv.path))
            idle.append(s)
        time.sleep(0.3)
        assert _honest(srv, timeout=0.5) is None  # over the cap: closed, the client checks alone
        time.sleep(1.5)  # the idle ones pass their deadline
        assert _honest(srv) is not None
    finally:
        for s in idle:
            s.close()
        srv.stop()


def test_a_failing_handler_is_an_error_reply(server: CheckServer) -> None:
    def broken(req: dict) -> dict:
        raise RecursionError("deep")

    server.register("broken", broken)
    reply = _raw_request(server, b'{"v": 1, "method": "broken"}')
    assert reply == {"ok": False, "error": "internal: RecursionError"}
    assert _honest(server) is not None


def test_the_server_restarts_its_loop_after_a_failure(server: CheckServer, monkeypatch) -> None:
    original = server._accept
    calls = {"n": 0}

    def flaky(*args, **kwargs):  # fails once, as an unforeseen bug would
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom")
        return original(*args, **kwargs)

    monkeypatch.setattr(server, "_accept", flaky)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:  # triggers the failure
        s.connect(str(server.path))
        time.sleep(0.5)
    assert server.restarts == 1
    assert _honest(server) is not None
    assert server.alive()


def test_ping(server: CheckServer) -> None:
    reply = ask_daemon(server.paths.data_dir, {"v": 1, "method": "ping"})
    assert reply is not None and reply["ok"] and reply["result"]["pid"] == os.getpid()


def test_the_socket_is_the_owners_only(server: CheckServer) -> None:
    import stat

    st = server.path.stat()
    assert stat.S_ISSOCK(st.st_mode)
    assert stat.S_IMODE(st.st_mode) == 0o600
    assert st.st_uid == os.getuid()
