"""`followup-guard daemon` and `followup-guard install systemd`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..config.load import ConfigError
from ..config.paths import resolve
from .common import EXIT_OK, CliError, SubParsers, emit_json, opt


def register(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "daemon",
        parents=[common],
        help="watch Sent and INBOX (IMAP or Maildir), keep the store true, remind",
        description="Run in the background beside the mail client: record every message in "
        "Sent (and the company's replies in INBOX) and show the reminders as desktop "
        "notifications. Stops cleanly on SIGTERM; SIGHUP or an edit reloads the "
        "config. Only one daemon runs per data dir.",
    )
    p.add_argument(
        "--once",
        action="store_true",
        help="one catch-up of every source (and the due reminders), then exit",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="run on a demo config and Maildir (in $FOLLOWUP_GUARD_HOME/demo or a "
        "temporary dir), printing what it records as it happens",
    )
    p.add_argument(
        "--demo-interval", type=float, default=1.5, metavar="SECONDS", help=argparse.SUPPRESS
    )
    p.set_defaults(func=cmd_daemon)


def register_install(install_sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = install_sub.add_parser(
        "systemd",
        parents=[common],
        help="install the daemon as a systemd user service",
        description="Write ~/.config/systemd/user/followup-guard.service and enable it, so the "
        "daemon starts with your session.",
    )
    p.add_argument(
        "--no-start", action="store_true", help="write the unit but do not enable or start it"
    )
    p.add_argument(
        "--print",
        dest="print_only",
        action="store_true",
        help="print the unit instead of installing it",
    )
    p.set_defaults(func=cmd_install_systemd)


def _config_error(exc: ConfigError) -> CliError:
    lines = [str(p) for p in exc.problems]
    noun = "problem" if len(lines) == 1 else "problems"
    return CliError(f"the config has {len(lines)} {noun}:\n  " + "\n  ".join(lines))


def _print(line: str) -> None:
    print(line, flush=True)


def cmd_daemon(args: argparse.Namespace) -> int:
    from ..service.lock import AlreadyRunning
    from ..service.runner import run_daemon, setup_logging

    setup_logging(bool(opt(args, "verbose")))
    feeder = None
    if args.demo:
        import logging

        if not opt(args, "verbose"):  # the printed lines tell the story; the log only warnings
            logging.getLogger().setLevel(logging.WARNING)
        from ..service.demo import DemoFeeder, prepare_demo, try_lines

        base = opt(args, "data_dir") or os.environ.get("FOLLOWUP_GUARD_HOME")
        try:
            paths, target = prepare_demo(Path(base) if base else None)
        except FileExistsError as exc:
            raise CliError(str(exc)) from None
        print(
            f"demo: config {paths.config}\ndemo: data dir {paths.data_dir}\n"
            "demo: in another terminal, see where each application stands, and check a good "
            "and a risky example draft:\n" + "\n".join(try_lines(paths, target)),
            flush=True,
        )
        feeder = DemoFeeder(target, interval=args.demo_interval, printer=_print)
        if args.once:
            feeder.deliver_all()
        else:
            feeder.start()
        printer = _print
    else:
        paths = resolve(opt(args, "config"), opt(args, "data_dir"))
        printer = None  # the log says what each catch-up did
    try:
        code = run_daemon(paths, once=args.once, printer=printer)
    except AlreadyRunning as exc:
        raise CliError(str(exc)) from None
    except ConfigError as exc:
        raise _config_error(exc) from None
    finally:
        if feeder is not None:
            feeder.stop()
    if args.once and opt(args, "json"):
        from ..service.state import daemon_status

        emit_json(daemon_status(paths))
    return code


def cmd_install_systemd(args: argparse.Namespace) -> int:
    from ..service import systemd

    unit = systemd.render(systemd.exec_start(opt(args, "config"), opt(args, "data_dir")))
    if args.print_only:
        sys.stdout.write(unit)
        return EXIT_OK
    target = systemd.unit_dir() / systemd.UNIT_NAME
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(unit)
    except OSError as exc:
        raise CliError(f"cannot write {target}: {exc.strerror}") from None
    print(f"wrote {target}")
    if args.no_start:
        print(
            "start it with: systemctl --user daemon-reload && "
            "systemctl --user enable --now followup-guard"
        )
        return EXIT_OK
    ok, detail = systemd.systemctl_user("daemon-reload")
    if ok:
        ok, detail = systemd.systemctl_user("enable", "--now", systemd.UNIT_NAME)
    if not ok:
        print(
            f"could not enable it through systemctl --user ({detail or 'no user manager'});\n"
            "start it yourself with: systemctl --user daemon-reload && "
            "systemctl --user enable --now followup-guard"
        )
        return EXIT_OK
    print(
        "enabled and started; logs: journalctl --user -u followup-guard; "
        "state: followup-guard doctor"
    )
    return EXIT_OK
