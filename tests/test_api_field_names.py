"""Issue 10: a domain error names its fields as the serializer of that request does (the reverse of its `source=`),
not through one global table. The old table sent `start`/`end` and `valid_from`/`valid_until` of every resource,
`reasons` and `motivation` both to `motivering`, `name` and `label` both to `naam`."""

import datetime as dt

import pytest
from rest_framework.test import APIClient, APIRequestFactory

from toegang.api.errors import problem_exception_handler
from toegang.api.inputs import INPUT_SERIALIZER
from toegang.api.provision_serializers import BesluitInvoerSerializer, IndicatieInvoerSerializer
from toegang.api.serializers import HuishoudenAanmakenSerializer, VerhuizingSerializer
from toegang.core.errors import ValidationFailed
from toegang.provisions.models import Product, Voorziening

from .openapi_contract import api_contract  # noqa: F401 (every answer is checked against openapi.yaml)
from .provisions_support import TODAY, case_with_goal


@pytest.fixture
def api(staff):
    def make(role):
        client = APIClient()
        client.force_authenticate(staff[role])
        return client

    return make


def names(response) -> set[str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {p["name"] for p in response.json()["invalidParams"]}


def proposal(casus, child, goal, **overrides) -> dict:
    body = {"casus": casus.pk, "nieuweAanvraag": True, "client": child.pk,
            "product": Product.objects.get(code="45A48").pk, "omvang": 2, "frequentie": "2",
            "van": TODAY.isoformat(), "totEnMet": (TODAY + dt.timedelta(days=90)).isoformat(), "leveringsvorm": "pgb",
            "doelen": [goal], "motivering": "vastgelopen",
            "overwogen": [Voorziening.objects.get(code="opvoedspreekuur").pk], "eigenKracht": "wil",
            "netwerk": "oma", "waaromNietVoldoende": "te zwaar",
            "pgbVoorwaarden": {"bekwaam": True, "motivering": "eigen keuze", "kwaliteit": True}}
    return {**body, **overrides}


def test_the_start_and_the_end_of_a_period_are_two_fields(profile, staff, api):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    late_start = TODAY + dt.timedelta(days=400)  # more than a year ahead
    start = api("generalist").post("/api/v1/indicaties", proposal(
        casus, child, goal, van=late_start.isoformat(), totEnMet=(late_start + dt.timedelta(days=30)).isoformat()),
        format="json")
    assert names(start) == {"van"}
    end = api("generalist").post("/api/v1/indicaties", proposal(casus, child, goal, totEnMet="9999-12-31"),
                                 format="json")
    assert names(end) == {"totEnMet"}


def test_a_decision_and_a_proposal_each_name_their_own_motivering(profile, staff, api):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    assert names(api("generalist").post("/api/v1/indicaties", proposal(casus, child, goal, motivering=""),
                                        format="json")) == {"motivering"}
    created = api("generalist").post("/api/v1/indicaties", proposal(casus, child, goal), format="json")
    assert created.status_code == 201, created.content
    refused = api("procesregisseur").post(f"/api/v1/indicaties/{created.json()['id']}/besluit",
                                          {"uitkomst": "deels", "toegekendeOmvang": 5, "motivering": ""}, format="json")
    assert names(refused) == {"motivering", "toegekendeOmvang"}


@pytest.mark.parametrize(("serializer", "action_names", "api_names"), [
    (BesluitInvoerSerializer, ["reasons", "motivation", "granted_volume"], ["motivering", "motivation",
                                                                            "toegekendeOmvang"]),
    (IndicatieInvoerSerializer, ["motivation", "reasons", "start", "end", "goals"], ["motivering", "reasons", "van",
                                                                                   "totEnMet", "doelen"]),
    (VerhuizingSerializer, ["valid_from", "valid_until", "toevoeging"], ["datum", "valid_until",
                                                                         "huisnummertoevoeging"]),
    (HuishoudenAanmakenSerializer, ["label", "name"], ["naam", "name"]),
    (None, ["reasons", "valid_from"], ["reasons", "valid_from"]),
])
def test_only_the_serializer_of_the_request_translates(serializer, action_names, api_names):
    """A name the request's serializer does not know stays as the action named it; without a serializer, all do."""
    request = APIRequestFactory().post("/api/v1/x")
    if serializer is not None:
        setattr(request, INPUT_SERIALIZER, serializer())
    refused = ValidationFailed("Niet volledig.", field_errors={name: ["Fout."] for name in action_names})
    body = problem_exception_handler(refused, {"request": request}).data
    assert [p["name"] for p in body["invalidParams"]] == api_names
