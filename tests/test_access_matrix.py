"""Every URL and API endpoint × every role (and anonymous) gets the expected answer.

The test walks the URL configuration: a new URL without an expectation here fails the test, so access is always
decided on purpose (default deny).
"""

import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import ROLES
from .factories import ResidentFactory

VIEW_ALL = {"balie", "procesregisseur", "backoffice", "privacy"}
TEAM_NOORD = {"generalist", "teamleider"}
SEES_NOORD = VIEW_ALL | TEAM_NOORD
EDITS = {"balie", "procesregisseur", "backoffice", "generalist"}


def for_roles(default, **specific):
    """{role: status} with `default` for unnamed roles; keys of `specific` are role-set names resolved below."""
    out = {role: default for role in ROLES}
    for roles, status in specific.items():
        for role in GROUPS[roles]:
            out[role] = status
    return out


TRIAGES = {"balie", "generalist", "procesregisseur", "teamleider"}
INTAKE = {"balie", "generalist", "procesregisseur", "backoffice"}
GROUPS = {"sees": SEES_NOORD, "edits": EDITS, "privacy": {"privacy"}, "backoffice": {"backoffice"},
          "sees_not_edits": SEES_NOORD - EDITS, "register": EDITS, "triages": TRIAGES,
          "sees_not_triages": SEES_NOORD - TRIAGES, "intake": INTAKE, "sees_not_intake": SEES_NOORD - INTAKE,
          "partner": {"partner"}, "case": {"procesregisseur", "teamleider", "generalist"},
          "provisions": {"procesregisseur", "teamleider", "generalist", "backoffice"}, "beheer": {"beheer"},
          "finance": {"procesregisseur", "backoffice", "teamleider", "beleid", "beheer"}}

# name -> (method, kwargs key, body, anonymous status, {role: status})
EXPECTED = {
    "ui:home": ("get", None, None, 302, for_roles(200)),
    "ui:notifications-read": ("post", None, {}, 302, for_roles(302)),
    "persons:search": ("get", None, None, 302, for_roles(200)),
    "persons:register": ("get", None, None, 302, for_roles(403, register=200)),
    "persons:merge": ("get", None, None, 302, for_roles(403, backoffice=200)),
    "persons:resident": ("get", "resident", None, 302, for_roles(404, sees=200)),
    "persons:edit": ("get", "resident", None, 302, for_roles(404, sees_not_edits=403, edits=200)),
    "persons:household": ("get", "household", None, 302, for_roles(404, sees=200)),
    "persons:move": ("post", "household", {}, 302, for_roles(404, sees_not_edits=403, edits=422)),
    "persons:network": ("post", "household", {}, 302, for_roles(404, sees_not_edits=403, edits=422)),
    "audit:person-log": ("get", None, None, 302, for_roles(403, privacy=200)),
    "audit:person-log-export": ("get", "resident", None, 302, for_roles(403, privacy=200)),
    "intake:register": ("get", None, None, 302, for_roles(403, intake=200)),
    "intake:melding": ("get", "melding", None, 302, for_roles(404, sees=200)),
    "intake:triage": ("post", "melding", {}, 302, for_roles(404, sees_not_triages=403, triages=302)),
    "intake:pick-up": ("post", "melding", {}, 302, for_roles(404, sees_not_triages=403, triages=302)),
    "intake:contact": ("post", "melding", {}, 302, for_roles(404, sees_not_triages=403, triages=302)),
    "intake:close": ("post", "melding", {}, 302, for_roles(404, sees_not_triages=403, triages=302)),
    "intake:aanvraag": ("post", "melding", {}, 302, for_roles(404, sees_not_intake=403, intake=302)),
    "intake:clock": ("post", "clock", {}, 302, for_roles(404, sees_not_triages=403, triages=302)),
    "intake:inbox": ("get", None, None, 302, for_roles(200)),
    "intake:refer": ("get", None, None, 302, for_roles(403, partner=200)),
    "intake:referrals": ("get", None, None, 302, for_roles(403, partner=200)),
    "cases:case": ("get", "casus", None, 302, for_roles(404, case=200)),
    "cases:director": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:involve": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:uninvolve": ("post", "involvement", {}, 302, for_roles(404, case=302)),
    "cases:flags": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:advance": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:close": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:reopen": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:contact": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:note": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:handover": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:handover-decide": ("post", "casus", {}, 302, for_roles(404, case=404)),
    "cases:document": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:task": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "cases:task-done": ("post", "task", {}, 302, for_roles(404, case=302)),
    "cases:document-download": ("get", "document", None, 302, for_roles(404, case=200)),
    "plans:plan": ("get", "casus", None, 302, for_roles(404, case=200)),
    "plans:pdf": ("get", "casus", None, 302, for_roles(404, case=200)),
    "assessments:record": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "assessments:safety": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "assessments:clarification": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "plans:goal": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "plans:goal-status": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "plans:action": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "plans:evaluation": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "plans:agree": ("post", "casus", {}, 302, for_roles(404, case=302)),
    "provisions:social-map": ("get", None, None, 200, for_roles(200)),
    "provisions:catalogue": ("get", None, None, 302, for_roles(200)),
    "provisions:voorziening": ("get", "voorziening", None, 302, for_roles(200)),
    "provisions:voorziening-edit": ("post", "voorziening", {}, 302, for_roles(403, beheer=302)),
    "provisions:tariff": ("post", "product", {}, 302, for_roles(403, beheer=302)),
    "provisions:ceiling": ("post", "contract", {}, 302, for_roles(403, beheer=302)),
    "provisions:mandates": ("get", None, None, 302, for_roles(200)),
    "provisions:case": ("get", "casus", None, 302, for_roles(404, case=200)),
    "provisions:case#post": ("post", "casus", {}, 302, for_roles(404, case=422)),
    "provisions:worklist": ("get", None, None, 302, for_roles(200)),
    "provisions:indication": ("get", "indicatie", None, 302, for_roles(404, provisions=200)),
    "provisions:set-indication": ("post", "indicatie", {}, 302, for_roles(404, provisions=302)),
    "provisions:decide": ("post", "indicatie", {}, 302, for_roles(404, provisions=302)),
    "provisions:withdraw": ("post", "indicatie", {}, 302, for_roles(404, provisions=302)),
    "provisions:besluit": ("get", "besluit", None, 302, for_roles(404, provisions=200)),
    "provisions:letter": ("get", "besluit", None, 302, for_roles(404, provisions=200)),
    "provisions:second-opinion": ("post", "besluit", {}, 302, for_roles(404, provisions=302)),
    "provisions:send": ("post", "besluit", {}, 302, for_roles(404, provisions=302)),
    "provisions:correct": ("post", "besluit", {}, 302, for_roles(404, provisions=302)),
    "provisions:objection": ("post", "besluit", {}, 302, for_roles(404, provisions=302)),
    "provisions:objection-decide": ("post", "bezwaar", {}, 302, for_roles(404, provisions=302)),
    "provisions:budget": ("get", None, None, 302, for_roles(403, finance=200)),
    "login": ("get", None, None, 200, for_roles(200)),
    "logout": ("post", None, {}, 302, for_roles(302)),
    "set_language": ("post", None, {"language": "en"}, 302, for_roles(302)),
    "healthz": ("get", None, None, 200, for_roles(200)),
    "api-docs": ("get", None, None, 200, for_roles(200)),
    "api:schema": ("get", None, None, 200, for_roles(200)),
    "api:inwoner-list": ("get", None, "?naam=noord", 401, for_roles(200)),
    "api:inwoner-detail": ("get", "resident", None, 401, for_roles(404, sees=200)),
    "api:huishouden-list": ("get", None, None, 401, for_roles(200)),
    "api:inwoner-list#post": ("post", None, {}, 401, for_roles(403, register=400)),
    "api:huishouden-list#post": ("post", None, {}, 401, for_roles(403, register=400)),
    "api:melding-list": ("get", None, None, 401, for_roles(200)),
    "api:melding-list#post": ("post", None, {}, 401, for_roles(403, intake=400)),
    "api:melding-detail": ("get", "melding", None, 401, for_roles(404, sees=200)),
    "api:melding-triage": ("post", "melding", {}, 401, for_roles(404, sees_not_triages=403, triages=400)),
    "api:aanvraag-list": ("get", None, None, 401, for_roles(200)),
    "api:aanvraag-list#post": ("post", None, {}, 401, for_roles(403, intake=400)),
    "api:aanvraag-detail": ("get", "aanvraag", None, 401, for_roles(404, sees=200)),
    "api:verwijzing-list": ("get", None, None, 401, for_roles(403, partner=200)),
    "api:verwijzing-list#post": ("post", None, {}, 401, for_roles(403, partner=400)),
    "api:casus-list": ("get", None, None, 401, for_roles(200)),
    "api:casus-detail": ("get", "casus", None, 401, for_roles(404, case=200)),
    "api:casus-plan": ("get", "casus", None, 401, for_roles(404, case=200)),
    "api:casus-doelen": ("post", "casus", {}, 401, for_roles(404, case=400)),
    "api:casus-acties": ("post", "casus", {}, 401, for_roles(404, case=400)),
    "api:casus-contactmomenten": ("post", "casus", {}, 401, for_roles(404, case=400)),
    "api:casus-metingen": ("get", "casus", None, 401, for_roles(404, case=200)),
    "api:casus-metingen#post": ("post", "casus", {}, 401, for_roles(404, case=400)),
    "api:voorziening-list": ("get", None, None, 401, for_roles(200)),
    "api:voorziening-detail": ("get", "voorziening", None, 401, for_roles(200)),
    "api:product-list": ("get", None, None, 401, for_roles(200)),
    "api:product-detail": ("get", "product", None, 401, for_roles(200)),
    "api:indicatie-list": ("get", None, None, 401, for_roles(200)),
    "api:indicatie-list#post": ("post", None, {}, 401, for_roles(400)),
    "api:indicatie-detail": ("get", "indicatie", None, 401, for_roles(404, provisions=200)),
    "api:indicatie-besluit": ("post", "indicatie", {}, 401, for_roles(404, provisions=400)),
    "api:besluit-list": ("get", None, None, 401, for_roles(200)),
    "api:besluit-detail": ("get", "besluit", None, 401, for_roles(404, provisions=200)),
    "api:besluit-brief": ("get", "besluit", None, 401, for_roles(404, provisions=200)),
    "api:besluit-verzenden": ("post", "besluit", {}, 401, for_roles(404, provisions=403, backoffice=409)),
    "api:bezwaar-list": ("get", None, None, 401, for_roles(200)),
    "api:bezwaar-list#post": ("post", None, {}, 401, for_roles(400)),
    "api:bezwaar-detail": ("get", "bezwaar", None, 401, for_roles(404, provisions=200)),
    "api:inwoner-detail#put": ("put", "resident", {}, 401, for_roles(404, sees_not_edits=403, edits=400)),
    "api:huishouden-detail": ("get", "household", None, 401, for_roles(404, sees=200)),
    "api:huishouden-verhuizing": ("post", "household", {}, 401, for_roles(404, sees_not_edits=403, edits=400)),
}
# The admin is for Django staff users only; no profile role makes someone staff.
ADMIN_STATUS = 302


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            yield from all_url_names(pattern, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def test_every_url_has_an_expectation():
    names = {name for name, _ in all_url_names() if not name.startswith("admin:")}
    expected = {name.split("#")[0] for name in EXPECTED}
    assert names - expected == set(), "add the new URLs to EXPECTED in this test"
    assert expected - names == set(), "EXPECTED names URLs that no longer exist"


@pytest.fixture
def objects(profile, staff):
    from toegang.accounts.models import Gemeente
    from toegang.core.actor import SYSTEM
    from toegang.deadlines.models import Clock
    from toegang.intake.actions import MeldingData, check_register_melding

    resident = ResidentFactory(geslachtsnaam="Noord")
    melding, _ = check_register_melding(actor=SYSTEM, gemeente=Gemeente.objects.get(cbs_code="9901"),
                                        data=MeldingData(question="Hulp nodig", channel="balie", source="zelf",
                                                         laws=["wmo"]), persons=[resident])
    clock = Clock.objects.get(subject_id=melding.pk)
    from toegang.intake.actions import check_register_aanvraag

    aanvraag = check_register_aanvraag(actor=SYSTEM, melding=melding, applicant=resident, law="wmo", requested="hulp")
    from toegang.accounts.models import Medewerker
    from toegang.cases.actions import check_assign_case_director
    from toegang.intake.actions import check_triage_melding

    casus = check_triage_melding(actor=SYSTEM, melding=melding, outcome="meervoudig", reason="x").casus
    check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=Medewerker.objects.get(username="generalist"))
    involvement = casus.involvements.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from toegang.cases.actions import check_add_document

    from .document_samples import pdf_bytes

    document = check_add_document(actor=SYSTEM, casus=casus, kind="verslag", title="Verslag",
                                  upload=SimpleUploadedFile("v.pdf", pdf_bytes()))
    from datetime import date, timedelta

    from toegang.cases.actions import check_add_case_task

    task = check_add_case_task(actor=SYSTEM, casus=casus, title="t", assignee=Medewerker.objects.get(username="generalist"),
                               due_on=date.today() + timedelta(days=3))
    from toegang.core.actor import actor_for_user
    from toegang.plans.actions import check_add_goal
    from toegang.provisions import actions as provisions
    from toegang.provisions.models import Contract, Product

    goal = check_add_goal(actor=SYSTEM, casus=casus, base_version=0, domain="adl", description="Zelf douchen",
                          desired_result="zelfstandig", measure="", target_date=date.today() + timedelta(days=90))
    product = Product.objects.get(code="02A01")
    indicatie = provisions.check_prepare_indication(
        actor=actor_for_user(staff["generalist"]), casus=casus, aanvraag=aanvraag,
        data=provisions.IndicationData(voorziening=product.voorziening, product=product, client=resident, volume=2,
                                       frequency="2", start=date.today(), end=date.today() + timedelta(days=90),
                                       form="zin", provider=Contract.objects.get(code="thuiszorg-demo-2025").provider,
                                       goal_ids=[goal.content["goals"][0]["id"]], motivation="nodig",
                                       own_strength="weinig", network="geen", why_not_enough="te zwaar"))
    besluit = provisions.check_decide(actor=actor_for_user(staff["procesregisseur"]), indicatie=indicatie,
                                      outcome="toegekend", reasons="nodig")
    provisions.check_send_decision(actor=actor_for_user(staff["backoffice"]), besluit=besluit)
    bezwaar = provisions.check_register_objection(actor=actor_for_user(staff["backoffice"]), besluit=besluit,
                                                  received_on=date.today(), objector="inwoner", grounds="te weinig")
    return {"voorziening": {"pk": product.voorziening_id}, "product": {"pk": product.pk},
            "contract": {"pk": Contract.objects.get(code="thuiszorg-demo-2025").pk},
            "indicatie": {"pk": indicatie.pk}, "besluit": {"pk": besluit.pk}, "bezwaar": {"pk": bezwaar.pk},
            "casus": {"pk": casus.pk}, "document": {"pk": casus.pk, "document_id": document.pk},
            "task": {"pk": casus.pk, "task_id": task.pk}, "involvement": {"pk": casus.pk, "involvement_id": involvement.pk},
            "aanvraag": {"pk": aanvraag.pk},"resident": {"pk": resident.pk}, "household": {"pk": resident.household_id},
            "melding": {"pk": melding.pk}, "clock": {"pk": clock.pk, "verb": "opschorten"}}


def call(client, name, spec, objects):
    """`name#method` entries test another method on the same URL."""
    method, kwargs_key, body, *_ = spec
    url = reverse(name.split("#")[0], kwargs=objects[kwargs_key] if kwargs_key else None)
    if method == "get":
        return client.get(url + (body or ""))
    if name.startswith("api:"):
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
    return client.post(url, data=body)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_anonymous(db, objects, name):
    response = call(Client(), name, EXPECTED[name], objects)
    assert response.status_code == EXPECTED[name][3]
    if response.status_code == 302 and not name.startswith(("login", "logout", "set_language")):
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_every_role_on_every_url(staff, objects, role):
    client = Client()
    client.force_login(staff[role])
    wrong = {}
    for name, spec in EXPECTED.items():
        if name == "logout":
            continue  # would end the session for the rest of the loop; covered by test_anonymous and below
        status = call(client, name, spec, objects).status_code
        if status != spec[4][role]:
            wrong[name] = (status, spec[4][role])
    assert wrong == {}, f"{role}: (got, expected) per URL"
    assert call(client, "logout", EXPECTED["logout"], objects).status_code == 302


@pytest.mark.parametrize("role", ["balie", "beheer", "privacy"])
def test_admin_is_closed_to_every_profile_role(staff, role):
    client = Client()
    client.force_login(staff[role])
    for name, _pattern in all_url_names():
        if name.startswith("admin:") and name.endswith(("_changelist", ":index")):
            response = client.get(reverse(name))
            assert response.status_code == ADMIN_STATUS, name
            assert "/beheer/login/" in response["Location"]


def test_denied_api_answers_are_problem_json(staff, objects):
    client = Client()
    client.force_login(staff["beleid"])
    response = client.get(reverse("api:inwoner-detail", kwargs=objects["resident"]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Inwoner niet gevonden."
