"""The `followup-guard` command."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from .common import EXIT_USAGE, CliError, common_parser

# Each area adds its own subcommands: register(sub, common) and register_install(sub, common).
# A command only imports its own area: `check` runs as a cold process for every message a
# terminal client sends, so start-up time matters.
_AREAS = {
    "followup_guard.cli.app_cmds": ("init", "app"),
    "followup_guard.cli.record_cmds": ("log", "ingest", "status"),
    "followup_guard.cli.doctor_cmds": ("doctor",),
    "followup_guard.cli.check_cmds": ("check", "rules", "snooze", "unsnooze"),
    "followup_guard.cli.daemon_cmds": ("daemon",),
    "followup_guard.cli.drafts_cmds": ("drafts",),
    "followup_guard.cli.shim_cmds": ("sendmail", "allow"),
    "followup_guard.cli.thunderbird_cmds": ("native-host",),
    "followup_guard.cli.suggestions_cmds": ("suggestions",),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        raise CliError(f"{self.prog}: {message}")


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand named in argv (the first word that is not an option or its value)."""
    takes_value = {"--config", "--data-dir"}
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (given a known command) just the parts that command needs."""
    areas = [m for m, cmds in _AREAS.items() if command in cmds] or list(_AREAS)
    # Subcommands are _Parser too (their errors are CliErrors), so their parent must be one.
    common = _Parser(add_help=False, parents=[common_parser()])
    parser = _Parser(
        prog="followup-guard",
        description="Keeps interview follow-ups timely, well addressed and professional. "
        "Everything stays on this machine.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"followup-guard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    install = sub.add_parser(
        "install",
        parents=[common],
        help="set up a mail-client plugin or the systemd unit",
        description="Set up a plugin or the background service.",
    )
    install_sub = install.add_subparsers(dest="target", metavar="TARGET", parser_class=_Parser)
    install.set_defaults(func=lambda a: _need_sub(install))
    for name in areas if command != "install" else _AREAS:
        module = importlib.import_module(name)
        module.register(sub, common)
        if hasattr(module, "register_install"):
            module.register_install(install_sub, common)
    return parser


def _need_sub(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser(_command_of(argv))
        # `sendmail` takes sendmail's own flags verbatim: never let argparse near them.
        if argv[:1] == ["sendmail"]:
            from ..bridges.sendmail import main as sendmail_main

            return sendmail_main(argv[1:])
        args = parser.parse_args(argv)
        func = getattr(args, "func", None)
        if func is None:
            parser.print_help()
            return EXIT_USAGE
        return int(func(args) or 0)
    except CliError as exc:
        print(f"followup-guard: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
