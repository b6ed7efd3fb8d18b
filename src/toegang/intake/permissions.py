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


def can_write_to_resident(actor: Actor, gemeente_id: int) -> bool:
    """Confirm the receipt of a melding or aanvraag to the resident and record their persoonlijk plan and
    cliëntondersteuning (Wmo 2015 art. 2.3.2 lid 1–3, intake/duties.py): whoever registers or triages meldingen here."""
    return can_register(actor, gemeente_id) or can_triage(actor, gemeente_id)


def can_link_person(actor: Actor, gemeente_id: int) -> bool:
    """Link the resident a melding is about (take up a partner's referral), or register them from it: whoever
    triages and handles meldingen in this gemeente. Registering needs persons.register as well (persons.permissions)."""
    return can_triage(actor, gemeente_id)
