"""The complaint and satisfaction pages (feedback/, docs/feedback.md) and the back office's disagreement on the
indication page (provisions, docs/decisions.md `formaliseren`), as a professional uses them: what they see, what
they may do, what is kept when input is wrong, and that reading is logged. The demo profile has the Awb route (the
gemeente, then the Nationale ombudsman) and a scale of 10."""

import datetime as dt

import pytest

from toegang.audit.models import AccessLog, ChangeLog
from toegang.cases import actions as case_actions
from toegang.deadlines.models import Clock
from toegang.feedback import actions
from toegang.feedback.models import Complaint, SatisfactionAnswer
from toegang.provisions import actions as provisions
from toegang.provisions.models import MandateGroup

from .provisions_support import TODAY, case_with_goal, data


def day(d: dt.date) -> str:
    return d.strftime("%d-%m-%Y")


@pytest.fixture
def setup(profile, staff, actor_of):
    """A case in wijk noord directed by the generalist; the team lead and process direction handle complaints."""
    casus = case_with_goal(staff["generalist"])[0]
    return {"casus": casus, "regie": actor_of(staff["procesregisseur"]), "lead": actor_of(staff["teamleider"]),
            "director": actor_of(staff["generalist"]), "page": f"/casussen/{casus.pk}/klachten/"}


def register(s, **overrides):
    values = {"about": "Niet teruggebeld na het gesprek.", "received_on": TODAY, **overrides}
    return actions.check_register_complaint(actor=s["regie"], casus=s["casus"], **values)


def test_a_team_lead_registers_a_complaint_on_the_page_and_sees_it_with_its_due_date(setup, client_for, staff):
    lead = client_for("teamleider")
    case_page = lead.get(f"/casussen/{setup['casus'].pk}/").content.decode()
    # the section is fetched as it opens: on the case page only its summary
    assert f'hx-get="/casussen/{setup["casus"].pk}/onderdeel/klachten/"' in case_page
    assert "Niet teruggebeld" not in case_page
    response = lead.post(f"{setup['page']}nieuw/", {"about": "Niet teruggebeld na het gesprek.",
                                                    "received_on": TODAY.isoformat()})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{setup['page']}#klacht-{complaint.pk}"
    page = lead.get(setup["page"]).content.decode()
    due = Clock.objects.get(kind="klachtbehandeling", subject_id=complaint.pk).due_on
    assert "De klacht is geregistreerd" in page and "Niet teruggebeld na het gesprek." in page
    assert "Klachtbehandeling door de gemeente" in page and f"uiterlijk {day(due)}" in page
    assert f"ontvangen op {day(TODAY)}" in page and TODAY.isoformat() not in page.split("<form")[0]
    assert str(staff["teamleider"]) in page  # who registered it, by name
    assert "Afhandeling vastleggen" in page and "Doorzetten" not in page  # conclude first, then forward
    section = lead.get(f"/casussen/{setup['casus'].pk}/onderdeel/klachten/").content.decode()
    assert "Niet teruggebeld na het gesprek." in section and f"uiterlijk {day(due)}" in section


def test_the_case_own_director_gets_no_complaint_form_and_a_post_is_refused(setup, client_for):
    register(setup)
    director = client_for("generalist")  # the case director: Awb 9:7, never handles a complaint about their case
    assert "onderdeel/klachten" not in director.get(f"/casussen/{setup['casus'].pk}/").content.decode()
    page = director.get(setup["page"]).content.decode()
    assert "Klacht registreren" not in page and "Niet teruggebeld" not in page
    section = director.get(f"/casussen/{setup['casus'].pk}/onderdeel/klachten/").content.decode()
    assert "Niet teruggebeld" not in section and "Klacht registreren" not in section
    refused = director.post(f"{setup['page']}nieuw/", {"about": "Over mezelf.", "received_on": TODAY.isoformat()})
    assert refused.status_code == 403 and Complaint.objects.count() == 1
    complaint = Complaint.objects.get()
    concluded = director.post(f"{setup['page']}{complaint.pk}/afhandelen/", {
        "version": complaint.version, "outcome": "ongegrond", "explanation": "x", "concluded_on": TODAY.isoformat()})
    assert concluded.status_code == 403 and complaint.handlings.get().concluded_on is None
    assert client_for("balie").get(setup["page"]).status_code == 404  # does not see the case


def test_an_impossible_date_is_refused_at_its_field_in_dutch_and_what_was_typed_is_kept(setup, client_for):
    lead = client_for("teamleider")
    about = "Mevrouw is drie keer niet teruggebeld over haar aanvraag."
    refused = lead.post(f"{setup['page']}nieuw/", {"about": about, "received_on": "31-02-2026"})
    html = refused.content.decode()
    assert refused.status_code == 422 and about in html and 'value="31-02-2026"' in html
    assert 'id="klacht-received_on-fout"' in html and "Voer een geldige datum in" in html
    assert 'href="#klacht-received_on"' in html  # the error summary links to the field
    future = lead.post(f"{setup['page']}nieuw/", {"about": about,
                                                  "received_on": (TODAY + dt.timedelta(days=3)).isoformat()})
    html = future.content.decode()
    assert future.status_code == 422 and about in html and "De ontvangstdatum" in html
    assert not Complaint.objects.exists()


def test_a_stale_form_is_refused_with_a_clear_message_and_sent_again_it_is_saved(setup, client_for):
    complaint = register(setup)
    actions.check_conclude_complaint_stage(actor=setup["regie"], complaint=complaint, outcome="ongegrond",
                                           explanation="Wel teruggebeld.", concluded_on=TODAY)
    complaint.refresh_from_db()
    seen = complaint.version  # the page the team lead has open
    actions.check_forward_complaint(actor=setup["regie"], complaint=complaint, reason="Niet tevreden.",
                                    forwarded_on=TODAY)
    lead = client_for("teamleider")
    url = f"{setup['page']}{complaint.pk}/afhandelen/"
    typed = {"version": seen, "outcome": "deels-gegrond", "explanation": "De ombudsman geeft haar deels gelijk.",
             "concluded_on": TODAY.isoformat()}
    stale = lead.post(url, typed)
    html = stale.content.decode()
    assert stale.status_code == 409 and "Iemand anders heeft deze klacht intussen gewijzigd" in html
    assert "De ombudsman geeft haar deels gelijk." in html and "Nationale ombudsman" in html
    complaint.refresh_from_db()
    assert complaint.handlings.get(stage=2).concluded_on is None
    assert f'name="version" value="{complaint.version}"' in html  # sending it again is a deliberate choice
    again = lead.post(url, {**typed, "version": complaint.version})
    assert again.status_code == 302 and complaint.handlings.get(stage=2).outcome == "deels-gegrond"


def test_concluding_and_forwarding_on_the_page(setup, client_for):
    complaint = register(setup)
    regie = client_for("procesregisseur")
    concluded = regie.post(f"{setup['page']}{complaint.pk}/afhandelen/", {
        "version": complaint.version, "outcome": "ongegrond", "explanation": "Wel teruggebeld, op 2 mei.",
        "concluded_on": TODAY.isoformat()})
    assert concluded.status_code == 302
    page = regie.get(setup["page"]).content.decode()
    assert f"Afgehandeld op {day(TODAY)}: ongegrond." in page and "Wel teruggebeld, op 2 mei." in page
    assert "Doorzetten naar Nationale ombudsman" in page and "Afhandeling vastleggen (" not in page
    assert Clock.objects.get(kind="klachtbehandeling", subject_id=complaint.pk).stopped_on == TODAY
    complaint.refresh_from_db()
    forwarded = regie.post(f"{setup['page']}{complaint.pk}/doorzetten/", {
        "version": complaint.version, "reason": "Mevrouw is het niet eens met de afhandeling.",
        "forwarded_on": TODAY.isoformat()})
    assert forwarded.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.stage_name, complaint.closed_at) == (2, "Nationale ombudsman", None)
    assert ChangeLog.objects.filter(event="klacht.doorgezet", object_id=str(complaint.pk)).exists()
    page = regie.get(setup["page"]).content.decode()
    assert "Afhandeling vastleggen (Nationale ombudsman)" in page and "Doorzetten naar" not in page
    # a forward without its reason: 422 at the field, nothing written
    complaint_two = register(setup, about="Tweede klacht.")
    actions.check_conclude_complaint_stage(actor=setup["regie"], complaint=complaint_two, outcome="gegrond",
                                           explanation="Terecht.", concluded_on=TODAY)
    complaint_two.refresh_from_db()
    empty = regie.post(f"{setup['page']}{complaint_two.pk}/doorzetten/",
                       {"version": complaint_two.version, "reason": "", "forwarded_on": TODAY.isoformat()})
    assert empty.status_code == 422 and f'id="klacht-{complaint_two.pk}-doorzetten-reason-fout"' in empty.content.decode()


def test_on_a_closed_case_the_satisfaction_answer_is_recorded_and_a_complaint_can_still_come_in(setup, client_for):
    casus = setup["casus"]
    director = client_for("generalist")
    assert "Antwoord vastleggen" not in director.get(setup["page"]).content.decode()  # asked at closure only
    case_actions.check_close_case(actor=setup["director"], casus=casus, reason="doelen-bereikt",
                                  household_informed_on=TODAY)
    case_page = director.get(f"/casussen/{casus.pk}/").content.decode()
    assert "onderdeel/klachten" in case_page  # the director records the answer, though never a complaint
    page = director.get(setup["page"]).content.decode()
    assert "Welk rapportcijfer" in page or "Hoe tevreden bent u" in page
    refused = director.post(f"/casussen/{casus.pk}/tevredenheid/", {"score": "", "answered_on": TODAY.isoformat(),
                                                                    "remark": "Fijn geholpen."})
    assert refused.status_code == 422 and "Fijn geholpen." in refused.content.decode()
    saved = director.post(f"/casussen/{casus.pk}/tevredenheid/", {"score": "8", "answered_on": TODAY.isoformat(),
                                                                  "remark": "Fijn geholpen."})
    assert saved.status_code == 302 and SatisfactionAnswer.objects.get().score == 8
    page = director.get(setup["page"]).content.decode()
    assert f"Het huishouden gaf een 8 (van 10) op {day(TODAY)}." in page and "Antwoord vastleggen" not in page
    twice = director.post(f"/casussen/{casus.pk}/tevredenheid/", {"score": "9", "answered_on": TODAY.isoformat()})
    assert twice.status_code == 409 and "al vastgelegd" in twice.content.decode()
    assert SatisfactionAnswer.objects.count() == 1
    lead = client_for("teamleider")
    registered = lead.post(f"{setup['page']}nieuw/", {"about": "Afgesloten zonder overleg.",
                                                      "received_on": TODAY.isoformat()})
    assert registered.status_code == 302 and Complaint.objects.get().casus_id == casus.pk


def test_reading_complaints_is_logged_and_the_section_does_not_grow_with_complaints(
        setup, client_for, staff, django_assert_max_num_queries):
    register(setup)
    lead = client_for("teamleider")
    members = sorted(setup["casus"].household.current_residents.values_list("pk", flat=True))
    lead.get(setup["page"])
    row = AccessLog.objects.filter(purpose="klachten en tevredenheid bekijken").latest("seq")
    assert (row.actor_id, row.channel, sorted(row.subject_ids)) == (staff["teamleider"].pk, "ui", members)
    url = f"/casussen/{setup['casus'].pk}/onderdeel/klachten/"
    before = AccessLog.objects.filter(purpose="casus bekijken", resource=url).count()
    with django_assert_max_num_queries(20) as one:
        lead.get(url)
    assert AccessLog.objects.filter(purpose="casus bekijken", resource=url).count() == before + 1
    register(setup, about="Nog een.")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert "Nog een." in lead.get(url).content.decode()


@pytest.fixture
def formalising(profile, staff, actor_of):
    """Specialist youth care formalised by the back office (as tests/test_formalising.py): an established indication
    waiting for its decision."""
    profile.data = {**profile.data, "mandaten": [
        {**g, "formaliseren": {"bedenking_naar": ["teamleider"]}} if g["code"] == "jeugd-specialistisch" else g
        for g in profile.data["mandaten"]]}
    type(profile).objects.filter(pk=profile.pk).update(data=profile.data)
    group = MandateGroup.objects.get(profile=profile, code="jeugd-specialistisch")
    MandateGroup.objects.filter(pk=group.pk).update(
        tasks={**group.tasks, "beschikking": [*group.tasks["beschikking"], "backoffice"]})
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provisions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus,
                                                    new_aanvraag=True, data=data("45A48", child, goal))
    return provisions.check_set_indication(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie)


def test_the_back_office_raises_a_disagreement_on_the_indication_page(formalising, client_for, staff):
    url = f"/indicaties/{formalising.pk}/"
    backoffice = client_for("backoffice")
    page = backoffice.get(url).content.decode()
    assert "Bedenking voorleggen aan de teamleider" in page
    assert "Bedenking voorleggen aan de teamleider" not in client_for("generalist").get(url).content.decode()
    empty = backoffice.post(f"{url}bedenking/", {"reason": "  "})
    assert empty.status_code == 422 and 'id="bedenking-reason-fout"' in empty.content.decode()
    raised = backoffice.post(f"{url}bedenking/", {"reason": "Drie uur per week is meer dan afgesproken."})
    assert raised.status_code == 302 and raised["Location"] == url
    row = ChangeLog.objects.get(event="indicatie.bedenking")
    assert row.new["voorgelegd_aan"] == [staff["teamleider"].pk]
    page = backoffice.get(url).content.decode()
    assert "Uw bedenking is voorgelegd aan de teamleider" in page
    assert f"Op {day(TODAY)} voorgelegd aan de teamleider door {staff['backoffice']}:" in page
    assert "Drie uur per week is meer dan afgesproken." in page
    # whoever prepared it sees it was raised as well
    assert "Drie uur per week" in client_for("generalist").get(url).content.decode()


def test_without_formalising_there_is_no_disagreement_form(profile, staff, actor_of, client_for):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provisions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus,
                                                    new_aanvraag=True, data=data("45A48", child, goal))
    page = client_for("procesregisseur").get(f"/indicaties/{indicatie.pk}/").content.decode()
    assert "Besluit nemen" in page and "Bedenking voorleggen" not in page
