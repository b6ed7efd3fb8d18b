"""Who handles the messages with providers: a holder of messages.manage (the back office, in the profiles)."""

from __future__ import annotations

from toegang.accounts.capabilities import MESSAGES_MANAGE
from toegang.core.actor import Actor


def can_handle_messages(actor: Actor) -> bool:
    return actor.can_anywhere(MESSAGES_MANAGE)
