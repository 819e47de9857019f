"""A minimal IMAP server on 127.0.0.1 that refuses every login and echoes the command it refused,
as some servers do ("NO LOGIN alice hunter2 failed"). Real servers we can run (Dovecot) never
echo, so this is the one way to hold the redaction of such errors to account."""

from __future__ import annotations

import socketserver
import threading
from types import TracebackType


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        w = self.wfile
        w.write(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2] echo ready\r\n")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            text = line.rstrip(b"\r\n")
            tag, _, rest = text.partition(b" ")
            command = rest.split(b" ", 1)[0].upper()
            if command == b"CAPABILITY":
                w.write(
                    b"* CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2\r\n" + tag + b" OK done\r\n"
                )
            elif command == b"LOGIN":
                w.write(tag + b" NO [AUTHENTICATIONFAILED] refused: " + rest + b"\r\n")
            elif command == b"AUTHENTICATE":
                w.write(b"+ \r\n")
                w.flush()
                response = self.rfile.readline().rstrip(b"\r\n")
                w.write(tag + b" NO " + rest + b" with " + response + b" is invalid\r\n")
            elif command == b"LOGOUT":
                w.write(b"* BYE\r\n" + tag + b" OK done\r\n")
                return
            else:
                w.write(tag + b" BAD unknown command " + rest + b"\r\n")
            w.flush()


class EchoImap:
    """``with EchoImap() as server:`` ... ``server.port``."""

    def __init__(self) -> None:
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> EchoImap:
        self.thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
