"""``booxi-link`` with dates no time zone can show, and with a body that empties a link."""

from __future__ import annotations

import json

import pytest

from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.core.storage.backups import BackupStore
from tests import YEAR_9999_WEST, YEAR_ONE_WEST
from tests.cli.support import ids

pytestmark = pytest.mark.usefixtures("west_of_utc")


@pytest.fixture
def odd_dates(sandbox) -> None:
    sandbox.set_link_dates(
        sandbox.demo_client_id,
        sandbox.demo_module_id,
        created_on=YEAR_ONE_WEST,
        modified_on=YEAR_9999_WEST,
    )


@pytest.mark.usefixtures("odd_dates")
def test_get_prints_such_dates_as_sent_and_names_them(cli, sandbox) -> None:
    code, out, err = cli("get", *ids(sandbox))
    assert code == 0, err
    link = json.loads(out)["link"]
    assert (link["createdOn"], link["modifiedOn"]) == (YEAR_ONE_WEST, YEAR_9999_WEST)
    assert f"createdOn {YEAR_ONE_WEST!r} is not a valid date" in err
    assert f"modifiedOn {YEAR_9999_WEST!r} is not a valid date" in err


@pytest.mark.usefixtures("odd_dates")
def test_put_backs_up_and_lists_a_link_with_such_dates(cli, sandbox, tmp_path) -> None:
    body = tmp_path / "link.json"
    body.write_text(json.dumps({"externalId": "Y2-NEW", "metadata": {"k": "v"}}))
    code, out, err = cli("put", *ids(sandbox), "--file", str(body))
    assert code == 0, err
    assert json.loads(out)["link"]["createdOn"] == YEAR_ONE_WEST
    assert "createdOn" in err
    assert "is not a valid date" in err

    code, out, err = cli("backups", "list", target=False)
    assert code == 0, err
    (line,) = out.strip().splitlines()
    backup = line.split()[-1]
    code, out, err = cli("backups", "show", backup, target=False)
    assert code == 0, err
    saved = json.loads(out)["link"]
    assert (saved["createdOn"], saved["modifiedOn"]) == (YEAR_ONE_WEST, YEAR_9999_WEST)
    assert "is not a valid date" in err


def test_backups_list_shows_the_others_and_names_a_bad_saved_at(cli) -> None:
    store = BackupStore()
    good = store.write("na", ClientModuleLink(42, "cegid_y2", "Y2-1", {"a": "1"}))
    odd = store.write("na", ClientModuleLink(43, "cegid_y2", "Y2-2", {"a": "1"}))
    document = json.loads(odd.read_text())
    document["savedAt"] = "0001-01-01T00:00:00+05:00"
    odd.write_text(json.dumps(document))

    code, out, err = cli("backups", "list", target=False)
    assert code == 0, err
    assert str(good) in out
    assert str(odd) not in out
    assert str(odd) in err
    assert "savedAt '0001-01-01T00:00:00+05:00' is not a valid date" in err


@pytest.mark.parametrize("as_json", [False, True])
def test_inspect_with_such_dates_names_them(cli, tmp_path, as_json) -> None:
    link = {
        "moduleId": "cegid_y2",
        "clientId": 42,
        "externalId": "Y2-1",
        "metadata": {"tier": "gold"},
        "createdOn": YEAR_ONE_WEST,
        "modifiedOn": YEAR_9999_WEST,
    }
    payload = tmp_path / "event.json"
    payload.write_text(json.dumps({"eventContent": {"clientLinks": [link]}}))
    args = ["inspect", str(payload), "--module", "cegid_y2", *(["--json"] if as_json else [])]
    code, out, err = cli(*args, target=False)
    assert code == 20, err
    if as_json:
        found = json.loads(out)
        assert found["match"]["createdOn"] == YEAR_ONE_WEST
        assert found["match"]["modifiedOn"] == YEAR_9999_WEST
        assert [p["code"] for p in found["problems"]].count("bad_date") == 2
    else:
        assert "not a valid date" in out
        assert YEAR_ONE_WEST in out
        assert YEAR_9999_WEST in out


def test_put_that_empties_a_link_is_refused_without_allow_empty(cli, sandbox, tmp_path) -> None:
    before = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    body = tmp_path / "empty.json"
    body.write_text(json.dumps({"externalId": "", "metadata": {}}))
    sandbox.clear_request_log()

    code, _, err = cli("put", *ids(sandbox), "--file", str(body), "--dry-run")
    assert code == 0, err
    assert "leaves the link empty" in err

    code, out, err = cli("put", *ids(sandbox), "--file", str(body))
    assert code != 0
    assert "--allow-empty" in err
    assert "leaving the link empty" in err
    assert [m for m, _, _ in sandbox.request_log if m == "PUT"] == []
    assert sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id) == before
    assert out == ""

    code, out, err = cli("put", *ids(sandbox), "--file", str(body), "--allow-empty")
    assert code == 0, err
    after = sandbox.get_link(sandbox.demo_client_id, sandbox.demo_module_id)
    assert (after["externalId"], after["metadata"]) == ("", {})
    # Emptying an empty link again is no loss: nothing more to ask.
    code, _, err = cli("put", *ids(sandbox), "--file", str(body))
    assert "--allow-empty" not in err


def test_restoring_an_empty_backup_over_a_full_link_needs_allow_empty(cli, sandbox) -> None:
    empty = ClientModuleLink(sandbox.demo_client_id, sandbox.demo_module_id, "", {})
    path = BackupStore().write("sandbox", empty)
    code, _, err = cli("backups", "restore", str(path))
    assert code != 0
    assert "--allow-empty" in err
    assert [m for m, _, _ in sandbox.request_log if m == "PUT"] == []
