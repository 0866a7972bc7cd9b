"""Hidden and bidi characters are shown as markers in the table, the dialogs and the diffs."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from booxi_desktop.core.link.diff import diff_links
from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.ui.backups.window import BackupsWindow
from booxi_desktop.ui.editor.metadata_model import MetadataTableModel
from booxi_desktop.ui.save.conflict_dialog import ConflictDialog
from booxi_desktop.ui.save.review_dialog import ReviewDialog
from booxi_desktop.ui.widgets.diff_view import DiffView
from booxi_desktop.ui.widgets.theme import MARKER, ink
from tests.ui.window_helpers import load, window_factory

R = Qt.ItemDataRole
TWIN = "loyaltyTier\u200b"
REVERSED = "\u202e9876 NABI"


def test_table_shows_markers_but_edits_the_exact_text(qapp) -> None:
    model = MetadataTableModel(QUndoStack())
    model.load([("loyaltyTier", "gold"), (TWIN, REVERSED)])
    shown = [model.index(r, 0).data(R.DisplayRole) for r in range(2)]
    assert shown == ["loyaltyTier", "loyaltyTier⟨U+200B⟩"]
    assert model.index(1, 1).data(R.DisplayRole) == "⟨U+202E⟩9876 NABI"
    # The editor opens on the real text, so typing and undo work on what is stored.
    assert model.index(1, 0).data(R.EditRole) == TWIN
    assert model.index(1, 1).data(R.EditRole) == REVERSED
    tooltip = model.index(1, 0).data(R.ToolTipRole)
    assert "U+200B ZERO WIDTH SPACE" in tooltip


def test_loaded_link_with_look_alike_keys_shows_them_apart(qtbot, qloop, sandbox, tmp_path) -> None:
    sandbox.put_link_direct(
        sandbox.demo_client_id,
        sandbox.demo_module_id,
        "C-1",
        {"loyaltyTier": "gold", TWIN: "silver", "iban": REVERSED},
    )
    with window_factory(qtbot, qloop, sandbox, tmp_path) as make:
        window = make()
        load(qtbot, window)
        model = window.editor.model
        keys = [model.index(r, 0).data() for r in range(model.rowCount())]
        assert keys == ["loyaltyTier", "loyaltyTier⟨U+200B⟩", "iban"]
        assert model.index(2, 1).data() == "⟨U+202E⟩9876 NABI"


def test_diff_view_shows_markers_highlighted(qtbot) -> None:
    view = DiffView()
    qtbot.addWidget(view)
    view.set_diff(diff_links("x", {"loyaltyTier": "gold"}, "x", {TWIN: "gold", "iban": REVERSED}))
    text = view.toPlainText()
    assert '"loyaltyTier⟨U+200B⟩"' in text
    assert '"⟨U+202E⟩9876 NABI"' in text
    assert "\u202e" not in text
    assert "\u200b" not in text
    assert f"background-color:{ink(MARKER)}" in view.toHtml().replace(" ", "")


def test_review_dialog_names_hidden_characters_in_deletions_and_target(qtbot) -> None:
    diff = diff_links("x", {TWIN: "1", "loyaltyTier": "2"}, "x", {"loyaltyTier": "2"})
    dialog = ReviewDialog(diff, "client 12 · module m\u202e · North America")
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    assert "loyaltyTier⟨U+200B⟩" in re.sub("<[^>]+>", "", dialog.deletion_label.text())
    assert "loyaltyTier⟨U+200B⟩" in dialog.diff_view.toPlainText()
    assert "m⟨U+202E⟩" in dialog.findChild(type(dialog.deletion_label), "reviewTarget").text()


def test_conflict_table_shows_markers(qtbot) -> None:
    loaded = ClientModuleLink(12, "m", "C-1", {"iban": "IBAN 6789"})
    server = ClientModuleLink(12, "m", "C-1", {"iban": REVERSED, TWIN: "x"})
    dialog = ConflictDialog(loaded, "C-1", {"iban": "IBAN 6789"}, server)
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = {table.item(r, 0).text(): table.item(r, 3).text() for r in range(table.rowCount())}
    assert rows["iban"] == "⟨U+202E⟩9876 NABI"
    assert rows["loyaltyTier⟨U+200B⟩"] == "x"


def test_backups_window_shows_markers(qtbot, tmp_path) -> None:
    store = BackupStore(tmp_path / "backups")
    link = ClientModuleLink(
        12, "m", "C\u200e-1", {TWIN: REVERSED}, modified_on=datetime(2024, 5, 2, tzinfo=UTC)
    )
    store.write("na", link, reason="manual")
    window = BackupsWindow(store, "na", 12, "m", None)
    qtbot.addWidget(window)
    assert window.details.fields["external_id"].text() == "C⟨U+200E⟩-1"
    assert window.details.table.item(0, 0).text() == "loyaltyTier⟨U+200B⟩"
    assert window.details.table.item(0, 1).text() == "⟨U+202E⟩9876 NABI"
