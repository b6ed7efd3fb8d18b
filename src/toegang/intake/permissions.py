"""Who may do what at the front door (meldingen, aanvragen, triage, referrals). What they may see is
intake.queries (melding_scope)."""

from __future__ import annotations

from toegang.accounts.capabilities import INTAKE_REFER, INTAKE_REGISTER, INTAKE_TRIAGE
from toegang.core.actor import Actor


def can_register(actor: Actor, gemeente_id: int) -> bool:
    """Register meldingen and aanvragen in this gemeente (the desk, generalists, the back office)."""
    return actor.can(INTAKE_REGISTER, gemeente_id)


def gemeenten_to_register(actor: Actor) -> list[int]:
    return actor.gemeenten_with(INTAKE_REGISTER)


def can_triage(actor: Actor, gemeente_id: int) -> bool:
    """Triage, route, pick up and close meldingen, and suspend or extend their clocks, in this gemeente."""
    return actor.can(INTAKE_TRIAGE, gemeente_id)


def can_refer(actor: Actor, gemeente_id: int) -> bool:
    """A partner organisation refers residents in this gemeente and sees the feedback on its own referrals."""
    return actor.can(INTAKE_REFER, gemeente_id)


def gemeenten_to_refer(actor: Actor) -> list[int]:
    return actor.gemeenten_with(INTAKE_REFER)
