"""Issue 11, point 14: the API says what it does. The OpenAPI document and the answers agree (every answer of the API
tests is checked against it, tests/openapi_contract.py); the conventions of the NL API Design Rules hold on every
answer: API-Version, Location on 201, problem+json for unknown addresses and methods, the page size actually used in
the links, one style of reference (ids), Dutch error codes."""

import datetime as dt
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from django.http import HttpResponse, JsonResponse
from django.test import Client
from django.utils import timezone
from rest_framework import serializers

from toegang.api import case_serializers, intake_serializers, provision_serializers
from toegang.api import serializers as person_serializers
from toegang.api.errors import FIELD_CODES
from toegang.provisions.models import Product, Voorziening

from .factories import HouseholdFactory, ResidentFactory, api_key
from .openapi_contract import SCHEMA_PATH, Contract, api_contract, contract  # noqa: F401 (every answer is checked)
from .provisions_support import TODAY, case_with_goal

DOCUMENT = yaml.safe_load(SCHEMA_PATH.read_text())
VERSION = DOCUMENT["info"]["version"]
KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def post(client, url, body, **extra):
    return client.post(url, data=json.dumps(body), content_type="application/json", **extra)


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == VERSION
    return response.json()


# --- API-Version, unknown addresses and methods ---------------------------------------------------------------


def test_every_answer_carries_the_api_version_errors_included(client_for, profile):
    client = client_for("balie")
    assert client.get("/api/v1/huishoudens")["API-Version"] == VERSION
    assert problem(client.get("/api/v1/inwoners/999999"), 404)["code"] == "niet-gevonden"
    assert problem(Client().get("/api/v1/huishoudens"), 401)["code"] == "niet-ingelogd"
    too_big = client.post("/api/v1/meldingen", data="{}", content_type="application/json", CONTENT_LENGTH="999999999")
    assert problem(too_big, 413)["code"] == "te-groot"  # refused by a middleware before any API view
    assert problem(client.get("/api/v1/meldingen?status=%00"), 400)["code"] == "ongeldig-teken"
    assert not client.get("/").has_header("API-Version")  # the pages are not the API


@pytest.mark.parametrize("path", ["/api/v1/onbekend", "/api/v1/inwoners/", "/api/v1/inwoners/abc", "/api/v2/inwoners",
                                  "/api/", "/api/v1/casussen/1/plan/onbekend"])
def test_an_unknown_address_under_api_is_a_problem_404_not_the_html_page(client_for, profile, path):
    body = problem(client_for("balie").get(path), 404)
    assert body["status"] == 404 and body["instance"] == path and body["detail"]


def test_an_unknown_address_outside_the_api_is_still_the_dutch_page(client_for, profile):
    response = client_for("balie").get("/bestaat-niet/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


def test_a_method_the_address_does_not_take_is_a_problem_405(client_for, profile):
    client = client_for("balie")
    household = HouseholdFactory()
    body = problem(client.delete(f"/api/v1/huishoudens/{household.pk}"), 405)
    assert body["code"] == "methode-niet-toegestaan" and "DELETE" in body["detail"]
    assert problem(post(client, "/api/v1/producten/1", {}), 405)["status"] == 405
    assert problem(client.put("/api/v1/schema/"), 405)["status"] == 405  # a view of drf-spectacular, not ours


# --- Location on 201 ------------------------------------------------------------------------------------------


def test_every_creation_answers_with_the_address_of_what_it_made(profile, staff, client_for):
    """Each 201 carries Location; reading it gives what was created. (The contract checks presence on every 201 of
    the API tests; this follows the links, including the sub-resources that got an address for it.)"""
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    generalist = client_for("generalist")
    made = {
        "contactmoment": post(generalist, f"/api/v1/casussen/{casus.pk}/contactmomenten", {
            "moment": timezone.now().isoformat(), "soort": "huisbezoek", "deelnemers": "moeder", "verslag": "fijn"}),
        "meting": post(generalist, f"/api/v1/casussen/{casus.pk}/metingen", {
            "inwoner": mother.pk, "gemetenOp": TODAY.isoformat(), "scores": {"financien": 3}}),
        "doel": post(generalist, f"/api/v1/casussen/{casus.pk}/plan/doelen", {
            "basisversie": 1, "levensgebied": "financien", "omschrijving": "Overzicht", "gewenstResultaat": "rust",
            "streefdatum": (TODAY + dt.timedelta(days=60)).isoformat()}),
        "huishouden": post(client_for("balie"), "/api/v1/huishoudens", {
            "gemeente": "9901", "naam": "Huishouden Kaya", "postcode": "9903AA", "huisnummer": 3}),
        "melding": post(client_for("balie"), "/api/v1/meldingen", {
            "gemeente": "9901", "kanaal": "telefoon", "bron": "zelf", "inwoners": [mother.pk], "vraag": "Hulp",
            "wetten": ["wmo"]}),
    }
    for what, response in made.items():
        assert response.status_code == 201, (what, response.content)
        location = response["Location"]
        assert location.startswith("http://testserver/api/v1/"), (what, location)
        again = generalist.get(location) if what != "huishouden" else client_for("balie").get(location)
        assert again.status_code == 200, (what, location)
        if what == "doel":
            assert again.json()["doelen"][-1]["omschrijving"] == "Overzicht"
        else:
            assert again.json()["id"] == response.json()["id"] and location == response.json()["url"], what


def test_a_repeated_create_is_200_without_location(client_for, profile):
    resident = ResidentFactory()
    body = {"gemeente": "9901", "kanaal": "telefoon", "bron": "zelf", "inwoners": [resident.pk], "vraag": "Hulp"}
    first = post(client_for("balie"), "/api/v1/meldingen", body, HTTP_IDEMPOTENCY_KEY="een")
    again = post(client_for("balie"), "/api/v1/meldingen", body, HTTP_IDEMPOTENCY_KEY="een")
    assert first.status_code == 201 and again.status_code == 200 and not again.has_header("Location")


def test_a_partner_reads_its_own_referral_at_its_location_and_nobody_elses(client_for, profile, make_staff):
    partner = client_for("partner")
    created = post(partner, "/api/v1/verwijzingen", {"gemeente": "9901", "naam": "Ayla Demir", "vraag": "Zorgen"})
    assert created.status_code == 201, created.content
    assert partner.get(created["Location"]).json() == created.json()
    other = Client()
    other.force_login(make_staff("partner", organisatie="basisschool-de-regenboog"))
    assert problem(other.get(created["Location"]), 404)["code"] == "niet-gevonden"
    assert problem(client_for("balie").get(created["Location"]), 403)["code"] == "geen-toegang"


# --- Lists: the links name the page size actually used -------------------------------------------------------------


def query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_the_links_of_a_list_name_the_page_size_actually_used(client_for, profile):
    for _ in range(3):
        ResidentFactory()
    client = client_for("generalist")
    default = client.get("/api/v1/huishoudens?page=1").json()
    assert default["next"] is None and default["count"] == 3
    too_many = client.get("/api/v1/huishoudens?pageSize=2").json()
    assert query(too_many["next"]) == {"page": "2", "pageSize": "2"}
    second = client.get(too_many["next"]).json()
    assert query(second["previous"]) == {"page": "1", "pageSize": "2"} and second["next"] is None


def test_a_page_size_over_the_maximum_or_none_shows_the_size_used_in_the_links(client_for, profile):
    for i in range(101):
        ResidentFactory(geslachtsnaam=f"Visser{i:03d}")
    for url in ("/api/v1/huishoudens", "/api/v1/inwoners?naam=visser"):
        capped = client_for("generalist").get(f"{url}{'&' if '?' in url else '?'}pageSize=500").json()
        assert len(capped["results"]) == 100 and query(capped["next"])["pageSize"] == "100", url
        unasked = client_for("generalist").get(url).json()
        assert len(unasked["results"]) == 25 and query(unasked["next"])["pageSize"] == "25", url
        assert query(unasked["next"])["page"] == "2"
    second = client_for("generalist").get("/api/v1/inwoners?naam=visser&page=2").json()
    assert query(second["previous"]) == {"naam": "visser", "page": "1", "pageSize": "25"}


def test_the_referral_list_has_the_links_of_the_other_lists(client_for, profile):
    body = client_for("partner").get("/api/v1/verwijzingen").json()
    assert body == {"next": None, "previous": None, "results": []}
    assert query(client_for("partner").get("/api/v1/verwijzingen?page=2").json()["previous"]) == {"page": "1"}


# --- One style of reference: the other resource's id ---------------------------------------------------------------

RESOURCE_FIELDS = {"huishouden", "inwoner", "inwoners", "casus", "melding", "aanvraag", "aanvrager", "client",
                   "persoon", "indicatie", "besluit", "vervangtBesluit", "nieuwBesluit", "voorziening", "product",
                   "producten", "overwogen", "herhaaldeAanmeldingNa"}


def _schema(schema: dict) -> dict:
    if "$ref" in schema:
        return DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        return _schema(schema["allOf"][0])
    return schema


def test_every_reference_to_another_resource_is_its_id_in_the_document():
    """In answers and in input alike; `url` is a resource's own address, `next`/`previous` a page's."""
    wrong = []
    for name, component in DOCUMENT["components"]["schemas"].items():
        for field, schema in component.get("properties", {}).items():
            schema = _schema(schema)
            if schema.get("format") == "uri" and field not in {"url", "next", "previous", "type"}:
                wrong.append(f"{name}.{field} is a link")
            if field in RESOURCE_FIELDS:
                item = _schema(schema["items"]) if schema.get("type") == "array" else schema
                if item.get("type") != "integer":
                    wrong.append(f"{name}.{field} is {item.get('type')}, not an id")
    assert wrong == []


def test_references_in_answers_are_the_ids_the_input_takes(profile, staff, client_for):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    client = client_for("generalist")
    assert client.get(f"/api/v1/inwoners/{mother.pk}").json()["huishouden"] == casus.household_id
    household = client.get(f"/api/v1/huishoudens/{casus.household_id}").json()
    assert {m["inwoner"] for m in household["leden"]} == {mother.pk, child.pk}
    product = Product.objects.get(code="45A48")
    body = client.get(f"/api/v1/producten/{product.pk}").json()
    assert body["voorziening"] == product.voorziening_id and body["url"].endswith(f"/api/v1/producten/{product.pk}")
    voorziening = client.get(f"/api/v1/voorzieningen/{product.voorziening_id}").json()
    assert product.pk in voorziening["producten"]
    proposal = post(client, "/api/v1/indicaties", {
        "casus": casus.pk, "nieuweAanvraag": True, "client": child.pk, "product": product.pk, "omvang": 2,
        "frequentie": "2", "van": TODAY.isoformat(), "totEnMet": (TODAY + dt.timedelta(days=90)).isoformat(),
        "leveringsvorm": "pgb", "doelen": [goal], "motivering": "vastgelopen",
        "overwogen": [Voorziening.objects.get(code="opvoedspreekuur").pk], "eigenKracht": "wil", "netwerk": "oma",
        "waaromNietVoldoende": "te zwaar", "pgbVoorwaarden": {"bekwaam": True, "motivering": "x", "kwaliteit": True}})
    assert proposal.status_code == 201, proposal.content
    indicatie = proposal.json()
    assert (indicatie["product"], indicatie["voorziening"], indicatie["client"], indicatie["casus"]) == (
        product.pk, product.voorziening_id, child.pk, casus.pk)


# --- invalidParams codes: Dutch --------------------------------------------------------------------------------


def _input_fields(serializer, path=""):
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        yield f"{path}{name}", field
        inner = getattr(field, "child", None)
        if isinstance(field, serializers.Serializer):
            yield from _input_fields(field, f"{path}{name}.")
        elif inner is not None:
            yield f"{path}{name}.*", inner
            if isinstance(inner, serializers.Serializer):
                yield from _input_fields(inner, f"{path}{name}.*.")


def test_every_error_code_of_every_input_field_has_a_dutch_code():
    modules = (person_serializers, intake_serializers, case_serializers, provision_serializers)
    missing = set()
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, serializers.Serializer) and value.__module__ == module.__name__:
                for path, field in _input_fields(value()):
                    missing |= {f"{value.__name__}.{path}: {code}" for code in field.error_messages
                                if code not in FIELD_CODES}
    assert missing == set()
    assert all(re.match(KEBAB, code) for code in FIELD_CODES.values())


def test_invalid_params_name_dutch_codes(client_for, profile):
    client = client_for("balie")
    body = problem(post(client, "/api/v1/inwoners", {"gemeente": "9901", "voornamen": "x" * 201, "geslacht": "9",
                                                     "adres": {"huisnummer": 0}, "geboortedatum": "gisteren"}), 400)
    codes = {p["name"]: p["code"] for p in body["invalidParams"]}
    assert codes == {"voornamen": "te-lang", "geslachtsnaam": "verplicht", "geslacht": "onbekende-waarde",
                     "adres.huisnummer": "te-klein", "geboortedatum": "ongeldige-invoer"}
    wrong_type = problem(post(client, "/api/v1/meldingen", {"gemeente": "9901", "kanaal": "telefoon", "bron": "zelf",
                                                            "vraag": "x", "inwoners": "één"}), 400)
    assert {p["code"] for p in wrong_type["invalidParams"]} == {"geen-lijst"}


# --- The document itself --------------------------------------------------------------------------------------


def operations():
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def test_every_operation_documents_its_problems_as_problem_json():
    for method, path, operation in operations():
        responses = operation["responses"]
        expected = {"400", "401"} | ({"413", "415"} if "requestBody" in operation else set())
        assert expected <= set(responses), (method, path)
        for status, response in responses.items():
            assert response["headers"]["API-Version"] == {"$ref": "#/components/headers/API-Version"}, (path, status)
            if status.startswith("4"):
                assert response["content"] == {"application/problem+json": {
                    "schema": {"$ref": "#/components/schemas/Fout"}}}, (method, path, status)
            assert ("Location" in response["headers"]) == (status == "201"), (method, path, status)
        if method in {"post", "put"}:
            assert {"403", "404"} & set(responses), (method, path)  # a write says who may and what it needs
        if "{id}" in path:
            assert "404" in responses, (method, path)


def test_the_info_description_states_the_conventions():
    description = DOCUMENT["info"]["description"]
    for convention in ("API-Version", "Location", "`id`", "pageSize", "invalidParams", "problem+json", "422"):
        assert convention in description, convention
    header = DOCUMENT["components"]["headers"]["API-Version"]
    assert header["required"] is True and re.match(header["schema"]["pattern"], VERSION)


# --- The contract fails what the document does not describe ---------------------------------------------------


def _response(status, body=None, content_type="application/json", **headers):
    response = JsonResponse(body, status=status, safe=False, content_type=content_type) if body is not None \
        else HttpResponse(status=status, content_type=content_type)
    response["API-Version"] = VERSION
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


FAULT = {"type": "https://toegang.example/problemen/niet-gevonden", "code": "niet-gevonden", "title": "Niet gevonden.",
         "status": 404, "detail": "Niet gevonden.", "instance": "/api/v1/inwoners/1"}


def test_the_contract_fails_what_the_document_does_not_describe():
    contract = Contract(DOCUMENT)
    assert contract.problems("GET", "/api/v1/inwoners/1", _response(404, FAULT, "application/problem+json")) == []
    undocumented_status = contract.problems("GET", "/api/v1/inwoners/1", _response(409, {**FAULT, "status": 409},
                                                                                  "application/problem+json"))
    assert "status 409 is not documented" in undocumented_status[0]
    assert "not documented" in contract.problems("GET", "/api/v1/inwoners/1", _response(404, FAULT))[0]  # not problem
    extra_field = contract.problems("GET", "/api/v1/inwoners/1", _response(404, {**FAULT, "stack": "..."},
                                                                             "application/problem+json"))
    assert "Additional properties" in extra_field[0]
    english = contract.problems("GET", "/api/v1/inwoners/1", _response(404, {**FAULT, "code": "not_found"},
                                                                         "application/problem+json"))
    assert "does not match" in english[0]
    no_version = _response(404, FAULT, "application/problem+json")
    del no_version["API-Version"]
    assert "API-Version" in contract.problems("GET", "/api/v1/inwoners/1", no_version)[0]
    html = contract.problems("GET", "/api/v1/onbekend", _response(404, None, "text/html"))
    assert "content type" in html[0]
    wrong_method = contract.problems("DELETE", "/api/v1/inwoners/1", _response(200, {}))
    assert "expected 405" in wrong_method[0]


def test_the_contract_checks_every_answer_of_this_module(client_for, profile, monkeypatch):
    """The fixture is wired: with a document of another version, the next answer fails the test that got it."""
    client = client_for("balie")
    assert client.head("/api/v1/huishoudens").status_code == 200  # HEAD is GET without the body
    monkeypatch.setitem(contract().document["info"], "version", "9.9.9")  # the document the fixture uses
    with pytest.raises(AssertionError, match=f"header API-Version is '{VERSION}'"):
        client.get("/api/v1/huishoudens")


def test_options_is_not_part_of_the_api(client_for, profile):
    assert problem(client_for("balie").options("/api/v1/huishoudens"), 405)["code"] == "methode-niet-toegestaan"


def test_the_contract_requires_location_on_201_and_a_valid_body():
    contract = Contract(DOCUMENT)
    created = {"id": 1, "url": "http://testserver/api/v1/verwijzingen/1", "ontvangenOp": "2026-11-23T10:00:00+01:00",
               "terugkoppeling": "ontvangen"}
    assert contract.problems("POST", "/api/v1/verwijzingen", _response(
        201, created, Location="http://testserver/api/v1/verwijzingen/1")) == []
    assert contract.problems("POST", "/api/v1/verwijzingen", _response(201, created)) == [
        "required header Location is missing"]
    as_link = contract.problems("GET", "/api/v1/verwijzingen/1", _response(200, {**created, "id": "/api/v1/x"}))
    assert "id: '/api/v1/x' is not of type 'integer'" in as_link


# --- API-key clients get the same conventions -----------------------------------------------------------------


def test_a_token_client_gets_the_same_answers(staff, profile):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_key(staff['backoffice'])}")
    listed = client.get("/api/v1/besluiten?pageSize=1")
    assert listed.status_code == 200 and listed["API-Version"] == VERSION
    refused = Client(HTTP_AUTHORIZATION="Bearer onzin").get("/api/v1/besluiten")
    assert problem(refused, 401)["code"] == "api-sleutel-ongeldig" and refused["API-Version"] == VERSION
    assert problem(Client().get("/api/v1/besluiten"), 401)["code"] == "niet-ingelogd"
