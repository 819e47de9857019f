"""`web-ext lint` on the Thunderbird add-on, with the known Thunderbird-only warnings filtered.

web-ext lints against Firefox's schemas, so it flags Thunderbird's own permissions
(MANIFEST_PERMISSIONS), Thunderbird APIs (UNSUPPORTED_API for compose.*, messages.*,
accounts.*) and the Firefox-only data_collection_permissions key
(MISSING_DATA_COLLECTION_PERMISSIONS; thunderbird/developer-docs#246). Everything
else fails the test. Install web-ext with `npm install -g web-ext`.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import require_tool

pytestmark = pytest.mark.real

PLUGIN = Path(__file__).resolve().parents[2] / "plugins" / "thunderbird"

THUNDERBIRD_PERMISSIONS = {
    "accountsRead",
    "accountsFolders",
    "accountsIdentities",
    "addressBooks",
    "compose",
    "compose.save",
    "compose.send",
    "messagesRead",
    "messagesModify",
    "messagesMove",
    "messagesDelete",
    "messagesTags",
    "messagesImport",
    "sensitiveDataUpload",
}
THUNDERBIRD_NAMESPACES = {
    "accounts",
    "addressBooks",
    "compose",
    "composeAction",
    "folders",
    "identities",
    "mailTabs",
    "messageDisplay",
    "messageDisplayAction",
    "messages",
    "spaces",
}


def is_known_thunderbird_warning(item: dict) -> bool:
    code = item.get("code")
    message = item.get("message", "")
    if code == "MISSING_DATA_COLLECTION_PERMISSIONS":
        return True
    if code == "MANIFEST_PERMISSIONS":
        m = re.search(r'Invalid permissions "([^"]+)"', message)
        return bool(m) and m.group(1) in THUNDERBIRD_PERMISSIONS
    if code == "UNSUPPORTED_API":
        m = re.match(r"(\w+)\.\w+ is not supported", message)
        return bool(m) and m.group(1) in THUNDERBIRD_NAMESPACES
    return False


def test_web_ext_lint_is_clean_but_for_thunderbird_apis(tmp_path: Path) -> None:
    web_ext = require_tool("web-ext")
    res = subprocess.run(
        [web_ext, "lint", "--source-dir", str(PLUGIN), "--output", "json",
         "--no-config-discovery", "--no-input"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    try:
        report = json.loads(res.stdout)
    except ValueError:
        pytest.fail(f"web-ext lint gave no JSON (exit {res.returncode}):\n{res.stdout}{res.stderr}")
    problems = [
        f"{kind}: {item.get('code')} {item.get('file')}: {item.get('message')}"
        for kind in ("errors", "warnings", "notices")
        for item in report.get(kind, [])
        if not (kind == "warnings" and is_known_thunderbird_warning(item))
    ]
    assert problems == []
    assert report["summary"]["errors"] == 0
