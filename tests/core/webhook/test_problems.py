"""Problem codes are defined once, each with its severity, and written as plain strings."""

from __future__ import annotations

import json

from booxi_desktop.core.jsondoc.decode import decode_json
from booxi_desktop.core.jsondoc.notes import find_json_notes
from booxi_desktop.core.webhook.analysis import analyse
from booxi_desktop.core.webhook.problems import Problem, ProblemCode, Severity
from tests import WEBHOOKS


def test_every_code_has_a_severity() -> None:
    assert {code: code.severity for code in ProblemCode}.keys() == set(ProblemCode)
    assert ProblemCode.NO_LINK_FOR_MODULE.severity is Severity.ERROR
    assert ProblemCode.BAD_DATE.severity is Severity.WARNING
    assert ProblemCode.AMBIGUOUS_GROUP.severity is Severity.NOTE


def test_a_problem_is_written_with_its_code_as_a_plain_string() -> None:
    problem = Problem(ProblemCode.DUPLICATE_LINK, "Two entries.", "eventContent.clientLinks")
    written = json.dumps(problem.to_json())
    assert json.loads(written)["code"] == "duplicate_link"
    assert problem.severity is Severity.WARNING


def test_every_code_found_in_the_samples_is_one_of_the_enum() -> None:
    found: set[object] = set()
    for path in WEBHOOKS.glob("*.json"):
        raw = path.read_bytes()
        try:
            document = decode_json(raw)
        except ValueError:
            continue
        for module, client in ((None, None), ("cegid_y2", None), ("cegid_y2", 42)):
            findings = analyse(document, module, client, frozenset(), find_json_notes(raw))
            found.update(type(p.code) for p in findings.problems)
    assert found == {ProblemCode}
