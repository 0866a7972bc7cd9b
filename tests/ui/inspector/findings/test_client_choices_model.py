"""The client picker's model: labels made on demand, the prompt first, a stranger last."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from booxi_desktop.core.webhook.analysis import ClientNames
from booxi_desktop.ui.inspector.findings.client_choices_model import ClientChoicesModel

CLIENTS = [
    {"clientId": 5120044, "firstName": "Amélie", "lastName": "Tremblay"},
    {"clientId": 5120987, "firstName": "", "lastName": None},
    {"clientId": "5121330", "firstName": "Text", "lastName": "Id"},
    "not a client",
    {"clientId": 5121331, "lastName": "Nair"},
]


def labels(model: ClientChoicesModel) -> list[str]:
    return [model.index(row).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]


def test_names_come_from_the_event_clients_only_when_well_shaped(qapp) -> None:
    names = ClientNames(CLIENTS)
    assert names.get(5120044) == "Amélie Tremblay"
    assert names.get(5120987) is None  # no usable name
    assert names.get(5121330) is None  # its id is text, not the client's number
    assert names.get(5121331) == "Nair"
    assert ClientNames({"clientId": 1}).get(1) is None


def test_choices_label_each_client_and_map_rows_back(qapp) -> None:
    model = ClientChoicesModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_choices([5120044, 5120987, 5121331], ClientNames(CLIENTS))
    assert labels(model) == [
        "Choose a client…",
        "5120044 — Amélie Tremblay",
        "5120987",
        "5121331 — Nair",
    ]
    assert [model.choice(row) for row in range(-1, 5)] == [
        None,
        None,
        5120044,
        5120987,
        5121331,
        None,
    ]
    assert model.row_of(5121331) == 3
    assert model.row_of(None) == 0
    assert model.row_of(42) == 0


def test_a_chosen_client_missing_from_the_event_is_listed_last(qapp) -> None:
    model = ClientChoicesModel()
    model.set_choices([5120044], ClientNames(), chosen=42)
    assert labels(model) == ["Any client", "5120044", "42 (not in this event)"]
    assert model.row_of(42) == 2
    assert model.choice(2) == 42


def test_thousands_of_clients_are_labelled_only_when_asked(qapp) -> None:
    clients = [{"clientId": 7_000_000 + i, "firstName": f"C{i}"} for i in range(20_000)]
    names = ClientNames(clients)
    model = ClientChoicesModel()
    model.set_choices([c["clientId"] for c in clients], names)
    assert model.rowCount() == 20_001
    assert names._rows is None  # nothing read yet: the list has not been shown
    assert model.index(20_000).data() == "7019999 — C19999"
    assert model.row_of(7_019_999) == 20_000
