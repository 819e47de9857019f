"""Subcommands of the Thunderbird add-on: native-host, install thunderbird."""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_OK, SubParsers, emit_json, opt


def register(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "native-host",
        parents=[common],
        help="the native-messaging host Thunderbird starts (not for people)",
        description="Speak Thunderbird's native-messaging protocol on stdin/stdout.",
    )
    p.add_argument("host_args", nargs="*", help=argparse.SUPPRESS)  # manifest path, add-on id
    p.set_defaults(func=cmd_native_host)


def register_install(sub: SubParsers, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "thunderbird",
        parents=[common],
        help="write the native-messaging manifest and build the add-on (.xpi)",
        description="Write ~/.mozilla/native-messaging-hosts/followup_guard.json "
        "and build the add-on; then install the .xpi in Thunderbird "
        "(Add-ons Manager > gear > Install Add-on From File).",
    )
    p.set_defaults(func=cmd_install_thunderbird)


def cmd_native_host(args: argparse.Namespace) -> int:
    from ..bridges.native_host import main

    argv = list(args.host_args)
    for flag, name in (("--config", "config"), ("--data-dir", "data_dir")):
        if opt(args, name):
            argv += [flag, str(opt(args, name))]
    return main(argv)


def cmd_install_thunderbird(args: argparse.Namespace) -> int:
    from ..bridges.thunderbird import install
    from ..config.paths import resolve

    paths = resolve(opt(args, "config"), opt(args, "data_dir"))
    result = install(paths)
    if opt(args, "json"):
        emit_json(result)
    else:
        for key, value in result.items() if isinstance(result, dict) else []:
            print(f"{key}: {value}")
        print(
            "next: in Thunderbird, Add-ons Manager > gear menu > Install Add-on From File, "
            "and pick the .xpi above",
            file=sys.stderr,
        )
    return EXIT_OK
