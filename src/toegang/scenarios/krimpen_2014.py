"""Krimpen aan den IJssel 2014: de voordeur, het vraag- en intaketeam en het Krimpens Sociaal Team (seed-002)."""

import datetime as dt

from toegang.accounts.models import Organisatie
from toegang.cases.actions import check_assign_case_director, check_close_case, check_record_contact_moment
from toegang.core import clock
from toegang.core.errors import Conflict, NotAllowed
from toegang.deadlines.models import Clock
from toegang.direction.actions import check_assign_process_director
from toegang.direction.queries import signals_for_case
from toegang.escalation.actions import (
    check_escalate_case,
    check_pick_up_escalation,
    check_record_binding_decision,
)
from toegang.feedback.actions import (
    check_conclude_complaint_stage,
    check_forward_complaint,
    check_record_satisfaction,
    check_register_complaint,
)
from toegang.insight.evaluation import KRIMPEN, answer
from toegang.insight.indicators import Filters
from toegang.intake.actions import (
    MeldingData,
    check_close_melding,
    check_record_contact,
    check_register_melding,
    check_triage_melding,
)
from toegang.persons.actions.data import AddressData, ResidentData
from toegang.persons.actions.residents import check_register_resident
from toegang.provisions.actions.consultations import (
    ConsultationData,
    check_record_advice,
    check_record_consultation,
)
from toegang.scenarios.base import Scenario
from toegang.tasks.models import Notification

SEED = "seed-002"


def _table(answered, question: str, table_id: str):
    """One table or chart of an evaluation question, by the question's code and the item's id."""
    for part in answered:
        if part.question.code == question:
            for item in part.items:
                if getattr(item, "id", "") == table_id:
                    return item
    return None


def _told(user_id: int, text: str = "", kind: str = "") -> bool:
    """Whether the staff member has a notification whose text (the untranslated template) holds `text`."""
    told = Notification.objects.filter(recipient_id=user_id, text__contains=text)
    return (told.filter(kind=kind) if kind else told).exists()


def walk(s: Scenario) -> None:
    """Krimpen aan den IJssel 2014: de voordeur, het vraag- en intaketeam en het Krimpens Sociaal Team (seed-002)."""
    s.at("2026-03-02T09:00")  # a Monday
    balie, intake = s.actor("balie"), s.actor("intake")
    regisseur, pr_jeugd = s.actor("kst-regisseur"), s.actor("procesregisseur")
    pr_volwassenen, pr_doorzetting = s.actor("pr-volwassenen"), s.actor("pr-doorzetting")
    gemeente = s.gemeente("0542")

    # --- 1. de balie en informatie en advies ------------------------------------------------------------------------
    s.say("Meneer De Vries vraagt aan de balie WZOI waar hij terechtkan voor hulp bij de administratie van zijn "
          "moeder.")
    vries = check_register_resident(
        actor=balie, gemeente=gemeente,
        data=ResidentData(voornamen="Hendrik", geslachtsnaam="de Vries", bsn="123456782",
                          geboortedatum=dt.date(1961, 9, 3)),
        address=AddressData(postcode="2924 BC", huisnummer=7, straat="Kortlandstraat",
                            woonplaats="Krimpen aan den IJssel"))
    vraag, _ = check_register_melding(
        actor=balie, gemeente=gemeente, persons=[vries],
        data=MeldingData(question="Waar vind ik hulp bij de administratie van mijn moeder?", channel="balie",
                         source="zelf", laws=["wmo"]))
    check_triage_melding(actor=intake, melding=vraag, outcome="informatie-advies",
                         reason="Verwezen naar de thuisadministratie van ContourdeTwern (algemene voorziening).")
    s.say("De consulent van het vraag- en intaketeam geeft informatie en advies; één contact is genoeg.")
    check_close_melding(actor=intake, melding=vraag, reason="Vraag beantwoord: thuisadministratie ContourdeTwern.")
    s.expect_equal(vraag.contacts, 1, "de vraag is in één klantcontact beantwoord", source=f"{SEED} §3.1.3")

    s.say("Mevrouw Jansen komt aan de balie WZOI: zij redt het thuis niet meer sinds haar man is overleden.")
    resident = check_register_resident(
        actor=balie, gemeente=gemeente,
        data=ResidentData(voornamen="Geertruida", geslachtsnaam="Jansen", bsn="111222333",
                          geboortedatum=dt.date(1948, 5, 12)),
        address=AddressData(postcode="2922 AB", huisnummer=14, straat="Oosterstraat",
                            woonplaats="Krimpen aan den IJssel"))
    melding, _ = check_register_melding(
        actor=balie, gemeente=gemeente, persons=[resident],
        data=MeldingData(question="Redt het thuis niet meer sinds het overlijden van haar man.", channel="balie",
                         source="zelf", laws=["wmo"]))
    s.say("De balie registreert de melding; Toegang routeert haar volgens het profiel.")
    s.expect_equal(melding.team.code if melding.team else None, "vit",
                   "de melding komt bij het vraag- en intaketeam", source=f"{SEED} §3.1.1")

    check_triage_melding(actor=intake, melding=melding, outcome="informatie-advies",
                         reason="Eerst advies over maaltijdservice en ontmoeting in de wijk.")
    s.later(days=7)
    check_record_contact(actor=intake, melding=melding)
    s.say("Een week later komt zij terug: er liggen onbetaalde rekeningen en het huis raakt vervuild. Dat is het "
          "tweede klantcontact.")
    s.expect_equal(melding.contacts, 2, "het vraag- en intaketeam telt twee klantcontacten",
                   source=f"{SEED} hfst. 4 D")
    try:
        check_record_contact(actor=intake, melding=melding)
        refused = ""
    except Conflict as refusal:
        refused = str(refusal)
    s.expect("maximum van 2 klantcontacten" in refused,
             "een derde contact wordt geweigerd: de vraag moet worden doorgeleid",
             source=f"{SEED} hfst. 4 D (maximaal twee klantcontacten)", found=refused or "geen weigering")

    # --- 2. het VIT leidt de casus door naar het KST -----------------------------------------------------------------
    triage = check_triage_melding(
        actor=intake, melding=melding, outcome="meervoudig",
        reason="Schulden, vervuiling en rouw: meer leefgebieden, zij kan de regie niet zelf voeren.")
    casus = triage.casus
    s.say("Het vraag- en intaketeam ziet problemen op meer leefgebieden en leidt de vraag door: er komt een casus.")
    s.expect_equal(casus.team.code if casus and casus.team else None, "kst",
                   "de casus komt bij het Krimpens Sociaal Team", source=f"{SEED} §3.1.3 en §3.2.2")
    s.expect(_told(pr_jeugd.user_id, "wacht op een casusregisseur"),
             "de procesregisseur hoort dat de casus op een casusregisseur wacht", source=f"{SEED} §3.2.2")
    first = Clock.objects.get(kind="eerste-contact", subject_type="intake.melding", subject_id=melding.pk)
    s.expect_equal(first.due_on, dt.date(2026, 3, 11),
                   "het KST gaat binnen 2 dagen in gesprek (uiterlijk woensdag 11 maart)", source=f"{SEED} §3.2.1")

    check_assign_case_director(actor=pr_jeugd, casus=casus, medewerker=s.user("kst-regisseur"),
                               reason="Kwadraad: schulden en zelfverwaarlozing.")
    s.say("De procesregisseur zorgt dat er een casusregisseur 'er op af gaat': Kees Verhoef van Kwadraad.")
    casus.refresh_from_db()
    s.expect_equal(casus.case_director_id, s.user("kst-regisseur").pk,
                   "één gezin, één plan, één regisseur: de casus heeft één casusregisseur", source=f"{SEED} §1.2")

    s.later(days=1)
    check_record_contact_moment(actor=regisseur, casus=casus, at=clock.now(), kind="huisbezoek",
                                participants="mevrouw Jansen, Kees Verhoef",
                                summary="Kennismaking thuis; post en rekeningen samen doorgenomen.")
    first.refresh_from_db()
    s.expect(first.stopped_on is not None and first.stopped_on <= first.due_on,
             "het eerste gesprek is binnen de termijn gevoerd", source=f"{SEED} §3.2.1",
             found=first.stopped_on)

    # --- 3. stagnatie: procesregie en doorzettingsmacht --------------------------------------------------------------
    s.later(days=22)
    codes = [signal.code for signal in signals_for_case(pr_jeugd, casus)]
    s.say("Drie weken later is er geen contact meer geweest: mevrouw doet niet open.")
    s.expect("geen-contact" in codes, "de procesregie ziet het signaal 'geen contact met het huishouden'",
             source=f"{SEED} §3.2.2 (zicht op de voortgang); profiel procesregie.signalen", found=codes)

    check_escalate_case(actor=regisseur, casus=casus, ladder="kst",
                        reason="Stagnatie: mevrouw weigert contact, de schulden lopen op.")
    s.say("De casusregisseur neemt bij stagnatie contact op met de procesregisseur.")
    escalated_to = Notification.Kind.GEESCALEERD
    s.expect(_told(pr_volwassenen.user_id, kind=escalated_to) and _told(pr_jeugd.user_id, kind=escalated_to),
             "de procesregisseurs krijgen de escalatie", source=f"{SEED} §2 Zorgcoördinatie")
    check_assign_process_director(actor=pr_volwassenen, casus=casus, medewerker=s.user("pr-volwassenen"),
                                  kind="volwassenen", reason="Volwassene, zorgmijdend: procesregie volwassenen.")
    check_pick_up_escalation(actor=pr_volwassenen, casus=casus, note="Casuïstiekbespreking belegd met Kwadraad.")
    response = Clock.objects.filter(kind__startswith="escalatie-kst-procesregie").first()
    s.expect(response is not None and response.stopped_on is not None and response.stopped_on <= response.due_on,
             "de procesregisseur volwassenen pakt de escalatie binnen 2 dagen op",
             source=f"{SEED} §3.2.2; profiel escalatieladders kst (werkafspraak)", found=response)

    check_record_consultation(
        actor=pr_volwassenen, casus=casus,
        data=ConsultationData(kind="deskundigenteam", team_code="consultatie-diagnoseteam", asked_on=clock.today(),
                              question="Is er sprake van een psychiatrische aandoening of een beginnende dementie?"))
    consultation = casus.raadplegingen.get()
    s.say("Op verzoek van de casusregisseur schakelt de procesregisseur het expertteam in.")
    s.expect(_told(regisseur.user_id, "Deskundige geraadpleegd"), "de casusregisseur hoort dat het expertteam is ingeschakeld",
             source=f"{SEED} §3.2.1 (expertteam via de procesregisseur)")
    s.later(days=5)
    check_record_advice(actor=pr_volwassenen, raadpleging=consultation, outcome="voorwaardelijk",
                        advised_on=clock.today(), advice="Beginnende dementie; diagnostiek via de huisarts, "
                                                     "begeleiding thuis is passend.")

    s.later(days=3)
    s.say("Thuiszorg IJssel en Kwadraad zijn het niet eens over de aanpak; de casus loopt vast.")
    try:
        check_record_binding_decision(actor=regisseur, casus=casus, decision="x", decided_on=clock.today(),
                                      organisation_ids=[1], heard="x")
        refused_power = False
    except NotAllowed:
        refused_power = True
    s.expect(refused_power, "een casusregisseur neemt geen bindend besluit", source=f"{SEED} §3.2.2")
    check_escalate_case(actor=pr_volwassenen, casus=casus,
                        reason="Onenigheid tussen Thuiszorg IJssel en Kwadraad over de aanpak.")
    s.expect(casus.escalations.get().level_code == "doorzetting",
             "de casus ligt bij de procesregisseur doorzettingsmacht burgemeester", source=f"{SEED} §3.2.2")
    check_pick_up_escalation(actor=pr_doorzetting, casus=casus, note="Beide partijen gehoord op 3 april.")
    organisations = list(Organisatie.objects.filter(profile=s.profile, code__in=["thuiszorg-ijssel", "kwadraad"])
                         .values_list("pk", flat=True))
    check_record_binding_decision(
        actor=pr_doorzetting, casus=casus, decided_on=clock.today(), organisation_ids=organisations,
        heard="Thuiszorg IJssel, Kwadraad en mevrouw Jansen", heard_professional_ids=[s.user("kst-regisseur").pk],
        decision="Thuiszorg IJssel start begeleiding thuis; Kwadraad houdt de casusregie en de schulden.")
    s.expect(casus.binding_decisions.count() == 1,
             "de procesregisseur doorzettingsmacht beslist bindend voor beide organisaties",
             source=f"{SEED} §3.2.2 (beslist bij onenigheid over de aanpak)")

    # --- 4. een klacht: eerst de gemeente, dan de sociale ombudsman ------------------------------------------------
    manager = s.actor("procesmanager")
    s.later(days=3)
    s.say("De zoon van mevrouw Jansen klaagt: Kwadraad nam de post van zijn moeder mee zonder het met hem te "
          "overleggen.")
    kwadraad = Organisatie.objects.get(profile=s.profile, code="kwadraad")
    try:
        check_register_complaint(actor=regisseur, casus=casus, about="x", received_on=clock.today(), against=kwadraad)
        refused_handler = False
    except NotAllowed:
        refused_handler = True
    s.expect(refused_handler, "de casusregisseur over wie de klacht gaat, behandelt haar niet zelf",
             source=f"{SEED} §3.4.3; Awb 9:7")
    complaint = check_register_complaint(
        actor=manager, casus=casus, received_on=clock.today(), against=kwadraad,
        about="Post van mevrouw meegenomen zonder overleg met de familie.")
    handling = complaint.handlings.get()
    s.say("De procesmanager registreert de klacht; de gemeente handelt haar zelf af.")
    s.expect_equal((handling.stage_name, handling.clock.due_on if handling.clock else None),
                   ("Klachtbehandeling door de gemeente", dt.date(2026, 5, 26)),
                   "de klacht ligt eerst bij de gemeente, af te handelen binnen zes weken (25 mei is tweede "
                   "pinksterdag: dinsdag 26 mei)",
                   source=f"{SEED} hfst. 5 punt 12; Awb 9:11; Algemene termijnenwet")
    s.expect(_told(regisseur.user_id, "klacht"), "de casusregisseur hoort van de klacht en wordt gehoord",
             source="Awb 9:10")
    s.later(days=25)
    check_conclude_complaint_stage(actor=manager, complaint=complaint, outcome="ongegrond", concluded_on=clock.today(),
                                   explanation="De post is met toestemming van mevrouw meegenomen om de schulden "
                                               "te ordenen.")
    s.later(days=7)
    s.say("De zoon is het niet eens met de afhandeling en stapt naar de sociale ombudsman.")
    onward = check_forward_complaint(actor=manager, complaint=complaint, forwarded_on=clock.today(),
                                     reason="Niet tevreden over de behandeling van de klacht.")
    s.expect_equal(onward.stage_name, "Sociale ombudsman",
                   "wie niet tevreden is over de behandeling van de klacht, kan naar de sociale ombudsman",
                   source=f"{SEED} §3.4.3")
    s.later(days=40)
    check_conclude_complaint_stage(actor=manager, complaint=complaint, outcome="deels-gegrond",
                                   concluded_on=clock.today(),
                                   explanation="Toestemming was er, maar de familie had geïnformeerd moeten worden.")

    # --- 5. afsluiten met een tevredenheidsmeting --------------------------------------------------------------------
    s.later(days=1)
    check_close_case(actor=regisseur, casus=casus, reason="afgeschaald", household_informed_on=clock.today(),
                     note="Begeleiding thuis loopt; de schulden zijn bij de schuldhulp.")
    casus.refresh_from_db()
    answer_given = check_record_satisfaction(actor=regisseur, casus=casus, score=7, answered_on=clock.today(),
                                             remark="Fijn dat er iemand langskwam.")
    s.say("De casusregisseur sluit de casus af en vraagt mevrouw Jansen om een rapportcijfer: een 7.")
    s.expect_equal((answer_given.score, answer_given.scale), (7, 10),
                   "de tevredenheid is bij het afsluiten gemeten (cijfer op 10)", source=f"{SEED} hfst. 5 punt 13")

    # --- 6. evaluatie A–E --------------------------------------------------------------------------------------------
    s.later(days=2)
    answered = answer(KRIMPEN, Filters(start=dt.date(2026, 1, 1), end=clock.today(), gemeente_ids=[gemeente.pk]))
    s.say("De procesmanager opent de evaluatie (punten A tot en met E) over het eerste halfjaar.")
    s.expect_equal([part.question.code for part in answered], ["A", "B", "C", "D", "E"],
                   "het evaluatierapport beantwoordt de punten A tot en met E", source=f"{SEED} hfst. 4")
    opened = _table(answered, "A", "casussen")
    s.expect(opened is not None and opened.rows[0][1] == 1, "A: één casus geopend voor het KST",
             source=f"{SEED} hfst. 4 A", found=opened.rows if opened else None)
    escalated = _table(answered, "B", "escalaties")
    s.expect(escalated is not None and escalated.labels == ["Procesregisseur doorzettingsmacht burgemeester"],
             "B: de escalatie staat op het niveau doorzettingsmacht", source=f"{SEED} hfst. 4 B",
             found=escalated.labels if escalated else None)
    rated = _table(answered, "C", "tevredenheid")
    s.expect(rated is not None and rated.rows[:2] == [["Antwoorden", 1, None], ["Gemiddeld cijfer (op 10)", 7.0, None]],
             "C: de tevredenheid van inwoners staat in de evaluatie (één antwoord, gemiddeld een 7)",
             source=f"{SEED} hfst. 4 C", found=rated.rows if rated else None)
    contacts = _table(answered, "D", "klantcontacten")
    s.expect(contacts is not None and ["1 klantcontact(en)", 1, 1.0] in contacts.rows,
             "D: de ene vraag voor informatie en advies bleef binnen twee klantcontacten",
             source=f"{SEED} hfst. 4 D", found=contacts.rows if contacts else None)
    complained = _table(answered, "E", "klachten")
    s.expect(complained is not None and complained.rows == [["Klachtbehandeling door de gemeente", "ongegrond", 1],
                                                            ["Sociale ombudsman", "deels gegrond", 1]],
             "E: de klacht staat per stap met haar uitkomst in de evaluatie", source=f"{SEED} hfst. 4 E; §3.4.3",
             found=complained.rows if complained else None)
