"""Only the app's entry point knows the concrete window; controllers see ui.host.Workbench."""

from __future__ import annotations

import ast
from pathlib import Path

import booxi_desktop

PACKAGE = Path(booxi_desktop.__file__).parent
WINDOW = "booxi_desktop.ui.main_window"
ENTRY_POINT = "booxi_desktop.ui.app"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, package: str) -> set[str]:
    """Every module a file of ``package`` imports: at the top, under TYPE_CHECKING or in a
    function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found.add(base)
            # "from booxi_desktop.ui import main_window" names the module too.
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def importers_of(module: str) -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        if name != module and module in imported_modules(path.read_text("utf-8"), package):
            found.add(name)
    return found


def test_only_the_entry_point_imports_the_main_window() -> None:
    assert importers_of(WINDOW) == {ENTRY_POINT}


def test_the_check_sees_every_form_of_import() -> None:
    probes = {
        "plain": "import booxi_desktop.ui.main_window\n",
        "from_package": "from booxi_desktop.ui import main_window\n",
        "relative": "from ..main_window import MainWindow\n",
        "type_checking": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from booxi_desktop.ui.main_window import MainWindow\n"
        ),
        "in_function": "def f():\n    from booxi_desktop.ui.main_window import MainWindow\n",
    }
    for label, source in probes.items():
        assert WINDOW in imported_modules(source, "booxi_desktop.ui.save"), label
    host = (PACKAGE / "ui" / "host.py").read_text("utf-8")
    assert WINDOW not in imported_modules(host, "booxi_desktop.ui")
