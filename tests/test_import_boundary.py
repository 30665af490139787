"""The layers stay apart: the domain and the store run without Qt, and depend only downwards.

The rules are checked on the source (every ``import`` and ``from ... import``, at any depth, plus
``importlib.import_module("...")`` with a literal name), so a lazy import inside a function counts.
"""

from __future__ import annotations

import ast
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import PYTHON, REPO_ROOT, subprocess_env

PACKAGE = REPO_ROOT / "linkworker"
QT = ("PySide6", "shiboken6")
NO_QT_LAYERS = ("store", "care", "sync", "server", "reports")
RULES: dict[str, tuple[str, ...]] = {
    # layer: what it must not import (besides Qt)
    "care": ("linkworker.store", "linkworker.sync", "linkworker.ui", "linkworker.server",
             "linkworker.reports"),
    "store": ("linkworker.ui", "linkworker.sync"),
}  # fmt: skip


@dataclass(frozen=True)
class Import:
    file: str
    line: int
    module: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: imports {self.module}"


def _module_of(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(path: Path, root: Path = PACKAGE) -> Iterator[Import]:
    """Every module the file imports, with relative imports resolved against ``root``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    try:
        shown = str(path.relative_to(REPO_ROOT))
    except ValueError:
        shown = str(path)
    package = _module_of(path, root)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(shown, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield Import(shown, node.lineno, module)
            for alias in node.names:  # "from linkworker import ui" imports linkworker.ui
                yield Import(shown, node.lineno, f"{module}.{alias.name}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield Import(shown, node.lineno, node.args[0].value)


def _is_under(module: str, banned: tuple[str, ...]) -> bool:
    return any(module == b or module.startswith(b + ".") for b in banned)


def violations(folder: Path, banned: tuple[str, ...], root: Path = PACKAGE) -> list[Import]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        found.extend(imp for imp in imports_in(path, root) if _is_under(imp.module, banned))
    return sorted(set(found), key=lambda i: (i.file, i.line, i.module))


def _report(found: list[Import]) -> str:
    return "\n".join(str(i) for i in found)


def _existing_layers() -> list[Path]:
    return [PACKAGE / name for name in NO_QT_LAYERS if (PACKAGE / name).is_dir()]


def test_the_domain_and_store_layers_are_really_checked() -> None:
    for layer in ("care", "store"):
        assert len(list((PACKAGE / layer).rglob("*.py"))) >= 3
    assert any(imp.module == "linkworker.care.hlc"
               for imp in imports_in(PACKAGE / "store" / "capture.py"))  # fmt: skip


def test_no_layer_below_the_ui_imports_qt() -> None:
    found = [v for layer in _existing_layers() for v in violations(layer, QT)]
    assert not found, "Qt imported outside the UI:\n" + _report(found)


def test_the_domain_rules_import_no_other_layer() -> None:
    found = violations(PACKAGE / "care", RULES["care"])
    assert not found, "linkworker.care must stay pure:\n" + _report(found)


def test_the_store_imports_neither_the_ui_nor_sync() -> None:
    found = violations(PACKAGE / "store", RULES["store"])
    assert not found, "linkworker.store reaches up a layer:\n" + _report(found)


def test_the_shared_sync_rules_need_nothing_but_the_domain() -> None:
    """The server shares protocol and merge, so they must not need the laptop's database."""
    banned = ("linkworker.store", "linkworker.ui", "linkworker.server", "linkworker.reports")
    found = []
    for name in ("protocol.py", "merge.py"):
        found.extend(i for i in imports_in(PACKAGE / "sync" / name) if _is_under(i.module, banned))
    assert not found, "sync's shared modules reach into a layer:\n" + _report(found)


def test_the_store_and_domain_load_without_qt(tmp_path: Path) -> None:
    """The same rule at run time, through every third-party import as well."""
    script = (
        "import sys, linkworker.store.vault, linkworker.store.people, linkworker.care.person, "
        "linkworker.store.migrate\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    done = subprocess.run(
        [PYTHON, "-c", script], env=subprocess_env(tmp_path), capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    assert done.stdout.strip() == "[]"


def test_the_check_finds_qt_and_upward_imports_and_says_where(tmp_path: Path) -> None:
    root = tmp_path / "linkworker"
    care = root / "care"
    care.mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (care / "__init__.py").write_text("")
    (care / "bad.py").write_text(
        "import os\n"
        "from PySide6 import QtCore\n"
        "import shiboken6\n"
        "\n"
        "def later():\n"
        "    from PySide6.QtWidgets import QWidget\n"
        "    from ..store import vault\n"
        "    from .. import ui\n"
        "    import importlib\n"
        "    importlib.import_module('linkworker.sync.client')\n"
    )

    qt = [(i.line, i.module) for i in violations(care, QT, root)]
    assert qt == [
        (2, "PySide6"), (2, "PySide6.QtCore"), (3, "shiboken6"),
        (6, "PySide6.QtWidgets"), (6, "PySide6.QtWidgets.QWidget"),
    ]  # fmt: skip
    upward = [(i.line, i.module) for i in violations(care, RULES["care"], root)]
    assert upward == [
        (7, "linkworker.store"), (7, "linkworker.store.vault"), (8, "linkworker.ui"),
        (10, "linkworker.sync.client"),
    ]  # fmt: skip
    assert str(violations(care, QT, root)[0]).endswith("linkworker/care/bad.py:2: imports PySide6")
