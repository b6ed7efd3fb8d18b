"""Who sees the background jobs and runs a failed one again: functional administration (config.manage, in any
gemeente; jobs belong to the installation, and their arguments hold no personal data)."""

from __future__ import annotations

from toegang.accounts.permissions import can_manage_config
from toegang.core.actor import Actor


def can_manage_jobs(actor: Actor) -> bool:
    return can_manage_config(actor)
