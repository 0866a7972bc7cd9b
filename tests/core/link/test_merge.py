"""Re-applying the user's edits on top of a link that changed on the server."""

from booxi_desktop.core.link.merge import Reapplied, reapply
from booxi_desktop.core.link.model import ClientModuleLink

LOADED = ClientModuleLink(
    client_id=12,
    module_id="cegid_y2",
    external_id="C-100",
    metadata={"tier": "gold", "store": "MTL-12", "points": "40", "note": "vip"},
)


def server(external_id: str = "C-100", **metadata: object) -> ClientModuleLink:
    return ClientModuleLink(12, "cegid_y2", external_id, dict(metadata))  # type: ignore[arg-type]


def test_no_edits_gives_the_server_copy_unchanged() -> None:
    now = server("C-200", tier="silver", extra="1")
    result = reapply(LOADED, LOADED.external_id, LOADED.metadata, now)
    assert result == Reapplied("C-200", {"tier": "silver", "extra": "1"}, [], False)


def test_server_changed_other_keys_and_both_are_kept() -> None:
    mine = {**LOADED.metadata, "tier": "platinum"}
    now = server(tier="gold", store="QC-1", points="40", note="vip", since="2024")
    result = reapply(LOADED, "C-100", mine, now)
    assert result.metadata == {
        "tier": "platinum",
        "store": "QC-1",
        "points": "40",
        "note": "vip",
        "since": "2024",
    }
    assert result.clashes == []


def test_same_key_changed_differently_on_both_sides_is_a_clash_mine_wins() -> None:
    mine = {**LOADED.metadata, "tier": "platinum", "points": "55"}
    now = server(tier="silver", store="MTL-12", points="55", note="vip")
    result = reapply(LOADED, "C-100", mine, now)
    assert result.metadata["tier"] == "platinum"
    # Both sides made the same change to points: agreement, not a clash.
    assert result.metadata["points"] == "55"
    assert result.clashes == ["tier"]


def test_removed_keys_are_removed_and_a_removal_of_a_key_the_server_changed_clashes() -> None:
    mine = {"tier": "gold", "points": "40"}  # store and note removed
    now = server(tier="gold", store="MTL-99", points="40", note="vip")
    result = reapply(LOADED, "C-100", mine, now)
    assert result.metadata == {"tier": "gold", "points": "40"}
    assert result.clashes == ["store"]


def test_key_added_on_both_sides_clashes_only_when_the_values_differ() -> None:
    mine = {**LOADED.metadata, "crm": "A-1", "email": "x@y.z"}
    now = server(**LOADED.metadata, crm="B-2", email="x@y.z")
    result = reapply(LOADED, "C-100", mine, now)
    assert result.metadata["crm"] == "A-1"
    assert result.clashes == ["crm"]


def test_changed_key_deleted_on_the_server_comes_back_and_clashes() -> None:
    mine = {**LOADED.metadata, "note": "vip since 2020"}
    now = server(tier="gold", store="MTL-12", points="40")
    result = reapply(LOADED, "C-100", mine, now)
    assert result.metadata["note"] == "vip since 2020"
    assert result.clashes == ["note"]


def test_server_order_is_kept_and_new_keys_follow_in_the_users_order() -> None:
    mine = {"zeta": "1", **LOADED.metadata, "alpha": "2"}
    now = server(note="vip", points="40", store="MTL-12", tier="gold", other="s")
    result = reapply(LOADED, "C-100", mine, now)
    assert list(result.metadata) == ["note", "points", "store", "tier", "other", "zeta", "alpha"]


def test_link_deleted_on_the_server_gives_my_changes_onto_an_empty_link() -> None:
    mine = {**LOADED.metadata, "tier": "platinum", "new": "x"}
    del mine["note"]
    result = reapply(LOADED, "C-101", mine, None)
    assert result.external_id == "C-101"
    # Untouched keys went with the server's deletion; the user's own changes survive.
    assert result.metadata == {"tier": "platinum", "new": "x"}
    # The server's deletion took the key and the externalId the user changed: both clash.
    assert result.clashes == ["tier"]
    assert result.external_id_clash


def test_link_deleted_on_the_server_and_external_id_untouched_keeps_the_deletion() -> None:
    result = reapply(LOADED, "C-100", LOADED.metadata, None)
    assert result == Reapplied("", {}, [], False)


def test_external_id_changed_only_by_me_is_applied() -> None:
    result = reapply(LOADED, "C-101", LOADED.metadata, server("C-100", **LOADED.metadata))
    assert (result.external_id, result.external_id_clash) == ("C-101", False)


def test_external_id_changed_only_on_the_server_is_kept() -> None:
    result = reapply(LOADED, "C-100", LOADED.metadata, server("C-300", **LOADED.metadata))
    assert (result.external_id, result.external_id_clash) == ("C-300", False)


def test_external_id_changed_on_both_sides_mine_wins_and_clashes() -> None:
    result = reapply(LOADED, "C-101", LOADED.metadata, server("C-300", **LOADED.metadata))
    assert (result.external_id, result.external_id_clash) == ("C-101", True)
    assert result.clashes == []


def test_values_compare_as_json_so_a_number_is_not_its_text() -> None:
    mine = {**LOADED.metadata, "points": 40}
    now = server(tier="gold", store="MTL-12", points="41", note="vip")
    result = reapply(LOADED, "C-100", mine, now)
    assert result.metadata["points"] == 40
    assert isinstance(result.metadata["points"], int)
    assert result.clashes == ["points"]


def test_inputs_are_not_modified() -> None:
    mine = {**LOADED.metadata, "tier": "x"}
    now = server(**LOADED.metadata)
    before = (dict(LOADED.metadata), dict(mine), dict(now.metadata))
    reapply(LOADED, "C-100", mine, now)
    assert (dict(LOADED.metadata), mine, dict(now.metadata)) == before
