"""One DomainError hierarchy, mapped once for the API (problem+json) and once for the UI (form errors).

Every error carries a stable `code` and a Dutch message meant for the user; `field_errors` names the
failing fields where the error is about input.
"""

from __future__ import annotations


class DomainError(Exception):
    code = "domeinfout"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field_errors = field_errors or {}


class ValidationFailed(DomainError):
    code = "ongeldige-invoer"


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

    def __init__(self, message: str = "Niet gevonden.", **kwargs):
        super().__init__(message, **kwargs)


class Duplicate(Conflict):
    code = "dubbel"

    def __init__(self, message: str, *, existing_id: int | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.existing_id = existing_id
