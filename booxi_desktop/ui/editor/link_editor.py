"""The loaded link: who it belongs to, its externalId and the editable metadata table."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from booxi_desktop.core.link.model import LinkResponse, Metadata, MetaValue
from booxi_desktop.core.link.validation import ValidationIssue, validate
from booxi_desktop.core.text import link_date_text
from booxi_desktop.ui.editor.commands import (
    InsertRowsCommand,
    RemoveRowsCommand,
    ReplaceMetadataCommand,
    SetCellCommand,
    SetExternalIdCommand,
    copy_rows,
    paste_rows,
)
from booxi_desktop.ui.editor.metadata_model import MetadataTableModel
from booxi_desktop.ui.editor.row_actions import RowActions, row_actions
from booxi_desktop.ui.widgets import theme
from booxi_desktop.ui.widgets.naming import named, wrapped
from booxi_desktop.ui.widgets.undo_line_edit import UndoLineEdit

_EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)
_NO_EDITS = QAbstractItemView.EditTrigger.NoEditTriggers


def summarize(issues: list[ValidationIssue]) -> str:
    """One line under the table: what blocks a save first, then what only warns."""
    errors = [i for i in issues if i.is_error]
    warnings = [i for i in issues if not i.is_error]
    if not issues:
        return ""
    first = errors[0] if errors else warnings[0]
    where = f"row {first.row + 1} {first.column}: " if first.row is not None else ""
    counts = []
    if errors:
        counts.append(f"{len(errors)} error{'s' * (len(errors) > 1)} (fix to save)")
    if warnings:
        counts.append(f"{len(warnings)} warning{'s' * (len(warnings) > 1)}")
    return f"{', '.join(counts)} — {where}{first.message}"


def header_texts(response: LinkResponse) -> tuple[str, str, bool]:
    """Who the link belongs to, its dates, and whether a date the server sent is invalid."""
    link, client = response.link, response.client
    who = f"client {link.client_id} · module {link.module_id}"
    if client is not None:
        email = f" <{client.email}>" if client.email else ""
        who = f"{client.display_name}{email} — {who}"
    invalid = link.invalid_dates
    created = link_date_text(link.created_on, invalid, "createdOn", zone=True)
    modified = link_date_text(link.modified_on, invalid, "modifiedOn", zone=True)
    return who, f"Created {created}   ·   Modified {modified}", bool(invalid)


class LinkEditor(QWidget):
    """Every change is pushed on ``undo_stack``; ``changed`` fires after each one."""

    changed = Signal()

    def __init__(
        self,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
        *,
        actions: RowActions | None = None,
    ) -> None:
        """``actions``: Copy, Paste and Delete of rows, made and connected by the caller."""
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.model = MetadataTableModel(undo_stack, self)
        self.model.editRequested.connect(self._edit_cell)
        self._loaded: LinkResponse | None = None
        self._external_id = ""
        self._read_only = False
        self._build_header()
        self._build_table(actions)
        self._build_buttons()
        self._layout()
        self.model.contentSettled.connect(self._content_changed)
        self.table.selectionModel().selectionChanged.connect(self._refresh_buttons)
        self._refresh_buttons()

    def _build_header(self) -> None:
        self.client_label = named(QLabel(textFormat=Qt.TextFormat.PlainText), "clientLabel")
        self.client_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dates_label = named(QLabel(textFormat=Qt.TextFormat.PlainText), "datesLabel")
        self.dates_label.setWordWrap(True)
        self.external_edit = named(
            UndoLineEdit(),
            "externalIdEdit",
            accessible="External id",
            tip="The client's id in the partner's system (externalId)",
        )
        self.external_edit.textEdited.connect(self._external_edited)

    def _build_table(self, actions: RowActions | None) -> None:
        self.table = named(
            QTableView(),
            "metadataTable",
            accessible="Metadata",
            tip="Metadata keys and values; double-click or type to edit",
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(_EDIT_TRIGGERS)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().resizeSection(0, 220)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self._add_table_actions(actions)

    def _build_buttons(self) -> None:
        self.summary_label = named(
            wrapped(QLabel()), "validationSummary", accessible="Validation summary"
        )
        self.add_button = named(
            QPushButton("&Add row"),
            "addRowButton",
            accessible="Add metadata row",
            tip="Add an empty key/value row after the current one",
        )
        self.remove_button = named(
            QPushButton("&Remove rows"),
            "removeRowButton",
            accessible="Remove selected rows",
            tip="Remove the selected metadata rows (Delete)",
        )
        self.save_button = named(QPushButton("&Save"), "saveButton", accessible="Save to server")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("Client:", self.client_label)
        form.addRow("", self.dates_label)
        form.addRow("&External id:", self.external_edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel("Metadata:"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)

    def _add_table_actions(self, actions: RowActions | None) -> None:
        if actions is None:  # an editor of its own (not the window's): its own actions
            actions = row_actions(self.table)
            actions.connect(self.copy_selected, self.paste, self.remove_selected)
        self.copy_action, self.paste_action, self.delete_action = actions.all()
        self.table.addActions(actions.all())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # the loaded record ----------------------------------------------------------------

    @property
    def loaded(self) -> LinkResponse | None:
        return self._loaded

    def show_link(self, response: LinkResponse) -> None:
        """Show a freshly loaded link: a new baseline and an empty undo history.

        Either the whole link is shown, or none of it and the editor is empty again: a
        half-shown link (an empty table on a loaded record) would read as "delete every
        key" to a save. The exception is raised again for the caller to report.
        """
        header = header_texts(response)  # what can fail is built before anything changes
        self._loaded = response
        try:
            self.undo_stack.clear()
            self._set_header(header)
            # The model's reset announces the new content once; setting the externalId
            # quietly first keeps a 500-key load from validating and refreshing three times.
            self._set_external_id(response.link.external_id, announce=False)
            self.model.load(list(response.link.metadata.items()))
            self.undo_stack.setClean()
        except BaseException:
            self.undo_stack.clear()
            self.clear()
            raise

    def apply_saved(self, response: LinkResponse, sent: tuple[str, Metadata]) -> None:
        """The server's answer to a save becomes the baseline; the history is kept.

        ``sent`` is what the PUT carried. If the editor changed since (an edit committed
        while the request ran), those edits stay as unsaved changes on the new baseline
        instead of being replaced by the answer and marked saved.
        """
        link = response.link
        if (self._external_id, self.model.metadata()) != sent:
            self._loaded = response
            self.model.set_baseline(list(link.metadata.items()))
            self._show_header()
            self._content_changed()
            return
        if link.external_id != self._external_id:
            self.undo_stack.push(
                SetExternalIdCommand(self._set_external_id, self._external_id, link.external_id)
            )
        rows = list(link.metadata.items())
        if rows != self.model.rows():
            self.undo_stack.push(ReplaceMetadataCommand(self.model, rows, "Server's answer"))
        self._loaded = response
        self.model.set_baseline(rows)
        self.undo_stack.setClean()
        self._show_header()
        self._content_changed()

    def commit_pending_edit(self) -> None:
        """Finish a cell being typed in, so that Save (Ctrl+S) includes what is on screen."""
        index = self.table.currentIndex()
        editor = self.table.indexWidget(index) if index.isValid() else None
        if editor is not None:
            self.table.commitData(editor)
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def apply_edits(self, external_id: str, rows: list[tuple[str, MetaValue]], text: str) -> None:
        """Replace the editor's content as ONE undoable step (a backup, a draft, a payload)."""
        new_rows = rows != self.model.rows()
        if not new_rows and external_id == self._external_id:
            return
        self.undo_stack.beginMacro(text)
        if new_rows:
            self.undo_stack.push(ReplaceMetadataCommand(self.model, rows, text))
        if external_id != self._external_id:
            self.undo_stack.push(
                SetExternalIdCommand(self._set_external_id, self._external_id, external_id)
            )
        self.undo_stack.endMacro()

    def clear(self) -> None:
        self._loaded = None
        self._set_external_id("")
        self.model.load([])
        self.client_label.clear()
        self.dates_label.clear()
        self._content_changed()

    def _show_header(self) -> None:
        if self._loaded is not None:
            self._set_header(header_texts(self._loaded))

    def _set_header(self, header: tuple[str, str, bool]) -> None:
        who, dates, invalid = header
        self.client_label.setText(who)
        self.dates_label.setText(dates)
        self.dates_label.setStyleSheet(theme.text_style(theme.AMBER) if invalid else "")

    # state ----------------------------------------------------------------------------

    def external_id(self) -> str:
        return self._external_id

    def content(self) -> tuple[str, Metadata]:
        """What a save would send now: the externalId and the metadata."""
        return self._external_id, self.model.metadata()

    def focus_external_id(self) -> None:
        """Put the cursor in the externalId with its text selected, ready to be replaced."""
        self.external_edit.setFocus()
        self.external_edit.selectAll()

    def issues(self) -> list[ValidationIssue]:
        # The model caches the rows' checks; only the externalId is checked here.
        return validate(self._external_id, []) + self.model.issues()

    def is_modified(self) -> bool:
        if self._loaded is None:
            return False
        return self._external_id != self._loaded.link.external_id or self.model.is_modified()

    # edits ----------------------------------------------------------------------------

    def _external_edited(self, text: str) -> None:
        old, self._external_id = self._external_id, text
        self.undo_stack.push(SetExternalIdCommand(self._set_external_id, old, text))

    def _set_external_id(self, value: str, *, announce: bool = True) -> None:
        self._external_id = value
        if self.external_edit.text() != value:
            self.external_edit.setText(value)
        if announce:
            self._content_changed()

    def _edit_cell(self, row: int, column: int, value: MetaValue) -> None:
        self.undo_stack.push(SetCellCommand(self.model, row, column, value))

    def add_row(self) -> None:
        rows = self._selected_rows()
        at = rows[-1] + 1 if rows else self.model.rowCount()
        self.undo_stack.push(InsertRowsCommand(self.model, at, [("", "")]))
        index = self.model.index(at, 0)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def remove_selected(self) -> None:
        rows = self._selected_rows()
        if rows:
            self.undo_stack.push(RemoveRowsCommand(self.model, rows))

    def copy_selected(self) -> None:
        rows = self._selected_rows()
        if rows:
            QGuiApplication.clipboard().setText(copy_rows(self.model, rows))

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text:
            return
        current = self.table.currentIndex()
        at = current.row() + 1 if current.isValid() else self.model.rowCount()
        paste_rows(self.model, at, text)

    def _selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    def select_rows(self, rows: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in rows:
            selection.select(self.model.index(row, 0), flags)

    def _content_changed(self) -> None:
        issues = self.issues()
        summary = summarize(issues)
        self.summary_label.setText(summary)
        self.summary_label.setVisible(bool(summary))
        style = theme.text_style(theme.RED if any(i.is_error for i in issues) else theme.AMBER)
        if self.summary_label.styleSheet() != style:
            self.summary_label.setStyleSheet(style)
        self._refresh_buttons()
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        """Refuse edits while a request runs, without greying (and repainting) everything."""
        self._read_only = read_only
        self.table.setEditTriggers(_NO_EDITS if read_only else _EDIT_TRIGGERS)
        self.external_edit.setReadOnly(read_only)
        for action in (self.paste_action, self.delete_action):
            action.setEnabled(not read_only)
        self._refresh_buttons()

    def _refresh_buttons(self) -> None:
        editable = self._loaded is not None and not self._read_only
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and bool(self._selected_rows()))
