"""Stadskanaal 2018: het CJGV als toegang jeugd, casusregie in het gezin en procesregie erbuiten (seed-004)."""

import datetime as dt
from decimal import Decimal

from toegang.accounts.models import Organisatie
from toegang.assessments.actions import check_record_measurement, check_record_safety_assessment
from toegang.cases.actions import check_assign_case_director, check_close_case
from toegang.conferences.actions import check_plan_conference, check_record_minutes
from toegang.core import clock
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.deadlines.calendar import Term, due_date
from toegang.direction.actions import check_assign_process_director
from toegang.insight.indicators import Filters, outcomes
from toegang.intake.actions import MeldingData, check_register_melding, check_triage_melding
from toegang.persons.actions.data import AddressData, ResidentData
from toegang.persons.actions.residents import check_register_resident
from toegang.plans.actions import check_add_goal, check_set_goal_status
from toegang.provisions.actions import (
    IndicationData,
    check_decide,
    check_prepare_indication,
    check_send_decision,
    check_withdraw_indication,
)
from toegang.provisions.models import Product, Voorziening
from toegang.provisions.queries import budget_parts, budgets, contract_for, products_by_cost, stacked_with
from toegang.safety.actions import check_end_safety_plan, check_review_safety_plan, check_start_safety_plan
from toegang.safety.queries import crisis_state, review_clock
from toegang.scenarios.base import Scenario

SEED = "seed-004"


def _euro(amount: Decimal) -> str:
    """€ 1.415.960,00: the Dutch way of writing an amount."""
    return "€ " + f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _indication(s: Scenario, code: str, client, goal_id: str, start: dt.date, *, motivation: str) -> IndicationData:
    """A proposal from the plan for product `code`, in natura with the provider RIGG contracted for it (§5.7)."""
    product = Product.objects.select_related("voorziening").get(code=code, voorziening__profile=s.profile)
    provider = Organisatie.objects.filter(profile=s.profile, contracts__products=product).first()
    return IndicationData(
        voorziening=product.voorziening, product=product, client=client, volume=2, frequency=product.frequency,
        start=start, end=start + dt.timedelta(days=181), form="zin", provider=provider, goal_ids=[goal_id],
        motivation=motivation,
        considered=list(Voorziening.objects.filter(profile=s.profile, code="steunpalet")),
        own_strength="Moeder wil het graag anders en houdt zich aan de afspraken van het veiligheidsplan.",
        network="Oma in Musselkanaal vangt Daan twee middagen per week op; meer kan zij niet.",
        why_not_enough="Het Steunpalet en de ondersteuner jeugd en gezin bij de huisarts zijn geprobeerd; de "
                       "problemen thuis zijn te zwaar voor lichte hulp zonder indicatie.")


def walk(s: Scenario) -> None:
    """Stadskanaal 2018: het CJGV als toegang jeugd, casusregie in het gezin en procesregie erbuiten (seed-004)."""
    s.at("2026-03-02T09:00")  # a Monday
    gemeente = s.gemeente("0037")
    kcc, jeugd = s.actor("kcc"), s.actor("consulent-jeugd")
    elker, administratie = s.actor("casusregisseur-elker"), s.actor("administratie")

    # --- §4.1 / §5.6: the melding reaches the right column -----------------------------------------------------------
    s.say("De huisarts belt het klantcontactcentrum over het gezin Smit aan de Navolaan: moeder Anja is somber, er "
          "is veel ruzie en de school van Daan (9) maakt zich zorgen.")
    mother = check_register_resident(
        actor=kcc, gemeente=gemeente,
        data=ResidentData(voornamen="Anja", geslachtsnaam="Smit", bsn="370012343", geboortedatum=dt.date(1989, 4, 17),
                          geslacht="2"),
        address=AddressData(postcode="9501 AB", huisnummer=12, straat="Navolaan", woonplaats="Stadskanaal"))
    child = check_register_resident(
        actor=kcc, gemeente=gemeente, household=mother.household,
        data=ResidentData(voornamen="Daan", geslachtsnaam="Smit", bsn="370012355", geboortedatum=dt.date(2016, 9, 3),
                          geslacht="1"))
    melding, _ = check_register_melding(
        actor=kcc, gemeente=gemeente, persons=[mother, child],
        data=MeldingData(question="Moeder is somber, veel ruzie thuis; school maakt zich zorgen over Daan.",
                         channel="telefoon", source="huisarts", laws=["jeugdwet"],
                         life_domains=["huiselijke-relaties", "geestelijke-gezondheid"]))
    s.expect_equal(melding.team.code if melding.team else None, "cjgv",
                   "een melding over jeugdhulp komt bij het CJGV, de toegang jeugd", source=f"{SEED} §5.6")

    neighbour = check_register_resident(
        actor=kcc, gemeente=gemeente,
        data=ResidentData(voornamen="Hendrik", geslachtsnaam="Bakker", bsn="370012367",
                          geboortedatum=dt.date(1944, 1, 9), geslacht="1"),
        address=AddressData(postcode="9581 CD", huisnummer=3, straat="Havenkade", woonplaats="Musselkanaal"))
    wmo_melding, _ = check_register_melding(
        actor=kcc, gemeente=gemeente, persons=[neighbour],
        data=MeldingData(question="Redt het huishouden niet meer alleen.", channel="telefoon", source="zelf",
                         laws=["wmo"]))
    s.say("Dezelfde ochtend meldt meneer Bakker uit Musselkanaal zich voor hulp in het huishouden.")
    s.expect_equal(wmo_melding.team.code if wmo_melding.team else None, "wmo",
                   "een Wmo-vraag blijft in de Wmo-kolom, niet bij het CJGV", source=f"{SEED} §4.1")

    # --- §5.6: first professional, then a casusregisseur of a partner organisation, procesregie outside ----------------
    casus = check_triage_melding(actor=jeugd, melding=melding, outcome="meervoudig",
                                 reason="Zorgen over veiligheid en opvoeding; meerdere leefgebieden.").casus
    s.say("Consulent jeugd Jelle Wubbels trieert de melding als meervoudig: het CJGV opent een casus.")
    s.expect(casus.team.code == "cjgv" and casus.case_director_id is None,
             "de casus ligt bij het CJGV en wacht op een casusregisseur", source=f"{SEED} §5.6",
             found=f"team {casus.team.code if casus.team else '-'}, regisseur {casus.case_director_id}")
    check_assign_case_director(actor=jeugd, casus=casus, medewerker=s.user("consulent-jeugd"),
                               reason="rechtstreeks bij het CJGV aangemeld: eerste professional en casemanager")
    s.say("Omdat de melding rechtstreeks bij het CJGV binnenkwam, is de consulent eerst zelf casemanager.")
    try:
        check_assign_process_director(actor=jeugd, casus=casus, medewerker=s.user("consulent-jeugd"), kind="cjgv",
                                      reason="procesregie CJGV")
        refused = False
    except ValidationFailed:
        refused = True
    s.expect(refused, "wie in het gezin casemanager is, kan niet ook procesregisseur zijn",
             source=f"{SEED} §5.6 en Begrippenlijst (procesregie)")

    s.later(days=2)
    check_assign_case_director(actor=jeugd, casus=casus, medewerker=s.user("casusregisseur-elker"),
                               reason="overgedragen aan een externe hulpverlener zodra dat verantwoord is")
    check_assign_process_director(actor=jeugd, casus=casus, medewerker=s.user("consulent-jeugd"), kind="cjgv",
                                  reason="CJGV houdt de procesregie: casusregisseur, integraal plan, op- en afschalen")
    casus.refresh_from_db()
    director = s.user("casusregisseur-elker")
    s.say(f"Na twee dagen draagt hij de casus over aan {director.get_full_name()} van Elker; hij blijft procesregisseur.")
    s.expect(casus.case_director_id == director.pk and director.organisatie.code == "elker",
             "de casusregisseur is een professional van een partnerorganisatie (Elker)", source=f"{SEED} §5.6",
             found=casus.case_director)
    s.expect(casus.process_directors.filter(until__isnull=True, medewerker__username="consulent-jeugd").exists(),
             "de consulent jeugd van het CJGV is procesregisseur, buiten het gezin", source=f"{SEED} §5.6")

    # --- §5.2: framework and ZRM with focus domains ------------------------------------------------------------------
    s.later(days=1)
    today = clock.today()
    check_record_safety_assessment(
        actor=elker, casus=casus, assessed_on=today,
        worries="Harde ruzies waar Daan bij is; moeder is somber en komt 's ochtends niet op gang.",
        going_well="Moeder wil hulp; oma is betrokken; Daan gaat graag naar school.",
        must_happen="Daan is geen getuige meer van ruzies; moeder krijgt behandeling voor haar somberheid.",
        scale=3, checklist=[])
    measurement = check_record_measurement(actor=elker, casus=casus, resident=mother, measured_on=today,
                                           scores={"huiselijke-relaties": 2, "geestelijke-gezondheid": 2})
    s.say("De casusregisseur maakt met het gezin het framework (zorgen, wat gaat goed, wat moet er gebeuren, schaal 3) "
          "en scoort de ZRM alleen op de twee focusgebieden.")
    s.expect_equal(sorted(measurement.scores), ["geestelijke-gezondheid", "huiselijke-relaties"],
                   "de ZRM is vastgelegd op een paar focusgebieden, niet op alle dertien", source=f"{SEED} §5.2")

    # --- §5.3: Signs of Safety, safety plan with bottom lines --------------------------------------------------------
    agreements = [
        {"wie": "moeder", "wat": "Bij oplopende ruzie gaat Daan naar oma; moeder belt de casusregisseur.",
         "wanneer": (today + dt.timedelta(days=7)).isoformat()},
        {"wie": "oma", "wat": "Haalt Daan op als moeder belt, ook 's avonds.",
         "wanneer": (today + dt.timedelta(days=7)).isoformat()},
    ]
    try:
        check_start_safety_plan(actor=elker, casus=casus, started_on=today, danger="Daan is getuige van geweld.",
                                goal="Daan is thuis veilig.", agreements=agreements, bottom_lines="",
                                network="oma, school")
        without_bottom_lines = True
    except ValidationFailed:
        without_bottom_lines = False
    s.expect(not without_bottom_lines, "een veiligheidsplan zonder bodemeisen wordt geweigerd", source=f"{SEED} §5.3")
    plan = check_start_safety_plan(
        actor=elker, casus=casus, started_on=today,
        danger="Als er niets verandert, is Daan opnieuw getuige van harde ruzies en raakt hij beschadigd.",
        goal="Daan groeit veilig op: geen ruzies meer waar hij bij is.", agreements=agreements,
        bottom_lines="Er wordt niet geslagen of gedreigd waar Daan bij is. Daan gaat elke dag naar school.",
        network="oma (Musselkanaal), juf van groep 5, huisarts")
    s.say("Met moeder, oma en school maakt de casusregisseur een veiligheidsplan met SMART-afspraken en bodemeisen.")
    s.expect(bool(plan.bottom_lines) and len(plan.agreements) == 2 and crisis_state(casus)["plan_id"] == plan.pk,
             "het veiligheidsplan heeft bodemeisen en afspraken (wie, wat, wanneer) en is actief",
             source=f"{SEED} §5.3")

    # --- the plan: goals ----------------------------------------------------------------------------------------------
    version = check_add_goal(actor=elker, casus=casus, base_version=0, domain="huiselijke-relaties",
                             description="Rust en veiligheid thuis", desired_result="geen ruzies waar Daan bij is",
                             measure="veiligheidsschaal 7 of hoger", target_date=today + dt.timedelta(days=120))
    version = check_add_goal(actor=elker, casus=casus, base_version=version.number,
                             domain="geestelijke-gezondheid", description="Moeder heeft grip op haar somberheid",
                             desired_result="moeder komt 's ochtends op gang", measure="ZRM 3 of hoger",
                             target_date=today + dt.timedelta(days=120))
    goal_home, goal_mood = (g["id"] for g in version.content["goals"])

    # --- §5.6 / §5.7: the zorgtoewijzing by the CJGV, stacking and the cheapest adequate provision -------------------
    first = check_prepare_indication(
        actor=elker, casus=casus, new_aanvraag=True,
        data=_indication(s, "45A01", child, goal_home, today, motivation="Daan heeft begeleiding nodig om met de "
                         "spanningen thuis om te gaan."))
    try:
        check_decide(actor=elker, indicatie=first, outcome="toegekend", reasons="Past bij het plan.")
        elker_decided = True
    except NotAllowed:
        elker_decided = False
    s.expect(not elker_decided, "de casusregisseur van Elker doet geen formele zorgtoewijzing", source=f"{SEED} §5.6")
    besluit = check_decide(actor=jeugd, indicatie=first, outcome="toegekend",
                           reasons="Ambulante begeleiding van Daan draagt bij aan rust en veiligheid thuis.")
    check_send_decision(actor=administratie, besluit=besluit)
    besluit.refresh_from_db()
    s.say("De casusregisseur stelt ambulante begeleiding voor Daan voor; de consulent jeugd van het CJGV besluit en de "
          "administratie verstuurt het besluit.")
    s.expect(besluit.outcome == "toegekend" and besluit.decided_by.username == "consulent-jeugd"
             and besluit.status == "verzonden",
             "het CJGV doet de formele zorgtoewijzing", source=f"{SEED} §5.6", found=besluit.status)

    # --- §5.3: following the safety plan --------------------------------------------------------------------------
    s.later(days=7)
    today = clock.today()
    check_review_safety_plan(actor=elker, plan=plan, held_on=today, scale=6,
                             findings="Afspraken nagekomen: één keer ging Daan naar oma; geen ruzie waar hij bij was.")
    review = review_clock(plan)
    s.say("Een week later evalueert de casusregisseur het veiligheidsplan met het gezin: de afspraken zijn nagekomen, "
          "schaal 6.")
    s.expect(review is not None and review.due_on == due_date(today, Term(1, "w")),
             "de naleving wordt gevolgd: de volgende evaluatie van het veiligheidsplan staat over een week",
             source=f"{SEED} §5.3", found=review.due_on if review else None)

    second = check_prepare_indication(
        actor=elker, casus=casus, new_aanvraag=True,
        data=_indication(s, "45A02", child, goal_home, today, motivation="Daarnaast opvoedondersteuning aan huis."))
    stacked = stacked_with(second)
    s.say("Dezelfde dag stelt de casusregisseur daarnaast opvoedondersteuning voor: Toegang toont de stapeling.")
    s.expect([i.product.code for i in stacked] == ["45A01"],
             "een tweede product van dezelfde soort in dezelfde periode wordt als stapeling gesignaleerd",
             source=f"{SEED} §5.7", found=[i.product.code for i in stacked])
    ranked = products_by_cost(second.product, second.start)
    s.say("Goedkoopst adequaat, per uur: " + "; ".join(f"{r.product.code} {_euro(r.amount)}" for r in ranked) + ".")
    s.expect([r.product.code for r in ranked] == ["45A01", "45A02", "45A03"],
             "de producten van dezelfde soort staan op prijs, goedkoopste eerst (vaste maximumprijs RIGG)",
             source=f"{SEED} §5.7", found=[r.product.code for r in ranked])
    conference = check_plan_conference(
        actor=jeugd, casus=casus, kind="reflectieve-praktijk", starts_at=clock.now(), place="CJGV, de A22",
        reason="Stapeling van twee ambulante producten; goedkoopst adequaat en het voorliggend veld bespreken.",
        agenda="De aanpak; goedkoopst adequate voorziening; het Steunpalet.",
        staff_ids=[director.pk, s.user("consulent-veiligheid").pk],
        family_absent_reason="Reflectieve praktijk: een overleg van de betrokken professionals.")
    check_record_minutes(
        actor=jeugd, conference=conference,
        minutes="Eén casemanager (Elker). De ouderbegeleiding past binnen de lopende begeleiding van Daan.",
        decisions=["Geen tweede product: de lopende begeleiding wordt uitgebreid met ouderbegeleiding."])
    check_withdraw_indication(actor=elker, indicatie=second,
                              reason="In de reflectieve praktijk besproken: de lopende begeleiding wordt uitgebreid "
                                     "met ouderbegeleiding binnen hetzelfde traject; geen tweede product.")
    conference.refresh_from_db()
    second.refresh_from_db()
    s.say("In de reflectieve praktijk met de consulenten van het CJGV besluiten zij het tweede product niet te "
          "stapelen; het voorstel wordt ingetrokken.")
    s.expect(conference.status == "gehouden" and second.status == "ingetrokken",
             "de reflectieve praktijk bespreekt de goedkoopst adequate voorziening; de stapeling wordt voorkomen",
             source=f"{SEED} §5.3 en §5.7", found=(conference.status, second.status))

    jbn = Organisatie.objects.get(profile=s.profile, code="jeugdbescherming-noord")
    specialist = Product.objects.get(code="50G01", voorziening__profile=s.profile)
    s.expect(contract_for(jbn, specialist, today) is not None,
             "opschalen naar specialistische casusregie kan: product 50G01 bij JeugdBescherming Noord",
             source=f"{SEED} §5.6")

    # --- §6.2: the budget split ---------------------------------------------------------------------------------------
    for year, expected in ((2018, ("1415960.00", "9476040.00")), (2019, ("1419860.00", "9502140.00")),
                           (2020, ("1426880.00", "9549120.00"))):
        rows = budgets([gemeente.pk], year)
        parts = budget_parts([b.pk for b in rows])
        amounts = tuple(str(p.amount) for p in sorted(parts, key=lambda p: p.position))
        shown = [_euro(p.amount) for p in sorted(parts, key=lambda p: p.position)]
        s.say(f"Budget jeugd {year}: {_euro(rows[0].amount)}; toegang en lichte hulp {shown[0]}, "
              f"zorg in natura en pgb {shown[1]}.")
        s.expect_equal(amounts, expected, f"de rijksbijdrage {year} is verdeeld 13% / 87%",
                       source=f"{SEED} §6.2 (Tabel 4)")

    # --- §3.3 / §7.2: closing and the outcome indicators -------------------------------------------------------------
    s.later(days=91)
    today = clock.today()
    check_record_measurement(actor=elker, casus=casus, resident=mother, measured_on=today,
                             scores={"huiselijke-relaties": 4, "geestelijke-gezondheid": 3})
    version = check_set_goal_status(actor=elker, casus=casus, base_version=version.number, goal_id=goal_home,
                                    status="bereikt")
    check_set_goal_status(actor=elker, casus=casus, base_version=version.number, goal_id=goal_mood,
                          status="niet-bereikt")
    check_end_safety_plan(actor=elker, plan=plan, reason="Drie maanden geen ruzies waar Daan bij was; schaal 8.")
    check_close_case(actor=elker, casus=casus, reason="doelen-bereikt", household_informed_on=today)
    s.say("Drie maanden later: de ZRM is gestegen, één van de twee doelen is bereikt; het veiligheidsplan en de casus "
          "worden afgesloten.")
    # the numbers of questions 3 and 4 of the evaluation report /inzicht/evaluatie/stadskanaal/ (insight.evaluation
    # goals_reached and self_reliance read exactly this indicator; the report module itself sits on the web layer)
    result = outcomes(Filters(start=today.replace(day=1), end=today, gemeente_ids=[gemeente.pk]))
    s.say(f"Het evaluatierapport (§7) toont: doelen {result.goals}, bereikt {result.goals_reached} "
          f"({result.goal_share:.0%}); gemiddelde ZRM-verandering {result.mean_change}.")
    s.expect_equal((result.goals, result.goals_reached), (2, 1),
                   "outcome-indicator 4: van de twee overeengekomen doelen is er één gerealiseerd",
                   source=f"{SEED} §7.2")
    s.expect_equal(Decimal(str(result.mean_change)), Decimal("1.5"),
                   "outcome-indicator 3: de zelfredzaamheid (ZRM, focusgebieden) steeg gemiddeld 1,5 niveau",
                   source=f"{SEED} §7.2")
