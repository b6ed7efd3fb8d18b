"""The REST API: Dutch resources, problem+json for every kind of bad input, token auth, schema drift."""

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from toegang.audit.models import AccessLog, ChangeLog
from toegang.persons.models import Resident

from .factories import ResidentFactory, api_key, valid_bsn
from .openapi_contract import api_contract  # noqa: F401 (every answer is checked against openapi.yaml)

SCHEMA = Path(__file__).resolve().parent.parent / "src" / "toegang" / "api" / "openapi.yaml"


@pytest.fixture
def api(client_for):
    client = client_for("balie")

    def request(method, url, body=None, raw=None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs = {"content_type": "application/json"} if data is not None else {}
        return getattr(client, method)(url, data=data, **kwargs) if data is not None else getattr(client, method)(url)

    return request


NEW = {"gemeente": "9901", "voornamen": "Sanne", "geslachtsnaam": "de Boer", "geboortedatum": "1985-02-03",
       "geslacht": "2", "bsn": valid_bsn(42), "adres": {"postcode": "9902 CD", "huisnummer": 7, "straatnaam": "Eikenlaan",
                                                        "woonplaats": "Demodam"}}


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_create_and_read_back(api):
    response = api("post", "/api/v1/inwoners", NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["geslachtsnaam"] == "de Boer" and body["adres"]["postcode"] == "9902CD" and body["versie"] == 1
    assert body["huishouden"] == Resident.objects.get().household_id  # a reference is the other resource's id
    assert response["Location"] == body["url"] == f"http://testserver/api/v1/inwoners/{body['id']}"
    detail = api("get", f"/api/v1/inwoners/{body['id']}").json()
    assert detail["bsn"] == NEW["bsn"] and detail["communicatieToelichting"] == ""
    household = api("get", f"/api/v1/huishoudens/{body['huishouden']}").json()
    assert [m["naam"] for m in household["leden"]] == ["Sanne de Boer"]
    assert household["adressen"][0]["geldigTot"] is None


def test_invalid_bsn_is_a_400_naming_the_field_in_dutch(api):
    body = problem(api("post", "/api/v1/inwoners", {**NEW, "bsn": "123456789"}), 400)
    assert body["invalidParams"] == [{"name": "bsn", "code": "ongeldige-invoer", "reason": "BSN voldoet niet aan de elfproef."}]
    assert not Resident.objects.exists()


def test_a_second_resident_at_an_occupied_address_chooses_the_household(api):
    """Issue 11 point 1: never a silent second household, in the API as on the page."""
    mother = api("post", "/api/v1/inwoners", NEW).json()
    child = {**NEW, "voornamen": "Mila", "geboortedatum": "2015-06-01", "bsn": valid_bsn(43)}
    body = problem(api("post", "/api/v1/inwoners", child), 400)
    assert [p["name"] for p in body["invalidParams"]] == ["huishouden"]
    assert Resident.objects.count() == 1
    joined = api("post", "/api/v1/inwoners", {**child, "huishouden": mother["huishouden"]})
    assert joined.status_code == 201 and joined.json()["huishouden"] == mother["huishouden"]
    lodger = {**NEW, "voornamen": "Kees", "geslachtsnaam": "Kamer", "bsn": valid_bsn(44), "nieuwHuishouden": True}
    separate = api("post", "/api/v1/inwoners", lodger)
    assert separate.status_code == 201 and separate.json()["huishouden"] != mother["huishouden"]


def test_malformed_json_is_a_400_not_a_500(api):
    body = problem(api("post", "/api/v1/inwoners", raw="{niet: json"), 400)
    assert body["detail"] == "De body is geen geldige JSON."


def test_wrong_types_and_impossible_dates_name_the_fields(api):
    body = problem(api("post", "/api/v1/inwoners", {**NEW, "geboortedatum": "2023-02-30", "geslacht": 7,
                                                    "adres": {"huisnummer": "zeven"}}), 400)
    names = {p["name"] for p in body["invalidParams"]}
    assert {"geboortedatum", "geslacht", "adres.huisnummer"} <= names


def test_future_birth_date_and_bad_postcode(api):
    body = problem(api("post", "/api/v1/inwoners", {**NEW, "geboortedatum": "2999-01-01",
                                                    "adres": {"postcode": "99AB", "huisnummer": 1}}), 400)
    assert body["invalidParams"][0]["name"] in {"geboortedatum", "postcode"}


def test_duplicate_bsn_is_a_409_with_the_existing_id(api):
    first = api("post", "/api/v1/inwoners", NEW).json()
    body = problem(api("post", "/api/v1/inwoners", NEW), 409)
    assert body["bestaandId"] == first["id"] and body["code"] == "dubbel"
    assert Resident.objects.count() == 1


def test_double_submit_without_bsn_warns_then_accepts_on_confirmation(api):
    without = {**NEW, "bsn": None}
    assert api("post", "/api/v1/inwoners", without).status_code == 201
    body = problem(api("post", "/api/v1/inwoners", without), 409)
    assert body["code"] == "mogelijk-dubbel" and len(body["bestaandeIds"]) == 1
    assert api("post", "/api/v1/inwoners", {**without, "bevestigAnderPersoon": True, "nieuwHuishouden": True}).status_code == 201


def test_update_with_stale_version_is_a_409_and_changes_nothing(api):
    created = api("post", "/api/v1/inwoners", NEW).json()
    update = {k: NEW[k] for k in ("voornamen", "geslachtsnaam", "geboortedatum", "geslacht", "bsn")}
    assert api("put", f"/api/v1/inwoners/{created['id']}", {**update, "voornamen": "Sanna", "versie": 1}).status_code == 200
    problem(api("put", f"/api/v1/inwoners/{created['id']}", {**update, "voornamen": "Suzanne", "versie": 1}), 409)
    assert Resident.objects.get().voornamen == "Sanna"


def test_search_requires_a_criterion_and_validates_it(api):
    problem(api("get", "/api/v1/inwoners"), 400)
    body = problem(api("get", "/api/v1/inwoners?geboortedatum=2020-13-45&naam=x"), 400)
    assert body["invalidParams"][0]["name"] == "geboortedatum"


def test_search_pages_and_logs_access_per_page(api, profile):
    residents = [ResidentFactory(geslachtsnaam=f"Smit{i:02d}") for i in range(30)]
    first = api("get", "/api/v1/inwoners?naam=smit").json()
    assert len(first["results"]) == 25 and first["next"] and first["previous"] is None
    second = api("get", first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    rows = list(AccessLog.objects.filter(channel="api").order_by("seq"))
    assert [len(r.subject_ids) for r in rows] == [25, 5]
    assert set(rows[0].subject_ids) | set(rows[1].subject_ids) == {r.pk for r in residents}


def test_household_list_is_paginated_and_scoped(client_for, profile):
    for _ in range(3):
        ResidentFactory()
    body = client_for("generalist").get("/api/v1/huishoudens?pageSize=2").json()
    assert body["count"] == 3 and len(body["results"]) == 2
    assert client_for("partner").get("/api/v1/huishoudens").json()["count"] == 0


def test_move_via_api(api):
    created = api("post", "/api/v1/inwoners", NEW).json()
    url = f"/api/v1/huishoudens/{created['huishouden']}/verhuizing"
    today = dt.date.today()
    too_late = (today + dt.timedelta(days=400)).isoformat()
    moved = api("post", url, {"versie": 1, "datum": too_late, "postcode": "9901AB", "huisnummer": 1})
    assert problem(moved, 400)["invalidParams"][0]["name"] == "datum"  # more than a year ahead
    too_early = api("post", url, {"versie": 1, "datum": (today - dt.timedelta(days=1)).isoformat(), "postcode": "9901AB",
                                  "huisnummer": 1})
    problem(too_early, 400)  # before the current address began (registered today)
    soon = (today + dt.timedelta(days=10)).isoformat()
    moved = api("post", url, {"versie": 1, "datum": soon, "postcode": "9901AB", "huisnummer": 1})
    assert moved.status_code == 200 and moved.json()["wijk"] == "centrum"
    assert ChangeLog.objects.filter(event="huishouden.verhuisd").count() == 1


def test_api_key_auth(staff):
    key = api_key(staff["balie"])
    client = Client()
    assert client.get("/api/v1/huishoudens").status_code == 401
    assert client.get("/api/v1/huishoudens", HTTP_AUTHORIZATION="Bearer onzin").status_code == 401
    response = client.get("/api/v1/huishoudens", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200


def test_unknown_gemeente_or_no_mandate_there(api):
    body = problem(api("post", "/api/v1/inwoners", {**NEW, "gemeente": "9902"}), 400)
    assert body["invalidParams"][0]["name"] == "gemeente"


def test_checked_in_schema_matches_the_code(tmp_path):
    """Fails on drift: regenerate with `toegang spectacular --file src/toegang/api/openapi.yaml`."""
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated))
    assert yaml.safe_load(generated.read_text()) == yaml.safe_load(SCHEMA.read_text())


def test_schema_uses_dutch_resources_and_camel_case():
    schema = yaml.safe_load(SCHEMA.read_text())
    assert {"/api/v1/inwoners", "/api/v1/huishoudens", "/api/v1/inwoners/{id}"} <= set(schema["paths"])
    fields = schema["components"]["schemas"]["Inwoner"]["properties"]
    assert "communicatieToelichting" in fields and "communicatie_toelichting" not in fields


def test_create_household_then_register_a_member_into_it(api):
    created = api("post", "/api/v1/huishoudens", {"gemeente": "9901", "naam": "Huishouden Yilmaz", "postcode": "9903AA",
                                                  "huisnummer": 5, "straatnaam": "Vermeerlaan"})
    assert created.status_code == 201, created.content
    household = created.json()
    assert household["wijk"] == "zuid" and household["naam"] == "Huishouden Yilmaz"
    member = api("post", "/api/v1/inwoners", {"gemeente": "9901", "voornamen": "Elif", "geslachtsnaam": "Yilmaz",
                                              "huishouden": household["id"]})
    assert member.status_code == 201 and member.json()["huishouden"] == household["id"]
    body = problem(api("post", "/api/v1/huishoudens", {"gemeente": "9901", "naam": " ", "postcode": "9903AA",
                                                       "huisnummer": 5}), 400)
    assert body["invalidParams"][0]["name"] == "naam"
