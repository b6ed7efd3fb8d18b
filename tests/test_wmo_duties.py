"""The Wmo's own duties around the investigation and the decision (issue 11 point 15, Wmo 2015 art. 2.3.2): the
receipt of a melding confirmed with the seven-day persoonlijk plan and free cliëntondersteuning (lid 1–3), a plan
recorded and weighed, the written report of the investigation on a clock from the profile (lid 8), the eigen bijdrage
in the decision letter of a Wmo maatwerkvoorziening, and the receipts of an aanvraag and a bezwaar."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from toegang.accounts.models import Gemeente
from toegang.assessments import actions as assessment_actions
from toegang.audit.models import ChangeLog
from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.deadlines.calendar import Term, add_working_days, due_date
from toegang.deadlines.models import Clock
from toegang.intake import duties
from toegang.intake.actions import (
    MeldingData,
    check_register_aanvraag,
    check_register_melding,
    check_triage_melding,
)
from toegang.intake.models import ClientSupport, PersonalPlan, ResidentLetter
from toegang.profiles.models import Profile
from toegang.provisions import actions as provision_actions

from .document_samples import pdf_bytes
from .factories import HouseholdFactory, ResidentFactory
from .provisions_support import TODAY, case_with_goal, data, pdf_text

# A Friday: seven days later is the second day of Christmas, a holiday; then a weekend (Algemene termijnenwet art. 1)
RECEIVED = dt.datetime(2025, 12, 19, 10, 0, tzinfo=dt.UTC)


def wmo_melding(*, laws=("wmo",), received_at=RECEIVED):
    """(melding, mother, child): a Wmo melding about a mother, her child in the same household."""
    gemeente = Gemeente.objects.get(cbs_code="9901")
    household = HouseholdFactory(gemeente=gemeente)
    mother = ResidentFactory(household=household, geboortedatum=dt.date(1960, 3, 2))
    child = ResidentFactory(household=household, geboortedatum=dt.date(2015, 6, 1))
    melding, _ = check_register_melding(
        actor=SYSTEM, gemeente=gemeente, persons=[mother, child],
        data=MeldingData(question="Moeder redt het huishouden niet meer", channel="balie", source="zelf",
                         laws=list(laws), received_at=received_at))
    return melding, mother, child


def text_of(pdf) -> str:
    """The letter's text with its line breaks as spaces (a phrase may wrap)."""
    return " ".join(pdf_text(bytes(pdf)).split())


def says(text: str, phrase: str) -> bool:
    """The phrase is in the letter; spaces aside, since PDF text extraction splits kerned pairs ("T ygo")."""
    return phrase.replace(" ", "") in text.replace(" ", "")


def events(event):
    return list(ChangeLog.objects.filter(event=event).order_by("seq"))


# --- lid 1–3: the receipt, the persoonlijk plan, cliëntondersteuning -------------------------------------------------


def test_receipt_of_a_melding_states_the_seven_day_plan_and_free_client_support(client_for, profile):
    melding, mother, child = wmo_melding()
    client = client_for("balie")
    page = client.get(f"/meldingen/{melding.pk}/").content.decode()
    assert "Ontvangstbevestiging maken en versturen" in page and "tot en met 29-12-2025" in page
    assert page.index(mother.full_name, page.index("ontvangst-recipient")) < page.index(child.full_name, page.index(
        "ontvangst-recipient"))  # a letter goes to the adult first

    response = client.post(f"/meldingen/{melding.pk}/ontvangstbevestiging/", {"recipient": mother.pk})
    assert response.status_code == 302
    letter = ResidentLetter.objects.get(melding=melding, kind="ontvangst-melding")
    assert letter.recipient == mother and letter.sent_on == TODAY and letter.sent_by.username == "balie"
    text = text_of(letter.pdf)
    for phrase in ["Wij hebben uw melding ontvangen", f"Op {RECEIVED:%d-%m-%Y}", "artikel 2.3.2, eerste lid",
                   "persoonlijk plan", "zeven dagen", "29-12-2025", "tweede lid", "cliëntondersteuner", "gratis",
                   "derde lid", "Welzijn Demodam", f"melding {melding.pk}", mother.full_name, "Berkenlaan"]:
        assert says(text, phrase), phrase
    assert f"{TODAY:%d-%m-%Y}" in text and TODAY.isoformat() not in text
    # Sending it is audited with the letter, and records that the resident was pointed to client support (lid 3)
    (logged,) = events("melding.ontvangst_bevestigd")
    assert logged.object_id == str(letter.pk) and logged.new["sha256"] == letter.sha256
    support = ClientSupport.objects.get(melding=melding)
    assert (support.pointed_out_on, support.how, support.used) == (TODAY, "in de ontvangstbevestiging", "onbekend")

    page = client.get(f"/meldingen/{melding.pk}/").content.decode()
    assert f"Verzonden op {TODAY:%d-%m-%Y} aan {mother.full_name}" in page and f"/brieven/{letter.pk}/brief.pdf" in page
    pdf = client.get(f"/brieven/{letter.pk}/brief.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(letter.pdf)

    again = client.post(f"/meldingen/{melding.pk}/ontvangstbevestiging/", {"recipient": mother.pk})
    assert again.status_code == 409 and "al verzonden op" in again.content.decode()
    assert ResidentLetter.objects.filter(melding=melding).count() == 1


def test_a_receipt_needs_a_linked_resident_and_a_jeugdwet_melding_speaks_of_no_persoonlijk_plan(staff, actor_of):
    desk = actor_of(staff["balie"])
    gemeente = Gemeente.objects.get(cbs_code="9901")
    referral, _ = check_register_melding(
        actor=SYSTEM, gemeente=gemeente, data=MeldingData(
            question="Zorgen over een leerling", channel="verwijzing", source="school",
            reported_person={"naam": "Sam de Wit", "geboortedatum": "2014-02-01"}))
    with pytest.raises(ValidationFailed, match="Koppel eerst een inwoner") as info:
        duties.check_send_melding_receipt(actor=desk, melding=referral, recipient_id=None)
    assert "recipient" in info.value.field_errors

    melding, mother, _ = wmo_melding(laws=("jeugdwet",))
    letter = duties.check_send_melding_receipt(actor=desk, melding=melding, recipient_id=mother.pk)
    text = text_of(letter.pdf)
    assert "cliëntondersteuner" in text and "persoonlijk plan" not in text and "2.3.2" not in text
    with pytest.raises(ValidationFailed, match="hoort bij een melding voor de Wmo"):
        duties.check_record_personal_plan(actor=desk, melding=melding, received_on=TODAY, summary="Mijn plan")


def test_roles_without_front_door_rights_cannot_send_or_record(client_for, staff, actor_of, profile):
    melding, mother, _ = wmo_melding()
    privacy = client_for("privacy")  # sees every melding of the gemeente, does no intake work
    assert privacy.get(f"/meldingen/{melding.pk}/").status_code == 200
    assert privacy.post(f"/meldingen/{melding.pk}/ontvangstbevestiging/", {"recipient": mother.pk}).status_code == 403
    assert privacy.post(f"/meldingen/{melding.pk}/persoonlijk-plan/",
                        {"received_on": TODAY.isoformat(), "summary": "x"}).status_code == 403
    assert privacy.post(f"/meldingen/{melding.pk}/clientondersteuning/", {}).status_code == 403
    assert "Ontvangstbevestiging maken" not in privacy.get(f"/meldingen/{melding.pk}/").content.decode()
    assert client_for("beleid").post(f"/meldingen/{melding.pk}/ontvangstbevestiging/",
                                     {"recipient": mother.pk}).status_code == 404
    with pytest.raises(NotAllowed):
        duties.check_send_melding_receipt(actor=actor_of(staff["privacy"]), melding=melding, recipient_id=mother.pk)
    assert not ResidentLetter.objects.exists() and not PersonalPlan.objects.exists()


def test_a_persoonlijk_plan_is_recorded_with_its_term_and_document(client_for, profile):
    melding, mother, _ = wmo_melding()
    client = client_for("balie")
    document = SimpleUploadedFile("plan.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(f"/meldingen/{melding.pk}/persoonlijk-plan/",
                           {"received_on": "2025-12-29", "summary": "Ik wil hulp bij het huishouden, twee uur per "
                                                                   "week; mijn zoon doet de boodschappen.",
                            "document": document})
    assert response.status_code == 302
    plan = PersonalPlan.objects.get(melding=melding)
    assert plan.within_term and plan.content_type == "application/pdf" and plan.considered_in is None
    late = duties.check_record_personal_plan(actor=SYSTEM, melding=melding, received_on=dt.date(2025, 12, 30),
                                             summary="Aanvulling op mijn plan")
    assert not late.within_term  # after the seven days: still recorded and weighed, marked
    page = client.get(f"/meldingen/{melding.pk}/").content.decode()
    assert "Ontvangen op 29-12-2025" in page and "na de zeven dagen" in page and "nog mee te wegen" in page
    download = client.get(f"/meldingen/{melding.pk}/persoonlijk-plan/{plan.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert [e.object_id for e in events("melding.persoonlijk_plan")] == [str(plan.pk), str(late.pk)]

    refused = client.post(f"/meldingen/{melding.pk}/persoonlijk-plan/",
                          {"received_on": "2025-12-18", "summary": "Mijn plan"})
    html = refused.content.decode()
    assert refused.status_code == 422 and "ligt voor de ontvangst van de melding (19-12-2025)" in html
    assert 'id="plan-received_on"' in html and "Mijn plan" in html  # at its field, the text kept
    assert PersonalPlan.objects.filter(melding=melding).count() == 2


def test_client_support_is_recorded_and_its_change_kept(staff, actor_of, profile):
    desk = actor_of(staff["balie"])
    melding, _, _ = wmo_melding()
    with pytest.raises(ValidationFailed) as info:
        duties.check_record_client_support(actor=desk, melding=melding, pointed_out_on=TODAY, how="",
                                           used="ja", provider="")
    assert set(info.value.field_errors) == {"how", "provider"}
    duties.check_record_client_support(actor=desk, melding=melding, pointed_out_on=TODAY, how="aan de balie",
                                       used="onbekend")
    support = duties.check_record_client_support(actor=desk, melding=melding, pointed_out_on=TODAY,
                                                 how="aan de balie", used="ja", provider="MEE")
    assert (support.used, support.provider) == ("ja", "MEE") and ClientSupport.objects.count() == 1
    first, second = events("melding.clientondersteuning")
    assert first.old is None and second.old["gebruik"] == "onbekend" and second.new["ondersteuner"] == "MEE"


# --- lid 2 and 8: the kitchen-table report weighs the plan; its written report goes out on the profile's clock -------


@pytest.fixture
def wmo_case(staff, actor_of):
    melding, mother, child = wmo_melding(received_at=timezone.now() - dt.timedelta(days=3))
    casus = check_triage_melding(actor=SYSTEM, melding=melding, outcome="meervoudig", reason="meerdere vragen").casus
    case_actions.check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=staff["generalist"])
    return {"melding": melding, "mother": mother, "child": child, "casus": casus,
            "generalist": actor_of(staff["generalist"])}


def record_report(s, **kw):
    return assessment_actions.check_record_clarification(
        actor=s["generalist"], casus=s["casus"], held_on=TODAY, participants="moeder, generalist",
        domains={"iadl": {"situatie": "Moeder kan niet meer stofzuigen en koken.",
                                 "netwerk": "De zoon doet de boodschappen."}},
        summary="Hulp bij het huishouden, zodat moeder thuis kan blijven wonen.", **kw)


def test_the_plan_is_weighed_and_the_written_report_goes_out_on_the_profiles_clock(wmo_case, client_for):
    s = wmo_case
    plan = duties.check_record_personal_plan(actor=SYSTEM, melding=s["melding"], received_on=TODAY,
                                             summary="Twee uur hulp per week")
    with pytest.raises(ValidationFailed) as info:
        record_report(s)
    assert "persoonlijk plan" in info.value.field_errors["personal_plan_considered"][0]
    client = client_for("generalist")
    # the plans to weigh stand in the kitchen-table form, fetched when its section opens (issue 16)
    page = client.get(f"/casussen/{s['casus'].pk}/formulier/clarification_form/").content.decode()
    assert "Het persoonlijk plan van de inwoner is meegewogen" in page and "Twee uur hulp per week" in page

    clarification = record_report(s, personal_plan_considered=True)
    plan.refresh_from_db()
    assert plan.considered_in == clarification
    (logged,) = events("vraagverheldering.vastgelegd")
    assert logged.new["persoonlijk_plan_meegewogen"] == [plan.pk]
    # The report clock: the profile's term (demo: ten working days after the conversation), on the director's name
    report_clock = Clock.objects.get(kind="wmo-weergave")
    assert (report_clock.subject_type, report_clock.subject_id) == ("assessments.clarification", clarification.pk)
    assert report_clock.due_on == add_working_days(TODAY, 10) and report_clock.owner_id == s["casus"].case_director_id
    page = client.get(f"/casussen/{s['casus'].pk}/").content.decode()
    assert "nog niet naar de inwoner gestuurd" in page and f"Uiterlijk {report_clock.due_on:%d-%m-%Y}" in page
    assert "Wmo: schriftelijke weergave" in client.get("/").content.decode()  # Mijn termijnen of the director

    response = client.post(f"/casussen/{s['casus'].pk}/verslag-onderzoek/", {"recipient": s["mother"].pk})
    assert response.status_code == 302
    letter = ResidentLetter.objects.get(kind="weergave-onderzoek")
    assert letter.clarification == clarification and letter.recipient == s["mother"]
    text = text_of(letter.pdf)
    for phrase in ["De uitkomsten van het onderzoek", "achtste lid", "Moeder kan niet meer stofzuigen",
                   "De zoon doet de boodschappen", "Hulp bij het huishouden, zodat moeder", "persoonlijk plan",
                   f"{TODAY:%d-%m-%Y}", "cliëntondersteuner", "2.3.5", "Welzijn Demodam"]:
        assert says(text, phrase), phrase
    report_clock.refresh_from_db()
    investigation = Clock.objects.get(kind="wmo-onderzoek", subject_id=s["melding"].pk)
    assert report_clock.stopped_on == TODAY and investigation.stopped_on == TODAY  # lid 1 counts up to lid 8
    (sent,) = events("onderzoek.weergave_verzonden")
    assert sent.new["casus"] == s["casus"].pk and sent.object_id == str(letter.pk)
    page = client.get(f"/casussen/{s['casus'].pk}/").content.decode()
    assert f"Verzonden op {TODAY:%d-%m-%Y} aan {s['mother'].full_name}" in page
    assert "verslag van het onderzoek naar de inwoner verzonden" in page  # in the case's timeline
    assert client.get(f"/brieven/{letter.pk}/brief.pdf").content == bytes(letter.pdf)
    assert client_for("balie").get(f"/brieven/{letter.pk}/brief.pdf").status_code == 404  # the case file stays closed
    again = client.post(f"/casussen/{s['casus'].pk}/verslag-onderzoek/", {"recipient": s["mother"].pk})
    assert again.status_code == 409


def test_the_report_term_is_profile_data(wmo_case):
    s = wmo_case
    profile = Profile.objects.get(name="demo")
    data_ = {**profile.data, "termijnen": {**profile.data["termijnen"], "wmo-weergave": {"termijn": "3wd"}}}
    Profile.objects.filter(pk=profile.pk).update(data=data_)
    s["casus"].gemeente.profile.refresh_from_db()
    record_report(s)
    assert Clock.objects.get(kind="wmo-weergave").due_on == add_working_days(TODAY, 3)


def test_only_the_people_of_the_case_send_its_report(wmo_case, staff, actor_of):
    s = wmo_case
    clarification = record_report(s)
    with pytest.raises(NotAllowed):
        duties.check_send_investigation_report(actor=actor_of(staff["balie"]), clarification=clarification,
                                               recipient_id=s["mother"].pk)
    stranger = ResidentFactory()
    with pytest.raises(ValidationFailed, match="Kies aan wie"):
        duties.check_send_investigation_report(actor=s["generalist"], clarification=clarification,
                                               recipient_id=stranger.pk)
    assert not ResidentLetter.objects.exists() and Clock.objects.get(kind="wmo-weergave").stopped_on is None


# --- the receipts of an aanvraag and a bezwaar ------------------------------------------------------------------------


def test_receipt_of_an_aanvraag_names_the_decision_term(client_for, staff, profile):
    melding, mother, _ = wmo_melding(received_at=timezone.now() - dt.timedelta(days=2))
    aanvraag = check_register_aanvraag(actor=SYSTEM, melding=melding, applicant=mother, law="wmo",
                                       requested="hulp bij het huishouden")
    client = client_for("balie")
    assert "Ontvangstbevestiging van de aanvragen" in client.get(f"/meldingen/{melding.pk}/").content.decode()
    assert client.post(f"/aanvragen/{aanvraag.pk}/ontvangstbevestiging/").status_code == 302
    letter = ResidentLetter.objects.get(aanvraag=aanvraag)
    text = text_of(letter.pdf)
    due = due_date(TODAY, Term(2, "w"))  # Wmo 2015 art. 2.3.5
    for phrase in ["Wij hebben uw aanvraag ontvangen", "hulp bij het huishouden", f"{due:%d-%m-%Y}", "2.3.5",
                   f"aanvraag {aanvraag.pk}"]:
        assert says(text, phrase), phrase
    assert [e.object_id for e in events("aanvraag.ontvangst_bevestigd")] == [str(letter.pk)]
    assert "bevestigd op" in client.get(f"/meldingen/{melding.pk}/").content.decode()
    assert client.post(f"/aanvragen/{aanvraag.pk}/ontvangstbevestiging/").status_code == 409


@pytest.fixture
def sent_jeugd_decision(profile, staff, actor_of):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus,
                                                           new_aanvraag=True, data=data("45A48", child, goal))
    besluit = provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                             outcome="toegekend", reasons="Nodig.")
    provision_actions.check_send_decision(actor=actor_of(staff["backoffice"]), besluit=besluit)
    return besluit, mother


def test_receipt_of_a_bezwaar_awb_6_14(sent_jeugd_decision, client_for, staff, actor_of):
    besluit, mother = sent_jeugd_decision
    bezwaar = provision_actions.check_register_bezwaar(actor=actor_of(staff["backoffice"]), besluit=besluit,
                                                       received_on=TODAY, objector=mother.full_name,
                                                       grounds="Drie uur is te weinig.")
    # the generalist sees the decision (case director) but holds no mandate for objections
    assert client_for("generalist").post(f"/bezwaren/{bezwaar.pk}/ontvangstbevestiging/").status_code == 403
    client = client_for("backoffice")
    assert "Ontvangstbevestiging maken en versturen" in client.get(f"/besluiten/{besluit.pk}/").content.decode()
    assert client.post(f"/bezwaren/{bezwaar.pk}/ontvangstbevestiging/").status_code == 302
    letter = ResidentLetter.objects.get(bezwaar=bezwaar)
    decide_by = Clock.objects.get(subject_type="provisions.bezwaar", subject_id=bezwaar.pk).due_on
    text = text_of(letter.pdf)
    for phrase in ["Wij hebben uw bezwaarschrift ontvangen", "6:14", f"besluit {besluit.pk}", "7:10",
                   f"{decide_by:%d-%m-%Y}", mother.full_name, "hoorzitting"]:
        assert says(text, phrase), phrase
    assert [e.object_id for e in events("bezwaar.ontvangst_bevestigd")] == [str(letter.pk)]
    page = client.get(f"/besluiten/{besluit.pk}/").content.decode()
    assert f"Ontvangstbevestiging verzonden op {TODAY:%d-%m-%Y}" in page
    assert client.get(f"/brieven/{letter.pk}/brief.pdf").content == bytes(letter.pdf)
    with pytest.raises(Conflict, match="al verzonden"):
        provision_actions.check_send_bezwaar_receipt(actor=actor_of(staff["backoffice"]), bezwaar=bezwaar)


# --- the decision letter: the eigen bijdrage of a Wmo maatwerkvoorziening, or why none applies --------------------


@pytest.fixture
def decide(profile, staff, actor_of):
    casus, mother, child, goal = case_with_goal(staff["generalist"])

    def make(code, client):
        indicatie = provision_actions.check_prepare_indication(
            actor=actor_of(staff["generalist"]), casus=casus, new_aanvraag=True,
            data=data(code, {"mother": mother, "child": child}[client], goal))
        besluit = provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                                 outcome="toegekend", reasons="Nodig.")
        return text_of(besluit.brief.pdf)

    return make


def test_the_wmo_decision_letter_states_the_eigen_bijdrage_from_the_profile(decide):
    text = decide("02A01", "mother")  # Begeleiding individueel (Wmo maatwerk) for an adult
    assert "Eigen bijdrage" in text and "€ 21,80 per maand" in text and "€ 261,60 per jaar" in text
    assert "abonnementstarief" in text and "CAK" in text and "2.1.4a" in text


def test_no_eigen_bijdrage_for_jeugdhulp_nor_what_the_profile_exempts(decide):
    jeugd = decide("45A48", "child")
    assert "Voor jeugdhulp betaalt u geen eigen bijdrage" in jeugd and "€" not in jeugd.split("Eigen bijdrage")[1][:200]
    minor = decide("02A01", "child")  # the demo verordening exempts minors
    assert "kind onder de 18 jaar" in minor and "€ 21,80" not in minor
    profile = Profile.objects.get(name="demo")
    Profile.objects.filter(pk=profile.pk).update(data={**profile.data, "eigen_bijdrage": {
        "wmo_abonnementstarief_per_jaar": 261.60, "vrijgesteld": {"voorzieningen": ["wmo-begeleiding"]}}})
    assert "Voor begeleiding vraagt de gemeente geen eigen bijdrage" in decide("02A01", "mother")
    Profile.objects.filter(pk=profile.pk).update(data={k: v for k, v in profile.data.items() if k != "eigen_bijdrage"})
    unknown = decide("02A01", "mother")
    assert "Het CAK (Centraal Administratie Kantoor) stelt de hoogte vast" in unknown and "€ 21,80" not in unknown
