"""Edit → Copy as cURL: the GET of the open link, or the PUT of the editor's edits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QGuiApplication

from booxi_desktop.ui.widgets.lazy_qt import set_shortcut
from booxi_desktop.ui.widgets.naming import named

if TYPE_CHECKING:
    from booxi_desktop.ui.host import Workbench


class CurlController(QObject):
    def __init__(self, host: Workbench, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.action = named(QAction("Copy as c&URL", parent), "copyCurlAction")
        set_shortcut(self.action, "Ctrl+Alt+C")
        self.action.setToolTip(
            "Copy the open link's request as a cURL command: the GET, or the PUT of your "
            "unsaved edits; the key stays $BOOXI_PARTNER_KEY"
        )
        self.action.setEnabled(False)
        self.action.triggered.connect(self.copy)

    def copy(self) -> str | None:
        """Put the command on the clipboard; returns it (None when no link is open)."""
        from booxi_desktop.core.errors import InvalidInputError
        from booxi_desktop.core.remote.curl import KEY_VARIABLE, curl_command

        host = self.host
        loaded = host.editor.loaded
        if loaded is None:
            host.show_status("Load a link first: there is no request to copy.")
            return None
        region = host.session.regions[host.region_code]
        link = loaded.link
        editor = host.editor
        try:
            if editor.is_modified():
                editor.commit_pending_edit()
                command = curl_command(
                    region, "PUT", link.client_id, link.module_id, editor.content()
                )
                what = "the PUT of your unsaved edits"
            else:
                command = curl_command(region, "GET", link.client_id, link.module_id)
                what = "the GET of this link"
        except InvalidInputError as exc:
            host.show_status(f"Not copied: {exc}.")
            return None
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(command)
        host.show_status(
            f"Copied {what} as a cURL command; set {KEY_VARIABLE} in the shell that runs it."
        )
        return command
