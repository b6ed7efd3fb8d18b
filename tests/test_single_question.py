"""Issue 11, point 16: a single question gets its provision without a case (BUCH, seed 001 §4.2: "Bij enkelvoudige
vragen worden de processtappen 2, 3 en 4 in elkaar geschoven en wordt er, indien nodig, direct een
maatwerkvoorziening ingezet").

A melding triaged 'enkelvoudig' with an aanvraag: the generalist prepares the indication on the aanvraag (general
provisions first, recorded as on the case path), the back office decides by its mandate, the letter goes to the
household's address, and the household page shows it. No case is ever opened. The indication is seen by whoever sees
its melding, never more because of a mandate; a question triaged 'meervoudig' still goes through the case.
"""

import datetime as dt
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente
from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed
from toegang.deadlines.models import Clock
from toegang.intake.actions import (
    MeldingData,
    check_close_melding,
    check_register_aanvraag,
    check_register_melding,
    check_triage_melding,
)
from toegang.profiles.actions import do_load_profile
from toegang.provisions import actions, queries
from toegang.provisions.models import Besluit, Indicatie, Voorziening

from .factories import HouseholdFactory, ResidentFactory
from .openapi_contract import api_contract  # noqa: F401 (every API answer is checked against openapi.yaml)
from .provisions_support import pdf_text
from .test_mandates import staff_member

TODAY = dt.date.today()


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def buch(db):
    do_load_profile(actor=SYSTEM, name_or_path="buch-2015")
    castricum = Gemeente.objects.get(cbs_code="0383")
    return {
        "castricum": castricum,
        "generalist": staff_member("buch-2015", "generalist", "0383", teams=["st-castricum"]),
        "backoffice": staff_member("buch-2015", "backoffice", "0383"),
        # outside the melding's scope: a generalist of another kern (holds 'inventarisatie en diagnose' and
        # 'indicatie' in Castricum too) and a partner generalist of that team
        "limmen": staff_member("buch-2015", "generalist", "0383", teams=["st-limmen"]),
        "partner_limmen": staff_member("buch-2015", "generalist-partner", "0383", teams=["st-limmen"]),
        "bergen": staff_member("buch-2015", "generalist", "0373", teams=["st-bergen"]),
    }


def family(buch):
    castricum = buch["castricum"]
    household = HouseholdFactory(gemeente=castricum, wijk=castricum.wijken.get(code="castricum"), postcode="1901AB",
                                 huisnummer=17, straat="Dorpsstraat", woonplaats="Castricum")
    mother = ResidentFactory(household=household, geboortedatum=dt.date(1958, 3, 2), geslachtsnaam="Kramer")
    return household, mother


def question(buch, outcome="enkelvoudig", requested="begeleiding"):
    """A melding about a Castricum resident, triaged by the generalist, with a Wmo aanvraag on it."""
    household, mother = family(buch)
    generalist = actor_for_user(buch["generalist"])
    melding, _ = check_register_melding(actor=generalist, gemeente=buch["castricum"], persons=[mother],
                                        data=MeldingData(question="Ik red het huishouden niet meer sinds mijn operatie",
                                                         channel="telefoon", source="zelf", laws=["wmo"]))
    check_triage_melding(actor=generalist, melding=melding, outcome=outcome, reason="één vraag: begeleiding thuis")
    aanvraag = check_register_aanvraag(actor=generalist, melding=melding, applicant=mother, law="wmo",
                                       requested=requested)
    melding.refresh_from_db()
    return melding, aanvraag, household, mother


def form_body(mother, **overrides) -> dict:
    from toegang.accounts.models import Organisatie
    from toegang.provisions.models import Product

    product = Product.objects.get(code="02A01", voorziening__profile__name="buch-2015")
    body = {"client": mother.pk, "product": product.pk, "volume": 3, "frequency": "", "start": TODAY.isoformat(),
            "end": (TODAY + dt.timedelta(days=180)).isoformat(), "form": "zin",
            "provider": Organisatie.objects.get(agb_code="98100001").pk,
            "goal": "Mevrouw houdt haar huishouden zelf bij en kan thuis blijven wonen.",
            "motivation": "Na de heupoperatie lukt plannen en structuur niet meer zonder hulp.",
            "considered": [Voorziening.objects.get(code="welzijn", profile__name="buch-2015").pk],
            "own_strength": "Doet de boodschappen zelf met de rollator.",
            "network": "De zoon komt één keer per week; meer kan hij niet.",
            "why_not_enough": "De welzijnsactiviteiten helpen met contact, niet met de dagstructuur thuis.",
            "idempotency_key": uuid.uuid4().hex}
    body.update(overrides)
    return body


def test_a_single_question_gets_its_provision_without_a_case(buch):
    melding, aanvraag, household, mother = question(buch)
    generalist, backoffice = browser(buch["generalist"]), browser(buch["backoffice"])
    url = f"/aanvragen/{aanvraag.pk}/indicatie/"

    # the melding page leads to the indication form
    page = generalist.get(f"/meldingen/{melding.pk}/").content.decode()
    assert "Indicatie voorbereiden" in page and url in page
    form_page = generalist.get(url)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert "Overwogen algemene voorzieningen" in html and "Welzijnsactiviteiten in de kern" in html
    assert "Plandoelen" not in html  # no plan: the goal is stated with the proposal

    # general provisions first: without the weighing nothing is recorded
    refused = generalist.post(url, form_body(mother, why_not_enough=""))
    assert refused.status_code == 422 and "algemene voorzieningen eerst" in refused.content.decode()
    assert not Indicatie.objects.exists()

    response = generalist.post(url, form_body(mother))
    assert response.status_code == 302
    indicatie = Indicatie.objects.get()
    assert response["Location"] == f"/indicaties/{indicatie.pk}/"
    assert indicatie.casus is None and indicatie.household == household and indicatie.aanvraag == aanvraag
    assert [v.code for v in indicatie.considered.all()] == ["welzijn"]
    assert indicatie.own_strength.startswith("Doet de boodschappen") and indicatie.why_not_enough
    assert indicatie.goals == ["Mevrouw houdt haar huishouden zelf bij en kan thuis blijven wonen."]
    assert indicatie.goal_ids == []
    shown = generalist.get(f"/indicaties/{indicatie.pk}/").content.decode()
    assert "zonder casus" in shown and "Welzijnsactiviteiten in de kern" in shown and "Doel" in shown

    # the generalist indicates (mandate 'indicatie'), the back office decides (mandate 'beschikking')
    assert generalist.post(f"/indicaties/{indicatie.pk}/vaststellen/", {"version": 1}).status_code == 302
    with pytest.raises(NotAllowed, match="beschikking"):
        actions.check_decide(actor=actor_for_user(buch["generalist"]), indicatie=indicatie, outcome="toegekend",
                             reasons="nodig")
    decided = backoffice.post(f"/indicaties/{indicatie.pk}/besluiten/", {
        "version": 2, "outcome": "toegekend", "reasons": "Begeleiding helpt mevrouw thuis te blijven wonen."})
    assert decided.status_code == 302
    besluit = Besluit.objects.get()
    assert besluit.status == Besluit.Status.VASTGESTELD and besluit.decided_by == buch["backoffice"]
    aanvraag.refresh_from_db()
    assert aanvraag.status == "besloten"

    # the letter goes to the household's address, and names the vaste contactpersoon
    letter = backoffice.get(f"/besluiten/{besluit.pk}/brief.pdf")
    assert letter.status_code == 200
    text = pdf_text(letter.content)
    assert "Dorpsstraat 17" in text and "1901" in text and "Castricum" in text
    assert "contactpersoon, " in text and buch["generalist"].last_name in text  # the melding's handler

    # sending starts the objection term on the melding's team (there is no case team)
    actions.check_send_decision(actor=actor_for_user(buch["backoffice"]), besluit=besluit)
    term = Clock.objects.get(subject_type="provisions.besluit", subject_id=besluit.pk, kind="bezwaar")
    assert term.household_id == household.pk and term.team_id == melding.team_id

    # the household page shows it
    household_page = generalist.get(f"/huishoudens/{household.pk}/").content.decode()
    assert "Voorzieningen bij enkelvoudige vragen" in household_page
    assert f"/besluiten/{besluit.pk}/" in household_page and "toegekend" in household_page

    # and no case was opened, nor is the melding part of one
    melding.refresh_from_db()
    assert not Casus.objects.filter(household=household).exists() and melding.casus_id is None


def test_outside_the_melding_scope_the_indication_does_not_exist(buch):
    melding, aanvraag, household, mother = question(buch)
    indicatie = actions.check_prepare_single_indication(
        actor=actor_for_user(buch["generalist"]), aanvraag=aanvraag, data=_data(mother))
    outsiders = [buch["partner_limmen"], buch["bergen"]]
    for user in outsiders:
        client = browser(user)
        assert client.get(f"/indicaties/{indicatie.pk}/").status_code == 404
        assert client.get(f"/aanvragen/{aanvraag.pk}/indicatie/").status_code == 404
        assert client.post(f"/aanvragen/{aanvraag.pk}/indicatie/", form_body(mother)).status_code == 404
        assert not queries.can_see_indication(actor_for_user(user), indicatie)
    # the front desk sees the melding (persons.view_all) but holds no mandate: no way in, and 403 on a post
    kcc = browser(staff_member("buch-2015", "kcc", "0383"))
    assert "Indicatie voorbereiden" not in kcc.get(f"/meldingen/{melding.pk}/").content.decode()
    page = kcc.get(f"/aanvragen/{aanvraag.pk}/indicatie/").content.decode()
    assert "U heeft geen mandaat" in page and 'name="own_strength"' not in page
    assert kcc.post(f"/aanvragen/{aanvraag.pk}/indicatie/", form_body(mother)).status_code == 403
    # 'inventarisatie en diagnose' in the whole gemeente widens nothing: the partner of another kern holds it
    partner = actor_for_user(buch["partner_limmen"])
    with pytest.raises(NotFound):
        actions.check_prepare_single_indication(actor=partner, aanvraag=aanvraag, data=_data(mother))
    # the decision, once taken, is seen by its file's viewers and the back office; not by the outsiders
    actions.check_set_indication(actor=actor_for_user(buch["generalist"]), indicatie=indicatie)
    besluit = actions.check_decide(actor=actor_for_user(buch["backoffice"]), indicatie=indicatie,
                                   outcome="toegekend", reasons="nodig")
    for user in [*outsiders, buch["limmen"]]:
        assert browser(user).get(f"/besluiten/{besluit.pk}/").status_code == 404
        assert browser(user).get(f"/indicaties/{indicatie.pk}/").status_code == 404
    assert browser(buch["generalist"]).get(f"/besluiten/{besluit.pk}/").status_code == 200
    assert api_for(buch["bergen"]).get(f"/api/v1/indicaties/{indicatie.pk}").status_code == 404


def _data(mother, **overrides):
    from .provisions_support import data

    values = {"goal_ids": [], "goal": "Zelf het huishouden bijhouden."}
    values.update(overrides)
    return data("02A01", mother, "", **values)


def test_a_multiple_question_still_needs_the_case(buch):
    melding, aanvraag, household, mother = question(buch, outcome="meervoudig")
    generalist = browser(buch["generalist"])
    assert melding.casus_id is not None
    page = generalist.get(f"/meldingen/{melding.pk}/").content.decode()
    assert "Indicatie voorbereiden" not in page
    form_page = generalist.get(f"/aanvragen/{aanvraag.pk}/indicatie/").content.decode()
    assert "alleen bij een enkelvoudige vraag" in form_page and 'name="own_strength"' not in form_page
    with pytest.raises(ValidationFailed) as refused:
        actions.check_prepare_single_indication(actor=actor_for_user(buch["generalist"]), aanvraag=aanvraag,
                                                data=_data(mother))
    assert refused.value.code == "geen-enkelvoudige-vraag"
    assert generalist.post(f"/aanvragen/{aanvraag.pk}/indicatie/", form_body(mother)).status_code == 422
    assert not Indicatie.objects.exists()


def test_a_closed_melding_takes_no_decision_and_the_plain_case_path_is_unchanged(buch):
    melding, aanvraag, household, mother = question(buch)
    generalist = actor_for_user(buch["generalist"])
    indicatie = actions.check_prepare_single_indication(actor=generalist, aanvraag=aanvraag, data=_data(mother))
    # the same form token twice: one proposal
    token = uuid.uuid4().hex
    second = actions.check_prepare_single_indication(actor=generalist, aanvraag=aanvraag, data=_data(mother),
                                                     idempotency_key=token)
    again = actions.check_prepare_single_indication(actor=generalist, aanvraag=aanvraag, data=_data(mother),
                                                    idempotency_key=token)
    assert again.pk == second.pk and again.created is False
    # without its goal a proposal is incomplete
    with pytest.raises(ValidationFailed) as incomplete:
        actions.check_prepare_single_indication(actor=generalist, aanvraag=aanvraag, data=_data(mother, goal=""))
    assert "goal" in incomplete.value.field_errors
    melding.refresh_from_db()
    check_close_melding(actor=generalist, melding=melding, reason="Begeleiding loopt; vraag beantwoord.",
                        expected_version=melding.version)
    with pytest.raises(ValidationFailed, match="melding is afgesloten"):
        actions.check_decide(actor=actor_for_user(buch["backoffice"]), indicatie=indicatie, outcome="toegekend",
                             reasons="nodig")
    with pytest.raises(ValidationFailed, match="melding is afgesloten"):
        actions.check_prepare_single_indication(actor=generalist, aanvraag=aanvraag, data=_data(mother))


def test_the_api_reads_and_writes_an_indication_without_a_case(buch):
    melding, aanvraag, household, mother = question(buch)
    api = api_for(buch["generalist"])
    from toegang.accounts.models import Organisatie
    from toegang.provisions.models import Product

    product = Product.objects.get(code="02A01", voorziening__profile__name="buch-2015")
    body = {"aanvraag": aanvraag.pk, "client": mother.pk, "product": product.pk, "omvang": 3,
            "frequentie": product.frequency, "van": TODAY.isoformat(),
            "totEnMet": (TODAY + dt.timedelta(days=90)).isoformat(), "leveringsvorm": "zin",
            "aanbieder": Organisatie.objects.get(agb_code="98100001").agb_code,
            "doel": "Zelf het huishouden bijhouden.", "motivering": "Na de operatie lukt het niet.",
            "overwogen": [Voorziening.objects.get(code="welzijn", profile__name="buch-2015").pk],
            "eigenKracht": "Boodschappen.", "netwerk": "Zoon, één keer per week.",
            "waaromNietVoldoende": "Welzijn helpt met contact, niet met structuur."}
    missing_goal = api.post("/api/v1/indicaties", {**body, "doel": ""}, format="json")
    assert missing_goal.status_code == 400
    assert [p["name"] for p in missing_goal.json()["invalidParams"]] == ["doel"]
    created = api.post("/api/v1/indicaties", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["casus"] is None and data["huishouden"] == household.pk and data["aanvraag"] == aanvraag.pk
    assert api.get(f"/api/v1/indicaties/{data['id']}").json()["casus"] is None
    assert api_for(buch["partner_limmen"]).post("/api/v1/indicaties", body, format="json").status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_pages_of_a_single_question_are_bounded(buch, django_assert_max_num_queries):
    melding, aanvraag, household, mother = question(buch)
    generalist = actor_for_user(buch["generalist"])
    client = browser(buch["generalist"])
    first = actions.check_prepare_single_indication(actor=generalist, aanvraag=aanvraag, data=_data(mother))
    urls = {"aanvraag": f"/aanvragen/{aanvraag.pk}/indicatie/", "indication": f"/indicaties/{first.pk}/",
            "household": f"/huishoudens/{household.pk}/", "melding": f"/meldingen/{melding.pk}/"}
    client.get(urls["melding"])  # the session's first request decides the second factor once: not a page's cost
    before = {name: _count(client, url) for name, url in urls.items()}
    for _ in range(3):
        actions.check_prepare_single_indication(actor=generalist, aanvraag=aanvraag, data=_data(mother))
    after = {name: _count(client, url) for name, url in urls.items()}
    assert after == before, (before, after)
    # measured on SQLite (PostgreSQL needs three fewer here): session and actor, the aanvraag with its melding and
    # household, the indications (one query for all), the form's lists, the mandates, one access-log write
    with django_assert_max_num_queries(19):  # +1: the header's unread count (issue 12, point 8)
        client.get(urls["aanvraag"])
    # +1: the header's unread count (issue 12, point 8); +1: the expert advice it rests on (issue 12, point 11);
    # issue 17: +1 the stacked indications, +1 the same kind's products by cost, +1 the back office's
    # disagreements (buch-2015 formalises this kind)
    with django_assert_max_num_queries(19):
        client.get(urls["indication"])
    html = client.get(urls["household"]).content.decode()
    assert len(re.findall(r"/indicaties/\d+/", html)) == 4  # every proposal listed, one query for all


def test_the_reassessment_task_goes_to_the_vaste_contactpersoon(buch):
    melding, aanvraag, household, mother = question(buch)
    generalist = actor_for_user(buch["generalist"])
    indicatie = actions.check_prepare_single_indication(actor=generalist, aanvraag=aanvraag,
                                                        data=_data(mother, end=TODAY + dt.timedelta(days=30)))
    actions.check_set_indication(actor=generalist, indicatie=indicatie)
    besluit = actions.check_decide(actor=actor_for_user(buch["backoffice"]), indicatie=indicatie,
                                   outcome="toegekend", reasons="nodig")
    assert actions.do_raise_reassessment_tasks(actor=SYSTEM) == 1
    besluit.refresh_from_db()
    task = besluit.reassessment_task
    assert task.assignee_id == buch["generalist"].pk and task.team_id == melding.team_id
    assert task.casus_id is None and task.household_id == household.pk and task.melding_id == melding.pk
