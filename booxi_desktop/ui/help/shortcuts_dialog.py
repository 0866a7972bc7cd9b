"""Help → Keyboard shortcuts: every shortcut of the window, by menu, as it is now."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.ui.help.shortcut_list import ShortcutGroup, clashes
from booxi_desktop.ui.widgets.naming import named, wrapped
from booxi_desktop.ui.widgets.theme import AMBER, ink


class ShortcutsDialog(QDialog):
    def __init__(self, groups: list[ShortcutGroup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.tree = named(QTreeWidget(self), "shortcutsList", accessible="Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Shortcut"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        for group in groups:
            top = QTreeWidgetItem(self.tree, [group.title])
            top.setFirstColumnSpanned(True)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for entry in group.entries:
                item = QTreeWidgetItem(top, [entry.text, entry.keys])
                if entry.tip:
                    item.setToolTip(0, entry.tip)
        self.tree.expandAll()
        self.clash_label = named(wrapped(QLabel(self)), "shortcutClashes")
        found = clashes(groups)
        self.clash_label.setText(
            "".join(
                f'<p style="color:{ink(AMBER)}">{escape(key)} is given to '
                f"{escape(' and '.join(texts))}: only one of them will act.</p>"
                for key, texts in found.items()
            )
        )
        self.clash_label.setVisible(bool(found))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.clash_label)
        layout.addWidget(buttons)
        self.resize(480, 520)

    def rows(self) -> list[tuple[str, str, str]]:
        """(menu, action, keys) as listed, for reading back what the dialog shows."""
        listed: list[tuple[str, str, str]] = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None:
                    listed.append((top.text(0), child.text(0), child.text(1)))
        return listed
