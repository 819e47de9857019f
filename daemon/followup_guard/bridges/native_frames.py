"""The native-messaging frames between Thunderbird and ``followup-guard native-host``: a
uint32 length in native byte order, then that many bytes of UTF-8 JSON; the size limits on
both sides, and the error a request that cannot be served becomes."""

from __future__ import annotations

from typing import Any, BinaryIO

from .. import wire

#: Thunderbird refuses host→extension messages over 1 MB.
MAX_REPLY_BYTES = 1024 * 1024
#: A request this big is refused (a draft is plain text; 8 MB is far beyond any real one).
MAX_REQUEST_BYTES = 8 * 1024 * 1024


class ProtocolError(Exception):
    """A request that cannot be served; becomes an error frame."""

    def __init__(self, code: str, message: str, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fatal = fatal


def read_frame(stream: BinaryIO, max_bytes: int = MAX_REQUEST_BYTES) -> bytes | None:
    """Reads one frame's payload. Returns None at a clean EOF (between frames).

    Raises :class:`ProtocolError` (fatal) for an absurd length or a frame cut
    short by EOF: in both cases the stream cannot be resynchronised.
    """
    try:
        return wire.read_frame(stream.read, wire.NATIVE, max_bytes=max_bytes)
    except wire.WireError as exc:
        code = "too-large" if "limit" in str(exc) else "bad-request"
        raise ProtocolError(code, str(exc), fatal=True) from None


def encode_frame(obj: Any) -> bytes:
    return wire.encode(obj, wire.NATIVE)


def write_frame(stream: BinaryIO, obj: Any) -> None:
    stream.write(encode_frame(obj))
    stream.flush()


def error_reply(req_id: Any, code: str, message: str) -> dict[str, Any]:
    return {"id": req_id, "ok": False, "error": {"code": code, "message": message}}


def fit_reply(reply: dict[str, Any], limit: int = MAX_REPLY_BYTES) -> dict[str, Any]:
    """Returns `reply` or a smaller version of it whose frame payload is <= limit bytes."""

    def size(obj: Any) -> int:
        return len(encode_frame(obj)) - wire.HEADER_SIZE

    if size(reply) <= limit:
        return reply
    result = reply.get("result")
    if reply.get("ok") and isinstance(result, dict) and isinstance(result.get("findings"), list):
        shrunk = dict(result)
        findings = []
        for finding in result["findings"]:
            if isinstance(finding, dict):
                finding = {
                    k: (v[:2000] + "…" if isinstance(v, str) and len(v) > 2000 else v)
                    for k, v in finding.items()
                }
            findings.append(finding)
        # Most serious first, so dropping from the end loses the least.
        order = {"block": 0, "warn": 1, "info": 2}
        findings.sort(
            key=lambda f: order.get(str(f.get("severity")), 3) if isinstance(f, dict) else 3
        )
        shrunk["findings"] = findings
        candidate = {**reply, "result": shrunk}
        while size(candidate) > limit and findings:
            findings.pop()
            shrunk["truncated"] = True
        if size(candidate) <= limit:
            return candidate
    return error_reply(reply.get("id"), "too-large", f"the reply is over {limit} bytes")
