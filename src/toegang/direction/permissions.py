"""Who may do what in process direction: the one place actions, views, templates and the API ask."""

from __future__ import annotations

from toegang.accounts.capabilities import CASES_DIRECT
from toegang.accounts.models import Medewerker
from toegang.accounts.queries import holders_filter
from toegang.core.actor import Actor

from .models import ProcessDirector


def can_direct(actor: Actor) -> bool:
    """The process director's view (the attention list) and its menu item: cases.direct somewhere."""
    return actor.can_anywhere(CASES_DIRECT)


def can_assign_process_director(actor: Actor, gemeente_id: int) -> bool:
    """Process direction organises itself: whoever holds cases.direct in the case's gemeente assigns and ends a
    case's process director."""
    return actor.can(CASES_DIRECT, gemeente_id)


def process_director_candidates(gemeente_id: int):
    """Who can be a case's process director: active staff holding cases.direct in that gemeente, by name."""
    return Medewerker.objects.filter(holders_filter(CASES_DIRECT, gemeente_id)).select_related("organisatie")\
        .order_by("first_name", "last_name", "pk")


def can_be_process_director(medewerker_id: int, gemeente_id: int) -> bool:
    return process_director_candidates(gemeente_id).filter(pk=medewerker_id).exists()


def contact_point_recipients(gemeente_id: int, kind: str) -> list[int]:
    """Who a topic contact point reaches: the staff who act as process director of that kind (current on some case
    in the gemeente, so "PR Jeugd" is whoever does that work now); when nobody does yet, everyone with process
    direction (cases.direct) there, so the message never goes nowhere."""
    acting = sorted(set(ProcessDirector.objects.filter(kind=kind, until__isnull=True, casus__gemeente_id=gemeente_id,
                                                       medewerker__is_active=True)
                        .values_list("medewerker_id", flat=True)))
    return acting or list(process_director_candidates(gemeente_id).values_list("pk", flat=True))
