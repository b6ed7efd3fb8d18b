"""Who may read the audit trail: the privacy officer (audit.view), per gemeente of the person looked up."""

from __future__ import annotations

from toegang.accounts.capabilities import AUDIT_VIEW
from toegang.core.actor import Actor


def can_view_audit(actor: Actor, gemeente_id: int | None = None) -> bool:
    """In this gemeente, or (None) in any: whether the privacy pages are open at all."""
    return actor.can_anywhere(AUDIT_VIEW) if gemeente_id is None else actor.can(AUDIT_VIEW, gemeente_id)
