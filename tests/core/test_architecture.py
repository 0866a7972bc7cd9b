"""Dependencies point one way: ui -> core and sandbox -> core, never core -> Qt or ui."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import booxi_desktop

PACKAGE = Path(booxi_desktop.__file__).parent
FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "qasync", "booxi_desktop.ui")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _offenders(folder: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for name in _imports(path):
            if name.startswith(FORBIDDEN):
                found.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return found


def _core_modules() -> list[str]:
    core = PACKAGE / "core"
    return sorted(
        ".".join(p.relative_to(core).with_suffix("").parts)
        for p in core.rglob("*.py")
        if p.name != "__init__.py"
    )


def test_core_modules_exist_to_check() -> None:
    assert len(_core_modules()) >= 8
    assert "link.model" in _core_modules()


def test_core_never_imports_qt_or_ui() -> None:
    assert _offenders("core") == []


def test_sandbox_and_cli_never_import_qt_or_ui() -> None:
    assert _offenders("sandbox") == []
    assert _offenders("cli") == []


def test_importing_all_of_core_loads_no_qt() -> None:
    modules = _core_modules()
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('booxi_desktop.core.' + m)\n"
        "import booxi_desktop.cli.main\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt6', 'shiboken6')]\n"
        "print(len(sys.modules), bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
