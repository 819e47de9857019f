"""IMAP source: find the folder, backfill once, then follow it with IDLE (or polling).

Design (see the shared notes on IMAP, after isync/mbsync):

* one connection per folder (Sent, INBOX), ``SELECT`` read-only, a socket read timeout and
  TCP keepalive (``imap_connect.py``);
* per-folder state ``(UIDVALIDITY, last UID)``; the catch-up (:func:`catch_up`) fetches at most
  ``BATCH`` explicit UIDs at a time (``imap_fetch.fetch``) and hands each batch to the
  recorder, which stores it in one transaction together with the folder state that covers it:
  a crash anywhere re-fetches at most one batch and counts nothing twice;
* only what the checks need is fetched: a few header fields, and the first 16 KB of the text
  of the sent messages that concern a tracked application;
* a changed UIDVALIDITY rescans the backfill window; the idempotency keys dedupe;
* connection loss → capped exponential backoff with jitter, then catch up; an authentication
  failure stops this folder and says so.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import socket
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from ..mail.parse import NotAMessage
from .base import (
    CatchUpResult,
    FolderState,
    Found,
    Recorder,
    Seen,
    Source,
    Status,
)
from .imap_connect import (
    AuthError,
    Backoff,
    ConnectionLost,
    FolderMissing,
    close_client,
    connect,
    describe_error,
    find_sent_folder,
    reply_waiting,
    text_of,
)
from .imap_fetch import (
    fetch_batch,
)

if TYPE_CHECKING:
    from ..config.model import Account

log = logging.getLogger("followup_guard.imap")

BATCH = 500
IDLE_CHECK_SECONDS = 30.0
HEALTHY_RESET = 120.0  # a connection up this long resets the backoff
SETTLE_PASSES = 20  # catch-ups in a row before IDLE while mail keeps landing


@dataclass(slots=True)
class SyncResult:
    folder: str
    uidvalidity: int
    last_uid: int
    fetched: int = 0
    new: int = 0
    skipped: int = 0
    mode: str = "incremental"  # backfill | resync | incremental | unchanged


def _log_skip(account_id: str, folder: str, uid: int, exc: Exception) -> None:
    if isinstance(exc, NotAMessage):
        log.warning("%s %s UID %d: skipped, not a message: %s", account_id, folder, uid, exc)
    else:
        log.warning(
            "%s %s UID %d: skipped, %s: %s",
            account_id,
            folder,
            uid,
            exc.__class__.__name__,
            str(exc)[:200],
        )


def _chunks(seq: Sequence[int], n: int) -> Iterable[list[int]]:
    for i in range(0, len(seq), n):
        yield list(seq[i : i + n])


# --------------------------------------------------------------------------- catch-up


def catch_up(
    client: IMAPClient,
    recorder: Recorder,
    account: Account,
    folder: str,
    role: str,
    *,
    stop: threading.Event | None = None,
    today: date | None = None,
) -> SyncResult:
    """Bring the store up to date with ``folder``. Safe to interrupt anywhere."""
    sel = client.select_folder(folder, readonly=True)
    uidvalidity = int(sel[b"UIDVALIDITY"])
    uidnext = int(sel.get(b"UIDNEXT") or 0)
    exists = int(sel.get(b"EXISTS") or 0)
    state = recorder.folder_state(account.id, folder)
    since = (today or date.today()) - timedelta(days=account.backfill_days)
    if state is None:
        mode, last = "backfill", 0
        log.info(
            "%s %s: first sync, backfilling the last %d days",
            account.id,
            folder,
            account.backfill_days,
        )
    elif state.uidvalidity != uidvalidity:
        mode, last = "resync", 0
        log.warning(
            "%s %s: UIDVALIDITY changed (%d → %d): the folder was recreated or rebuilt; "
            "rescanning the last %d days (messages already stored count once)",
            account.id,
            folder,
            state.uidvalidity,
            uidvalidity,
            account.backfill_days,
        )
    else:
        mode, last = "incremental", state.last_uid
    result = SyncResult(folder, uidvalidity, last, mode=mode)
    if mode == "incremental" and uidnext and uidnext - 1 <= last:
        result.mode = "unchanged"
        recorder.record([], account=account.id, folder=folder, state=FolderState(uidvalidity, last))
        return result
    uids: list[int] = []
    if exists:
        found = client.search(["UID", f"{last + 1}:*", "SINCE", since])
        uids = sorted(u for u in found if u > last)  # `n:*` returns the highest UID when empty
    where = Seen(account.id, folder, uidvalidity, 0)
    batches = list(_chunks(uids, BATCH))
    # Fetch batch n+1 while batch n is written: the server's work, the socket reads and
    # SQLite's writes (which release the GIL) overlap. Only the fetch thread uses the
    # connection meanwhile.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="imap-fetch") as pool:
        pending = (
            pool.submit(fetch_batch, client, recorder, where, role, batches[0]) if batches else None
        )
        for n, batch in enumerate(batches):
            assert pending is not None
            data = pending.result()
            if stop is not None and stop.is_set():
                return result
            if n + 1 < len(batches):
                pending = pool.submit(fetch_batch, client, recorder, where, role, batches[n + 1])
            _store_batch(recorder, account, folder, uidvalidity, batch, data, result)
            if len(uids) > BATCH:
                log.info(
                    "%s %s: %d/%d messages fetched", account.id, folder, result.fetched, len(uids)
                )
    final = max(result.last_uid, uidnext - 1 if uidnext else 0)
    unchanged = state is not None and state == FolderState(uidvalidity, final)
    if not unchanged or mode != "incremental":
        recorder.record(
            [], account=account.id, folder=folder, state=FolderState(uidvalidity, final)
        )
    result.last_uid = final
    if result.fetched or mode != "incremental":
        log.info(
            "%s %s: %s done, %d fetched, %d new, %d skipped (last UID %d)",
            account.id,
            folder,
            mode,
            result.fetched,
            result.new,
            result.skipped,
            final,
        )
    return result


def _store_batch(
    recorder: Recorder,
    account: Account,
    folder: str,
    uidvalidity: int,
    batch: Sequence[int],
    fetched: dict[int, Found | Exception],
    result: SyncResult,
) -> None:
    """One write: the batch's messages and the folder state that covers them. A message that
    cannot be parsed or stored is skipped with a log line and never stops the others."""
    uids: list[int] = []
    items: list[Found] = []
    for uid in batch:
        f = fetched.get(uid)
        if f is None:  # expunged since the search
            continue
        if isinstance(f, Exception):
            _log_skip(account.id, folder, uid, f)
            result.skipped += 1
            continue
        uids.append(uid)
        items.append(f)
    state = FolderState(uidvalidity, batch[-1])
    outcomes = recorder.record(items, account=account.id, folder=folder, state=state)
    for uid, out in zip(uids, outcomes, strict=True):
        if isinstance(out, Exception):
            _log_skip(account.id, folder, uid, out)
            result.skipped += 1
        else:
            result.new += out.new
    result.fetched += len(batch)
    result.last_uid = batch[-1]


# --------------------------------------------------------------------------- the source


_CHANGE = {b"EXISTS", b"EXPUNGE", b"RECENT", b"FETCH", b"VANISHED"}


class ImapSource(Source):
    """One folder ('sent' or 'inbox'; 'drafts' in ``sources/drafts.py``) of one account."""

    kind = "imap"

    def __init__(self, recorder: Recorder, account: Account, role: str) -> None:
        folder = {"inbox": account.inbox_folder, "drafts": account.drafts_folder}.get(
            role, account.sent_folder
        )
        super().__init__(recorder, f"{account.id}/{role}", account.id, folder)
        self.account = account
        self.role = role
        self.folder: str | None = folder
        self.client: IMAPClient | None = None
        self.backoff = Backoff()

    # -- control ----------------------------------------------------------------------------

    def wake(self) -> None:
        client = self.client
        if client is not None:
            with contextlib.suppress(Exception):  # wakes idle_check/recv at once
                client.socket().shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        close_client(self.client)
        self.client = None

    def describe(self, exc: BaseException) -> tuple[Status, str]:
        if isinstance(exc, AuthError):
            return "failed", f"authentication failed: {exc}"
        return "error", describe_error(exc)

    def _find_folder(self, client: IMAPClient) -> str | None:
        """The folder to follow, looked up again at every connection (a renamed or recreated
        Sent folder is found anew)."""
        if self.role == "sent":
            return find_sent_folder(client, self.account.sent_folder)
        return self.folder

    # -- one pass ---------------------------------------------------------------------------

    def catch_up(self) -> CatchUpResult:
        """Connect (once), find the folder, catch up. Raises AuthError, FolderMissing, or
        what the connection raises; ``close()`` logs out."""
        if self.client is None:
            self.report(status="connecting")
            self.client = connect(self.account)
            self.folder = self._find_folder(self.client)
        res = self._catch_up_on(self.client)
        return CatchUpResult(res.fetched, res.new, res.skipped)

    def _catch_up_on(self, client: IMAPClient) -> SyncResult:
        assert self.folder is not None
        self.report(status="syncing", folder=self.folder)
        result = catch_up(
            client, self.recorder, self.account, self.folder, self.role, stop=self.stopping
        )
        self.report(
            status="idle",
            error=None,
            last_sync=datetime.now(timezone.utc),
            uidvalidity=result.uidvalidity,
            last_uid=result.last_uid,
        )
        return result

    # -- following --------------------------------------------------------------------------

    def watch(self) -> None:
        acc = self.account
        where = f"{acc.username}@{acc.host}:{acc.port}"
        while not self.stopping.is_set():
            self.report(status="connecting")
            healthy_from = None
            try:
                self.client = connect(acc)
                healthy_from = time.monotonic()
                self.folder = self._find_folder(self.client)
                log.info("%s: connected to %s, watching %s", acc.id, where, self.folder)
                self._follow(self.client)
            except AuthError as exc:
                log.error(
                    "%s %s: authentication failed, not retrying: %s. Fix the credentials "
                    "(the config reloads by itself) or restart the daemon.",
                    acc.id,
                    self.folder or self.role,
                    exc,
                )
                self.report(status="failed", error=str(exc))
                return
            except FolderMissing as exc:
                self._retrying(f"{exc}")
            except (
                ConnectionLost,
                OSError,
                IMAPClientError,
                imaplib.IMAP4.error,
                ValueError,
            ) as exc:
                if self.stopping.is_set():
                    break
                if isinstance(exc, ConnectionLost) and "AccessTokenExpired" in str(exc):
                    log.info("%s: the access token expired; reconnecting with a fresh one", acc.id)
                    self.close()
                    continue
                self._retrying(describe_error(exc))
            finally:
                self.close()
            if self.stopping.is_set():
                break
            if healthy_from is not None and time.monotonic() - healthy_from > HEALTHY_RESET:
                self.backoff.reset()
            wait = self.backoff.next()
            log.info("%s %s: reconnecting in %.1f s", acc.id, self.folder or self.role, wait)
            if self.stopping.wait(wait):
                break

    def _retrying(self, message: str) -> None:
        log.warning("%s %s: %s", self.account.id, self.folder or self.role, message)
        self.report(status="error", error=message)

    def _settle(self, client: IMAPClient) -> None:
        """Catch up until a pass finds the folder as it was left. A message that lands during
        a pass is announced inside that pass's responses, which the IMAP library takes in and
        drops, so the IDLE after it would not hear of it until the next change or renewal;
        a quiet pass (a SELECT only, the last command before IDLE) closes that window."""
        for _ in range(SETTLE_PASSES):
            if self._catch_up_on(client).mode == "unchanged" or self.stopping.is_set():
                return

    def _follow(self, client: IMAPClient) -> None:
        self._settle(client)
        idle_ok = b"IDLE" in client.capabilities()
        if not idle_ok:
            log.info(
                "%s %s: the server offers no IDLE; polling every %d s",
                self.account.id,
                self.folder,
                self.account.poll_seconds,
            )
        while not self.stopping.is_set():
            if idle_ok:
                self._idle_once(client)
            else:
                self._poll_once(client)
            if self.stopping.is_set():
                return
            self._settle(client)

    def _idle_once(self, client: IMAPClient) -> None:
        """IDLE until a change, the renew deadline, or trouble (raises ConnectionLost)."""
        renew = self.account.idle_renew_seconds
        client.idle()
        start_mono, start_wall = time.monotonic(), time.time()
        deadline = start_mono + renew
        broken = False
        try:
            if reply_waiting(client):
                return  # a change announced with the IDLE reply: DONE reads it, then catch up
            while not self.stopping.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                wait = min(IDLE_CHECK_SECONDS, remaining)
                t0 = time.monotonic()
                responses = client.idle_check(timeout=wait)
                elapsed = time.monotonic() - t0
                if self.stopping.is_set():
                    return
                if any(r and r[0] == b"BYE" for r in responses):
                    broken = True
                    text = " ".join(text_of(x) for r in responses if r[0] == b"BYE" for x in r[1:])
                    raise ConnectionLost(f"the server closed the connection ({text.strip()})")
                if any(len(r) > 1 and r[1] in _CHANGE for r in responses):
                    break
                if not responses and elapsed < wait * 0.5:
                    broken = True
                    raise ConnectionLost("the connection closed (EOF)")
                # Suspend/resume: the wall clock moved far more than the monotonic one.
                wall = time.time() - start_wall
                if wall - (time.monotonic() - start_mono) > 60:
                    broken = True
                    raise ConnectionLost("the clock jumped (suspend?)")
        finally:
            if not self.stopping.is_set() and not broken:
                try:
                    client.idle_done()
                except (OSError, imaplib.IMAP4.abort, IMAPClientError) as exc:
                    raise ConnectionLost(f"the connection broke while idle ({exc})") from None

    def _poll_once(self, client: IMAPClient) -> None:
        """Without IDLE: wait, then NOOP; the catch-up that follows sees anything new."""
        if self.stopping.wait(self.account.poll_seconds):
            return
        client.noop()
