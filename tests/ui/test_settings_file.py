"""The settings file is untrusted: checked before Qt opens it, moved aside if unfit, cleaned."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from booxi_desktop.ui import settings as app_settings
from booxi_desktop.ui.settings import MAX_RECENT, AppSettings

MOMENT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
ASIDE = "booxi-desktop.conf.unreadable-20260102T030405Z"

# Starts the app as ``main()`` does, up to the built window, then reports what it shows.
START = """
import json, sys
from PySide6.QtWidgets import QApplication
from booxi_desktop.ui import app
qt = QApplication(sys.argv[:1])
qt.setApplicationName(app.APP_NAME)
qt.setOrganizationName(app.APP_NAME)
window = app.build_window(app.parse_args([]))
notice = window.banner.notice
window.settings.remember_module("acme_crm")
window.settings.sync()
print(json.dumps({"notice": notice.text if notice else None,
                  "recent": window.settings.recent_modules()}))
"""


def _start_app(tmp_path: Path) -> dict[str, object]:
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", START],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def _settings_path(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / "booxi-desktop"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "booxi-desktop.conf"


@pytest.mark.subprocess
@pytest.mark.parametrize("kind", ["fifo", "huge"])
def test_a_fifo_or_huge_settings_file_is_moved_aside_with_a_notice(
    tmp_path: Path, kind: str
) -> None:
    # The old start-up blocked for ever on a FIFO and read a huge file whole.
    path = _settings_path(tmp_path)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        with open(path, "wb") as handle:
            handle.truncate(50 * 1024 * 1024)
    shown = _start_app(tmp_path)
    notice = str(shown["notice"])
    assert "settings file was not opened" in notice
    aside = [p for p in path.parent.iterdir() if p.name.startswith("booxi-desktop.conf.unread")]
    assert len(aside) == 1
    assert str(aside[0]) in notice
    kept = aside[0].lstat()
    assert stat.S_ISFIFO(kept.st_mode) if kind == "fifo" else kept.st_size == 50 * 1024 * 1024
    # The app goes on with a fresh file of its own.
    assert shown["recent"][0] == "acme_crm"  # type: ignore[index]
    assert stat.S_ISREG(path.lstat().st_mode)


@pytest.mark.subprocess
def test_a_good_settings_file_is_used_and_no_notice_shown(tmp_path: Path) -> None:
    path = _settings_path(tmp_path)
    path.write_text("[load]\nrecentModules=my_mod, other_mod\n")
    shown = _start_app(tmp_path)
    assert shown["notice"] is None
    assert shown["recent"] == ["acme_crm", "my_mod", "other_mod", "cegid_y2"]


@pytest.mark.parametrize("kind", ["link", "folder", "binary", "oversized"])
def test_unfit_settings_files_are_kept_beside_under_a_dated_name(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "booxi-desktop.conf"
    target = tmp_path / "elsewhere.conf"
    target.write_text("[region]\nlast=eu\n")
    if kind == "link":
        path.symlink_to(target)
    elif kind == "folder":
        path.mkdir()
    elif kind == "binary":
        path.write_bytes(b"[load]\x00\xff\xfe\x00")
    else:
        path.write_text("[load]\nrecentModules=" + "x" * 70_000 + "\n")
    settings, aside = app_settings.open_settings(path, clock=lambda: MOMENT)
    assert aside is not None
    assert aside.moved_to == tmp_path / ASIDE
    assert os.path.lexists(tmp_path / ASIDE)
    assert str(tmp_path / ASIDE) in aside.text
    assert target.read_text() == "[region]\nlast=eu\n"  # a link is moved, never followed
    assert settings.last_region() == ""
    settings.set_last_region("na")
    settings.sync()
    assert stat.S_ISREG(path.lstat().st_mode)


def test_a_file_that_cannot_be_moved_is_left_alone_and_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "booxi-desktop.conf"
    os.mkfifo(path)

    def refuse(*_a: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    settings, aside = app_settings.open_settings(path, clock=lambda: MOMENT)
    assert aside is not None
    assert aside.moved_to is None
    assert "session only" in aside.text
    settings.remember_module("acme_crm")
    settings.sync()
    assert settings.recent_modules()[0] == "acme_crm"
    assert stat.S_ISFIFO(path.lstat().st_mode)


def test_values_read_back_are_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    store = QSettings(str(path), QSettings.Format.IniFormat)
    hostile = [
        "good_one",
        "bell\x07",
        "\u202e2y_digec",  # a bidi override that would show reversed
        "loyalty\u200b",  # zero-width: looks like another id
        "x" * 201,
        "",
        "good_one",
        *[f"mod_{n}" for n in range(100)],
    ]
    store.setValue("load/recentModules", hostile)
    store.setValue("region/last", "mars")
    store.sync()
    settings = AppSettings(QSettings(str(path), QSettings.Format.IniFormat))
    recent = settings.recent_modules()
    assert recent[:2] == ["good_one", "mod_0"]
    assert len(recent) == MAX_RECENT + 1  # the default module is always offered too
    assert not any(m.startswith(("bell", "\u202e", "loyalty", "xxx")) for m in recent)
    assert settings.last_region() == ""
    store.setValue("region/last", "eu")
    store.sync()
    assert AppSettings(QSettings(str(path), QSettings.Format.IniFormat)).last_region() == "eu"


def test_the_settings_file_is_where_qt_keeps_the_apps_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    path = app_settings.settings_path()
    assert path == tmp_path / "config" / "booxi-desktop" / "booxi-desktop.conf"
    # The file a plain QSettings of this app would use, so the two never part ways.
    assert path == Path(QSettings("booxi-desktop", "booxi-desktop").fileName())
