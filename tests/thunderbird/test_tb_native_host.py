"""The native-messaging host: framing, limits, garbage in, and the install step.

Unit tests drive ``native_host.run`` on in-memory streams with fake handlers;
the process tests start the real host (``python -m followup_guard.bridges.native_host``,
as the launcher does) with Thunderbird's argv and feed it bytes on stdin.
"""

from __future__ import annotations

import email
import email.policy
import io
import json
import os
import stat
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from followup_guard.bridges import native_draft, native_frames, native_methods
from followup_guard.bridges import native_host as nh
from followup_guard.bridges import thunderbird as tb

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "plugins" / "thunderbird"
HEADER = struct.Struct("=I")


def frame(obj: object) -> bytes:
    payload = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
    return HEADER.pack(len(payload)) + payload


def parse_frames(data: bytes) -> list[dict]:
    out = []
    pos = 0
    while pos < len(data):
        (n,) = HEADER.unpack_from(data, pos)
        pos += HEADER.size
        out.append(json.loads(data[pos : pos + n].decode("utf-8")))
        pos += n
    assert pos == len(data), "trailing bytes on stdout"
    return out


class FakeCtx:
    closed = False

    def close(self) -> None:
        self.closed = True


def fake_handlers(calls: list) -> dict:
    def check(ctx, params):
        calls.append(("check", params))
        return {"application": None, "kind": "other", "findings": []}

    def boom(ctx, params):
        raise RuntimeError("kaboom")

    def echo(ctx, params):
        calls.append(("echo", params))
        return params

    return {"check": check, "ping": native_methods.handle_ping, "boom": boom, "echo": echo}


def serve(data: bytes, handlers=None, factory=None, **kw) -> tuple[int, list[dict], list]:
    calls: list = []
    out = io.BytesIO()
    status = nh.run(
        io.BytesIO(data),
        out,
        factory or FakeCtx,
        handlers=handlers if handlers is not None else fake_handlers(calls),
        **kw,
    )
    return status, parse_frames(out.getvalue()), calls


# --------------------------------------------------------------------------- framing


def test_one_request_one_reply_then_clean_eof() -> None:
    status, replies, _ = serve(frame({"id": 7, "method": "ping", "params": {}}))
    assert status == 0
    assert len(replies) == 1
    assert replies[0]["id"] == 7 and replies[0]["ok"] is True
    assert replies[0]["result"]["pong"] is True


def test_length_prefix_is_native_byte_order() -> None:
    out = io.BytesIO()
    native_frames.write_frame(out, {"a": "é"})
    data = out.getvalue()
    assert struct.unpack("=I", data[:4])[0] == len(data) - 4
    assert json.loads(data[4:].decode("utf-8")) == {"a": "é"}


def test_many_requests_answered_in_order() -> None:
    data = b"".join(frame({"id": i, "method": "echo", "params": {"n": i}}) for i in range(50))
    status, replies, _ = serve(data)
    assert status == 0
    assert [r["id"] for r in replies] == list(range(50))
    assert [r["result"]["n"] for r in replies] == list(range(50))


def test_empty_stream_exits_cleanly() -> None:
    assert serve(b"") == (0, [], [])


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"", "not JSON"),
        (b"[1, 2, 3]", "JSON object"),
        (b'"just a string"', "JSON object"),
        (b"null", "JSON object"),
        (b"[" * 100000 + b"]" * 100000, "not JSON"),
    ],
)
def test_garbage_gets_an_error_and_the_host_keeps_reading(payload: bytes, needle: str) -> None:
    data = frame(payload) + frame({"id": 2, "method": "ping"})
    status, replies, _ = serve(data)
    assert status == 0
    assert replies[0] == {"id": None, "ok": False, "error": replies[0]["error"]}
    assert replies[0]["error"]["code"] == "bad-request"
    assert needle in replies[0]["error"]["message"]
    assert replies[1]["id"] == 2 and replies[1]["ok"] is True


@pytest.mark.parametrize(
    ("request_obj", "needle"),
    [
        ({"id": 3}, "unknown method"),
        ({"id": 3, "method": "format-disk"}, "unknown method"),
        ({"id": 3, "method": 12}, "unknown method"),
        ({"id": 3, "method": "echo", "params": [1]}, "params must be an object"),
        ({"id": 3, "method": "echo", "params": "x"}, "params must be an object"),
    ],
)
def test_bad_requests_echo_the_id(request_obj: dict, needle: str) -> None:
    status, replies, calls = serve(frame(request_obj))
    assert status == 0
    assert replies[0]["id"] == 3
    assert replies[0]["error"]["code"] == "bad-request"
    assert needle in replies[0]["error"]["message"]
    assert calls == []


def test_bad_id_type_is_refused() -> None:
    _, replies, _ = serve(frame({"id": {"x": 1}, "method": "ping"}) + frame({"id": True}))
    assert [r["error"]["code"] for r in replies] == ["bad-request", "bad-request"]
    assert [r["id"] for r in replies] == [None, None]


def test_absurd_length_gets_an_error_and_a_clean_exit() -> None:
    # 4 GB announced, nothing behind it: reading on would hang for ever.
    status, replies, _ = serve(HEADER.pack(0xFFFFFFFF) + b"{}")
    assert status == 1
    assert replies == [{"id": None, "ok": False, "error": replies[0]["error"]}]
    assert replies[0]["error"]["code"] == "too-large"


def test_request_just_over_the_limit_is_refused() -> None:
    limit = 1000
    big = {"id": 1, "method": "echo", "params": {"x": "a" * limit}}
    status, replies, calls = serve(frame(big), max_request=limit)
    assert status == 1 and calls == []
    assert replies[0]["error"]["code"] == "too-large"


def test_request_at_the_limit_is_served() -> None:
    req = {"id": 1, "method": "echo", "params": {"x": ""}}
    size = len(json.dumps(req).encode())
    req["params"]["x"] = "a" * (1000 - size)
    assert len(json.dumps(req).encode()) == 1000
    status, replies, _ = serve(frame(req), max_request=1000)
    assert status == 0 and replies[0]["ok"] is True


def test_default_request_limit_is_8_mb() -> None:
    assert native_frames.MAX_REQUEST_BYTES == 8 * 1024 * 1024
    status, replies, _ = serve(HEADER.pack(8 * 1024 * 1024 + 1))
    assert status == 1 and replies[0]["error"]["code"] == "too-large"


@pytest.mark.parametrize("data", [b"\x10\x00", HEADER.pack(100) + b'{"id": 1, "meth'])
def test_truncated_frames_end_the_host_with_an_error(data: bytes) -> None:
    status, replies, _ = serve(data)
    assert status == 1
    assert replies[0]["ok"] is False and replies[0]["error"]["code"] == "bad-request"


def test_a_handler_crash_is_an_internal_error_not_a_crash(capsys) -> None:
    status, replies, _ = serve(
        frame({"id": 1, "method": "boom"}) + frame({"id": 2, "method": "ping"})
    )
    assert status == 0
    assert replies[0]["error"] == {"code": "internal", "message": "RuntimeError: kaboom"}
    assert replies[1]["ok"] is True
    assert "kaboom" in capsys.readouterr().err  # the traceback goes to stderr


def test_config_error_is_reported_and_retried() -> None:
    class ConfigError(Exception):
        def __init__(self, msg, problems):
            super().__init__(msg)
            self.problems = problems

    attempts = []

    def factory():
        attempts.append(1)
        if len(attempts) == 1:
            raise ConfigError("bad config", ["line 3: unknown key 'foo'"])
        return FakeCtx()

    data = frame({"id": 1, "method": "ping"}) + frame({"id": 2, "method": "ping"})
    _, replies, _ = serve(data, factory=factory)
    assert replies[0]["error"]["code"] == "config"
    assert "unknown key 'foo'" in replies[0]["error"]["message"]
    assert replies[1]["ok"] is True  # fixed in between: the host tries again
    assert len(attempts) == 2


def test_context_opened_once_and_closed_at_eof() -> None:
    made: list[FakeCtx] = []

    def factory():
        made.append(FakeCtx())
        return made[-1]

    data = b"".join(frame({"id": i, "method": "ping"}) for i in range(5))
    serve(data, factory=factory)
    assert len(made) == 1 and made[0].closed


# --------------------------------------------------------------------------- the 1 MB reply limit


def test_reply_limit_is_1_mb() -> None:
    assert native_frames.MAX_REPLY_BYTES == 1024 * 1024


def test_a_huge_check_result_is_cut_to_fit() -> None:
    findings = [
        {"rule": "generic", "severity": "warn", "message": "m" * 5000, "fix": "f", "advice": "a"}
        for _ in range(400)
    ] + [{"rule": "angry", "severity": "block", "message": "furious", "fix": "", "advice": ""}]

    def check(ctx, params):
        return {"application": "x", "kind": "other", "findings": findings}

    out = io.BytesIO()
    nh.run(io.BytesIO(frame({"id": 1, "method": "check"})), out, FakeCtx, handlers={"check": check})
    data = out.getvalue()
    (n,) = HEADER.unpack_from(data)
    assert n <= native_frames.MAX_REPLY_BYTES
    reply = json.loads(data[4:])
    assert reply["ok"] is True
    result = reply["result"]
    assert result["findings"][0]["rule"] == "angry"  # the block finding is kept first
    assert all(len(f["message"]) <= 2001 for f in result["findings"])


def test_findings_dropped_when_shortening_is_not_enough() -> None:
    findings = [
        {"rule": f"r{i}", "severity": "warn", "message": "m" * 1900, "fix": "f" * 1900}
        for i in range(600)
    ]
    reply = native_frames.fit_reply({"id": 1, "ok": True, "result": {"findings": findings}})
    assert reply["ok"] is True and reply["result"]["truncated"] is True
    assert len(native_frames.encode_frame(reply)) - 4 <= native_frames.MAX_REPLY_BYTES


def test_an_oversized_other_reply_becomes_too_large() -> None:
    def echo(ctx, params):
        return {"blob": "x" * (native_frames.MAX_REPLY_BYTES + 10)}

    out = io.BytesIO()
    status = nh.run(
        io.BytesIO(frame({"id": 9, "method": "echo"}) + frame({"id": 10, "method": "ping"})),
        out,
        FakeCtx,
        handlers={"echo": echo, "ping": native_methods.handle_ping},
    )
    replies = parse_frames(out.getvalue())
    assert status == 0
    assert replies[0] == {
        "id": 9,
        "ok": False,
        "error": {"code": "too-large", "message": replies[0]["error"]["message"]},
    }
    assert replies[1]["ok"] is True


def test_reply_exactly_at_the_limit_passes() -> None:
    base = {"id": 1, "ok": True, "result": {"blob": ""}}
    size = len(native_frames.encode_frame(base)) - 4
    base["result"]["blob"] = "x" * (native_frames.MAX_REPLY_BYTES - size)
    assert len(native_frames.encode_frame(base)) - 4 == native_frames.MAX_REPLY_BYTES
    assert native_frames.fit_reply(base) is base
    base["result"]["blob"] += "x"
    assert native_frames.fit_reply(base)["error"]["code"] == "too-large"


# --------------------------------------------------------------------------- drafts


def test_draft_to_message_headers_and_body() -> None:
    msg = native_draft.draft_to_message(
        {
            "from": "Alex Morgan <alex.morgan@example.org>",
            "to": ["Dana Wu <dana.wu@acme.example>"],
            "cc": ["maria.lopez@acme.example"],
            "bcc": ["me@example.org"],
            "subject": "Thank you",
            "body": "Dear Dana,\n\nThank you.\n",
            "html": None,
            "type": "reply",
            "inReplyTo": "<orig@acme.example>",
            "references": ["<a@x>", "b@x"],
            "messageId": "sent-1@example.org",
            "requested": False,
        }
    )
    assert msg["From"] == "Alex Morgan <alex.morgan@example.org>"
    assert msg["To"] == "Dana Wu <dana.wu@acme.example>"
    assert msg["Cc"] == "maria.lopez@acme.example"
    assert msg["Bcc"] == "me@example.org"
    assert msg["Subject"] == "Thank you"
    assert msg["Message-ID"] == "<sent-1@example.org>"
    assert msg["In-Reply-To"] == "<orig@acme.example>"
    assert msg["References"] == "<a@x> <b@x> <orig@acme.example>"
    assert msg["Date"]
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content() == "Dear Dana,\n\nThank you.\n"


def test_draft_html_only_is_kept_as_html() -> None:
    msg = native_draft.draft_to_message({"to": ["a@b.example"], "body": "", "html": "<p>Hello</p>"})
    assert msg.get_content_type() == "text/html"
    assert "<p>Hello</p>" in msg.get_content()


def test_draft_cannot_inject_headers() -> None:
    msg = native_draft.draft_to_message(
        {"subject": "Hi\r\nBcc: evil@x.example", "to": ["a@b.example\nX-Evil: 1"]}
    )
    raw = msg.as_bytes()
    assert b"\nBcc:" not in raw and b"\nX-Evil" not in raw


def test_draft_keeps_invalid_addresses_for_the_checker() -> None:
    msg = native_draft.draft_to_message({"to": ["jhon.smith@", "Dana <dana.wu@acme.example>"]})
    assert b"To: jhon.smith@, Dana <dana.wu@acme.example>\n" in native_draft.message_bytes(msg)


def test_draft_bytes_keep_utf8_names_and_long_lists() -> None:
    to = [f"Zoë Person{i} <person{i}@a-long-company-domain.example>" for i in range(8)]
    msg = native_draft.draft_to_message(
        {"from": "Jürgen <j@x.example>", "to": to, "subject": "Grüße"}
    )
    raw = native_draft.message_bytes(msg)
    assert ("To: " + ", ".join(to)).encode() in raw
    assert "Subject: Grüße".encode() in raw
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert len(parsed["To"].addresses) == 8


def test_draft_forward_records_the_forwarded_message() -> None:
    msg = native_draft.draft_to_message({"type": "forward", "forwardOf": "<fw@acme.example>"})
    assert msg["X-Forwarded-Message-Id"] == "<fw@acme.example>"
    assert msg["In-Reply-To"] is None


@pytest.mark.parametrize(
    "params",
    [
        {"to": "not-a-list-but-ok@example.org", "subject": 5},
        {"to": [1, 2]},
        {"references": 5},
        {"body": ["x"]},
    ],
)
def test_draft_with_wrong_types_is_a_bad_request(params: dict) -> None:
    with pytest.raises(native_frames.ProtocolError) as info:
        native_draft.draft_to_message(params)
    assert info.value.code == "bad-request"


def test_snooze_params_are_validated() -> None:
    for params in (
        {"rule": "", "person": "a@b"},
        {"rule": "pushy", "person": 5},
        {"rule": "pushy", "person": "a@b", "days": -1},
        {"rule": "pushy", "person": "a@b", "days": "soon"},
        {"rule": "pushy", "person": "a@b", "days": True},
    ):
        with pytest.raises(native_frames.ProtocolError):
            native_methods.handle_snooze(FakeCtx(), params)


def test_sent_needs_a_message_id() -> None:
    with pytest.raises(native_frames.ProtocolError):
        native_methods.handle_sent(FakeCtx(), {"to": ["a@b.example"], "body": "x"})


# --------------------------------------------------------------------------- the real process


def host_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO / "daemon") + os.pathsep + env.get("PYTHONPATH", "")
    env["FOLLOWUP_GUARD_HOME"] = str(tmp_path / "data")
    env["FOLLOWUP_GUARD_CONFIG"] = str(tmp_path / "missing-config.toml")
    env["HOME"] = str(tmp_path)
    return env


def run_host(cmd: list[str], data: bytes, env: dict, timeout: float = 30):
    return subprocess.run(cmd, input=data, env=env, capture_output=True, timeout=timeout)


THUNDERBIRD_ARGV = ["/home/x/.mozilla/native-messaging-hosts/followup_guard.json", nh.EXTENSION_ID]


def test_process_survives_garbage_and_exits_at_eof(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "followup_guard.bridges.native_host", *THUNDERBIRD_ARGV]
    data = (
        frame(b"\x00\x01garbage")
        + frame(b"{}")
        + frame({"id": 1, "method": "nope"})
        + frame(b"[" * 50000)
    )
    res = run_host(cmd, data, host_env(tmp_path))
    assert res.returncode == 0, res.stderr.decode()
    replies = parse_frames(res.stdout)
    assert [r["error"]["code"] for r in replies] == ["bad-request"] * 4


def test_process_refuses_an_absurd_length_and_exits(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "followup_guard.bridges.native_host", *THUNDERBIRD_ARGV]
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=host_env(tmp_path),
    )
    # stdin stays open: the host must not wait for 4 GB that never come.
    proc.stdin.write(HEADER.pack(0xFFFFFFF0))
    proc.stdin.flush()
    try:
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1
    replies = parse_frames(out)
    assert replies[0]["error"]["code"] == "too-large"


def test_process_reports_a_config_problem_as_json(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("this is = = not toml\n")
    env = host_env(tmp_path)
    env["FOLLOWUP_GUARD_CONFIG"] = str(tmp_path / "bad.toml")
    cmd = [sys.executable, "-m", "followup_guard.bridges.native_host", *THUNDERBIRD_ARGV]
    draft = {"from": "a@b.example", "to": ["c@d.example"], "subject": "x", "body": "y"}
    res = run_host(cmd, frame({"id": 5, "method": "check", "params": draft}), env)
    assert res.returncode == 0, res.stderr.decode()
    (reply,) = parse_frames(res.stdout)
    assert reply["id"] == 5 and reply["ok"] is False
    assert reply["error"]["code"] in ("config", "internal")
    assert reply["error"]["code"] == "config", reply


# --------------------------------------------------------------------------- install


def test_install_writes_manifest_launcher_and_xpi(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data = tmp_path / "data"
    config = tmp_path / "config.toml"
    result = tb.install(home=home, data_dir=data, config_path=config)

    assert (
        result["manifest"] == home / ".mozilla" / "native-messaging-hosts" / "followup_guard.json"
    )
    manifest = json.loads(result["manifest"].read_text())
    assert manifest == {
        "name": "followup_guard",
        "description": manifest["description"],
        "path": str(result["launcher"]),
        "type": "stdio",
        "allowed_extensions": ["followup-guard@followup-guard.local"],
    }
    assert Path(manifest["path"]).is_absolute()
    assert result["launcher"].stat().st_mode & stat.S_IXUSR
    script = result["launcher"].read_text()
    assert str(config.resolve()) in script and str(data.resolve()) in script
    assert sys.executable in script

    with zipfile.ZipFile(result["xpi"]) as zf:
        names = set(zf.namelist())
        shipped = json.loads(zf.read("manifest.json"))
    expected = {
        p.relative_to(PLUGIN).as_posix()
        for p in PLUGIN.rglob("*")
        if p.is_file() and p.name != "README.md"
    }
    assert names == expected
    assert shipped["browser_specific_settings"]["gecko"]["id"] == nh.EXTENSION_ID
    # reproducible
    first = result["xpi"].read_bytes()
    assert tb.install(home=home, data_dir=data, config_path=config)["xpi"].read_bytes() == first


def test_install_takes_the_cli_paths(tmp_path: Path) -> None:
    from followup_guard.config.paths import Paths

    paths = Paths(config=tmp_path / "cfg" / "config.toml", data_dir=tmp_path / "store")
    result = tb.install(paths, home=tmp_path / "home", build=False)
    script = result["launcher"].read_text()
    assert result["launcher"].parent == (tmp_path / "store").resolve()
    assert f"FOLLOWUP_GUARD_CONFIG={(tmp_path / 'cfg' / 'config.toml').resolve()}" in script
    assert f"FOLLOWUP_GUARD_HOME={(tmp_path / 'store').resolve()}" in script


def test_installed_launcher_answers_like_thunderbird_expects(tmp_path: Path) -> None:
    result = tb.install(home=tmp_path / "home", data_dir=tmp_path / "data", build=False)
    assert result["xpi"] is None
    assert set(result) == {"manifest", "launcher", "xpi"}
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["HOME"] = str(tmp_path / "home")
    res = run_host(
        [str(result["launcher"]), str(result["manifest"]), nh.EXTENSION_ID],
        frame(b"garbage") + frame({"id": 1, "method": "ping"}),
        env,
    )
    assert res.returncode == 0, res.stderr.decode()
    replies = parse_frames(res.stdout)
    assert replies[0]["error"]["code"] == "bad-request"
    assert replies[1]["id"] == 1  # ok, or a config error as JSON: never garbage on stdout
