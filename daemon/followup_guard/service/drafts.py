"""The drafts guard: checks every saved draft and tells the user before they press Send.

The drafts sources (``sources/drafts.py``) report each saved copy and each copy that is gone;
one worker thread checks them with the check engine (``api.check_message``, read-only
store) and keeps, in memory only, what the findings need: headers and findings, never the body.

When to speak. Clients save mid-sentence, so a finding about a *finished* letter (no sign-off,
too short, missing thanks, generic) waits until the draft has not changed for
``general.drafts_quiet_seconds`` (60 s) or has a sign-off; every other finding (scope, timing,
severe tone, a wrong name, a placeholder) shows as soon as it appears. A desktop notification
goes out once per draft per distinct set of warn/block findings: the next autosave with the
same findings says nothing. Its "Details" action opens the findings window.

One draft, many copies: each save is a new copy (a new UID) and the old one goes. Copies are
one draft when they share a Message-ID (Roundcube and Thunderbird keep it across saves), else
the same recipients, subject and In-Reply-To. A draft whose last copy went (sent or discarded)
leaves the list; what was already notified for it is remembered a while, for clients that
remove the old copy before the new one arrives.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from ..api import Context, check_message
from ..checks.engine import Finding
from ..checks.registry import SEVERITY_RANK
from ..config.model import Config
from ..config.paths import Paths
from ..mail.parse import ParsedMessage
from ..sources.drafts import DraftCopy
from ..store.db import Store
from .notify import Notifier

log = logging.getLogger("followup_guard.drafts")

# Findings about a letter that is not finished yet: they wait for a quiet draft or a sign-off.
FINISHED_LETTER_RULES = frozenset({"too-short", "missing-thanks", "generic"})
NOTIFY_SEVERITIES = frozenset({"warn", "block"})
TOMBSTONE_SECONDS = 600.0
MAX_DRAFTS = 500  # a Drafts folder with thousands of old drafts: keep the newest


def finished_letter(f: Finding) -> bool:
    """True for a finding that only makes sense once the letter is written to the end."""
    return f.rule in FINISHED_LETTER_RULES or (f.rule == "too-casual" and "sign-off" in f.message)


def lacks_sign_off(findings: list[Finding]) -> bool:
    # The tone rule already found the letter's layout; its "no sign-off" hit is the signal.
    return any(f.rule == "too-casual" and "no sign-off" in f.message for f in findings)


def draft_key(msg: ParsedMessage) -> str:
    """What makes saved copies one draft: the Message-ID, else recipients + subject + thread."""
    if msg.message_id:
        return "mid:" + msg.message_id
    to = ",".join(sorted(a.addr for a in msg.recipients))
    return f"hdr:{to}|{msg.subject}|{msg.in_reply_to or ''}"


@dataclass
class Draft:
    """What the guard keeps of one draft: headers and findings, no text."""

    id: str  # short and stable: the Details action and `drafts --show` name a draft by it
    key: str
    source: str
    account: str
    folder: str
    subject: str
    to: list[str]
    saved: datetime | None
    application: str | None
    kind: str
    findings: list[Finding]
    copies: set[str] = field(default_factory=set)
    digest: str = ""  # of the headers and text last checked: a save without changes is none
    changed_at: float = 0.0  # monotonic time of the last real change
    signed: bool = False  # the letter has a sign-off: it is written to the end
    notified: set[frozenset[tuple[str, str, str]]] = field(default_factory=set)
    notification: int | None = None  # the id of its notification while it is on screen

    def visible(self, now: float, quiet: float) -> list[Finding]:
        ready = self.signed or now - self.changed_at >= quiet
        return [f for f in self.findings if ready or not finished_letter(f)]

    def held(self, now: float, quiet: float) -> int:
        return len(self.findings) - len(self.visible(now, quiet))

    def to_json(self, now: float, quiet: float) -> dict[str, Any]:
        return {
            "id": self.id,
            "account": self.account,
            "folder": self.folder,
            "subject": self.subject,
            "to": self.to,
            "saved": self.saved.isoformat() if self.saved else None,
            "application": self.application,
            "kind": self.kind,
            "findings": [f.to_json() for f in self.visible(now, quiet)],
            "held": self.held(now, quiet),
        }


Notify = Callable[[Draft, list[Finding]], "int | None"]


class DraftsGuard:
    """Receives copies from the drafts sources (any thread) and judges them on one thread."""

    def __init__(
        self,
        paths: Paths,
        config: Callable[[], Config],
        notify: Notify | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.paths = paths
        self.config = config
        self.notify = notify
        self.clock = clock
        self.drafts: dict[str, Draft] = {}  # key → draft
        self.by_copy: dict[tuple[str, str], str] = {}  # (source, ref) → key
        self.tombstones: dict[str, tuple[float, set[frozenset[tuple[str, str, str]]]]] = {}
        self.events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.lock = threading.Lock()  # guards drafts for listing() from other threads
        self.idle = threading.Event()  # set while no event waits (tests, the benchmark)
        self._thread: threading.Thread | None = None
        self._store: Store | None = None

    # -- the sink (called from the sources' threads) -------------------------------------------

    def saved(self, copy: DraftCopy) -> None:
        self.idle.clear()
        self.events.put(("saved", copy))

    def gone(self, source: str, ref: str) -> None:
        self.idle.clear()
        self.events.put(("gone", (source, ref)))

    # -- control ------------------------------------------------------------------------------

    def start(self) -> DraftsGuard:
        self._thread = threading.Thread(target=self._run, name="drafts-guard", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.events.put(("stop", None))
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self._store is not None:
            self._store.close()
            self._store = None

    def quiet(self) -> float:
        return float(self.config().general.drafts_quiet_seconds)

    def listing(self) -> list[dict[str, Any]]:
        """The drafts that concern a tracked application, newest first (for `drafts`)."""
        now, quiet = self.clock(), self.quiet()
        with self.lock:
            items = sorted(
                self.drafts.values(),
                key=lambda d: d.saved or datetime.min.replace(tzinfo=timezone.utc),
                reverse=True,
            )
            return [d.to_json(now, quiet) for d in items]

    def find(self, draft_id: str) -> Draft | None:
        with self.lock:
            return next((d for d in self.drafts.values() if d.id == draft_id), None)

    # -- the worker ---------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            timeout = self._next_deadline()
            if self.events.empty():
                self.idle.set()
            try:
                kind, payload = self.events.get(timeout=timeout)
            except queue.Empty:
                self._review()
                continue
            if kind == "stop":
                return
            try:
                if kind == "saved":
                    self.handle_saved(payload)
                else:
                    self.handle_gone(*payload)
            except Exception:  # a bug here must not stop the guard, nor the daemon
                log.exception("drafts: handling a %s event failed", kind)
            self._review()

    def _next_deadline(self) -> float | None:
        """Seconds until a held finding becomes due, or None when nothing is held."""
        now, quiet = self.clock(), self.quiet()
        with self.lock:
            due = [
                d.changed_at + quiet - now
                for d in self.drafts.values()
                if not d.signed and any(finished_letter(f) for f in d.findings)
            ]
        due = [x for x in due if x > 0]
        return max(0.05, min(due)) if due else (None if self.events.empty() else 0.05)

    def store(self) -> Store:
        if self._store is None or (
            str(self._store.path) == ":memory:" and self.paths.store.exists()
        ):
            if self._store is not None:
                self._store.close()
            # Nothing recorded yet: judge against an empty history until the store exists.
            exists = self.paths.store.exists()
            self._store = Store(self.paths.store if exists else ":memory:", readonly=exists)
        return self._store

    def handle_saved(self, copy: DraftCopy) -> None:
        where = f"{copy.account} {copy.folder} {copy.ref}"
        if copy.parsed is None:
            log.warning("draft %s: cannot be read, not checked: %s", where, copy.error)
            return
        msg = copy.parsed
        if not msg.recipients:
            log.info(
                "draft %s (%r): no recipients yet, not checked",
                where,
                msg.subject[:60] or "no subject",
            )
            self._drop_copy(copy.source, copy.ref)
            return
        key = draft_key(msg)
        digest = hashlib.sha256(
            "\x00".join(
                [key, ",".join(a.addr for a in msg.recipients), msg.subject, msg.body]
            ).encode("utf-8", "surrogatepass")
        ).hexdigest()
        with self.lock:
            old = self.drafts.get(key)
        if old is not None and old.digest == digest:
            self._attach(old, copy)  # an autosave without changes: nothing new to judge
            return
        t0 = time.perf_counter()
        config = self.config()
        ctx = Context(config, self.store(), self.paths)
        try:
            result = check_message(ctx, msg)
        except Exception as exc:
            log.warning(
                "draft %s (%r): the check failed: %s: %s",
                where,
                msg.subject[:60],
                exc.__class__.__name__,
                str(exc)[:200],
            )
            return
        took = time.perf_counter() - t0
        if result.application is None and result.kind != "reference" and not result.findings:
            # Personal mail: not kept. A near miss of a contact's address (address-typo, the
            # one check personal mail gets) is kept: it may be a half-typed interviewer.
            log.info("draft %s: not about a tracked application, not kept", where)
            self._drop_copy(copy.source, copy.ref)
            return
        if msg.html_only:
            log.info("draft %s: HTML only; checked its text", where)
        if msg.defects:
            log.info("draft %s: read despite %s", where, "; ".join(msg.defects[:3]))
        now = self.clock()
        draft = Draft(
            id=hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12],
            key=key,
            source=copy.source,
            account=copy.account,
            folder=copy.folder,
            subject=msg.subject,
            to=[a.addr for a in msg.recipients],
            saved=copy.saved or datetime.now(timezone.utc),
            application=result.application,
            kind=result.kind,
            findings=list(result.findings),
            digest=digest,
            changed_at=now,
            signed=bool(msg.body.strip()) and not lacks_sign_off(result.findings),
        )
        with self.lock:
            if old is not None:
                draft.notified = old.notified
                draft.notification = old.notification
                draft.copies = old.copies
            elif key in self.tombstones:
                draft.notified = self.tombstones.pop(key)[1]
            self.drafts[key] = draft
        self._attach(draft, copy)
        log.info(
            "draft %s (%r) to %s: %s, %d finding%s (checked in %.0f ms)",
            where,
            msg.subject[:60],
            ", ".join(draft.to[:3]),
            draft.application or draft.kind,
            len(draft.findings),
            "" if len(draft.findings) == 1 else "s",
            took * 1000,
        )
        self._trim()

    def _attach(self, draft: Draft, copy: DraftCopy) -> None:
        with self.lock:
            draft.copies.add(f"{copy.source}\x00{copy.ref}")
            self.by_copy[(copy.source, copy.ref)] = draft.key
            if copy.saved and (draft.saved is None or copy.saved > draft.saved):
                draft.saved = copy.saved

    def _drop_copy(self, source: str, ref: str) -> None:
        """A copy that no longer belongs to a tracked draft (its recipients were removed)."""
        if (source, ref) in self.by_copy:
            self.handle_gone(source, ref)

    def handle_gone(self, source: str, ref: str) -> None:
        with self.lock:
            key = self.by_copy.pop((source, ref), None)
            draft = self.drafts.get(key) if key else None
            if draft is None:
                return
            draft.copies.discard(f"{source}\x00{ref}")
            if draft.copies:
                return
            del self.drafts[draft.key]
            self.tombstones[draft.key] = (self.clock(), draft.notified)
        log.info("draft %r to %s: gone (sent or discarded)", draft.subject[:60], draft.to[:3])

    def _trim(self) -> None:
        now = self.clock()
        with self.lock:
            for key, (t, _) in list(self.tombstones.items()):
                if now - t > TOMBSTONE_SECONDS:
                    del self.tombstones[key]
            if len(self.drafts) > MAX_DRAFTS:
                oldest = sorted(self.drafts.values(), key=lambda d: d.changed_at)
                for d in oldest[: len(self.drafts) - MAX_DRAFTS]:
                    del self.drafts[d.key]

    # -- telling the user ---------------------------------------------------------------------

    def _review(self) -> None:
        """Notify every draft whose visible warn/block findings form a set not yet notified."""
        now, quiet = self.clock(), self.quiet()
        todo: list[tuple[Draft, list[Finding], frozenset[tuple[str, str, str]]]] = []
        with self.lock:
            for d in self.drafts.values():
                shown = [f for f in d.visible(now, quiet) if f.severity in NOTIFY_SEVERITIES]
                if not shown:
                    continue
                sig = frozenset((f.rule, f.severity, f.message) for f in shown)
                if sig in d.notified:
                    continue
                d.notified.add(sig)
                todo.append((d, d.visible(now, quiet), sig))
        for d, findings, _sig in todo:
            worst = worst_finding(findings)
            log.info(
                "draft %r to %s: %s [%s] %s",
                d.subject[:60],
                ", ".join(d.to[:3]),
                "notifying" if self.notify is not None else "findings",
                worst.rule,
                worst.message,
            )
            if self.notify is not None:
                try:
                    d.notification = self.notify(d, findings)
                except Exception as exc:  # the bus went away: the log and `drafts` still say it
                    log.warning("draft notification failed: %s", exc)


def worst_finding(findings: list[Finding]) -> Finding:
    return max(findings, key=lambda f: SEVERITY_RANK[f.severity])


def notification_text(draft: Draft, findings: list[Finding]) -> tuple[str, str]:
    """The title (the worst finding) and the body (each finding, at most five)."""
    worst = worst_finding(findings)
    subject = draft.subject or "(no subject)"
    if len(subject) > 40:
        subject = subject[:39] + "…"
    title = f"Draft “{subject}”: {worst.rule}"
    lines = [f"To {', '.join(draft.to[:3])}" + (" …" if len(draft.to) > 3 else "")]
    ordered = sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity])
    for f in ordered[:5]:
        lines.append(f"• [{f.severity}] {f.rule}: {f.message}")
    if len(ordered) > 5:
        lines.append(f"… and {len(ordered) - 5} more")
    return title, "\n".join(lines)


class DraftNotifications:
    """Draft findings as desktop notifications: the worst finding in the title, a "Details"
    action that opens the findings window (``followup-guard drafts --show ID``, the window the
    sendmail shim shows), and an open notification replaced rather than stacked."""

    def __init__(self, notifier: Notifier, paths: Paths, config: Callable[[], Config]) -> None:
        self.notifier = notifier
        self.paths = paths
        self.config = config
        self.windows: list[subprocess.Popen[bytes]] = []

    def __call__(self, draft: Draft, findings: list[Finding]) -> int | None:
        if not self.config().general.notify:
            return None
        title, body = notification_text(draft, findings)
        draft_id = draft.id

        def closed(_nid: int, _reason: int) -> None:
            draft.notification = None

        return self.notifier.notify(
            title,
            body,
            urgency="critical" if worst_finding(findings).severity == "block" else "normal",
            # "default" is the click on the notification itself (dunst, most servers); GNOME
            # and KDE show "details" as a button.
            actions=[("default", "Details"), ("details", "Details")],
            on_action=lambda _nid, _key: self.open_details(draft_id),
            on_closed=closed,
            replaces_id=draft.notification or 0,
        )

    def open_details(self, draft_id: str) -> None:
        """The findings window, as its own process: the daemon never runs a GUI itself."""
        self.windows = [w for w in self.windows if w.poll() is None]
        config = self.config().path
        argv = [sys.executable, "-m", "followup_guard.cli.main", "drafts", "--show", draft_id]
        argv += ["--data-dir", str(self.paths.data_dir)]
        if config is not None:
            argv += ["--config", str(config)]
        log.info("draft %s: opening the findings window", draft_id)
        try:
            self.windows.append(
                subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        except OSError as exc:
            log.warning("cannot open the findings window: %s", exc)
