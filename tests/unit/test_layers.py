"""The layer map of docs/architecture.md, enforced: no module imports from a higher layer.

Every import of the package counts, wherever it is written: at the top, inside a function (a
lazy import), or under ``TYPE_CHECKING``. Entry points (``__main__`` modules) sit on top of
everything and are exempt.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fgtest import REPO

PACKAGE = REPO / "daemon" / "followup_guard"

# Lowest first; a module may import from its own layer and the layers below it. The key is
# the first name below ``followup_guard`` ("" is the package itself).
LAYERS: dict[str, int] = {
    # small shared helpers, importing nothing of the package
    "": 0,
    "textdist": 0,
    "wire": 0,
    "config": 1,  # the config: model, loading and validation, paths
    "progname": 1,  # how to name the command in what is printed (asks config.paths)
    "mail": 2,  # parsing, the user's own words, fingerprints
    "sources": 3,  # where messages come from (IMAP, Maildir, files) → a Recorder
    "store": 4,  # SQLite: the only place with SQL
    "record": 5,  # the record of contacts: recording, matching, history, schedule, reminders
    "checks": 6,  # the rules and the engine
    "api": 7,  # the small public API
    "client": 7,  # the light client `check` uses to ask the daemon
    "demo": 7,  # the embedded demo's config and mail
    "service": 8,  # the daemon
    "bridges": 9,  # what the client plugins talk to
    "cli": 10,  # the command line
}

# Imports that break the map today, each with the change that removes it. The test fails if
# one of them is gone, so the list only ever shrinks.
KNOWN: dict[tuple[str, str], str] = {}


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(root: Path, path: Path) -> set[str]:
    """Every module of the package that ``path`` imports, anywhere in its code."""
    name = module_name(root, path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target == root.name or target.startswith(root.name + "."):
                found.add(target)
                # ``from . import x`` imports the module x when there is one.
                for alias in node.names:
                    sub = root.parent / (target.replace(".", "/") + "/" + alias.name)
                    if sub.with_suffix(".py").is_file() or (sub / "__init__.py").is_file():
                        found.add(f"{target}.{alias.name}")
        elif isinstance(node, ast.Import):
            found.update(
                a.name
                for a in node.names
                if a.name == root.name or a.name.startswith(root.name + ".")
            )
    return found


def layer_of(module: str, layers: dict[str, int]) -> tuple[str, int]:
    parts = module.split(".")
    key = parts[1] if len(parts) > 1 else ""
    if key not in layers:
        raise KeyError(f"{module}: its folder {key!r} has no layer in the map")
    return key, layers[key]


def violations(root: Path, layers: dict[str, int]) -> list[tuple[str, str, str]]:
    """(importer, imported, why) for every import from a higher layer."""
    out = []
    for path in sorted(root.rglob("*.py")):
        importer = module_name(root, path)
        if importer.endswith("__main__"):
            continue
        key, rank = layer_of(importer, layers)
        for target in sorted(imports_of(root, path)):
            tkey, trank = layer_of(target, layers)
            if trank > rank:
                out.append((importer, target, f"{key or 'package'} imports {tkey}, a higher layer"))
    return out


def test_no_module_imports_from_a_higher_layer() -> None:
    found = violations(PACKAGE, LAYERS)
    new = [f"{a} → {b}: {why}" for a, b, why in found if (a, b) not in KNOWN]
    assert not new, "imports against docs/architecture.md's layer map:\n" + "\n".join(new)
    gone = set(KNOWN) - {(a, b) for a, b, _ in found}
    assert not gone, f"no longer imported, remove from KNOWN: {sorted(gone)}"


def test_every_folder_has_a_layer() -> None:
    for path in PACKAGE.rglob("*.py"):
        name = module_name(PACKAGE, path)
        if not name.endswith("__main__"):  # entry points sit on top of everything
            layer_of(name, LAYERS)


def test_the_map_is_the_one_documented() -> None:
    doc = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    for key in LAYERS:
        if key and not key.startswith("_") and key != "wire":
            assert f"`{key}" in doc, f"docs/architecture.md does not place {key!r}"


@pytest.mark.parametrize(
    ("source", "lazy"),
    [("from ..checks.engine import check\n", False), ("def f():\n    from ..api import x\n", True)],
)
def test_a_higher_import_is_caught(tmp_path: Path, source: str, lazy: bool) -> None:
    pkg = tmp_path / "followup_guard"
    for sub in ("sources", "checks"):
        (pkg / sub).mkdir(parents=True)
        (pkg / sub / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "api.py").write_text("x = 1\n")
    (pkg / "checks" / "engine.py").write_text("def check(): ...\n")
    (pkg / "sources" / "imap.py").write_text(source)
    found = violations(pkg, LAYERS)
    assert [(a, b) for a, b, _ in found] == [
        (
            "followup_guard.sources.imap",
            "followup_guard.api" if lazy else "followup_guard.checks.engine",
        )
    ]


def test_every_import_of_the_package_resolves() -> None:
    """Lazy imports run only when their function does: a renamed module or name would go
    unnoticed until a user hits that path (``doctor`` with an IMAP account, say)."""
    import importlib

    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(PACKAGE, path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not target.startswith("followup_guard"):
                continue
            module = importlib.import_module(target)
            for alias in node.names:
                if not hasattr(module, alias.name):
                    try:
                        importlib.import_module(f"{target}.{alias.name}")
                    except ImportError:
                        missing.append(f"{name}: from {target} import {alias.name}")
    assert not missing, "\n".join(missing)
