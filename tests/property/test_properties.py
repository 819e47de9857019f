"""Property-based tests: for any input, each reader gives a result or its own clear error type,
never another exception (a traceback in a mail client, a dead server thread).

Readers: the message parser, both framing codecs (big-endian socket frames, native-order host
frames, FrameBuffer fed in pieces), the sendmail argument parser, the config loader.
"""

from __future__ import annotations

import contextlib
import io
import os
import struct
from pathlib import Path

from followup_guard import wire
from followup_guard.bridges.sendmail_args import Invocation, UsageError, parse_args
from followup_guard.config.load import ConfigError, parse_config
from followup_guard.mail.parse import NotAMessage, ParsedMessage, parse_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# 2,000 generated inputs per property under CI, fewer locally (HYPOTHESIS_PROFILE=ci for all).
# (Here, not in a conftest.py: a second `conftest` module would shadow tests/conftest.py.)
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=2000, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("dev", max_examples=200, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

REPO = Path(__file__).resolve().parents[2]
CONFIG_LINES = (REPO / "tests" / "corpus" / "config.toml").read_text().splitlines()

# -------------------------------------------------------------------------- the message parser

_HEADER_NAMES = ["From", "To", "Cc", "Bcc", "Subject", "Date", "Message-ID", "In-Reply-To",
                 "References", "Reply-To", "Content-Type", "Content-Transfer-Encoding",
                 "MIME-Version", "X-Odd", "From ", " From", ""]  # fmt: skip
_VALUES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "Dana Wu <dana.wu@acme.example>",
            '"Wu, Dana" <d@x>, , <>',
            "=?utf-8?b?w6k=?=",
            "=?bogus?q?x?=",
            "multipart/mixed; boundary=B",
            "multipart/alternative",
            'text/plain; charset="x-unknown"',
            "base64",
            "quoted-printable",
            "Mon, 99 Foo 2026",
            "<a@b> <c@d>",
            "undisclosed-recipients:;",
            "a@b@c",
            "(comment) jdoe@machine.example",
        ]
    ),
)
_BODIES = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from(
        [
            b"--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B--\r\n",
            b"--B\r\n",
            b"=\r\n=3D=ZZ",
            b"aGVsbG8=\r\n!!!",
        ]
    ),
)


@st.composite
def messages(draw: st.DrawFn) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        name = draw(st.sampled_from(_HEADER_NAMES))
        value = draw(_VALUES)
        lines.append(f"{name}: {value}")
        if draw(st.booleans()):
            lines.append(" " + draw(st.text(max_size=20)))  # a folded continuation
    eol = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    head = eol.join(lines).encode("utf-8", "surrogatepass")
    return draw(st.sampled_from([b"", b" \n"])) + head + eol.encode() * 2 + draw(_BODIES)


@given(st.one_of(messages(), st.binary(max_size=1000)))
def test_the_message_parser_gives_a_message_or_not_a_message(raw: bytes) -> None:
    try:
        parsed = parse_bytes(raw)
    except NotAMessage as exc:
        assert str(exc)
        return
    assert isinstance(parsed, ParsedMessage)
    for addr in parsed.recipients:
        assert isinstance(addr.addr, str)


# -------------------------------------------------------------------------- the framing codecs

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=20,
)  # fmt: skip
_HEADERS = st.sampled_from([wire.BIG, wire.NATIVE])
MAX = 1 << 16


@given(_JSON, _HEADERS, st.data())
def test_frames_round_trip_whole_and_fed_in_pieces(obj: object, header: struct.Struct, data: st.DataObject) -> None:  # fmt: skip
    frame = wire.encode(obj, header)
    payload = wire.read_frame(io.BytesIO(frame).read, header, max_bytes=MAX)
    assert payload is not None and wire.decode(payload) == obj
    buf = wire.FrameBuffer(header, max_bytes=MAX)
    cuts = sorted(set(data.draw(st.lists(st.integers(1, len(frame) - 1), max_size=6))))
    pieces = [frame[a:b] for a, b in zip([0, *cuts], [*cuts, len(frame)], strict=True)]
    for piece in pieces[:-1]:
        assert buf.feed(piece) is None, "a frame was returned before all of it had arrived"
    assert buf.feed(pieces[-1]) == payload


@given(st.text(alphabet=st.characters() | st.characters(categories=["Cs"]), max_size=50), _HEADERS)
def test_encode_takes_any_string(text: str, header: struct.Struct) -> None:
    # Text decoded with surrogateescape (a header in an unknown charset) must still go out.
    frame = wire.encode({"s": text}, header)
    out = wire.decode(wire.read_frame(io.BytesIO(frame).read, header, max_bytes=MAX) or b"")
    if any("\ud800" <= c <= "\udfff" for c in text):
        assert isinstance(out["s"], str)  # JSON joins a high and a low surrogate into one
    else:
        assert out == {"s": text}


@given(st.binary(max_size=200), _HEADERS, st.integers(0, 300))
def test_any_bytes_are_a_frame_none_or_a_wire_error(raw: bytes, header: struct.Struct, limit: int) -> None:  # fmt: skip
    try:
        payload = wire.read_frame(io.BytesIO(raw).read, header, max_bytes=limit)
    except wire.WireError:
        payload = None
    if payload is not None:
        assert len(payload) <= limit
        with contextlib.suppress(wire.WireError):
            wire.decode(payload)
    buf = wire.FrameBuffer(header, max_bytes=limit)
    try:
        for i in range(0, len(raw), 7):
            if buf.feed(raw[i : i + 7]) is not None:
                break
    except wire.WireError:
        pass


@given(st.one_of(st.binary(max_size=300), st.integers(1, 200_000).map(lambda n: b"[" * n),
                 st.integers(1, 200_000).map(lambda n: b'{"a":' * n)))  # fmt: skip
def test_any_payload_is_json_or_a_wire_error(payload: bytes) -> None:
    try:
        wire.decode(payload)
    except wire.WireError as exc:
        assert str(exc)


# -------------------------------------------------------------------------- the sendmail argv

_ARGS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["-t", "-i", "-oi", "-oem", "-f", "-F", "-N", "-R", "-B", "-V", "-X", "-bs",
                     "-bp", "-q", "--", "-", "--from", "--from=x@y", "--account", "-ti", "-tV",
                     "-o", "-b", "-r", "--read-recipients", "--tls=on", "--no-such", "-Noff",
                     "success,failure", "8BITMIME", "a@b.example", "Dana <d@acme.example>"]),
)  # fmt: skip


@given(st.lists(_ARGS, max_size=10))
def test_the_sendmail_argv_is_read_or_a_usage_error(argv: list[str]) -> None:
    try:
        inv = parse_args(argv)
    except UsageError as exc:
        assert str(exc)
        return
    assert isinstance(inv, Invocation)
    assert inv.args == argv  # handed on unchanged
    # Whatever follows an accepted argv as a lone -V is refused, not read as a value or a flag.
    if "--" not in argv and not (argv and argv[-1] in _TAKES_NEXT):
        try:
            parse_args([*argv, "-V", "x@y.example"])
        except UsageError:
            pass
        else:
            raise AssertionError(f"-V accepted after {argv!r}")


_TAKES_NEXT = {"-f", "-F", "-N", "-R", "-B", "-r", "-a", "-C", "-o", "--from", "--account"}


# -------------------------------------------------------------------------- the config loader

_TOML_VALUES = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.text(max_size=20).map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    st.sampled_from(["true", "false", "[]", "{}", '["a", 1]', "2026-11-20", "2026-13-45",
                     "2026-11-20T10:00", "1e400", "nan", "inf", '"""x"""', "[[", '"\\u0000"',
                     '"not an address"', '"a@b"', "-1", "0", "99999999999"]),
)  # fmt: skip


@st.composite
def configs(draw: st.DrawFn) -> str:
    lines = list(CONFIG_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        what = draw(st.sampled_from(["value", "delete", "duplicate", "text"]))
        if what == "value" and "=" in lines[i]:
            key = lines[i].split("=", 1)[0]
            lines[i] = f"{key}= {draw(_TOML_VALUES)}"
        elif what == "delete":
            del lines[i]
        elif what == "duplicate":
            lines.insert(i, lines[i])
        else:
            lines.insert(i, draw(st.text(max_size=40)))
        if not lines:
            break
    return "\n".join(lines) + "\n"


@given(st.one_of(configs(), st.text(max_size=300)))
def test_the_config_loader_gives_a_config_or_problems_with_file_and_line(text: str) -> None:
    try:
        parse_config(text, "fuzz.toml")
    except ConfigError as exc:
        assert exc.problems
        n = text.count("\n") + 1
        for p in exc.problems:
            assert p.file == "fuzz.toml"
            assert p.line is None or 1 <= p.line <= n, (p, n)
            assert p.message
