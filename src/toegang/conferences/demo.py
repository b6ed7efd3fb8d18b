"""Demo data (`toegang demo`): case conferences on a few of the demo's directed cases, so `make run` shows the
section on the case page, an invitation in Mijn werk and a held conference whose actions stand in the plan."""

from __future__ import annotations

import datetime as dt

from toegang.accounts.actors import actor_for_user
from toegang.cases.models import Casus
from toegang.core import clock
from toegang.core.errors import DomainError
from toegang.plans.queries import current_version

from .actions import AgreedAction, check_plan_conference, check_record_minutes
from .kinds import conference_kinds
from .queries import invitable_staff, network_of


def generate_conferences(*, count: int = 3) -> int:
    """On up to `count` open, directed cases: a conference planned next week (professionals, household and network
    invited) and, where the plan has a goal, one held earlier today with a decision and an action in the plan.
    Returns how many conferences were made."""
    cases = list(Casus.objects.filter(case_director__isnull=False).exclude(status=Casus.Status.AFGESLOTEN)
                 .exclude(conferences__isnull=False).select_related("gemeente", "gemeente__profile", "household",
                                                                    "case_director").order_by("pk")[:count])
    made = 0
    for i, casus in enumerate(cases):
        director = actor_for_user(casus.case_director)
        kinds = list(conference_kinds(casus.gemeente.profile.data))
        residents = list(casus.household.current_residents.values_list("pk", flat=True))
        staff = [m.pk for m in invitable_staff(casus)]
        morning = clock.now().replace(hour=9, minute=0, second=0, microsecond=0)
        try:
            check_plan_conference(
                actor=director, casus=casus, kind=kinds[min(1, len(kinds) - 1)], place="Wijkcentrum, zaal 2",
                reason="Meerdere hulpverleners betrokken; afstemmen wie wat doet (één gezin, één plan).",
                starts_at=morning + dt.timedelta(days=7 + i), agenda="1. Stand van zaken\n2. Zorgen\n3. Afspraken",
                staff_ids=staff, resident_ids=residents, network_ids=[n.pk for n in network_of(casus)][:2],
                family_absent_reason="" if residents else "Geen bewoners bekend")
            made += 1
            version = current_version(casus)
            held_at = min(max(morning, casus.opened_at), clock.now())  # this morning, not before the case opened
            if version is None or not version.content["goals"]:
                continue
            held = check_plan_conference(
                actor=director, casus=casus, kind=kinds[0], place="Bij het gezin thuis", starts_at=held_at,
                reason="Het plan staat stil.", staff_ids=staff, resident_ids=residents,
                family_absent_reason="" if residents else "Geen bewoners bekend")
            check_record_minutes(
                actor=director, conference=held, minutes="Het gezin vertelde wat goed gaat en waar het vastloopt.",
                decisions=["De casusregisseur blijft het aanspreekpunt.", "Over zes weken evalueren."],
                actions=[AgreedAction(goal_id=version.content["goals"][0]["id"], owner_type="professional",
                                      owner=str(casus.case_director), description="Huisbezoek om de afspraken door "
                                      "te nemen", due_date=clock.today() + dt.timedelta(days=14))])
            made += 1
        except DomainError:  # a demo case whose data does not allow it: skip it
            continue
    return made
