"""Help → Keyboard shortcuts (F1) and About in the window, and every menu action's naming."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from booxi_desktop.ui.help.shortcut_list import keys_text, plain_text
from booxi_desktop.ui.help.shortcuts_dialog import ShortcutsDialog

NATIVE = QKeySequence.SequenceFormat.NativeText


def menu_actions(window) -> list[QAction]:
    """Every entry of every menu of the window, submenus included (their own entry aside)."""
    found: list[QAction] = []

    def walk(actions: list[QAction]) -> None:
        for act in actions:
            if act.isSeparator():
                continue
            if act.menu() is not None:
                walk(act.menu().actions())
            else:
                found.append(act)

    walk(window.menuBar().actions())
    return found


def open_shortcuts(qtbot, window) -> ShortcutsDialog:
    window.help.shortcuts_action.trigger()
    dialog = window.help.dialog
    assert isinstance(dialog, ShortcutsDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_f1_is_keyboard_shortcuts_in_the_help_menu(make_window) -> None:
    window = make_window()
    help_menu = window.window_actions.help_menu
    names = [a.objectName() for a in help_menu.actions() if not a.isSeparator()]
    assert names == ["shortcutsAction", "aboutAction"]
    assert QKeySequence("F1") in window.help.shortcuts_action.shortcuts()


def test_the_dialog_lists_the_menus_shortcuts_by_menu(qtbot, make_window) -> None:
    window = make_window()
    dialog = open_shortcuts(qtbot, window)
    rows = dialog.rows()
    save = QKeySequence(QKeySequence.StandardKey.Save).toString(NATIVE)
    assert ("File", "Save to server", save) in rows
    assert ("File", "Backups of this link…", QKeySequence("Ctrl+Shift+B").toString(NATIVE)) in rows
    assert ("Edit", "Undo", QKeySequence(QKeySequence.StandardKey.Undo).toString(NATIVE)) in rows
    assert ("View", "Undo history", QKeySequence("Ctrl+H").toString(NATIVE)) in rows
    assert next(r[2] for r in rows if r[:2] == ("Help", "Keyboard shortcuts…")).startswith("F1")
    with_keys = [a for a in menu_actions(window) if keys_text(a)]
    assert len([r for r in rows if r[0] in {"File", "Edit", "View", "Help"}]) == len(with_keys)
    assert not dialog.clash_label.isVisible()


def test_an_action_added_after_the_window_is_built_is_listed(qtbot, make_window) -> None:
    window = make_window()
    actions = window.window_actions
    late = QAction("&Find client…", window)
    late.setObjectName("findClientAction")
    late.setShortcut(QKeySequence("Ctrl+Shift+F"))
    actions.file_menu.insertAction(actions.quit_separator, late)
    rows = open_shortcuts(qtbot, window).rows()
    assert ("File", "Find client…", QKeySequence("Ctrl+Shift+F").toString(NATIVE)) in rows


def test_a_clash_added_later_is_pointed_out(qtbot, make_window) -> None:
    window = make_window()
    clash = QAction("&History", window)
    clash.setShortcut(QKeySequence("Ctrl+H"))
    window.window_actions.view_menu.addAction(clash)
    dialog = open_shortcuts(qtbot, window)
    assert dialog.clash_label.isVisible()
    assert "Undo history and History" in dialog.clash_label.text()


def test_the_payload_tree_shortcuts_are_listed_once_a_payload_is_shown(qtbot, make_window) -> None:
    window = make_window()
    panel = window.webhooks.show()
    tree = "Payload tree (when it has the focus)"
    before = open_shortcuts(qtbot, window)
    assert tree not in {r[0] for r in before.rows()}  # no tree yet
    before.close()
    with qtbot.waitSignal(panel.parsed, timeout=5000):
        panel.load_text('{"eventContent": {"clientLinks": []}}')
    rows = open_shortcuts(qtbot, window).rows()
    assert (tree, "Copy path", QKeySequence("Ctrl+Shift+C").toString(NATIVE)) in rows
    # Listed in the Edit menu already: not again under the table.
    assert not [r for r in rows if r[1] == "Copy rows" and r[0] != "Edit"]


def test_about_names_the_version(qtbot, make_window) -> None:
    from booxi_desktop import __version__

    window = make_window()
    window.help.about_action.trigger()
    box = window.help.dialog
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isVisible)
    assert __version__ in box.text()
    box.close()
    qtbot.waitUntil(lambda: window.help.dialog is None)


def test_every_menu_action_has_a_name_a_tooltip_and_a_shortcut_of_its_own(make_window) -> None:
    window = make_window()
    actions = menu_actions(window)
    assert len(actions) >= 10
    for act in actions:
        text = plain_text(act.text())
        assert act.objectName(), text
        assert act.toolTip() not in ("", text) or act.statusTip(), text
    keys = [k.toString() for a in actions for k in a.shortcuts() if not k.isEmpty()]
    assert len(keys) == len(set(keys)), keys


def test_no_window_wide_shortcut_takes_a_key_the_payload_tree_uses(make_window) -> None:
    # Qt finds both when the tree has the focus and runs neither (an ambiguous shortcut).
    from PySide6.QtCore import Qt

    window = make_window()
    window.webhooks.show().tree  # noqa: B018  # built with the first payload: build it now
    tree_keys = {
        k.toString()
        for a in window.findChildren(QAction)
        if a.shortcutContext() is Qt.ShortcutContext.WidgetShortcut
        and a.parent().accessibleName() == "Payload tree"
        for k in a.shortcuts()
    }
    assert tree_keys
    window_keys = {
        k.toString()
        for a in menu_actions(window)
        if a.shortcutContext() is Qt.ShortcutContext.WindowShortcut
        for k in a.shortcuts()
    }
    assert not tree_keys & window_keys
