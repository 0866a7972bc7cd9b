"""Every colour comes from the theme, which follows a light or a dark palette."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette

import booxi_desktop
from booxi_desktop.ui.widgets import theme

PACKAGE = Path(booxi_desktop.__file__).parent
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|QColor\(\s*\d")


def _palette(window: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    return palette


@pytest.fixture
def dark_palette(qapp):
    before = QGuiApplication.palette()
    qapp.setPalette(_palette("#202124"))
    yield
    qapp.setPalette(before)


def test_the_palette_window_lightness_decides() -> None:
    assert theme.is_dark(_palette("#202124"))
    assert not theme.is_dark(_palette("#efefef"))


@pytest.mark.usefixtures("qapp")
def test_the_light_colour_under_a_light_palette() -> None:
    assert not theme.is_dark()
    assert theme.ink(theme.RED) == theme.RED.light
    assert theme.text_style(theme.AMBER) == f"color: {theme.AMBER.light};"


@pytest.mark.usefixtures("dark_palette")
def test_the_dark_colour_under_a_dark_palette() -> None:
    assert theme.is_dark()
    assert theme.ink(theme.RED) == theme.RED.dark
    assert theme.qcolor(theme.MARKER) == QColor(theme.MARKER.dark)


def test_every_pair_differs_in_lightness_the_way_its_palette_needs() -> None:
    # Text is darker than a light window and lighter than a dark one; backgrounds the reverse.
    for pair in (theme.RED, theme.GREEN, theme.AMBER, theme.GREY):
        assert QColor(pair.light).lightness() < 128 < QColor(pair.dark).lightness()
    for pair in (theme.RED_BACKGROUND, theme.GREEN_BACKGROUND, theme.INFO_BACKGROUND):
        assert QColor(pair.light).lightness() > 200 > 100 > QColor(pair.dark).lightness()
    for background in (theme.YOURS, theme.SERVER, theme.CLASH, theme.PSEUDO):
        for side in ("light", "dark"):
            ink = QColor(getattr(theme.INK, side)).lightness()
            assert abs(QColor(getattr(background, side)).lightness() - ink) > 100


def test_no_colour_is_written_outside_the_theme() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        if path.name != "theme.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HEX.search(line)
    ]
    assert found == []
