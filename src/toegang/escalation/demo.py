"""Demo data (`toegang demo`): a few of the demo's open cases on their gemeente's escalation ladder, so `make run`
shows the section on the case page, the clocks and the list of open escalations."""

from __future__ import annotations

import random

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Medewerker
from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM

from .actions import check_escalate_case, check_pick_up_escalation
from .ladders import ladders_for

REASONS = [
    "De afspraken uit het plan worden niet nagekomen; de aanbieder start niet.",
    "Vier professionals betrokken en niemand coördineert; het gezin raakt het overzicht kwijt.",
    "School en jeugdhulp zijn het oneens over de aanpak; de casus loopt vast.",
]


def _acting(casus: Casus, level) -> object:
    holder = Medewerker.objects.filter(is_active=True, role_assignments__gemeente_id=casus.gemeente_id,
                                       role_assignments__role__code__in=list(level.roles)).order_by("pk").first()
    return actor_for_user(holder) if holder else SYSTEM


def generate_escalations(*, count: int = 3, seed: int = 2015) -> int:
    """Escalate up to `count` open, directed cases: one to the second level and taken up, the others one or two levels
    up with their clocks running. Returns how many cases were escalated."""
    rng = random.Random(seed)
    cases = list(Casus.objects.filter(case_director__isnull=False).exclude(status=Casus.Status.AFGESLOTEN)
                 .exclude(escalations__closed_at__isnull=True).select_related("gemeente", "gemeente__profile")
                 .order_by("pk")[:count])
    made = 0
    for i, casus in enumerate(cases):
        ladders = ladders_for(casus.gemeente.profile.data, casus.gemeente.cbs_code)
        if not ladders:
            continue
        ladder = next(iter(ladders.values()))
        steps = min(1 + (i % 2), ladder.top - 1)
        for position in range(1, steps + 1):
            actor = actor_for_user(casus.case_director) if position == 1 else _acting(casus, ladder.level(position))
            check_escalate_case(actor=actor, casus=casus, reason=rng.choice(REASONS), ladder=ladder.code)
        if i == 0:
            check_pick_up_escalation(actor=_acting(casus, ladder.level(steps + 1)), casus=casus,
                                     note="Ik bel de betrokkenen vandaag en beleg deze week een overleg.")
        made += 1
    return made
