"""Who may manage configuration: staff accounts, roles, profiles (functional administration, config.manage)."""

from __future__ import annotations

from toegang.core.actor import Actor

from .capabilities import CONFIG_MANAGE


def can_manage_config(actor: Actor, gemeente_id: int | None = None) -> bool:
    """In this gemeente, or (None) in any; the SYSTEM (command line) always."""
    if actor.is_system:
        return True
    return actor.can_anywhere(CONFIG_MANAGE) if gemeente_id is None else actor.can(CONFIG_MANAGE, gemeente_id)
