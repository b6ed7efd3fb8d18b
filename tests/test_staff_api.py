"""Staff administration in the API (issue 13, item 3): /api/v1/medewerkers with roles per gemeente and teams, the
same rules as the pages (accounts.actions.staff), Dutch camelCase fields, problem+json errors, every answer checked
against openapi.yaml."""

import pytest
from django.test import Client

from toegang.accounts.models import Medewerker, RoleAssignment, Team
from toegang.audit.models import ChangeLog

from .factories import api_key
from .openapi_contract import api_contract  # noqa: F401 (every answer is checked against openapi.yaml)
from .standard_data import make_staff_member

MEDEWERKERS = "/api/v1/medewerkers"


@pytest.fixture
def api(staff):
    def make(role):
        client = Client()
        client.force_login(staff[role])
        return client

    return make


def invalid(response) -> dict[str, str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {p["name"]: p["reason"] for p in response.json()["invalidParams"]}


def test_the_list_is_paged_searchable_and_only_for_functional_administration(staff, api):
    for i in range(3):
        make_staff_member("balie", username=f"extra{i}", organisatie="welzijn-demo")
    body = api("beheer").get(f"{MEDEWERKERS}?pageSize=5").json()
    assert body["count"] == len(staff) + 3 and len(body["results"]) == 5 and "pageSize=5" in body["next"]
    row = next(r for r in api("beheer").get(f"{MEDEWERKERS}?pageSize=100").json()["results"]
               if r["gebruikersnaam"] == "generalist")
    assert row["rollen"][0]["gemeente"] == "9901" and row["rollen"][0]["rol"] == "generalist"
    assert row["teams"][0]["team"] == "st-noord-zuid" and row["actief"] is True and row["versie"] == 1
    found = api("beheer").get(f"{MEDEWERKERS}?zoek=Stichting").json()
    assert {r["gebruikersnaam"] for r in found["results"]} == {"extra0", "extra1", "extra2"}
    assert api("beheer").get(f"{MEDEWERKERS}?actief=false").json()["count"] == 0
    assert invalid(api("beheer").get(f"{MEDEWERKERS}?actief=misschien")) == {"actief": "Kies true, false of alle."}
    refused = api("teamleider").get(MEDEWERKERS)
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"


def test_create_read_and_change_a_staff_member(staff, api):
    created = api("beheer").post(MEDEWERKERS, {"gebruikersnaam": "nina", "naam": "Nina de Nieuwe",
                                               "email": "nina@demodam.example", "functie": "Consulent",
                                               "organisatie": "gemeente-demodam"}, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert created["Location"].endswith(f"{MEDEWERKERS}/{body['id']}")
    assert body["naam"] == "Nina de Nieuwe" and body["organisatie"] == "gemeente-demodam" and body["rollen"] == []
    assert "wachtwoord" not in body and not Medewerker.objects.get(username="nina").has_usable_password()

    url = f"{MEDEWERKERS}/{body['id']}"
    assert api("beheer").get(url).json()["gebruikersnaam"] == "nina"
    changed = api("beheer").patch(url, {"versie": 1, "functie": "Teamcoach", "organisatie": "welzijn-demo"},
                                  content_type="application/json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["functie"] == "Teamcoach" and changed.json()["versie"] == 2
    stale = api("beheer").patch(url, {"versie": 1, "functie": "Iets anders"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"


def test_input_errors_name_the_dutch_fields(staff, api):
    refused = api("beheer").post(MEDEWERKERS, {"gebruikersnaam": "Balie", "naam": "Bea", "email": "geen-adres",
                                               "organisatie": "gemeente-demodam", "wachtwoord": "839201746352"},
                                 content_type="application/json")
    assert set(invalid(refused)) == {"gebruikersnaam", "email", "wachtwoord"}
    unknown = api("beheer").post(MEDEWERKERS, {"gebruikersnaam": "bea", "naam": "Bea", "organisatie": "onbekend"},
                                 content_type="application/json")
    assert set(invalid(unknown)) == {"organisatie"}


def test_deactivating_through_the_api_needs_a_reason_and_stops_the_key(staff, api):
    key = api_key(staff["generalist"])
    url = f"{MEDEWERKERS}/{staff['generalist'].pk}"
    assert set(invalid(api("beheer").patch(url, {"versie": 1, "actief": False},
                                           content_type="application/json"))) == {"reden"}
    done = api("beheer").patch(url, {"versie": 1, "actief": False, "reden": "uit dienst"},
                               content_type="application/json")
    assert done.status_code == 200 and done.json()["actief"] is False
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/huishoudens")
    assert refused.status_code == 401
    back = api("beheer").patch(url, {"versie": 2, "actief": True, "reden": "terug"}, content_type="application/json")
    assert back.status_code == 200 and back.json()["actief"] is True
    assert ChangeLog.objects.filter(event__in=["medewerker.gedeactiveerd", "medewerker.geactiveerd"],
                                    object_id=str(staff["generalist"].pk)).count() == 2


def test_roles_are_granted_per_gemeente_only_as_the_profile_allows(staff, api):
    generalist = staff["generalist"]
    url = f"{MEDEWERKERS}/{generalist.pk}/rollen"
    granted = api("beheer").post(url, {"gemeente": "9901", "rol": "balie"}, content_type="application/json")
    assert granted.status_code == 201, granted.content
    assignment = RoleAssignment.objects.get(medewerker=generalist, role__code="balie")
    assert granted["Location"].endswith(f"{url}/{assignment.pk}") and granted.json()["rolNaam"] == "Baliemedewerker"
    assert {r["rol"] for r in api("beheer").get(url).json()} == {"generalist", "balie"}
    refused = api("beheer").post(url, {"gemeente": "9901", "rol": "privacy"}, content_type="application/json")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert set(invalid(api("beheer").post(url, {"gemeente": "9901", "rol": "bestaat-niet"},
                                          content_type="application/json"))) == {"rol"}
    assert set(invalid(api("beheer").post(url, {"gemeente": "9902", "rol": "balie"},
                                          content_type="application/json"))) == {"gemeente"}
    assert api("beheer").get(f"{url}/{assignment.pk}").json()["gemeente"] == "9901"
    assert api("beheer").delete(f"{url}/{assignment.pk}").status_code == 204
    assert api("beheer").delete(f"{url}/{assignment.pk}").status_code == 404
    own = RoleAssignment.objects.get(medewerker=staff["beheer"])
    mine = api("beheer").delete(f"{MEDEWERKERS}/{staff['beheer'].pk}/rollen/{own.pk}")
    assert mine.status_code == 403 and RoleAssignment.objects.filter(pk=own.pk).exists()


def test_teams(staff, api):
    generalist = staff["generalist"]
    url = f"{MEDEWERKERS}/{generalist.pk}/teams"
    added = api("beheer").post(url, {"gemeente": "9901", "team": "st-centrum"}, content_type="application/json")
    assert added.status_code == 201, added.content
    assert added.json()["teamNaam"] == "Sociaal team Centrum"
    assert {t["team"] for t in api("beheer").get(url).json()} == {"st-noord-zuid", "st-centrum"}
    assert set(invalid(api("beheer").post(url, {"gemeente": "9901", "team": "st-nergens"},
                                          content_type="application/json"))) == {"team"}
    membership = generalist.team_memberships.get(team=Team.objects.get(code="st-centrum"))
    assert api("beheer").delete(f"{url}/{membership.pk}").status_code == 204
    assert not generalist.team_memberships.filter(pk=membership.pk).exists()


def test_a_staff_member_outside_my_gemeenten_is_not_found(staff, api):
    elsewhere = make_staff_member("generalist", gemeenten=["9902"], teams=["st-voorbeeldorp"])
    assert api("beheer").get(f"{MEDEWERKERS}/{elsewhere.pk}").status_code == 404
    assert api("beheer").get(f"{MEDEWERKERS}/{staff['privacy'].pk}").status_code == 200  # seen, not administered
    refused = api("beheer").patch(f"{MEDEWERKERS}/{staff['privacy'].pk}", {"versie": 1, "functie": "FG"},
                                  content_type="application/json")
    assert refused.status_code == 403
