"""Issue 12, points 10 and 11: expert consultation as a rule, and the expert team a case or process director calls in.

BUCH seed 001 §4.4.1: for six kinds of help the generalist always involves experts — the profile lists the kinds of
provision (`deskundigen.verplicht`) whose proposal is refused until an expert's advice is recorded on the case (or
on the single question's melding); the indication and the decision show that advice. Krimpen seed 002 §3.2.2: the
expert team ("Consultatie en Diagnoseteam") is called in on a case; its advice is recorded later. The demo profile
lists one provision (the home adaptation, 13A01), as BUCH's "medische ondersteuning bij Wmo-aanvragen".
"""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from toegang.audit.models import ChangeLog
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed
from toegang.intake.models import Aanvraag
from toegang.profiles.loader import data_problems
from toegang.provisions import actions
from toegang.provisions.actions import consultations as consultation_actions
from toegang.provisions.models import Indicatie, Product, Raadpleging, Voorziening

from .openapi_contract import api_contract  # noqa: F401 (every API answer is checked against openapi.yaml)
from .provisions_support import TODAY, case_with_goal, data
from .test_single_question import browser, buch, form_body, question  # noqa: F401 (buch is a fixture)

REFUSAL = "altijd het advies van een deskundige nodig"


@pytest.fixture
def setup(profile, staff, actor_of):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    return {"casus": casus, "mother": mother, "child": child, "goal": goal,
            "generalist": actor_of(staff["generalist"]), "regie": actor_of(staff["procesregisseur"])}


def adaptation(s, **overrides):
    """A home adaptation for the mother (13A01, listed in the demo profile), PGB: no contract for it."""
    values = {"volume": 2400, "form": "pgb", "provider": None,
              "pgb_conditions": {"bekwaam": True, "motivering": "eigen aannemer", "kwaliteit": True}, **overrides}
    return data("13A01", s["mother"], s["goal"], **values)


def propose(s, code_data):
    return actions.check_prepare_indication(actor=s["generalist"], casus=s["casus"], new_aanvraag=True, data=code_data)


def consult(s, actor=None, **overrides):
    values = {"kind": "deskundige", "expert": "M. de Wit, medisch adviseur GGD", "question": "Is een traplift nodig?",
              "asked_on": TODAY, "voorziening": Voorziening.objects.get(code="wmo-woonvoorziening"),
              "advice": "Ja: medisch nodig, trap niet meer veilig.", "outcome": "voorwaardelijk",
              "advised_on": TODAY, **overrides}
    return consultation_actions.check_record_consultation(actor=actor or s["generalist"], casus=s["casus"],
                                                          data=consultation_actions.ConsultationData(**values))


def consultation_post(**overrides):
    body = {"kind": "deskundige", "expert": "M. de Wit, medisch adviseur GGD", "question": "Is een traplift nodig?",
            "asked_on": TODAY.isoformat(), "voorziening": Voorziening.objects.get(code="wmo-woonvoorziening").pk,
            "advice": "Ja: medisch nodig, trap niet meer veilig.", "outcome": "voorwaardelijk",
            "advised_on": TODAY.isoformat()}
    return {**body, **overrides}


def proposal_post(s, **overrides):
    product = Product.objects.get(code="13A01")
    body = {"aanvraag": "nieuw", "client": s["mother"].pk, "product": product.pk, "volume": 2400, "frequency": "",
            "start": TODAY.isoformat(), "end": (TODAY + dt.timedelta(days=181)).isoformat(), "form": "pgb",
            "pgb_bekwaam": "on", "pgb_motivering": "eigen aannemer", "pgb_kwaliteit": "on", "goals": [s["goal"]],
            "motivation": "De trap is niet meer veilig.", "considered": [], "own_strength": "loopt met rollator",
            "network": "zoon helpt, kan niet verbouwen", "why_not_enough": "een algemene voorziening past niet",
            "idempotency_key": uuid.uuid4().hex}
    return {**body, **overrides}


def test_a_listed_provision_is_refused_without_advice_and_nothing_is_written(setup):
    with pytest.raises(ValidationFailed, match="Het voorstel is niet volledig of niet juist") as info:
        propose(setup, adaptation(setup))
    assert REFUSAL in info.value.field_errors["product"][0]
    assert "Medische ondersteuning bij Wmo-aanvragen" in info.value.field_errors["product"][0]
    assert not Indicatie.objects.exists() and not Aanvraag.objects.exists()


def test_the_page_refuses_at_the_product_field_and_keeps_the_input(setup, client_for):
    s = setup
    client = client_for("generalist")
    response = client.post(f"/casussen/{s['casus'].pk}/voorzieningen/", proposal_post(s))
    assert response.status_code == 422
    html = response.content.decode()
    assert REFUSAL in html and 'id="ind-product-fout"' in html
    assert "De trap is niet meer veilig." in html  # input kept
    assert f"/casussen/{s['casus'].pk}/deskundigen/" in html  # the way to record it
    assert not Indicatie.objects.exists()


def test_after_the_advice_the_proposal_passes_and_the_decision_shows_the_advice(setup, client_for):
    s = setup
    generalist = client_for("generalist")
    url = f"/casussen/{s['casus'].pk}/deskundigen/"
    assert generalist.get(url).status_code == 200
    recorded = generalist.post(url, consultation_post())
    assert recorded.status_code == 302, recorded.content.decode()[:3000]
    raadpleging = Raadpleging.objects.get()
    assert raadpleging.has_advice and raadpleging.asked_by_id == s["generalist"].user_id

    made = generalist.post(f"/casussen/{s['casus'].pk}/voorzieningen/", proposal_post(s))
    assert made.status_code == 302
    indicatie = Indicatie.objects.get()
    assert list(indicatie.raadplegingen.all()) == [raadpleging]
    page = generalist.get(f"/indicaties/{indicatie.pk}/").content.decode()
    assert "Advies van deskundigen" in page and "trap niet meer veilig" in page

    besluit = actions.check_decide(actor=s["regie"], indicatie=indicatie, outcome="toegekend",
                                   reasons="Medisch nodig volgens het advies.")
    decision = client_for("procesregisseur").get(f"/besluiten/{besluit.pk}/").content.decode()
    assert "Advies van deskundigen" in decision and "M. de Wit, medisch adviseur GGD" in decision
    assert "voorwaardelijk positief" in decision

    events = list(ChangeLog.objects.filter(object_type__startswith="provisions.").order_by("seq")
                  .values_list("event", flat=True))
    assert events[:2] == ["raadpleging.vastgelegd", "indicatie.voorgesteld"]
    proposed = ChangeLog.objects.get(event="indicatie.voorgesteld")
    assert proposed.new["raadplegingen"] == [raadpleging.pk]


def test_a_provision_the_profile_does_not_list_needs_no_advice(setup, client_for):
    s = setup
    indicatie = propose(s, data("45A48", s["child"], s["goal"]))
    assert indicatie.created and not indicatie.raadplegingen.exists()
    page = client_for("generalist").get(f"/indicaties/{indicatie.pk}/").content.decode()
    assert "Advies van deskundigen" not in page


def test_a_question_without_advice_does_not_count_yet(setup):
    s = setup
    asked = consult(s, advice="", outcome="", advised_on=None)
    with pytest.raises(ValidationFailed) as info:
        propose(s, adaptation(s))
    assert "het advies is nog niet vastgelegd" in info.value.field_errors["product"][0]
    consultation_actions.check_record_advice(actor=s["generalist"], raadpleging=asked, advice="Nodig.",
                                             outcome="positief", advised_on=TODAY, expected_version=asked.version)
    assert propose(s, adaptation(s)).created


def test_an_advice_about_another_provision_does_not_count(setup):
    s = setup
    consult(s, voorziening=Voorziening.objects.get(code="wmo-begeleiding"))
    with pytest.raises(ValidationFailed):
        propose(s, adaptation(s))


def test_the_process_director_calls_in_the_expert_team_and_the_advice_comes_later(setup, client_for, staff):
    s = setup
    regie = client_for("procesregisseur")
    url = f"/casussen/{s['casus'].pk}/deskundigen/"
    page = regie.get(url).content.decode()
    assert "Deskundigenteam Demoregio" in page and "gedragswetenschapper" in page
    called = regie.post(url, {"kind": "deskundigenteam", "team_code": "deskundigenteam-demo", "expert": "",
                              "question": "Is er meer nodig dan een traplift? Zorgen over valgevaar.",
                              "asked_on": TODAY.isoformat(),
                              "voorziening": Voorziening.objects.get(code="wmo-woonvoorziening").pk})
    assert called.status_code == 302
    raadpleging = Raadpleging.objects.get()
    assert raadpleging.kind == "deskundigenteam" and not raadpleging.has_advice
    case_page = client_for("generalist").get(f"/casussen/{s['casus'].pk}/").content.decode()
    assert "Deskundigen geraadpleegd" in case_page
    assert case_page.index("Deskundigen geraadpleegd") < case_page.index("Voorzieningen en besluiten")
    # the rows are fetched as the section opens (issue 16)
    section = client_for("generalist").get(f"/casussen/{s['casus'].pk}/onderdeel/raadplegingen/").content.decode()
    assert "wacht op advies" in section

    advice_url = f"{url}{raadpleging.pk}/advies/"
    bad = client_for("generalist").post(advice_url, {"version": raadpleging.version, "advice": "Traplift plus "
                                                     "valpreventie.", "outcome": "", "advised_on": ""})
    assert bad.status_code == 422 and "Kies de strekking van het advies" in bad.content.decode()
    ok = client_for("generalist").post(advice_url, {"version": raadpleging.version, "expert": "Dr. Ria Gedrag",
                                                    "advice": "Traplift plus valpreventie.", "outcome": "positief",
                                                    "advised_on": TODAY.isoformat()})
    assert ok.status_code == 302
    raadpleging.refresh_from_db()
    assert raadpleging.has_advice and raadpleging.expert == "Dr. Ria Gedrag" and raadpleging.version == 2
    again = client_for("generalist").post(advice_url, {"version": raadpleging.version, "advice": "anders",
                                                       "outcome": "negatief", "advised_on": TODAY.isoformat()})
    assert again.status_code == 409  # an advice is recorded once
    assert list(ChangeLog.objects.filter(object_type="provisions.raadpleging").order_by("seq")
                .values_list("event", flat=True)) == ["raadpleging.vastgelegd", "raadpleging.advies"]
    assert propose(s, adaptation(s)).created


def test_who_may_record_and_who_sees_it(setup, staff, actor_of, client_for):
    s = setup
    # a team member who is not the case director and has no cases.direct cannot call in the expert team
    with pytest.raises(NotAllowed):
        consult(s, actor=actor_of(staff["teamleider"]), kind="deskundigenteam", team_code="deskundigenteam-demo",
                expert="")
    # the desk has no mandate to prepare an indication: no consultation either
    with pytest.raises((NotAllowed, NotFound)):
        consult(s, actor=actor_of(staff["balie"]))
    consult(s)
    # outside the case's scope it does not exist: the partner and the policy officer get 404
    for role in ("partner", "beleid"):
        assert client_for(role).get(f"/casussen/{s['casus'].pk}/deskundigen/").status_code == 404
        assert client_for(role).post(f"/casussen/{s['casus'].pk}/deskundigen/",
                                     consultation_post()).status_code == 404
    assert Raadpleging.objects.count() == 1


def test_bad_input_is_refused_at_its_fields_and_nothing_is_written(setup, client_for):
    s = setup
    response = client_for("generalist").post(f"/casussen/{s['casus'].pk}/deskundigen/", consultation_post(
        expert="", question="", outcome="", asked_on=(TODAY + dt.timedelta(days=3)).isoformat()))
    assert response.status_code == 422
    html = response.content.decode()
    for text in ("Vul in wie is geraadpleegd", "Beschrijf de vraag", "ligt in de toekomst", "Kies de strekking"):
        assert text in html, text
    assert not Raadpleging.objects.exists() and not ChangeLog.objects.filter(event__startswith="raadpleging").exists()
    before = client_for("generalist").post(f"/casussen/{s['casus'].pk}/deskundigen/", consultation_post(
        advised_on=(TODAY - dt.timedelta(days=1)).isoformat()))
    assert before.status_code == 422 and "ligt voor de datum van de vraag" in before.content.decode()


def test_the_case_page_stays_bounded(setup, client_for):
    s = setup
    client = client_for("generalist")
    url = f"/casussen/{s['casus'].pk}/"

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    consult(s)
    one = queries()
    for _ in range(3):
        consult(s)
    assert queries() == one


def test_the_api_refuses_the_proposal_at_product(setup, staff):
    s = setup
    client = APIClient()
    client.force_authenticate(staff["generalist"])
    body = {"casus": s["casus"].pk, "nieuweAanvraag": True, "client": s["mother"].pk,
            "product": Product.objects.get(code="13A01").pk, "omvang": 2400, "frequentie": "6",
            "van": TODAY.isoformat(), "totEnMet": (TODAY + dt.timedelta(days=90)).isoformat(),
            "leveringsvorm": "pgb", "doelen": [s["goal"]], "motivering": "trap onveilig", "overwogen": [],
            "eigenKracht": "wil", "netwerk": "zoon", "waaromNietVoldoende": "past niet",
            "pgbVoorwaarden": {"bekwaam": True, "motivering": "eigen keuze", "kwaliteit": True}}
    refused = client.post("/api/v1/indicaties", body, format="json")
    assert refused.status_code == 400
    assert [p["name"] for p in refused.json()["invalidParams"]] == ["product"]
    assert REFUSAL in refused.json()["invalidParams"][0]["reason"]
    consult(s)
    assert client.post("/api/v1/indicaties", body, format="json").status_code == 201


def test_buch_single_question_needs_the_advice_on_its_melding(buch):  # noqa: F811 (fixture)
    melding, aanvraag, household, mother = question(buch, requested="specialistische begeleiding")
    generalist = browser(buch["generalist"])
    product = Product.objects.get(code="02A02", voorziening__profile__name="buch-2015")
    url = f"/aanvragen/{aanvraag.pk}/indicatie/"
    refused = generalist.post(url, form_body(mother, product=product.pk))
    assert refused.status_code == 422 and "Specialistische begeleiding" in refused.content.decode()
    assert REFUSAL in refused.content.decode()
    consultations_url = f"/aanvragen/{aanvraag.pk}/deskundigen/"
    got = generalist.get(consultations_url)
    page = got.content.decode()
    assert got.status_code == 200, page[-3000:]
    assert "Specialistische jeugd-GGZ" in page, page[page.find("<main"):][:3000] and "BUCH §4.4.1" in page
    team = generalist.post(consultations_url, {"kind": "deskundigenteam", "question": "x",
                                               "asked_on": TODAY.isoformat()})
    assert team.status_code == 422  # no expert team on a single question (and none in BUCH)
    recorded = generalist.post(consultations_url, {
        "kind": "deskundige", "expert": "Gedragswetenschapper expertnetwerk BUCH", "question": "Is specialistische "
        "begeleiding passend?", "asked_on": TODAY.isoformat(), "voorziening": product.voorziening_id,
        "advice": "Passend, voor een half jaar.", "outcome": "positief", "advised_on": TODAY.isoformat()})
    assert recorded.status_code == 302
    assert Raadpleging.objects.get().melding_id == melding.pk
    assert generalist.post(url, form_body(mother, product=product.pk)).status_code == 302
    assert Indicatie.objects.get().raadplegingen.count() == 1
    # someone who does not see the melding does not see its consultations
    assert browser(buch["limmen"]).get(consultations_url).status_code == 404


def test_the_profile_check_names_unknown_codes():
    base = {"profiel": "x", "titel": "x", "rollen": [{"code": "r", "naam": "r", "bevoegdheden": []}],
            "gemeenten": [{"cbs": "9999", "naam": "x", "wijken": [{"code": "w", "naam": "w", "postcodes": ["9999"]}]}],
            "deskundigen": {"verplicht": [{"code": "a", "naam": "A", "voorzieningen": ["bestaat-niet"],
                                           "mandaatgroepen": ["ook-niet"]}],
                            "teams": [{"code": "t", "naam": "T", "gemeenten": ["1234"]}]}}
    problems = [str(p) for p in data_problems(base, "x.yaml", None)]
    assert any("onbekende voorziening 'bestaat-niet'" in p for p in problems)
    assert any("onbekende mandaatgroep 'ook-niet'" in p for p in problems)
    assert any("onbekende gemeente '1234'" in p for p in problems)


def test_the_api_records_a_consultation_its_advice_and_shows_it_on_the_indication(setup, staff):
    s = setup
    generalist, regie = APIClient(), APIClient()
    generalist.force_authenticate(staff["generalist"])
    regie.force_authenticate(staff["procesregisseur"])
    called = regie.post("/api/v1/raadplegingen", {
        "casus": s["casus"].pk, "soort": "deskundigenteam", "deskundigenteam": "deskundigenteam-demo",
        "vraag": "Is een traplift passend?", "gevraagdOp": TODAY.isoformat(),
        "voorziening": Voorziening.objects.get(code="wmo-woonvoorziening").pk}, format="json")
    assert called.status_code == 201, called.content
    body = called.json()
    assert body["soort"] == "deskundigenteam" and body["strekking"] == "" and body["adviesOp"] is None
    assert called["Location"].endswith(f"/api/v1/raadplegingen/{body['id']}")
    assert generalist.get(f"/api/v1/raadplegingen/{body['id']}").status_code == 200
    half = generalist.post(f"/api/v1/raadplegingen/{body['id']}/advies", {"advies": "Passend.",
                                                                         "adviesOp": TODAY.isoformat()}, format="json")
    assert half.status_code == 400 and {p["name"] for p in half.json()["invalidParams"]} == {"strekking"}
    advised = generalist.post(f"/api/v1/raadplegingen/{body['id']}/advies", {
        "advies": "Passend.", "strekking": "positief", "adviesOp": TODAY.isoformat(), "versie": body["versie"]},
        format="json")
    assert advised.status_code == 200 and advised.json()["strekking"] == "positief"
    indicatie = propose(s, adaptation(s))
    shown = generalist.get(f"/api/v1/indicaties/{indicatie.pk}").json()
    assert [a["id"] for a in shown["adviezen"]] == [body["id"]] and shown["adviezen"][0]["advies"] == "Passend."
    listed = generalist.get("/api/v1/indicaties").json()
    assert any(row["adviezen"] for row in listed["results"])
    # without the case in scope the consultation does not exist
    partner = APIClient()
    partner.force_authenticate(staff["partner"])
    assert partner.get(f"/api/v1/raadplegingen/{body['id']}").status_code == 404
