"""Demo data (`toegang demo`): a process director on a few of the demo's open cases with several professionals, so
`make run` shows the Procesregie section on the case page and a worklist under Procesregie → Mijn casussen."""

from __future__ import annotations

from django.db.models import Count, Q

from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM
from toegang.core.errors import DomainError

from . import signals
from .actions import check_assign_process_director
from .permissions import process_director_candidates


def generate_process_directors(*, count: int = 3) -> int:
    """On up to `count` open cases (those with the most involved professionals first): a process director of the
    profile's kinds in turn (Krimpen: jeugd, volwassenen, doorzettingsmacht). Returns how many were assigned."""
    cases = list(Casus.objects.exclude(status=Casus.Status.AFGESLOTEN).filter(process_directors__isnull=True)
                 .annotate(n=Count("involvements", filter=Q(involvements__valid_until__isnull=True)))
                 .select_related("gemeente", "gemeente__profile").order_by("-n", "pk")[:count])
    made = 0
    for i, casus in enumerate(cases):
        candidates = list(process_director_candidates(casus.gemeente_id))
        if not candidates:
            continue
        kinds = signals.kinds(casus.gemeente.profile.data)
        try:
            check_assign_process_director(actor=SYSTEM, casus=casus, medewerker=candidates[i % len(candidates)],
                                          kind=kinds[i % len(kinds)][0],
                                          reason="Meerdere hulpverleners; voortgang bewaken (demo).")
        except DomainError:
            continue
        made += 1
    return made
