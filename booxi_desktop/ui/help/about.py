"""Help → About: what the app is, its version, and what it assumes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from booxi_desktop import APP_NAME, __version__
from booxi_desktop.ui.widgets.naming import named

ABOUT_HTML = (
    f"<h3>{APP_NAME} {__version__}</h3>"
    "<p>Reads and fixes Booxi client module links "
    "(<code>GET</code>/<code>PUT /client/{clientId}/moduleLink/{moduleId}</code>) and "
    "inspects webhook events' <code>eventContent.clientLinks</code>.</p>"
    "<p>The server's copy of a link is backed up before each save. The partner key is sent "
    "only to the selected region's host, and kept in the system keychain (or for this "
    "session only), never in a file.</p>"
    "<p>Webhook fields other than <code>clientLinks</code> are not documented by Booxi: they "
    "are shown as sent. The demo sandbox's clients and the sample events are made up.</p>"
    "<p>Help → Keyboard shortcuts lists every shortcut of the window.</p>"
)


def about_box(parent: QWidget) -> QMessageBox:
    """Not yet shown: call ``open()``."""
    box = named(QMessageBox(parent), "aboutBox")
    box.setWindowTitle(f"About {APP_NAME}")
    box.setIcon(QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(ABOUT_HTML)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box
