"""Qt is imported only in linkworker/ui: the rest of the app runs without a window."""

from __future__ import annotations

import ast
from pathlib import Path

import linkworker

PACKAGE = Path(linkworker.__file__).parent


def qt_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [n for n in names if n.split(".")[0] in {"PySide6", "shiboken6", "pytestqt"}]
    return found


def test_only_the_ui_package_imports_qt() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): qt_imports(path)
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts[:1] and qt_imports(path)
    }
    assert offenders == {}


def test_the_ui_does_import_qt() -> None:
    assert qt_imports(PACKAGE / "ui" / "main_window.py")
