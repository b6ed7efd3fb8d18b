"""Who may manage configuration: staff accounts, roles, profiles (functional administration, config.manage); whose
API keys someone may make and revoke; who must log in with a second factor."""

from __future__ import annotations

from django.conf import settings

from toegang.core.actor import Actor

from .capabilities import CONFIG_MANAGE, FINANCE_VIEW
from .queries import gemeenten_of

# What a role may hold and still see no personal data: budgets and commitments, not who they are for.
WITHOUT_PERSONAL_DATA = frozenset({FINANCE_VIEW})


def can_manage_config(actor: Actor, gemeente_id: int | None = None) -> bool:
    """In this gemeente, or (None) in any; the SYSTEM (command line) always."""
    if actor.is_system:
        return True
    return actor.can_anywhere(CONFIG_MANAGE) if gemeente_id is None else actor.can(CONFIG_MANAGE, gemeente_id)


def can_manage_api_tokens_of(actor: Actor, medewerker_id: int) -> bool:
    """API keys of a staff member are made, seen one by one and revoked by that staff member, or by functional
    administration (config.manage) in a gemeente where the staff member holds a role (issue 13, item 4); the SYSTEM
    always. Only for functional administration does it ask the database (the staff member's gemeenten)."""
    if actor.is_system or actor.user_id == medewerker_id:
        return True
    if not can_manage_config(actor):
        return False
    return any(can_manage_config(actor, gemeente_id) for gemeente_id in gemeenten_of(medewerker_id))


def requires_second_factor(actor: Actor | None) -> bool:
    """Whether this staff member must log in with a second factor (issue 13, item 2; BIO 9.4.2, NEN 7510-2
    9.4.2: two-factor authentication for access to personal health data): with TOEGANG_TWO_FACTOR=verplicht
    (production's default, settings/production.py), everyone whose roles see personal data anywhere — every
    capability except budgets (FINANCE_VIEW). A staff member without any role yet is asked too."""
    if actor is None or settings.TOEGANG_TWO_FACTOR != "verplicht":
        return False
    held = {capability for capabilities in actor.capabilities.values() for capability in capabilities}
    return not held or bool(held - WITHOUT_PERSONAL_DATA)
