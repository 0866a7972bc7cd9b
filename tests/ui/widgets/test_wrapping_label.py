"""The wrapped label answers heights as QLabel does, laying its text out once per width."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from booxi_desktop.ui.widgets.wrapping_label import WrappingLabel

TEXT = "Client links are at eventContent.clientLinks: 4,200 entries for clients " * 3


def plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def test_heights_match_a_plain_wrapped_label(qapp) -> None:
    label = WrappingLabel(TEXT)
    reference = plain(TEXT)
    for width in (80, 200, 640, 80):
        assert label.heightForWidth(width) == reference.heightForWidth(width)
    assert label.heightForWidth(80) > label.heightForWidth(640)


def test_new_text_is_measured_again(qapp) -> None:
    label = WrappingLabel(TEXT)
    long_height = label.heightForWidth(200)
    label.setText("short")
    assert label.heightForWidth(200) == plain("short").heightForWidth(200) < long_height


def test_a_new_font_is_measured_again(qapp) -> None:
    label = WrappingLabel(TEXT)
    before = label.heightForWidth(300)
    font = QFont(label.font())
    font.setPointSize(font.pointSize() * 2)
    label.setFont(font)
    assert label.heightForWidth(300) > before
