"""Who keeps the retention terms: a holder of retention.destroy in the gemeente (the privacy officer and functional
administration, in the profiles). Destruction takes two of them: one draws the list up, another confirms it."""

from __future__ import annotations

from toegang.accounts.capabilities import RETENTION_DESTROY
from toegang.core.actor import Actor

from .models import DestructionList


def can_manage_retention(actor: Actor, gemeente_id: int | None = None) -> bool:
    """In this gemeente, or (None) in any: whether the retention pages are open at all."""
    return actor.can_anywhere(RETENTION_DESTROY) if gemeente_id is None else actor.can(RETENTION_DESTROY, gemeente_id)


def can_confirm(actor: Actor, destruction_list: DestructionList) -> bool:
    """Four eyes: someone else than who drew the list up, with the same right in its gemeente."""
    return (destruction_list.status == DestructionList.Status.OPGESTELD
            and destruction_list.proposed_by_id != actor.user_id
            and can_manage_retention(actor, destruction_list.gemeente_id))
