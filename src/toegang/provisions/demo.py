"""Demo decisions for `toegang demo`, on any profile: each case of a demo case director gets a plan goal and an
indication they prepare; the profile's mandate matrix says who of the demo staff sets the indication, decides (a
second one gives the second opinion where the profile asks for four eyes) and sends the letter; one objection, and
the re-assessment tasks of decisions that end soon. Deterministic per seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Medewerker
from toegang.cases.models import Casus
from toegang.core import clock
from toegang.core.actor import SYSTEM, Actor
from toegang.plans import actions as plan_actions

from . import actions, consultations, mandates, queries
from .actions import consultations as consultation_actions
from .models import Besluit, Indicatie, Product, Voorziening

REASONS = [
    "De hulp past bij het doel in het plan; algemene voorzieningen en het netwerk zijn niet genoeg.",
    "Zonder deze ondersteuning verslechtert de situatie; het netwerk is overbelast.",
    "Na het keukentafelgesprek en het opvoedspreekuur is duidelijk dat meer nodig is.",
]
# A plausible amount per unit (iJw/iWmo code list 'eenheid'): hours, minutes, days, parts of a day, euros.
VOLUMES = {"04": (2, 6), "01": (240, 480), "14": (7, 7), "16": (2, 6), "83": (850, 3200)}


def _first(actors: Sequence[Actor], test: Callable[[Actor], bool]) -> Actor | None:
    return next((a for a in actors if test(a)), None)


def generate_decisions(*, count: int, seed: int, staff: Sequence[Medewerker],
                       case_directors: Sequence[Medewerker]) -> int:
    """Up to `count` indications on the cases of `case_directors`; who acts after them is the first of `staff` (in
    the profile's order) holding the task's mandate who may see the indication or decision."""
    actors = [actor_for_user(u) for u in staff]
    directors = {u.pk: actor_for_user(u) for u in case_directors}
    rng = random.Random(f"besluiten-{seed}")
    today = clock.today()
    cases = list(Casus.objects.filter(case_director__in=list(directors)).exclude(status="afgesloten")
                 .select_related("household", "gemeente").order_by("pk")[:count])
    made = 0
    for i, casus in enumerate(cases):
        preparer = directors[casus.case_director_id]
        members = list(casus.household.current_residents.order_by("geboortedatum"))
        if not members or casus.meldingen.count() == 0:
            continue
        # every fourth started long enough ago to end within the re-assessment term (a task on Mijn werk)
        start = today - dt.timedelta(days=140 if i % 4 == 1 else rng.randint(0, 120))
        products = [p for p in Product.objects.filter(voorziening__kind="maatwerk",
                                                      voorziening__profile_id=casus.gemeente.profile_id)
                    .select_related("voorziening__mandate_group").order_by("code")
                    if p.valid_on(start) and mandates.holds(preparer, casus.gemeente_id, p.voorziening.mandate_group,
                                                            "inventarisatie-diagnose")]
        youngest = members[-1]
        if not (youngest.geboortedatum and _age(youngest.geboortedatum, start) < 18):
            # youth help is for a youngster (Jeugdwet art. 1.1, "jeugdige"): a household without one gets other help
            products = [p for p in products if p.voorziening.law != "jeugdwet"]
        if not products:
            continue
        version = plan_actions.current_version(casus)
        if version is None or not version.content["goals"]:
            version = plan_actions.check_add_goal(
                actor=SYSTEM, casus=casus, base_version=version.number if version else 0, domain="huiselijke-relaties",
                description="Rust en structuur in huis", desired_result="een vast dagritme, minder spanning",
                measure="", target_date=today + dt.timedelta(days=120))
        goal = version.content["goals"][0]["id"]
        product = rng.choice(products)
        low, high = VOLUMES.get(product.unit, (1, 5))
        volume = rng.randint(low, high)
        voorziening = product.voorziening
        client = members[-1] if voorziening.law == "jeugdwet" else members[0]
        contract = product.contracts.order_by("-valid_from").first()
        provider = contract.provider if contract else None
        if client.geboortedatum and client.geboortedatum > start:
            start = client.geboortedatum  # a period cannot start before the client was born
        end = start + dt.timedelta(days=181 if i % 4 == 1 else rng.choice([181, 364]))
        if contract and contract.valid_until:
            end = min(end, contract.valid_until)  # nor run past the provider's contract
        _consult_first(preparer, casus, voorziening, today)
        indicatie = actions.check_prepare_indication(
            actor=preparer, casus=casus, new_aanvraag=True, idempotency_key=f"demo-{seed}-{i}",
            data=actions.IndicationData(
                voorziening=voorziening, product=product, client=client, volume=volume,
                frequency=product.frequency, start=start, end=end,
                form="zin" if provider else "pgb", provider=provider, goal_ids=[goal],
                motivation=rng.choice(REASONS),
                considered=list(Voorziening.objects.filter(profile_id=voorziening.profile_id, kind="algemeen",
                                                           law=voorziening.law).order_by("code")[:2]),
                own_strength="Wil graag en houdt afspraken aan.", network="Familie helpt waar het kan, dat is niet genoeg.",
                why_not_enough="De algemene voorziening is geprobeerd; de vraag is te zwaar.",
                pgb_conditions={"bekwaam": True, "motivering": "eigen keuze", "kwaliteit": True}))
        if not indicatie.created:
            continue
        made += 1
        if i % 7 == 6:
            continue  # some proposals wait for whoever decides
        _decide(indicatie, actors, rng, send=i % 5 != 4, today=today)
    actions.do_raise_reassessment_tasks(actor=SYSTEM)
    return made


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _consult_first(preparer: Actor, casus: Casus, voorziening: Voorziening, today: dt.date) -> None:
    """Where the profile says this kind of help always needs an expert (profile `deskundigen`, BUCH seed 001
    §4.4.1), the case director records the consultation and its advice before proposing."""
    rule = consultations.rule_for(casus.gemeente.profile.data, voorziening)
    if rule is None:
        return
    day = max(casus.opened_at.date(), today - dt.timedelta(days=7))
    consultation_actions.check_record_consultation(
        actor=preparer, casus=casus, data=consultation_actions.ConsultationData(
            kind="deskundige", expert="M. de Wit, adviseur uit het expertnetwerk", voorziening=voorziening,
            asked_on=day, question=f"Is {voorziening.name[:1].lower()}{voorziening.name[1:]} nodig en passend "
                                   f"({rule['naam']})?",
            advice="Nodig en passend; de hulp sluit aan bij de vraag en het plan.", outcome="positief",
            advised_on=day))


def _decide(indicatie: Indicatie, actors: Sequence[Actor], rng: random.Random, *, send: bool, today: dt.date) -> None:
    """Decide as the profile's mandate matrix says: one holding both 'indicatie' and 'beschikking' decides the
    proposal; otherwise the holder of 'indicatie' sets it first (BUCH: the generalist) and the holder of
    'beschikking' decides (BUCH: the back office). Without a mandated demo user the indication waits."""
    gemeente_id, group = indicatie.gemeente_id, indicatie.voorziening.mandate_group

    def holder(*tasks: str, sees: Callable[[Actor], bool], other_than: int | None = None) -> Actor | None:
        return _first(actors, lambda a: a.user_id != other_than and sees(a)
                      and all(mandates.holds(a, gemeente_id, group, task) for task in tasks))

    def sees_indication(a: Actor) -> bool:
        return queries.can_see_indication(a, indicatie)

    decider = holder("indicatie", "beschikking", sees=sees_indication)
    if decider is None:
        setter = holder("indicatie", sees=sees_indication)
        if setter is None:
            return
        indicatie = actions.check_set_indication(actor=setter, indicatie=indicatie)
        decider = holder("beschikking", sees=sees_indication)
        if decider is None:
            return
    outcome = rng.choices(["toegekend", "deels", "afgewezen"], [80, 12, 8])[0]
    if outcome == "deels" and indicatie.volume < 2:
        outcome = "toegekend"  # a partial grant gives at least 1 and less than asked
    besluit = actions.check_decide(actor=decider, indicatie=indicatie, outcome=outcome, reasons=rng.choice(REASONS),
                                   granted_volume=max(1, indicatie.volume // 2) if outcome == "deels" else None)
    if besluit.status == Besluit.Status.TWEEDE:
        second = holder("beschikking", sees=lambda a: queries.can_see_besluit(a, besluit), other_than=decider.user_id)
        if second is None:
            return
        besluit = actions.check_second_opinion(actor=second, besluit=besluit, approve=True)
    sender = holder("administratieve-verwerking", sees=lambda a: queries.can_see_besluit(a, besluit))
    if not send or sender is None:
        return
    besluit = actions.check_send_decision(actor=sender, besluit=besluit)
    if outcome == "deels" and not besluit.objections.exists():
        actions.check_register_bezwaar(actor=sender, besluit=besluit, received_on=today,
                                       objector="de cliënt", grounds="Ik heb meer uren nodig.")
