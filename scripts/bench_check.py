#!/usr/bin/env python3
"""Benchmark `check`: in-process latency and cold-process time/memory beside proselint.

    python3 scripts/bench_check.py [--apps 200] [--messages 100000] [--runs 1000] [--cold 20]
                                   [--breakdown]

Builds a store with --apps applications and --messages stored messages in a temp dir, then:
1. in-process: check_message() of a 2 KB draft, --runs times: median and p99;
2. cold: `followup-guard check FILE` as a fresh process, with the daemon running (it answers
   over its socket) and without (FOLLOWUP_GUARD_NO_DAEMON=1: all the work in the process),
   and `proselint check FILE`, interleaved --cold times each after a warm-up run of each:
   median wall time, peak RSS (GNU time), and the ratios.
proselint must be installed (`pip install proselint`); it is the peer a user could pick instead.
``--breakdown`` also times each part of the in-process check (parse, draft, tone model, each
rule). With ``--cold 0`` only the in-process figures are measured (proselint's in-process lint
beside them if it can be imported), and neither command needs to be on PATH.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from followup_guard.api import Context, check_message
from followup_guard.config.load import load_config
from followup_guard.config.paths import Paths
from followup_guard.mail.parse import Address, ParsedMessage
from followup_guard.mail.text import fingerprint
from followup_guard.store.db import Store

DRAFT_BODY = """Dear Dana,

I hope your week is going well. I wanted to follow up on the onsite interview for the Backend
Engineer role at Acme Corp on the 20th. I really enjoyed our conversation about the payments
ledger, and in particular how your team approaches idempotent consumers during the Kafka
migration. Since then I have been thinking about the reconciliation problem you described, and
I sketched a small design for replaying ledger events safely after a partial outage; I would be
glad to walk you through it if that would be useful.

I know the team is meeting several candidates, so I do not expect a decision yet. I only wanted
to say that the conversation confirmed how much I would like to contribute to the work on the
ledger, and that I remain very interested in the position. If there is anything else I can
provide in the meantime, such as references or a code sample, please let me know and I will
send it over promptly.

On the question you asked at the end about how I handle on-call, I would add one thing I did
not mention: in my current team I introduced a weekly review of every page we received, which
cut our alert volume by a third over two quarters. I mention it because the on-call rotation
came up several times during the day, and I think the same habit would help with the alerts
around the ledger reconciliation jobs you described. I would be happy to share the short
write-up we used to run those reviews, with anything internal removed.

Thank you again for your time and for the thoughtful questions during the interview. I look
forward to hearing about the next steps whenever the team is ready.

Best regards,
Alex Morgan
+1 617 555 0142

P.S. The article on event sourcing that Dana mentioned over lunch was a great read; thank you
for the pointer. Its section on replaying projections matches what we discussed about the
ledger almost exactly. I have since tried the approach on a small side project of my own.
"""


TIME = "/usr/bin/time"
PER_APP = 25  # stored messages per application (a long, busy process)


def build_config(n_apps: int) -> str:
    parts = [
        """[general]
timezone = "America/New_York"

[user]
name = "Alex Morgan"

[[identities]]
address = "alex.morgan@example.org"
name = "Alex Morgan"
signature = \"\"\"Alex Morgan
+1 617 555 0142\"\"\"
"""
    ]
    for i in range(n_apps):
        company = "Acme Corp" if i == 0 else f"Company {i}"
        domain = "acme.example" if i == 0 else f"company{i}.example"
        first = "dana.wu" if i == 0 else f"person{i}"
        parts.append(f"""
[[applications]]
id = "app-{i}"
company = "{company}"
role = "Backend Engineer"
domains = ["{domain}"]
talking_points = ["payments ledger", "Kafka migration"]
  [[applications.rounds]]
  name = "onsite"
  start = "2026-11-20T10:00"
  end = "2026-11-20T12:00"
  timezone = "America/New_York"
  [[applications.people]]
  name = "{"Dana Wu" if i == 0 else f"Person {i}"}"
  address = "{first}@{domain}"
  role = "interviewer"
  [[applications.people]]
  name = "Recruiter {i}"
  address = "recruiter@{domain}"
  role = "permitted"
""")
    return "".join(parts)


def fill_store(store: Store, n_apps: int, n_messages: int) -> None:
    """A realistic mailbox: PER_APP messages for each application, the rest personal mail."""
    start = datetime(2026, 5, 1, tzinfo=timezone.utc)
    me = Address("Alex Morgan", "alex.morgan@example.org")
    fp = fingerprint(DRAFT_BODY)
    app_messages = min(n_messages, n_apps * PER_APP)
    with store.transaction():
        for i in range(n_messages):
            app = i % n_apps if i < app_messages else None
            if app is not None:
                other = Address(
                    "", f"recruiter@company{app}.example" if app else "maria.lopez@acme.example"
                )
            else:
                other = Address("", f"friend{i % 5000}@mail.example")
            outbound = i % 3 != 0
            msg = ParsedMessage(
                message_id=f"bench-{i}@example.org",
                date=start + timedelta(minutes=2 * i),
                sender=me if outbound else other,
                to=[other] if outbound else [me],
                cc=[],
                bcc=[],
                subject=f"Message {i}",
                in_reply_to=None,
                references=[],
                body="",
                size=2000,
            )
            store._add(
                msg,
                "out" if outbound else "in",
                "bench",
                fp if app is not None else (),
                False,
                None,
                None,
                (),
            )


def in_process(ctx: Context, raw: bytes, runs: int) -> tuple[float, float]:
    """Each run checks a different draft (a number in its P.S. changes), so nothing cached
    for one text (its word index, its fingerprint) helps the next: as in real use."""
    at = datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc)
    drafts = [raw.replace(b"P.S.", f"P.S. ({i})".encode()) for i in range(runs + 20)]
    for d in drafts[:20]:
        check_message(ctx, d, at=at)
    times = []
    for d in drafts[20:]:
        t0 = time.perf_counter()
        check_message(ctx, d, at=at)
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.99) - 1] * 1000


def proselint_in_process(raw: bytes, runs: int) -> float | None:
    """proselint's own warm, in-process lint of the same drafts (the peer's figure, same run)."""
    try:
        from proselint.checks import __register__
        from proselint.config import load_from
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    config = load_from(None)
    CheckRegistry().register_many(__register__)
    texts = [raw.replace(b"P.S.", f"P.S. ({i})".encode()).decode() for i in range(runs + 20)]
    for t in texts[:20]:
        LintFile("<bench>", t).lint(config)
    times = []
    for t in texts[20:]:
        t0 = time.perf_counter()
        LintFile("<bench>", t).lint(config)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def breakdown(ctx: Context, raw: bytes, runs: int) -> list[tuple[str, float]]:
    """Median CPU time of each part of an in-process check, on the same fresh drafts as
    ``in_process``: parsing, building the draft, the tone model's sentence scores (cached by
    text, so timed alone before the rules that read them), and each rule's own work. The
    parts are timed one after the other, so their sum is close to the whole check."""
    from followup_guard.api import _parsed
    from followup_guard.checks import tone_model
    from followup_guard.checks.engine import _applies, _settings, build_draft
    from followup_guard.checks.registry import all_rules

    at = datetime(2026, 11, 30, 15, 0, tzinfo=timezone.utc)
    drafts = [raw.replace(b"P.S.", f"P.S. [{i}]".encode()) for i in range(runs + 20)]
    rules = all_rules()
    parts: dict[str, list[float]] = {}

    def put(name: str, t0: float) -> float:
        t1 = time.process_time()
        parts.setdefault(name, []).append(t1 - t0)
        return t1

    for n, d in enumerate(drafts):
        t = time.process_time()
        msg = _parsed(d)
        t = put("parse the message", t)
        draft = build_draft(ctx.config, ctx.store, msg, at=at)
        t = put("build the draft (match, history, user words)", t)
        tone_model.confident(draft.text, "angry")
        t = put("tone model: sentence scores", t)
        for rule in rules.values():
            settings = _settings(ctx.config, rule, draft.application)
            if settings.get("enabled", True) and _applies(rule, draft):
                list(rule.check(draft, settings))
            t = put(f"rule {rule.id}", t)
        if n < 20:  # warm-up
            for v in parts.values():
                v.pop()
    return sorted(
        ((k, statistics.median(v) * 1000) for k, v in parts.items()), key=lambda kv: -kv[1]
    )


def cold_run(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB, exit code of one fresh process.

    Memory comes from GNU time's %M: a child's own ru_maxrss would include the pages of this
    (large) parent from before the exec.
    """
    fd, out = tempfile.mkstemp(prefix="fg-time-")
    os.close(fd)
    t0 = time.perf_counter()
    code = subprocess.call(
        [TIME, "-q", "-f", "%M", "-o", out, *argv],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t0
    rss_kib = int(Path(out).read_text().split()[-1])
    os.unlink(out)
    return wall, rss_kib / 1024, code


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--apps", type=int, default=200)
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--cold", type=int, default=20)
    ap.add_argument(
        "--breakdown", action="store_true", help="also time each part of the in-process check"
    )
    args = ap.parse_args()

    proselint = shutil.which("proselint")
    guard = shutil.which("followup-guard")
    if args.cold and (not proselint or not guard or not Path(TIME).exists()):
        print(
            "needs `proselint` (pip install proselint), `followup-guard` on PATH and GNU time "
            "(apt-get install time)",
            file=sys.stderr,
        )
        return 2
    # Both tools start from compiled bytecode, as an installed package does (pip compiles at
    # install time; an editable checkout may not have its .pyc files yet).
    import followup_guard

    compileall.compile_dir(Path(followup_guard.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="fg-bench-") as tmp:
        tmpd = Path(tmp)
        cfg = tmpd / "config.toml"
        cfg.write_text(build_config(args.apps))
        data = tmpd / "data"
        store = Store(data / "store.sqlite3")
        t0 = time.perf_counter()
        fill_store(store, args.apps, args.messages)
        print(
            f"store: {args.apps} applications, {store.message_count()} messages "
            f"(built in {time.perf_counter() - t0:.1f} s)"
        )
        draft = tmpd / "draft.eml"
        draft.write_text(
            "From: Alex Morgan <alex.morgan@example.org>\n"
            "To: Dana Wu <dana.wu@acme.example>\nSubject: Following up on the "
            "onsite\n\n" + DRAFT_BODY
        )
        raw = draft.read_bytes()
        print(f"draft: {len(raw)} bytes")
        ctx = Context(load_config(cfg), store, Paths(cfg, data))
        med, p99 = in_process(ctx, raw, args.runs)
        print(f"in-process check: median {med:.2f} ms, p99 {p99:.2f} ms over {args.runs} runs")
        peer = proselint_in_process(raw, min(args.runs, 300))
        if peer is not None:
            print(
                f"in-process proselint lint of the same drafts: median {peer:.2f} ms "
                f"(ratio followup-guard / proselint {med / peer:.2f})"
            )
        if args.breakdown:
            parts = breakdown(ctx, raw, args.runs)
            print(
                f"parts (median CPU ms over {args.runs} fresh drafts; sum of medians "
                f"{sum(ms for _, ms in parts):.2f} ms):"
            )
            for name, ms in parts:
                if ms >= 0.005:
                    print(f"  {ms:6.3f}  {name}")
        ctx.close()
        if not args.cold or not proselint or not guard:
            return 0  # --cold 0: the in-process figures only

        env = dict(os.environ, FOLLOWUP_GUARD_CONFIG=str(cfg), FOLLOWUP_GUARD_HOME=str(data))
        alone = dict(env, FOLLOWUP_GUARD_NO_DAEMON="1")
        ours = [guard, "check", "--at", "2026-11-30T10:00", str(draft)]
        theirs = [proselint, "check", str(draft)]
        daemon = subprocess.Popen(
            [guard, "daemon"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            sock = data / "check.sock"
            for _ in range(200):
                if sock.exists():
                    break
                time.sleep(0.05)
            else:
                print("the daemon did not open its check socket", file=sys.stderr)
                return 1
            for argv, e in ((ours, env), (ours, alone), (theirs, env)):  # warm-up
                cold_run(argv, e)
            runs: dict[str, list[tuple[float, float, int]]] = {
                "daemon": [],
                "alone": [],
                "proselint": [],
            }
            for _ in range(args.cold):
                runs["daemon"].append(cold_run(ours, env))
                runs["alone"].append(cold_run(ours, alone))
                runs["proselint"].append(cold_run(theirs, env))
        finally:
            daemon.terminate()
            daemon.wait(timeout=10)
        wall = {k: statistics.median(w for w, _, _ in v) * 1000 for k, v in runs.items()}
        rss = {k: max(r for _, r, _ in v) for k, v in runs.items()}
        codes = {k: {c for _, _, c in v} for k, v in runs.items()}
        pl = wall["proselint"]
        print(
            f"cold `proselint check`:                       median {pl:.0f} ms, "
            f"peak RSS {rss['proselint']:.1f} MiB"
        )
        print(
            f"cold `followup-guard check`, daemon running:  median {wall['daemon']:.0f} ms, "
            f"peak RSS {rss['daemon']:.1f} MiB, ratio {wall['daemon'] / pl:.2f} "
            f"(exit {sorted(codes['daemon'])})"
        )
        print(
            f"cold `followup-guard check`, no daemon:       median {wall['alone']:.0f} ms, "
            f"peak RSS {rss['alone']:.1f} MiB, ratio {wall['alone'] / pl:.2f} "
            f"(exit {sorted(codes['alone'])})"
        )
        print(f"({args.cold} interleaved runs of each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
