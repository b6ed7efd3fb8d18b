"""Mandates reach the work they are for, and every row of the matrix is enforced (issue 11, point 17).

Krimpen (seed 002, Figure 5 and §3.9): a Wmo aanvraag goes to a Consulent Sociaal Domein, who then is involved with
the case and so sees its provisions page; a consulent it did not go to still gets 404 (a mandate never widens what
someone sees). Triage as information and advice on a kind of provision checks the row 'informatie en advies': the
intake consultant may give it on Wmo custom provisions, not on specialist youth care.
"""

import datetime as dt

import pytest
from django.test import Client

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente, Role, RoleAssignment, Team, TeamMembership
from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.deadlines.models import Clock
from toegang.intake import actions as intake_actions
from toegang.intake.models import Melding
from toegang.persons.models import Involvement
from toegang.profiles.actions import do_load_profile
from toegang.profiles.loader import data_problems
from toegang.provisions import actions as provision_actions
from toegang.provisions.models import Voorziening
from toegang.tasks.models import Notification

from .factories import HouseholdFactory, MedewerkerFactory, ResidentFactory
from .provisions_support import case_with_goal, data


def krimpen_staff(role: str, teams=()):
    user = MedewerkerFactory()
    RoleAssignment.objects.create(medewerker=user, gemeente=Gemeente.objects.get(cbs_code="0542"),
                                  role=Role.objects.get(profile__name="krimpen-2014", code=role))
    for code in teams:
        TeamMembership.objects.create(medewerker=user, team=Team.objects.get(gemeente__cbs_code="0542", code=code))
    return user


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def krimpen(db):
    do_load_profile(actor=SYSTEM, name_or_path="krimpen-2014")
    return Gemeente.objects.get(cbs_code="0542")


@pytest.fixture
def case(krimpen):
    """A KST case on a walk-in melding, two consultants sociaal domein (the first already busy), the intake
    consultant who registers the aanvraag."""
    director = krimpen_staff("kst-casusregisseur", teams=["kst"])
    casus, mother, child, goal = case_with_goal(director, gemeente_cbs="0542", postcode="2923AB")
    busy, free = krimpen_staff("consulent-sociaal-domein", ["vit"]), krimpen_staff("consulent-sociaal-domein", ["vit"])
    # `busy` already owns a running clock (another household's aanvraag): the fewest open items decides.
    other = ResidentFactory(household=HouseholdFactory(gemeente=krimpen, postcode="2921AA", woonplaats=krimpen.name))
    elsewhere, _ = intake_actions.check_register_melding(
        actor=SYSTEM, gemeente=krimpen, persons=[other],
        data=intake_actions.MeldingData(question="Hulp in huis", channel="balie", source="zelf", laws=["wmo"]))
    Clock.objects.filter(subject_type="intake.melding", subject_id=elsewhere.pk).update(owner=busy)
    vit = krimpen_staff("vit-consulent", ["vit"])
    return casus, mother, child, goal, busy, free, vit


def test_a_wmo_aanvraag_makes_the_consultant_it_goes_to_involved_and_able_to_see_the_case(case):
    casus, mother, child, goal, busy, free, vit = case
    url = f"/casussen/{casus.pk}/voorzieningen/"
    assert client_of(free).get(url).status_code == 404  # the mandate alone shows nothing
    melding = casus.meldingen.get()
    aanvraag = intake_actions.check_register_aanvraag(actor=actor_for_user(vit), melding=melding, applicant=mother,
                                                      law="wmo", requested="begeleiding")
    involvement = Involvement.objects.get(casus=casus, medewerker=free)
    assert involvement.valid_until is None and "behandelt de aanvraag" in involvement.role
    assert client_of(free).get(url).status_code == 200
    assert client_of(busy).get(url).status_code == 404  # not routed to: a mandate never widens sight
    assert not Involvement.objects.filter(medewerker=busy).exists()
    clock = Clock.objects.get(subject_type="intake.aanvraag", subject_id=aanvraag.pk)
    assert clock.owner_id == free.pk and clock.kind == "wmo-beschikking"
    note = Notification.objects.get(recipient=free)
    assert note.text == "Aanvraag voor u (Wmo 2015): begeleiding" and note.url == url
    logged = ChangeLog.objects.get(event="aanvraag.geregistreerd", object_id=str(aanvraag.pk))
    assert logged.new["behandelaar"] == free.pk and logged.new["regel"] == "wmo-maatwerk-consulent-sociaal-domein"
    assert ChangeLog.objects.filter(event="casus.betrokkene_toegevoegd", object_id=str(casus.pk)).exists()
    # the consultant works the aanvraag on the case: prepares, indicates and decides (Figure 5: Wmo custom provisions)
    consultant = actor_for_user(free)
    indicatie = provision_actions.check_prepare_indication(actor=consultant, casus=casus, aanvraag=aanvraag,
                                                           data=data("02A01", mother, goal))
    besluit = provision_actions.check_decide(actor=consultant, indicatie=indicatie, outcome="toegekend",
                                             reasons="nodig")
    assert besluit.status == "vastgesteld"


def test_the_melding_page_says_who_handles_the_aanvraag(case):
    casus, mother, child, goal, busy, free, vit = case
    melding = casus.meldingen.get()
    page = client_of(vit).post(f"/meldingen/{melding.pk}/aanvraag/", {
        "applicant": mother.pk, "law": "wmo", "requested": "begeleiding",
        "received_on": dt.date.today().isoformat()}, follow=True)
    assert page.status_code == 200
    assert f"{free.get_full_name()} behandelt haar en is nu betrokken." in page.content.decode()


def test_a_jeugdwet_aanvraag_goes_to_no_consultant_and_a_second_aanvraag_involves_nobody_twice(case):
    casus, mother, child, goal, busy, free, vit = case
    melding = casus.meldingen.get()
    intake_actions.check_register_aanvraag(actor=actor_for_user(vit), melding=melding, applicant=child,
                                           law="jeugdwet", requested="ambulante jeugdhulp")
    assert not Involvement.objects.filter(medewerker__in=[busy, free]).exists()  # no rule for the Jeugdwet
    for requested in ("begeleiding", "vervoer"):
        intake_actions.check_register_aanvraag(actor=actor_for_user(vit), melding=melding, applicant=mother,
                                               law="wmo", requested=requested)
    assert Involvement.objects.filter(casus=casus, medewerker=free).count() == 1


def test_a_consultant_who_registers_a_wmo_aanvraag_handles_it_and_without_a_case_is_involved_with_the_household(
        krimpen):
    consultant = krimpen_staff("consulent-sociaal-domein", ["vit"])
    krimpen_staff("consulent-sociaal-domein", ["vit"])  # a colleague with no work at all: the registering one keeps it
    household = HouseholdFactory(gemeente=krimpen, postcode="2925AA", woonplaats=krimpen.name)
    resident = ResidentFactory(household=household, geboortedatum=dt.date(1950, 3, 3))
    melding, _ = intake_actions.check_register_melding(
        actor=SYSTEM, gemeente=krimpen, persons=[resident],
        data=intake_actions.MeldingData(question="Traplift?", channel="balie", source="zelf", laws=["wmo"]))
    intake_actions.check_register_aanvraag(actor=actor_for_user(consultant), melding=melding, applicant=resident,
                                           law="wmo", requested="woonvoorziening")
    involvement = Involvement.objects.get(medewerker=consultant)
    assert involvement.household_id == household.pk and involvement.casus_id is None
    assert not Notification.objects.filter(recipient=consultant).exists()  # nobody is told what they did themselves


def test_without_a_rule_an_aanvraag_involves_nobody_in_the_demo(profile, staff, actor_of):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    before = set(Involvement.objects.filter(casus=casus).values_list("medewerker_id", flat=True))
    notes = Notification.objects.count()
    aanvraag = intake_actions.check_register_aanvraag(actor=actor_of(staff["balie"]), melding=casus.meldingen.get(),
                                                      applicant=mother, law="wmo", requested="begeleiding")
    assert set(Involvement.objects.filter(casus=casus).values_list("medewerker_id", flat=True)) == before
    assert Notification.objects.count() == notes
    clock = Clock.objects.get(subject_type="intake.aanvraag", subject_id=aanvraag.pk)
    assert clock.owner_id == casus.meldingen.get().assigned_to_id


# --- informatie en advies ----------------------------------------------------------------------------------------


@pytest.fixture
def walk_in(krimpen):
    household = HouseholdFactory(gemeente=krimpen, postcode="2924AB", woonplaats=krimpen.name)
    mother = ResidentFactory(household=household, geboortedatum=dt.date(1985, 1, 1))
    melding, _ = intake_actions.check_register_melding(
        actor=SYSTEM, gemeente=krimpen, persons=[mother],
        data=intake_actions.MeldingData(question="Mijn zoon loopt vast", channel="balie", source="zelf"))
    return melding


def kind(code):
    return Voorziening.objects.get(code=code, profile__name="krimpen-2014")


def test_the_intake_consultant_may_not_advise_on_specialist_youth_care(walk_in):
    vit = krimpen_staff("vit-consulent", ["vit"])
    page = client_of(vit).post(f"/meldingen/{walk_in.pk}/triage/", {
        "version": walk_in.version, "outcome": "informatie-advies", "reason": "opvoedvragen besproken",
        "advice_about": [kind("jeugdhulp-specialistisch").pk, kind("wmo-begeleiding").pk]})
    assert page.status_code == 422
    body = page.content.decode()
    assert 'id="triage-advice_about-fout"' in body or "advice_about-fout" in body
    assert "geen mandaat voor &#x27;informatie en advies&#x27; bij Specialistische voorziening (jeugd)" in body
    assert "KST casusregisseur" in body and "kst-casusregisseur" not in body  # who holds it, by name
    assert "opvoedvragen besproken" in body  # input kept
    refusal = ChangeLog.objects.get(event="mandaat.geweigerd", object_id=str(walk_in.pk))
    assert refusal.new["taken"] == ["informatie-advies"] and refusal.new["mandaatgroep"] == "jeugd-specialistisch"
    walk_in.refresh_from_db()
    assert walk_in.status == Melding.Status.OPEN and walk_in.triage_outcome == ""


def test_the_intake_consultant_advises_on_wmo_custom_provisions_and_it_is_recorded(walk_in):
    vit = krimpen_staff("vit-consulent", ["vit"])
    page = client_of(vit).post(f"/meldingen/{walk_in.pk}/triage/", {
        "version": walk_in.version, "outcome": "informatie-advies", "reason": "uitleg over begeleiding",
        "advice_about": [kind("wmo-begeleiding").pk]})
    assert page.status_code == 302
    walk_in.refresh_from_db()
    assert walk_in.triage_outcome == "informatie-advies" and walk_in.contacts == 1
    advice = ChangeLog.objects.get(event="melding.advies_gegeven", object_id=str(walk_in.pk))
    assert advice.new["advies_over"] == ["wmo-begeleiding"]
    assert not ChangeLog.objects.filter(event="mandaat.geweigerd").exists()


def test_the_kst_case_director_may_advise_on_specialist_youth_care(walk_in):
    director = actor_for_user(krimpen_staff("kst-casusregisseur", ["kst"]))
    result = intake_actions.check_triage_melding(actor=director, melding=walk_in, outcome="informatie-advies",
                                                 reason="advies jeugdhulp",
                                                 advice_about=[kind("jeugdhulp-specialistisch")])
    assert result.melding.triage_outcome == "informatie-advies"


def test_kinds_of_provision_only_with_information_and_advice_and_only_custom_ones_of_the_gemeente(walk_in):
    vit = actor_for_user(krimpen_staff("vit-consulent", ["vit"]))
    with pytest.raises(Exception) as refused:
        intake_actions.check_triage_melding(actor=vit, melding=walk_in, outcome="enkelvoudig", reason="één vraag",
                                            advice_about=[kind("wmo-begeleiding")])
    assert "informatie en advies" in refused.value.field_errors["advice_about"][0]
    general = Voorziening.objects.get(code="cjg-opvoedadvies", profile__name="krimpen-2014")
    with pytest.raises(Exception) as refused:
        intake_actions.check_triage_melding(actor=vit, melding=walk_in, outcome="informatie-advies", reason="advies",
                                            advice_about=[general])
    assert refused.value.field_errors["advice_about"]


def test_the_triage_form_offers_the_custom_provisions_of_the_gemeente(walk_in):
    vit = krimpen_staff("vit-consulent", ["vit"])
    body = client_of(vit).get(f"/meldingen/{walk_in.pk}/").content.decode()
    assert "Specialistische jeugdhulp" in body and "Begeleiding" in body
    assert "Opvoedadvies CJG" not in body.split('id="triage-kop"')[1].split("</section>")[0]


def test_the_demo_triage_without_kinds_is_unchanged(profile, staff, actor_of, demodam):
    household = HouseholdFactory(gemeente=demodam)
    resident = ResidentFactory(household=household)
    melding, _ = intake_actions.check_register_melding(
        actor=SYSTEM, gemeente=demodam, persons=[resident],
        data=intake_actions.MeldingData(question="Vraag over mantelzorg", channel="balie", source="zelf"))
    result = intake_actions.check_triage_melding(actor=actor_of(staff["balie"]), melding=melding,
                                                 outcome="informatie-advies", reason="folder meegegeven")
    assert result.melding.contacts == 1
    assert not ChangeLog.objects.filter(event__in=["mandaat.geweigerd", "melding.advies_gegeven"]).exists()


# --- the profile section ------------------------------------------------------------------------------------------


def test_the_profile_check_names_a_routing_rule_to_a_role_without_the_mandate_or_case_work(krimpen):
    profile = krimpen.profile.data
    wrong = {**profile, "aanvragen": [
        {**profile["aanvragen"][0], "rol": "administratief-medewerker"},
        {**profile["aanvragen"][0], "code": "tweede", "rol": "onbekend", "mandaatgroep": "geen"}]}
    problems = {p.path: p.message for p in data_problems(wrong, "krimpen", None)}
    assert "geen casuswerk" in problems["aanvragen[0].rol"]
    assert "onbekende rol" in problems["aanvragen[1].rol"]
    assert "onbekende mandaatgroep" in problems["aanvragen[1].mandaatgroep"]
