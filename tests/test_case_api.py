"""The case over the API: casussen, plan (doelen, acties), contactmomenten, metingen, vraagverhelderingen — scoped
and logged."""

import datetime as dt
import json

import pytest
from django.db import transaction
from django.utils import timezone

from toegang.audit.models import AccessLog
from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.intake import duties
from toegang.intake.actions import check_triage_melding
from toegang.plans import actions as plan_actions

from .factories import HouseholdFactory, ResidentFactory
from .openapi_contract import api_contract  # noqa: F401 (every answer is checked against openapi.yaml)
from .test_wmo_duties import wmo_melding


@pytest.fixture
def casus(profile, staff):
    household = HouseholdFactory()
    ResidentFactory(household=household, geboortedatum=dt.date(1975, 5, 5))
    with transaction.atomic():
        casus = case_actions.do_open_case(actor=SYSTEM, household=household, team_id=None)
    case_actions.check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=staff["generalist"])
    return casus


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_case_list_and_detail_are_scoped_and_logged(casus, client_for):
    body = client_for("generalist").get("/api/v1/casussen").json()
    assert body["count"] == 1 and body["results"][0]["casusregisseur"] == "generalist"
    detail = client_for("generalist").get(f"/api/v1/casussen/{casus.pk}").json()
    assert detail["betrokkenen"][0]["rol"] == "casusregisseur"
    assert client_for("balie").get(f"/api/v1/casussen/{casus.pk}").status_code == 404
    assert client_for("balie").get("/api/v1/casussen").json()["count"] == 0
    assert AccessLog.objects.filter(channel="api", purpose="casus bekijken (API)").exists()


def test_plan_with_goals_and_actions(casus, client_for):
    v1 = plan_actions.check_add_goal(actor=SYSTEM, casus=casus, base_version=0, domain="huisvesting",
                                     description="Een eigen woning", desired_result="huurcontract",
                                     measure="sleutel", target_date=dt.date(2027, 6, 1))
    plan_actions.check_add_plan_action(actor=SYSTEM, casus=casus, base_version=1, goal_id=v1.content["goals"][0]["id"],
                                       owner_type="netwerk", owner="broer", description="Mee naar bezichtiging",
                                       due_date=dt.date(2027, 1, 15))
    plan = client_for("generalist").get(f"/api/v1/casussen/{casus.pk}/plan").json()
    assert plan["versie"] == 2 and plan["doelen"][0]["levensgebied"] == "huisvesting"
    assert plan["acties"][0]["uitvoerderSoort"] == "netwerk" and plan["acties"][0]["klaarOp"] == "2027-01-15"


def test_contact_moment_and_measurement_over_the_api(casus, client_for):
    client = client_for("generalist")
    created = post(client, f"/api/v1/casussen/{casus.pk}/contactmomenten",
                   {"moment": timezone.now().isoformat(), "soort": "huisbezoek", "deelnemers": "gezin",
                    "verslag": "kennismaking"})
    assert created.status_code == 201, created.content
    bad = post(client, f"/api/v1/casussen/{casus.pk}/contactmomenten",
               {"moment": timezone.now().isoformat(), "soort": "huisbezoek", "deelnemers": "", "verslag": "x"})
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "deelnemers"
    adult = casus.household.current_residents.get()
    measured = post(client, f"/api/v1/casussen/{casus.pk}/metingen",
                    {"inwoner": adult.pk, "gemetenOp": "2026-11-20", "scores": {"financien": 2, "adl": 4}})
    assert measured.status_code == 201 and measured.json()["gemiddeld"] == 3.0
    wrong = post(client, f"/api/v1/casussen/{casus.pk}/metingen",
                 {"inwoner": adult.pk, "gemetenOp": "2026-11-20", "scores": {"financien": 7}})
    assert wrong.status_code == 400 and wrong.json()["invalidParams"][0]["name"] == "financien"
    listing = client.get(f"/api/v1/casussen/{casus.pk}/metingen").json()
    assert [m["scores"] for m in listing] == [{"financien": 2, "adl": 4}]


def test_plan_goals_and_actions_written_over_the_api(casus, client_for):
    client = client_for("generalist")
    created = post(client, f"/api/v1/casussen/{casus.pk}/plan/doelen", {
        "basisversie": 0, "levensgebied": "financien", "omschrijving": "Schulden op orde",
        "gewenstResultaat": "betalingsregeling", "streefdatum": "2027-03-01"})
    assert created.status_code == 201, created.content
    goal_id = created.json()["doelen"][0]["id"]
    stale = post(client, f"/api/v1/casussen/{casus.pk}/plan/doelen", {
        "basisversie": 0, "levensgebied": "werk-opleiding", "omschrijving": "Werk", "gewenstResultaat": "baan",
        "streefdatum": "2027-03-01"})
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    no_date = post(client, f"/api/v1/casussen/{casus.pk}/plan/doelen", {
        "basisversie": 1, "levensgebied": "financien", "omschrijving": "x", "gewenstResultaat": "y"})
    assert no_date.status_code == 400 and no_date.json()["invalidParams"][0]["name"] == "streefdatum"
    action = post(client, f"/api/v1/casussen/{casus.pk}/plan/acties", {
        "basisversie": 1, "doel": goal_id, "uitvoerderSoort": "huishouden", "omschrijving": "Post openen",
        "klaarOp": "2027-01-10"})
    assert action.status_code == 201 and action.json()["versie"] == 2
    undated = post(client, f"/api/v1/casussen/{casus.pk}/plan/acties", {
        "basisversie": 2, "doel": goal_id, "uitvoerderSoort": "netwerk", "omschrijving": "Buurman helpt met post"})
    assert undated.status_code == 201 and undated.json()["acties"][1]["klaarOp"] is None  # a date is optional
    html = client.get(f"/casussen/{casus.pk}/plan/").content.decode()
    assert "Buurman helpt met post — het netwerk" in html and "klaar op None" not in html
    assert client_for("balie").get(f"/api/v1/casussen/{casus.pk}/plan").status_code == 404


# --- the kitchen-table report (vraagverheldering) and the persoonlijk plan (Wmo 2015 art. 2.3.2 lid 2) ---------------


def report(**kw):
    return {"gesprekOp": dt.date.today().isoformat(), "deelnemers": "moeder, generalist",
            "levensgebieden": {"iadl": {"situatie": "Moeder kan niet meer koken.", "eigenKracht": "Zij wil het zelf.",
                                        "netwerk": "De zoon doet boodschappen."}},
            "vraag": "Hulp bij het huishouden.", **kw}


def test_a_waiting_personal_plan_is_weighed_in_the_report_over_the_api(staff, client_for):
    melding, _, _ = wmo_melding(received_at=timezone.now() - dt.timedelta(days=3))
    wmo_case = check_triage_melding(actor=SYSTEM, melding=melding, outcome="meervoudig", reason="meerdere vragen").casus
    case_actions.check_assign_case_director(actor=SYSTEM, casus=wmo_case, medewerker=staff["generalist"])
    plan = duties.check_record_personal_plan(actor=SYSTEM, melding=melding, received_on=dt.date.today(),
                                             summary="Twee uur hulp per week")
    client = client_for("generalist")
    url = f"/api/v1/casussen/{wmo_case.pk}/vraagverhelderingen"

    refused = post(client, url, report())
    assert refused.status_code == 400, refused.content
    problem = refused.json()["invalidParams"]
    assert [p["name"] for p in problem] == ["persoonlijkPlanMeegewogen"] and "persoonlijk plan" in problem[0]["reason"]
    assert not wmo_case.clarifications.exists()

    made = post(client, url, report(persoonlijkPlanMeegewogen=True))
    assert made.status_code == 201, made.content
    body = made.json()
    assert made["Location"] == body["url"] and body["persoonlijkPlanMeegewogen"] is True
    assert body["levensgebieden"]["iadl"]["eigenKracht"] == "Zij wil het zelf."
    plan.refresh_from_db()
    assert plan.considered_in_id == body["id"]
    assert client.get(body["url"]).json() == body
    assert [r["id"] for r in client.get(url).json()] == [body["id"]]
    # a later report has no plan waiting: the field may stay false
    again = post(client, url, report())
    assert again.status_code == 201 and again.json()["persoonlijkPlanMeegewogen"] is False


def test_a_report_over_the_api_names_its_fields_and_only_the_case_workers_write_it(casus, client_for):
    url = f"/api/v1/casussen/{casus.pk}/vraagverhelderingen"
    blank = post(client_for("generalist"), url, report(deelnemers=""))
    assert blank.status_code == 400 and [p["name"] for p in blank.json()["invalidParams"]] == ["deelnemers"]
    bad = post(client_for("generalist"), url, report(levensgebieden={"iadl": {"netwerk": "buren"}, "maan": {}}))
    assert bad.status_code == 400
    assert {p["name"] for p in bad.json()["invalidParams"]} == {"iadl", "maan"}
    assert not casus.clarifications.exists()
    assert post(client_for("balie"), url, report()).status_code == 404
    assert client_for("generalist").get(f"{url}/999999").status_code == 404
