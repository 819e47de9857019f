"""The `doctor` subcommand: is the config valid, the store readable, each account reachable
and the daemon answering?"""

from __future__ import annotations

import argparse
import base64
import os

from ..checks.settings import load_checked
from ..config.load import ConfigError
from ..config.paths import Paths, resolve
from .common import (
    EXIT_OK,
    EXIT_USAGE,
    SubParsers,
    emit_json,
    opt,
)


def register(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    d = sub.add_parser(
        "doctor",
        parents=[common],
        help="check config, store and accounts",
        description="Check that the config is valid, the store readable, each "
        "account reachable and the daemon running.",
    )
    d.add_argument("--offline", action="store_true", help="do not contact mail servers")
    d.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    paths = resolve(opt(args, "config"), opt(args, "data_dir"))
    report: list[tuple[str, bool, str]] = []
    try:
        config = load_checked(paths.config)
        report.append(
            (
                "config",
                True,
                f"{paths.config}: {len(config.applications)} "
                f"applications, {len(config.accounts)} accounts",
            )
        )
    except ConfigError as exc:
        config = None
        report.append(("config", False, "; ".join(str(p) for p in exc.problems)))
    try:
        from ..store.db import Store, StoreError

        with Store(paths.store, readonly=True) as store:
            report.append(("store", True, f"{paths.store}: {store.message_count()} messages"))
            for account, folder, uidv, last, when in store.folders():
                report.append(
                    (
                        f"folder {account}/{folder}",
                        True,
                        f"UIDVALIDITY {uidv}, last UID {last}, synced {when:%Y-%m-%d %H:%M}Z",
                    )
                )
    except StoreError as exc:
        report.append(("store", False, str(exc)))
    try:
        from ..service.state import daemon_status

        st = daemon_status(paths)
        report.append(("daemon", bool(st.get("running")), st.get("summary", "")))
        if st.get("running"):
            report.append(("daemon answers checks", *_ask_daemon_a_check(paths)))
    except ImportError:
        pass
    if config is not None and not opt(args, "offline"):
        from ..sources.imap_connect import probe_account

        for acc in config.accounts:
            ok, detail = probe_account(acc)
            report.append((f"account {acc.id}", ok, detail))
    if opt(args, "json"):
        emit_json([{"check": c, "ok": ok, "detail": d} for c, ok, d in report])
    else:
        for c, ok, d in report:
            print(f"{'ok  ' if ok else 'FAIL'} {c}: {d}")
    return EXIT_OK if all(ok for c, ok, _ in report if c != "daemon") else EXIT_USAGE


_DOCTOR_PROBE = (
    b"From: doctor@followup-guard.invalid\nTo: nobody@followup-guard.invalid\n"
    b"Subject: doctor\n\nA question from followup-guard doctor.\n"
)


def _ask_daemon_a_check(paths: Paths) -> tuple[bool, str]:
    """Ask the running daemon to check a small message, as `check` would, and say what we hear."""
    import time

    from ..client import ask_daemon

    started = time.monotonic()
    reply = ask_daemon(
        paths.data_dir,
        {
            "v": 1,
            "method": "check",
            "config": os.path.realpath(paths.config),
            "raw": base64.b64encode(_DOCTOR_PROBE).decode("ascii"),
        },
    )
    ms = (time.monotonic() - started) * 1000
    if reply is None:
        return False, (
            "no answer on the check socket within 3 s: checks fall back to working alone; "
            "restart the daemon (systemctl --user restart followup-guard, or stop and start it)"
        )
    if reply.get("ok"):
        return True, f"a test check answered in {ms:.0f} ms"
    if reply.get("error") == "stale":
        return False, "the daemon has not loaded the config on disk yet (it reloads within seconds)"
    return False, f"the daemon answered with an error: {reply.get('error')}"
