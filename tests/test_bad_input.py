"""Issue 9, item 4: bad input never answers 500. Every request the issue names, with the exact status and the Dutch
message: deeply nested JSON on every write endpoint, a body over the limit, lone surrogates, NUL bytes on the API and
on pages, a huge page number, overlong text, invalid query values, a move without an address, and (PostgreSQL) twenty
identical meldingen at once and two triages at once."""

import datetime as dt
import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from toegang.accounts.actors import actor_for_user
from toegang.core.actor import SYSTEM
from toegang.intake import actions as intake_actions
from toegang.intake.actions import MeldingData, check_register_melding
from toegang.intake.models import Melding
from toegang.persons.models import Household
from toegang.provisions.models import Product, Voorziening

from .factories import HouseholdFactory, ResidentFactory, api_key
from .provisions_support import TODAY, case_with_goal

PG_ONLY = pytest.mark.skipif("connection.vendor != 'postgresql'",
                             reason="concurrency: SQLite serialises every writer (BEGIN IMMEDIATE); PostgreSQL is where "
                                    "requests really run in parallel")


def post(client, url, body, **extra):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", **extra)


def problem(response, status):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.fixture
def world(staff, demodam, client_for):
    """A resident in a household, a melding, a case with a goal (generalist directs), an indication and a decision."""
    household = HouseholdFactory(gemeente=demodam)
    resident = ResidentFactory(household=household)
    melding, _ = check_register_melding(actor=SYSTEM, gemeente=demodam,
                                        data=MeldingData(question="Hulp bij het huishouden", channel="telefoon",
                                                         source="zelf", laws=["wmo"]), persons=[resident])
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    product = Product.objects.get(code="45A48")
    body = {"casus": casus.pk, "nieuweAanvraag": True, "client": child.pk, "product": product.pk, "omvang": 2,
            "frequentie": "2", "van": TODAY.isoformat(), "totEnMet": (TODAY + dt.timedelta(days=90)).isoformat(),
            "leveringsvorm": "zin", "aanbieder": "98765432", "doelen": [goal], "motivering": "vastgelopen",
            "overwogen": [Voorziening.objects.get(code="opvoedspreekuur").pk], "eigenKracht": "wil",
            "netwerk": "oma", "waaromNietVoldoende": "te zwaar"}
    indicatie = post(client_for("generalist"), "/api/v1/indicaties", body)
    assert indicatie.status_code == 201, indicatie.content
    indicatie_id = indicatie.json()["id"]
    besluit = post(client_for("procesregisseur"), f"/api/v1/indicaties/{indicatie_id}/besluit",
                   {"uitkomst": "toegekend", "motivering": "Het helpt."})
    assert besluit.status_code == 201, besluit.content
    return {"household": household, "resident": resident, "melding": melding, "casus": casus,
            "indicatie": indicatie_id, "besluit": besluit.json()["id"]}


def write_endpoints(w):
    """(role, method, url) of all sixteen write endpoints, with rows the role may change."""
    return [
        ("balie", "post", "/api/v1/inwoners"),
        ("balie", "put", f"/api/v1/inwoners/{w['resident'].pk}"),
        ("balie", "post", "/api/v1/huishoudens"),
        ("balie", "post", f"/api/v1/huishoudens/{w['household'].pk}/verhuizing"),
        ("balie", "post", "/api/v1/meldingen"),
        ("balie", "post", f"/api/v1/meldingen/{w['melding'].pk}/triage"),
        ("balie", "post", "/api/v1/aanvragen"),
        ("partner", "post", "/api/v1/verwijzingen"),
        ("generalist", "post", f"/api/v1/casussen/{w['casus'].pk}/plan/doelen"),
        ("generalist", "post", f"/api/v1/casussen/{w['casus'].pk}/plan/acties"),
        ("generalist", "post", f"/api/v1/casussen/{w['casus'].pk}/contactmomenten"),
        ("generalist", "post", f"/api/v1/casussen/{w['casus'].pk}/metingen"),
        ("generalist", "post", "/api/v1/indicaties"),
        ("procesregisseur", "post", f"/api/v1/indicaties/{w['indicatie']}/besluit"),
        ("backoffice", "post", f"/api/v1/besluiten/{w['besluit']}/verzenden"),
        ("backoffice", "post", "/api/v1/bezwaren"),
    ]


def test_deeply_nested_json_is_refused_on_every_write_endpoint(world, client_for):
    endpoints = write_endpoints(world)
    assert len(endpoints) == 16
    for role, method, url in endpoints:
        client = client_for(role)
        for depth in (100_000, 17):  # past Python's recursion limit, and just past ours
            response = getattr(client, method)(url, data=nested(depth), content_type="application/json")
            body = problem(response, 400)
            assert body["code"] == "te-diep", (url, body)
            assert body["detail"] == "De body is te diep genest: ten hoogste 16 niveaus.", url


def test_a_body_over_two_megabytes_is_413(world, client_for):
    body = json.dumps({"vraag": "x" * (2_500_000)})
    response = post(client_for("balie"), "/api/v1/meldingen", body)
    result = problem(response, 413)
    assert result["code"] == "te-groot"
    assert result["detail"] == "Het verzoek is te groot (2 MB); de grens is 2 MB."
    assert not Melding.objects.filter(question__startswith="xxx").exists()


def test_a_form_post_over_the_limit_is_a_dutch_413_page(world, client_for):
    urlencoded = client_for("balie").post("/meldingen/nieuw/", data="question=" + "x" * 2_500_000,
                                          content_type="application/x-www-form-urlencoded")
    assert urlencoded.status_code == 413
    assert "Het verzoek is te groot (2 MB); de grens is 2 MB." in urlencoded.content.decode()
    multipart = client_for("balie").post("/meldingen/nieuw/", data={"question": "x" * 2_500_000})
    assert multipart.status_code == 413
    assert "de formuliervelden samen mogen hoogstens 2 MB zijn." in multipart.content.decode()


def test_lone_surrogate_in_a_choice_field_is_400(world, client_for, resident_body):
    response = post(client_for("balie"), "/api/v1/meldingen", '{"gemeente": "9901", "kanaal": "\\ud800", '
                    f'"bron": "zelf", "inwoners": [{world["resident"].pk}], "vraag": "hulp"}}')
    body = problem(response, 400)
    assert body["code"] == "ongeldig-teken"
    assert body["invalidParams"] == [{"name": "kanaal", "code": "ongeldig-teken",
                                      "reason": "Bevat een ongeldig teken (een losse surrogate)."}]
    nested_field = post(client_for("balie"), "/api/v1/meldingen", resident_body(world, wetten=["\ud800"]))
    assert problem(nested_field, 400)["invalidParams"][0]["name"] == "wetten.0"
    assert Melding.objects.count() == 2  # the world's melding and the case's; nothing new


@pytest.fixture
def resident_body():
    def make(world, **overrides):
        return json.dumps({"gemeente": "9901", "kanaal": "telefoon", "bron": "zelf",
                           "inwoners": [world["resident"].pk], "vraag": "hulp", **overrides})

    return make


def test_nul_in_a_json_string_is_400(world, client_for, resident_body):
    response = post(client_for("balie"), "/api/v1/meldingen", resident_body(world, vraag="a\x00b"))
    body = problem(response, 400)
    assert body["detail"] == "Het veld 'vraag' bevat een ongeldig teken (NUL)."


@pytest.mark.parametrize("url", ["/api/v1/voorzieningen?wet=a%00", "/api/v1/meldingen?status=%00",
                                 "/api/v1/inwoners?naam=jan%00", "/api/v1/huishoudens?postcode=%00"])
def test_nul_in_api_query_parameters_is_400(world, client_for, url):
    body = problem(client_for("generalist").get(url), 400)
    assert body["code"] == "ongeldig-teken"
    assert body["detail"].endswith("bevat een ongeldig teken (NUL).")


@pytest.mark.parametrize("url", ["/werkbak/?urgentie=%00", "/?urgentie=%00", "/zoeken/?naam=%00",
                                 "/sociale-kaart/?zoek=%00"])
def test_nul_in_page_query_parameters_is_a_dutch_400_page(world, client_for, url):
    response = client_for("generalist").get(url)
    assert response.status_code == 400
    assert "bevat een ongeldig teken (NUL)" in response.content.decode()


def test_nul_in_a_posted_form_field_is_a_dutch_400_page(world, client_for):
    response = client_for("balie").post("/meldingen/nieuw/", data={"question": "a\x00b"})
    assert response.status_code == 400
    assert "De parameter &#x27;question&#x27; bevat een ongeldig teken (NUL)." in response.content.decode()


def test_a_huge_page_number_is_400_and_a_page_past_the_end_404(world, client_for):
    client = client_for("generalist")
    body = problem(client.get("/api/v1/voorzieningen?page=99999999999999999999"), 400)
    assert body["invalidParams"] == [{"name": "page", "code": "ongeldige-invoer",
                                      "reason": "Kies een getal van 1 tot en met 2147483647."}]
    assert problem(client.get("/api/v1/inwoners?naam=a&page=99999999999999999999"), 400)["invalidParams"][0]["name"] \
        == "page"
    past = problem(client.get("/api/v1/voorzieningen?page=5000"), 404)
    assert past["detail"].startswith("Pagina 5000 bestaat niet")
    assert problem(client.get("/api/v1/voorzieningen?pageSize=abc"), 400)["invalidParams"][0]["name"] == "pageSize"
    assert client.get("/werkbak/?pagina=99999999999999999999").status_code == 400
    assert client.get("/zoeken/?naam=a&pagina=abc").status_code == 400


def test_a_triage_reason_over_1000_characters_is_400(world, client_for):
    melding = world["melding"]
    response = post(client_for("balie"), f"/api/v1/meldingen/{melding.pk}/triage",
                    {"uitkomst": "enkelvoudig", "reden": "r" * 1001})
    body = problem(response, 400)
    assert body["invalidParams"] == [{"name": "reden", "code": "te-lang",
                                      "reason": "Zorg ervoor dat dit veld niet meer dan 1000 karakters bevat."}]
    melding.refresh_from_db()
    assert melding.triage_outcome == ""


def test_the_triage_action_refuses_a_long_reason_too(world, staff):
    with pytest.raises(intake_actions.ValidationFailed, match="De triage is te lang."):
        intake_actions.check_triage_melding(actor=actor_for_user(staff["balie"]), melding=world["melding"],
                                            outcome="enkelvoudig", reason="r" * 1001)


def test_a_million_characters_of_free_text_is_refused(world, client_for, resident_body):
    response = post(client_for("balie"), "/api/v1/meldingen", resident_body(world, vraag="x" * 1_000_001))
    body = problem(response, 400)
    assert body["detail"] == "Het veld 'vraag' is te lang: ten hoogste 10.000 tekens."
    just_over = post(client_for("balie"), "/api/v1/meldingen", resident_body(world, vraag="x" * 10_001))
    assert problem(just_over, 400)["invalidParams"][0]["name"] == "vraag"
    with pytest.raises(intake_actions.ValidationFailed, match="De melding is te lang."):
        check_register_melding(actor=SYSTEM, gemeente=world["household"].gemeente,
                               data=MeldingData(question="x" * 10_001, channel="telefoon", source="zelf"),
                               persons=[world["resident"]])


def test_invalid_query_values_are_refused_not_ignored(world, client_for):
    client = client_for("generalist")
    huisnummer = problem(client.get("/api/v1/huishoudens?huisnummer=false"), 400)
    assert huisnummer["invalidParams"] == [{"name": "huisnummer", "code": "ongeldige-invoer",
                                            "reason": "'false' is geen geheel getal."}]
    status = problem(client.get("/api/v1/meldingen?status=AAA"), 400)
    assert status["invalidParams"][0]["name"] == "status"
    assert status["invalidParams"][0]["reason"].startswith("Onbekende waarde 'AAA'; kies uit: ")
    for url, name in [("/api/v1/casussen?status=AAA", "status"), ("/api/v1/indicaties?status=AAA", "status"),
                      ("/api/v1/voorzieningen?wet=AAA", "wet"), ("/api/v1/voorzieningen?soort=AAA", "soort"),
                      ("/api/v1/meldingen?team=abc", "team"),
                      ("/api/v1/inwoners?postcode=1234AB&huisnummer=false", "huisnummer")]:
        assert problem(client.get(url), 400)["invalidParams"][0]["name"] == name, url
    page = client.get("/werkbak/?urgentie=AAA")
    assert page.status_code == 400 and "Onbekende urgentie" in page.content.decode()


def test_a_move_without_an_address_is_refused(world, client_for):
    household = world["household"]
    before = (household.postcode, household.huisnummer)
    response = post(client_for("balie"), f"/api/v1/huishoudens/{household.pk}/verhuizing",
                    {"versie": household.version, "datum": TODAY.isoformat()})
    body = problem(response, 400)
    assert body["detail"] == "Een verhuizing heeft een nieuw adres nodig: vul postcode en huisnummer in."
    household = Household.objects.get(pk=household.pk)
    assert (household.postcode, household.huisnummer) == before and household.postcode


# --- concurrency (PostgreSQL) ---------------------------------------------------------------------------------


def _in_threads(count: int, work) -> list:
    """Run work(i) in `count` threads that start together; each closes its own database connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test asserts on what each thread got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@PG_ONLY
@pytest.mark.django_db(transaction=True)
def test_twenty_identical_meldingen_at_once_make_one(staff, demodam):
    resident = ResidentFactory(household=HouseholdFactory(gemeente=demodam))
    token = api_key(staff["balie"])
    body = json.dumps({"gemeente": "9901", "kanaal": "telefoon", "bron": "zelf", "inwoners": [resident.pk],
                       "vraag": "Twintig keer op verzenden gedrukt"})
    results = _in_threads(20, lambda i: Client().post("/api/v1/meldingen", data=body, content_type="application/json",
                                                      HTTP_AUTHORIZATION=f"Bearer {token}"))
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200] * 19 + [201], statuses
    assert Melding.objects.filter(question="Twintig keer op verzenden gedrukt").count() == 1
    assert len({r.json()["id"] for r in results}) == 1


@PG_ONLY
@pytest.mark.django_db(transaction=True)
def test_concurrent_triage_without_versie_never_deadlocks(staff, demodam):
    """Two triages of one melding at once (the issue: 3 of 12 pairs deadlocked into a 500). The melding's row is
    locked first, so the second waits: it either gets a 409 (it read the melding before the first wrote) or, when
    it read afterwards, triages the already triaged melding again. Never a 500, never a lost update."""
    token = api_key(staff["balie"])
    outcomes = ["meervoudig", "enkelvoudig"]
    conflicts = 0
    for round_ in range(12):
        household = HouseholdFactory(gemeente=demodam)
        resident = ResidentFactory(household=household)
        melding, _ = check_register_melding(actor=SYSTEM, gemeente=demodam,
                                            data=MeldingData(question=f"Ronde {round_}", channel="telefoon",
                                                             source="zelf"), persons=[resident])
        results = _in_threads(2, lambda i, m=melding: Client().post(
            f"/api/v1/meldingen/{m.pk}/triage", data=json.dumps({"uitkomst": outcomes[i], "reden": "gelijktijdig"}),
            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"))
        statuses = sorted(r.status_code for r in results)
        assert statuses in ([200, 200], [200, 409]), [r.content[:300] for r in results]
        for response in results:
            if response.status_code == 409:
                conflicts += 1
                assert response.json()["detail"] == ("Iemand anders heeft deze melding intussen behandeld. Open haar "
                                                     "opnieuw; er is niets overschreven.")
        melding.refresh_from_db()
        assert melding.version == 1 + statuses.count(200) and melding.triage_outcome in outcomes
    assert connection.vendor == "postgresql"


def test_a_social_map_filter_it_cannot_use_is_400_with_the_error_at_its_field(world, client):
    response = client.get("/sociale-kaart/", {"wet": "AAA"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Selecteer een geldige keuze. AAA is geen beschikbare keuze." in html
    assert 'aria-invalid="true"' in html  # the error sits at the field, not as a general message


@pytest.mark.parametrize("year", ["abc", "1900", "99999999999999999999"])
def test_a_budget_year_it_cannot_use_is_a_dutch_400_page(world, client_for, year):
    response = client_for("beleid").get("/budget/", {"jaar": year})
    assert response.status_code == 400
    assert f"Onbekend jaar &#x27;{year}&#x27;." in response.content.decode()
    assert "Kies een jaar van 2015 tot en met 2100." in response.content.decode()
