"""Showing or hiding a widget only when that changes something."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def show_if(widget: QWidget, shown: bool) -> None:
    """``widget.setVisible(shown)``, skipped when it is already so.

    Qt runs its whole show path (show events, layout requests, enter/leave checks) even
    for a widget that is showing already: ~0.5 ms a label, paid by every section of the
    webhook findings each time a payload is shown.
    """
    if widget.isHidden() == shown:
        widget.setVisible(shown)
