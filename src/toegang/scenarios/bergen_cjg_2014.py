"""Bergen (NH) 2014: de school-CJG'er, de J&G coach, één gezin één plan en de procesregisseur (seed-000)."""

import datetime as dt

from toegang.accounts.models import Organisatie
from toegang.assessments.actions import check_record_safety_assessment
from toegang.cases.actions.case import check_assign_case_director
from toegang.cases.actions.involvement import check_add_case_involvement
from toegang.cases.actions.journal import check_record_contact_moment
from toegang.cases.actions.owner import check_take_case
from toegang.conferences.actions import AgreedAction, check_plan_conference, check_record_minutes
from toegang.core import clock
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.deadlines.queries import clocks_for_subject
from toegang.direction.actions import check_assign_process_director
from toegang.direction.queries import signals_for_case
from toegang.escalation.actions import (
    check_deescalate_case,
    check_escalate_case,
    check_pick_up_escalation,
    check_record_binding_decision,
)
from toegang.escalation.queries import open_escalation
from toegang.intake.actions import MeldingData, check_register_melding, check_triage_melding
from toegang.persons.actions.data import AddressData, ResidentData
from toegang.persons.actions.residents import check_register_resident
from toegang.plans.actions import (
    check_add_goal,
    check_add_plan_action,
    check_agree_plan,
    check_set_coordination,
    coordination_of,
)
from toegang.plans.queries import current_version
from toegang.provisions.actions.consultations import (
    ConsultationData,
    check_record_advice,
    check_record_consultation,
)
from toegang.provisions.actions.indications import IndicationData, check_prepare_indication
from toegang.provisions.models import Product, Voorziening
from toegang.scenarios.base import Scenario
from toegang.tasks.models import Notification

SEED = "seed-000"


def _refused(call, exception=(NotAllowed, ValidationFailed)) -> tuple[bool, object]:
    """Run an action that should be refused; (refused?, the error or the result)."""
    try:
        return False, call()
    except exception as exc:
        return True, exc


def _notified(s: Scenario, username: str, kind: str, since: dt.datetime) -> bool:
    return Notification.objects.filter(recipient=s.user(username), kind=kind, created_at__gte=since).exists()


def walk(s: Scenario) -> None:
    """Bergen (NH) 2014: de school-CJG'er, de J&G coach, één gezin één plan en de procesregisseur (seed-000)."""
    s.at("2026-03-02T09:00")  # a Monday
    gemeente = s.gemeente("0373")
    school_cjger, coach = s.actor("school-cjger"), s.actor("jg-coach")
    regisseur = s.actor("procesregisseur")

    # --- het netwerk --------------------------------------------------------------------------------------------
    s.say("Het CJG Bergen is een netwerk: kernpartners voor de lichte ondersteuning, ketenpartners waar zorgen "
          "zichtbaar worden en waar specialistische hulp zit.")
    kinds = dict(Organisatie.objects.filter(profile=s.profile).values_list("code", "kind"))
    s.expect(all(kinds.get(c) == "cjg-partner" for c in ("ggd-hn", "swb", "de-wering", "bjz-nh", "mee")),
             "JGZ (GGD), jongerenwerk (SWB), maatschappelijk werk (de Wering), BJZ en MEE zijn kernpartners",
             source=f"{SEED} §2.3 (CJG §2.1)", found=kinds)
    s.expect(kinds.get("school-de-duinrand") == "school" and kinds.get("huisartsen-bergen") == "huisarts"
             and kinds.get("kdv-poppenkast") == "anders" and kinds.get("parlan") == "zorgaanbieder",
             "scholen, huisartsen en kinderdagverblijven zijn vindplaatsen; Parlan is specialistische ketenpartner",
             source=f"{SEED} §2.4 (CJG §2.1, §3.7)", found=kinds)

    # --- de school-CJG'er ---------------------------------------------------------------------------------------
    s.say("Op basisschool De Duinrand maakt de intern begeleider zich zorgen over Daan Visser (8): hij is vaak moe, "
          "komt te laat en heeft woedeaanvallen. De school-CJG'er Sanne de Vries is er op dinsdag en legt het "
          "signaal vast.")
    moeder = check_register_resident(
        actor=school_cjger, gemeente=gemeente,
        data=ResidentData(voornamen="Linda", geslachtsnaam="Visser", bsn="373000005",
                          geboortedatum=dt.date(1988, 4, 9), geslacht="2"),
        address=AddressData(postcode="1862 BK", huisnummer=17, straat="Breelaan", woonplaats="Bergen"))
    daan = check_register_resident(
        actor=school_cjger, gemeente=gemeente, household=moeder.household, valid_from=dt.date(2017, 9, 30),
        data=ResidentData(voornamen="Daan", geslachtsnaam="Visser", bsn="373000017",
                          geboortedatum=dt.date(2017, 9, 30), geslacht="1"))
    melding, _ = check_register_melding(
        actor=school_cjger, gemeente=gemeente, persons=[daan, moeder],
        data=MeldingData(question="Zorgen van school: Daan is vaak moe, komt te laat en heeft woedeaanvallen; de "
                                  "interne zorgstructuur van de school is niet toereikend.",
                         channel="verwijzing", source="school", setting="basisschool", laws=["jeugdwet"],
                         life_domains=["huiselijke-relaties", "geestelijke-gezondheid"],
                         source_organisation=Organisatie.objects.get(profile=s.profile, code="school-de-duinrand")))
    s.expect_equal(melding.team.code if melding.team else None, "cjg",
                   "een zorg van school komt bij het CJG-team", source=f"{SEED} §3.6 (B3)")
    s.expect_equal(melding.assigned_to_id, s.user("school-cjger").pk,
                   "en ligt bij de school-CJG'er, de schakel tussen de zorgstructuur van de school en het CJG",
                   source=f"{SEED} §2.2 (CJG §2.4, B3)")

    s.say("Een vraag van een andere inwoner over huishoudelijke hulp gaat niet naar het CJG maar naar de integrale "
          "toegang, waar de consulent het brede gesprek één keer voert.")
    buurman = check_register_resident(
        actor=s.actor("consulent"), gemeente=gemeente,
        data=ResidentData(voornamen="Kees", geslachtsnaam="Bakker", bsn="373000029", geboortedatum=dt.date(1950, 1, 3)),
        address=AddressData(postcode="1931 CD", huisnummer=3, straat="Voorstraat", woonplaats="Egmond aan Zee"))
    wmo, _ = check_register_melding(
        actor=s.actor("consulent"), gemeente=gemeente, persons=[buurman],
        data=MeldingData(question="Redt het huishouden niet meer.", channel="telefoon", source="zelf", laws=["wmo"]))
    s.expect_equal(wmo.team.code if wmo.team else None, "integrale-toegang",
                   "een Wmo-vraag komt bij de integrale toegang (brede gesprek)", source=f"{SEED} §3.5 (CJG §3.6)")

    s.say("Sanne start een traject: één casus voor het gezin in het CJG-team; zij neemt de casus op zich.")
    triage = check_triage_melding(actor=school_cjger, melding=melding, outcome="meervoudig", team=s.team("cjg"),
                                  reason="Meer nodig dan de interne zorgstructuur van de school kan bieden (B3).")
    casus = triage.casus
    s.expect(casus is not None and casus.team.code == "cjg", "één casus voor het gezin in het CJG-team",
             source=f"{SEED} §3.3 (R-1: één gezin, één plan)", found=casus)
    casus = check_take_case(actor=school_cjger, casus=casus)
    s.expect_equal(casus.case_director_id, s.user("school-cjger").pk,
                   "de school-CJG'er die het traject start, regisseert de casus", source=f"{SEED} §3.6 (B3)")
    first = [c for c in clocks_for_subject(melding) if c.kind == "eerste-contact"]
    s.say("Het document noemt geen termijnen; alleen de ingebouwde klok voor het eerste contact loopt "
          f"({first[0].term if first else '-'}, bron: {first[0].source if first else '-'}).")
    s.expect(len(first) == 1 and first[0].source == "profiel",
             "geen termijn uit het seed: alleen de standaardklok eerste contact loopt", source=f"{SEED} §3.15 en §9",
             found=[(c.kind, c.source) for c in clocks_for_subject(melding)])

    s.later(days=1)
    check_record_contact_moment(
        actor=school_cjger, casus=casus, at=clock.now(), kind="gesprek",
        participants="Linda Visser (moeder), intern begeleider, school-CJG'er",
        summary="Eerste gesprek samen met school en moeder: vraagverheldering. Sinds de scheiding slaapt Daan slecht.")
    s.expect(all(c.stopped_on for c in clocks_for_subject(melding) if c.kind == "eerste-contact"),
             "het eerste gesprek met school en ouders stopt de klok eerste contact",
             source=f"{SEED} §3.6 (B3 stap 1: eerste gesprek samen met school en ouders)")

    # --- de J&G coach -------------------------------------------------------------------------------------------
    s.say("Sanne twijfelt of het thuis veilig is en roept een jeugd- en gezinscoach in; de inroep en de reden "
          "worden vastgelegd.")
    inroep = check_record_consultation(actor=school_cjger, casus=casus, data=ConsultationData(
        kind="deskundigenteam", team_code="jg-coaches", asked_on=clock.today(),
        question="Twijfel over opvoedproblematiek: veiligheidscheck gevraagd (moeder is na de scheiding overbelast)."))
    s.expect(inroep.pk is not None and "veiligheidscheck" in inroep.question,
             "de inroep van de J&G coach staat met de reden op de casus (voor de 'leefregel')",
             source=f"{SEED} §3.7 (B4)")
    check_add_case_involvement(actor=school_cjger, casus=casus, medewerker=s.user("jg-coach"), role="J&G coach")
    check_add_case_involvement(actor=school_cjger, casus=casus, medewerker=s.user("cjg-professional"),
                               role="jeugdverpleegkundige JGZ")
    check_record_safety_assessment(
        actor=coach, casus=casus, assessed_on=clock.today(),
        worries="Moeder is overbelast; Daan slaapt slecht en is boos.", going_well="Moeder vraagt zelf om hulp; "
        "oma is betrokken.", must_happen="Rust en ritme thuis; moeder krijgt steun.", scale=7, checklist=[])
    check_record_advice(actor=school_cjger, raadpleging=inroep, advice="Veilig genoeg (7); kortdurende ambulante "
                        "hulp door de J&G coach, zonder indicatie.", outcome="positief", advised_on=clock.today())
    s.expect(casus.safety_assessments.exists(), "de J&G coach doet de veiligheidscheck als betrokkene",
             source=f"{SEED} §3.7 (B4: veiligheidscheck)")

    # --- één gezin, één plan ------------------------------------------------------------------------------------
    s.say("Met moeder stelt Sanne één gezinsplan op; moeder blijft eigenaar en coördineert zelf de zorg.")
    version = check_add_goal(
        actor=school_cjger, casus=casus, base_version=0, domain="huiselijke-relaties", person_id=daan.pk,
        description="Rust en ritme voor Daan thuis", desired_result="Daan slaapt goed en komt op tijd op school",
        measure="Te laat komen volgens school", target_date=clock.today() + dt.timedelta(weeks=4))
    coordination = coordination_of(version.content) or {}
    s.expect_equal(coordination.get("by"), "huishouden",
                   "het plan legt vast dat de ouders de zorg coördineren (uitgangspunt van het profiel)",
                   source=f"{SEED} §3.3 (B3; R-2)")
    goal = version.content["goals"][0]["id"]
    s.say("Zo licht mogelijk: eerst wat moeder zelf en haar netwerk kunnen, dan het algemene aanbod van het CJG, "
          "dan kortdurende hulp van de J&G coach zonder indicatie.")
    for owner_type, owner, what in (
            ("huishouden", "Linda Visser", "Vaste bedtijden en een ochtendritme"),
            ("netwerk", "oma Visser", "Brengt Daan op dinsdag en donderdag naar school"),
            ("professional", "CJG Bergen", "Moeder volgt de opvoedcursus van het CJG (algemene voorziening)"),
            ("professional", "Ruben Kaan (J&G coach)", "Vier gesprekken kortdurende ambulante hulp, zonder indicatie")):
        version = check_add_plan_action(actor=school_cjger, casus=casus, base_version=version.number, goal_id=goal,
                                        owner_type=owner_type, owner=owner, description=what,
                                        due_date=clock.today() + dt.timedelta(weeks=4))
    s.expect_equal([a["owner_type"] for a in version.content["actions"]],
                   ["huishouden", "netwerk", "professional", "professional"],
                   "het plan begint bij eigen kracht en netwerk, dan algemeen aanbod, dan de coach",
                   source=f"{SEED} §3.2 (R-4; Visie-WL 'Gesprek')")
    product = Product.objects.get(voorziening__profile=s.profile, code="45A48")
    refused, error = _refused(lambda: check_prepare_indication(
        actor=school_cjger, casus=casus, new_aanvraag=True, data=IndicationData(
            voorziening=Voorziening.objects.get(profile=s.profile, code="jeugdhulp-ambulant"), product=product,
            client=daan, volume=2, frequency="2", start=clock.today(), end=clock.today() + dt.timedelta(weeks=12),
            form="ZIN", provider=Organisatie.objects.get(profile=s.profile, code="parlan"), goal_ids=[goal],
            motivation="Daan heeft hulp nodig.", own_strength="Moeder wil zelf aan de slag.",
            network="Oma helpt.")))
    s.expect(refused and "why_not_enough" in getattr(error, "field_errors", {}),
             "jeugdhulp op indicatie wordt geweigerd zolang niet is vastgelegd waarom het lichtere niet volstaat",
             source=f"{SEED} §3.2 (R-4: zo licht mogelijk, zo zwaar als nodig)", found=error)
    refused, _ = _refused(lambda: check_add_goal(
        actor=coach, casus=casus, base_version=version.number, domain="financien", description="x",
        desired_result="x", measure="", target_date=clock.today()))
    s.expect(refused, "de J&G coach voert een deel van het plan uit maar wijzigt het plan niet",
             source=f"{SEED} §3.7 (B4: voert een deel van het plan uit)")
    version = check_agree_plan(actor=school_cjger, casus=casus, base_version=version.number,
                               agreed_on=clock.today(), how="schriftelijk", by="Linda Visser (moeder)")
    s.expect(version.agreed_on is not None, "de moeder onderschrijft het plan", source=f"{SEED} §3.1 (R-3)")

    # --- de hulp stagneert --------------------------------------------------------------------------------------
    s.say("Vijf weken later: Daan komt nog steeds te laat, de cursus is niet gestart en de JGZ en de coach werken "
          "langs elkaar heen. De hulp stagneert.")
    s.later(days=35)
    signals = {sig.code for sig in signals_for_case(regisseur, casus)}
    s.expect("doel-over-streefdatum" in signals, "Toegang signaleert dat het doel over de streefdatum is",
             source=f"{SEED} §3.4 (stagnatie)", found=sorted(signals))
    s.expect("geen-procesregisseur" in signals,
             "drie betrokken professionals zonder procesregisseur: Bergen zet de procesregisseur eerder in",
             source=f"{SEED} §2.2 (CJG §2.5)", found=sorted(signals))
    refused, _ = _refused(lambda: check_assign_process_director(
        actor=school_cjger, casus=casus, medewerker=s.user("school-cjger"), kind="inzet", reason="x"))
    s.expect(refused, "de school-CJG'er wijst zelf geen procesregisseur aan", source=f"{SEED} §2.2 (CJG §2.5)")

    since = clock.now()
    escalation = check_escalate_case(actor=school_cjger, casus=casus, ladder="cjg", signals=sorted(signals),
                                     reason="De hulp stagneert en is niet afgestemd; moeder en professionals komen "
                                            "niet verder.")
    s.say(f"Sanne schaalt op naar {escalation.level_name}.")
    s.expect_equal(escalation.level_code, "procesregie", "de casus gaat naar de procesregisseur (coördinator CJG)",
                   source=f"{SEED} §3.4 (CJG §2.3, §2.5)")
    s.expect(_notified(s, "procesregisseur", Notification.Kind.GEESCALEERD, since),
             "de procesregisseur krijgt bericht dat de casus naar haar is opgeschaald",
             source=f"{SEED} §3.4 (CJG §2.3)")
    s.expect(not [c for c in clocks_for_subject(escalation) if c.kind.startswith("escalatie-")],
             "geen reactietermijn voor de procesregisseur: het document noemt er geen", source=f"{SEED} §3.15")
    check_assign_process_director(actor=regisseur, casus=casus, medewerker=s.user("procesregisseur"), kind="inzet",
                                  reason="Inzet bij een complexe gezinssituatie met meerdere professionals.")
    check_pick_up_escalation(actor=regisseur, casus=casus,
                             note="Ik beleg een 1 Gezin 1 Plan-bijeenkomst met moeder en alle betrokkenen en zit die voor.")
    s.expect("geen-procesregisseur" not in {sig.code for sig in signals_for_case(regisseur, casus)},
             "de procesregisseur (inzet) staat op de casus", source=f"{SEED} §3.4 (CJG §2.5: inzet)")
    refused, _ = _refused(lambda: check_record_binding_decision(
        actor=regisseur, casus=casus, decision="x", decided_on=clock.today(), organisation_ids=[]))
    s.expect(refused, "de procesregisseur heeft geen doorzettingsmacht; die ligt bij de gemeente als "
                      "procescoördinator", source=f"{SEED} §3.2 (Visie §3.4 b4, §4.3)")

    # --- 1 Gezin 1 Plan-bijeenkomst -----------------------------------------------------------------------------
    moment = (clock.now() + dt.timedelta(days=7)).replace(hour=15, minute=0, second=0, microsecond=0)
    staff = [s.user(u).pk for u in ("school-cjger", "jg-coach", "cjg-professional")]
    refused, error = _refused(lambda: check_plan_conference(
        actor=regisseur, casus=casus, kind="1g1p", reason="Stagnatie", starts_at=moment, place="CJG Bergen",
        staff_ids=staff))
    s.expect(refused and "family_absent_reason" in getattr(error, "field_errors", {}),
             "zonder het gezin geen 1G1P-overleg, tenzij met reden: met ouders in plaats van over hen",
             source=f"{SEED} §3.3 (B3), §3.1 (R-8)", found=error)
    since = clock.now()
    overleg = check_plan_conference(
        actor=regisseur, casus=casus, kind="1g1p", starts_at=moment, place="CJG Bergen", staff_ids=staff,
        resident_ids=[moeder.pk], reason="De hulp stagneert; afstemmen wie wat doet.",
        agenda="Wat gaat goed, wat zijn de zorgen, wie doet wat, wie coördineert.")
    s.expect(all(_notified(s, u, Notification.Kind.UITNODIGING, since)
                 for u in ("school-cjger", "jg-coach", "cjg-professional")),
             "school-CJG'er, J&G coach en jeugdverpleegkundige worden uitgenodigd", source=f"{SEED} §3.3 (CJG §2.3)")
    s.at(moment)
    check_record_minutes(
        actor=regisseur, conference=overleg,
        minutes="Voorzitter: de procesregisseur. Moeder kiest de J&G coach als zorgcoördinator; de JGZ stopt haar "
                "eigen traject en sluit aan bij het plan.",
        decisions=["De J&G coach coördineert de zorg tot de zomervakantie.", "Eén plan; geen verwijzing."],
        actions=[AgreedAction(goal_id=goal, owner_type="professional", owner="Joke Schouten (JGZ)",
                              description="Slaapadvies aan moeder binnen het gezinsplan",
                              due_date=clock.today() + dt.timedelta(weeks=3))])
    version = current_version(casus)
    s.expect(any("Slaapadvies" in a["description"] for a in version.content["actions"]),
             "de afspraken van het 1G1P-overleg staan in het ene plan", source=f"{SEED} §3.1 (R-8), §3.3")
    refused, error = _refused(lambda: check_set_coordination(
        actor=regisseur, casus=casus, base_version=version.number, by="professional", name="Ruben Kaan (J&G coach)"))
    s.expect(refused and "reason" in getattr(error, "field_errors", {}),
             "een professional coördineert alleen met vastgelegd wie dat koos en waarom",
             source=f"{SEED} §3.3 (B3: de ouders kiezen aan wie zij de coördinatie toevertrouwen)", found=error)
    version = check_set_coordination(actor=regisseur, casus=casus, base_version=version.number, by="professional",
                                     name="Ruben Kaan (J&G coach)",
                                     reason="Gekozen door moeder in de 1G1P-bijeenkomst.")
    s.expect_equal((coordination_of(version.content) or {}).get("name"), "Ruben Kaan (J&G coach)",
                   "het plan legt vast dat de J&G coach nu de zorg coördineert", source=f"{SEED} §3.3 (B3; R-2)")
    refused, _ = _refused(lambda: check_assign_case_director(
        actor=coach, casus=casus, medewerker=s.user("jg-coach"), reason="x"))
    casus.refresh_from_db()
    s.expect(refused and casus.case_director_id == s.user("school-cjger").pk,
             "zorgcoördinatie is geen casusregie: de coach neemt de casus niet over, de school-CJG'er blijft "
             "casusregisseur", source=f"{SEED} §3.3 (B3), §3.6", found=casus.case_director)

    check_deescalate_case(actor=regisseur, casus=casus,
                          reason="De hulp loopt weer; de zorgcoördinatie ligt bij de J&G coach.")
    s.expect(open_escalation(casus) is None, "na het overleg gaat de casus terug naar het gezin en zijn professionals",
             source=f"{SEED} §3.4 (CJG §2.5: vastgelopen processen weer in beweging)")
    s.say("Het proces loopt weer; de procesregisseur blijft op afstand betrokken.")
