"""What to tell the user when a load or save fails, and which action the window offers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from booxi_desktop.core import errors


class Action(Enum):
    NONE = "none"
    OPEN_KEY_DIALOG = "open_key_dialog"
    RETRY = "retry"
    RELOAD_COMPARE = "reload_compare"


ACTION_LABELS = {
    Action.NONE: "",
    Action.OPEN_KEY_DIALOG: "Enter partner key…",
    Action.RETRY: "Retry",
    Action.RELOAD_COMPARE: "Reload and compare…",
}


@dataclass(frozen=True)
class Notice:
    """A message for the banner: a short headline, what to do, and an optional button."""

    headline: str
    advice: str = ""
    action: Action = Action.NONE
    error: bool = True
    retry_after: float | None = None

    @property
    def text(self) -> str:
        return f"{self.headline} {self.advice}".strip()

    @property
    def html(self) -> str:
        """The headline in bold, the advice on its own line; server text is escaped."""
        from html import escape  # with its entity table: not needed to show the window

        advice = f"<br>{escape(self.advice)}" if self.advice else ""
        return f"<b>{escape(self.headline)}</b>{advice}"


_ACTIONS: dict[str, Action] = {
    "auth": Action.OPEN_KEY_DIALOG,
    "network": Action.RETRY,
    "timeout": Action.RETRY,
    "server": Action.RETRY,
    "bad_response": Action.RETRY,
    "rate_limited": Action.RETRY,
}


_KEPT = "Your edits are kept."


def notice_for(exc: BaseException, *, doing: str) -> Notice:
    """Turn a failure of ``doing`` ("Loading", "Saving") into a notice; never shows raw traces."""
    special = _save_notice(exc, doing)
    if special is not None:
        return special
    if isinstance(exc, errors.BooxiError):
        headline = f"{doing} failed: {exc.message}"
        if exc.server_message:
            headline += f" Server said: “{exc.server_message}”."
        retry_after = exc.retry_after if isinstance(exc, errors.RateLimitedError) else None
        advice = f"{exc.advice} {_KEPT if doing == 'Saving' else ''}".strip()
        return Notice(headline, advice, _ACTIONS.get(exc.kind, Action.NONE), True, retry_after)
    # Anything else is a bug; the type is enough to report it without leaking data.
    return Notice(
        f"{doing} failed unexpectedly ({type(exc).__name__}).",
        "Your edits are kept. Please report this problem.",
    )


def cancelled_save_notice(*, put_started: bool) -> Notice:
    """Cancel knows how far the save got: before the PUT started, nothing can have been sent."""
    if put_started:
        return Notice(
            "Saving cancelled after the edits were being sent: the server may have received "
            "and applied them.",
            "Your edits are kept as unsaved: reload the link and compare before saving again.",
            Action.RELOAD_COMPARE,
        )
    return Notice(
        "Saving cancelled before anything was sent: the server's link is unchanged.",
        "Your edits are kept; save again when ready.",
        error=False,
    )


def _save_notice(exc: BaseException, doing: str) -> Notice | None:
    """The save path's own refusals, each with its own wording."""
    if isinstance(exc, errors.BooxiError) and exc.may_have_applied:
        # Never "retry": the PUT went out, and sending it again blind could overwrite
        # what the server holds now.
        return Notice(
            f"{doing}: the server may have applied the edits. {exc.message or exc}",
            "Your edits are kept as unsaved: reload the link and compare it with them "
            "before saving again.",
            Action.RELOAD_COMPARE,
        )
    if isinstance(exc, errors.ConflictError):
        return Notice(
            f"{doing} stopped: the link changed on the server since you loaded it.",
            "Your edits are kept and nothing was sent: compare the versions and choose how to "
            "go on in the dialog.",
        )
    if isinstance(exc, errors.NothingToSaveError):
        return Notice("Nothing to save: the server already has these values.", error=False)
    if isinstance(exc, errors.BackupError):
        return Notice(
            f"{doing} stopped before sending: the server's copy could not be backed up.",
            f"Nothing was changed on the server. {exc.message or exc}".strip(),
            Action.RETRY,
        )
    return None
