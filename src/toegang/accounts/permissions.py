"""Who may manage configuration: staff accounts, roles, profiles (functional administration, config.manage); and
whose API keys someone may make and revoke."""

from __future__ import annotations

from toegang.core.actor import Actor

from .capabilities import CONFIG_MANAGE
from .queries import gemeenten_of


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
