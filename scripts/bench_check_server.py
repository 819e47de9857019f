#!/usr/bin/env python3
"""Benchmark the check socket under load: honest checks beside slow and idle clients.

    python3 scripts/bench_check_server.py [--checks 200] [--slow 10] [--rounds 3]

Starts the daemon's check server in a child process (as the daemon is one) on the test
world's config (tests/corpus/config.toml), opens --slow clients that trickle a byte every
0.5 s, then fires --checks honest checks at once from as many threads, the way that many
`followup-guard check` processes would. Prints, per round, how many the daemon answered (the
rest would have fallen back to working alone), the latency from connect to reply (median,
p95, max), and the same number of checks run one after another in-process as the same-run
reference.
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from followup_guard import wire
from followup_guard.api import Context, check_message
from followup_guard.client import check_via_daemon
from followup_guard.config.load import load_config
from followup_guard.config.paths import Paths
from followup_guard.service.check_server import CheckServer, config_stamp
from followup_guard.store.db import Store

REPO = Path(__file__).resolve().parents[1]
MESSAGE = (
    b"From: Alex Morgan <alex.morgan@example.org>\nTo: Dana Wu <dana.wu@acme.example>\n"
    b"Subject: Thank you\n\nDear Dana,\n\nThank you for the onsite and the talk about the "
    b"payments ledger and the Kafka migration.\n\nBest regards,\nAlex Morgan\n"
)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def serve(cfg: Path, paths: Paths, ready: Any, done: Any) -> None:
    """The check server alone in its own process, until ``done`` is set."""
    config = load_config(cfg)
    server = CheckServer(paths, lambda: (config, config_stamp(cfg)))
    server.start()
    ready.set()
    done.wait()
    server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checks", type=int, default=200)
    ap.add_argument("--slow", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "config.toml"
        cfg.write_bytes((REPO / "tests" / "corpus" / "config.toml").read_bytes())
        config = load_config(cfg)
        paths = Paths(cfg, Path(tmp) / "data")
        ready = multiprocessing.Event()
        done = multiprocessing.Event()
        proc = multiprocessing.Process(target=serve, args=(cfg, paths, ready, done))
        proc.start()
        ready.wait(30)
        sock_path = paths.data_dir / "check.sock"
        stop = threading.Event()

        def slow_client() -> None:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.connect(str(sock_path))
                s.sendall(wire.BIG.pack(1000))
                while not stop.is_set():
                    try:
                        s.sendall(b" ")
                    except OSError:
                        return
                    stop.wait(0.5)

        slow = [threading.Thread(target=slow_client, daemon=True) for _ in range(args.slow)]
        for t in slow:
            t.start()
        time.sleep(0.3)
        try:
            ctx = Context(config, Store(":memory:"), paths)
            for r in range(1, args.rounds + 1):
                latencies: list[float] = []
                answered = 0
                lock = threading.Lock()
                go = threading.Event()

                def one(go: threading.Event = go, lock: threading.Lock = lock) -> None:
                    nonlocal answered
                    go.wait()
                    t0 = time.perf_counter()
                    result = check_via_daemon(paths.data_dir, cfg, MESSAGE)
                    dt = time.perf_counter() - t0
                    with lock:
                        latencies.append(dt)  # noqa: B023 (read after every thread has joined)
                        answered += result is not None

                threads = [threading.Thread(target=one) for _ in range(args.checks)]
                for t in threads:
                    t.start()
                t0 = time.perf_counter()
                go.set()
                for t in threads:
                    t.join()
                wall = time.perf_counter() - t0
                s0 = time.perf_counter()
                for _ in range(args.checks):
                    check_message(ctx, MESSAGE)
                serial = time.perf_counter() - s0
                print(
                    f"round {r}: {answered}/{args.checks} answered by the daemon beside "
                    f"{args.slow} slow clients; latency median "
                    f"{statistics.median(latencies) * 1000:.0f} ms, "
                    f"p95 {pct(latencies, 0.95) * 1000:.0f} ms, "
                    f"max {max(latencies) * 1000:.0f} ms; "
                    f"all in {wall:.2f} s; the same {args.checks} checks in-process one by one: "
                    f"{serial:.2f} s (ratio {wall / serial:.2f})"
                )
        finally:
            stop.set()
            done.set()
            proc.join(10)


if __name__ == "__main__":
    main()
