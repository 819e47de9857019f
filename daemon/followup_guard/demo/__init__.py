"""The embedded demo: a config and a local Maildir of example mail, dated relative to today."""

from __future__ import annotations

import re
import shutil
import socket
import time
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from importlib import resources
from pathlib import Path

_DAY = re.compile(r"@DAY([+-]\d+)@")
_DATE = re.compile(r"@DATE([+-]\d+) (\d\d):(\d\d)@")
_ICSDAY = re.compile(r"@ICSDAY([+-]\d+)@")  # an iCalendar date: 20261207


def _fill(text: str, today: date) -> str:
    text = _DAY.sub(lambda m: (today + timedelta(days=int(m.group(1)))).isoformat(), text)
    text = _ICSDAY.sub(lambda m: f"{today + timedelta(days=int(m.group(1))):%Y%m%d}", text)

    def rfc(m: re.Match[str]) -> str:
        d = datetime.combine(
            today + timedelta(days=int(m.group(1))), datetime.min.time(), tzinfo=timezone.utc
        )
        return format_datetime(d.replace(hour=int(m.group(2)), minute=int(m.group(3))))

    return _DATE.sub(rfc, text)


def _maildir_name(seq: int) -> str:
    return f"{int(time.time())}.demo{seq}.{socket.gethostname()}"


def materialize(target: Path, today: date | None = None, *, with_mail: bool = True) -> Path:
    """Write the demo config and Maildirs under ``target``; return the config path.

    With ``with_mail`` False the Maildirs are created empty, so the caller can deliver the
    example messages one by one (see :func:`deliver_next`) and watch the daemon record them.
    """
    today = today or datetime.now(timezone.utc).date()
    src = resources.files(__name__)
    target.mkdir(parents=True, exist_ok=True)
    config = target / "config.toml"
    config.write_text(_fill(src.joinpath("config.toml").read_text("utf-8"), today), "utf-8")
    for folder in ("Sent", "INBOX"):
        box = target / "mail" / folder
        for sub in ("cur", "new", "tmp"):
            (box / sub).mkdir(parents=True, exist_ok=True)
    drafts = target / "drafts"
    drafts.mkdir(exist_ok=True)
    for entry in src.joinpath("drafts").iterdir():
        if entry.name.endswith(".eml"):
            (drafts / entry.name).write_text(_fill(entry.read_text("utf-8"), today), "utf-8")
    if with_mail:
        for i, (folder, name) in enumerate(pending_messages(target)):
            _deliver(target, folder, name, today, i)
    return config


def example_drafts(target: Path) -> list[Path]:
    """The example drafts :func:`materialize` wrote: one good letter, one risky."""
    return sorted((target / "drafts").glob("*.eml"))


def example_messages() -> list[tuple[str, str]]:
    """(folder, file name) of every example message, in delivery order."""
    mail = resources.files(__name__).joinpath("mail")
    items = [
        (folder, entry.name)
        for folder in ("Sent", "INBOX")
        for entry in mail.joinpath(folder).iterdir()
        if entry.name.endswith(".eml")
    ]
    return sorted(items, key=lambda fn: fn[1])


def pending_messages(target: Path) -> list[tuple[str, str]]:
    done = (target / ".delivered").read_text().split() if (target / ".delivered").exists() else []
    return [(f, n) for f, n in example_messages() if n not in done]


def _deliver(target: Path, folder: str, name: str, today: date, seq: int) -> Path:
    raw = (
        resources.files(__name__)
        .joinpath("mail")
        .joinpath(folder)
        .joinpath(name)
        .read_text("utf-8")
    )
    box = target / "mail" / folder
    tmp = box / "tmp" / _maildir_name(seq)
    tmp.write_text(_fill(raw, today), "utf-8")
    final = box / "new" / tmp.name
    shutil.move(tmp, final)  # Maildir delivery: write in tmp/, then rename into new/
    with (target / ".delivered").open("a") as fh:
        fh.write(name + "\n")
    return final


def deliver_next(target: Path, today: date | None = None) -> Path | None:
    """Deliver the next example message into the demo Maildir; None when all are there."""
    pending = pending_messages(target)
    if not pending:
        return None
    folder, name = pending[0]
    today = today or datetime.now(timezone.utc).date()
    return _deliver(target, folder, name, today, len(example_messages()) - len(pending))
