#!/usr/bin/env python3
"""Drafts guard speed and cost, on real parts (not a timed test).

    python3 scripts/bench_drafts.py                    # 100,000 messages in the store, 40 drafts
    python3 scripts/bench_drafts.py -n 20000 --drafts 20 --idle 30 --json out.json

1. fills a throw-away Dovecot's Sent with N messages (a share to the tracked company) and lets
   `daemon --once` record them, so each draft is checked against a store of N messages;
2. starts the daemon on a private session bus with dunst under Xvfb, and for each draft
   APPENDs it to Drafts over IMAP and times the APPEND's return to the Notify call seen on
   the bus (each draft names a different outside address, so each raises a notification);
3. lets the daemon sit idle on its three folders (Sent, INBOX, Drafts) and measures its CPU
   (utime + stime from /proc) and RSS.
Needs dovecot, doveadm, openssl, Xvfb, dbus-daemon, dunst (scripts/setup installs them).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "daemon"), str(ROOT / "tests" / "drafts")]

from daemon_helpers import DaemonProc, bulk_inject, message  # noqa: E402
from drafts_helpers import DANA, ImapUser, draft, write_drafts_config  # noqa: E402
from servers.dovecot import Dovecot  # noqa: E402
from servers.notifications import Desktop  # noqa: E402


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _to(i: int, every: int) -> str:
    """Most of the store is other mail (other companies, friends); every Nth to Acme."""
    if i % every == 0:
        return DANA
    return f"person{i % 5000}@company{i % 200}.example"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="messages in the store (100000)")
    ap.add_argument("--drafts", type=int, default=40, help="drafts to time (40)")
    ap.add_argument("--idle", type=float, default=60.0, help="seconds of idle CPU sampling")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument(
        "--dana-every",
        type=int,
        default=2000,
        help="every Nth stored message goes to the interviewer (2000: 50 of 100,000; "
        "10 is a worst case of 10,000 contacts with one application)",
    )
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="fg-bench-drafts-"))
    server = Dovecot().start()
    try:
        t0 = time.monotonic()
        bulk_inject(
            server,
            "alice",
            "Sent",
            (message(i, to=_to(i, args.dana_every), days_ago=i % 170) for i in range(args.n)),
        )
        cfg = write_drafts_config(work, server)
        d = DaemonProc(cfg, work / "data")
        assert d.run_once(timeout=3600) == 0, d.log[-2000:]
        fill = time.monotonic() - t0
        print(f"store: {args.n} messages recorded in {fill:.0f} s")

        with Desktop() as desk:
            os.environ.update(desk.env)
            d.start()
            d.wait_ready(120)
            assert d.proc is not None
            pid = d.proc.pid
            user = ImapUser(server)
            lat: list[float] = []
            try:
                for i in range(args.drafts):
                    raw = draft(to=f"{DANA}, outside{i}@acme.example", mid=f"<bench-{i}@x>",
                                subject=f"Follow-up {i}")  # fmt: skip
                    seen = len(desk.monitor.notifications)
                    user.c.append("Drafts", raw, flags=[b"\\Seen"])
                    t = time.monotonic()
                    desk.monitor.wait_notify(
                        lambda n, i=i: n.title.startswith(f"Draft “Follow-up {i}”"), 30
                    )
                    lat.append(time.monotonic() - t)
                    assert len(desk.monitor.notifications) > seen
                    time.sleep(0.3)
                # Clean up the drafts so the idle phase is truly idle.
                user.c.select_folder("Drafts")
                user.c.delete_messages(user.c.search(["ALL"]))
                user.c.expunge()
            finally:
                user.close()
            time.sleep(5)
            c0, w0 = cpu_seconds(pid), time.monotonic()
            time.sleep(args.idle)
            idle_cpu = (cpu_seconds(pid) - c0) / (time.monotonic() - w0) * 100
            rss = rss_mb(pid)
            assert d.terminate() == 0
        lat.sort()
        p50 = statistics.median(lat)
        p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
        res = {
            "messages": args.n,
            "to_the_application": len(range(0, args.n, args.dana_every)),
            "drafts": len(lat),
            "append_to_notify_p50_s": round(p50, 3),
            "append_to_notify_p95_s": round(p95, 3),
            "append_to_notify_max_s": round(lat[-1], 3),
            "idle_cpu_percent_of_one_core": round(idle_cpu, 2),
            "idle_seconds": args.idle,
            "rss_mb": round(rss, 1),
        }
        print(json.dumps(res, indent=2))
        if args.json:
            args.json.write_text(json.dumps(res, indent=2) + "\n")
        return 0
    finally:
        server.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
