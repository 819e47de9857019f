#!/usr/bin/env python3
"""Benchmark: the sendmail shim's own cost on a clean message, against `proselint check`.

Three commands run as cold processes, interleaved (round-robin, order rotated each round), N
times each, on the same message:

  msmtp    msmtp -C RC -oi -- RCPT...              < msg   (the real sender alone)
  shim     followup-guard-sendmail -oi -- RCPT...  < msg   (check, msmtp, record)
  proselint proselint check msg.eml

msmtp delivers to an SMTP sink on 127.0.0.1 (aiosmtpd). The shim's own time is
median(shim) - median(msmtp); the goal is ratio = that / median(proselint) <= 1.0.

Every shim run starts from a copy of the same store (a few dozen old messages, no copy of the
benchmark message), so each run does the full work: check, send, record. The copy is made
outside the timed region.

    python scripts/bench_sendmail.py -n 40
    python scripts/bench_sendmail.py --shim /path/bin/followup-guard-sendmail \\
        --proselint /path/bin/proselint --json
"""

from __future__ import annotations

import argparse
import email.utils
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from factories import DANA_ADDR as DANA  # noqa: E402
from factories import ME_ADDR as ME  # noqa: E402
from factories import acme_world  # noqa: E402

BODY = """Dear Dana,

Thank you for taking the time to meet with me today about the Backend Engineer role at
Acme Corp. I enjoyed our conversation about the payments ledger, and hearing how the team
planned the Kafka migration made me even more excited about the work.

I look forward to hearing about the next steps.

Best regards,
Alex Morgan
+1 617 555 0142
"""


def config_text(msmtp: str, msmtprc: Path) -> str:
    """The test world (tests/factories.py) with today's onsite and the real sender behind it."""
    now = datetime.now(timezone.utc)
    return acme_world(
        onsite_start=now - timedelta(hours=5),
        onsite_end=now - timedelta(hours=3),
        tz="UTC",
        extra=f'[sendmail]\ncommand = ["{msmtp}", "-C", "{msmtprc}"]\n',
    )


def the_message() -> bytes:
    head = [
        f"From: Alex Morgan <{ME}>",
        f"To: Dana Wu <{DANA}>",
        "Subject: Thank you for today's onsite interview",
        f"Date: {email.utils.formatdate()}",
        "Message-ID: <bench-thank-you@example.org>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
    ]
    return ("\n".join(head) + "\n\n" + BODY).encode()


def old_messages(n: int) -> list[bytes]:
    """Unrelated history for the store (friends, a newsletter), dated over the last months."""
    out = []
    now = datetime.now(timezone.utc)
    for i in range(n):
        when = email.utils.format_datetime(now - timedelta(days=3 + i))
        out.append(
            (
                f"From: Alex Morgan <{ME}>\nTo: friend{i}@friends.example\n"
                f"Subject: Catching up {i}\nDate: {when}\nMessage-ID: <old-{i}@example.org>\n"
                f"\nHi,\n\nGood to hear from you. Talk soon.\n\nAlex\n"
            ).encode()
        )
    return out


class Sink:
    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.count = 0
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                with sink.lock:
                    sink.count += 1
                return "250 OK"

        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


PROBE = """
import time
t0 = time.perf_counter()
import sys
from followup_guard.bridges import sendmail
from followup_guard import api
from followup_guard.mail.parse import parse_bytes
t1 = time.perf_counter()
raw = open(sys.argv[1], "rb").read()
parsed = parse_bytes(raw)
ctx = api.open_context()
t2 = time.perf_counter()
from followup_guard.checks.registry import all_rules
all_rules()
t3 = time.perf_counter()
result = api.check_message(ctx, parsed)
t4 = time.perf_counter()
api.record_sent(ctx, parsed)
t5 = time.perf_counter()
ctx.close()
print(" ".join(f"{1000 * x:.2f}" for x in (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)))
sys.stdout.flush()
"""
PHASES = ("imports", "config+store", "rules load", "check", "record")


def breakdown(
    python: str, msg: Path, env: dict[str, str], template: Path, work: Path, n: int
) -> dict[str, float]:
    """Median of each phase of the shim's work, in a cold interpreter each time."""
    rows = []
    start = []
    for _ in range(n):
        home = work / "probe"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(template, home)
        t0 = time.perf_counter()
        subprocess.run([python, "-c", "pass"], env=env, check=True)
        start.append(time.perf_counter() - t0)
        out = subprocess.run(
            [python, "-c", PROBE, str(msg)],
            capture_output=True,
            text=True,
            env=dict(env, FOLLOWUP_GUARD_HOME=str(home)),
            check=True,
        ).stdout
        rows.append([float(x) for x in out.split()])
    med = {"interpreter start": round(1000 * statistics.median(start), 1)}
    for i, name in enumerate(PHASES):
        med[name] = round(statistics.median(r[i] for r in rows), 1)
    return med


def _which(name: str, given: str | None) -> str:
    if given:
        return given
    found = shutil.which(
        name, path=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    )
    if not found:
        sys.exit(f"bench: {name} not found; pass its path")
    # pyenv-style shims are shell scripts that re-exec; time the real program.
    try:
        real = subprocess.run(
            ["pyenv", "which", name], capture_output=True, text=True, check=False
        ).stdout.strip()
        if real and os.path.isfile(real):
            return real
    except OSError:
        pass
    return found


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", type=int, default=30, help="cold runs of each command (default 30)")
    p.add_argument("--shim", help="followup-guard-sendmail (default: next to this Python)")
    p.add_argument("--proselint", help="proselint (default: on PATH)")
    p.add_argument("--msmtp", default=shutil.which("msmtp") or "msmtp")
    p.add_argument("--history", type=int, default=50, help="old messages in the store")
    p.add_argument("--json", action="store_true")
    p.add_argument("--warmup", type=int, default=2, help="untimed rounds first (default 2)")
    p.add_argument(
        "--breakdown",
        action="store_true",
        help="also time the shim's phases (imports, config, rules, check, record)",
    )
    p.add_argument(
        "--daemon",
        action="store_true",
        help="run `followup-guard daemon` on the template store during the runs: the shim then "
        "takes the daemon's verdict over its socket (each run still gets a fresh store copy)",
    )
    p.add_argument(
        "--no-bytecode",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE as it is (sources recompiled each start)",
    )
    args = p.parse_args(argv)

    shim = _which("followup-guard-sendmail", args.shim)
    proselint = _which("proselint", args.proselint)
    sink = Sink()
    work = Path(tempfile.mkdtemp(prefix="fg-bench-"))
    try:
        rc = work / "msmtprc"
        rc.write_text(
            "defaults\nauth off\ntls off\nset_from_header off\nset_date_header off\n"
            f"set_msgid_header off\naccount default\nhost 127.0.0.1\nport {sink.port}\n"
            f"from {ME}\n"
        )
        rc.chmod(0o600)
        config = work / "config.toml"
        config.write_text(config_text(args.msmtp, rc))
        msg = work / "message.eml"
        msg.write_bytes(the_message())
        template = work / "template"
        env = dict(os.environ, FOLLOWUP_GUARD_CONFIG=str(config), FOLLOWUP_GUARD_HOME=str(template))
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
        if not args.no_bytecode:
            # An installed package runs from cached bytecode (pip compiles it at install). With
            # PYTHONDONTWRITEBYTECODE set, an editable checkout would be recompiled on every
            # start; keep the cache in a private prefix instead (for both programs alike).
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")

        # The template store: schema plus unrelated history (recorded through the API).
        seed = (
            "import sys\nfrom followup_guard.api import open_context, record_message\n"
            "ctx = open_context()\n"
            "for path in sys.argv[1:]:\n"
            "    record_message(ctx, open(path, 'rb').read(), source='bench')\n"
            "ctx.close()\n"
        )
        old = []
        for i, raw in enumerate(old_messages(args.history)):
            f = work / f"old-{i}.eml"
            f.write_bytes(raw)
            old.append(str(f))
        py = Path(shim).read_text(errors="replace").split("\n", 1)[0][2:].strip()
        subprocess.run(
            [py if os.path.isfile(py) else sys.executable, "-c", seed, *old], env=env, check=True
        )
        check = subprocess.run(
            [shim.replace("followup-guard-sendmail", "followup-guard"), "check", str(msg)],
            env=env,
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            sys.exit(f"bench: the benchmark message is not clean:\n{check.stdout}{check.stderr}")

        daemon = None
        if args.daemon:
            daemon = subprocess.Popen(
                [shim.replace("followup-guard-sendmail", "followup-guard"), "daemon"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(200):
                if (template / "check.sock").exists():
                    break
                time.sleep(0.05)
            else:
                sys.exit("bench: the daemon did not open its check socket")

        rcpt = ["-oi", "--", DANA]
        data = msg.read_bytes()
        cmds = {
            "msmtp": ([args.msmtp, "-C", str(rc), *rcpt], data),
            "shim": ([shim, *rcpt], data),
            "proselint": ([proselint, "check", str(msg)], None),
        }
        times: dict[str, list[float]] = {k: [] for k in cmds}
        order = list(cmds)
        for i in range(-args.warmup, args.n):
            for name in order[i % 3 :] + order[: i % 3]:
                argv_, stdin = cmds[name]
                run_env = env
                if name == "shim":
                    home = work / "run"
                    shutil.rmtree(home, ignore_errors=True)
                    shutil.copytree(template, home, ignore=shutil.ignore_patterns("check.sock"))
                    if daemon is not None:  # the run's data dir reaches the daemon's socket
                        (home / "check.sock").symlink_to(template / "check.sock")
                    run_env = dict(env, FOLLOWUP_GUARD_HOME=str(home))
                t0 = time.perf_counter()
                proc = subprocess.run(
                    argv_, input=stdin, env=run_env, capture_output=True, check=False
                )
                dt = time.perf_counter() - t0
                if name != "proselint" and proc.returncode != 0:
                    sys.exit(
                        f"bench: {name} failed ({proc.returncode}): "
                        f"{proc.stderr.decode(errors='replace')}"
                    )
                if i >= 0:
                    times[name].append(dt)
        if daemon is not None:
            daemon.terminate()
            daemon.wait(timeout=10)
        expected = 2 * (args.n + args.warmup)
        deadline = time.monotonic() + 5
        while sink.count < expected and time.monotonic() < deadline:
            time.sleep(0.05)
        med = {k: statistics.median(v) for k, v in times.items()}
        q = {
            k: statistics.quantiles(v, n=4) if len(v) >= 4 else [min(v), 0, max(v)]
            for k, v in times.items()
        }
        own = med["shim"] - med["msmtp"]
        # Paired: each round ran all three within a fraction of a second, under the same load.
        paired = statistics.median(
            (s - m) / p
            for s, m, p in zip(times["shim"], times["msmtp"], times["proselint"], strict=True)
        )
        report = {
            "n": args.n,
            "daemon": args.daemon,
            "bytecode_cache": not args.no_bytecode,
            "python": platform.python_version(),
            "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
            "commands": {k: " ".join(v[0]) for k, v in cmds.items()},
            "median_ms": {k: round(v * 1000, 1) for k, v in med.items()},
            "iqr_ms": {k: [round(q[k][0] * 1000, 1), round(q[k][2] * 1000, 1)] for k in q},
            "shim_own_ms": round(own * 1000, 1),
            "ratio_own_to_proselint": round(own / med["proselint"], 3),
            "ratio_total_to_proselint": round(med["shim"] / med["proselint"], 3),
            "ratio_own_to_proselint_paired": round(paired, 3),
            "delivered": sink.count,
            "expected_deliveries": expected,
        }
        if args.breakdown:
            python = py if os.path.isfile(py) else sys.executable
            report["breakdown_ms"] = breakdown(python, msg, env, template, work, args.n)
    finally:
        sink.stop()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"{args.n} cold runs each, interleaved; medians (IQR) in ms")
        for k in cmds:
            lo, hi = report["iqr_ms"][k]
            print(
                f"  {k:10} {report['median_ms'][k]:7.1f}  ({lo:.1f}-{hi:.1f})   "
                f"{report['commands'][k]}"
            )
        print(f"  shim's own time (shim - msmtp): {report['shim_own_ms']:.1f} ms")
        print(f"  ratio own / proselint: {report['ratio_own_to_proselint']:.3f}  (goal <= 1.0)")
        print(
            f"  ratio own / proselint, per round (median): "
            f"{report['ratio_own_to_proselint_paired']:.3f}"
        )
        print(f"  ratio total / proselint: {report['ratio_total_to_proselint']:.3f}")
        print(f"  delivered {report['delivered']} of {report['expected_deliveries']}")
        if args.breakdown:
            print("  the shim's phases (medians, ms, a cold interpreter each time):")
            for k, v in report["breakdown_ms"].items():
                print(f"    {k:18} {v:6.1f}")
    return 0 if report["ratio_own_to_proselint"] <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
