"""An SMTP server on 127.0.0.1 that accepts everything and keeps it (aiosmtpd, no auth).

Each message is recorded as ``SinkMessage(mail_from, rcpt_tos, data)`` where ``data`` is the
DATA payload exactly as received, after SMTP dot-unstuffing (RFC 5321 4.5.2) and without the
terminating ``.`` line: with ``decode_data=False`` aiosmtpd adds and normalises nothing, so a
client's CRLF line endings, trailing CRLF and 8-bit bytes arrive untouched. Every message is
also written to ``directory`` as ``0001.eml``, ``0002.eml``, ...
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

from aiosmtpd.controller import Controller

from . import free_port

__all__ = ["SinkMessage", "SmtpSink"]


class SinkMessage(NamedTuple):
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server, session, envelope) -> str:
        self.sink._record(
            SinkMessage(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 OK"


class SmtpSink:
    host = "127.0.0.1"

    def __init__(self, directory: Path | str | None = None) -> None:
        self._own_dir = directory is None
        self.directory = Path(directory or tempfile.mkdtemp(prefix="fg-smtp-sink-"))
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port: int | None = None
        self._messages: list[SinkMessage] = []
        self._cond = threading.Condition()
        self._controller: Controller | None = None

    def start(self) -> SmtpSink:
        if self._controller is not None:
            return self
        self.port = free_port(self.host)
        controller = Controller(
            _Handler(self),
            hostname=self.host,
            port=self.port,
            ready_timeout=10,
            decode_data=False,
            enable_SMTPUTF8=True,
        )
        controller.start()
        self._controller = controller
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def cleanup(self) -> None:
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def messages(self) -> list[SinkMessage]:
        with self._cond:
            return list(self._messages)

    def wait_for(self, n: int = 1, timeout: float = 10) -> list[SinkMessage]:
        """Wait until at least ``n`` messages arrived; return all of them or raise TimeoutError."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._messages) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"SMTP sink on port {self.port}: {len(self._messages)} of {n} messages "
                        f"after {timeout} s"
                    )
                self._cond.wait(min(left, 0.1))
            return list(self._messages)

    def _record(self, msg: SinkMessage) -> None:
        with self._cond:
            self._messages.append(msg)
            (self.directory / f"{len(self._messages):04d}.eml").write_bytes(msg.data)
            self._cond.notify_all()

    def __repr__(self) -> str:
        return f"<SmtpSink {self.host}:{self.port} {len(self._messages)} messages>"
