"""Who may change a statutory clock (suspend, resume, extend): whoever triages in its gemeente."""

from __future__ import annotations

from toegang.accounts.capabilities import INTAKE_TRIAGE
from toegang.core.actor import Actor


def can_change_clock(actor: Actor, gemeente_id: int) -> bool:
    return actor.can(INTAKE_TRIAGE, gemeente_id)
