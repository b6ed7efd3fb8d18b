"""The provisions API: catalogue reads, an indication proposed and decided, the letter, sending, an objection;
problem+json with Dutch reasons for bad input and a refused mandate."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from toegang.audit.models import AccessLog
from toegang.provisions.models import Product, Voorziening

from .openapi_contract import api_contract  # noqa: F401 (every answer is checked against openapi.yaml)
from .provisions_support import TODAY, case_with_goal, pdf_text


@pytest.fixture
def api(staff):
    def make(role):
        client = APIClient()
        client.force_authenticate(staff[role])
        return client

    return make


def test_catalogue_endpoints(profile, api):
    client = api("balie")
    general = client.get("/api/v1/voorzieningen", {"soort": "algemeen"}).json()
    assert general["count"] >= 9 and all(v["soort"] == "algemeen" for v in general["results"])
    product = Product.objects.get(code="45A48")
    body = client.get(f"/api/v1/producten/{product.pk}").json()
    assert body["productcategorie"] == "45" and body["eenheid"] == "04" and body["frequentie"] == "2"
    assert body["tarieven"][0]["bedrag"] == "87.40" and body["contracten"][0]["agbCode"] == "98765432"


def test_propose_decide_send_and_object(profile, staff, api):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    product = Product.objects.get(code="45A48")
    body = {"casus": casus.pk, "nieuweAanvraag": True, "client": child.pk, "product": product.pk, "omvang": 2,
            "frequentie": "2", "van": TODAY.isoformat(), "totEnMet": (TODAY + dt.timedelta(days=90)).isoformat(),
            "leveringsvorm": "zin", "aanbieder": "98765432", "doelen": [goal], "motivering": "vastgelopen",
            "overwogen": [Voorziening.objects.get(code="opvoedspreekuur").pk], "eigenKracht": "wil",
            "netwerk": "oma", "waaromNietVoldoende": "te zwaar", "idempotentiesleutel": "api-1"}
    bad = api("generalist").post("/api/v1/indicaties", {**body, "omvang": 500, "waaromNietVoldoende": ""},
                                 format="json")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    names = {p["name"] for p in bad.json()["invalidParams"]}
    assert {"omvang", "waaromNietVoldoende"} <= names
    created = api("generalist").post("/api/v1/indicaties", body, format="json")
    assert created.status_code == 201
    again = api("generalist").post("/api/v1/indicaties", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    indicatie_id = created.json()["id"]
    refused = api("generalist").post(f"/api/v1/indicaties/{indicatie_id}/besluit",
                                     {"uitkomst": "toegekend", "motivering": "x"}, format="json")
    assert refused.status_code == 403 and "geen mandaat" in refused.json()["detail"]
    decided = api("procesregisseur").post(f"/api/v1/indicaties/{indicatie_id}/besluit",
                                          {"uitkomst": "toegekend", "motivering": "Het helpt."}, format="json")
    assert decided.status_code == 201 and decided.json()["status"] == "vastgesteld"
    besluit_id = decided.json()["id"]
    letter = api("backoffice").get(f"/api/v1/besluiten/{besluit_id}/brief")
    assert letter["Content-Type"] == "application/pdf" and "Het helpt." in pdf_text(letter.content)
    assert letter["X-Content-SHA256"] == decided.json()["briefSha256"]
    sent = api("backoffice").post(f"/api/v1/besluiten/{besluit_id}/verzenden", {}, format="json")
    assert sent.json()["verzondenOp"] == TODAY.isoformat()
    objection = api("backoffice").post("/api/v1/bezwaren", {"besluit": besluit_id, "ontvangenOp": TODAY.isoformat(),
                                                             "indiener": "moeder", "gronden": "te weinig"},
                                       format="json")
    assert objection.status_code == 201 and objection.json()["naDeTermijn"] is False
    assert [b["id"] for b in api("procesregisseur").get("/api/v1/bezwaren").json()["results"]] == [
        objection.json()["id"]]
    assert api("balie").get(f"/api/v1/besluiten/{besluit_id}").status_code == 404  # no mandate beyond advice
    assert AccessLog.objects.filter(channel="api", purpose="besluiten opvragen (API)").count() == 0
    api("procesregisseur").get("/api/v1/besluiten")
    assert AccessLog.objects.filter(channel="api", purpose="besluiten opvragen (API)").count() == 1


def test_lists_do_not_grow_with_their_rows(profile, staff, api, actor_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from toegang.provisions import actions

    from .provisions_support import data

    casus, mother, child, goal = case_with_goal(staff["generalist"])
    regie, backoffice = actor_of(staff["procesregisseur"]), actor_of(staff["backoffice"])

    def decided_and_objected():
        ind = actions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus, new_aanvraag=True,
                                               data=data("45A48", child, goal))
        besluit = actions.check_decide(actor=regie, indicatie=ind, outcome="toegekend", reasons="nodig")
        actions.check_send_decision(actor=backoffice, besluit=besluit)
        actions.check_register_bezwaar(actor=backoffice, besluit=besluit, received_on=TODAY, objector="moeder",
                                       grounds="te weinig")

    urls = ["/api/v1/indicaties", "/api/v1/besluiten", "/api/v1/bezwaren", "/api/v1/producten",
            "/api/v1/voorzieningen"]
    client = api("procesregisseur")

    def counts():
        out = {}
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out[url] = len(ctx.captured_queries)
        return out

    decided_and_objected()
    before = counts()
    for _ in range(3):
        decided_and_objected()
    assert counts() == before
    listed = api("procesregisseur").get("/api/v1/besluiten").json()
    assert listed["count"] == 4 and all(len(b["briefSha256"]) == 64 for b in listed["results"])
