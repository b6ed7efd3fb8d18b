"""Only staff doing case work in the gemeente (capability cases.work) can be case director, betrokkene of a case or
of a household, or the successor in a handover; the choice lists offer only them (issue 10, point 2: a team lead
could make the policy officer director, who then opened the full case)."""

import datetime as dt

import pytest
from django.db import transaction

from toegang.cases import actions
from toegang.cases.models import Casus
from toegang.core.actor import SYSTEM
from toegang.core.errors import ValidationFailed
from toegang.persons.actions import check_add_involvement
from toegang.persons.models import Involvement

from .conftest import ROLES
from .factories import HouseholdFactory, ResidentFactory

CASE_WORKERS = {"generalist", "procesregisseur", "teamleider", "partner"}  # profiles/demo.yaml: cases.work


@pytest.fixture
def casus(profile):
    household = HouseholdFactory()
    ResidentFactory(household=household, geboortedatum=dt.date(1985, 1, 1))
    with transaction.atomic():
        return actions.do_open_case(actor=SYSTEM, household=household, team_id=None)


@pytest.mark.parametrize("role", ROLES)
def test_only_case_workers_can_be_made_director_or_betrokkene(casus, staff, actor_of, role):
    lead = actor_of(staff["teamleider"])
    if role in CASE_WORKERS:
        actions.check_assign_case_director(actor=lead, casus=casus, medewerker=staff[role])
        assert Casus.objects.get(pk=casus.pk).case_director_id == staff[role].pk
        return
    with pytest.raises(ValidationFailed, match="geen casuswerk"):
        actions.check_assign_case_director(actor=lead, casus=casus, medewerker=staff[role])
    with pytest.raises(ValidationFailed, match="geen casuswerk"):
        actions.check_add_case_involvement(actor=lead, casus=casus, medewerker=staff[role], role="meekijken")
    with pytest.raises(ValidationFailed, match="geen casuswerk"):
        check_add_involvement(actor=actor_of(staff["balie"]), household=casus.household, medewerker=staff[role],
                              role="meekijken")
    assert Casus.objects.get(pk=casus.pk).case_director_id is None
    assert not Involvement.objects.filter(medewerker=staff[role]).exists()


def test_a_policy_officer_cannot_be_named_successor(casus, staff, actor_of):
    director = actor_of(staff["generalist"])
    actions.check_assign_case_director(actor=actor_of(staff["teamleider"]), casus=casus, medewerker=staff["generalist"])
    with pytest.raises(ValidationFailed, match="niet volledig") as refused:
        actions.check_propose_handover(actor=director, casus=casus, successor=staff["beleid"], note="overdracht")
    assert "geen casuswerk" in refused.value.field_errors["successor"][0]


def test_the_case_page_offers_only_case_workers_and_refuses_a_forged_choice(casus, staff, client_for):
    client = client_for("procesregisseur")
    page = client.get(f"/casussen/{casus.pk}/").content.decode()
    director_select = page[page.index('id="regisseur-medewerker"'):]
    director_select = director_select[:director_select.index("</select>")]
    for role in ROLES:
        name = staff[role].get_full_name()
        assert (name in director_select) == (role in CASE_WORKERS), role
    response = client.post(f"/casussen/{casus.pk}/regisseur/",
                           {"medewerker": staff["beleid"].pk, "version": casus.version, "reason": ""})
    assert response.status_code in (302, 422)
    assert Casus.objects.get(pk=casus.pk).case_director_id is None


def test_reopening_does_not_give_the_file_back_to_a_director_who_no_longer_does_case_work(casus, staff, actor_of):
    from toegang.accounts.models import Role, RoleAssignment

    lead = actor_of(staff["teamleider"])
    actions.check_assign_case_director(actor=lead, casus=casus, medewerker=staff["generalist"])
    actions.check_close_case(actor=lead, casus=casus, reason="weigert-hulp", household_informed_on=dt.date.today())
    # the former director moves to policy work
    assignment = RoleAssignment.objects.get(medewerker=staff["generalist"])
    assignment.role = Role.objects.get(profile=assignment.role.profile, code="beleid")
    assignment.save()
    actions.check_reopen_case(actor=actor_of(staff["procesregisseur"]), casus=Casus.objects.get(pk=casus.pk),
                              reason="toch hulp nodig")
    reopened = Casus.objects.get(pk=casus.pk)
    assert reopened.case_director_id is None and reopened.status == "aangemeld"
    assert not Involvement.objects.filter(casus=casus, medewerker=staff["generalist"], valid_until__isnull=True).exists()
