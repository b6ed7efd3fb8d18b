"""Synthetic meldingen for the demo, through the real actions (routing, clocks, triage). Deterministic per seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Medewerker
from toegang.cases.actions import check_take_case
from toegang.core.actor import SYSTEM, Actor
from toegang.persons.models import Household

from . import actions

QUESTIONS = [
    ("Mijn moeder kan na haar val niet meer zelf douchen en koken.", ["wmo"], ["adl", "iadl"]),
    ("We hebben schulden en de huur is al twee maanden niet betaald.", ["participatiewet"], ["financien", "huisvesting"]),
    ("Onze zoon van 14 spijbelt en is thuis agressief.", ["jeugdwet"], ["huiselijke-relaties", "werk-opleiding"]),
    ("Ik zorg voor mijn man met dementie en ik kan het niet meer aan.", ["wmo"], ["sociaal-netwerk", "geestelijke-gezondheid"]),
    ("Buren melden dat de woning vervuild is en de bewoner niet opendoet.", ["wmo"], ["huisvesting", "geestelijke-gezondheid"]),
    ("Ik zoek werk maar kom niet aan de slag door mijn rugklachten.", ["participatiewet"], ["werk-opleiding", "lichamelijke-gezondheid"]),
    ("Mijn dochter heeft autisme; school vraagt om extra begeleiding.", ["jeugdwet"], ["werk-opleiding", "tijdsbesteding"]),
    ("Ik voel me eenzaam sinds mijn vrouw overleed.", ["wmo"], ["sociaal-netwerk", "participatie"]),
    ("Ik heb een scootmobiel nodig om boodschappen te doen.", ["wmo"], ["iadl"]),
    ("Vader drinkt veel en er is vaak ruzie thuis.", ["jeugdwet", "wmo"], ["middelengebruik", "huiselijke-relaties"]),
]
SOURCES = [("balie", "zelf"), ("telefoon", "zelf"), ("telefoon", "netwerk"), ("verwijzing", "huisarts"),
           ("verwijzing", "school"), ("e-mail", "zelf"), ("verwijzing", "politie-zorgformulier"), ("webformulier", "zelf")]
OUTCOMES = ["meervoudig", "enkelvoudig", "informatie-advies", "zorgmijder", "veiligheid", None, None, None]


def generate_meldingen(*, count: int, seed: int, case_directors: Sequence[Medewerker] = ()) -> int:
    """Register `count` meldingen on the demo households and triage most of them as the front desk would. A case
    that triage opens in the team of one of `case_directors` (the profile's `demo.casusregisseurs`) mostly gets
    them as director when the profile left it without one; the rest wait for a casusregisseur, as in real life."""
    rng = random.Random(f"meldingen-{seed}")
    households = list(Household.objects.filter(current_residents__isnull=False).distinct().order_by("pk")
                      .values_list("pk", flat=True)[: max(count * 3, 1)])
    if not households:
        return 0
    directors: dict[int, tuple[Medewerker, Actor]] = {}  # team id -> the team's first demo case director
    for user in case_directors:
        actor = actor_for_user(user)
        for team_id in sorted(actor.team_ids):
            directors.setdefault(team_id, (user, actor))
    now = timezone.now()
    made = 0
    for i in range(count):
        household = Household.objects.select_related("gemeente").get(pk=rng.choice(households))
        persons = list(household.current_residents.order_by("geboortedatum")[:2])
        question, laws, domains = rng.choice(QUESTIONS)
        channel, source = rng.choice(SOURCES)
        received = now - dt.timedelta(days=rng.randint(0, 55), hours=rng.randint(0, 8))
        melding, created = actions.check_register_melding(
            actor=SYSTEM, gemeente=household.gemeente,
            data=actions.MeldingData(question=question, channel=channel, source=source, received_at=received,
                                     urgency=rng.choices(["regulier", "spoed", "crisis"], [85, 12, 3])[0], laws=laws,
                                     life_domains=domains),
            persons=persons[:1], household=household, idempotency_key=f"demo-{seed}-{i}")
        if not created:
            continue
        made += 1
        outcome = rng.choice(OUTCOMES)
        if outcome and not (outcome == "meervoudig" and melding.casus_id):
            result = actions.check_triage_melding(actor=SYSTEM, melding=melding, outcome=outcome,
                                                  reason="demo: triage aan de balie")
            casus = result.casus
            if casus and casus.case_director_id is None and casus.team_id in directors and rng.random() < 0.85:
                # the team's case director takes the case, as they would in the werkbak (so no notification to
                # themselves: the demo's bell holds only what still asks for attention)
                check_take_case(actor=directors[casus.team_id][1], casus=casus)
        elif melding.team_id in directors and rng.random() < 0.4:
            actions.check_pick_up_melding(actor=directors[melding.team_id][1], melding=melding)
    return made
