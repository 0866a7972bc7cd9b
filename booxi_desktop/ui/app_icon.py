"""The window icon, drawn from the geometry of the source tree's ``resources/<APP_ID>.svg``.

Drawn rather than read from the SVG: reading it loads Qt's SVG module and its image
plugin into every start of the app, for a square and three strokes. The SVG stays the
icon of the desktop entry; a test keeps the two drawings alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPainterPath, QPen, QPixmap, QTransform

from booxi_desktop.ui.widgets import theme

# In the SVG's 64×64 user space.
VIEW_BOX = 64
STROKE_WIDTH = 5.0
SIZES = (16, 24, 32, 48, 64, 128, 256)


def _clockwise_arc(path: QPainterPath, radius: float, dx: float, dy: float) -> None:
    """SVG's relative ``a r r 0 0 1 dx dy`` (the short way round, clockwise on screen)."""
    start = path.currentPosition()
    half = math.hypot(dx, dy) / 2
    # From the chord's middle to the centre, on the chord's right-hand side (y down).
    offset = math.sqrt(max(radius * radius - half * half, 0.0)) / (2 * half)
    cx = start.x() + dx / 2 - dy * offset
    cy = start.y() + dy / 2 + dx * offset
    # Qt counts degrees counter-clockwise on screen, with y pointing up.
    begin = -math.degrees(math.atan2(start.y() - cy, start.x() - cx))
    end = -math.degrees(math.atan2(start.y() + dy - cy, start.x() + dx - cx))
    sweep = (end - begin) % 360 - 360
    path.arcTo(cx - radius, cy - radius, 2 * radius, 2 * radius, begin, sweep)


def _half_link() -> QPainterPath:
    """The SVG's first path: ``M27 37 l-5 5 a7.5 7.5 0 0 1 -10.6 -10.6 l7 -7 a… 10.6 0``."""
    path = QPainterPath()
    path.moveTo(27, 37)
    path.lineTo(22, 42)
    _clockwise_arc(path, 7.5, -10.6, -10.6)
    path.lineTo(path.currentPosition().x() + 7, path.currentPosition().y() - 7)
    _clockwise_arc(path, 7.5, 10.6, 0)
    return path


def link_strokes() -> QPainterPath:
    """The chain link: the half above, the same turned about the centre, and the bar."""
    half = _half_link()
    turned = QTransform().translate(VIEW_BOX / 2, VIEW_BOX / 2).rotate(180)
    turned.translate(-VIEW_BOX / 2, -VIEW_BOX / 2)
    strokes = QPainterPath(half)
    strokes.addPath(turned.map(half))
    strokes.moveTo(26, 38)
    strokes.lineTo(38, 26)
    return strokes


def draw(size: int) -> QImage:
    """The icon at ``size`` pixels: an image, which any thread may paint (a pixmap may not)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / VIEW_BOX, size / VIEW_BOX)
    background = QPainterPath()
    background.addRoundedRect(2, 2, 60, 60, 13, 13)
    painter.fillPath(background, QColor(theme.ICON_BACKGROUND.light))
    pen = QPen(QColor(theme.ICON_INK.light), STROKE_WIDTH)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)  # SVG's default join
    painter.strokePath(link_strokes(), pen)
    painter.end()
    return image


def draw_every_size() -> list[QImage]:
    return [draw(size) for size in SIZES]


def app_icon(images: Sequence[QImage] | None = None) -> QIcon:
    """The icon from ``images`` (``draw_every_size()``, drawn now if not given). On the UI
    thread: the icon holds pixmaps."""
    icon = QIcon()
    for image in draw_every_size() if images is None else images:
        icon.addPixmap(QPixmap.fromImage(image))
    return icon
