"""``python -m followup_guard.service [--config FILE] [--data-dir DIR] [--once] [--demo] [-v]``:
the daemon without the rest of the CLI (what the tests and the benchmark start)."""

from __future__ import annotations

import argparse
import sys

from ..cli.common import CliError, common_parser


def main(argv: list[str] | None = None) -> int:
    from ..cli.daemon_cmds import register

    parser = argparse.ArgumentParser(prog="followup-guard")
    sub = parser.add_subparsers(dest="command")
    register(sub, common_parser())
    args = parser.parse_args(["daemon", *(sys.argv[1:] if argv is None else argv)])
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"followup-guard: {exc}", file=sys.stderr)
        return exc.code


if __name__ == "__main__":
    raise SystemExit(main())
