"""What to do when the link changed on the server after it was loaded.

Three versions side by side (as loaded, the editor's, the server's now) so the user
sees whose change is whose, then one of: re-apply the edits on the server's copy,
overwrite it (asked twice: it throws the other side's work away), or cancel.
Shown with ``open()``; both questions answer through signals, never ``exec()``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QCommandLinkButton,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.link.diff import same_value
from booxi_desktop.core.link.merge import Reapplied, reapply
from booxi_desktop.core.link.model import ClientModuleLink, MetaValue
from booxi_desktop.core.text import local_time_text, plural, utc_time_text
from booxi_desktop.core.visible_text import visible
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.confirm_box import confirm_destructive
from booxi_desktop.ui.widgets.diff_view import key_html
from booxi_desktop.ui.widgets.naming import named, wrapped

HEADERS = ("Key", "When you loaded", "Yours (editor)", "Server now")
LOADED_COLUMN, MINE_COLUMN, SERVER_COLUMN = 1, 2, 3


class Gone(Enum):
    """A cell with no value, and why."""

    ABSENT = "(no such key)"
    DELETED = "deleted on the server"
    NOT_APPLICABLE = "—"


Cell = MetaValue | Gone | datetime


@dataclass(frozen=True)
class VersionRow:
    label: str
    loaded: Cell
    mine: Cell
    server: Cell
    pseudo: bool = False  # externalId and modifiedOn, not metadata keys
    clash: bool = False

    @property
    def mine_changed(self) -> bool:
        return not _same(self.loaded, self.mine) and self.mine is not Gone.NOT_APPLICABLE

    @property
    def server_changed(self) -> bool:
        return not _same(self.loaded, self.server)


def version_rows(
    loaded: ClientModuleLink,
    mine_external_id: str,
    mine_metadata: Mapping[str, MetaValue],
    server: ClientModuleLink | None,
    merged: Reapplied,
) -> list[VersionRow]:
    """externalId, then every key of any version (loaded order first), then modifiedOn."""

    def on_server(key: str | None) -> Cell:
        if server is None:
            return Gone.DELETED
        if key is None:
            return server.external_id
        return server.metadata.get(key, Gone.ABSENT)

    keys = list(loaded.metadata)
    keys += [k for k in mine_metadata if k not in loaded.metadata]
    if server is not None:
        keys += [k for k in server.metadata if k not in loaded.metadata and k not in mine_metadata]
    rows = [
        VersionRow(
            "externalId",
            loaded.external_id,
            mine_external_id,
            on_server(None),
            pseudo=True,
            clash=merged.external_id_clash,
        )
    ]
    clashes = set(merged.clashes)
    rows += [
        VersionRow(
            key,
            loaded.metadata.get(key, Gone.ABSENT),
            mine_metadata.get(key, Gone.ABSENT),
            on_server(key),
            clash=key in clashes,
        )
        for key in keys
    ]
    server_date: Cell = Gone.DELETED if server is None else server.modified_on or Gone.ABSENT
    rows.append(
        VersionRow(
            "last modified",
            loaded.modified_on or Gone.ABSENT,
            Gone.NOT_APPLICABLE,
            server_date,
            pseudo=True,
        )
    )
    return rows


def cell_text(cell: Cell) -> str:
    if isinstance(cell, Gone):
        return cell.value
    if isinstance(cell, datetime):
        return local_time_text(cell)
    if cell == "":
        return "(empty)"
    return visible(cell if isinstance(cell, str) else json.dumps(cell))


class ConflictDialog(QDialog):
    """Emits :attr:`choiceMade` exactly once: "reapply", "overwrite" or "cancel"."""

    choiceMade = Signal(str)

    def __init__(
        self,
        loaded: ClientModuleLink,
        mine_external_id: str,
        mine_metadata: Mapping[str, MetaValue],
        server: ClientModuleLink | None,
        parent: QWidget | None = None,
        *,
        backup_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "conflictDialog")
        self.loaded = loaded
        self.server = server
        self.reapplied = reapply(loaded, mine_external_id, mine_metadata, server)
        self.rows = version_rows(loaded, mine_external_id, mine_metadata, server, self.reapplied)
        self.choice: str | None = None
        self.confirm_box: QMessageBox | None = None
        self._backup_path = backup_path
        self.setWindowTitle("The link changed on the server")
        self.resize(900, 640)

        heading = named(wrapped(QLabel()), "conflictHeading")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setText(self._heading_html())
        self.table = self._build_table()
        self.only_differences = named(QCheckBox("Show only what differs"), "onlyDifferences")
        self.only_differences.toggled.connect(self._filter_rows)
        self.only_differences.setChecked(True)
        legend = named(wrapped(QLabel(_legend_html())), "conflictLegend")
        legend_line = QHBoxLayout()
        legend_line.addWidget(legend, 1)
        legend_line.addWidget(self.only_differences)

        self.reapply_button = named(
            QCommandLinkButton("Reload and re-apply my changes", self._reapply_description()),
            "reapplyButton",
        )
        self.overwrite_button = named(
            QCommandLinkButton("Overwrite anyway…", _overwrite_description(server is None)),
            "overwriteButton",
        )
        self.cancel_button = named(
            QPushButton("Cancel"),
            "conflictCancelButton",
            tip="Send nothing; your edits stay in the editor",
        )
        self.reapply_button.setDefault(True)
        self.reapply_button.clicked.connect(lambda: self._choose("reapply"))
        self.overwrite_button.clicked.connect(self._confirm_overwrite)
        self.cancel_button.clicked.connect(self.reject)
        cancel_line = QHBoxLayout()
        cancel_line.addStretch(1)
        cancel_line.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(legend_line)
        layout.addWidget(self.reapply_button)
        layout.addWidget(self.overwrite_button)
        layout.addLayout(cancel_line)
        self.reapply_button.setFocus()

    # ----- answers

    def reject(self) -> None:
        # Escape and the window's close button mean Cancel too.
        self._choose("cancel")

    def _choose(self, choice: str) -> None:
        if self.choice is not None:
            return
        self.choice = choice
        self.choiceMade.emit(choice)
        if choice == "cancel":
            super().reject()
        else:
            self.accept()

    def _confirm_overwrite(self) -> None:
        self.confirm_box = confirm_destructive(
            self,
            name="confirmOverwrite",
            title="Overwrite the server's copy?",
            question="Overwrite the link on the server with your version?",
            consequences=self._overwrite_consequences(),
            confirm_text="Overwrite",
            keep_text="Don't overwrite",
            on_confirm=lambda: self._choose("overwrite"),
            on_close=self._confirm_box_closed,
        )

    def _confirm_box_closed(self) -> None:
        self.confirm_box = None

    # ----- texts

    def _heading_html(self) -> str:
        if self.server is None:
            what = "The link was deleted on the server since you loaded it."
            who = "Someone else, or another app, deleted this link after you loaded it."
        else:
            what = "The record changed on the server since you loaded it."
            who = "Someone else, or another app, saved this link after you loaded it."
        backup = ""
        if self._backup_path is not None:
            backup = f" The server's copy was backed up to {escape(str(self._backup_path))}."
        return (
            f"<p style='font-size:large'><b>{what}</b></p>"
            f"<p>{who} <b>Nothing was sent</b> and your edits are still in the editor.{backup}</p>"
        )

    def _reapply_description(self) -> str:
        if self.server is None:
            text = (
                "Start from an empty link and put only your changes on it, then review and "
                "save again. Keys you did not change stay deleted."
            )
        else:
            text = (
                "Start from the server's current copy and put your changes on top, then "
                "review and save again. Changes made on the server to other keys are kept."
            )
        both = len(self.reapplied.clashes) + (1 if self.reapplied.external_id_clash else 0)
        if both:
            keys = plural(both, "key was", "keys were")
            text += f" {keys} changed on both sides (red): yours is used."
        return text

    def _overwrite_consequences(self) -> str:
        if self.server is None:
            lost = "The link was deleted on the server; overwriting creates it again."
        else:
            # The last row is the modification date, not a change of content.
            changed = [r for r in self.rows[:-1] if r.server_changed]
            names = ", ".join(key_html(r.label) for r in changed[:10])
            more = f" and {len(changed) - 10} more" if len(changed) > 10 else ""
            lost = (
                f"These changes made on the server will be lost: <b>{names}{more}</b>."
                if changed
                else "The server's copy has the same content but was saved again since."
            )
        kept = " A copy of the server's version was backed up first." if self._backup_path else ""
        return f"{lost}{kept}"

    # ----- table

    def _build_table(self) -> QTableWidget:
        table = named(QTableWidget(len(self.rows), len(HEADERS), self), "conflictTable")
        table.setHorizontalHeaderLabels(HEADERS)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.verticalHeader().setVisible(False)
        # One line per key keeps many keys in view; the tooltip holds the whole value.
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (LOADED_COLUMN, MINE_COLUMN, SERVER_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for n, row in enumerate(self.rows):
            table.setItem(n, 0, self._label_item(row))
            cells = ((LOADED_COLUMN, row.loaded), (MINE_COLUMN, row.mine))
            for column, cell in (*cells, (SERVER_COLUMN, row.server)):
                table.setItem(n, column, _value_item(cell, _color(row, column)))
        return table

    def _label_item(self, row: VersionRow) -> QTableWidgetItem:
        item = QTableWidgetItem(visible(row.label))
        font = QFont()
        font.setBold(not row.pseudo)
        font.setItalic(row.pseudo)
        item.setFont(font)
        if row.clash:
            item.setBackground(QBrush(theme.qcolor(theme.CLASH)))
            item.setForeground(QBrush(theme.qcolor(theme.INK)))
            item.setToolTip("Changed on both sides: re-applying keeps your value")
        elif row.pseudo:
            item.setBackground(QBrush(theme.qcolor(theme.PSEUDO)))
            item.setForeground(QBrush(theme.qcolor(theme.INK)))
        return item

    def _filter_rows(self, only: bool) -> None:
        for n, row in enumerate(self.rows):
            differs = row.pseudo or row.mine_changed or row.server_changed
            self.table.setRowHidden(n, only and not differs)


def _same(a: Cell, b: Cell) -> bool:
    if isinstance(a, Gone | datetime) or isinstance(b, Gone | datetime):
        return a == b
    return same_value(a, b)


def _color(row: VersionRow, column: int) -> QColor | None:
    if column == MINE_COLUMN and row.mine_changed:
        return theme.qcolor(theme.CLASH if row.clash else theme.YOURS)
    if column == SERVER_COLUMN and row.server_changed:
        return theme.qcolor(theme.CLASH if row.clash else theme.SERVER)
    return None


def _value_item(cell: Cell, color: QColor | None) -> QTableWidgetItem:
    text = cell_text(cell)
    item = QTableWidgetItem(text)
    item.setToolTip(utc_time_text(cell) if isinstance(cell, datetime) else text)
    if isinstance(cell, Gone) or cell == "":
        font = QFont()
        font.setItalic(True)
        item.setFont(font)
        item.setForeground(QBrush(theme.qcolor(theme.GREY)))
    if color is not None:
        item.setBackground(QBrush(color))
        if not isinstance(cell, Gone):
            item.setForeground(QBrush(theme.qcolor(theme.INK)))
    return item


def _overwrite_description(deleted: bool) -> str:
    if deleted:
        return "Send your version as it is, creating the link again (you are asked to confirm)."
    return (
        "Send your version as it is. The changes made on the server are lost "
        "(you are asked to confirm)."
    )


def _legend_html() -> str:
    def swatch(color: theme.Pair, text: str) -> str:
        square = "&nbsp;" * 4
        return f"<span style='background-color:{theme.ink(color)}'>{square}</span> {text}"

    return " &nbsp; ".join(
        (
            swatch(theme.YOURS, "changed by you"),
            swatch(theme.SERVER, "changed on the server"),
            swatch(theme.CLASH, "changed on both sides"),
        )
    )
