"""The history table model, without widgets: rows, filters, roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from booxi_desktop.core.history.record import Change, HistoryRecord, Outcome
from booxi_desktop.ui.history.model import (
    CHANGE,
    CLIENT,
    OUTCOME,
    HistoryFilter,
    HistoryModel,
    RecordRole,
)

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def records() -> list[HistoryRecord]:
    return [
        HistoryRecord(
            at=T0 - timedelta(hours=1),
            region="na",
            client_id=11,
            module_id="cegid_y2",
            outcome=Outcome.SENT,
            change=Change(changed={"loyaltyTier": ("gold", "platinum")}),
            backup="/b/1.json",
        ),
        HistoryRecord(
            at=T0 - timedelta(hours=2),
            region="eu",
            client_id=22,
            module_id="acme_crm",
            outcome=Outcome.REFUSED,
            status=400,
            message="InvalidExternalId: already used",
        ),
        HistoryRecord(
            at=T0 - timedelta(hours=3),
            region="na",
            client_id=22,
            module_id="cegid_y2",
            outcome=Outcome.CANCELLED,
            change=Change(added={"storeCode": "MTL-01"}),
        ),
    ]


def shown(model: HistoryModel) -> list[int]:
    return [model.index(r, CLIENT).data() for r in range(model.rowCount())]


def test_rows_in_the_order_given_with_texts_and_roles(qapp) -> None:
    model = HistoryModel()
    model.set_records(records())
    assert model.rowCount() == 3
    assert model.total == 3
    assert shown(model) == ["11", "22", "22"]
    assert model.index(1, OUTCOME).data() == "Refused (400)"
    assert model.index(0, CHANGE).data() == "1 changed"
    assert model.index(1, CHANGE).data() == "—"
    assert model.index(1, OUTCOME).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, OUTCOME).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(2, 0).data(RecordRole) == records()[2]
    assert "/b/1.json" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.regions() == ["eu", "na"]


def test_filters_by_client_module_region_and_text(qapp) -> None:
    model = HistoryModel()
    model.set_records(records())
    model.set_filter(HistoryFilter(client="22"))
    assert shown(model) == ["22", "22"]
    model.set_filter(HistoryFilter(client="22", module="cegid_y2"))
    assert [model.record(r).outcome for r in range(model.rowCount())] == [Outcome.CANCELLED]
    model.set_filter(HistoryFilter(region="eu"))
    assert shown(model) == ["22"]
    # Text matches what is shown (the change summary, outcome) and the server's message.
    model.set_filter(HistoryFilter(text="invalidexternal"))
    assert shown(model) == ["22"]
    model.set_filter(HistoryFilter(text="CANCELLED"))
    assert model.record(0) == records()[2]
    model.set_filter(HistoryFilter(text="nothing like this"))
    assert model.rowCount() == 0
    assert model.record(0) is None
    model.set_filter(HistoryFilter())
    assert model.rowCount() == 3


def test_new_records_keep_the_filter(qapp) -> None:
    model = HistoryModel()
    model.set_filter(HistoryFilter(region="na"))
    model.set_records(records())
    assert model.rowCount() == 2
    assert model.row_of(records()[2]) == 1
    assert model.row_of(records()[1]) == -1
