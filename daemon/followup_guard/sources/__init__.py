"""Where messages come from. ``base.py`` is the interface; :func:`from_config` makes the
sources a config asks for, so the daemon runs them without knowing their kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config.model import Config
    from .base import Recorder, Source
    from .drafts import DraftSink


def from_config(
    recorder: Recorder, config: Config, *, drafts: DraftSink | None = None
) -> list[Source]:
    """Sent and INBOX of every IMAP account, and every Maildir of Sent or received mail; with
    ``drafts`` (the running daemon's drafts guard), the Drafts folder of every account with
    ``drafts`` on and every drafts Maildir too (read, never recorded)."""
    from .imap import ImapSource  # imapclient and watchdog load only in the daemon
    from .maildir import MaildirSource

    out: list[Source] = []
    for acc in config.accounts:
        out.append(ImapSource(recorder, acc, "sent"))
        if acc.inbox_folder:
            out.append(ImapSource(recorder, acc, "inbox"))
    for md in config.maildirs:
        if md.direction != "drafts":
            out.append(MaildirSource(recorder, md))
    if drafts is not None:
        from .drafts import drafts_sources

        out += drafts_sources(recorder, config.accounts, config.maildirs, drafts)
    return out
