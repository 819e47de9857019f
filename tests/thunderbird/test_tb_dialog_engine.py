"""The warning dialog fed by the real engine (the native host's `check`), at three window sizes.

What a job seeker sees: each finding with their own sentence and the words marked, advice in
plain words, the findings scrolling between a fixed summary and button bar, nothing clipped.
Screenshots land in test-artifacts/thunderbird/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from followup_guard.api import open_context
from followup_guard.bridges import native_methods
from test_tb_dialog import Dialog, browser, dialog  # noqa: F401  (pytest fixtures)

pytestmark = pytest.mark.real

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "tests" / "corpus" / "config.toml"

RISKY = {
    "from": "Alex Morgan <alex.morgan@example.org>",
    "to": ["Dana Wu <dana.wu@acme.example>"],
    "cc": ["Tom Becker <tom.becker@acme.example>"],
    "bcc": [],
    "subject": "any news??",
    "body": (
        "hey Dana,\n\nJust checking if u decided yet?? I really need this job, I am begging "
        "you. If I don't hear back by tomorrow I will call every day until someone answers!!! "
        "Frankly the whole process has been a joke and I deserve better than this.\n\n"
        "Thank you for [Company]'s time.\n\nAlex"
    ),
    "isPlainText": True,
}
SIZES = [(420, 480), (620, 600), (1000, 760)]


def engine_data(tmp_path: Path, draft: dict[str, Any]) -> dict[str, Any]:
    ctx = open_context(CONFIG, tmp_path / "data")
    try:
        result = native_methods.handle_check(ctx, draft)
    finally:
        ctx.close()
    return {"mode": "findings", "draft": draft, **result}


@pytest.fixture(scope="module")
def risky(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data = engine_data(tmp_path_factory.mktemp("engine"), RISKY)
    assert len(data["findings"]) >= 6, data["findings"]
    return data


def test_each_spanned_finding_shows_its_sentence_with_the_words_marked(
    dialog: Dialog,  # noqa: F811
    risky: dict[str, Any],
) -> None:
    dialog.open(risky)
    shown = dialog.d.execute(
        "return [...document.querySelectorAll('.finding')].map(c => ({"
        " rule: c.dataset.rule,"
        " quote: c.querySelector('.excerpt') ? c.querySelector('.excerpt').textContent : null,"
        " mark: c.querySelector('.excerpt mark') ? c.querySelector('.excerpt mark').textContent"
        " : null}));"
    )
    with_span = [f for f in risky["findings"] if f.get("span")]
    assert with_span, "the engine gave no spans"
    quoted = [s for s in shown if s["quote"]]
    assert len(quoted) == len(with_span)
    body = RISKY["body"]
    for card in quoted:
        assert card["mark"], card
        assert card["mark"] in body, card
        assert card["quote"].strip("\u2026") in body, card
    marks = {s["mark"] for s in quoted}
    assert any("begging" in m or "need this job" in m for m in marks), marks
    dialog.shot("engine-findings.png")


def test_advice_is_in_plain_words_and_points_to_rules_explain(
    dialog: Dialog,  # noqa: F811
    risky: dict[str, Any],
) -> None:
    dialog.open(risky)
    texts = dialog.d.execute(
        "return [...document.querySelectorAll('.finding')].map(c => c.textContent);"
    )
    for text in texts:
        assert not re.search(r"\(\s*0\d\d\b", text), f"article number in: {text}"
    ids = dialog.d.execute(
        "return [...document.querySelectorAll('.rule-id code')].map(c => c.textContent);"
    )
    assert ids and all(i.startswith("followup-guard rules explain ") for i in ids)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_nothing_is_clipped_and_the_findings_scroll(
    dialog: Dialog,  # noqa: F811
    risky: dict[str, Any],
    size: tuple[int, int],
) -> None:
    d = dialog.d
    w, h = size
    d.cdp(
        "Emulation.setDeviceMetricsOverride",
        {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        dialog.open(risky)
        layout = d.execute(
            "const r = (id) => document.getElementById(id).getBoundingClientRect();"
            "const body = document.getElementById('body');"
            "return {vw: innerWidth, vh: innerHeight,"
            " edit: r('edit'), send: r('send'), summary: r('summary'), title: r('title'),"
            " scrollW: document.documentElement.scrollWidth,"
            " bodyScroll: body.scrollHeight, bodyClient: body.clientHeight,"
            " docScroll: document.documentElement.scrollHeight};"
        )
        for key in ("edit", "send", "summary", "title"):
            box = layout[key]
            assert box["top"] >= 0 and box["bottom"] <= layout["vh"] + 0.5, (key, box, layout)
            assert box["left"] >= 0 and box["right"] <= layout["vw"] + 0.5, (key, box, layout)
        assert layout["scrollW"] <= layout["vw"], "the dialog scrolls sideways"
        assert layout["docScroll"] <= layout["vh"] + 1, "the page, not the findings, scrolls"
        dialog.shot(f"engine-findings-{w}x{h}.png")
        if layout["bodyScroll"] > layout["bodyClient"]:
            # Scroll the findings to the end: the buttons stay where they were.
            before = d.execute(
                "return document.getElementById('edit').getBoundingClientRect().top;"
            )
            d.execute("const b = document.getElementById('body'); b.scrollTop = b.scrollHeight;")
            after = d.execute("return document.getElementById('edit').getBoundingClientRect().top;")
            assert before == after
            last = d.execute(
                "const c = [...document.querySelectorAll('.finding')].pop().getBoundingClientRect();"
                "const b = document.getElementById('body').getBoundingClientRect();"
                "return [c.bottom, b.bottom];"
            )
            assert last[0] <= last[1] + 1, "the last finding cannot be scrolled into view"
            dialog.shot(f"engine-findings-{w}x{h}-scrolled.png")
    finally:
        d.cdp("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize(
    ("code", "needle"),
    [
        ("host", "followup-guard install thunderbird"),
        ("timeout", "followup-guard doctor"),
        ("config", "followup-guard doctor"),
        ("internal", "followup-guard doctor"),
    ],
)
def test_could_not_check_says_how_to_fix_it(
    dialog: Dialog,  # noqa: F811
    code: str,
    needle: str,
) -> None:
    dialog.open(
        {
            "mode": "unavailable-held",
            "reason": "the followup-guard helper is not available (No such native application)",
            "code": code,
            "draft": {"to": ["Dana Wu <dana.wu@acme.example>"], "subject": "Thank you"},
        }
    )
    fix = dialog.d.text(dialog.d.find("#how-to-fix"))
    assert needle in fix
    if code == "host":
        dialog.shot("notice-how-to-fix.png")
