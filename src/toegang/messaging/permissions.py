"""Who handles the messages with providers: a holder of messages.manage (the back office, in the profiles)."""

from __future__ import annotations

from toegang.accounts.capabilities import MESSAGES_MANAGE
from toegang.core.actor import Actor
from toegang.provisions import mandates
from toegang.provisions.models import MandateGroup


def can_handle_messages(actor: Actor) -> bool:
    return actor.can_anywhere(MESSAGES_MANAGE)


def request_group(verzoek) -> MandateGroup | None:
    """The kind of provision a provider's request is about (the requested product's, or the assignment's)."""
    voorziening = verzoek.voorziening
    return voorziening.mandate_group if voorziening is not None else None


def may_decide_request(actor: Actor, verzoek) -> bool:
    """Whoever decides on this kind of provision in the request's gemeente (mandate task 'beschikking', as
    provisions.actions.check_decide asks) answers the request; a request for a product not in the catalogue, any
    holder of 'beschikking' there (it can only be refused). Whether they see the request is queries.visible_requests:
    a mandate says what one may do, the scope what one may see."""
    group = request_group(verzoek)
    if group is not None:
        return mandates.holds(actor, verzoek.gemeente_id, group, "beschikking")
    groups = MandateGroup.objects.filter(profile__gemeenten=verzoek.gemeente_id)
    return any(mandates.holds(actor, verzoek.gemeente_id, g, "beschikking") for g in groups)
