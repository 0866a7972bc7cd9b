"""The webhook panel reading payloads: pasted, typed, dropped, opened; findings and refusals."""

from __future__ import annotations

import json
import re
import threading

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from booxi_desktop.core.jsondoc.decode import decode_json
from booxi_desktop.core.text import local_time_text
from booxi_desktop.core.webhook.payload import SHOW_TEXT_LIMIT
from booxi_desktop.ui.widgets.theme import GREEN, ink
from booxi_desktop.ui.widgets.wrapping_label import WrappingLabel
from tests.ui.webhook_panel_helpers import (
    MODULE,
    WAIT_MS,
    WEBHOOKS,
    load_text,
    make_panel,
    sample,
    set_context,
    tree_rows,
)

pytestmark = pytest.mark.usefixtures("qloop")

# name -> (match path, match externalId, problem codes)
SAMPLES = {
    "booking_single_client.json": ("eventContent.clientLinks[0]", "Y2-000418273", []),
    "booking_bom_crlf.json": ("eventContent.clientLinks[0]", "Y2-000418273", []),
    "booking_client_links_object.json": (
        "eventContent.clientLinks.cegid_y2",
        "Y2-000418273",
        ["client_links_not_array"],
    ),
    "booking_unknown_fields.json": ("eventContent.clientLinks[0]", "Y2-000418273", []),
    "booking_wrong_types.json": (
        "eventContent.clientLinks[0]",
        "Y2-000418273",
        ["client_id_not_integer", "non_string_metadata", "bad_date"],
    ),
    "booking_no_client_links.json": (None, None, ["no_client_links"]),
    "booking_no_event_content.json": (None, None, ["no_event_content"]),
    "booking_group_three_clients.json": (None, None, ["ambiguous_group", "missing_external_id"]),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_pasted_shows_its_tree_and_findings(qtbot, name) -> None:
    path, external_id, codes = SAMPLES[name]
    panel = make_panel(qtbot)
    panel.set_context(MODULE, None)
    load_text(qtbot, panel, sample(name))

    findings = panel.findings
    assert findings is not None
    assert findings.problem_codes == codes
    assert (findings.match.path if findings.match else None) == path
    assert (findings.match.external_id if findings.match else None) == external_id
    assert tree_rows(panel)[:2] == ["eventId", "eventType"]
    view = panel.findings_view
    shown = [row.problem.code for row in view.problems.rows]
    assert shown == codes
    if path is not None:
        assert view.match_label.text().startswith(
            f'<b style="color:{ink(GREEN)}">✓ Module cegid_y2'
        )
        assert view.selected_link() is findings.match
        assert panel.tree.current_path() == path
    assert re.fullmatch(r"pasted text · [\d.]+ (kB|bytes)", panel.status.text())


def test_decoding_and_analysis_run_off_the_ui_thread(qtbot) -> None:
    threads: list[int] = []

    def decode(data):
        threads.append(threading.get_ident())
        return decode_json(data)

    panel = make_panel(qtbot, decode=decode)
    load_text(qtbot, panel, sample("booking_single_client.json"))
    assert threads
    assert threads[0] != threading.get_ident()
    assert panel.findings is not None
    assert len(panel.findings.links) == 2


def test_nothing_changes_before_the_results_unless_reading_is_slow(qtbot) -> None:
    release = threading.Event()
    release.set()

    def decode(data):
        if not release.wait(WAIT_MS / 1000):
            raise AssertionError("the test never released the decoder")
        return decode_json(data)

    panel = make_panel(qtbot, decode=decode)
    load_text(qtbot, panel, sample("booking_single_client.json"))
    quick_status = panel.status.text()
    text = big_text(SHOW_TEXT_LIMIT + 1)
    release.clear()
    panel.load_text(text)
    # Nothing changes before the delay: a payload read by then shows in one paint.
    assert panel.status.text() == quick_status
    assert panel.input.text() != ""
    qtbot.waitUntil(lambda: panel.status.text() == "Reading pasted text…", timeout=WAIT_MS)
    assert panel.input.text() == ""
    assert "too large to show" in panel.input.summary.text()
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        release.set()
    assert panel.status.text().startswith("pasted text · ")
    assert "too large to show" in panel.input.summary.text()


def big_text(size: int) -> str:
    event = json.loads(sample("booking_single_client.json"))
    event["eventContent"]["history"] = ["x" * 100] * (size // 100 + 1)
    return json.dumps(event)


def test_single_event_from_the_sandbox_matches_the_demo_client(qtbot, sandbox) -> None:
    panel = make_panel(qtbot)
    panel.set_context(sandbox.demo_module_id, None)
    load_text(qtbot, panel, json.dumps(sandbox.sample_webhook_event()))
    match = panel.findings.match
    assert match is not None
    assert (match.client_id, match.module_id) == (sandbox.demo_client_id, sandbox.demo_module_id)
    assert panel.findings_view.client_combo.isHidden()


def test_group_reservation_lets_the_user_pick_the_client(qtbot) -> None:
    panel = make_panel(qtbot)
    panel.set_context(MODULE, None)
    load_text(qtbot, panel, sample("booking_group_three_clients.json"))
    view = panel.findings_view
    combo = view.client_combo
    assert combo.isVisible()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Choose a client…",
        "5120044 — Amélie Tremblay",
        "5120987 — Jonas Weber",
        "5121330 — Priya Nair",
    ]
    assert "Choose the client above" in view.match_label.text()
    assert not view.link_box.open_button.isEnabled()

    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        qtbot.keyClick(combo, Qt.Key.Key_Down)

    assert panel.client_id == 5120987
    match = panel.findings.match
    assert (match.path, match.external_id) == ("eventContent.clientLinks[1]", "Y2-000502911")
    assert view.chosen_client() == 5120987
    assert view.selected_link() is match
    assert panel.tree.current_path() == "eventContent.clientLinks[1]"
    assert "ambiguous_group" not in panel.findings.problem_codes


def test_group_event_from_the_sandbox_with_a_client_chosen_by_the_window(qtbot, sandbox) -> None:
    event = sandbox.sample_webhook_event(group=True)
    clients = list(dict.fromkeys(k["clientId"] for k in event["eventContent"]["clientLinks"]))
    assert len(clients) >= 2
    panel = make_panel(qtbot)
    load_text(qtbot, panel, json.dumps(event))
    set_context(qtbot, panel, sandbox.demo_module_id, clients[1])
    match = panel.findings.match
    assert match is not None
    assert match.client_id == clients[1]
    assert panel.findings_view.chosen_client() == clients[1]


def test_link_dates_are_shown_in_local_time(qtbot) -> None:
    panel = make_panel(qtbot)
    panel.set_context(MODULE, None)
    load_text(qtbot, panel, sample("booking_single_client.json"))
    match = panel.findings.match
    details = panel.findings_view.link_box.details.text()
    assert local_time_text(match.created_on) in details
    assert local_time_text(match.modified_on) in details
    assert "storeCode" in details


def test_invalid_json_shows_where_and_moves_the_cursor_there(qtbot) -> None:
    panel = make_panel(qtbot)
    with qtbot.waitSignal(panel.failed, timeout=WAIT_MS) as failed:
        panel.load_text(sample("invalid_missing_comma.json"))

    assert "line 29, column 11" in failed.args[0]
    box = panel.error_box
    assert box.isVisible()
    assert box.heading.text() == "Invalid JSON"
    assert box.where.text() == "Line 29, column 11"
    assert box.excerpt.text() == '          "storeCode": "MTL-014",\n          ^'
    assert "comma is probably missing at the end of the line before" in box.message.text()
    cursor = panel.input.edit.textCursor()
    assert (cursor.blockNumber() + 1, cursor.positionInBlock() + 1) == (29, 11)
    assert tree_rows(panel) == []
    assert panel.findings is None


def test_fixing_the_text_in_place_reads_it_again(qtbot) -> None:
    panel = make_panel(qtbot)
    broken = '{"eventContent": {"clientLinks": [{"moduleId": "cegid_y2" "clientId": 1}]}}'
    with qtbot.waitSignal(panel.failed, timeout=WAIT_MS):
        panel.load_text(broken)
    edit = panel.input.edit
    at = broken.index('"clientId"')
    assert edit.textCursor().positionInBlock() == at
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        qtbot.keyClicks(edit, ",")  # typed where the cursor was put
    assert edit.toPlainText() == broken[:at] + "," + broken[at:]
    assert panel.findings.client_ids == [1]


def test_column_counts_characters_beyond_the_basic_plane(qtbot) -> None:
    panel = make_panel(qtbot)
    with qtbot.waitSignal(panel.failed, timeout=WAIT_MS):
        panel.load_text('{"note": "😀😀", "x": }')
    assert panel.error_box.where.text() == "Line 1, column 21"
    cursor = panel.input.edit.textCursor()
    # 20 characters before the brace but 22 UTF-16 units, which is what the box counts.
    assert cursor.positionInBlock() == 22
    cursor.movePosition(cursor.MoveOperation.Right, cursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "}"


def test_deeply_nested_input_is_refused(qtbot) -> None:
    panel = make_panel(qtbot)
    with qtbot.waitSignal(panel.failed, timeout=WAIT_MS):
        panel.load_text("[" * 100_000 + "]" * 100_000)
    assert panel.error_box.heading.text() == "Nesting too deep"
    assert "more than 200 levels" in panel.error_box.message.text()
    assert panel.error_box.where.text() == "Line 1, column 201"


def test_a_file_over_the_size_limit_is_refused_without_reading_it(qtbot, tmp_path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(60_000_000)  # sparse: no disk space, no memory
    panel = make_panel(qtbot)
    with qtbot.waitSignal(panel.failed, timeout=WAIT_MS):
        panel.load_file(huge)
    assert panel.error_box.heading.text() == "Payload too large"
    assert panel.error_box.message.text() == "The file huge.json is 60 MB, the limit is 50 MB."


def test_non_utf8_bytes_are_refused_and_pointed_at(qtbot) -> None:
    panel = make_panel(qtbot)
    data = b'{\n  "firstName": "Am\xe9lie"\n}'
    with qtbot.waitSignal(panel.failed, timeout=WAIT_MS):
        panel.load_bytes(data)
    box = panel.error_box
    assert box.heading.text() == "Not UTF-8"
    assert "0xE9" in box.message.text()
    assert box.where.text() == "Line 2, column 19"
    edit = panel.input.edit
    assert edit.toPlainText() == '{\n  "firstName": "Am\ufffdlie"\n}'
    cursor = edit.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (1, 18)


def test_bytes_with_bom_and_crlf_are_read_and_shown(qtbot) -> None:
    panel = make_panel(qtbot)
    panel.set_context(MODULE, None)
    data = (WEBHOOKS / "booking_bom_crlf.json").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.load_bytes(data, source="webhook.log")
    assert panel.findings.match.external_id == "Y2-000418273"
    assert panel.input.text().startswith('{\n  "eventId"')
    assert panel.status.text().startswith("webhook.log · ")


def test_dropping_a_file_on_the_panel_reads_it(qtbot) -> None:
    panel = make_panel(qtbot)
    panel.set_context(MODULE, None)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(WEBHOOKS / "booking_unknown_fields.json"))])
    drop = QDropEvent(
        QPoint(600, 600).toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.dropEvent(drop)
    assert drop.isAccepted()
    assert panel.status.text().startswith("booking_unknown_fields.json · 1.0 kB")
    assert panel.input.text() == sample("booking_unknown_fields.json")
    assert panel.findings.match.unknown_fields["linkStatus"] == "active"
    assert "linkStatus" in panel.findings_view.link_box.details.text()


def test_pasting_a_copied_file_into_the_box_reads_the_file(qtbot) -> None:
    panel = make_panel(qtbot)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(WEBHOOKS / "booking_single_client.json"))])
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        panel.input.edit.insertFromMimeData(mime)
    assert panel.input.text() == sample("booking_single_client.json")
    assert len(panel.findings.links) == 2


def test_ctrl_v_into_the_box_reads_at_once(qtbot) -> None:
    panel = make_panel(qtbot)
    QGuiApplication.clipboard().setText(sample("booking_group_three_clients.json"))
    panel.input.edit.setFocus()
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        qtbot.keyClick(panel.input.edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert panel.findings.client_ids == [5120044, 5120987, 5121330]


def test_paste_button_replaces_the_text_with_the_clipboard(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample("booking_single_client.json"))
    QGuiApplication.clipboard().setText(sample("booking_no_client_links.json"))
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        qtbot.mouseClick(panel.input.paste_button, Qt.MouseButton.LeftButton)
    assert panel.input.text() == sample("booking_no_client_links.json")
    assert panel.findings.problem_codes == ["no_client_links"]


def test_paste_button_with_an_empty_clipboard_says_so(qtbot) -> None:
    panel = make_panel(qtbot)
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(panel.input.paste_button, Qt.MouseButton.LeftButton)
    assert panel.input.summary.text() == "The clipboard holds no text and no file to read."


def test_typing_reads_the_payload_after_a_pause(qtbot) -> None:
    panel = make_panel(qtbot)
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        qtbot.keyClicks(panel.input.edit, '{"eventContent": {"clientLinks": []}}')
    assert panel.findings.problem_codes == ["empty_client_links"]


def test_open_button_reads_the_chosen_file(qtbot) -> None:
    asked: list[object] = []

    def chooser(parent):
        asked.append(parent)
        return WEBHOOKS / "booking_wrong_types.json"

    panel = make_panel(qtbot, file_chooser=chooser)
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        qtbot.mouseClick(panel.input.open_button, Qt.MouseButton.LeftButton)
    assert asked == [panel.input]
    assert "bad_date" in panel.findings.problem_codes


def test_opening_a_missing_file_says_so(qtbot, tmp_path) -> None:
    panel = make_panel(qtbot, file_chooser=lambda parent: tmp_path / "gone.json")
    with qtbot.waitSignal(panel.failed, timeout=WAIT_MS):
        qtbot.mouseClick(panel.input.open_button, Qt.MouseButton.LeftButton)
    assert panel.error_box.heading.text() == "Cannot open the file"
    assert panel.error_box.message.text() == "The file gone.json was not found."


def test_large_text_is_summarised_instead_of_shown(qtbot) -> None:
    event = json.loads(sample("booking_single_client.json"))
    event["eventContent"]["history"] = ["x" * 100] * (SHOW_TEXT_LIMIT // 100)
    text = json.dumps(event)
    assert len(text) > SHOW_TEXT_LIMIT
    panel = make_panel(qtbot)
    load_text(qtbot, panel, text)
    assert panel.input.text() == ""
    assert panel.input.summary.text().startswith(
        f"The payload (pasted text, {len(text):,} characters) is too large to show"
    )
    assert panel.status.text() == "pasted text · 533.4 kB"
    content = panel.tree.model.index_for_path(("eventContent", "history"))
    assert panel.tree.model.rowCount(content) == SHOW_TEXT_LIMIT // 100
    assert len(panel.findings.links) == 2


def test_clear_empties_the_box_and_the_results(qtbot) -> None:
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample("booking_single_client.json"))
    qtbot.mouseClick(panel.input.clear_button, Qt.MouseButton.LeftButton)
    assert panel.input.text() == ""
    assert tree_rows(panel) == []
    assert panel.findings is None
    assert panel.pages.currentIndex() == 0


def test_each_wrapped_label_of_the_findings_fits_its_text_in_the_pane(qtbot) -> None:
    # Qt's own size hints lay the labels out; each gets the height its text needs at the
    # width it is given, and none reaches past the pane (it has no sideways scroll bar).
    panel = make_panel(qtbot)
    panel.set_context(MODULE, None)
    labels = panel.findings_view.findChildren(WrappingLabel)
    before = {label: label.text() for label in labels}
    load_text(qtbot, panel, sample("booking_single_client.json"))
    shown = [
        label
        for label in labels
        if label.isVisible() and label.text() and label.text() != before[label]
    ]
    assert len(shown) >= 6
    for _ in range(5):
        QApplication.processEvents()
    pane = panel.findings_view.width()
    for label in shown:
        assert label.height() >= label.heightForWidth(label.width()), label.objectName()
        right = label.mapTo(panel.findings_view, label.rect().topRight()).x()
        assert right < pane, label.objectName()


@pytest.mark.parametrize("levels", [201, 300, 600, 990])
def test_a_payload_nested_too_deep_is_refused_and_never_shown(qtbot, levels) -> None:
    # json parses these (up to about its recursion limit); the limit is 200 levels.
    panel = make_panel(qtbot)
    load_text(qtbot, panel, sample("booking_single_client.json"))
    before = panel.tree.model.document()
    deep = '{"eventContent": ' + '{"a":' * (levels - 1) + "1" + "}" * (levels - 1) + "}"
    shown: list[object] = []
    documents: list[object] = []
    pages: list[int] = []
    panel.loader.decoded.connect(shown.append)
    panel.loader.analysed.connect(shown.append)
    panel.parsed.connect(lambda: shown.append("parsed"))
    panel.tree.model.modelReset.connect(lambda: documents.append(panel.tree.model.document()))
    panel.pages.currentChanged.connect(pages.append)
    with qtbot.waitSignal(panel.failed, timeout=WAIT_MS):
        panel.load_text(deep)
    qtbot.waitUntil(lambda: panel.loader.pending == 0, timeout=WAIT_MS)
    assert shown == []
    assert all(document in (before, {}) for document in documents)
    assert pages == [2]
    assert panel.error_box.heading.text() == "Nesting too deep"
    # The 201st brace: the first at column 1, then one every 5 characters from column 18.
    assert panel.error_box.where.text() == "Line 1, column 1013"
    assert panel.findings is None
    assert tree_rows(panel) == []
    assert not panel.loader.has_document
    assert panel.input.text() == deep  # what the user pasted stays, cursor on the fault
    assert panel.input.edit.textCursor().positionInBlock() == 1012
