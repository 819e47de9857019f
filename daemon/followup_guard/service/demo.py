"""`followup-guard daemon --demo`: the daemon on the package's demo config and a local Maildir
(``followup_guard.demo``), with the example messages delivered one by one so the recording
shows as it happens."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from ..config.paths import Paths

MARKER = ".followup-guard-demo"


def default_demo_base() -> Path:
    """Where the demo lives when no data dir is given: one dir in the user's cache, reused by
    every run (so nothing piles up in /tmp)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "followup-guard"


def prepare_demo(base: Path | None) -> tuple[Paths, Path]:
    """A fresh demo dir (``base/demo``, by default in the user's cache): config, empty
    Maildirs, example drafts, store. Only a dir this function made before (it carries a marker
    file) is ever wiped."""
    from .. import demo

    target = (base or default_demo_base()).expanduser() / "demo"
    if target.exists() and (target / MARKER).exists():
        shutil.rmtree(target)
    elif target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} exists and is not a followup-guard demo dir")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    (target / MARKER).write_text("made by followup-guard daemon --demo; safe to delete\n")
    config = demo.materialize(target, with_mail=False)
    return Paths(config, target), target


def try_lines(paths: Paths, target: Path) -> list[str]:
    """The commands the demo suggests, exactly as they can be pasted into another terminal."""
    import shlex

    from .. import demo
    from ..progname import command

    base = (
        f"{command()} --config {shlex.quote(str(paths.config))} "
        f"--data-dir {shlex.quote(str(paths.data_dir))}"
    )
    lines = [f"    {base} status"]
    for draft in demo.example_drafts(target):
        lines.append(f"    {base} check {shlex.quote(str(draft))}")
    return lines


class DemoFeeder(threading.Thread):
    """Delivers the next example message every ``interval`` seconds, as a mail client would."""

    def __init__(
        self, target: Path, *, interval: float = 1.5, printer: Callable[[str], None] = print
    ) -> None:
        super().__init__(name="demo-feeder", daemon=True)
        self.target = target
        self.interval = interval
        self.printer = printer
        self.stop_event = threading.Event()

    def _one(self) -> bool:
        from .. import demo

        path = demo.deliver_next(self.target)
        if path is None:
            return False
        head = path.read_text(errors="replace").split("\n\n", 1)[0]
        fields = {
            k.strip().lower(): v.strip()
            for k, _, v in (line.partition(":") for line in head.splitlines())
            if _
        }
        folder = path.parent.parent.name
        who = fields.get("to") if folder == "Sent" else fields.get("from")
        verb = "you sent" if folder == "Sent" else "you received"
        self.printer(
            f"demo: {verb} {fields.get('subject', '')!r} "
            f"({'to' if folder == 'Sent' else 'from'} {who})"
        )
        return True

    def deliver_all(self) -> None:
        while self._one():
            pass

    def run(self) -> None:
        while not self.stop_event.wait(self.interval):
            if not self._one():
                self.track_found_interview()
                self.printer(
                    "demo: all example messages delivered; the daemon keeps watching "
                    f"{self.target / 'mail'} (Ctrl-C to stop)"
                )
                return

    def track_found_interview(self, timeout: float = 20.0) -> bool:
        """The demo's last step: once the daemon has announced the interview it found in the
        INBOX, track it, as `followup-guard suggestions accept ID` would."""
        import time

        from ..api import open_context
        from ..progname import command_for
        from ..record.accept import accept
        from ..record.suggestions import SuggestionError, pending, table

        config = self.target / "config.toml"
        deadline = time.monotonic() + timeout
        while not self.stop_event.wait(0.5):
            with open_context(config, self.target) as ctx:
                rows = [table(ctx.store).get(s.id) for s in pending(ctx.store)]
                announced = [r for r in rows if r is not None and r.notified]
                if announced:
                    s = announced[0]
                    self.printer(
                        "demo: you track it (in Thunderbird's followup-guard tab, or "
                        + command_for(config, self.target, "suggestions", "accept", str(s.id))
                        + ")"
                    )
                    try:
                        done = accept(ctx.config, ctx.store, s.id)
                    except SuggestionError as exc:
                        self.printer(f"demo: could not track it: {exc}")
                        return False
                    self.printer(
                        f"demo: tracked: application {done.application}, round {done.round!r} "
                        "written into the config; its thank-you reminder is due after the round"
                    )
                    return True
            if time.monotonic() > deadline:
                self.printer("demo: no interview suggestion appeared (see the daemon's log)")
                return False
        return False

    def stop(self) -> None:
        self.stop_event.set()
