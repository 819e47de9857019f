"""Shared test helpers and fixtures.

* ``require_tool(name)``: path of an external program; missing means skip locally, fail under CI.
* ``free_port()``: a currently free TCP port on 127.0.0.1.
* fixtures ``tmp_home``, ``dovecot`` (a fresh real Dovecot per test), ``smtp_sink``;
  ``world_config`` (the Acme/Dana Wu world of tests/factories.py as a config file) and
  ``world_ctx`` (an API context on it with an empty store).
* Under CI (env ``CI`` non-empty) every skip is a failure unless its reason starts with
  ``not-applicable:`` (e.g. ``pytest.skip("not-applicable: macOS only")``).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from servers import free_port

__all__ = ["NOT_APPLICABLE", "free_port", "in_ci", "require_module", "require_tool"]

NOT_APPLICABLE = "not-applicable:"
_EXTRA_PATH = ("/usr/local/sbin", "/usr/sbin", "/sbin")


def in_ci() -> bool:
    return bool(os.environ.get("CI"))


def _missing(what: str) -> NoReturn:
    if in_ci():
        pytest.fail(f"{what} is missing (CI is set, so this fails instead of skipping)",
                    pytrace=False)  # fmt: skip
    pytest.skip(what + " is missing")


def require_tool(name: str) -> str:
    """Absolute path of program ``name`` (PATH, then the sbin dirs); skip, or fail under CI."""
    path = os.environ.get("PATH", os.defpath) + os.pathsep + os.pathsep.join(_EXTRA_PATH)
    found = shutil.which(name, path=path)
    if found is None:
        _missing(f"required tool {name!r}")
    return found


def require_module(name: str):
    """Import module ``name``; skip, or fail under CI, when it is not installed."""
    try:
        return __import__(name)
    except ImportError:
        _missing(f"Python module {name!r}")


# --------------------------------------------------------------------------- empty data globs

REPO = Path(__file__).resolve().parents[1]
TESTS = str(REPO / "tests") + os.sep


class EmptyDataGlob(AssertionError):
    """A glob over the repository's own files matched nothing: the data a test needs is gone."""


def _guard_data_globs() -> None:
    """Make every Path.glob / Path.rglob rooted in this repository fail when it matches nothing,
    during collection and in tests alike, so a test whose fixtures went missing (or whose
    pattern is wrong) fails instead of passing over zero cases. Globs elsewhere (tmp_path, a
    program's output) and globs in the product's code are left alone."""
    import pathlib

    def in_repo(path: pathlib.Path) -> bool:
        try:
            return path.resolve().is_relative_to(REPO)
        except (OSError, ValueError):
            return False

    def wrap(original):  # type: ignore[no-untyped-def]
        if getattr(original, "_empty_guard", False):
            return original

        def guarded(self, pattern, *args, **kwargs):  # type: ignore[no-untyped-def]
            found = list(original(self, pattern, *args, **kwargs))
            # Only globs written in the tests: the product's own globs behave as in use.
            caller = sys._getframe(1).f_code.co_filename
            if not found and caller.startswith(TESTS) and in_repo(self):
                raise EmptyDataGlob(
                    f"{original.__name__}({pattern!r}) in {self} matched nothing: the files "
                    "this test reads are missing (ship them under tests/data) or the pattern "
                    "is wrong"
                )
            return iter(found)

        guarded._empty_guard = True  # type: ignore[attr-defined]
        return guarded

    pathlib.Path.glob = wrap(pathlib.Path.glob)  # type: ignore[method-assign]
    pathlib.Path.rglob = wrap(pathlib.Path.rglob)  # type: ignore[method-assign]


_guard_data_globs()


# --------------------------------------------------------------------------- CI: skip = failure

_reports_key = pytest.StashKey[dict]()  # when ("setup"/"call"/"teardown") -> TestReport


def _skip_reason(longrepr: object) -> str:
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])
    else:
        reason = str(longrepr)
    return reason.removeprefix("Skipped: ")


def _forbidden_skip(report: pytest.TestReport | pytest.CollectReport) -> str | None:
    if not (in_ci() and report.skipped) or hasattr(report, "wasxfail"):
        return None
    reason = _skip_reason(report.longrepr)
    return None if reason.startswith(NOT_APPLICABLE) else reason


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    reason = _forbidden_skip(report)
    if reason is not None:
        report.outcome = "failed"
        report.longrepr = (
            f"skipped under CI, which counts as a failure: {reason}\n"
            f"(use a reason starting with {NOT_APPLICABLE!r} for tests that cannot apply here)"
        )
    item.stash.setdefault(_reports_key, {})[report.when] = report


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):
    outcome = yield
    report: pytest.CollectReport = outcome.get_result()
    reason = _forbidden_skip(report)
    if reason is not None:
        report.outcome = "failed"
        report.longrepr = f"module skipped under CI, which counts as a failure: {reason}"


def _test_failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_reports_key, {})
    return any(r.failed for r in reports.values())


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def tmp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty directory used as FOLLOWUP_GUARD_HOME and XDG_CONFIG_HOME.

    XDG_DATA_HOME, XDG_STATE_HOME and XDG_CACHE_HOME point below it too, so nothing a test runs
    can reach the real user's files.
    """
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("FOLLOWUP_GUARD_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state"),
                     ("XDG_CACHE_HOME", "cache")):  # fmt: skip
        monkeypatch.setenv(var, str(home / sub))
    return home


@pytest.fixture
def world_config(tmp_path: Path) -> Path:
    """The test world's config (``factories.CORPUS_CONFIG``), in a fresh directory."""
    from factories import CORPUS_CONFIG

    cfg = tmp_path / "world" / "config.toml"
    cfg.parent.mkdir()
    cfg.write_text(CORPUS_CONFIG.read_text())
    return cfg


@pytest.fixture
def world_ctx(world_config: Path) -> Iterator:
    """``followup_guard.api.Context`` on the world's config, with an empty store."""
    from followup_guard.api import open_context

    with open_context(world_config, world_config.parent / "data") as ctx:
        yield ctx


@pytest.fixture
def dovecot(request: pytest.FixtureRequest) -> Iterator:
    """A fresh, started Dovecot (``servers.dovecot.Dovecot``) with alice/secret and bob/secret."""
    dovecot_bin = require_tool("dovecot")
    doveadm_bin = require_tool("doveadm")
    openssl_bin = require_tool("openssl")
    from servers.dovecot import Dovecot

    server = Dovecot(dovecot_bin=dovecot_bin, doveadm_bin=doveadm_bin, openssl_bin=openssl_bin)
    try:
        server.start()
        yield server
    finally:
        if _test_failed(request):
            sys.stderr.write(f"--- Dovecot log ({server.log_file}):\n{server.log_tail(60)}\n")
        server.cleanup()


@pytest.fixture
def smtp_sink() -> Iterator:
    """A started ``servers.smtp_sink.SmtpSink`` on 127.0.0.1 (``.host``, ``.port``)."""
    require_module("aiosmtpd")
    from servers.smtp_sink import SmtpSink

    with SmtpSink() as sink:
        yield sink
