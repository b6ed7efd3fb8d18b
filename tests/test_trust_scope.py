"""Issue 9, items 1 and 2: a mandate says what someone may do, the case says what they may see.

A generalist holds the mandate 'inventarisatie en diagnose' in the whole gemeente, yet indications, decisions, letters
and objections of a household outside their work answer 404 everywhere (pages, API, lists, writes); the decider and
the back office keep their worklist. A partner sees the feedback on its own referrals, never a melding's content.
"""

import datetime as dt
import json

import pytest
import time_machine
from rest_framework.test import APIClient

from toegang.accounts.actors import actor_for_user
from toegang.cases.actions import check_add_case_involvement
from toegang.core.actor import SYSTEM
from toegang.core.errors import NotAllowed, NotFound
from toegang.intake.actions import MeldingData, check_register_melding
from toegang.provisions import actions, queries
from toegang.provisions.models import Besluit

from .provisions_support import TODAY, case_with_goal, data


@pytest.fixture
def decided(profile, staff, make_staff):
    """A household directed by a generalist of another team, with a sent decision and an objection. The demo
    generalist (staff['generalist']) holds the same mandates but is not involved."""
    director = make_staff("generalist", teams=["st-centrum"])
    casus, mother, child, goal = case_with_goal(director)
    indicatie = actions.check_prepare_indication(actor=actor_for_user(director), casus=casus, new_aanvraag=True,
                                                 data=data("45A48", child, goal))
    regie, backoffice = actor_for_user(staff["procesregisseur"]), actor_for_user(staff["backoffice"])
    besluit = actions.check_decide(actor=regie, indicatie=indicatie, outcome="toegekend", reasons="Het helpt.")
    actions.check_send_decision(actor=backoffice, besluit=besluit)
    bezwaar = actions.check_register_bezwaar(actor=backoffice, besluit=besluit, received_on=TODAY,
                                             objector="moeder", grounds="te weinig")
    return {"casus": casus, "indicatie": indicatie, "besluit": besluit, "bezwaar": bezwaar, "director": director}


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_generalist_of_another_district_gets_404_on_every_page_and_endpoint(decided, staff, client_for):
    ind, bes = decided["indicatie"].pk, decided["besluit"].pk
    ui = client_for("generalist")
    for url in (f"/indicaties/{ind}/", f"/besluiten/{bes}/", f"/besluiten/{bes}/brief.pdf"):
        assert ui.get(url).status_code == 404, url
    rest = api(staff["generalist"])
    for url in (f"/api/v1/indicaties/{ind}", f"/api/v1/besluiten/{bes}", f"/api/v1/besluiten/{bes}/brief",
                f"/api/v1/bezwaren/{decided['bezwaar'].pk}"):
        response = rest.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json", url
    for url in ("/api/v1/indicaties", "/api/v1/besluiten", "/api/v1/bezwaren"):
        assert rest.get(url).json()["count"] == 0, url
    child_name = decided["indicatie"].client.full_name
    assert child_name not in ui.get("/indicaties/").content.decode()  # the worklist


def test_writes_outside_the_scope_are_refused(decided, staff, client_for):
    ind, bes = decided["indicatie"].pk, decided["besluit"].pk
    rest = api(staff["generalist"])
    for url, body in ((f"/api/v1/indicaties/{ind}/besluit", {"uitkomst": "toegekend", "motivering": "x"}),
                      (f"/api/v1/besluiten/{bes}/verzenden", {}),
                      ("/api/v1/bezwaren", {"besluit": bes, "ontvangenOp": TODAY.isoformat(), "indiener": "x",
                                            "gronden": "y"})):
        assert rest.post(url, body, format="json").status_code == 404, url
    ui = client_for("generalist")
    for url, body in ((f"/besluiten/{bes}/corrigeren/", {}),
                      (f"/besluiten/{bes}/bezwaar/", {"received_on": TODAY.isoformat(), "objector": "x",
                                                      "grounds": "y"})):
        assert ui.post(url, body).status_code == 404, url
    # the actions themselves: the generalist holds 'inventarisatie en diagnose' here, so only the scope refuses
    intruder = actor_for_user(staff["generalist"])
    with pytest.raises(NotFound, match="Besluit niet gevonden"):
        actions.check_start_correction(actor=intruder, besluit=decided["besluit"])
    assert Besluit.objects.count() == 1 and decided["besluit"].objections.count() == 1


def test_the_case_director_still_sees_and_a_former_preparer_no_longer_does(decided, staff):
    director = actor_for_user(decided["director"])
    assert queries.access_besluit(director, decided["besluit"].pk, purpose="t", channel="ui").pk
    # the proposal's author lost the case: what they prepared is no longer theirs to read
    casus = decided["casus"]
    new_director = staff["generalist"]
    from toegang.cases.actions import check_assign_case_director

    check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=new_director, reason="overdracht")
    with time_machine.travel(TODAY + dt.timedelta(days=2)):  # the involvement ended (inclusive) on the handover day
        with pytest.raises(NotFound, match="Indicatie niet gevonden"):
            queries.access_indication(director, decided["indicatie"].pk, purpose="t", channel="ui")
    assert queries.access_indication(actor_for_user(new_director), decided["indicatie"].pk, purpose="t",
                                     channel="ui").pk


def test_back_office_keeps_its_worklist_letters_and_objections(profile, staff, make_staff, client_for):
    director = make_staff("generalist", teams=["st-centrum"])
    casus, mother, child, goal = case_with_goal(director)
    indicatie = actions.check_prepare_indication(actor=actor_for_user(director), casus=casus, new_aanvraag=True,
                                                 data=data("45A48", child, goal))
    backoffice = client_for("backoffice")
    assert backoffice.get(f"/indicaties/{indicatie.pk}/").status_code == 404  # a proposal is not theirs yet
    besluit = actions.check_decide(actor=actor_for_user(staff["procesregisseur"]), indicatie=indicatie,
                                   outcome="toegekend", reasons="Het helpt.")
    assert child.full_name in backoffice.get("/indicaties/").content.decode()  # to send
    assert backoffice.get(f"/besluiten/{besluit.pk}/brief.pdf").status_code == 200
    assert api(staff["backoffice"]).get("/api/v1/besluiten").json()["count"] == 1
    assert backoffice.post(f"/besluiten/{besluit.pk}/verzenden/", {"version": 2, "sent_on": TODAY.isoformat()})\
        .status_code == 302
    besluit.refresh_from_db()
    assert besluit.status == "verzonden"
    response = backoffice.post(f"/besluiten/{besluit.pk}/bezwaar/", {"received_on": TODAY.isoformat(),
                                                                     "objector": "moeder", "grounds": "te weinig"})
    assert response.status_code == 302 and besluit.objections.count() == 1
    assert backoffice.get(f"/indicaties/{indicatie.pk}/").status_code == 200  # through its decision


def test_buch_back_office_decides_without_case_access(db):
    """BUCH: the generalist indicates, the back office decides and sends; the back office sees no case file."""
    from toegang.profiles.actions import do_load_profile

    from .test_mandates import staff_member

    do_load_profile(actor=SYSTEM, name_or_path="buch-2015")
    generalist = staff_member("buch-2015", "generalist", "0383", teams=["st-castricum"])
    backoffice = actor_for_user(staff_member("buch-2015", "backoffice", "0383"))
    casus, mother, child, goal = case_with_goal(generalist, gemeente_cbs="0383", postcode="1901AB")
    gen = actor_for_user(generalist)
    indicatie = actions.check_prepare_indication(actor=gen, casus=casus, new_aanvraag=True,
                                                 data=data("02A01", mother, goal, start=dt.date.today()))
    actions.check_set_indication(actor=gen, indicatie=indicatie)
    assert [i.pk for i in queries.worklist(backoffice)["to_decide"]] == [indicatie.pk]
    besluit = actions.check_decide(actor=backoffice, indicatie=indicatie, outcome="toegekend", reasons="plan")
    assert queries.access_besluit(backoffice, besluit.pk, purpose="t", channel="ui").pk == besluit.pk
    actions.check_send_decision(actor=backoffice, besluit=besluit)
    from toegang.cases.queries import can_see_case

    assert not can_see_case(backoffice, casus)


def test_a_refused_mandate_is_still_named_before_the_scope(decided, staff):
    with pytest.raises(NotAllowed, match="beschikking"):
        actions.check_decide(actor=actor_for_user(staff["backoffice"]), indicatie=decided["indicatie"],
                             outcome="toegekend", reasons="x")


# --- item 2: partners and meldingen ---------------------------------------------------------------------------

@pytest.fixture
def police_form(profile, staff, make_staff):
    """A police care form on a household where the partner (a youth coach) is involved in the case."""
    director = make_staff("generalist", teams=["st-centrum"])
    casus, mother, child, goal = case_with_goal(director)
    check_add_case_involvement(actor=SYSTEM, casus=casus, medewerker=staff["partner"], role="gezinscoach")
    melding, _ = check_register_melding(actor=SYSTEM, gemeente=casus.gemeente, data=MeldingData(
        question="Politie: huiselijk geweld gemeld door de buren, kinderen aanwezig", channel="e-mail",
        source="politie-zorgformulier"), persons=[mother])
    return melding, director


def test_partner_never_reads_a_melding_of_another_source(police_form, client_for, staff):
    melding, director = police_form
    partner = client_for("partner")
    response = partner.get(f"/api/v1/meldingen/{melding.pk}")
    assert response.status_code == 404 and "huiselijk geweld" not in response.content.decode()
    listed = partner.get("/api/v1/meldingen").json()
    assert listed["count"] == 0
    assert partner.get(f"/meldingen/{melding.pk}/").status_code == 404
    # the household itself stays visible to the involved partner; only the melding's content is closed
    assert partner.get(f"/huishoudens/{melding.household_id}/").status_code == 200
    # who does intake work and is involved keeps seeing it
    assert api(director).get(f"/api/v1/meldingen/{melding.pk}").status_code == 200


def test_partner_sees_the_feedback_of_its_own_referral_only(police_form, client_for):
    partner = client_for("partner")
    response = partner.post("/api/v1/verwijzingen", data=json.dumps(
        {"gemeente": "9901", "naam": "Sem de Wit", "vraag": "Veel verzuim op school"}), content_type="application/json")
    assert response.status_code == 201, response.content
    own = response.json()["id"]
    assert partner.get(f"/api/v1/meldingen/{own}").status_code == 404  # not the content, even of its own
    assert [r["id"] for r in partner.get("/api/v1/verwijzingen").json()["results"]] == [own]
    page = partner.get("/verwijzen/overzicht/").content.decode()
    assert "Sem de Wit" in page and "Veel verzuim" not in page and "huiselijk geweld" not in page
