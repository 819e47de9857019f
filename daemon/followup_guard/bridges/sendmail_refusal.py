"""What the sendmail shim shows when it refuses a message: the "Send anyway / Edit" dialog
where a display exists, the reason and the `allow` command on stderr, and a copy of that
kept for `followup-guard allow --last` (aerc discards stderr)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .sendmail_allow import ALLOW_MINUTES
from .sendmail_exit import PROG

#: ``none`` disables dialogs; ``zenity``, ``yad`` or ``tk`` forces one kind.
DIALOG_ENV = "FOLLOWUP_GUARD_DIALOG"
REFUSAL_FILE = "sendmail-refused.json"


def refusal_text(
    findings: Sequence[Any], subject: str, allow_id: str, *, headline: str = "not sent"
) -> str:
    noun = "problem" if len(findings) == 1 else "problems"
    about = f" in \u201c{subject}\u201d" if subject else ""
    lines = [f"{PROG}: {headline}: {len(findings)} {noun}{about}:"]
    for f in findings:
        lines.append(f"  {f.severity.upper():5} {f.rule}: {f.message}")
        if f.fix:
            lines.append(f"        fix: {f.fix}")
    lines.append(
        f"Edit the message, or let exactly this message through once (for {ALLOW_MINUTES} minutes):"
    )
    from ..progname import command

    lines.append(f"  {command()} allow {allow_id}")
    return "\n".join(lines) + "\n"


def save_refusal(
    data_dir: os.PathLike[str] | str,
    allow_id: str,
    subject: str,
    recipients: Sequence[str],
    text: str,
) -> None:
    """Keep the last refusal, for clients that discard stderr (aerc): `allow --last`."""
    import json
    import time

    try:
        path = os.path.join(os.fspath(data_dir), REFUSAL_FILE)
        tmp = path + ".tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(
                {
                    "id": allow_id,
                    "at": time.time(),
                    "subject": subject,
                    "recipients": list(recipients),
                    "text": text,
                },
                f,
            )
        os.replace(tmp, path)
    except OSError:
        pass


def ask(findings: Sequence[Any], subject: str, recipients: Sequence[str]) -> str | None:
    """ "send", "edit", or None when no dialog can be shown."""
    kind = os.environ.get(DIALOG_ENV, "").strip().lower()
    if kind in ("none", "off", "no", "0"):
        return None
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None
    from .dialog import ask_send_anyway

    return ask_send_anyway(findings, subject, recipients, kind=kind or None)
