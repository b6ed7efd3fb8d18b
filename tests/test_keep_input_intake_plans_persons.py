"""One POST pattern (issue 10, point 6) on the plan, front-door and person pages: invalid input brings the same page
back with 422, everything typed still there, the error at its field and in the summary at the top; a form that
went stale answers 409 with the input kept; a refusal of the person answers 403, never a flash message."""

import datetime as dt
import re

import pytest
from django.db import transaction

from toegang.accounts.models import Gemeente
from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.deadlines import actions as clock_actions
from toegang.deadlines.models import Clock
from toegang.intake import actions as intake_actions
from toegang.intake.models import Aanvraag, Melding
from toegang.persons.models import NetworkMember, Resident
from toegang.plans import actions as plan_actions
from toegang.plans.models import PlanVersion

from .factories import HouseholdFactory, ResidentFactory

TODAY = dt.date.today()
YESTERDAY = (TODAY - dt.timedelta(days=1)).isoformat()
IMPOSSIBLE = f"{TODAY.year}-02-30"


@pytest.fixture
def world(profile, staff, actor_of):
    household = HouseholdFactory()
    mother = ResidentFactory(household=household, voornamen="Selin", geslachtsnaam="Aydin")
    with transaction.atomic():
        casus = case_actions.do_open_case(actor=SYSTEM, household=household, team_id=None)
    case_actions.check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=staff["generalist"])
    version = plan_actions.check_add_goal(actor=actor_of(staff["generalist"]), casus=casus, base_version=0,
                                          domain="financien", description="Schulden op orde",
                                          desired_result="een betalingsregeling", measure="",
                                          target_date=TODAY + dt.timedelta(days=60))
    other = ResidentFactory()
    melding, _ = intake_actions.check_register_melding(
        actor=SYSTEM, gemeente=Gemeente.objects.get(cbs_code="9901"),
        data=intake_actions.MeldingData(question="Hulp bij de was", channel="balie", source="zelf", laws=["wmo"]),
        persons=[other])
    clock = Clock.objects.get(subject_type="intake.melding", subject_id=melding.pk)
    aanvraag = intake_actions.check_register_aanvraag(actor=SYSTEM, melding=melding, applicant=other, law="jeugdwet",
                                                      requested="Jeugdhulp thuis")
    extendable = Clock.objects.get(subject_type="intake.aanvraag", subject_id=aanvraag.pk)  # Awb 4:14: once
    return {"extendable": extendable, "casus": casus, "goal_id": version.content["goals"][0]["id"], "household": household, "mother": mother,
            "other": other, "melding": melding, "clock": clock}


def field_tag(html: str, field_id: str) -> str:
    match = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{re.escape(field_id)}"[^>]*>', html)
    assert match, f"no field {field_id}"
    return match.group(0)


def assert_back_with_input(response, field_id: str, typed: str = "", status: int = 422) -> str:
    """The same page again: status, the typed value, the error at its field and in the summary linking to it."""
    html = response.content.decode()
    assert response.status_code == status, html[:500]
    if typed:
        assert typed in html
    assert f'id="{field_id}-fout"' in html and 'aria-invalid="true"' in field_tag(html, field_id)
    summary = html[html.index('id="foutoverzicht"'):]
    assert f'href="#{field_id}"' in summary[:summary.index("</div>")]
    return html


def details_open(html: str, summary_text: str) -> bool:
    return bool(re.search(rf"<details open><summary>{re.escape(summary_text)}</summary>", html))


# (role, url, body, typed value that must come back, field with the error, the <details> that must be open)
def plan_cases(w):
    casus, goal_id = w["casus"].pk, w["goal_id"]
    return {
        "goal": ("generalist", f"/casussen/{casus}/plan/doel/",
                 {"base_version": 1, "domain": "werk-opleiding", "description": "", "desired_result": "Twee dagen werk"},
                 'value="Twee dagen werk"', "doel-description", "Doel toevoegen"),
        "action": ("generalist", f"/casussen/{casus}/plan/actie/",
                   {"base_version": 1, "goal": goal_id, "owner_type": "netwerk", "owner": "Oma Aydin",
                    "description": ""},
                   'value="Oma Aydin"', "actie-description", "Actie toevoegen"),
        "evaluation": ("generalist", f"/casussen/{casus}/plan/evaluatie/",
                       {"base_version": 1, "on": IMPOSSIBLE, "note": "Samen met school"},
                       'value="Samen met school"', "evaluatie-on", "Evaluatiemoment toevoegen"),
        "agree": ("generalist", f"/casussen/{casus}/plan/akkoord/",
                  {"base_version": 1, "agreed_on": YESTERDAY, "how": "schriftelijk", "by": ""},
                  f'value="{YESTERDAY}"', "akkoord-by", "Akkoord van het huishouden vastleggen"),
        "goal status": ("generalist", f"/casussen/{casus}/plan/doelstatus/",
                        {"base_version": 1, "goal": goal_id, "status": "weg"},
                        "", f"status-{goal_id}-status", None),
    }


def intake_cases(w):
    melding, clock, extendable, other = w["melding"], w["clock"], w["extendable"], w["other"]
    return {
        "triage": ("balie", f"/meldingen/{melding.pk}/triage/",
                   {"version": melding.version, "outcome": "doorverwijzing", "reason": "",
                    "referred_to": "Buurtteam Oost"},
                   'value="Buurtteam Oost"', "triage-reason", None),
        "close": ("balie", f"/meldingen/{melding.pk}/afsluiten/", {"version": melding.version, "reason": ""},
                  "", "afsluiten-reason", "Melding afsluiten"),
        "aanvraag": ("balie", f"/meldingen/{melding.pk}/aanvraag/",
                     {"applicant": other.pk, "law": "wmo", "requested": "Huishoudelijke hulp",
                      "received_on": IMPOSSIBLE},
                     'value="Huishoudelijke hulp"', "aanvraag-received_on", "Aanvraag registreren"),
        "clock suspend": ("balie", f"/termijnen/{clock.pk}/opschorten/", {"since": YESTERDAY, "reason": ""},
                          f'value="{YESTERDAY}"', f"opschorten-{clock.pk}-reason", "Opschorten, hervatten of verlengen"),
        "clock extend": ("balie", f"/termijnen/{extendable.pk}/verlengen/", {"reason": "", "notified_on": YESTERDAY},
                         f'value="{YESTERDAY}"', f"verlengen-{extendable.pk}-reason",
                         "Opschorten, hervatten of verlengen"),
        "register melding": ("balie", f"/meldingen/nieuw/?inwoner={other.pk}",
                             {"inwoner": other.pk, "persons": [other.pk], "gemeente": other.gemeente_id,
                              "received_at": f"{TODAY.isoformat()}T08:00", "channel": "balie", "source": "zelf",
                              "referrer": "Buurvrouw Jansen", "question": "", "urgency": "regulier",
                              "idempotency_key": "k1"},
                             'value="Buurvrouw Jansen"', "id_question", None),
        "refer": ("partner", "/verwijzen/",
                  {"gemeente": other.gemeente_id, "naam": "", "question": "Veel verzuim op school",
                   "urgency": "regulier", "idempotency_key": "r1"},
                  "Veel verzuim op school</textarea>", "id_naam", None),
    }


def persons_cases(w):
    household, mother = w["household"], w["mother"]
    return {
        "register resident": ("balie", "/inwoners/nieuw/",
                              {"gemeente": household.gemeente_id, "voornamen": "", "geslachtsnaam": "Smit",
                               "geslacht": "1", "vertegenwoordiging": "", "communicatievorm": ""},
                              'value="Smit"', "id_voornamen", None),
        "edit resident": ("balie", f"/inwoners/{mother.pk}/wijzigen/",
                          {"version": mother.version, "voornamen": "Selina", "geslachtsnaam": "", "geslacht": "2",
                           "vertegenwoordiging": "", "communicatievorm": ""},
                          'value="Selina"', "id_geslachtsnaam", None),
        "move household": ("balie", f"/huishoudens/{household.pk}/verhuizen/",
                           {"version": household.version, "postcode": "9901AA", "huisnummer": "12",
                            "straat": "Lindelaan", "woonplaats": "Demodam", "valid_from": ""},
                           'value="Lindelaan"', "verhuizing-valid_from", "Verhuizing vastleggen"),
        "network member": ("balie", f"/huishoudens/{household.pk}/netwerk/",
                           {"name": "", "kind": "17", "telefoon": "0612345678"},
                           'value="0612345678"', "netwerk-name", "Netwerklid toevoegen"),
        "merge": ("backoffice", "/inwoners/samenvoegen/",
                  {"keep": mother.pk, "remove": w["other"].pk, "reason": ""},
                  f'value="{w["other"].pk}"', "id_reason", None),
    }


def all_cases(w) -> dict:
    return {**plan_cases(w), **intake_cases(w), **persons_cases(w)}


CASE_NAMES = ["goal", "action", "evaluation", "agree", "goal status",
              "triage", "close", "aanvraag", "clock suspend", "clock extend", "register melding", "refer",
              "register resident", "edit resident", "move household", "network member", "merge"]


def test_every_form_of_these_apps_is_in_the_table(world):
    assert sorted(all_cases(world)) == sorted(CASE_NAMES)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_invalid_input_comes_back_on_the_same_page_with_everything_typed(world, client_for, name):
    role, url, body, typed, field_id, details = all_cases(world)[name]
    counts = [model.objects.count() for model in (PlanVersion, Melding, Resident, Aanvraag, NetworkMember)]
    response = client_for(role).post(url, body)
    html = assert_back_with_input(response, field_id, typed)
    if details:
        assert details_open(html, details), "the section holding the form opens"
    assert "Controleer de invoer" not in html  # the old flash message is gone
    assert [model.objects.count() for model in (PlanVersion, Melding, Resident, Aanvraag, NetworkMember)] == counts


def test_resuming_a_clock_with_an_impossible_date_keeps_the_form_open(world, client_for, actor_of, staff):
    clock = world["clock"]
    clock_actions.check_suspend_clock(actor=actor_of(staff["balie"]), clock=clock, since=TODAY, reason="wacht op info")
    response = client_for("balie").post(f"/termijnen/{clock.pk}/hervatten/", {"on": IMPOSSIBLE})
    html = assert_back_with_input(response, f"hervatten-{clock.pk}-on")
    assert details_open(html, "Opschorten, hervatten of verlengen")
    clock.refresh_from_db()
    assert clock.suspended_since == TODAY


def test_a_stale_triage_answers_409_and_keeps_the_reason(world, client_for):
    melding = world["melding"]
    client = client_for("balie")
    assert client.post(f"/meldingen/{melding.pk}/oppakken/", {"version": melding.version}).status_code == 302
    response = client.post(f"/meldingen/{melding.pk}/triage/", {
        "version": melding.version, "outcome": "enkelvoudig", "reason": "Korte vraag over de was"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Korte vraag over de was</textarea>" in html and "intussen behandeld" in html and 'id="foutoverzicht"' in html
    melding.refresh_from_db()
    assert melding.triage_outcome == ""
    # the form carries the current version now: sending it again after reading the new state triages
    assert f'name="version" value="{melding.version}"' in html
    again = client.post(f"/meldingen/{melding.pk}/triage/", {
        "version": melding.version, "outcome": "enkelvoudig", "reason": "Korte vraag over de was"})
    assert again.status_code == 302
    melding.refresh_from_db()
    assert melding.triage_outcome == "enkelvoudig"


def test_a_refused_button_without_input_still_redirects_with_the_reason(world, client_for):
    melding = world["melding"]
    response = client_for("balie").post(f"/meldingen/{melding.pk}/oppakken/", {"version": melding.version + 5},
                                        follow=True)
    assert response.redirect_chain[-1][1] == 302 and "intussen behandeld" in response.content.decode()


def test_someone_who_may_not_change_the_plan_gets_403_not_a_message(world, make_staff):
    from django.test import Client

    casus = world["casus"]
    other = make_staff("generalist", username="collega")
    case_actions.check_add_case_involvement(actor=SYSTEM, casus=casus, medewerker=other, role="schuldhulp")
    client = Client()
    client.force_login(other)
    assert client.get(f"/casussen/{casus.pk}/plan/").status_code == 200  # a betrokkene reads the plan
    response = client.post(f"/casussen/{casus.pk}/plan/doel/", {"base_version": 1, "domain": "financien",
                                                                 "description": "", "desired_result": "x"})
    assert response.status_code == 403
    assert PlanVersion.objects.count() == 1


def test_merging_with_a_number_nobody_has_is_an_error_at_that_field(world, client_for):
    response = client_for("backoffice").post("/inwoners/samenvoegen/", {
        "keep": world["mother"].pk, "remove": 987654, "reason": "Dubbel ingeschreven"})
    html = assert_back_with_input(response, "id_remove", "Dubbel ingeschreven</textarea>")
    assert "Er is geen inwoner met dit nummer gevonden." in html
