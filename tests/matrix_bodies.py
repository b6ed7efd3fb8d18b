"""The world the access matrix (test_access_matrix.py) walks, and a valid body for every write in it (issue 10).

A write that is refused for a role must be refused by its permission check, not by form validation: so every write
row posts what a user allowed to do it would post, for an object in a state where the write succeeds. The answer
then shows whether the check ran (403/404 without the permission, success with it).

The world, besides the roles' own staff:
- the resident "Noord" (and a duplicate registration of him, for merging) in a household in wijk noord, with a
  melding triaged into a case. Its director is a generalist outside the matrix ("regisseur"), so the role
  generalist is a betrokkene only: he sees the case and writes in its journal, but may not manage it or change its
  plan. That is the role that tells a missing "manage" check from a present one.
- a second melding of Noord, given information and advice at the desk once: the intake writes (triage, pick up,
  contact, close, aanvraag) act on it.
- on the case: a plan goal, a kitchen-table report (so the case may move on to the plan phase), a document, a task
  for the generalist, and provisions in every state a write needs: a proposal (to establish, decide or withdraw),
  an established decision (to send), a decision waiting for the second opinion (four eyes, to approve), and a sent
  decision with an objection (to correct, object against and decide the objection).
- a closed case (to reopen) and a case with a handover proposed to the generalist (to accept), both with the
  generalist involved, in households of their own.
- the Wmo duties around the investigation (Wmo 2015 art. 2.3.2, issue 11 point 15) and the letters they send: the
  advice melding's receipt letter and a persoonlijk plan handed in on it (with the plan itself); on the case a
  contact moment and a measurement (read one by one in the API); the handover case's kitchen-table report with its
  written report sent (a letter read through the case); and a second bezwaar with its receipt sent (a letter read
  through the decision). The case melding has no receipt yet, the case's report is not sent, the single question's
  aanvraag and the first bezwaar have no receipt: the writes that send them act on those.
- a referral by another partner organisation (Stichting Welzijn), which the partner of the matrix may not read.
- two complaints about the case (feedback/): one at the gemeente's own handling (to conclude), one concluded there
  (to forward to the ombudsman); and the demo's Wmo maatwerk switched to `formaliseren`, so who holds 'beschikking'
  may put a disagreement with the proposal to the team lead.

Each matrix call runs in a savepoint that is rolled back, so every call starts from this world.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.utils import timezone

from toegang.accounts.actions import check_create_api_token, check_deactivate_medewerker
from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente, Organisatie, Role, Team
from toegang.assessments.actions import check_record_clarification, check_record_measurement
from toegang.audit.models import RightsRequest
from toegang.cases import actions as case_actions
from toegang.conferences.actions import check_plan_conference
from toegang.core import clock
from toegang.core.actor import SYSTEM
from toegang.deadlines.models import Clock
from toegang.direction.actions import check_assign_process_director
from toegang.escalation.actions import check_escalate_case, check_record_binding_decision
from toegang.feedback.actions import check_conclude_complaint_stage, check_register_complaint
from toegang.insight.models import ExportJob
from toegang.intake import duties
from toegang.intake.actions import (
    MeldingData,
    ReferredPerson,
    check_refer,
    check_register_aanvraag,
    check_register_melding,
    check_triage_melding,
)
from toegang.jobs.models import Job
from toegang.messaging.actions import receive
from toegang.messaging.models import Toewijzing
from toegang.messaging.provider_side import declaration
from toegang.persons import actions as person_actions
from toegang.persons.models import Resident
from toegang.plans.actions import check_add_goal
from toegang.provisions import actions as provisions
from toegang.provisions.actions.consultations import ConsultationData, check_record_consultation
from toegang.provisions.models import Contract, Product
from toegang.retention.models import DestructionItem, DestructionList
from toegang.safety.actions import check_start_meldcode, check_start_safety_plan
from toegang.verwijsindex.actions import check_register_signal

from .document_samples import pdf_bytes
from .factories import HouseholdFactory, ResidentFactory, valid_bsn
from .provisions_support import data as indication_data
from .standard_data import make_staff_member
from .test_messaging_requests import request_message


def _case(gemeente, resident, director, generalist, *, received_at):
    """A melding about `resident` triaged into a case directed by `director`, with `generalist` as betrokkene."""
    melding, _ = check_register_melding(actor=SYSTEM, gemeente=gemeente, persons=[resident],
                                        data=MeldingData(question="Hulp nodig", channel="balie", source="zelf",
                                                         laws=["wmo"], received_at=received_at))
    casus = check_triage_melding(actor=SYSTEM, melding=melding, outcome="meervoudig", reason="meerdere vragen").casus
    case_actions.check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=director)
    case_actions.check_add_case_involvement(actor=SYSTEM, casus=casus, medewerker=generalist, role="generalist")
    return melding, casus


def build_world(staff) -> dict[str, Any]:
    """The objects of the matrix by name (see the module docstring), fresh from the database."""
    gemeente = Gemeente.objects.get(cbs_code="9901")
    today, now = clock.today(), clock.now()
    generalist, regie, backoffice = staff["generalist"], staff["procesregisseur"], staff["backoffice"]
    director = make_staff_member("generalist", username="regisseur")
    two_days_ago = now - dt.timedelta(days=2)  # so a contact moment an hour ago lies after the case began

    resident = ResidentFactory(geslachtsnaam="Noord")
    duplicate = ResidentFactory(household=resident.household, geslachtsnaam="Noord", voornamen=resident.voornamen,
                                bsn=None)
    melding, casus = _case(gemeente, resident, director, generalist, received_at=two_days_ago)
    involvement = casus.involvements.get(medewerker=generalist)
    clarification = check_record_clarification(actor=SYSTEM, casus=casus, held_on=today, participants="Noord",
                                               domains={"financien": {"situatie": "Schulden"}}, summary="Rust")
    document = case_actions.check_add_document(actor=SYSTEM, casus=casus, kind="verslag", title="Verslag",
                                               upload=SimpleUploadedFile("v.pdf", pdf_bytes()))
    task = case_actions.check_add_case_task(actor=SYSTEM, casus=casus, title="Bellen", assignee=generalist,
                                            due_on=today + dt.timedelta(days=3))
    goal_id = check_add_goal(actor=SYSTEM, casus=casus, base_version=0, domain="adl", description="Zelf douchen",
                             desired_result="zelfstandig", measure="", target_date=today + dt.timedelta(days=90)
                             ).content["goals"][0]["id"]

    advies, _ = check_register_melding(actor=SYSTEM, gemeente=gemeente, persons=[resident], attach_to_open_case=False,
                                       data=MeldingData(question="Waar vind ik een maaltijdservice?", channel="telefoon",
                                                        source="zelf", laws=["wmo"]))
    check_triage_melding(actor=SYSTEM, melding=advies, outcome="informatie-advies", reason="folder gegeven")
    # Wmo 2015 art. 2.3.2 lid 1 and 2: the advice melding's receipt is confirmed in a letter, and a persoonlijk plan
    # was handed in on it (with the plan itself, to download)
    receipt_letter = duties.check_send_melding_receipt(actor=SYSTEM, melding=advies, recipient_id=resident.pk)
    personal_plan = duties.check_record_personal_plan(actor=SYSTEM, melding=advies, received_on=today,
                                                      summary="Wil met hulp van zijn zus thuis blijven wonen.",
                                                      upload=SimpleUploadedFile("plan.pdf", pdf_bytes()))
    # on the case: a contact moment (by its director) and a measurement, each read on its own in the API
    contact_moment = case_actions.check_record_contact_moment(actor=actor_for_user(director), casus=casus,
                                                              at=now - dt.timedelta(hours=2), kind="telefoon",
                                                              participants="Noord", summary="Afspraak gemaakt.")
    measurement = check_record_measurement(actor=SYSTEM, casus=casus, resident=resident, measured_on=today,
                                           scores={"financien": 2})

    # provisions: one decision sent with an objection, and one of each state a write acts on
    as_generalist, as_regie = actor_for_user(generalist), actor_for_user(regie)
    aanvraag = check_register_aanvraag(actor=SYSTEM, melding=melding, applicant=resident, law="wmo", requested="hulp")

    def propose(code="02A01", **overrides):
        return provisions.check_prepare_indication(actor=as_generalist, casus=casus, new_aanvraag=True,
                                                   data=indication_data(code, resident, goal_id, **overrides))

    indicatie = provisions.check_prepare_indication(actor=as_generalist, casus=casus, aanvraag=aanvraag,
                                                    data=indication_data("02A01", resident, goal_id))
    besluit = provisions.check_decide(actor=as_regie, indicatie=indicatie, outcome="toegekend", reasons="nodig")
    provisions.check_send_decision(actor=actor_for_user(backoffice), besluit=besluit)
    bezwaar = provisions.check_register_bezwaar(actor=actor_for_user(backoffice), besluit=besluit,
                                                received_on=today, objector="inwoner", grounds="te weinig")
    # a second bezwaar whose receipt was confirmed (Awb 6:14): a letter read through the decision
    bezwaar_letter = provisions.check_send_bezwaar_receipt(actor=actor_for_user(backoffice), bezwaar=(
        provisions.check_register_bezwaar(actor=actor_for_user(backoffice), besluit=besluit, received_on=today,
                                          objector="Zus van Noord", grounds="Hij kan niet zonder hulp.")))
    proposal = propose()
    established = provisions.check_decide(actor=as_regie, indicatie=propose(), outcome="toegekend", reasons="nodig")
    # Jeugdhulp met verblijf has four eyes (profiles/demo.yaml): decided by the procesregisseur, it waits
    four_eyes = provisions.check_decide(actor=as_regie, indicatie=propose("43A01", volume=7), outcome="toegekend",
                                        reasons="veilig verblijf")

    closed_resident = ResidentFactory(household=HouseholdFactory(), geslachtsnaam="Gesloten")
    _, closed_case = _case(gemeente, closed_resident, director, generalist, received_at=two_days_ago)
    case_actions.check_close_case(actor=SYSTEM, casus=closed_case, reason="doelen-bereikt",
                                  household_informed_on=today)
    handover_resident = ResidentFactory(household=HouseholdFactory(), geslachtsnaam="Overdracht")
    _, handover_case = _case(gemeente, handover_resident, director, generalist, received_at=two_days_ago)
    # its kitchen-table report went to the resident (Wmo 2015 art. 2.3.2 lid 8): a letter read through the case
    report_letter = duties.check_send_investigation_report(
        actor=SYSTEM, recipient_id=handover_resident.pk,
        clarification=check_record_clarification(actor=SYSTEM, casus=handover_case, held_on=today,
                                                 participants="Overdracht", summary="Grip op geld.",
                                                 domains={"financien": {"situatie": "Schulden"}}))
    case_actions.check_propose_handover(actor=actor_for_user(director), casus=handover_case, successor=generalist,
                                        note="Gezin wil iemand uit de eigen wijk.")

    # a family in wijk noord for the household composition writes (issue 11): a mother, her child of eight (a
    # minor, for gezag) and the relation between them; someone in another household to join it
    mother = ResidentFactory(household=HouseholdFactory(), geslachtsnaam="Gezin", voornamen="Moeder")
    child = ResidentFactory(household=mother.household, geslachtsnaam="Gezin", voornamen="Kind",
                            geboortedatum=today.replace(year=today.year - 8, day=1))
    child_of = person_actions.check_add_relation(actor=SYSTEM, resident=child, person=mother, kind="10")

    # a case in wijk noord that waits for its director (issue 11): the case workers of team Noord-Zuid may take it
    waiting_melding, _ = check_register_melding(
        actor=SYSTEM, gemeente=gemeente, persons=[ResidentFactory(household=HouseholdFactory(), geslachtsnaam="Wacht")],
        data=MeldingData(question="Schulden en opvoeding", channel="balie", source="zelf"))
    waiting_case = check_triage_melding(actor=SYSTEM, melding=waiting_melding, outcome="meervoudig",
                                        reason="meerdere vragen").casus

    # a partner's referral of someone not found at once, in wijk noord (issue 11): to link to "Noord" or to register
    referral, _ = check_refer(actor=actor_for_user(staff["partner"]), gemeente=gemeente,
                              person=ReferredPerson(naam="Sam Verwezen", postcode="9902AA", huisnummer=1),
                              question="Zorgen over Sam")
    # a referral by another partner organisation: the partner of the matrix (Jeugdhulp Demoregio) may not read it
    other_partner = make_staff_member("partner", organisatie="welzijn-demo", username="partner-welzijn")
    foreign_referral, _ = check_refer(actor=actor_for_user(other_partner), gemeente=gemeente,
                                      person=ReferredPerson(naam="Kim Anders"), question="Eenzaam sinds de verhuizing")

    # a single question in wijk noord (issue 11 point 16): a melding triaged 'enkelvoudig' with a Wmo aanvraag, whose
    # indication is prepared on the aanvraag without a case
    single_resident = ResidentFactory(household=HouseholdFactory(), geslachtsnaam="Enkel")
    single, _ = check_register_melding(actor=SYSTEM, gemeente=gemeente, persons=[single_resident],
                                       data=MeldingData(question="Hulp bij het douchen", channel="telefoon",
                                                        source="zelf", laws=["wmo"]))
    check_triage_melding(actor=SYSTEM, melding=single, outcome="enkelvoudig", reason="één vraag")
    single_aanvraag = check_register_aanvraag(actor=SYSTEM, melding=single, applicant=single_resident, law="wmo",
                                              requested="begeleiding")

    # expert consultations waiting for their advice (issue 12 point 11): on the case and on the single question
    asked = ConsultationData(kind="deskundige", expert="Medisch adviseur GGD", question="Is dit nodig?", asked_on=today)
    consultation = check_record_consultation(actor=actor_for_user(generalist), casus=casus, data=asked)
    single_consultation = check_record_consultation(actor=actor_for_user(generalist), melding=single, data=asked)

    # a case conference (issue 12 point 4) on the case, convened by its director an hour ago: its minutes can be
    # recorded (process direction may), it can be cancelled
    conference = check_plan_conference(actor=actor_for_user(director), casus=casus, kind="mdo", reason="Zorgen",
                                       starts_at=now - dt.timedelta(hours=1), place="Wijkcentrum",
                                       staff_ids=[director.pk, generalist.pk], resident_ids=[resident.pk])

    # complaints about the case (feedback/): one at the gemeente's own handling, one concluded there (to forward)
    complaint = check_register_complaint(actor=as_regie, casus=casus, about="Niet teruggebeld.", received_on=today)
    concluded_complaint = check_register_complaint(actor=as_regie, casus=casus, about="Te laat.", received_on=today)
    check_conclude_complaint_stage(actor=as_regie, complaint=concluded_complaint, outcome="ongegrond",
                                   explanation="Binnen de afspraak.", concluded_on=today)
    # BUCH seed 001 §4.4.1: the decision on Wmo maatwerk only formalises the indication, so who holds 'beschikking'
    # may put a disagreement to the team lead (provisions:disagreement)
    profile = gemeente.profile
    type(profile).objects.filter(pk=profile.pk).update(data={**profile.data, "mandaten": [
        {**g, "formaliseren": {"bedenking_naar": ["teamleider"]}} if g["code"] == "wmo-maatwerk" else g
        for g in profile.data["mandaten"]]})

    # a case escalated to level 2 of the demo ladder (issue 12 point 3: the team lead acts there), with a binding
    # decision of process direction
    escalated_resident = ResidentFactory(household=HouseholdFactory(), geslachtsnaam="Escalatie")
    _, escalated_case = _case(gemeente, escalated_resident, director, generalist, received_at=two_days_ago)
    escalation = check_escalate_case(actor=SYSTEM, casus=escalated_case, reason="Afspraken niet nagekomen.")
    binding_decision = check_record_binding_decision(
        actor=actor_for_user(regie), casus=escalated_case, decision="De aanbieder start deze week.", decided_on=today,
        organisation_ids=[Organisatie.objects.get(code="jeugdhulp-demo").pk], heard="moeder")

    # the escalated case has a process director (issue 12 point 10), whose process direction can be ended
    process_director = check_assign_process_director(actor=SYSTEM, casus=escalated_case, medewerker=regie,
                                                     kind="procesregie", reason="Escalatie op niveau 2.")

    # the meldcode (issue 12 point 5): a trajectory on the case, started by its director; a safety plan on the case
    # (point 6) — the escalated case has none, so one can be made there
    trajectory = check_start_meldcode(actor=actor_for_user(director), casus=casus, person_ids=[resident.pk])
    safety_plan = check_start_safety_plan(
        actor=actor_for_user(director), casus=casus, started_on=today, danger="Geweld tussen de ouders.",
        goal="De kinderen zijn veilig thuis.", agreements=[{"wie": "moeder", "wat": "belt oma bij ruzie",
                                                            "wanneer": (today + dt.timedelta(days=7)).isoformat()}],
        bottom_lines="Geen geweld waar de kinderen bij zijn.", network="Oma, buurvrouw.")

    # an API key of the generalist (issue 13 item 4), to read and revoke
    api_token = check_create_api_token(actor=SYSTEM, medewerker=generalist, name="Koppeling zorgaanbieder").token
    # an AVG correction request about the resident, not yet decided (issue 13 item 8)
    rights_request = RightsRequest.objects.create(
        kind="correctie", resident=resident, gemeente=gemeente, received_on=today, due_on=today + dt.timedelta(days=30),
        request="Adres klopt niet", recorded_at=now, recorded_by=staff["privacy"])

    # break-the-glass (issue 13 item 6): two households in wijk centrum, outside the generalist's team (the team lead
    # leads both teams and sees them): one to ask emergency access to, one the generalist holds a grant for
    centrum = gemeente.wijken.get(code="centrum")
    glass_household = ResidentFactory(household=HouseholdFactory(wijk=centrum, postcode="9901AB")).household
    emergency_grant = person_actions.check_break_the_glass(
        actor=as_generalist, household=ResidentFactory(household=HouseholdFactory(wijk=centrum, postcode="9901AB"))
        .household, reason="Politie belt: kind alleen thuis aangetroffen")

    # retention (issue 13 item 7): a destruction list the privacy officer drew up, naming the (open) case
    destruction_list = DestructionList.objects.create(gemeente=gemeente, reference_date=today,
                                                      proposed_by=staff["privacy"], proposed_at=now)
    destruction_item = DestructionItem.objects.create(
        destruction_list=destruction_list, kind="casus", object_id=casus.pk, laws=["jeugdwet"],
        closed_on=today - dt.timedelta(days=7400), term_years=20, source="Jeugdwet art. 7.3.8",
        due_on=today - dt.timedelta(days=95))

    # staff administration (issue 13 item 3): a deactivated generalist, to reactivate
    gone = make_staff_member("generalist", teams=[], username="vertrokken")
    check_deactivate_medewerker(actor=SYSTEM, medewerker=gone, expected_version=None, reason="uit dienst")

    # a provider's file that was no message at all (issue 14): kept, for the back office to open
    bericht = receive(actor=SYSTEM, raw=b"geen xml", file_name="rommel.xml").message
    # a provider's request for assignment after a GP's referral (issue 14 item 4): for the back office (messages.manage)
    # and whoever decides on specialist youth care (the process director; the team lead decides only on residential)
    verzoek = receive(actor=SYSTEM, raw=request_message(
        "JW315", client=child, provider=Organisatie.objects.get(contracts__code="jeugdhulp-demo-2025"),
        gemeente=gemeente)).message.verzoeken.get()

    # the assignment of the granted Wmo decision in natura above (its WMO301 was sent)
    toewijzing = Toewijzing.objects.filter(gemeente=gemeente).order_by("pk").first()
    assert toewijzing is not None
    # its provider's declaration for the assignment's first month (issue 14 item 5), assessed line by line
    declaratie = receive(actor=SYSTEM, raw=declaration([toewijzing], month=toewijzing.start.replace(day=1),
                                                       dated=toewijzing.assigned_at.date())[1]).message.declaratie

    product = Product.objects.select_related("voorziening").get(code="02A01")
    world = {
        "bericht": bericht, "verzoek": verzoek, "toewijzing": toewijzing, "declaratie": declaratie,
        "api_token": api_token, "rights_request": rights_request, "glass_household": glass_household,
        "emergency_grant": emergency_grant, "inactive_staff": gone,
        "destruction_list": destruction_list, "destruction_item": destruction_item,
        "trajectory": trajectory, "safety_plan": safety_plan,
        "process_director": process_director,
        "escalated_case": escalated_case, "escalation": escalation, "binding_decision": binding_decision,
        "conference": conference, "complaint": complaint, "concluded_complaint": concluded_complaint,
        "consultation": consultation, "single_consultation": single_consultation,
        "referral": referral, "foreign_referral": foreign_referral,
        "receipt_letter": receipt_letter, "report_letter": report_letter, "bezwaar_letter": bezwaar_letter,
        "personal_plan": personal_plan, "contact_moment": contact_moment, "measurement": measurement,
        "gemeente": gemeente, "staff": staff, "director": director, "resident": resident, "duplicate": duplicate,
        "household": resident.household, "melding": melding, "advies": advies,
        "clock": Clock.objects.get(subject_type="intake.melding", subject_id=melding.pk, kind="wmo-onderzoek"),
        "casus": casus, "involvement": involvement, "clarification": clarification, "document": document,
        "task": task, "goal_id": goal_id, "aanvraag": aanvraag, "indicatie": indicatie, "besluit": besluit,
        "bezwaar": bezwaar, "proposal": proposal, "established": established, "four_eyes": four_eyes,
        "closed_case": closed_case, "handover_case": handover_case, "waiting_case": waiting_case, "product": product,
        "voorziening": product.voorziening, "contract": Contract.objects.get(code="thuiszorg-demo-2025"),
        "family": mother.household, "mother": mother, "child": child, "child_of": child_of,
        "closed_resident": closed_resident, "single_aanvraag": single_aanvraag, "single_resident": single_resident,
    }
    # the Verwijsindex (issue 12 point 7): the partner and another partner organisation signal one youth: a match
    world.update(verwijsindex_world(gemeente, staff["partner"], other_partner))
    # a finished export of the dashboard, asked for by the policy officer (issue 15): only she finds it
    world["export_job"] = ExportJob.objects.create(
        requested_by=staff["beleid"], gemeente_ids=[gemeente.pk], params={"van": "2026-01-01", "tot": "2026-06-30"},
        status="klaar", done=12, total=12, content=b"PK", filename="dashboard.xlsx", created_at=now)
    # a background job that ran out of attempts (issue 16): functional administration runs it again (a kind that
    # writes nothing outside the database: an audit checkpoint would stay in the run's directory after the flush)
    world["failed_job"] = Job.objects.create(kind="verwijsindex-verlopen", arguments=[], state=Job.State.FAILED,
                                             attempts=3, max_attempts=3, last_error="OSError", created_at=now,
                                             finished_at=now)
    for obj in world.values():
        if isinstance(obj, Model):
            obj.refresh_from_db()  # the versions the pages would show now
    return world


def url_kwargs(w) -> dict[str, dict]:
    """The URL arguments of each object a row of the matrix names."""
    casus = w["casus"].pk
    return {
        "resident": {"pk": w["resident"].pk}, "household": {"pk": w["household"].pk},
        "family": {"pk": w["family"].pk}, "failed_job": {"pk": w["failed_job"].pk},
        "melding": {"pk": w["melding"].pk}, "advies": {"pk": w["advies"].pk}, "referral": {"pk": w["referral"].pk},
        "clock": {"pk": w["clock"].pk, "verb": "opschorten"},
        "aanvraag": {"pk": w["aanvraag"].pk}, "single_aanvraag": {"pk": w["single_aanvraag"].pk},
        "casus": {"pk": casus}, "closed_case": {"pk": w["closed_case"].pk},
        # a form of the case page fetched as its section opens: one for who manages the case, one for who writes
        "case_form": {"pk": casus, "name": "involvement_form"}, "case_note_form": {"pk": casus, "name": "note_form"},
        "case_section": {"pk": casus, "name": "overleg"},
        "handover_case": {"pk": w["handover_case"].pk}, "waiting_case": {"pk": w["waiting_case"].pk},
        "document": {"pk": casus, "document_id": w["document"].pk}, "task": {"pk": casus, "task_id": w["task"].pk},
        "involvement": {"pk": casus, "involvement_id": w["involvement"].pk},
        "voorziening": {"pk": w["voorziening"].pk}, "product": {"pk": w["product"].pk},
        "contract": {"pk": w["contract"].pk},
        "indicatie": {"pk": w["indicatie"].pk}, "proposal": {"pk": w["proposal"].pk},
        "besluit": {"pk": w["besluit"].pk}, "established": {"pk": w["established"].pk},
        "four_eyes": {"pk": w["four_eyes"].pk}, "bezwaar": {"pk": w["bezwaar"].pk},
        "foreign_referral": {"pk": w["foreign_referral"].pk},
        "contact_moment": {"pk": casus, "moment": w["contact_moment"].pk},
        "measurement": {"pk": casus, "meting": w["measurement"].pk},
        "clarification": {"pk": casus, "verslag": w["clarification"].pk},
        "personal_plan": {"pk": w["advies"].pk, "plan_id": w["personal_plan"].pk},
        "receipt_letter": {"pk": w["receipt_letter"].pk}, "report_letter": {"pk": w["report_letter"].pk},
        "bezwaar_letter": {"pk": w["bezwaar_letter"].pk},
        "consultation": {"pk": casus, "raadpleging": w["consultation"].pk},
        "consultation_api": {"pk": w["consultation"].pk},
        "single_consultation": {"pk": w["single_aanvraag"].pk, "raadpleging": w["single_consultation"].pk},
        "conference": {"pk": w["conference"].pk},
        "complaint": {"pk": casus, "complaint_id": w["complaint"].pk},
        "concluded_complaint": {"pk": casus, "complaint_id": w["concluded_complaint"].pk},
        "escalated_case": {"pk": w["escalated_case"].pk}, "escalation": {"pk": w["escalation"].pk},
        "binding_decision": {"pk": w["binding_decision"].pk}, "export_job": {"pk": w["export_job"].pk},
        "trajectory": {"pk": w["trajectory"].pk}, "safety_plan": {"pk": w["safety_plan"].pk},
        "vi_match": {"pk": w["vi_match"].pk}, "vi_signal": {"pk": w["vi_signal"].pk},
        "api_token": {"pk": w["api_token"].pk}, "rights_request": {"pk": w["rights_request"].pk},
        "emergency_grant": {"pk": w["emergency_grant"].pk},
        "evaluation_report": {"slug": "krimpen"},  # a report is data, not a row: insight/evaluation.py
        "destruction_list": {"pk": w["destruction_list"].pk},
        "destruction_item": {"pk": w["destruction_list"].pk, "item_pk": w["destruction_item"].pk},
        # staff administration: the generalist (a staff member functional administration administers), one of his
        # roles, teams and API keys, and a deactivated staff member
        "bericht": {"pk": w["bericht"].pk}, "verzoek": {"pk": w["verzoek"].pk},
        "toewijzing": {"pk": w["toewijzing"].pk},
        "declaratie": {"pk": w["declaratie"].pk},
        "staff": {"pk": w["staff"]["generalist"].pk}, "inactive_staff": {"pk": w["inactive_staff"].pk},
        "staff_role": {"pk": w["staff"]["generalist"].pk,
                       "assignment_id": w["staff"]["generalist"].role_assignments.get().pk},
        "staff_team": {"pk": w["staff"]["generalist"].pk,
                       "membership_id": w["staff"]["generalist"].team_memberships.get().pk},
        "staff_api_token": {"pk": w["staff"]["generalist"].pk, "token_id": w["api_token"].pk},
        "api_staff_role": {"pk": w["staff"]["generalist"].pk,
                           "rol_id": w["staff"]["generalist"].role_assignments.get().pk},
        "api_staff_team": {"pk": w["staff"]["generalist"].pk,
                           "team_id": w["staff"]["generalist"].team_memberships.get().pk},
    }


def _day(days: int = 0) -> str:
    return (clock.today() + dt.timedelta(days=days)).isoformat()


def _an_hour_ago(fmt: str = "%Y-%m-%dT%H:%M") -> str:
    return timezone.localtime(clock.now() - dt.timedelta(hours=1)).strftime(fmt)


def _resident_fields(resident) -> dict:
    return {"bsn": resident.bsn or "", "voornamen": resident.voornamen, "geslachtsnaam": resident.geslachtsnaam,
            "geboortedatum": resident.geboortedatum.isoformat(), "geslacht": resident.geslacht,
            "telefoon": "0599-765432"}


def _indication(w) -> dict:
    """The proposal form of the case's provisions page, for a new aanvraag."""
    provider = Contract.objects.get(code="thuiszorg-demo-2025").provider
    return {"aanvraag": "nieuw", "client": w["resident"].pk, "product": w["product"].pk, "volume": 2, "frequency": "",
            "start": _day(), "end": _day(90), "form": "zin", "provider": provider.pk, "goals": [w["goal_id"]],
            "motivation": "Zonder begeleiding raakt hij de weg kwijt.", "own_strength": "Doet boodschappen zelf.",
            "network": "Zus komt eens per maand.", "why_not_enough": "De inloop is geprobeerd; te weinig.",
            "idempotency_key": uuid.uuid4().hex}


def _single_indication(w) -> dict:
    """The proposal form of a single question's aanvraag (no case: a goal of its own instead of plan goals)."""
    body = {**_indication(w), "client": w["single_resident"].pk, "goal": "Zelf kunnen douchen."}
    del body["aanvraag"], body["goals"]
    return body


def _new_tariff_day(product) -> str:
    latest = max(t.valid_from for t in product.tariffs.all())
    return max(latest + dt.timedelta(days=31), clock.today() + dt.timedelta(days=31)).isoformat()


# A valid body per write row (the row's name in EXPECTED), built per call: a file can be read only once.
BODIES: dict[str, Callable[[dict], dict]] = {
    "insight:export-start": lambda w: {"van": "2026-01-01", "tot": "2026-06-30"},
    "ui:notifications-read": lambda w: {},
    "jobs:rerun": lambda w: {},
    "persons:register#post": lambda w: {
        "gemeente": w["gemeente"].pk, "voornamen": "Nina", "geslachtsnaam": "Nieuwkomer", "geboortedatum": "1990-03-04",
        "geslacht": "2", "postcode": "9902AB", "huisnummer": 310, "straat": "Berkenlaan", "woonplaats": "Demodam"},
    "persons:edit#post": lambda w: {**_resident_fields(w["resident"]), "version": w["resident"].version},
    "persons:emergency#post": lambda w: {"huishouden": w["glass_household"].pk,
                                         "reden": "Politie belt: kind alleen thuis aangetroffen"},
    "persons:emergency-end": lambda w: {},
    "persons:merge#post": lambda w: {"keep": w["resident"].pk, "remove": w["duplicate"].pk,
                                     "reason": "Twee keer ingeschreven."},
    "persons:move": lambda w: {"version": w["household"].version, "postcode": "9902AB", "huisnummer": 300,
                               "straat": "Berkenlaan", "woonplaats": "Demodam", "valid_from": _day()},
    "persons:network": lambda w: {"name": "Els Noord", "kind": "17", "telefoon": "0599-123456",
                                  "mantelzorger": "on"},
    "persons:add-member": lambda w: {"version": w["family"].version, "zoek": w["closed_resident"].bsn,
                                     "resident": w["closed_resident"].pk, "valid_from": _day()},
    "persons:leave": lambda w: {"version": w["family"].version, "resident": w["mother"].pk, "valid_until": _day(),
                                "reason": "verhuisd"},
    "persons:relation": lambda w: {"version": w["family"].version, "person": w["mother"].pk, "kind": "18",
                                   "resident": w["child"].pk},
    "persons:end-relation": lambda w: {"version": w["family"].version, "relation": w["child_of"].pk},
    "persons:gezag": lambda w: {"version": w["family"].version, "minor": w["child"].pk, "soort": "ouderlijk",
                                "holder": w["mother"].pk, "valid_from": _day()},
    "intake:register#post": lambda w: {
        "inwoner": w["resident"].pk, "gemeente": w["gemeente"].pk, "received_at": _an_hour_ago(),
        "channel": "telefoon", "source": "zelf", "question": "Hij redt het niet meer met de post.",
        "urgency": "regulier", "laws": ["wmo"], "persons": [str(w["resident"].pk)], "attach_to_open_case": "on",
        "idempotency_key": uuid.uuid4().hex},
    "intake:triage": lambda w: {"version": w["advies"].version, "outcome": "enkelvoudig",
                                "reason": "Eén vraag, één generalist."},
    "intake:pick-up": lambda w: {"version": w["advies"].version},
    "intake:contact": lambda w: {"version": w["advies"].version},
    "intake:close": lambda w: {"version": w["advies"].version, "reason": "Vraag beantwoord."},
    "intake:aanvraag": lambda w: {"applicant": w["resident"].pk, "law": "wmo", "requested": "maaltijdservice",
                                  "received_on": _day()},
    "intake:clock": lambda w: {"since": _day(), "reason": "Wacht op informatie van de huisarts."},
    "intake:link": lambda w: {"version": w["referral"].version, "inwoner": w["resident"].pk},
    # Wmo 2015 art. 2.3.2 lid 1–3 on the case melding (no receipt sent yet), and the single question's aanvraag
    "intake:melding-receipt": lambda w: {"recipient": w["resident"].pk},
    "intake:personal-plan": lambda w: {"received_on": _day(), "summary": "Wil de dagbesteding bij de buurvrouw.",
                                       "document": SimpleUploadedFile("plan.pdf", pdf_bytes(),
                                                                      content_type="application/pdf")},
    "intake:client-support": lambda w: {"pointed_out_on": _day(), "how": "in het gesprek", "used": "ja",
                                        "provider": "MEE Demoregio"},
    "intake:aanvraag-receipt": lambda w: {},
    "intake:register-person#post": lambda w: {"version": w["referral"].version, "gemeente": w["gemeente"].pk,
                                              "voornamen": "Sam", "geslachtsnaam": "Verwezen", "geslacht": "1"},
    "intake:refer#post": lambda w: {"gemeente": w["gemeente"].pk, "naam": "Sam Verwezen",
                                    "geboortedatum": "2012-02-02", "question": "Zit niet lekker in zijn vel.",
                                    "urgency": "regulier", "idempotency_key": uuid.uuid4().hex},
    "cases:director": lambda w: {"version": w["casus"].version, "medewerker": w["staff"]["generalist"].pk,
                                 "reason": "Kent het gezin al."},
    "cases:involve": lambda w: {"medewerker": w["staff"]["partner"].pk, "role": "jeugdhulpverlener"},
    "cases:uninvolve": lambda w: {},
    "cases:take": lambda w: {"version": w["waiting_case"].version},
    "cases:flags": lambda w: {"version": w["casus"].version, "high_risk": "on", "reason": "Dreigende uithuiszetting."},
    "cases:advance": lambda w: {"version": w["casus"].version, "to": "plan"},
    "cases:close": lambda w: {"version": w["casus"].version, "reason": "doelen-bereikt",
                              "household_informed_on": _day()},
    "cases:reopen": lambda w: {"reason": "Nieuwe vraag binnen een jaar."},
    "cases:contact": lambda w: {"at": _an_hour_ago(), "kind": "huisbezoek", "participants": "Noord en zus",
                                "summary": "Samen de post doorgenomen."},
    "cases:note": lambda w: {"text": "Zus wil meedenken."},
    "cases:handover": lambda w: {"successor": w["staff"]["generalist"].pk, "note": "Hij kent de familie al."},
    "cases:handover-decide": lambda w: {"accept": "ja"},
    "cases:document": lambda w: {"kind": "verslag", "title": "Verslag huisbezoek",
                                 "file": SimpleUploadedFile("verslag.pdf", pdf_bytes(), content_type="application/pdf")},
    "cases:task": lambda w: {"title": "Huisarts bellen", "assignee": w["staff"]["generalist"].pk, "due_on": _day(7)},
    "cases:task-done": lambda w: {},
    "assessments:record": lambda w: {"resident": w["resident"].pk, "measured_on": _day(), "score_financien": "3"},
    "assessments:safety": lambda w: {"assessed_on": _day(), "worries": "Post stapelt zich op.",
                                     "going_well": "Zus komt langs.", "must_happen": "Schuldhulp inschakelen.",
                                     "scale": "7"},
    "assessments:clarification": lambda w: {"held_on": _day(), "participants": "Noord en zus",
                                            "summary": "Grip op geld.", "financien__situatie": "Schulden."},
    # Wmo 2015 art. 2.3.2 lid 8: the written report of the case's kitchen-table report, to a member of the household
    "assessments:report": lambda w: {"recipient": w["resident"].pk},
    "plans:goal": lambda w: {"base_version": 1, "domain": "financien", "description": "Schulden in beeld",
                             "desired_result": "Overzicht", "target_date": _day(90)},
    "plans:goal-status": lambda w: {"base_version": 1, "goal": w["goal_id"], "status": "bezig"},
    "plans:action": lambda w: {"base_version": 1, "goal": w["goal_id"], "owner_type": "huishouden",
                               "description": "Douchestoel kopen", "due_date": _day(30)},
    "plans:evaluation": lambda w: {"base_version": 1, "on": _day(60), "note": "Na de zomer"},
    "plans:agree": lambda w: {"base_version": 1, "agreed_on": _day(), "how": "mondeling", "by": "De heer Noord"},
    "plans:coordination": lambda w: {"base_version": 1, "by": "professional", "name": "Een professional",
                                     "reason": "Gekozen door het huishouden."},
    "provisions:voorziening-edit": lambda w: {"name": w["voorziening"].name, "description": "Begeleiding thuis.",
                                              "audience": "Volwassenen", "location": "Thuis", "contact": "Via de balie",
                                              "active": "on"},
    "provisions:tariff": lambda w: {"amount": "64.40", "valid_from": _new_tariff_day(w["product"]), "kind": "tarief"},
    "provisions:ceiling": lambda w: {"ceiling": "450000.00"},
    "provisions:case#post": _indication,
    "provisions:single-question#post": _single_indication,
    "provisions:set-indication": lambda w: {"version": w["proposal"].version},
    "provisions:decide": lambda w: {"version": w["proposal"].version, "outcome": "toegekend",
                                    "reasons": "Begeleiding is nodig om thuis te blijven wonen."},
    "provisions:withdraw": lambda w: {"version": w["proposal"].version, "reason": "De vraag is vervallen."},
    "provisions:disagreement": lambda w: {"reason": "Drie uur per week is meer dan in het gesprek is afgesproken."},
    "feedback:register": lambda w: {"about": "Niet teruggebeld na het gesprek.", "received_on": _day()},
    "feedback:conclude": lambda w: {"version": w["complaint"].version, "outcome": "ongegrond",
                                    "explanation": "Wel teruggebeld.", "concluded_on": _day()},
    "feedback:forward": lambda w: {"version": w["concluded_complaint"].version, "reason": "Niet tevreden.",
                                   "forwarded_on": _day()},
    "feedback:satisfaction": lambda w: {"score": 8, "answered_on": _day(), "remark": "Fijn geholpen."},
    "provisions:second-opinion": lambda w: {"version": w["four_eyes"].version, "approve": "1"},
    "provisions:send": lambda w: {"version": w["established"].version, "sent_on": _day()},
    "provisions:correct": lambda w: {},
    "provisions:objection": lambda w: {"received_on": _day(), "objector": "De heer Noord",
                                       "grounds": "Twee uur is te weinig."},
    "provisions:objection-receipt": lambda w: {},
    "provisions:objection-decide": lambda w: {"outcome": "ongegrond", "reasons": "Twee uur past bij de vraag.",
                                              "new_besluit": ""},
    "logout": lambda w: {},
    "audit:access-request": lambda w: {"received_on": _day(-2), "request": "per brief"},
    "retention:propose": lambda w: {"gemeente": w["destruction_list"].gemeente_id},
    "retention:confirm": lambda w: {"version": w["destruction_list"].version, "checked": "on"},
    "retention:reject": lambda w: {"version": w["destruction_list"].version, "reason": "Eerst de archivaris horen."},
    "retention:hold#post": lambda w: {"until": _day(365), "reason": "Broertje nog in zorg."},
    "messaging:import": lambda w: {"file": SimpleUploadedFile("start.xml", b"<a/>", content_type="text/xml")},
    "messaging:request-accept": lambda w: {"version": w["verzoek"].version},
    "messaging:request-refuse": lambda w: {"version": w["verzoek"].version, "reason": "7"},
    "messaging:request-investigate": lambda w: {"version": w["verzoek"].version},
    "audit:correction-request": lambda w: {"received_on": _day(-1), "request": "Mijn telefoonnummer klopt niet"},
    "audit:decide-correction": lambda w: {"outcome": "toegewezen", "decision": "Telefoonnummer verbeterd."},
    "set_language": lambda w: {"language": "en"},
    "api:inwoner-list#post": lambda w: {"gemeente": "9901", "voornamen": "Nina", "geslachtsnaam": "Nieuwkomer",
                                        "geboortedatum": "1990-03-04",
                                        "adres": {"postcode": "9902AB", "huisnummer": 311}},
    "api:huishouden-list#post": lambda w: {"gemeente": "9901", "naam": "Huishouden Nieuwkomer", "postcode": "9902AB",
                                           "huisnummer": 312, "straatnaam": "Berkenlaan", "woonplaats": "Demodam"},
    "api:melding-list#post": lambda w: {"gemeente": "9901", "kanaal": "telefoon", "bron": "zelf",
                                        "inwoners": [w["resident"].pk], "vraag": "Hij redt het niet met de post.",
                                        "wetten": ["wmo"]},
    "api:melding-triage": lambda w: {"uitkomst": "enkelvoudig", "reden": "Eén vraag.", "versie": w["advies"].version},
    "api:melding-koppel": lambda w: {"inwoner": w["resident"].pk, "versie": w["referral"].version},
    "api:aanvraag-list#post": lambda w: {"melding": w["advies"].pk, "aanvrager": w["resident"].pk, "wet": "wmo",
                                         "gevraagd": "maaltijdservice", "ontvangenOp": _day()},
    "api:verwijzing-list#post": lambda w: {"gemeente": "9901", "naam": "Sam Verwezen", "geboortedatum": "2012-02-02",
                                           "vraag": "Zit niet lekker in zijn vel."},
    "api:casus-doelen": lambda w: {"basisversie": 1, "levensgebied": "financien", "omschrijving": "Schulden in beeld",
                                   "gewenstResultaat": "Overzicht", "streefdatum": _day(90)},
    "api:casus-acties": lambda w: {"basisversie": 1, "doel": w["goal_id"], "uitvoerderSoort": "huishouden",
                                   "omschrijving": "Douchestoel kopen", "klaarOp": _day(30)},
    "api:casus-contactmomenten": lambda w: {"moment": _an_hour_ago("%Y-%m-%dT%H:%M:%S%z"), "soort": "telefoon",
                                            "deelnemers": "Noord", "verslag": "Afspraak gemaakt."},
    "api:casus-vraagverhelderingen#post": lambda w: {"gesprekOp": _day(), "deelnemers": "Noord en zus", "vraag": "Rust",
                                                     "levensgebieden": {"financien": {"situatie": "Schulden"}}},
    "api:casus-metingen#post": lambda w: {"inwoner": w["resident"].pk, "gemetenOp": _day(), "scores": {"financien": 3}},
    "api:indicatie-list#post": lambda w: {
        "casus": w["casus"].pk, "nieuweAanvraag": True, "client": w["resident"].pk, "product": w["product"].pk,
        "omvang": 2, "frequentie": w["product"].frequency, "van": _day(), "totEnMet": _day(90), "leveringsvorm": "zin",
        "aanbieder": Contract.objects.get(code="thuiszorg-demo-2025").provider.agb_code, "doelen": [w["goal_id"]],
        "motivering": "Nodig om thuis te blijven wonen.", "eigenKracht": "Boodschappen.", "netwerk": "Zus.",
        "waaromNietVoldoende": "De inloop is geprobeerd."},
    "api:indicatie-besluit": lambda w: {"uitkomst": "toegekend", "motivering": "Nodig.",
                                        "versie": w["proposal"].version},
    "api:besluit-verzenden": lambda w: {"verzondenOp": _day(), "versie": w["established"].version},
    "api:bezwaar-list#post": lambda w: {"besluit": w["besluit"].pk, "ontvangenOp": _day(), "indiener": "De heer Noord",
                                        "gronden": "Twee uur is te weinig."},
    "api:inwoner-detail#put": lambda w: {**_resident_fields(w["resident"]), "versie": w["resident"].version},
    "api:huishouden-verhuizing": lambda w: {"versie": w["household"].version, "datum": _day(), "postcode": "9902AB",
                                            "huisnummer": 320, "straatnaam": "Berkenlaan", "woonplaats": "Demodam"},
    "provisions:case-consultations#post": lambda w: {"kind": "deskundige", "expert": "GGD", "question": "Nodig?",
                                                     "asked_on": _day()},
    "provisions:case-advice": lambda w: {"version": w["consultation"].version, "advice": "Nodig.",
                                         "outcome": "positief", "advised_on": _day()},
    "provisions:single-question-consultations#post": lambda w: {"kind": "deskundige", "expert": "GGD",
                                                                "question": "Nodig?", "asked_on": _day()},
    "provisions:single-question-advice": lambda w: {"version": w["single_consultation"].version, "advice": "Nodig.",
                                                    "outcome": "positief", "advised_on": _day()},
    "conferences:new#post": lambda w: {"kind": "mdo", "reason": "Stagnatie", "place": "Stadhuis",
                                       "starts_at": timezone.localtime(clock.now() + dt.timedelta(days=3))
                                       .strftime("%Y-%m-%dT%H:%M"), "residents": [w["resident"].pk]},
    "conferences:minutes": lambda w: {"version": w["conference"].version, "minutes": "Besproken.",
                                      "decisions": "Schuldhulp inschakelen"},
    "conferences:cancel": lambda w: {"version": w["conference"].version, "reason": "Moeder is ziek."},
    "api:casusoverleg-list#post": lambda w: {"casus": w["casus"].pk, "soort": "mdo", "aanleiding": "Stagnatie",
                                             "moment": (clock.now() + dt.timedelta(days=3)).isoformat(),
                                             "plaats": "Stadhuis", "huishouden": [w["resident"].pk]},
    "api:casusoverleg-verslag": lambda w: {"versie": w["conference"].version, "verslag": "Besproken.",
                                           "besluiten": ["Schuldhulp inschakelen"]},
    "api:casusoverleg-annuleren": lambda w: {"versie": w["conference"].version, "reden": "Moeder is ziek."},
    "escalation:escalate": lambda w: {"ladder": "demo", "reason": "Afspraken worden niet nagekomen."},
    "escalation:deescalate": lambda w: {"reason": "Het loopt weer.", "version": w["escalation"].version},
    "escalation:pick-up": lambda w: {"note": "Ik beleg morgen een overleg."},
    "escalation:binding": lambda w: {"decision": "De aanbieder start deze week.", "decided_on": _day(),
                                     "organisations": [Organisatie.objects.get(code="jeugdhulp-demo").pk],
                                     "heard": "moeder en school"},
    "api:escalatie-opschalen": lambda w: {"casus": w["casus"].pk, "reden": "Afspraken worden niet nagekomen."},
    "api:escalatie-afschalen": lambda w: {"reden": "Het loopt weer.", "versie": w["escalation"].version},
    "api:escalatie-opgepakt": lambda w: {"toelichting": "Ik beleg morgen een overleg."},
    "api:escalatie-bindende-besluiten": lambda w: {"casus": w["casus"].pk, "beslissing": "De aanbieder start deze week.",
                                                   "beslotenOp": _day(), "organisaties": ["jeugdhulp-demo"],
                                                   "gehoord": "moeder en school"},
    "api:raadpleging-list": lambda w: {"casus": w["casus"].pk, "soort": "deskundige", "deskundige": "GGD",
                                       "vraag": "Nodig?", "gevraagdOp": _day()},
    "api:raadpleging-advies": lambda w: {"advies": "Nodig.", "strekking": "positief", "adviesOp": _day(),
                                         "versie": w["consultation"].version},
    "direction:process-director#post": lambda w: {"current": 0, "medewerker": w["staff"]["procesregisseur"].pk,
                                                  "kind": "procesregie", "reason": "Vier hulpverleners."},
    "direction:contact-point#post": lambda w: {"topic": "veiligheid", "message": "Veilig Thuis om advies vragen."},
    "direction:end-process-director": lambda w: {"current": w["process_director"].pk, "reason": "Afgeschaald."},
    # meldcode and safety plan (issue 12 points 5 and 6)
    "safety:meldcode-new#post": lambda w: {"persons": [w["resident"].pk]},
    "safety:meldcode-step": lambda w: {"version": w["trajectory"].version, "step": 1, "held_on": _day(),
                                       "signalen": "Blauwe plekken, gezien door de leerkracht."},
    "safety:meldcode-kindcheck": lambda w: {"done_on": _day(), "outcome": "Geen kinderen die van hem afhangen."},
    "safety:meldcode-veilig-thuis": lambda w: {"kind": "advies", "on": _day(), "reference": "VT-2026-001"},
    "safety:plan-new#post": lambda w: {"started_on": _day(), "danger": "Geweld.", "goal": "Veilig thuis.",
                                       "agreements": "moeder | belt oma | " + (clock.today() + dt.timedelta(days=7))
                                       .strftime("%d-%m-%Y"), "bottom_lines": "Geen geweld.", "network": "Oma."},
    "safety:plan-review": lambda w: {"version": w["safety_plan"].version, "held_on": _day(), "scale": 6,
                                     "findings": "Afspraken nagekomen."},
    "safety:plan-end": lambda w: {"version": w["safety_plan"].version, "reason": "Veilig genoeg."},
    "api:meldcode-traject-list#post": lambda w: {"casus": w["casus"].pk, "personen": [w["resident"].pk]},
    "api:meldcode-traject-stappen": lambda w: {"versie": w["trajectory"].version, "stap": 1, "datum": _day(),
                                               "antwoorden": {"signalen": "Signalen van school."}},
    "verwijsindex:signals#post": lambda w: {"gemeente": w["gemeente"].pk, "bsn": w["vi_free_bsn"],
                                            "birth_date": "2012-04-05"},
    "verwijsindex:take": lambda w: {"version": w["vi_match"].version},
    "verwijsindex:assign": lambda w: {"medewerker": w["vi_other_partner"].pk, "version": w["vi_match"].version},
    "api:signaal-list#post": lambda w: {"gemeente": "9901", "bsn": w["vi_free_bsn"], "geboortedatum": "2012-04-05"},
    # API keys (issue 13 item 4)
    "accounts:api-tokens#post": lambda w: {"name": "Koppeling zorgaanbieder", "expires_on": _day(30)},
    "accounts:second-factor#post": lambda w: {"code": "123456", "next": "/"},
    "accounts:set-up-second-factor#post": lambda w: {"next": "/"},
    "accounts:api-token-revoke": lambda w: {},
    "api:bericht-list#post": lambda w: b"geen xml",  # a provider's file, as its bytes (kept, however bad)
    "api:api-sleutel-list#post": lambda w: {"naam": "Koppeling zorgaanbieder", "geldigTotEnMet": _day(30)},
    "api:api-sleutel-detail#delete": lambda w: {},
    # staff administration (issue 13 item 3): functional administration on the generalist
    "accounts:staff-new#post": lambda w: {"username": "nieuwe.collega", "full_name": "Nora Nieuw",
                                          "email": "nora@demodam.example", "function_title": "Consulent",
                                          "organisatie": Organisatie.objects.get(code="gemeente-demodam").pk},
    "accounts:staff-details": lambda w: {"version": w["staff"]["generalist"].version, "full_name": "Gijs Generalist",
                                         "email": "gijs@demodam.example", "function_title": "Generalist",
                                         "organisatie": Organisatie.objects.get(code="welzijn-demo").pk},
    "accounts:staff-deactivate": lambda w: {"version": w["staff"]["generalist"].version, "reason": "Uit dienst."},
    "accounts:staff-reactivate": lambda w: {"version": w["inactive_staff"].version, "reason": "Terug in dienst."},
    "accounts:staff-grant-role": lambda w: {"role": f"{w['gemeente'].pk}-{Role.objects.get(code='balie').pk}"},
    "accounts:staff-revoke-role": lambda w: {},
    "accounts:staff-add-team": lambda w: {"team": Team.objects.get(code="st-centrum").pk},
    "accounts:staff-remove-team": lambda w: {},
    "accounts:staff-reset-second-factor": lambda w: {"reason": "Telefoon kwijt."},
    "accounts:staff-revoke-api-token": lambda w: {},
    "api:medewerker-list#post": lambda w: {"gebruikersnaam": "nieuwe.collega", "naam": "Nora Nieuw",
                                           "organisatie": "gemeente-demodam", "functie": "Consulent"},
    "api:medewerker-detail#patch": lambda w: {"versie": w["staff"]["generalist"].version, "functie": "Generalist"},
    "api:medewerker-rollen#post": lambda w: {"gemeente": "9901", "rol": "balie"},
    "api:medewerker-rol#delete": lambda w: {},
    "api:medewerker-teams#post": lambda w: {"gemeente": "9901", "team": "st-centrum"},
    "api:medewerker-team#delete": lambda w: {},
}


def verwijsindex_world(gemeente, partner, other_partner) -> dict[str, Any]:
    """A signal of the partner (Jeugdhulp Demoregio) and one of another organisation on the same youth, unknown to
    the register (the index stands on the BSN); a second free BSN for the writes."""
    taken = set(Resident.objects.exclude(bsn=None).values_list("bsn", flat=True))
    free = [bsn for bsn in (valid_bsn(8800 + i) for i in range(200)) if bsn not in taken][:2]
    check_register_signal(actor=actor_for_user(other_partner), gemeente=gemeente, bsn=free[0],
                          birth_date=dt.date(2011, 3, 4))
    result = check_register_signal(actor=actor_for_user(partner), gemeente=gemeente, bsn=free[0],
                                   birth_date=dt.date(2011, 3, 4))
    return {"vi_signal": result.signal, "vi_match": result.matches[0], "vi_free_bsn": free[1],
            "vi_other_partner": other_partner}
