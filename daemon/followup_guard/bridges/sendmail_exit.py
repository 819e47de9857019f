"""How the sendmail shim answers the mail client: sendmail's <sysexits.h> codes, and one-line
reasons on stderr (which the client may have closed: aerc discards it)."""

from __future__ import annotations

from typing import IO

EX_OK = 0
EX_USAGE = 64  # bad arguments, no recipients
EX_DATAERR = 65  # stdin is not a message
EX_NOINPUT = 66  # stdin is empty
EX_UNAVAILABLE = 69  # the real sender is missing
EX_SOFTWARE = 70
EX_TEMPFAIL = 75  # the guard could not check (fail closed)
EX_NOPERM = 77  # refused: findings at warn or block
EX_CONFIG = 78  # the real sender would be ourselves

PROG = "followup-guard"


def say(err: IO[str], text: str) -> None:
    """One line, prefixed with the program's name."""
    write_err(err, f"{PROG}: {text}\n")


def write_err(err: IO[str], text: str) -> None:
    try:
        err.write(text)
        err.flush()
    except (OSError, ValueError):  # aerc and friends may have closed stderr
        pass
