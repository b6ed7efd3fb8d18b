"""De G7 in 2010: zeven steden, elk met een eigen aansluiting van het CJG op Bureau Jeugdzorg (seed-003).

Almere's zorgpiramide, Den Haag's routes R1–R9, Amsterdam's MPG-ladder, Rotterdam's SISA, de ketencoördinator van
Zorg voor Jeugd in Tilburg, Utrecht's achterwacht en de terugkoppeling aan de verwijzer — door de echte acties."""

import datetime as dt

from django.utils import timezone

from toegang.accounts.models import Organisatie
from toegang.cases.actions import check_add_case_involvement, check_take_case
from toegang.cases.models import Casus
from toegang.core import clock
from toegang.core.actor import SYSTEM
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.direction.actions import check_assign_process_director
from toegang.direction.queries import signals_for_case
from toegang.direction.signals import NO_COORDINATOR, NO_PROCESS_DIRECTOR, thresholds
from toegang.escalation.actions import (
    check_escalate_case,
    check_pick_up_escalation,
    check_record_binding_decision,
)
from toegang.escalation.queries import binding_decisions_of, open_escalation, steps_of
from toegang.intake.actions import (
    MeldingData,
    ReferredPerson,
    check_pick_up_melding,
    check_refer,
    check_register_melding,
    check_triage_melding,
)
from toegang.intake.models import Melding
from toegang.intake.queries import referrals_for
from toegang.messaging.actions import receive
from toegang.messaging.models import Toewijzing
from toegang.messaging.provider_side import declaration, start_message, stop_message
from toegang.persons.actions.data import AddressData, ResidentData
from toegang.persons.actions.residents import check_register_resident
from toegang.persons.models import Resident
from toegang.plans.actions import check_add_goal
from toegang.provisions.actions import (
    IndicationData,
    check_decide,
    check_prepare_indication,
    do_raise_reassessment_tasks,
)
from toegang.provisions.models import Product
from toegang.scenarios.base import Scenario
from toegang.tasks.models import Notification, Task
from toegang.tasks.queries import notifications_for
from toegang.verwijsindex.actions import check_register_signal, check_take_coordination
from toegang.verwijsindex.queries import access_match, visible_matches

ALMERE, AMSTERDAM, DEN_HAAG, EINDHOVEN, ROTTERDAM, TILBURG, UTRECHT = (
    "0034", "0363", "0518", "0772", "0599", "0855", "0344")
TODAY = dt.date(2026, 3, 2)  # a Monday


def born(years: int, months: int = 3) -> dt.date:
    """A birth date that makes someone `years` old on the scenario's first day."""
    return dt.date(TODAY.year - years, TODAY.month, 1) - dt.timedelta(days=30 * months)


def walk(s: Scenario) -> None:
    """De G7 in 2010: zeven steden, elk met een eigen aansluiting van het CJG op Bureau Jeugdzorg (seed-003)."""
    s.at("2026-03-02T09:00")
    s.say("Eén regio-profiel, zeven gemeenten: elke stad haar eigen teams, routes en escalatieladder.")
    s.expect_equal(sorted(s.gemeente(cbs).cbs_code for cbs in
                          (ALMERE, AMSTERDAM, DEN_HAAG, EINDHOVEN, ROTTERDAM, TILBURG, UTRECHT)),
                   sorted([ALMERE, AMSTERDAM, DEN_HAAG, EINDHOVEN, ROTTERDAM, TILBURG, UTRECHT]),
                   "de zeven G7-gemeenten staan in het profiel", source="seed-003 §1")
    emma = den_haag_routes(s)
    almere_pyramid(s)
    amsterdam_mpg(s)
    rotterdam_sisa(s)
    tilburg_chain_coordinator(s)
    eindhoven_family_coordination(s)
    utrecht_backstop(s)
    care_and_aftercare(s, emma)


# --- Den Haag: which forum discusses which young person (R1–R9) ---------------------------------------------------


def _resident(s: Scenario, actor, cbs: str, first: str, last: str, bsn: str, birth: dt.date, postcode: str,
              number: int, street: str, town: str, household=None) -> Resident:
    return check_register_resident(
        actor=actor, gemeente=s.gemeente(cbs), household=household,
        data=ResidentData(voornamen=first, geslachtsnaam=last, bsn=bsn, geboortedatum=birth),
        address=None if household else AddressData(postcode=postcode, huisnummer=number, straat=street,
                                                    woonplaats=town))


def den_haag_routes(s: Scenario) -> Melding:
    cjg = s.actor("dh-cjg")
    gemeente = s.gemeente(DEN_HAAG)
    s.say("Den Haag, CJG Laak. Het CJG registreert negen zorgen over jeugdigen; Toegang kiest het overleg volgens "
          "de routes R1–R9.")
    cases = [
        # (rule, team, who, age, setting, kenmerken, question)
        ("dh-r1-interne-zorgcommissie", "dh-jgz", "Noor", 8, "basisschool", [],
         "De juf maakt zich zorgen: Noor komt vaak zonder ontbijt op school.", "R1"),
        ("dh-r2-cjg", "dh-cjg", "Milan", 3, "thuis", [],
         "Moeder vraagt hulp bij de opvoeding van haar peuter.", "R2"),
        ("dh-r4-zat-roc", "dh-jgz", "Sem", 17, "mbo", ["zorgleerling"],
         "Sem verzuimt veel op het ROC; het leren lukt niet meer.", "R4"),
        ("dh-r5-overlast", "dh-overlast", "Daan", 15, "straat", ["overlast"],
         "Daan hangt met een groep rond het winkelcentrum; bewoners klagen.", "R5"),
        ("dh-r6-buitenschools", "dh-cjg", "Lisa", 19, "geen-school", [],
         "Lisa is gestopt met school en zit thuis; haar moeder maakt zich zorgen.", "R6"),
        ("dh-r5-overlast", "dh-overlast", "Jesse", 19, "geen-school", ["overlast"],
         "Jesse zit zonder school en veroorzaakt overlast in de wijk.", "R6 geldt niet bij overlast: R5"),
        ("dh-r7-veiligheidshuis", "dh-veiligheidshuis", "Mo", 16, "straat", ["overlast", "overlast-escalatie"],
         "De overlast van Mo is ernstig en neemt toe; de wijkagent wil opschalen.", "R7"),
        ("dh-r8-huiselijk-geweld", "dh-ashg", "Sara", 6, "thuis", ["huiselijk-geweld"],
         "De politie meldt huiselijk geweld in het gezin van Sara.", "R8"),
        ("dh-r9-ouder-in-ggz", "dh-basiszorg", "Finn", 9, "thuis", ["ouder-in-ggz"],
         "Vader is in behandeling bij Parnassia en maakt zich zorgen om Finn.", "R9"),
    ]
    bsns = ["234500013", "234500104", "234501066", "234501157", "234501170", "234501248", "234501261",
            "234501339", "234501352"]
    for i, (rule, team, name, age, setting, kenmerken, question, label) in enumerate(cases):
        child = _resident(s, cjg, DEN_HAAG, name, "de Groot" if i % 2 else "Bakker", bsns[i], born(age),
                          f"2525 A{'BCDEFGHJK'[i]}", 10 + i, "Hoefkade", "'s-Gravenhage")
        melding, _ = check_register_melding(
            actor=cjg, gemeente=gemeente, persons=[child],
            data=MeldingData(question=question, channel="telefoon", source="andere-organisatie", laws=["jeugdwet"],
                             setting=setting, kenmerken=kenmerken))
        s.expect(melding.routing_rule == rule and melding.team is not None and melding.team.code == team,
                 f"{label}: {name} ({age}) → {melding.routing_forum or melding.team}",
                 source="seed-003 §3.3", found=f"{melding.routing_rule} → {melding.team.code if melding.team else '-'}")

    s.say("De zorgcoördinator van de VO-school verwijst Emma (14), zorgleerling, naar het CJG.")
    school = s.actor("dh-school")
    emma = _resident(s, cjg, DEN_HAAG, "Emma", "Visser", "234501443", born(14), "2526 AB", 3, "Rederijkerstraat",
                     "'s-Gravenhage")
    referral, _ = check_refer(actor=school, gemeente=gemeente,
                              person=ReferredPerson(naam="Emma Visser", bsn=emma.bsn, geboortedatum=emma.geboortedatum),
                              question="Emma is somber en haalt haar cijfers niet meer.", laws=["jeugdwet"],
                              setting="voortgezet-onderwijs", kenmerken=["zorgleerling"])
    s.expect(referral.routing_rule == "dh-r3-zat-vo" and referral.team.code == "dh-jgz",
             "R3: zorgleerling van 12+ in het VO gaat naar het ZAT van de VO-school (via de JGZ)",
             source="seed-003 §3.3", found=f"{referral.routing_rule} → {referral.team}")
    rows, _ = referrals_for(school)
    s.expect_equal([r.feedback_status for r in rows if r.pk == referral.pk], ["ontvangen"],
                   "de school ziet dat de verwijzing is aangekomen (terugkoppeling 'ontvangen')",
                   source="seed-003 §3.7 (terugkoppeling)")
    s.later(hours=3)
    check_pick_up_melding(actor=s.actor("dh-jgz"), melding=referral)
    rows, _ = referrals_for(school)
    s.expect_equal([r.feedback_status for r in rows if r.pk == referral.pk], ["opgepakt"],
                   "zodra de JGZ de verwijzing oppakt ziet de school 'opgepakt' — nooit de inhoud",
                   source="seed-003 §3.7 (terugkoppeling)")
    return referral


# --- Almere: the zorgpiramide ---------------------------------------------------------------------------------------


def _signal_codes(s: Scenario, username: str, casus: Casus) -> set[str]:
    return {signal.code for signal in signals_for_case(s.actor(username), casus)}


def _notified(s: Scenario, username: str, kind: str, since: dt.datetime) -> bool:
    rows, _ = notifications_for(s.actor(username), kind=kind)
    return any(n.created_at >= since for n in rows)


def almere_pyramid(s: Scenario) -> None:
    s.at("2026-03-02T10:00")
    cjg, lead = s.actor("alm-cjg"), s.actor("alm-teamleider")
    gemeente = s.gemeente(ALMERE)
    s.say("Almere, OKé-punt. De intern begeleider belt over Kevin (10): hij is druk in de klas en thuis gaat het "
          "mis. Het OKé-punt opent een casus.")
    mother = _resident(s, cjg, ALMERE, "Marloes", "Koster", "234501534", dt.date(1988, 4, 2), "1314 CD", 21,
                       "Stationsstraat", "Almere")
    kevin = _resident(s, cjg, ALMERE, "Kevin", "Koster", "234501625", born(10), "", 0, "", "",
                      household=mother.household)
    melding, _ = check_register_melding(
        actor=cjg, gemeente=gemeente, persons=[kevin, mother],
        data=MeldingData(question="Kevin is druk in de klas, thuis lopen de spanningen op.", channel="telefoon",
                         source="school", laws=["jeugdwet"], setting="basisschool"))
    s.expect_equal(melding.team.code if melding.team else None, "alm-okepunt",
                   "de melding komt bij het OKé-punt van de wijk", source="seed-003 App. 2.5.3")
    casus = check_triage_melding(actor=cjg, melding=melding, outcome="meervoudig",
                                 reason="School en gezin: meerdere zorgen rond één kind.").casus

    s.say("Niveau 1, motorkapoverleg: de intern begeleider en het maatschappelijk werk stemmen onderling af.")
    for username, role in (("alm-school", "intern begeleider"), ("alm-welzijn", "maatschappelijk werker")):
        check_add_case_involvement(actor=lead, casus=casus, medewerker=s.user(username), role=role)
    s.expect(NO_COORDINATOR not in _signal_codes(s, "alm-teamleider", casus),
             "twee professionals: geen coördinator nodig (motorkapoverleg)", source="seed-003 App. 3.1 niveau 1")

    s.later(days=2)
    s.say("De jeugdverpleegkundige van de JGZ raakt betrokken: nu zijn het er drie.")
    check_add_case_involvement(actor=lead, casus=casus, medewerker=s.user("alm-jgz"), role="JGZ")
    s.expect(NO_COORDINATOR in _signal_codes(s, "alm-teamleider", casus),
             "drie professionals zonder coördinator: Toegang signaleert het", source="seed-003 App. 3.1 niveau 2")
    jgz = s.actor("alm-jgz")
    casus = check_take_case(actor=jgz, casus=casus)
    check_escalate_case(actor=jgz, casus=casus, reason="Drie professionals rond Kevin: de JGZ coördineert.",
                        signals=[NO_COORDINATOR])
    s.expect(NO_COORDINATOR not in _signal_codes(s, "alm-teamleider", casus)
             and open_escalation(casus).level_code == "jgz",
             "de JGZ is zorgcoördinator: niveau 2 van de piramide", source="seed-003 App. 3.1 niveau 2")

    s.later(days=7)
    s.say("Ook Bureau Jeugdzorg raakt betrokken: vier professionals. De JGZ schaalt op naar de procescoördinator.")
    check_add_case_involvement(actor=jgz, casus=casus, medewerker=s.user("alm-bjz"), role="BJZ toegang")
    s.expect(NO_PROCESS_DIRECTOR in _signal_codes(s, "alm-teamleider", casus),
             "vier professionals: Toegang vraagt om procescoördinatie", source="seed-003 App. 3.1 niveau 3")
    moment = timezone.now()
    escalation = check_escalate_case(actor=jgz, casus=casus, signals=[NO_PROCESS_DIRECTOR],
                                     reason="Vier professionals, de afspraken lopen door elkaar.")
    step = steps_of([escalation.pk])[escalation.pk][-1]
    s.expect_equal(step.clock.due_on if step.clock else None, dt.date(2026, 3, 18),
                   "de procescoördinator brengt iedereen bijeen binnen 5 werkdagen (wo 11 → wo 18 maart)",
                   source="seed-003 App. 3.1 (desgewenst binnen 5 werkdagen)")
    s.expect(_notified(s, "alm-proces", Notification.Kind.GEESCALEERD, moment),
             "de procescoördinator krijgt bericht", source="seed-003 §3.5")
    s.later(days=2)
    proces = s.actor("alm-proces")
    check_pick_up_escalation(actor=proces, casus=casus, note="Overleg met alle vier de professionals belegd.")
    check_assign_process_director(actor=proces, casus=casus, medewerker=s.user("alm-proces"), kind="procesregie",
                                  reason="Procescoördinatie volgens de zorgpiramide, niveau 3.")
    step = next(st for st in steps_of([escalation.pk])[escalation.pk] if st.to_level == 3 and st.clock)
    s.expect(step.clock is not None and step.clock.stopped_on is not None and step.clock.stopped_on <= step.clock.due_on,
             "de procescoördinator pakt het op binnen de termijn", source="seed-003 App. 3.1")
    s.expect(NO_PROCESS_DIRECTOR not in _signal_codes(s, "alm-teamleider", casus),
             "met een procescoördinator verdwijnt het signaal", source="seed-003 App. 3.1 niveau 3")

    s.later(days=21)
    s.say("Drie weken later: BJZ en het maatschappelijk werk houden zich niet aan de afspraken. De procescoördinator "
          "schaalt op naar de brandpuntfunctionaris.")
    moment = timezone.now()
    escalation = check_escalate_case(actor=proces, casus=casus,
                                     reason="Brandpuntsignaal 3: professionals komen afspraken niet na.")
    step = steps_of([escalation.pk])[escalation.pk][-1]
    s.expect(step.clock is not None and step.clock.due_at is not None
             and abs((step.clock.due_at - moment).total_seconds() - 48 * 3600) < 120,
             "de brandpuntfunctionaris roept binnen 48 uur alle instellingen bijeen",
             source="seed-003 App. 2.5.5 (indien nodig binnen 48 uur)", found=step.clock.due_at if step.clock else "")
    s.expect(_notified(s, "alm-brandpunt", Notification.Kind.GEESCALEERD, moment),
             "de brandpuntfunctionaris krijgt bericht", source="seed-003 §3.5")
    organisations = list(Organisatie.objects.filter(profile=s.profile, code__in=["bjz-flevoland", "welzijn-almere"])
                         .values_list("pk", flat=True))
    try:
        check_record_binding_decision(actor=jgz, casus=casus, decision="x", decided_on=dt.date.today(),
                                      organisation_ids=organisations, heard="allen")
        refused = False
    except NotAllowed:
        refused = True
    s.expect(refused, "de JGZ-coördinator heeft geen doorzettingsmacht", source="seed-003 App. 3.1")
    s.later(hours=30)
    check_record_binding_decision(
        actor=s.actor("alm-brandpunt"), casus=casus, decided_on=dt.date.today(), organisation_ids=organisations,
        decision="BJZ start de IPT deze week; het maatschappelijk werk bezoekt het gezin wekelijks.",
        heard="Gehoord: JGZ, BJZ, maatschappelijk werk, school en de ouders; alleen zo is Kevins veiligheid geborgd.",
        heard_professional_ids=[s.user("alm-jgz").pk, s.user("alm-bjz").pk])
    s.expect_equal(len(binding_decisions_of(casus)), 1,
                   "de brandpuntfunctionaris neemt na het horen van alle partijen een bindend besluit",
                   source="seed-003 App. 3.1 (doorzettingsmacht)")
    moment = timezone.now()
    escalation = check_escalate_case(actor=s.actor("alm-brandpunt"), casus=casus,
                                     reason="Capaciteit voor de IPT ontbreekt bij de aanbieder (brandpuntsignaal 4).")
    s.expect(escalation.level_code == "wethouder"
             and _notified(s, "alm-wethouder", Notification.Kind.GEESCALEERD, moment),
             "op signaal van de brandpuntfunctionaris komt de wethouder jeugd in actie",
             source="seed-003 App. 1.6")


# --- Amsterdam: the MPG ladder ----------------------------------------------------------------------------------------


def amsterdam_mpg(s: Scenario) -> None:
    s.at("2026-03-02T11:00")
    manager = s.actor("ams-gezinsmanager")
    s.say("Amsterdam-Oost: een multiprobleemgezin met een ondertoezichtstelling. Het OKC wijst een gezinsmanager aan.")
    parent = _resident(s, manager, AMSTERDAM, "Ilse", "Mulder", "234501716", dt.date(1985, 9, 12), "1093 KL", 7,
                       "Javastraat", "Amsterdam")
    melding, _ = check_register_melding(
        actor=manager, gemeente=s.gemeente(AMSTERDAM), persons=[parent],
        data=MeldingData(question="Gezin met schulden, schooluitval en een OTS; veel hulpverleners, geen regie.",
                         channel="verwijzing", source="gi-rechter", laws=["jeugdwet"]))
    casus = check_triage_melding(actor=manager, melding=melding, outcome="meervoudig",
                                 reason="Multiprobleemgezin: regulier tenzij, de gewone routes zijn benut.").casus
    casus = check_take_case(actor=manager, casus=casus)
    try:
        check_escalate_case(actor=manager, casus=casus, ladder="almere", reason="verkeerde ladder")
        wrong = False
    except ValidationFailed:
        wrong = True
    s.expect(wrong, "Amsterdam escaleert niet via de Almeerse piramide: elke stad haar eigen ladder",
             source="seed-003 §3.5")
    moment = timezone.now()
    escalation = check_escalate_case(actor=manager, casus=casus,
                                     reason="De schuldhulp houdt zich niet aan de afspraken; aanspreken helpt niet.")
    s.expect(escalation.ladder == "mpg" and escalation.level_code == "procesmanager"
             and _notified(s, "ams-procesmanager", Notification.Kind.GEESCALEERD, moment),
             "de gezinsmanager schaalt op naar de procesmanager (mandaat richting managers)",
             source="seed-003 App. 3.2 (BR-26)")
    s.later(days=14)
    moment = timezone.now()
    escalation = check_escalate_case(actor=s.actor("ams-procesmanager"), casus=casus,
                                     reason="Ook op managementniveau geen beweging.")
    s.expect(escalation.level_code == "directie" and _notified(s, "ams-directie", Notification.Kind.GEESCALEERD,
                                                                moment),
             "daarna naar directie en wethouders", source="seed-003 App. 3.2 (BR-26)")
    try:
        check_escalate_case(actor=s.actor("ams-procesmanager"), casus=casus, reason="nog hoger")
        top = False
    except ValidationFailed:
        top = True
    s.expect(top, "directie en wethouders zijn de top van de MPG-ladder", source="seed-003 App. 3.2")


# --- The Verwijsindex: SISA, Zorg voor Jeugd, @RISK ------------------------------------------------------------------


def rotterdam_sisa(s: Scenario) -> None:
    s.at("2026-03-03T09:00")
    s.say("Rotterdam, SISA: het schoolmaatschappelijk werk en de voorpost van BJZ melden allebei zorgen over "
          "Dylan (13).")
    gemeente = s.gemeente(ROTTERDAM)
    moment = timezone.now()
    first = check_register_signal(actor=s.actor("rdam-school"), gemeente=gemeente, bsn="234501807",
                                  birth_date=born(13))
    s.expect_equal(first.matches, [], "één signaal is nog geen match", source="seed-003 §3.2.1")
    second = check_register_signal(actor=s.actor("rdam-bjz"), gemeente=gemeente, bsn="234501807",
                                   birth_date=born(13))
    s.expect_equal(len(second.matches), 1, "twee signalen over dezelfde jeugdige: een match (samenkomst van "
                   "zorgsignalen)", source="seed-003 §3.2.1 (BR-08)")
    s.expect(all(_notified(s, u, Notification.Kind.MATCH, moment) for u in ("rdam-school", "rdam-bjz")),
             "beide professionals krijgen bericht van de match", source="seed-003 §3.2.1")
    match = second.matches[0]
    s.expect(match.coordinator_id is None, "in Rotterdam wijst het systeem niemand aan: het CJG stelt de samenkomst "
             "vast", source="seed-003 Tabel C (Rotterdam)")
    cjg = s.actor("rdam-cjg")
    match = access_match(cjg, match.pk, purpose="scenario: SISA-match", channel="ui")
    check_take_coordination(actor=cjg, match=match, version=match.version)
    match = access_match(cjg, match.pk, purpose="scenario: SISA-match", channel="ui")
    s.expect_equal(match.coordinator_id, s.user("rdam-cjg").pk, "de zorgcoördinator van het CJG neemt de "
                   "casusregie", source="seed-003 §3.4 (Rotterdam)")


def tilburg_chain_coordinator(s: Scenario) -> None:
    s.at("2026-03-03T10:00")
    s.say("Tilburg, Zorg voor Jeugd: ZuidZorg registreert Lotte (5); een week later ook Bureau Jeugdzorg.")
    gemeente = s.gemeente(TILBURG)
    check_register_signal(actor=s.actor("tlb-zuidzorg"), gemeente=gemeente, bsn="234501820", birth_date=born(5))
    s.later(days=7)
    result = check_register_signal(actor=s.actor("tlb-bjz"), gemeente=gemeente, bsn="234501820", birth_date=born(5))
    match = result.matches[0]
    s.expect_equal(match.coordinator_id, s.user("tlb-bjz").pk,
                   "de ketencoördinator wordt automatisch aangewezen: BJZ gaat voor",
                   source="seed-003 §3.2.3 (BR-09)")


def eindhoven_family_coordination(s: Scenario) -> None:
    s.at("2026-03-03T14:00")
    s.say("Eindhoven: het schoolmaatschappelijk werk en BJZ melden Roos (15) en haar broertje Thijs (12); elk kind "
          "krijgt automatisch een eigen ketencoördinator.")
    gemeente = s.gemeente(EINDHOVEN)
    matches = []
    for bsn, age in (("234502496", 15), ("234502587", 12)):
        check_register_signal(actor=s.actor("ehv-school"), gemeente=gemeente, bsn=bsn, birth_date=born(age))
        matches += check_register_signal(actor=s.actor("ehv-bjz"), gemeente=gemeente, bsn=bsn,
                                         birth_date=born(age)).matches
    s.expect(len(matches) == 2 and all(m.coordinator_id == s.user("ehv-bjz").pk for m in matches),
             "Zorg voor Jeugd wijst voor beide kinderen BJZ aan als ketencoördinator", source="seed-003 §3.4 "
             "(Eindhoven, BR-09)")
    s.say("In het casusoverleg zet het CJG een gezinscoach in; het CJG neemt de ketencoördinatie voor het hele gezin.")
    cjg = s.actor("ehv-cjg")
    for match in matches:
        match = access_match(cjg, match.pk, purpose="scenario: ketencoördinatie gezin", channel="ui")
        check_take_coordination(actor=cjg, match=match, version=match.version)
    coordinators = {access_match(cjg, m.pk, purpose="scenario", channel="ui").coordinator_id for m in matches}
    s.expect_equal(coordinators, {s.user("ehv-cjg").pk},
                   "het CJG coördineert voor het hele gezin", source="seed-003 §3.4 (Eindhoven, BR-10)")


def utrecht_backstop(s: Scenario) -> None:
    s.at("2026-03-04T09:00")
    s.say("Utrecht, @RISK: het CJG en BJZ melden allebei Ayoub (11); niemand neemt de coördinatie.")
    gemeente = s.gemeente(UTRECHT)
    check_register_signal(actor=s.actor("utr-cjg"), gemeente=gemeente, bsn="234501911", birth_date=born(11))
    match = check_register_signal(actor=s.actor("utr-bjz"), gemeente=gemeente, bsn="234501911",
                                  birth_date=born(11)).matches[0]
    team = s.actor("utr-jat")
    s.later(days=3)
    rows, _ = visible_matches(team, backstop=True)
    s.expect(match.pk not in [m.pk for m in rows], "na drie dagen nog geen achterwacht",
             source="seed-003 §3.2.4")
    s.later(days=3)
    rows, _ = visible_matches(team, backstop=True)
    s.expect(match.pk in [m.pk for m in rows],
             "zonder actie komt de match na vijf dagen bij het Jeugdadviesteam (menselijke achterwacht)",
             source="seed-003 §3.2.4 (BR-11)")
    match = access_match(team, match.pk, purpose="scenario: achterwacht", channel="ui")
    check_take_coordination(actor=team, match=match, version=match.version)
    match = access_match(team, match.pk, purpose="scenario: achterwacht", channel="ui")
    s.expect_equal(match.coordinator_id, s.user("utr-jat").pk,
                   "het Jeugdadviesteam neemt de coördinatie (tijdelijk) op zich", source="seed-003 §3.2.4")


def _feedback(s: Scenario, referral: Melding) -> str:
    """What the referring school reads about its referral (never the content)."""
    rows, _ = referrals_for(s.actor("dh-school"))
    return next((r.feedback_status for r in rows if r.pk == referral.pk), "")


def care_and_aftercare(s: Scenario, referral: Melding) -> None:
    """Den Haag: Emma's referral becomes care. BJZ indicates (2010), the provider's iJw messages tell the school how
    far the care came (§3.7), and six months before the care ends the case director is asked for the aftercare
    plan (§3.10)."""
    s.at("2026-06-01T09:00")  # a Monday
    jgz, bjz = s.actor("dh-jgz"), s.actor("dh-bjz")
    s.say("Den Haag: de jeugdarts maakt van Emma's verwijzing een casus, met BJZ als betrokkene.")
    referral = Melding.objects.get(pk=referral.pk)
    casus = check_triage_melding(actor=jgz, melding=referral, outcome="meervoudig",
                                 reason="Somberheid en schoolverzuim: hulp en een plan met het gezin.").casus
    if casus.case_director_id != jgz.user_id:
        casus = check_take_case(actor=jgz, casus=casus)
    check_add_case_involvement(actor=jgz, casus=casus, medewerker=s.user("dh-bjz"), role="bjz")
    emma = referral.subjects.get().resident
    version = check_add_goal(actor=jgz, casus=casus, base_version=0, domain="geestelijke-gezondheid",
                             description="Emma voelt zich beter en gaat weer naar school",
                             desired_result="Emma verzuimt niet meer", measure="verzuim volgens de school",
                             target_date=dt.date(2027, 3, 1))
    goal = version.content["goals"][0]["id"]
    product = Product.objects.select_related("voorziening").get(code="45A01", voorziening__profile=s.profile)
    start, end = dt.date(2026, 6, 8), dt.date(2027, 2, 28)
    indicatie = check_prepare_indication(actor=jgz, casus=casus, new_aanvraag=True, data=IndicationData(
        voorziening=product.voorziening, product=product, client=emma, volume=2, frequency=product.frequency,
        start=start, end=end, form="zin", provider=Organisatie.objects.get(profile=s.profile, code="jeugdformaat"),
        goal_ids=[goal], motivation="Ambulante begeleiding helpt Emma uit haar somberheid en terug naar school.",
        own_strength="Emma wil zelf graag weer naar school.", network="Haar moeder en een tante steunen haar.",
        why_not_enough="Het gesprek met de jeugdarts en de zorgcoördinator van school was niet genoeg."))
    try:
        check_decide(actor=jgz, indicatie=indicatie, outcome="toegekend", reasons="Past bij het plan.")
        jgz_decided = True
    except NotAllowed:
        jgz_decided = False
    s.expect(not jgz_decided, "de JGZ bereidt de indicatie voor; de indicatiestelling blijft bij BJZ",
             source="seed-003 §1, §3.10")
    check_decide(actor=bjz, indicatie=indicatie, outcome="toegekend",
                 reasons="Ambulante begeleiding bij Jeugdformaat draagt bij aan Emma's doel.")
    toewijzing = Toewijzing.objects.get(indicatie=indicatie)
    s.expect_equal(_feedback(s, referral), "aangemeld bij de zorgaanbieder",
                   "de school ziet dat Emma is aangemeld bij de zorgaanbieder (de toewijzing, iJw JW301)",
                   source="seed-003 §3.7 (terugkoppeling)")

    s.at("2026-06-09T10:00")
    name, raw = start_message(toewijzing, begin=start, dated=clock.today())
    received = receive(actor=SYSTEM, raw=raw, file_name=name)
    s.say(f"Jeugdformaat meldt de start van de zorg ({received.message.kind}).")
    s.expect_equal(_feedback(s, referral), "zorg gestart",
                   "zodra de aanbieder de start meldt, ziet de school 'gestart'", source="seed-003 §3.7 (terugkoppeling)")

    s.at("2026-07-03T10:00")
    toewijzing.refresh_from_db()
    name, raw = declaration([toewijzing], month=dt.date(2026, 6, 1), dated=clock.today())
    receive(actor=SYSTEM, raw=raw, file_name=name)
    s.say("Jeugdformaat declareert juni; de gemeente keurt de regel goed.")
    s.expect_equal(_feedback(s, referral), "zorg loopt",
                   "een goedgekeurde declaratie laat de school zien dat de zorg loopt (verloop)",
                   source="seed-003 §3.7 (terugkoppeling)")

    s.say("Nazorg: BJZ schrijft het nazorgplan zes maanden vóór het einde van de geïndiceerde zorg.")
    s.expect_equal(thresholds(s.profile.data).decision_ending_days, 182,
                   "een besluit dat over 26 weken afloopt zonder herbeoordeling wordt gesignaleerd",
                   source="seed-003 §3.10 (BR-20)")
    s.at(end - dt.timedelta(weeks=26))
    do_raise_reassessment_tasks(actor=SYSTEM)
    tasks = list(Task.objects.filter(casus=casus, kind="herbeoordeling", done_at__isnull=True))
    s.expect(len(tasks) == 1 and tasks[0].assignee_id == jgz.user_id and tasks[0].due_on == end,
             "zes maanden vóór het einde van de zorg krijgt de casusregisseur de taak voor het nazorgplan "
             f"(uiterlijk {end:%d-%m-%Y})", source="seed-003 §3.10 (BR-20)",
             found=[(t.assignee_id, t.due_on) for t in tasks])

    s.at(dt.datetime.combine(end + dt.timedelta(days=1), dt.time(10, 0)))
    toewijzing.refresh_from_db()
    name, raw = stop_message(toewijzing, end=end, dated=clock.today())
    receive(actor=SYSTEM, raw=raw, file_name=name)
    s.expect_equal(_feedback(s, referral), "zorg beëindigd",
                   "na het stopbericht ziet de school dat de zorg is beëindigd", source="seed-003 §3.7 (terugkoppeling)")
