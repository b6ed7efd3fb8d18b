"""Demo decisions for `toegang demo`: cases of the demo generalist get a plan goal and indications, decided by the
demo process director (the team lead gives the second opinion for four-eyes provisions), most letters sent by the
back office, one objection, and the re-assessment tasks of decisions that end soon. Deterministic per seed."""

from __future__ import annotations

import datetime as dt
import random

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Medewerker
from toegang.cases.models import Casus
from toegang.core import clock
from toegang.core.actor import SYSTEM
from toegang.plans import actions as plan_actions

from . import actions
from .models import Besluit, Product, Voorziening

REASONS = [
    "De hulp past bij het doel in het plan; algemene voorzieningen en het netwerk zijn niet genoeg.",
    "Zonder deze ondersteuning verslechtert de situatie; het netwerk is overbelast.",
    "Na het keukentafelgesprek en het opvoedspreekuur is duidelijk dat meer nodig is.",
]


def generate_decisions(*, count: int, seed: int) -> int:
    users = {u.username: u for u in Medewerker.objects.filter(
        username__in=["generalist", "procesregisseur", "backoffice", "teamleider"])}
    if len(users) < 4:
        return 0
    generalist, regie, backoffice, second = (actor_for_user(users[n]) for n in
                                             ("generalist", "procesregisseur", "backoffice", "teamleider"))
    rng = random.Random(f"besluiten-{seed}")
    today = clock.today()
    cases = list(Casus.objects.filter(case_director=users["generalist"]).exclude(status="afgesloten")
                 .select_related("household", "gemeente").order_by("pk")[:count])
    products = list(Product.objects.filter(voorziening__kind="maatwerk", voorziening__profile__name="demo")
                    .select_related("voorziening__mandate_group").order_by("code"))
    made = 0
    for i, casus in enumerate(cases):
        members = list(casus.household.current_residents.order_by("geboortedatum"))
        if not members or casus.meldingen.count() == 0:
            continue
        version = plan_actions.current_version(casus)
        if version is None or not version.content["goals"]:
            version = plan_actions.check_add_goal(
                actor=SYSTEM, casus=casus, base_version=version.number if version else 0, domain="huiselijke-relaties",
                description="Rust en structuur in huis", desired_result="een vast dagritme, minder spanning",
                measure="", target_date=today + dt.timedelta(days=120))
        goal = version.content["goals"][0]["id"]
        # every fourth started long enough ago to end within the re-assessment term (a task on Mijn werk)
        start = today - dt.timedelta(days=140 if i % 4 == 1 else rng.randint(0, 120))
        product = rng.choice([p for p in products if p.valid_on(start)])
        volume = {"04": rng.randint(2, 6), "01": rng.choice([240, 360, 480]), "14": 7, "16": rng.randint(2, 6),
                  "83": rng.choice([850, 1400, 3200])}[product.unit]
        client = members[-1] if product.voorziening.law == "jeugdwet" else members[0]
        contract = product.contracts.order_by("-valid_from").first()
        provider = contract.provider if contract else None
        if client.geboortedatum and client.geboortedatum > start:
            start = client.geboortedatum  # a period cannot start before the client was born
        end = start + dt.timedelta(days=181 if i % 4 == 1 else rng.choice([181, 364]))
        if contract and contract.valid_until:
            end = min(end, contract.valid_until)  # nor run past the provider's contract
        indicatie = actions.check_prepare_indication(
            actor=generalist, casus=casus, new_aanvraag=True, idempotency_key=f"demo-{seed}-{i}",
            data=actions.IndicationData(
                voorziening=product.voorziening, product=product, client=client, volume=volume,
                frequency=product.frequency, start=start, end=end,
                form="zin" if provider else "pgb", provider=provider, goal_ids=[goal],
                motivation=rng.choice(REASONS),
                considered=list(Voorziening.objects.filter(kind="algemeen", law=product.voorziening.law)[:2]),
                own_strength="Wil graag en houdt afspraken aan.", network="Familie helpt waar het kan, dat is niet genoeg.",
                why_not_enough="De algemene voorziening is geprobeerd; de vraag is te zwaar.",
                pgb_conditions={"bekwaam": True, "motivering": "eigen keuze", "kwaliteit": True}))
        if not indicatie.created:
            continue
        made += 1
        if i % 7 == 6:
            continue  # some proposals wait for the process director
        outcome = rng.choices(["toegekend", "deels", "afgewezen"], [80, 12, 8])[0]
        besluit = actions.check_decide(actor=regie, indicatie=indicatie, outcome=outcome, reasons=rng.choice(REASONS),
                                       granted_volume=max(1, volume // 2) if outcome == "deels" else None)
        if besluit.status == Besluit.Status.TWEEDE:
            actions.check_second_opinion(actor=second, besluit=besluit, approve=True)
        if i % 5 != 4:
            actions.check_send_decision(actor=backoffice, besluit=besluit)
            if outcome == "deels" and not besluit.objections.exists():
                actions.check_register_bezwaar(actor=backoffice, besluit=besluit, received_on=today,
                                               objector="de cliënt", grounds="Ik heb meer uren nodig.")
    actions.do_raise_reassessment_tasks(actor=SYSTEM)
    return made
