"""Putting a draft back, with no editor widget: anything with ``loaded`` and ``apply_edits``."""

from __future__ import annotations

from dataclasses import dataclass, field

from booxi_desktop.core.link.model import ClientModuleLink, LinkResponse, MetaValue
from booxi_desktop.core.storage.drafts import Draft, DraftKey
from booxi_desktop.ui.drafts.apply import UNDO_TEXT, DraftTarget, apply_draft

KEY = DraftKey("us", 1042, "cegid_y2")


def link(external_id: str, **metadata: MetaValue) -> ClientModuleLink:
    return ClientModuleLink.from_json(
        {
            "moduleId": KEY.module_id,
            "clientId": KEY.client_id,
            "externalId": external_id,
            "metadata": metadata,
        }
    )


@dataclass
class Recorder:
    """Records what the draft asks of the editor."""

    loaded: LinkResponse | None
    applied: list[tuple[str, list[tuple[str, MetaValue]], str]] = field(default_factory=list)

    def apply_edits(self, external_id: str, rows: list[tuple[str, MetaValue]], text: str) -> None:
        self.applied.append((external_id, rows, text))


def test_a_recorder_is_a_draft_target() -> None:
    target: DraftTarget = Recorder(None)  # checked by mypy: the Protocol is all drafts need
    assert target.loaded is None


def test_nothing_loaded_applies_nothing() -> None:
    target = Recorder(None)
    draft = Draft(KEY, "Y2-1", [("tier", "gold")], base=link("Y2-1"))
    assert apply_draft(target, draft) is None
    assert target.applied == []


def test_unchanged_server_copy_gets_the_draft_as_it_is() -> None:
    base = link("Y2-1", tier="silver", store="MTL")
    target = Recorder(LinkResponse(base, None))
    draft = Draft(KEY, "Y2-2", [("tier", "gold"), ("store", "MTL")], base=base)
    assert apply_draft(target, draft) is None
    assert target.applied == [("Y2-2", [("tier", "gold"), ("store", "MTL")], UNDO_TEXT)]


def test_a_changed_server_copy_gets_the_edits_reapplied_and_a_notice() -> None:
    base = link("Y2-1", tier="silver", store="MTL")
    server = link("Y2-1", tier="bronze", store="MTL", points="3")
    target = Recorder(LinkResponse(server, None))
    draft = Draft(KEY, "Y2-1", [("tier", "gold"), ("store", "QC")], base=base)
    notice = apply_draft(target, draft)
    assert target.applied == [
        ("Y2-1", [("tier", "gold"), ("store", "QC"), ("points", "3")], UNDO_TEXT)
    ]
    assert notice is not None
    assert not notice.error
    assert "changed on the server since this draft" in notice.headline
    assert "yours are kept: tier." in notice.advice
