"""Failures are told apart by their class, so a renamed kind can never change a notice."""

from __future__ import annotations

import pytest

from booxi_desktop.core import errors
from booxi_desktop.core.link.model import ClientModuleLink
from booxi_desktop.ui.notices import Action, notice_for

LOADED = ClientModuleLink(client_id=1, module_id="m", external_id="x", metadata={})


class _RenamedConflict(errors.ConflictError):
    kind = "something_else"


def test_a_conflict_is_recognised_by_its_class_not_its_kind() -> None:
    notice = notice_for(_RenamedConflict("changed", loaded=LOADED, server=None), doing="Saving")
    assert notice.headline.startswith("Saving stopped: the link changed on the server")
    assert notice.action is Action.NONE


def test_a_class_name_alone_is_not_a_conflict() -> None:
    class ConflictError(Exception):  # same name, not the core class
        kind = "conflict"

    notice = notice_for(ConflictError("x"), doing="Saving")
    assert notice.headline == "Saving failed unexpectedly (ConflictError)."


def test_nothing_to_save_is_not_an_error() -> None:
    notice = notice_for(errors.NothingToSaveError("same"), doing="Saving")
    assert notice.headline == "Nothing to save: the server already has these values."
    assert not notice.error


def test_a_failed_backup_offers_retry_and_says_nothing_was_sent() -> None:
    notice = notice_for(errors.BackupError("Disk full."), doing="Saving")
    assert notice.headline == (
        "Saving stopped before sending: the server's copy could not be backed up."
    )
    assert notice.advice == "Nothing was changed on the server. Disk full."
    assert notice.action is Action.RETRY


@pytest.mark.parametrize(
    "exc",
    [
        errors.PutOutcomeUnknownError("No answer."),
        errors.PutConnectionLostError("Connection broke."),
        errors.WrongRecordError("Another link.", sent=True),
    ],
)
def test_a_put_that_may_have_applied_asks_to_reload_never_retry(exc: errors.BooxiError) -> None:
    notice = notice_for(exc, doing="Saving")
    assert notice.headline.startswith("Saving: the server may have applied the edits.")
    assert notice.action is Action.RELOAD_COMPARE


def test_a_wrong_record_from_a_get_is_an_ordinary_failure() -> None:
    notice = notice_for(errors.WrongRecordError("Another link.", sent=False), doing="Loading")
    assert notice.headline == "Loading failed: Another link."
