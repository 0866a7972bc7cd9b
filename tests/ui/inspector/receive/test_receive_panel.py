"""The Receive panel in a real window, fed over loopback."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import httpx
import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.webhook_panel_helpers import WAIT_MS

EVENT = {
    "eventId": "evt-42",
    "eventContent": {
        "clientLinks": [
            {"moduleId": "cegid_y2", "clientId": 5, "externalId": "CRM-5", "metadata": {}}
        ]
    },
}


def send(url: str, body: bytes, method: str = "POST", **headers: str) -> None:
    with httpx.Client(trust_env=False) as client:
        assert client.request(method, url, content=body, headers=headers).status_code == 200


@pytest.fixture
def receiving(make_window):
    window = make_window()
    url = window.webhooks.start_receiving()
    assert url is not None
    yield window, url
    window.webhooks.receive.stop_receiving()


def test_deliveries_are_listed_and_a_selected_one_fills_tree_findings_and_headers(
    qtbot, receiving
) -> None:
    window, url = receiving
    control = window.webhooks.receive
    model = control.panel.model
    assert control.panel.url.text() == url
    send(url + "booxi", json.dumps(EVENT).encode(), "PUT", **{"X-Trace": "abc"})
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
    panel = window.webhooks.panel()
    with qtbot.waitSignal(panel.parsed, timeout=WAIT_MS):
        control.panel.table.selectRow(0)
    assert panel.findings is not None
    assert panel.findings.match is not None
    assert panel.findings.match.external_id == "CRM-5"
    headers = control.panel.headers.toPlainText()
    assert headers.startswith("PUT /booxi HTTP/1.1")
    assert "X-Trace: abc" in headers or "x-trace: abc" in headers


def test_new_deliveries_do_not_move_the_selection_or_take_focus(qtbot, receiving) -> None:
    window, url = receiving
    control = window.webhooks.receive
    table = control.panel.table
    send(url, json.dumps(EVENT).encode())
    send(url, json.dumps({**EVENT, "eventId": "evt-43"}).encode())
    qtbot.waitUntil(lambda: control.panel.model.rowCount() == 2, timeout=WAIT_MS)
    table.selectionModel().select(
        control.panel.model.index(1, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    control.panel.replay_url.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is control.panel.replay_url, timeout=WAIT_MS)
    focused = QApplication.focusWidget()
    for n in range(5):
        send(url, json.dumps({**EVENT, "eventId": f"more-{n}"}).encode())
    qtbot.waitUntil(lambda: control.panel.model.rowCount() == 7, timeout=WAIT_MS)
    delivery = control.selected()
    assert delivery is not None
    assert delivery.event_id == "evt-43"
    assert QApplication.focusWidget() is focused


def test_a_duplicate_is_shown_as_one_of_the_first(qtbot, receiving) -> None:
    window, url = receiving
    model = window.webhooks.receive.panel.model
    body = json.dumps(EVENT).encode()
    send(url, body)
    send(url, body)
    send(url, b"")
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=WAIT_MS)
    assert [model.index(r, 7).data() for r in range(3)] == ["ok", "duplicate of #1", "not JSON"]
    assert "3 deliveries" in window.webhooks.receive.panel.counts.text()


def test_export_writes_the_body_or_the_http_request(qtbot, receiving, tmp_path) -> None:
    window, url = receiving
    control = window.webhooks.receive
    body = json.dumps(EVENT).encode()
    send(url + "x", body, **{"Content-Type": "application/json"})
    qtbot.waitUntil(lambda: control.panel.model.rowCount() == 1, timeout=WAIT_MS)
    delivery = control.panel.model.delivery(0)
    assert delivery is not None
    assert control.write_export(delivery, tmp_path / "d.json", http=False)
    assert control.write_export(delivery, tmp_path / "d.http", http=True)
    assert (tmp_path / "d.json").read_bytes() == body
    http = (tmp_path / "d.http").read_bytes()
    assert http.startswith(b"POST /x HTTP/1.1\r\n")
    assert http.endswith(b"\r\n\r\n" + body)


class Recorder(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, bytes]]] = []

    def do_POST(self) -> None:
        self.seen.append((self.command, self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def handler_url() -> Iterator[str]:
    Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/mine"
    server.shutdown()
    server.server_close()


def test_replay_to_loopback_sends_at_once_and_shows_status(qtbot, receiving, handler_url) -> None:
    window, url = receiving
    control = window.webhooks.receive
    body = json.dumps(EVENT).encode()
    send(url, body)
    qtbot.waitUntil(lambda: control.panel.model.rowCount() == 1, timeout=WAIT_MS)
    control.panel.table.selectRow(0)
    control.panel.replay_url.setText(handler_url)
    with qtbot.waitSignal(control.replayed, timeout=WAIT_MS):
        control.panel.replay_button.click()
    assert Recorder.seen == [("POST", body)]
    assert control.panel.replay_result.text().startswith("Answered 201 in ")


def test_replay_elsewhere_asks_naming_the_host_and_sends_nothing_when_cancelled(
    qtbot, receiving
) -> None:
    window, url = receiving
    control = window.webhooks.receive
    send(url, json.dumps(EVENT).encode())
    qtbot.waitUntil(lambda: control.panel.model.rowCount() == 1, timeout=WAIT_MS)
    control.panel.table.selectRow(0)
    control.panel.replay_url.setText("https://handler.example.com/hook")
    control.panel.replay_button.click()
    boxes: list[QMessageBox] = []

    def asked() -> bool:
        boxes[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.objectName() == "replayHostQuestion"
        ]
        return bool(boxes) and boxes[0].isVisible()

    qtbot.waitUntil(asked, timeout=WAIT_MS)
    assert "handler.example.com" in boxes[0].text()
    boxes[0].button(QMessageBox.StandardButton.Cancel).click()
    assert control.confirmed_hosts == set()
    assert control.panel.replay_result.text() == ""


def test_stop_frees_the_port_and_keeps_the_list(qtbot, receiving) -> None:
    window, url = receiving
    control = window.webhooks.receive
    send(url, b"{}")
    qtbot.waitUntil(lambda: control.panel.model.rowCount() == 1, timeout=WAIT_MS)
    control.panel.start_button.click()
    assert control.receiver is None
    assert control.panel.model.rowCount() == 1
    with pytest.raises(httpx.ConnectError):
        httpx.post(url, content=b"{}", trust_env=False)


def test_deliveries_after_a_module_change_are_read_for_the_new_module(qtbot, receiving) -> None:
    window, url = receiving
    model = window.webhooks.receive.panel.model
    window.load_bar.module_edit.setEditText("cegid_y2")
    send(url, json.dumps(EVENT).encode())
    # The receiver answers before it reads the body: wait until it has read this one.
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
    window.load_bar.module_edit.setEditText("other_module")
    send(url, json.dumps({**EVENT, "eventId": "evt-2"}).encode())
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=WAIT_MS)
    assert [model.index(r, 5).data() for r in range(2)] == ["match", "no match"]


def test_a_receiver_that_dies_is_shown_stopped_and_the_list_stays(qtbot, receiving) -> None:
    window, url = receiving
    control = window.webhooks.receive
    send(url, b"{}")
    qtbot.waitUntil(lambda: control.panel.model.rowCount() == 1, timeout=WAIT_MS)
    receiver = control.receiver
    assert receiver is not None
    assert receiver.pid is not None
    os.kill(receiver.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: control.receiver is None, timeout=WAIT_MS)
    assert "stopped unexpectedly" in control.panel.counts.text()
    assert not control.panel.start_button.isChecked()
    assert control.panel.model.rowCount() == 1
    control.panel.start_button.click()  # and it can be started again
    assert control.receiver is not None
    assert control.receiver.running
