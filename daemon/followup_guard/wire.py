"""The one length-prefixed JSON codec: a 4-byte length, then that many bytes of UTF-8 JSON.

Two users, two byte orders: the check socket and its client use big-endian (network order);
Thunderbird's native messaging prescribes the machine's native order. Everything else is the
same, so both go through here.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from typing import Any

BIG = struct.Struct(">I")
NATIVE = struct.Struct("=I")
HEADER_SIZE = 4


class WireError(ValueError):
    """A frame or payload that cannot be read; the message says what is wrong with it."""


def encode(obj: Any, header: struct.Struct = BIG) -> bytes:
    """One frame: the header, then ``obj`` as compact UTF-8 JSON. A lone surrogate (text read
    with surrogateescape) cannot be UTF-8: then the JSON is written with \\u escapes, which
    any JSON reader takes back."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    try:
        payload = text.encode("utf-8")
    except UnicodeEncodeError:
        payload = json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return header.pack(len(payload)) + payload


def decode(payload: bytes) -> Any:
    """A frame's payload as JSON. Deep nesting, bad UTF-8 and bad JSON are :class:`WireError`,
    never RecursionError or UnicodeDecodeError (one request must not end a server thread)."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WireError(f"request is not UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise WireError("request is not JSON we accept: nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise WireError(f"request is not JSON: {exc}") from None


def frame_length(head: bytes, header: struct.Struct, max_bytes: int) -> int:
    """The payload length a complete header announces; over ``max_bytes`` is a WireError."""
    (length,) = header.unpack(head)
    if length > max_bytes:
        raise WireError(f"frame of {length} bytes is over the {max_bytes}-byte limit")
    return int(length)


def read_frame(
    read: Callable[[int], bytes], header: struct.Struct = BIG, *, max_bytes: int
) -> bytes | None:
    """Read one frame's payload with ``read(n)`` (a blocking stream or socket read that returns
    b"" at EOF). None at a clean EOF between frames; a WireError for a frame cut short."""
    head = _read_exactly(read, header.size)
    if not head:
        return None
    if len(head) < header.size:
        raise WireError("truncated frame header")
    length = frame_length(head, header, max_bytes)
    payload = _read_exactly(read, length)
    if len(payload) < length:
        raise WireError(f"frame cut short: {len(payload)} of {length} bytes")
    return payload


def _read_exactly(read: Callable[[int], bytes], n: int) -> bytes:
    chunks: list[bytes] = []
    remaining = n
    while remaining > 0:
        chunk = read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class FrameBuffer:
    """Collects bytes from a non-blocking socket until one whole frame is there."""

    def __init__(self, header: struct.Struct = BIG, *, max_bytes: int) -> None:
        self.header = header
        self.max_bytes = max_bytes
        self._buf = bytearray()
        self._want: int | None = None

    def feed(self, data: bytes) -> bytes | None:
        """Add ``data``; the payload once complete, else None. WireError when over the limit."""
        self._buf += data
        if self._want is None and len(self._buf) >= self.header.size:
            self._want = frame_length(
                bytes(self._buf[: self.header.size]), self.header, self.max_bytes
            )
        if self._want is not None and len(self._buf) >= self.header.size + self._want:
            return bytes(self._buf[self.header.size : self.header.size + self._want])
        return None
