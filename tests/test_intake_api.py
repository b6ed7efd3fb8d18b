"""The front door over the API: idempotent create, triage, aanvragen with clocks, partner referrals, bad input."""

import datetime as dt
import json

import pytest
import time_machine

from toegang.audit.models import ChangeLog
from toegang.intake.models import Melding

from .factories import ResidentFactory
from .openapi_contract import api_contract  # noqa: F401 (every answer is checked against openapi.yaml)
from .test_mandate_reach import client_of, kind, krimpen, krimpen_staff, walk_in  # noqa: F401 (fixtures)

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def post(client, url, body, **headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def resident(profile):
    return ResidentFactory()


def new(resident, **kw):
    return {"gemeente": "9901", "kanaal": "telefoon", "bron": "zelf", "inwoners": [resident.pk],
            "vraag": "Mijn vader kan niet meer zelf koken", "wetten": ["wmo"], "levensgebieden": ["adl"], **kw}


def test_create_melding_is_idempotent_by_header(client_for, resident):
    client = client_for("balie")
    first = post(client, "/api/v1/meldingen", new(resident), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["team"] == "st-noord-zuid" and body["routeringsregel"] == "wijk"
    assert body["termijnen"][0]["soort"] == "wmo-onderzoek" and body["termijnen"][0]["uitersteDatum"] == "2027-01-04"
    again = post(client, "/api/v1/meldingen", new(resident, vraag="anders"), HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Melding.objects.count() == 1


def test_create_melding_bad_input(client_for, resident):
    client = client_for("balie")
    response = post(client, "/api/v1/meldingen", {**new(resident), "inwoners": [], "vraag": "x"})
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["invalidParams"][0]["name"] == "inwoners"
    future = post(client, "/api/v1/meldingen", new(resident, ontvangenOp="2026-11-24T10:00:00Z"))
    assert future.json()["invalidParams"][0]["name"] == "ontvangenOp"
    wrong = post(client, "/api/v1/meldingen", new(resident, urgentie="heel-erg", wetten=["wet"]))
    assert {p["name"] for p in wrong.json()["invalidParams"]} >= {"urgentie", "wetten.0"}
    assert not Melding.objects.exists()


def test_triage_over_the_api(client_for, resident):
    client = client_for("balie")
    created = post(client, "/api/v1/meldingen", new(resident)).json()
    triaged = post(client, f"/api/v1/meldingen/{created['id']}/triage",
                   {"uitkomst": "meervoudig", "reden": "schulden en zorg", "versie": created["versie"]})
    assert triaged.status_code == 200, triaged.content
    body = triaged.json()
    assert body["triage"] == "meervoudig" and body["casus"] is not None
    assert {t["soort"] for t in body["termijnen"]} == {"wmo-onderzoek", "eerste-contact"}
    stale = post(client, f"/api/v1/meldingen/{created['id']}/triage",
                 {"uitkomst": "enkelvoudig", "reden": "x", "versie": created["versie"]})
    assert stale.status_code == 409


def test_aanvraag_over_the_api(client_for, resident):
    client = client_for("balie")
    melding = post(client, "/api/v1/meldingen", new(resident)).json()
    created = post(client, "/api/v1/aanvragen", {"melding": melding["id"], "aanvrager": resident.pk, "wet": "wmo",
                                                 "gevraagd": "maaltijdvoorziening"})
    assert created.status_code == 201, created.content
    assert created.json()["termijnen"][0]["uitersteDatum"] == "2026-12-07"
    other = ResidentFactory()
    wrong = post(client, "/api/v1/aanvragen", {"melding": melding["id"], "aanvrager": other.pk, "wet": "wmo",
                                               "gevraagd": "x"})
    assert wrong.status_code == 400 and wrong.json()["invalidParams"][0]["name"] == "aanvrager"
    listing = client.get("/api/v1/aanvragen").json()
    assert listing["count"] == 1


def test_partner_refers_and_sees_only_feedback(client_for, resident):
    partner = client_for("partner")
    response = post(partner, "/api/v1/verwijzingen", {"gemeente": "9901", "naam": resident.full_name,
                                                      "bsn": resident.bsn, "vraag": "Zorgen om het gezin"})
    assert response.status_code == 201, response.content
    assert set(response.json()) == {"id", "url", "ontvangenOp", "terugkoppeling"}
    assert response.json()["terugkoppeling"] == "ontvangen"
    melding_id = response.json()["id"]
    assert response["Location"] == response.json()["url"]
    assert partner.get(response["Location"]).json()["terugkoppeling"] == "ontvangen"
    # the partner does not see the melding itself
    assert partner.get(f"/api/v1/meldingen/{melding_id}").status_code == 404
    desk = client_for("balie")
    post(desk, f"/api/v1/meldingen/{melding_id}/triage", {"uitkomst": "enkelvoudig", "reden": "korte vraag"})
    listed = partner.get("/api/v1/verwijzingen").json()["results"]
    assert listed == [{"id": melding_id, "url": response.json()["url"], "ontvangenOp": listed[0]["ontvangenOp"],
                       "terugkoppeling": "opgepakt"}]
    assert post(client_for("balie"), "/api/v1/verwijzingen", {"gemeente": "9901", "naam": "x", "vraag": "y"}).status_code == 403


def test_a_crisis_clock_shows_its_moment_and_a_day_clock_none(client_for, resident):
    created = post(client_for("balie"), "/api/v1/meldingen", new(resident, urgentie="crisis"))
    assert created.status_code == 201, created.content
    clocks = {t["soort"]: t for t in created.json()["termijnen"]}
    assert dt.datetime.fromisoformat(clocks["crisis-contact"]["uiterlijkOpMoment"]) == NOW + dt.timedelta(hours=4)
    assert clocks["wmo-onderzoek"]["uiterlijkOpMoment"] is None
    detail = client_for("balie").get(created.json()["url"]).json()
    assert {t["soort"]: t["uiterlijkOpMoment"] for t in detail["termijnen"]} == {
        soort: t["uiterlijkOpMoment"] for soort, t in clocks.items()}


# --- information and advice on kinds of provision: the mandate row 'informatie en advies' (Krimpen Figuur 5) ---------


def advice(melding, *codes):
    return {"uitkomst": "informatie-advies", "reden": "uitleg gegeven", "versie": melding.version,
            "adviesOver": [kind(code).pk for code in codes]}


def test_the_intake_consultant_may_not_advise_on_specialist_youth_care_over_the_api(walk_in):  # noqa: F811
    vit = client_of(krimpen_staff("vit-consulent", ["vit"]))
    refused = post(vit, f"/api/v1/meldingen/{walk_in.pk}/triage",
                   advice(walk_in, "jeugdhulp-specialistisch", "wmo-begeleiding"))
    assert refused.status_code == 400, refused.content
    problem = refused.json()["invalidParams"]
    assert [p["name"] for p in problem] == ["adviesOver"]
    assert "geen mandaat voor 'informatie en advies' bij Specialistische voorziening (jeugd)" in problem[0]["reason"]
    walk_in.refresh_from_db()
    assert walk_in.status == Melding.Status.OPEN and walk_in.triage_outcome == ""
    unknown = post(vit, f"/api/v1/meldingen/{walk_in.pk}/triage", {**advice(walk_in), "adviesOver": [999999]})
    assert unknown.status_code == 400 and unknown.json()["invalidParams"][0]["name"] == "adviesOver"


def test_the_intake_consultant_advises_on_wmo_custom_provisions_over_the_api(walk_in):  # noqa: F811
    vit = client_of(krimpen_staff("vit-consulent", ["vit"]))
    triaged = post(vit, f"/api/v1/meldingen/{walk_in.pk}/triage", advice(walk_in, "wmo-begeleiding"))
    assert triaged.status_code == 200, triaged.content
    assert triaged.json()["triage"] == "informatie-advies"
    assert ChangeLog.objects.get(event="melding.advies_gegeven", object_id=str(walk_in.pk)).new["advies_over"] == [
        "wmo-begeleiding"]
