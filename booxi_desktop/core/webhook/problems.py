"""Every problem the webhook inspector can find, named once, with how much it matters."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from booxi_desktop.core.jsondoc.notes import DUPLICATE_KEY, NON_STANDARD_NUMBER


class Severity(Enum):
    ERROR = "error"
    """The module cannot read its link from this event."""
    WARNING = "warning"
    """The link is readable, but something in it is worth a look."""
    NOTE = "note"
    """Not a fault: a choice to make, or the CRM recipe's "new customer" case."""


class ProblemCode(StrEnum):
    """A problem's stable name, as the command line's ``--json`` output gives it."""

    # The event itself
    NOT_AN_OBJECT = "not_an_object"
    NO_EVENT_CONTENT = "no_event_content"
    EVENT_CONTENT_NOT_OBJECT = "event_content_not_object"
    NO_CLIENT_LINKS = "no_client_links"
    EMPTY_CLIENT_LINKS = "empty_client_links"
    CLIENT_LINKS_NOT_ARRAY = "client_links_not_array"
    # One link
    LINK_NOT_OBJECT = "link_not_object"
    MODULE_ID_NOT_STRING = "module_id_not_string"
    EXTERNAL_ID_NOT_STRING = "external_id_not_string"
    MISSING_CLIENT_ID = "missing_client_id"
    CLIENT_ID_NOT_INTEGER = "client_id_not_integer"
    METADATA_NOT_OBJECT = "metadata_not_object"
    NON_STRING_METADATA = "non_string_metadata"
    BAD_DATE = "bad_date"
    MISSING_EXTERNAL_ID = "missing_external_id"
    # Picking the module's link
    CLIENT_NOT_IN_GROUP = "client_not_in_group"
    NO_LINK_FOR_MODULE = "no_link_for_module"
    AMBIGUOUS_GROUP = "ambiguous_group"
    DUPLICATE_LINK = "duplicate_link"
    # The JSON text
    DUPLICATE_KEY = DUPLICATE_KEY
    NON_STANDARD_NUMBER = NON_STANDARD_NUMBER

    @property
    def severity(self) -> Severity:
        return _SEVERITY[self]


_SEVERITY = {
    ProblemCode.NOT_AN_OBJECT: Severity.ERROR,
    ProblemCode.NO_EVENT_CONTENT: Severity.ERROR,
    ProblemCode.EVENT_CONTENT_NOT_OBJECT: Severity.ERROR,
    ProblemCode.NO_CLIENT_LINKS: Severity.ERROR,
    ProblemCode.CLIENT_LINKS_NOT_ARRAY: Severity.ERROR,
    ProblemCode.LINK_NOT_OBJECT: Severity.ERROR,
    ProblemCode.NO_LINK_FOR_MODULE: Severity.ERROR,
    ProblemCode.CLIENT_NOT_IN_GROUP: Severity.ERROR,
    ProblemCode.MISSING_CLIENT_ID: Severity.ERROR,
    ProblemCode.EMPTY_CLIENT_LINKS: Severity.WARNING,
    ProblemCode.MODULE_ID_NOT_STRING: Severity.WARNING,
    ProblemCode.EXTERNAL_ID_NOT_STRING: Severity.WARNING,
    ProblemCode.CLIENT_ID_NOT_INTEGER: Severity.WARNING,
    ProblemCode.METADATA_NOT_OBJECT: Severity.WARNING,
    ProblemCode.NON_STRING_METADATA: Severity.WARNING,
    ProblemCode.BAD_DATE: Severity.WARNING,
    ProblemCode.DUPLICATE_LINK: Severity.WARNING,
    ProblemCode.DUPLICATE_KEY: Severity.WARNING,
    ProblemCode.NON_STANDARD_NUMBER: Severity.WARNING,
    ProblemCode.AMBIGUOUS_GROUP: Severity.NOTE,
    ProblemCode.MISSING_EXTERNAL_ID: Severity.NOTE,
}


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    message: str
    path: str | None = None

    @property
    def severity(self) -> Severity:
        return self.code.severity

    def to_json(self) -> dict[str, Any]:
        return {"code": str(self.code), "message": self.message, "path": self.path}
