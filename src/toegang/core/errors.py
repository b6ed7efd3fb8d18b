"""One DomainError hierarchy, mapped once for the API (problem+json) and once for the UI (form errors).

Every error carries a stable `code` and a Dutch message meant for the user; `field_errors` names the
failing fields where the error is about input.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop


class DomainError(Exception):
    code = "domeinfout"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field_errors = field_errors or {}


class DateProblem(str):
    """A field error saying that a date cannot be true (in the future, before what it follows): core.dates writes
    them. The input is there, so it is no reason to call a form incomplete."""


INCOMPLETE = gettext_noop("niet volledig")


def _says_incomplete(message: str) -> bool:
    """"… is niet volledig", also in the page's language (the catalogue renders every "niet volledig" as
    "incomplete": tests/test_language.py)."""
    return INCOMPLETE in message or gettext(INCOMPLETE) in message


class ValidationFailed(DomainError):
    """Input refused. When every reason is a date that cannot be true, the message is those reasons, never the
    action's "… is niet volledig": a complete form with a future date hears "… ligt in de toekomst" (issue 11,
    point 12). Actions pass their message and reasons through gettext, so a page in English reads them in English;
    the API is always Dutch (ui.middleware.DutchUnlessChosen)."""

    code = "ongeldige-invoer"

    def __init__(self, message: str, **kwargs):
        reasons = [reason for field in (kwargs.get("field_errors") or {}).values() for reason in field]
        if reasons and _says_incomplete(message) and all(isinstance(r, DateProblem) for r in reasons):
            message = " ".join(dict.fromkeys(reasons))
        super().__init__(message, **kwargs)


class Conflict(DomainError):
    """The state changed under the user (stale form, duplicate) — nothing was overwritten."""

    code = "conflict"
    status = 409


class NotAllowed(DomainError):
    """The actor lacks the capability. Missing and forbidden look the same to reads (see queries)."""

    code = "geen-toegang"
    status = 403


class NotFound(DomainError):
    """Missing, or not visible to this actor: the two are deliberately indistinguishable."""

    code = "niet-gevonden"
    status = 404

    def __init__(self, message: str = "", **kwargs):
        super().__init__(message or gettext("Niet gevonden."), **kwargs)


class Duplicate(Conflict):
    code = "dubbel"

    def __init__(self, message: str, *, existing_id: int | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.existing_id = existing_id
