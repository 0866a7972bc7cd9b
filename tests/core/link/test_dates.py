"""The one date rule: dates that cannot be shown everywhere are refused, named and kept."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from booxi_desktop.core.link.model import (
    ClientModuleLink,
    LinkResponse,
    date_problem,
    empties_link,
    format_datetime,
    parse_datetime,
)
from booxi_desktop.core.storage.backups import BackupStore
from booxi_desktop.core.webhook.analysis import analyse
from booxi_desktop.core.webhook.report import describe

YEAR_ONE_WEST = "0001-01-01T00:00:00-05:00"
YEAR_ONE_EAST = "0001-01-01T00:00:00+05:00"
YEAR_9999_WEST = "9999-12-31T23:59:59-05:00"
OUT_OF_RANGE = [YEAR_ONE_WEST, YEAR_ONE_EAST, YEAR_9999_WEST, "0001-01-01T05:00:00Z"]
MALFORMED = ["02/05/2024 09:41", "", 1714550400, True, {"at": "now"}]


@pytest.fixture
def zone() -> Iterator[object]:
    """``zone("America/Montreal")`` makes that the local time zone for the rest of the test."""
    before = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield set_zone
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def link_json(**dates: object) -> dict[str, object]:
    return {
        "moduleId": "cegid_y2",
        "clientId": 42,
        "externalId": "Y2-1",
        "metadata": {"tier": "gold"},
        **dates,
    }


@pytest.mark.parametrize("text", OUT_OF_RANGE)
def test_dates_outside_the_safe_range_are_refused(text: str) -> None:
    assert parse_datetime(text) is None
    assert date_problem(text) == "outside the years 0001 to 9999 that can be shown"


@pytest.mark.parametrize("text", ["0001-01-02T00:00:00Z", "9999-12-30T23:59:59.999999Z"])
@pytest.mark.parametrize("name", ["America/Montreal", "Pacific/Kiritimati", "Etc/GMT+12", "UTC"])
def test_every_accepted_date_converts_to_utc_and_any_local_zone(text, name, zone) -> None:
    zone(name)
    parsed = parse_datetime(text)
    assert parsed is not None
    assert date_problem(text) is None
    parsed.astimezone()
    parsed.astimezone(UTC)
    for minutes in (-(24 * 60 - 1), 24 * 60 - 1):
        parsed.astimezone(timezone(timedelta(minutes=minutes)))
    assert format_datetime(parsed) == text.replace(".999999", "")


@pytest.mark.parametrize("text", OUT_OF_RANGE + MALFORMED)
def test_a_link_names_an_invalid_date_and_gives_it_back_unchanged(text: object) -> None:
    data = link_json(createdOn=text, modifiedOn="2024-05-01T14:03:22Z")
    link = ClientModuleLink.from_json(data)
    assert link.created_on is None
    assert link.invalid_dates == {"createdOn": text}
    assert link.to_json()["createdOn"] == text
    assert link.to_json()["modifiedOn"] == "2024-05-01T14:03:22Z"
    (problem,) = link.date_problems()
    assert problem.startswith("createdOn ")
    assert "is not a valid date" in problem
    # Through a backup and back, the raw text is still there.
    assert json.loads(json.dumps(link.to_json())) == data


def test_absent_and_null_dates_are_no_problem() -> None:
    link = ClientModuleLink.from_json(link_json(createdOn=None))
    assert link.invalid_dates == {}
    assert link.date_problems() == []
    assert "createdOn" not in link.to_json()


@pytest.mark.parametrize(
    "moment",
    [
        datetime.min,
        datetime.max,
        datetime.min.replace(tzinfo=timezone(timedelta(hours=5))),
        datetime.max.replace(tzinfo=timezone(timedelta(hours=-5))),
        datetime.min.replace(tzinfo=timezone(timedelta(hours=-23, minutes=-59))),
    ],
)
def test_formatting_never_raises(moment: datetime, zone) -> None:
    zone("America/Montreal")
    assert format_datetime(moment)


def test_a_backup_with_such_dates_is_listed_and_hides_no_other(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    good = ClientModuleLink(42, "cegid_y2", "Y2-1", {"tier": "gold"})
    store.write("na", good)
    odd = ClientModuleLink.from_json(
        link_json(createdOn=YEAR_ONE_EAST, modifiedOn=YEAR_9999_WEST, clientId=43)
    )
    odd_path = store.write("na", odd)
    # A savedAt the app never writes (a damaged or edited file), next to a good one.
    folder = store.folder_for("na", 44, "cegid_y2")
    folder.mkdir(parents=True)
    damaged = json.loads(odd_path.read_text())
    damaged["savedAt"] = YEAR_ONE_EAST
    damaged["link"]["clientId"] = 44
    (folder / "damaged.json").write_text(json.dumps(damaged))

    listing = store.list_all()
    assert sorted(e.client_id for e in listing.entries) == [42, 43]
    odd_entry = next(e for e in listing.entries if e.client_id == 43)
    assert odd_entry.link.to_json()["createdOn"] == YEAR_ONE_EAST
    assert odd_entry.link.to_json()["modifiedOn"] == YEAR_9999_WEST
    (warning,) = listing.warnings
    assert "damaged.json" in warning
    assert f"savedAt {YEAR_ONE_EAST!r} is not a valid date" in warning


def test_a_webhook_link_with_such_dates_is_flagged_and_described(zone) -> None:
    zone("America/Montreal")
    payload = {
        "eventContent": {
            "clientLinks": [
                link_json(createdOn=YEAR_ONE_WEST, modifiedOn=YEAR_9999_WEST),
                link_json(clientId=43, createdOn="2024-05-01T14:03:22Z"),
            ]
        }
    }
    findings = analyse(payload, "cegid_y2", 42, None)
    bad = [p for p in findings.problems if p.code == "bad_date"]
    assert {p.path.rsplit(".", 1)[1] for p in bad} == {"createdOn", "modifiedOn"}
    text = "\n".join(describe(findings))
    assert f"{YEAR_ONE_WEST!r}"[1:-1] in text
    assert "not a valid date" in text
    found = findings.to_json()
    first = next(link for link in found["links"] if link["clientId"] == 42)
    assert first["createdOn"] == YEAR_ONE_WEST
    assert first["modifiedOn"] == YEAR_9999_WEST


def test_a_response_with_such_dates_still_reads() -> None:
    response = LinkResponse.from_json({"link": link_json(createdOn=YEAR_ONE_WEST)})
    assert response.link.metadata == {"tier": "gold"}


@pytest.mark.parametrize(
    ("old", "new", "empties"),
    [
        (("Y2-1", {"a": "1"}), ("", {}), True),
        (("", {"a": "1"}), ("", {}), True),
        (("Y2-1", {}), ("  ", {}), True),
        (("", {}), ("", {}), False),
        (("Y2-1", {"a": "1"}), ("Y2-1", {}), False),
        (("Y2-1", {"a": "1"}), ("", {"b": "2"}), False),
    ],
)
def test_empties_link(old, new, empties) -> None:
    assert empties_link(*old, *new) is empties
