"""Demo data (`toegang demo`): on a few directed demo cases with children, a meldcode trajectory weighed up to
step 4 (and one decided, with its report to Veilig Thuis), and a safety plan in crisis with its review clock, so
`make run` shows the case section, the trajectory and the plan."""

from __future__ import annotations

import datetime as dt

from toegang.accounts.actors import actor_for_user
from toegang.cases.models import Casus
from toegang.core import clock
from toegang.core.errors import DomainError

from .actions import (
    check_record_meldcode_step,
    check_record_veilig_thuis,
    check_start_meldcode,
    check_start_safety_plan,
)

STEPS = [
    (1, {"signalen": "De leerkracht ziet blauwe plekken op de armen; het kind is stil en schrikachtig."}),
    (2, {"collega": "aandachtsfunctionaris", "veilig_thuis_geraadpleegd": True,
         "advies": "Veilig Thuis adviseert een gesprek met moeder en de kinderen goed te volgen."}),
    (3, {"gevoerd": True, "gesprek_met": "moeder"}),
    (4, {"vraag1": "ja", "vraag1_toelichting": "Signalen en het gesprek bevestigen het vermoeden.",
         "vraag2": "ja", "vraag2_toelichting": "Herhaald geweld tussen de ouders waar de kinderen bij zijn."}),
]


def generate_safety(*, count: int = 2) -> int:
    """Returns how many trajectories and plans were made."""
    today = clock.today()
    cases = list(Casus.objects.filter(case_director__isnull=False).exclude(status=Casus.Status.AFGESLOTEN)
                 .filter(meldcode_trajectories__isnull=True).select_related("household", "case_director", "gemeente")
                 .order_by("-pk")[:count])
    made = 0
    for i, casus in enumerate(cases):
        director = actor_for_user(casus.case_director)
        members = list(casus.household.current_residents.values_list("pk", flat=True))
        held_on = max(today, casus.opened_at.date())
        try:
            trajectory = check_start_meldcode(actor=director, casus=casus, person_ids=members)
            for number, answers in STEPS:
                trajectory.refresh_from_db()
                check_record_meldcode_step(actor=director, trajectory=trajectory, step=number, held_on=held_on,
                                           answers=answers)
            if i == 0:
                trajectory.refresh_from_db()
                check_record_meldcode_step(actor=director, trajectory=trajectory, step=5, held_on=held_on,
                                           answers={"melden": True, "hulp": True},
                                           notes="Acute onveiligheid: melden, en de hulp loopt door.")
                check_record_veilig_thuis(actor=director, trajectory=trajectory, kind="melding", on=held_on,
                                          reference=f"VT-{today.year}-{1000 + casus.pk}")
            made += 1
            check_start_safety_plan(
                actor=director, casus=casus, started_on=held_on,
                danger="Vader slaat moeder als hij gedronken heeft; de kinderen zien het.",
                goal="De kinderen groeien op zonder geweld in huis.",
                agreements=[{"wie": "moeder", "wat": "belt oma en gaat met de kinderen daarheen bij ruzie",
                             "wanneer": (held_on + dt.timedelta(days=7)).isoformat()},
                            {"wie": "vader", "wat": "start met hulp bij alcoholgebruik",
                             "wanneer": (held_on + dt.timedelta(days=14)).isoformat()}],
                bottom_lines="Geen geweld waar de kinderen bij zijn; vader komt niet dronken thuis.",
                network="Oma (moederskant), buurvrouw, de leerkracht")
            made += 1
        except DomainError:  # a demo case whose data does not allow it: skip it
            continue
    return made
