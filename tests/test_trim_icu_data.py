"""packaging/trim_icu_data.py: the bundle's ICU data keeps what Qt reads and nothing else.

The trimmed library is built from the installed PySide6's own and loaded in place of it
(LD_PRELOAD: a library already loaded under a soname is the one the dynamic linker uses),
then Qt's four uses of ICU are run against it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "trim_icu_data", ROOT / "packaging" / "trim_icu_data.py"
)
assert _spec is not None
assert _spec.loader is not None
trim_icu_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trim_icu_data)

pytestmark = pytest.mark.subprocess

# What QtCore asks of ICU, run in a process that loads the trimmed data.
PROBE = """
from PySide6.QtCore import QLocale, QStringDecoder, QTimeZone
from PySide6.QtWidgets import QApplication, QLineEdit
from booxi_desktop.ui.self_test import check_sorting, check_text

app = QApplication([])
check_text(QLineEdit())
check_sorting()
paris = QTimeZone(b"Europe/Paris")
standard, long = QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName
print(QLocale("tr_TR").toUpper("istanbul"))
print(QLocale("el_GR").toUpper("άλφα"))
print(paris.displayName(standard, long, QLocale("fr_FR")))
print(paris.displayName(standard, long, QLocale("ja_JP")))
print(QStringDecoder("UTF-16BE").isValid(), QStringDecoder("Shift_JIS").isValid())
"""


def installed_icu_data() -> Path:
    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 ships no ICU data library (not Linux)")
    return found[0]


@pytest.fixture(scope="module")
def trimmed(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    source = installed_icu_data()
    tools = os.environ.get("PATH", "") + os.pathsep + "/usr/sbin"
    if shutil.which("icupkg", path=tools) is None or shutil.which("gcc") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI installs icu-devtools and gcc (scripts/install-system-deps.sh)")
        pytest.skip("icupkg (icu-devtools) or gcc is not installed")
    work = tmp_path_factory.mktemp("icu")
    output = work / source.name
    dropped = trim_icu_data.trim(source, output, work / "work")
    return source, output, dropped


def test_the_trimmed_library_has_the_same_soname_and_symbol_and_is_smaller(trimmed):
    source, output, _dropped = trimmed
    before, after = trim_icu_data.DataLibrary(source), trim_icu_data.DataLibrary(output)
    version = source.name.rsplit(".", 1)[1]
    assert (before.soname, before.symbol) == (source.name, f"icudt{version}_dat")
    assert (after.soname, after.symbol) == (before.soname, before.symbol)
    assert output.stat().st_size < source.stat().st_size // 2
    assert len(after.data()) < len(before.data())


def test_it_drops_what_qt_never_reads_and_keeps_what_it_does(trimmed):
    _source, output, dropped = trimmed
    package = output.parent / "work" / f"{trim_icu_data.DataLibrary(output).package_name}.dat"
    kept = trim_icu_data.list_items(package)
    assert set(kept).isdisjoint(dropped)
    assert set(trim_icu_data.REQUIRED) <= set(kept)
    assert "brkitr/cjdict.dict" in dropped
    assert not [item for item in kept if item.startswith(("brkitr/", "lang/", "translit/"))]
    assert [item for item in kept if item.startswith("coll/")]
    assert [item for item in kept if item.startswith("zone/")]


def test_the_build_is_reproducible(trimmed, tmp_path):
    source, output, _dropped = trimmed
    again = tmp_path / source.name
    trim_icu_data.trim(source, again, tmp_path / "work")
    assert again.read_bytes() == output.read_bytes()


def test_a_pattern_that_would_drop_required_data_fails_the_build(monkeypatch):
    monkeypatch.setitem(trim_icu_data.DROPPED, "coll/*", "an over-eager trim")
    with pytest.raises(trim_icu_data.TrimError, match=r"coll/root\.res"):
        trim_icu_data.dropped_items(["root.res", "coll/root.res", *trim_icu_data.REQUIRED])


def test_qt_text_handling_works_on_the_trimmed_data(trimmed):
    _source, output, _dropped = trimmed
    env = {
        **os.environ,
        "LD_PRELOAD": str(output),
        "PYTHONPATH": os.pathsep.join(sys.path),
        "QT_QPA_PLATFORM": "offscreen",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    turkish, greek, french, japanese, decoders = done.stdout.splitlines()
    assert turkish == "İSTANBUL"  # ICU's Turkish case mapping, not the default "ISTANBUL"
    assert greek == "ΑΛΦΑ"  # Greek upper case drops the accent
    # Time zone names from ICU's zone data, not the "GMT+01:00" it falls back to without.
    assert "Europe centrale" in french
    assert "ヨーロッパ" in japanese
    # The converters ICU computes stay; its tables are gone: the trimmed data is what loaded.
    assert decoders == "True False"
