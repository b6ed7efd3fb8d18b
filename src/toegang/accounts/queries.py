"""Reads about staff: who holds a capability where. No personal data of residents here."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .capabilities import CASES_WORK
from .models import Medewerker, Role, RoleAssignment


def holders_filter(capability: str, gemeente_id: int) -> Q:
    """Active staff holding a role in this gemeente that grants `capability` (roles are few: read in one query)."""
    roles = [pk for pk, capabilities in Role.objects.values_list("pk", "capabilities") if capability in capabilities]
    holders = RoleAssignment.objects.filter(gemeente_id=gemeente_id, role_id__in=roles).values("medewerker_id")
    return Q(is_active=True, pk__in=holders)


def case_workers(gemeente_id: int) -> QuerySet[Medewerker]:
    """Staff who may be case director or betrokkene (of a case or a household) in this gemeente: cases.work.
    A policy officer, the privacy officer or functional management never can (issue 10)."""
    return Medewerker.objects.filter(holders_filter(CASES_WORK, gemeente_id)).select_related("organisatie")\
        .order_by("first_name", "last_name")


def is_case_worker(medewerker_id: int, gemeente_id: int) -> bool:
    return Medewerker.objects.filter(holders_filter(CASES_WORK, gemeente_id), pk=medewerker_id).exists()
