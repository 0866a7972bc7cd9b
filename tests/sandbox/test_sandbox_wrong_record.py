"""The wrong_client / wrong_module faults: a link answer that names another record."""

from __future__ import annotations

import httpx

from booxi_desktop.sandbox import seed
from booxi_desktop.sandbox.__main__ import _parser
from booxi_desktop.sandbox.server import SandboxServer
from tests.sandbox.sandbox_helpers import link_path

DEMO = seed.DEMO_CLIENT_ID


def test_wrong_client_answers_another_clients_link_of_the_same_module(
    srv: SandboxServer, api: httpx.Client
) -> None:
    srv.faults.wrong_client = 1
    answer = api.get(link_path(DEMO, seed.CEGID_Y2)).json()
    assert answer["link"]["clientId"] != DEMO
    assert answer["link"]["moduleId"] == seed.CEGID_Y2
    # A real other record, its client with it, as a misrouted answer would be.
    assert answer["link"] == srv.get_link(answer["link"]["clientId"], seed.CEGID_Y2)
    assert answer["client"]["id"] == answer["link"]["clientId"]
    assert srv.faults.wrong_client == 0
    assert api.get(link_path(DEMO, seed.CEGID_Y2)).json()["link"]["clientId"] == DEMO


def test_wrong_module_answers_the_same_clients_other_module(
    srv: SandboxServer, api: httpx.Client
) -> None:
    srv.faults.wrong_module = 1
    link = api.get(link_path(DEMO, seed.CEGID_Y2)).json()["link"]
    assert (link["clientId"], link["moduleId"]) == (DEMO, seed.ACME_CRM)


def test_without_another_record_the_answer_is_renamed(
    srv: SandboxServer, api: httpx.Client
) -> None:
    # 3104188 has a link in one module only.
    srv.faults.wrong_module = 1
    link = api.get(link_path(3104188, seed.CEGID_Y2)).json()["link"]
    assert link["clientId"] == 3104188
    assert link["moduleId"] != seed.CEGID_Y2


def test_a_put_is_stored_on_the_record_it_names_and_answered_with_another(
    srv: SandboxServer, api: httpx.Client
) -> None:
    other_before = srv.get_link(3104188, seed.CEGID_Y2)
    srv.faults.wrong_client = 1
    r = api.put(link_path(DEMO, seed.CEGID_Y2), json={"externalId": "NEW", "metadata": {}})
    assert r.json()["link"]["clientId"] != DEMO
    assert srv.get_link(DEMO, seed.CEGID_Y2)["externalId"] == "NEW"
    assert srv.get_link(3104188, seed.CEGID_Y2) == other_before


def test_only_successful_link_answers_count(srv: SandboxServer, api: httpx.Client) -> None:
    srv.faults.wrong_client = 1
    assert api.get("/client", params={"moduleId": "cegid_y2", "externalId": "x"}).is_success
    assert api.get(link_path(seed.UNLINKED_CLIENT_ID, seed.CEGID_Y2)).status_code == 404
    assert srv.faults.wrong_client == 1
    assert api.get(link_path(DEMO, seed.CEGID_Y2)).json()["link"]["clientId"] != DEMO


def test_the_command_line_exposes_both_counters() -> None:
    args = _parser().parse_args(["--wrong-client", "2", "--wrong-module", "3"])
    assert (args.wrong_client, args.wrong_module) == (2, 3)
