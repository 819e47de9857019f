#!/usr/bin/env python3
"""Daemon speed and memory against a local throw-away Dovecot (not a timed test).

    python3 scripts/bench_daemon.py                   # 100,000 messages, as in the docs
    python3 scripts/bench_daemon.py -n 20000 --json out.json

Measures, on one Sent folder of N messages (a share of them addressed to a tracked company):
  1. a bare imapclient FETCH of the same fields the daemon may fetch (header fields, the first
     16 KB of text, size, internal date), in batches of 500 explicit UIDs;
  2. the daemon's backfill: `followup-guard daemon --once` on a fresh data dir (process start,
     login, folder discovery, Sent and INBOX, reminders included), and the same catch-up
     in-process without the process start;
  3. a restart with nothing new (`--once` again);
  4. the daemon's peak RSS during the backfill, and its RSS when idle (long-running mode);
  5. a new Sent message's latency: from a client's APPEND returning to the row in the store,
     beside a bare imapclient IDLE client's APPEND -> EXISTS on the same folder (Dovecot's
     own push delay, which bounds what any IMAP watcher can do).
Needs dovecot, doveadm and openssl (Debian: dovecot-imapd).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "daemon"), str(ROOT / "daemon")]

from daemon_helpers import (  # noqa: E402
    DaemonProc,
    bulk_inject,
    count,
    imap_account,
    imap_client,
    message,
    write_config,
)
from imapclient import IMAPClient  # noqa: E402
from servers.dovecot import Dovecot  # noqa: E402

BODY = (
    "Hello,\r\n\r\n"
    + "A line of ordinary text in the body of a sent message. " * 20
    + "\r\n\r\nBest,\r\nAlice\r\n"
)


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak = max(self.peak, rss_kb(self.pid), rss_kb(self.pid, "VmHWM"))


def bare_fetch(server: Dovecot) -> float:
    from followup_guard.sources.imap_fetch import SENT_FETCH

    c = imap_client(server, timeout=60)
    t0 = time.perf_counter()
    c.select_folder("Sent", readonly=True)
    uids = c.search(["ALL"])
    n = 0
    for i in range(0, len(uids), 500):
        n += len(c.fetch(uids[i : i + 500], SENT_FETCH))
    took = time.perf_counter() - t0
    c.logout()
    assert n == len(uids)
    return took


def in_process_catch_up(server: Dovecot, cfg: Path, data: Path) -> float:
    from followup_guard.config.load import load_config
    from followup_guard.service.recorder import DaemonRecorder
    from followup_guard.sources import imap
    from followup_guard.store.db import Store

    config = load_config(cfg)
    acc = config.accounts[0]
    client = imap.connect(acc)
    store = Store(data / "store.sqlite3")
    recorder = DaemonRecorder(
        store,
        lambda: config,
        threading.Lock(),
        on_record=lambda _o: None,
        on_report=lambda _s: None,
    )
    t0 = time.perf_counter()
    res = imap.catch_up(client, recorder, acc, "Sent", "sent")
    took = time.perf_counter() - t0
    client.logout()
    store.close()
    assert res.fetched > 0
    return took


def bare_idle_latency(watcher: IMAPClient, writer: IMAPClient, raw: bytes) -> float:
    """Seconds from an APPEND to Sent returning to a bare IDLE client (a session kept open, as
    the daemon's is) seeing EXISTS."""
    watcher.idle()
    writer.append("Sent", raw)
    t0 = time.perf_counter()
    while not any(r[1:2] == (b"EXISTS",) for r in watcher.idle_check(timeout=30)):
        pass
    took = time.perf_counter() - t0
    watcher.idle_done()
    return took


def daemon_sent_latency(writer: IMAPClient, d: DaemonProc, raw: bytes, mid: str) -> float:
    """Seconds from an APPEND to Sent returning to the running daemon's row in the store."""
    writer.append("Sent", raw)
    t0 = time.perf_counter()
    while count(d.data_dir, f"message_id = '{mid}'") == 0:
        if time.perf_counter() - t0 > 60:
            raise SystemExit(f"the daemon did not record {mid} within 60 s:\n{d.last_log()}")
        time.sleep(0.005)
    return time.perf_counter() - t0


def timed_once(d: DaemonProc) -> tuple[float, int, int]:
    """Wall time, exit code and peak RSS (kB) of one `daemon --once`."""
    t0 = time.perf_counter()
    d.start("--once")
    assert d.proc is not None
    sampler = RssSampler(d.proc.pid)
    sampler.start()
    code = d.proc.wait(timeout=3600)
    took = time.perf_counter() - t0
    sampler.done.set()
    sampler.join()
    return took, code, sampler.peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="messages in Sent (default 100000)")
    ap.add_argument(
        "--match-share",
        type=float,
        default=0.05,
        help="share of messages addressed to the tracked company (default 0.05)",
    )
    ap.add_argument("--repeat", type=int, default=2, help="bare-fetch repetitions (default 2)")
    ap.add_argument("--rounds", type=int, default=20, help="new Sent messages to time (default 20)")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()

    random.seed(42)
    out: dict[str, object] = {
        "messages": args.n,
        "match_share": args.match_share,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    with Dovecot() as server, tempfile.TemporaryDirectory(prefix="fg-bench-") as tmp:
        home = Path(tmp)
        t0 = time.perf_counter()
        bulk_inject(
            server,
            "alice",
            "Sent",
            (
                message(
                    i,
                    days_ago=1 + (i % 150),
                    body=BODY,
                    to=(
                        "dana.wu@acme.example"
                        if random.random() < args.match_share
                        else f"friend{i % 500}@example.net"
                    ),
                )
                for i in range(args.n)
            ),
        )
        out["inject_s"] = round(time.perf_counter() - t0, 1)
        print(f"injected {args.n} messages in {out['inject_s']} s", flush=True)
        cfg = write_config(home, accounts=imap_account(server, home))

        bare_fetch(server)  # warm Dovecot's index and the page cache once
        bare = [bare_fetch(server) for _ in range(args.repeat)]
        out["bare_fetch_s"] = round(statistics.mean(bare), 2)
        print(f"bare imapclient FETCH: {[round(b, 2) for b in bare]} s", flush=True)

        d = DaemonProc(cfg, home / "data")
        took, code, peak = timed_once(d)
        assert code == 0, d.last_log()[-2000:]
        out.update(daemon_once_s=round(took, 2), daemon_peak_rss_mb=round(peak / 1024, 1))
        print(f"daemon --once backfill: {took:.2f} s, peak RSS {peak / 1024:.1f} MB", flush=True)

        inproc = in_process_catch_up(server, cfg, home / "inproc")
        out["catch_up_in_process_s"] = round(inproc, 2)
        print(f"catch-up in-process: {inproc:.2f} s", flush=True)

        bare2 = bare_fetch(server)
        out["bare_fetch_after_s"] = round(bare2, 2)
        ref = statistics.mean([*bare, bare2])
        out["ratio_daemon_once"] = round(took / ref, 2)
        out["ratio_catch_up"] = round(inproc / ref, 2)

        restarts = []
        for _ in range(3):
            t, code, _ = timed_once(d)
            assert code == 0 and "fetched" not in d.last_log(), d.last_log()
            restarts.append(t)
        out["restart_nothing_new_s"] = round(min(restarts), 2)
        out["restart_nothing_new_max_s"] = round(max(restarts), 2)
        print(f"restart with nothing new: {[round(r, 2) for r in restarts]} s", flush=True)

        d.start()
        assert d.proc is not None
        d.wait_ready(timeout=120)
        time.sleep(5)
        out["idle_rss_mb"] = round(rss_kb(d.proc.pid) / 1024, 1)
        print(f"idle RSS: {out['idle_rss_mb']} MB", flush=True)

        # alternate the two so machine noise falls on both alike
        bare_l, daemon_l = [], []
        watcher, writer = imap_client(server, timeout=60), imap_client(server, timeout=60)
        watcher.select_folder("Sent", readonly=True)
        for k in range(args.rounds):
            i = args.n + 1 + 2 * k
            bare_l.append(bare_idle_latency(watcher, writer, message(i, body=BODY)))
            mid = f"msg-{i + 1}@example.org"
            daemon_l.append(daemon_sent_latency(writer, d, message(i + 1, body=BODY), mid))
        for c in (watcher, writer):
            c.logout()
        d.terminate()
        for name, xs in (("bare_idle", bare_l), ("daemon_sent", daemon_l)):
            out[f"{name}_p50_s"] = round(statistics.median(xs), 3)
            out[f"{name}_max_s"] = round(max(xs), 3)
        out["ratio_sent_latency"] = round(
            statistics.median(daemon_l) / statistics.median(bare_l), 2
        )
        print(
            f"new Sent message: bare IDLE {out['bare_idle_p50_s']} s, "
            f"daemon {out['daemon_sent_p50_s']} s (medians of {args.rounds})",
            flush=True,
        )

    print("\n| figure | value |\n|---|---|")
    for k, v in out.items():
        print(f"| {k} | {v} |")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")
    ok = (
        out["restart_nothing_new_max_s"] < 1.0
        and out["daemon_peak_rss_mb"] < 80
        and out["idle_rss_mb"] < 80
        and float(str(out["daemon_sent_max_s"])) < 2.0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
