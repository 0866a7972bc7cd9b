"""The drawn window icon is the desktop entry's SVG, drawn without Qt's SVG module."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QIcon, QImage

from booxi_desktop import APP_ID
from booxi_desktop.ui.app_icon import SIZES, app_icon, draw

SVG = Path(__file__).resolve().parents[2] / "resources" / f"{APP_ID}.svg"


def _rendered_svg(size: int) -> QImage:
    assert SVG.is_file()
    image = QIcon(str(SVG)).pixmap(size, size).toImage()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def _differing_pixels(a: QImage, b: QImage, tolerance: int) -> int:
    differing = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = QColor(a.pixel(x, y)), QColor(b.pixel(x, y))
            channels = zip(p.getRgb(), q.getRgb(), strict=True)
            if max(abs(c - d) for c, d in channels) > tolerance:
                differing += 1
    return differing


@pytest.mark.parametrize("size", [32, 128])
def test_the_drawing_matches_the_svg(qapp, size):
    drawn = draw(size).convertToFormat(QImage.Format.Format_ARGB32)
    svg = _rendered_svg(size)
    assert drawn.size() == svg.size()
    # Anti-aliasing may differ along the edges; a moved or missing stroke would not.
    assert _differing_pixels(drawn, svg, tolerance=96) <= size * size // 200


def test_a_moved_stroke_is_seen(qapp):
    # The comparison above can fail: the icon shifted by one pixel does not match.
    drawn = draw(128).convertToFormat(QImage.Format.Format_ARGB32)
    shifted = drawn.copy(1, 0, 128, 128)
    assert _differing_pixels(shifted, _rendered_svg(128), tolerance=96) > 128 * 128 // 200


def test_the_icon_has_every_size(qapp):
    icon = app_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(SIZES)


def test_the_icon_draws_the_same_off_the_ui_thread(qapp):
    # main() draws it on the warm-up thread, then makes the icon's pixmaps on the UI thread.
    drawn: list[QImage] = []
    worker = threading.Thread(target=lambda: drawn.append(draw(64)))
    worker.start()
    worker.join()
    assert drawn[0] == draw(64)
