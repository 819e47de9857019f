"""Drafts sources: the IMAP Drafts folder of each account, and local drafts Maildirs.

A draft is read, never recorded: these sources hand each saved copy to a sink (the drafts
guard in ``service/drafts.py``) and say when a copy is gone; nothing of a draft reaches the
store, and a draft never counts as a contact.

Clients cannot change a stored IMAP message, so every save is a new message (APPEND) and the
old copy is flagged ``\\Deleted`` and expunged. Roundcube saves without the ``\\Draft`` flag,
so the folder is the signal, not the flag; and a replacement leaves the message count as it
was, so each round compares the folder's UID set with the copies already known, never counts.

Both are Sources (``sources/base.py``) that report their state like every other; they write
nothing, so they use the recorder only for ``report``. The IMAP side is the IMAP source
(``sources/imap.py``: connection, TLS, IDLE, reconnect and backoff) with its own folder lookup
and catch-up: Drafts folders hold a handful of messages, so a round lists every UID
(``UID SEARCH NOT DELETED``) and fetches only the new ones (``imap_fetch.fetch_items``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from imapclient import IMAPClient

from ..mail.parse import ParsedMessage, parse_bytes
from .base import CatchUpResult, Recorder, Source
from .imap import ImapSource, SyncResult
from .imap_connect import FolderMissing
from .imap_fetch import fetch_items, internal_date, parse_fetched
from .maildir import stop_watching, unique_name, watch_maildir

if TYPE_CHECKING:
    from ..config.model import Account, MaildirSource

log = logging.getLogger("followup_guard.drafts")

# The headers and the start of the text: enough for every check, without the attachments
# (a draft with a 20 MB attachment costs 256 KB here).
DRAFT_TEXT_BYTES = 256 * 1024
DRAFT_FETCH = [
    "BODY.PEEK[HEADER]",
    f"BODY.PEEK[TEXT]<0.{DRAFT_TEXT_BYTES}>",
    "RFC822.SIZE",
    "INTERNALDATE",
]
FETCH_BATCH = 100

# Tried in order when no folder is marked \Drafts (RFC 6154), case-insensitively, also below
# the personal namespace prefix. Outlook.com offers no SPECIAL-USE; Yahoo calls it "Draft".
COMMON_DRAFTS_NAMES = (
    "Drafts",
    "Draft",
    "[Gmail]/Drafts",
    "[Google Mail]/Drafts",
    "[Gmail]/Entwürfe",
    "[Gmail]/Brouillons",
    "[Gmail]/Borradores",
    "Entwürfe",
    "Brouillons",
    "Borradores",
    "Bozze",
    "Concepten",
    "Rascunhos",
    "Utkast",
    "Kladder",
    "Luonnokset",
    "Kopie robocze",
    "Черновики",
)


@dataclass(frozen=True)
class DraftCopy:
    """One saved copy of a draft, as its source found it."""

    source: str  # the watcher's key, e.g. "main/drafts" or "maildir:/home/a/Mail/postponed"
    account: str
    folder: str
    ref: str  # the copy within its source: "UIDVALIDITY:UID", or the Maildir unique name
    saved: datetime | None  # when the client saved it (INTERNALDATE, file time)
    size: int
    parsed: ParsedMessage | None
    error: str | None = None  # why it could not be read (then parsed is None)


class DraftSink(Protocol):
    """Where the drafts sources report: the drafts guard."""

    def saved(self, copy: DraftCopy) -> None: ...

    def gone(self, source: str, ref: str) -> None: ...


def find_drafts_folder(client: IMAPClient, configured: str | None = None) -> str:
    """The configured name, else the SPECIAL-USE ``\\Drafts`` folder, else a common name.

    Looked up again at every connection, so a renamed or recreated folder is found anew."""
    folders = client.list_folders()
    names = [name for _flags, _sep, name in folders]
    lower = {n.lower(): n for n in names}
    if configured:
        if configured.lower() in lower:
            return str(lower[configured.lower()])
        raise FolderMissing(
            f"the configured drafts_folder {configured!r} does not exist on the "
            f"server (folders: {', '.join(sorted(names)[:20])})"
        )
    for flags, _sep, name in folders:
        if b"\\drafts" in {f.lower() for f in flags}:
            return str(name)
    for candidate in COMMON_DRAFTS_NAMES:
        for prefix in ("", "INBOX.", "INBOX/"):
            hit = lower.get((prefix + candidate).lower())
            if hit:
                return str(hit)
    raise FolderMissing(
        "no Drafts folder found (none is marked \\Drafts and none has a usual name); "
        "set drafts_folder in the account, or drafts = false to stop looking"
    )


def _parse(data: dict[bytes, Any]) -> tuple[ParsedMessage | None, str | None]:
    try:
        return parse_fetched(data), None
    except Exception as exc:  # NotAMessage, or a parser bug on odd input: say why, go on
        return None, f"{exc.__class__.__name__}: {str(exc)[:200]}"


class ImapDraftsSource(ImapSource):
    """Follows the Drafts folder of one account: the IMAP source's connection loop, with a
    catch-up that diffs UID sets and reports to ``sink`` instead of recording."""

    kind = "imap-drafts"

    def __init__(self, recorder: Recorder, account: Account, sink: DraftSink) -> None:
        super().__init__(recorder, account, "drafts")
        self.folder = account.drafts_folder
        self.sink = sink
        self.known: dict[str, int] = {}  # ref ("UIDVALIDITY:UID") → UID, as last reported
        self.uidvalidity: int | None = None

    def watch(self) -> None:
        try:
            super().watch()
        finally:
            self._forget_all()

    def _find_folder(self, client: IMAPClient) -> str | None:
        try:
            folder = find_drafts_folder(client, self.account.drafts_folder)
        except FolderMissing:
            self._forget_all()
            raise
        if folder != self.folder and self.known:
            log.info(
                "%s: the drafts folder is now %r (was %r)", self.account.id, folder, self.folder
            )
            self._forget_all()
        return folder

    def _catch_up_on(self, client: IMAPClient) -> SyncResult:
        assert self.folder is not None
        folder = self.folder
        self.report(status="syncing", folder=folder)
        try:
            sel = client.select_folder(folder, readonly=True)
        except Exception:
            self._forget_all()  # deleted or renamed under us: the next connection looks again
            raise
        uidvalidity = int(sel[b"UIDVALIDITY"])
        if self.uidvalidity is not None and uidvalidity != self.uidvalidity:
            log.warning(
                "%s %s: UIDVALIDITY changed (%d → %d): the folder was recreated; reading it anew",
                self.account.id,
                folder,
                self.uidvalidity,
                uidvalidity,
            )
            self._forget_all()
        self.uidvalidity = uidvalidity
        # Every UID, \Deleted ones excluded: a client's replacement flags the old copy before
        # it expunges it, and the flagged copy is already out of date.
        present = sorted(client.search(["NOT", "DELETED"])) if sel.get(b"EXISTS") else []
        now = {f"{uidvalidity}:{uid}": uid for uid in present}
        new = [uid for ref, uid in now.items() if ref not in self.known]
        # New copies first, then the old ones go: the guard then sees a replacement as one
        # draft updated rather than one discarded and another begun.
        for i in range(0, len(new), FETCH_BATCH):
            batch = new[i : i + FETCH_BATCH]
            data = fetch_items(client, batch, DRAFT_FETCH)
            for uid in batch:
                if uid not in data:
                    continue  # expunged since the search
                d = data[uid]
                parsed, error = _parse(d)
                ref = f"{uidvalidity}:{uid}"
                self.known[ref] = uid
                self.sink.saved(
                    DraftCopy(
                        self.key,
                        self.account.id,
                        folder,
                        ref,
                        internal_date(d.get(b"INTERNALDATE")),
                        int(d.get(b"RFC822.SIZE") or 0),
                        parsed,
                        error,
                    )
                )
        gone = [r for r in self.known if r not in now]
        for ref in gone:
            del self.known[ref]
            self.sink.gone(self.key, ref)
        last = max(present, default=0)
        self.report(
            status="idle",
            error=None,
            last_sync=datetime.now(timezone.utc),
            uidvalidity=uidvalidity,
            last_uid=last,
        )
        mode = "incremental" if new or gone or _moved(client, folder, sel) else "unchanged"
        return SyncResult(folder, uidvalidity, last, fetched=len(new), mode=mode)

    def _forget_all(self) -> None:
        for ref in list(self.known):
            del self.known[ref]
            self.sink.gone(self.key, ref)


# --------------------------------------------------------------------------- local Maildir

MAILDIR_READ_BYTES = 1024 * 1024
MAILDIR_RESCAN_SECONDS = 60.0


def _moved(client: IMAPClient, folder: str, before: dict[bytes, Any]) -> bool:
    """Whether the folder changed while it was searched: a draft saved during the SEARCH is
    announced inside its replies, which the IMAP library drops, so the IDLE after a pass that
    ended on the SEARCH would not hear of it. A second SELECT, the pass's last command, reads
    the folder's counters as they are now; "unchanged" (which ends the settling) needs them
    as they were."""
    after = client.select_folder(folder, readonly=True)
    return any(after.get(k) != before.get(k) for k in (b"UIDVALIDITY", b"UIDNEXT", b"EXISTS"))


def _maildir_files(path: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for sub in ("cur", "new"):
        try:
            with os.scandir(path / sub) as it:
                for e in it:
                    if not e.name.startswith(".") and e.is_file(follow_symlinks=False):
                        out[unique_name(e.name)] = Path(e.path)
        except FileNotFoundError:
            continue
    return out


def read_draft_file(source: str, folder: str, ref: str, file: Path) -> DraftCopy | None:
    """A Maildir draft file as a copy; None when it vanished meanwhile."""
    try:
        with open(file, "rb") as fh:
            raw = fh.read(MAILDIR_READ_BYTES)
            st = os.fstat(fh.fileno())
    except FileNotFoundError:
        return None
    except OSError as exc:
        return DraftCopy(source, "maildir", folder, ref, None, 0, None, exc.strerror)
    saved = datetime.fromtimestamp(st.st_mtime, timezone.utc)
    try:
        parsed: ParsedMessage | None = parse_bytes(raw)
        error = None
    except Exception as exc:
        parsed, error = None, f"{exc.__class__.__name__}: {str(exc)[:200]}"
    return DraftCopy(source, "maildir", folder, ref, saved, st.st_size, parsed, error)


class MaildirDraftsSource(Source):
    """A local drafts Maildir (mutt's ``postponed``, aerc's Drafts): every file is a draft,
    named by its Maildir unique name; a file whose modification time changed is read again."""

    kind = "maildir-drafts"

    def __init__(self, recorder: Recorder, source: MaildirSource, sink: DraftSink) -> None:
        super().__init__(recorder, f"maildir:{source.path}", "maildir", str(source.path))
        self.source = source
        self.sink = sink
        self.changed = threading.Event()
        self.observer: Any = None
        self.known: dict[str, tuple[Path, int]] = {}  # unique name → (file, mtime ns)

    def wake(self) -> None:
        self.changed.set()

    def scan(self) -> None:
        folder = str(self.source.path)
        files = _maildir_files(self.source.path)
        for ref, file in files.items():
            try:
                mtime = file.stat().st_mtime_ns
            except FileNotFoundError:
                continue
            if self.known.get(ref) == (file, mtime):
                continue
            copy = read_draft_file(self.key, folder, ref, file)
            if copy is None:
                continue
            self.known[ref] = (file, mtime)
            self.sink.saved(copy)
        for ref in [r for r in self.known if r not in files]:
            del self.known[ref]
            self.sink.gone(self.key, ref)

    def catch_up(self) -> CatchUpResult:
        self.scan()
        self.report(status="idle", error=None, last_sync=datetime.now(timezone.utc))
        return CatchUpResult(seen=len(self.known))

    def close(self) -> None:
        stop_watching(self.observer)
        self.observer = None
        for ref in list(self.known):
            del self.known[ref]
            self.sink.gone(self.key, ref)

    def watch(self) -> None:
        path = self.source.path
        self.report(status="syncing")
        while not self.stopping.is_set() and not (path / "cur").is_dir():
            msg = f"{path} is not a Maildir (no cur/ inside)"
            self.report(status="error", error=msg)
            log.warning("drafts maildir %s; waiting for it", msg)
            if self.stopping.wait(30):
                return
        # Every event: a deleted draft was sent or discarded, and its copy must go too.
        self.observer = watch_maildir(path, self.changed, None)
        log.info("drafts maildir %s: watching", path)
        while not self.stopping.is_set():
            self.changed.clear()
            try:
                self.catch_up()
            except Exception as exc:  # an unreadable directory: say so, go on
                log.error("drafts maildir %s: scan failed: %s", path, exc)
                self.report(status="error", error=str(exc))
            if self.changed.wait(MAILDIR_RESCAN_SECONDS) and not self.stopping.is_set():
                self.stopping.wait(0.2)  # a save is a create and a rename


def drafts_sources(
    recorder: Recorder,
    accounts: Sequence[Account],
    maildirs: Sequence[MaildirSource],
    sink: DraftSink,
) -> list[Source]:
    """One source per account with ``drafts`` on, and one per ``direction = "drafts"`` Maildir."""
    out: list[Source] = [ImapDraftsSource(recorder, a, sink) for a in accounts if a.drafts]
    out += [MaildirDraftsSource(recorder, m, sink) for m in maildirs if m.direction == "drafts"]
    return out
