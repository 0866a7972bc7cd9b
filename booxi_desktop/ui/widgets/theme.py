"""Every colour of the app, each as a pair: one for a light palette, one for a dark one.

Which of the two is used follows the lightness of the application palette's window
colour, read when the colour is asked for (not at import, before the palette is set), so
the app follows a system that runs a dark palette. Text that Qt has a palette role for
(secondary text: ``palette(placeholder-text)``) uses the role instead of a pair.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor, QGuiApplication, QPalette


class Pair(NamedTuple):
    """``#rrggbb`` (or ``#aarrggbb``) for a light palette and for a dark one."""

    light: str
    dark: str


# Text, on the window's own background.
RED = Pair("#b00020", "#ff8a80")  # errors, deletions, a missing value
GREEN = Pair("#1b5e20", "#81c784")  # a match, additions
AMBER = Pair("#8a5a00", "#ffcc66")  # warnings, changes
GREY = Pair("#6b6b6b", "#a6a6a6")  # secondary text inside rich text, where no role reaches

# Backgrounds, with the text colours above (or the palette's text) on them.
RED_BACKGROUND = Pair("#fdecea", "#4a1d21")
RED_BORDER = Pair("#e0a9a3", "#9c4a4f")
GREEN_BACKGROUND = Pair("#e6f4ea", "#1d3b25")
INFO_BACKGROUND = Pair("#e8f1fb", "#1b2f47")
INFO_BORDER = Pair("#a9c5e6", "#46688f")
MARKER = Pair("#fff3b0", "#6b5a00")  # a search match, an invisible character shown

# The conflict dialog's cells: who changed a value, with a fixed ink on them.
YOURS = Pair("#d6e6fb", "#23426b")
SERVER = Pair("#ffe3bf", "#5e4016")
CLASH = Pair("#f6c7cc", "#6b2c34")
PSEUDO = Pair("#eeeeee", "#3c3c3c")  # rows that are not metadata keys (externalId, dates)
INK = Pair("#1a1a1a", "#f2f2f2")

# Tints laid over the editor's cells: see-through, so one value reads on either palette.
ERROR_TINT = Pair("#5adc322f", "#5adc322f")
WARNING_TINT = Pair("#64ffaa00", "#64ffaa00")
CHANGED_TINT = Pair("#2d268bd2", "#2d268bd2")

# The app icon's: the same on either palette, as in the desktop entry's SVG.
ICON_BACKGROUND = Pair("#1565c0", "#1565c0")
ICON_INK = Pair("#ffffff", "#ffffff")

SECONDARY_TEXT_STYLE = "color: palette(placeholder-text);"


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (by default the application's) has a dark window colour."""
    if palette is None:
        if QGuiApplication.instance() is None:
            return False
        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def ink(pair: Pair) -> str:
    """The colour of ``pair`` for the current palette, as style sheets and HTML write it."""
    return pair.dark if is_dark() else pair.light


def qcolor(pair: Pair) -> QColor:
    return QColor(ink(pair))


def text_style(pair: Pair, extra: str = "") -> str:
    """A style sheet that writes a widget's text in ``pair``: ``"color: #b00020;"``."""
    return f"color: {ink(pair)};{extra}"
