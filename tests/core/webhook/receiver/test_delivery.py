"""What a delivery keeps of its findings: the summary the list of deliveries shows."""

from __future__ import annotations

import json

import pytest

from booxi_desktop.core.webhook.analysis import analyse
from booxi_desktop.core.webhook.receiver.delivery import Summary
from booxi_desktop.core.webhook.samples import sample_event

GROUP = json.loads(sample_event("group").text())
GROUP_CLIENTS = (3104311, 3104312, 3104313)


@pytest.mark.parametrize(
    ("module", "client", "match", "problems"),
    [
        ("cegid_y2", None, "choose client", 1),  # several links for the module
        ("cegid_y2", 3104312, "match", 0),
        ("no_such_module", None, "no match", 1),
        (None, None, "4 link(s)", 0),
    ],
)
def test_the_summary_says_how_a_group_event_matches(module, client, match, problems) -> None:
    summary = Summary.of(analyse(GROUP, module, client))
    assert summary.match == match
    assert summary.client_ids == GROUP_CLIENTS
    assert summary.problems == problems


def test_the_summary_keeps_the_crm_status_of_the_match() -> None:
    findings = analyse(GROUP, "cegid_y2", 3104312, frozenset({"nothing-known"}))
    assert findings.match is not None
    assert Summary.of(findings).crm_status == findings.match.crm_status == "new"
    assert Summary.of(analyse(GROUP, "cegid_y2", 3104312)).crm_status is None
