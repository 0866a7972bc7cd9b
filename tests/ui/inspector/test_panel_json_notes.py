"""The inspector shows a payload's duplicate keys and NaN/Infinity as problems."""

from __future__ import annotations

import pytest

from tests.ui.webhook_panel_helpers import MODULE, WAIT_MS, load_text, make_panel, set_context

pytestmark = pytest.mark.usefixtures("qloop")

DUPLICATED = (
    '{"eventId": "e1", "eventContent": {"clientLinks": [{"moduleId": "cegid_y2", '
    '"clientId": 5, "externalId": "REAL", "metadata": {}, "externalId": "FAKE"}], '
    '"total": NaN}}'
)


def problem_codes(panel) -> list[str]:
    return [row.problem.code for row in panel.findings_view.problems.rows]


def test_duplicate_keys_and_nan_are_listed_and_survive_a_context_change(qtbot) -> None:
    panel = make_panel(qtbot)
    panel.set_context(MODULE, None)
    load_text(qtbot, panel, DUPLICATED)
    # Found right after the first paint, in the background: then the list shows them.
    qtbot.waitUntil(lambda: "duplicate_key" in problem_codes(panel), timeout=WAIT_MS)
    assert problem_codes(panel)[:2] == ["duplicate_key", "non_standard_number"]
    assert panel.findings.problems[0].path == "eventContent.clientLinks[0].externalId"
    # Analysed again for another module: the payload's own problems stay.
    set_context(qtbot, panel, "other_module", None)
    qtbot.waitUntil(lambda: panel.findings.module_id == "other_module", timeout=WAIT_MS)
    assert problem_codes(panel)[:2] == ["duplicate_key", "non_standard_number"]


def test_a_clean_payload_gets_no_such_problem(qtbot) -> None:
    panel = make_panel(qtbot)
    panel.set_context(MODULE, None)
    load_text(qtbot, panel, DUPLICATED.replace(', "externalId": "FAKE"', "").replace("NaN", "1"))
    qtbot.waitUntil(lambda: not panel.loader.pending, timeout=WAIT_MS)
    assert "duplicate_key" not in problem_codes(panel)
    assert "non_standard_number" not in problem_codes(panel)
