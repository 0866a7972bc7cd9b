"""Typed failures of a Booxi call, each with a plain-language explanation of what to do.

Messages are built here, never from raw transport exceptions, so that no request
detail (and never the partner key) can reach a dialog, a log line or stdout.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Types only: the link model imports nothing of the package, so no cycle.
    from booxi_desktop.core.link.model import ClientModuleLink, LinkResponse


class BooxiError(Exception):
    """Base of every failure the API client reports."""

    kind = "error"
    exit_code = 1
    advice = ""
    # A PUT went out and its answer was lost or unusable: the server may hold the edits.
    may_have_applied = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        server_message: str = "",
        server_code: int | None = None,
        server_error: str = "",
        advice: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.server_message = server_message
        self.server_code = server_code
        self.server_error = server_error
        if advice:
            self.advice = advice

    def __str__(self) -> str:
        parts = [self.message]
        if self.server_message:
            parts.append(f"Server said: {self.server_message}")
        if self.advice:
            parts.append(self.advice)
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class InvalidInputError(BooxiError):
    kind = "input"
    exit_code = 2


class AuthenticationError(BooxiError):
    kind = "auth"
    exit_code = 3
    advice = "The partner key was refused: enter the key for this region again."


class ForbiddenError(BooxiError):
    kind = "forbidden"
    exit_code = 4
    advice = (
        "This partner key is not authorised for this module; ask your Booxi account "
        "manager to authorise it, or check the module id."
    )


class NotFoundError(BooxiError):
    kind = "not_found"
    exit_code = 5
    advice = "Check the client id, the module id and the region: no such client or link exists."


class BadRequestError(BooxiError):
    kind = "bad_request"
    exit_code = 6
    advice = "The server refused the data as sent; correct it and try again."


class RateLimitedError(BooxiError):
    kind = "rate_limited"
    exit_code = 7

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: object) -> None:
        self.retry_after = retry_after
        wait = f"{retry_after:g} seconds" if retry_after is not None else "a few seconds"
        super().__init__(
            message,
            advice=f"Booxi allows 5 requests a second and 300 a minute per key: wait {wait}.",
            **kw,  # type: ignore[arg-type]
        )


class ServerError(BooxiError):
    kind = "server"
    exit_code = 8
    advice = "Booxi's server failed; nothing was changed by this answer. Try again shortly."


class NetworkError(BooxiError):
    kind = "network"
    exit_code = 9
    advice = "Check the network connection and the region, then retry."


class RequestTimeoutError(NetworkError):
    kind = "timeout"
    advice = "The server did not answer in time; retry, or raise the timeout."


class BadResponseError(BooxiError):
    kind = "bad_response"
    exit_code = 10
    advice = "The server's answer was not a module link; nothing was changed locally. Retry later."


SENT_ADVICE = (
    "The server may have applied the edits before its answer was lost: reload the link "
    "and compare it with your edits before saving again."
)


class WrongRecordError(BadResponseError):
    """The server answered with the link of another client or module than the one asked."""

    kind = "wrong_record"

    def __init__(self, message: str, *, sent: bool, advice: str = "") -> None:
        super().__init__(message, advice=advice)
        # True for a PUT: it went out, so the requested link may have been changed.
        self.may_have_applied = sent


class PutOutcomeUnknownError(RequestTimeoutError):
    """A PUT went out but no answer came back in time: the server may have applied it."""

    kind = "put_timeout"
    advice = SENT_ADVICE
    may_have_applied = True


class PutConnectionLostError(NetworkError):
    """The connection broke after a PUT may have gone out: the server may have applied it."""

    kind = "put_lost"
    advice = SENT_ADVICE
    may_have_applied = True


# ----- refusals of the save path and of local storage


class ConflictError(BooxiError):
    """The server's link is no longer the one the edits started from."""

    kind = "conflict"
    exit_code = 12
    advice = (
        "Reload to see the server's version and redo the edits on it, or save again "
        "choosing to overwrite it."
    )

    def __init__(
        self,
        message: str,
        *,
        loaded: ClientModuleLink,
        server: LinkResponse | None,
        backup_path: Path | None = None,
    ) -> None:
        super().__init__(message)
        self.loaded = loaded
        # None when the link was deleted on the server since it was loaded.
        self.server = server
        self.backup_path = backup_path


class NothingToSaveError(BooxiError):
    kind = "nothing_to_save"
    exit_code = 13
    advice = "The server already has exactly this; nothing was sent."


class BackupError(BooxiError, OSError):
    """The backup could not be written, so nothing may be sent."""

    kind = "backup_failed"
    exit_code = 11
    advice = "Free some disk space or make the data folder writable, then save again."


class BackupReadError(BooxiError):
    """A file that is not a readable backup."""

    kind = "backup_unreadable"
    exit_code = 14
    advice = "Choose another backup file; this one is damaged or was not written by this app."


class DraftError(BooxiError, OSError):
    """The draft could not be written or removed."""

    kind = "draft_failed"
    exit_code = 15
    advice = "Free some disk space or make the data folder writable; keep this window open."
