"""What ships beside the code: one app id, one version, the desktop files and the licence."""

from __future__ import annotations

import configparser
import importlib.metadata
import os
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import pytest

import booxi_desktop
from booxi_desktop import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "resources"
# Where the wheel installs each of them, under its prefix: the XDG data folders.
XDG = {
    f"{APP_ID}.desktop": "share/applications",
    f"{APP_ID}.metainfo.xml": "share/metainfo",
    f"{APP_ID}.svg": "share/icons/hicolor/scalable/apps",
}


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(DATA.joinpath(f"{APP_ID}.desktop").read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.fromstring(DATA.joinpath(f"{APP_ID}.metainfo.xml").read_bytes())


def test_one_app_id_for_desktop_file_icon_and_appstream():
    assert APP_ID == "com.booxi.desktop.BooxiDesktop"
    assert DATA.joinpath(f"{APP_ID}.desktop").is_file()
    assert DATA.joinpath(f"{APP_ID}.svg").is_file()
    assert desktop_entry()["Icon"] == APP_ID
    root = metainfo()
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None
    assert (launchable.get("type"), launchable.text) == ("desktop-id", f"{APP_ID}.desktop")


def test_desktop_entry_starts_the_installed_app():
    entry = desktop_entry()
    assert entry["Exec"].split()[0] == APP_NAME
    assert entry["Type"] == "Application"
    binaries = {b.text for b in metainfo().iter("binary")}
    assert binaries == {"booxi-desktop", "booxi-link"}


def test_only_one_copy_of_the_desktop_files_in_the_tree():
    names = {f"{APP_ID}.desktop", f"{APP_ID}.metainfo.xml", f"{APP_ID}.svg", "booxi-desktop.svg"}
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    found = sorted(p for p in tracked if Path(p).name in names)
    assert found == sorted(f"resources/{n}" for n in names if n != "booxi-desktop.svg")


def test_version_is_written_once_and_read_by_the_build():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    dynamic = project["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "booxi_desktop.__version__"}
    assert __version__ == booxi_desktop.__version__
    assert __version__.count(".") == 2


def test_installed_metadata_agrees_with_the_code():
    try:
        installed = importlib.metadata.version("booxi-desktop")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("booxi-desktop is not installed in this environment")
    assert installed == __version__


def test_licence_file_matches_the_declared_licence():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_wheel_installs_the_desktop_files_where_desktops_look():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    mapping = setuptools["data-files"]
    installed = {(folder, source) for folder, sources in mapping.items() for source in sources}
    assert installed == {(folder, f"resources/{name}") for name, folder in XDG.items()}
    assert sorted(p.name for p in DATA.iterdir()) == sorted(XDG)
    # Not package data: nothing in the app reads them, and the package holds no copy.
    assert setuptools["package-data"]["booxi_desktop"] == ["py.typed"]
    assert not files("booxi_desktop").joinpath("data").is_dir()


def test_the_sample_events_are_package_data():
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]
    assert package_data["booxi_desktop.core.webhook.samples"] == ["*.json", "*.csv"]
    samples = files("booxi_desktop").joinpath("core", "webhook", "samples")
    assert samples.joinpath("single_booking.json").is_file()


@pytest.mark.parametrize(
    ("tool", "args", "name"),
    [
        ("desktop-file-validate", [], f"{APP_ID}.desktop"),
        ("appstreamcli", ["validate", "--no-net"], f"{APP_ID}.metainfo.xml"),
    ],
)
def test_desktop_files_pass_their_validators(tool, args, name):
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (scripts/install-system-deps.sh installs it)")
    done = subprocess.run(
        [tool, *args, str(DATA.joinpath(name))], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout.lower(), done.stdout


def desktop_entry_script(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "desktop-entry.sh"), *args],
        env={**os.environ, "XDG_DATA_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_install_desktop_puts_entry_icon_and_metainfo_for_the_user(tmp_path):
    home = tmp_path / "share"
    command = tmp_path / "bin" / "booxi-desktop"
    command.parent.mkdir()
    command.write_text("#!/bin/sh\n")
    command.chmod(0o755)
    done = desktop_entry_script(home, "install", str(command))
    assert done.returncode == 0, done.stderr
    entry = home / "applications" / f"{APP_ID}.desktop"
    assert f"Exec={command}\n" in entry.read_text(encoding="utf-8")
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert icon.read_bytes() == DATA.joinpath(f"{APP_ID}.svg").read_bytes()
    assert (home / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert not list(home.rglob(".*.tmp"))
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate", str(entry)], check=False)
        assert checked.returncode == 0

    assert desktop_entry_script(home, "uninstall").returncode == 0
    assert not entry.exists()
    assert not icon.exists()


@pytest.mark.parametrize("name", ["missing", "with space"])
def test_install_desktop_refuses_a_command_it_cannot_name(tmp_path, name):
    command = tmp_path / name
    if name != "missing":
        command.write_text("#!/bin/sh\n")
        command.chmod(0o755)
    done = desktop_entry_script(tmp_path / "share", "install", str(command))
    assert done.returncode != 0
    assert not (tmp_path / "share" / "applications").exists()
