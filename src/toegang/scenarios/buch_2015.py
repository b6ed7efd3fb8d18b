"""BUCH 2015: sociale teams in vier gemeenten; de generalist beslist, de backoffice formaliseert (seed-001)."""

import datetime as dt
from decimal import Decimal

from toegang.cases.models import Casus
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.deadlines.queries import clocks_for_subject
from toegang.insight.staffing import compute
from toegang.intake.actions import (
    MeldingData,
    check_register_aanvraag,
    check_register_melding,
    check_triage_melding,
)
from toegang.persons.actions.data import AddressData, ResidentData
from toegang.persons.actions.residents import check_register_resident
from toegang.provisions import mandates
from toegang.provisions.actions import (
    IndicationData,
    check_decide,
    check_prepare_single_indication,
    check_raise_disagreement,
    check_set_indication,
)
from toegang.provisions.actions.consultations import ConsultationData, check_record_consultation
from toegang.provisions.models import Besluit, Indicatie, Voorziening
from toegang.safety.actions import check_record_meldcode_step, check_record_veilig_thuis, check_start_meldcode
from toegang.scenarios.base import Scenario
from toegang.tasks.queries import notifications_for

SEED = "seed-001"


def _refusal(call) -> str:
    """The Dutch message of a refused action, or '' when it was not refused."""
    try:
        call()
    except (ValidationFailed, NotAllowed) as exc:
        return " ".join([exc.message, *[m for ms in exc.field_errors.values() for m in ms]])
    return ""


def _notified(s: Scenario, username: str, words: str) -> bool:
    rows, _ = notifications_for(s.actor(username), size=50)
    return any(words in n.text for n in rows)


def walk(s: Scenario) -> None:
    """BUCH 2015: sociale teams in vier gemeenten; de generalist beslist, de backoffice formaliseert (seed-001)."""
    _single_question(s)
    _crisis(s)
    _safety(s)
    _staffing(s)


def _single_question(s: Scenario) -> None:
    s.at("2026-03-02T09:00")  # a Monday
    kcc, generalist = s.actor("kcc"), s.actor("generalist-castricum")
    backoffice, generalist_name = s.actor("backoffice"), s.user("generalist-castricum").get_full_name()
    castricum = s.gemeente("0383")

    s.say("Mevrouw De Wit uit Castricum belt het klantcontactcentrum: sinds haar hersenbloeding lukt het niet meer om "
          "haar dagen te structureren.")
    resident = check_register_resident(
        actor=kcc, gemeente=castricum,
        data=ResidentData(voornamen="Anouk", geslachtsnaam="Wit", voorvoegsel="de", geboortedatum=dt.date(1968, 9, 3)),
        address=AddressData(postcode="1901 AB", huisnummer=12, straat="Dorpsstraat", woonplaats="Castricum"))
    melding, _ = check_register_melding(
        actor=kcc, gemeente=castricum, persons=[resident],
        data=MeldingData(question="Redt het niet meer om de dag te structureren sinds een hersenbloeding.",
                         channel="telefoon", source="zelf", laws=["wmo"]))
    s.say("Het KCC registreert de melding; Toegang routeert haar naar het sociaal team van de kern.")
    s.expect_equal(melding.team.code if melding.team else None, "st-castricum",
                   "de melding komt bij het sociaal team Castricum (één toegang, teams per kern)", source=f"{SEED} §3.2")

    s.say(f"Generalist {generalist_name} belt terug: het is één vraag, dus hij pakt haar zelf op (enkelvoudig).")
    result = check_triage_melding(actor=generalist, melding=melding, outcome="enkelvoudig",
                                  reason="Eén vraag: begeleiding bij dagstructuur; geen signalen dat er meer speelt.")
    melding = result.melding
    s.expect(melding.assigned_to_id == s.user("generalist-castricum").pk and result.casus is None,
             "een enkelvoudige vraag blijft bij één generalist, zonder casus en netwerkoverleg (stappen 2-4 samen)",
             source=f"{SEED} §3.3", found=f"toegewezen aan {melding.assigned_to_id}, casus {result.casus}")
    aanvraag = check_register_aanvraag(actor=generalist, melding=melding, applicant=resident, law="wmo",
                                       requested="specialistische begeleiding")
    clock = next((c for c in clocks_for_subject(aanvraag) if c.kind == "wmo-beschikking"), None)
    s.say("Mevrouw De Wit vraagt begeleiding aan; de beslistermijn van de Wmo loopt.")
    s.expect_equal(clock.due_on if clock else None, dt.date(2026, 3, 16),
                   "de beschikking is uiterlijk 16-03-2026 genomen (twee weken na de aanvraag)",
                   source=f"{SEED} §3.24 (Wmo 2015 art. 2.3.5)")

    begeleiding = Voorziening.objects.get(profile=s.profile, code="wmo-specialistische-begeleiding")
    welzijn = Voorziening.objects.get(profile=s.profile, code="welzijn")
    data = IndicationData(
        voorziening=begeleiding, product=begeleiding.products.get(code="02A02"), client=resident, volume=3,
        frequency="2", start=dt.date(2026, 3, 9), end=dt.date(2026, 12, 31), form=Indicatie.Form.ZIN,
        provider=s.profile.organisaties.get(code="jeugdhulp-nhn"),
        goal="Mevrouw De Wit heeft weer een vaste dagstructuur.",
        motivation="Na niet-aangeboren hersenletsel is specialistische begeleiding nodig.",
        considered=[welzijn], own_strength="Zij houdt zelf een agenda bij, maar overziet de week niet.",
        network="Haar zoon komt eens per week; meer kan hij niet.",
        why_not_enough="De inloop van het welzijnswerk biedt geen begeleiding bij hersenletsel.")
    group = begeleiding.mandate_group
    s.expect(mandates.holds(generalist, castricum.pk, group, "indicatie")
             and not mandates.holds(s.actor("partner-heiloo"), s.gemeente("0399").pk, group, "indicatie"),
             "een gemeentelijke generalist mag maatwerk indiceren, een generalist van een partner (MEE) nog niet",
             source=f"{SEED} §3.9")
    refused = _refusal(lambda: check_prepare_single_indication(actor=generalist, aanvraag=aanvraag, data=data))
    s.say("De generalist wil specialistische begeleiding voorstellen, maar heeft nog geen deskundige geraadpleegd.")
    s.expect("Specialistische begeleiding" in refused,
             "specialistische begeleiding kan pas na advies van een deskundige worden voorgesteld",
             source=f"{SEED} §3.7 (Implementatieplan §4.4.1)", found=refused or "niet geweigerd")
    check_record_consultation(actor=generalist, melding=melding, data=ConsultationData(
        kind="deskundige", question="Is specialistische begeleiding passend bij dit hersenletsel?",
        asked_on=dt.date(2026, 3, 2), expert="Gedragswetenschapper (extern)", voorziening=begeleiding,
        advice="Passend: drie uur per week, na een half jaar evalueren.", outcome="positief",
        advised_on=dt.date(2026, 3, 2)))
    indicatie = check_prepare_single_indication(actor=generalist, aanvraag=aanvraag, data=data)
    s.say("De gedragswetenschapper adviseert positief; de generalist stelt de begeleiding voor en stelt de "
          "indicatie vast, zoals hij met mevrouw De Wit afsprak.")
    s.expect(indicatie.raadplegingen.exists(), "het voorstel rust op het advies van de deskundige",
             source=f"{SEED} §3.7")
    s.expect(bool(_refusal(lambda: check_decide(actor=generalist, indicatie=indicatie, outcome="toegekend",
                                                reasons="Zoals afgesproken."))),
             "de generalist bereidt het besluit voor; de beschikking stelt de backoffice op",
             source=f"{SEED} §3.2 stap 4-5")
    indicatie = check_set_indication(actor=generalist, indicatie=indicatie)

    s.later(days=1)
    refused = _refusal(lambda: check_decide(actor=backoffice, indicatie=indicatie, outcome="afgewezen",
                                            reasons="Drie uur per week lijkt veel."))
    s.say("Bart Vos van de backoffice vindt drie uur per week veel en wil afwijzen; dat kan niet.")
    s.expect("formaliseert" in refused, "de backoffice formaliseert wat de generalist afsprak en weigert het niet",
             source=f"{SEED} §3.8 (Implementatieplan §4.4.1)", found=refused or "afwijzing aanvaard")
    check_raise_disagreement(actor=backoffice, indicatie=indicatie,
                             reason="Drie uur per week is meer dan wij bij hersenletsel gewoonlijk indiceren.")
    s.say("Hij legt zijn bedenking met reden voor aan de teamleider van het sociaal team.")
    s.expect(_notified(s, "teamleider-castricum", "Bedenking"),
             "de teamleider krijgt de bedenking met de reden", source=f"{SEED} §3.8")
    s.expect(mandates.holds(s.actor("teamleider-castricum"), castricum.pk, group, "beschikking"),
             "de teamleider kan zelf deels toekennen of afwijzen als zij de backoffice gelijk geeft (werkafspraak)",
             source=f"{SEED} §3.8")
    s.say("De teamleider bespreekt het met de generalist; het advies van de deskundige geeft de doorslag.")
    besluit = check_decide(actor=backoffice, indicatie=indicatie, outcome="toegekend",
                           reasons="U krijgt specialistische begeleiding, drie uur per week.")
    s.expect(besluit.status == Besluit.Status.VASTGESTELD and besluit.outcome == Besluit.Outcome.TOEGEKEND,
             "de backoffice stelt de beschikking op zoals geïndiceerd", source=f"{SEED} §3.2 stap 5",
             found=f"{besluit.status} / {besluit.outcome}")
    clock = next((c for c in clocks_for_subject(aanvraag) if c.kind == "wmo-beschikking"), None)
    s.expect(clock is not None and clock.stopped_on == dt.date(2026, 3, 3),
             "de beslistermijn stopt op de dag van de beschikking, ruim binnen de twee weken",
             source=f"{SEED} §3.24 (Wmo 2015 art. 2.3.5)", found=clock.stopped_on if clock else "geen klok")


def _crisis(s: Scenario) -> None:
    s.at("2026-03-03T16:45")  # Tuesday, late afternoon
    kcc = s.actor("kcc")
    heiloo = s.gemeente("0399")
    s.say("Een dertienjarige uit Heiloo belt het KCC in paniek: thuis gaat het mis en hij durft niet naar huis.")
    child = check_register_resident(
        actor=kcc, gemeente=heiloo,
        data=ResidentData(voornamen="Daan", geslachtsnaam="Mulder", geboortedatum=dt.date(2012, 11, 20)),
        address=AddressData(postcode="1851 KL", huisnummer=7, straat="Kennemerstraatweg", woonplaats="Heiloo"))
    melding, _ = check_register_melding(
        actor=kcc, gemeente=heiloo, persons=[child],
        data=MeldingData(question="Kind belt in paniek, durft niet naar huis.", channel="telefoon", source="zelf",
                         urgency="crisis", laws=["jeugdwet"]))
    melding = check_triage_melding(actor=kcc, melding=melding, outcome="crisis",
                                   reason="Acuut: kind durft niet naar huis.").melding
    s.say("Het KCC zet de melding door als crisis.")
    s.expect_equal(melding.assigned_to_id, s.user("crisisdienst").pk,
                   "de crisisdienst (24 uur per dag bereikbaar) heeft de melding direct", source=f"{SEED} §3.13")
    s.expect(_notified(s, "crisisdienst", "Crisis"), "de crisisdienst is gewaarschuwd", source=f"{SEED} §3.13")
    crisis_clock = next((c for c in clocks_for_subject(melding) if c.kind == "crisis-contact"), None)
    s.expect(crisis_clock is not None and crisis_clock.due_at is not None
             and crisis_clock.due_at - crisis_clock.started_at == dt.timedelta(hours=24),
             "de crisisklok loopt dag en nacht: contact binnen 24 uur", source=f"{SEED} §3.24 (crisisdienst)",
             found=crisis_clock.due_at if crisis_clock else "geen klok")


def _safety(s: Scenario) -> None:
    s.at("2026-03-04T10:00")  # Wednesday
    kcc, generalist = s.actor("kcc"), s.actor("generalist-bergen")
    bergen = s.gemeente("0373")
    s.say("In Bergen meldt een buurvrouw zorgen over mevrouw Bos: schulden, geschreeuw en een blauwe plek.")
    mother = check_register_resident(
        actor=kcc, gemeente=bergen,
        data=ResidentData(voornamen="Linda", geslachtsnaam="Bos", geboortedatum=dt.date(1989, 4, 17)),
        address=AddressData(postcode="1862 EB", huisnummer=3, straat="Breelaan", woonplaats="Bergen"))
    melding, _ = check_register_melding(
        actor=kcc, gemeente=bergen, persons=[mother],
        data=MeldingData(question="Zorgen om schulden en mogelijk huiselijk geweld.", channel="telefoon",
                         source="netwerk", laws=["wmo", "participatiewet"]))
    s.expect_equal(melding.team.code if melding.team else None, "st-bergen",
                   "de melding komt bij het sociaal team Bergen", source=f"{SEED} §3.2")
    result = check_triage_melding(actor=generalist, melding=melding, outcome="meervoudig",
                                  reason="Meerdere problemen en signalen van geweld.")
    casus = Casus.objects.get(pk=result.casus.pk)
    s.say("Het is een meervoudige vraag: er komt een casus met één vaste contactpersoon.")
    s.expect_equal(casus.case_director_id, s.user("generalist-bergen").pk,
                   "de generalist van het team Bergen is de vaste contactpersoon (één huishouden, één regisseur)",
                   source=f"{SEED} §3.2 stap 1")

    s.say("De generalist volgt de meldcode en besluit het team zelf hulp te laten bieden.")
    trajectory = check_start_meldcode(actor=generalist, casus=casus, person_ids=[mother.pk], melding_id=melding.pk)
    today = dt.date(2026, 3, 4)
    for step, answers in (
            (1, {"signalen": "Blauwe plek, geschreeuw volgens de buurvrouw."}),
            (2, {"collega": "Collega sociaal team", "advies": "Gesprek aangaan, hulp organiseren."}),
            (3, {"gevoerd": True, "gesprek_met": "Mevrouw Bos"}),
            (4, {"vraag1": "ja", "vraag1_toelichting": "Vermoeden bevestigd.",
                 "vraag2": "nee", "vraag2_toelichting": "Geen acute onveiligheid.",
                 "vraag3": "ja", "vraag3_toelichting": "Hulp via het sociaal team is mogelijk.",
                 "vraag4": "ja", "vraag4_toelichting": "Mevrouw aanvaardt de hulp.",
                 "vraag5": "ja", "vraag5_toelichting": "Afspraken maken het thuis veilig."})):
        trajectory.refresh_from_db()
        check_record_meldcode_step(actor=generalist, trajectory=trajectory, step=step, held_on=today,
                                   answers=answers)
    trajectory.refresh_from_db()
    decide = {"melden": False, "hulp": True}
    refused = _refusal(lambda: check_record_meldcode_step(actor=generalist, trajectory=trajectory, step=5,
                                                          held_on=today, answers=decide,
                                                          notes="Het team biedt zelf hulp."))
    s.expect("Veilig Thuis" in refused,
             "ook als het team zelf hulp biedt, is Veilig Thuis (AMHK) eerst geïnformeerd",
             source=f"{SEED} §3.12 punt 6", found=refused or "besluit zonder Veilig Thuis aanvaard")
    check_record_veilig_thuis(actor=generalist, trajectory=trajectory, kind="advies", on=today,
                              reference="VT-NHN-2026-0412", note="Geïnformeerd; het team pakt het zelf op.")
    s.say("De generalist informeert Veilig Thuis Noord-Holland Noord en legt dat vast; daarna besluit zij.")
    trajectory.refresh_from_db()
    row = check_record_meldcode_step(actor=generalist, trajectory=trajectory, step=5, held_on=today, answers=decide,
                                     notes="Het team biedt zelf hulp; Veilig Thuis is geïnformeerd.")
    s.expect(row.step == 5 and row.answers.get("hulp"), "het team pakt de melding zelf op", source=f"{SEED} §3.12")


def _staffing(s: Scenario) -> None:
    s.say("De kwartiermaker rekent de formatie door met de gemiddelde variant (133 huishoudens per fte), uit het "
          "profiel (formatie:), zoals `toegang staffing --profile buch-2015 --variant 133`.")
    report = compute(s.profile.data["formatie"], 133)
    tabel_1 = report.table("tabel_1")
    s.expect_equal(tabel_1.row("0373").cells["133"], Decimal("26.26"),
                   "Bergen heeft bij 133 huishoudens per fte 26,26 fte nodig (3.492 huishoudens in zorg)",
                   source=f"{SEED} §5.3 (Tabel 1, Bijlage 1)")
    s.expect_equal(tabel_1.row("0450").cells["133"], Decimal("8.29"),
                   "Uitgeest heeft bij 133 huishoudens per fte 8,29 fte nodig", source=f"{SEED} §5.3 (Tabel 1)")
    swapped = [f for f in report.findings if f.kind == "verwisseld" and f.table == "tabel_1"]
    s.expect(bool(swapped), "de berekening vindt dat Bergen en Castricum in Tabel 1 (167) zijn verwisseld",
             source=f"{SEED} §5.9")
