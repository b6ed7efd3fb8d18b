"""Default deny: who sees which residents and households, and that every read is logged."""

import datetime as dt

import pytest

from toegang.accounts.models import Gemeente, Wijk
from toegang.audit.models import AccessLog
from toegang.core.errors import NotFound, ValidationFailed
from toegang.persons import actions, queries
from toegang.persons.queries import ResidentSearch

from .factories import HouseholdFactory, ResidentFactory


@pytest.fixture
def world(profile):
    """One household in each of: Demodam-centrum, Demodam-noord, Voorbeeldorp."""
    demodam = Gemeente.objects.get(cbs_code="9901")
    voorbeeldorp = Gemeente.objects.get(cbs_code="9902")
    centrum = ResidentFactory(household=HouseholdFactory(wijk=Wijk.objects.get(gemeente=demodam, code="centrum"),
                                                         postcode="9901AB"), geslachtsnaam="Centrum")
    noord = ResidentFactory(geslachtsnaam="Noord")
    elders = ResidentFactory(household=HouseholdFactory(gemeente=voorbeeldorp, postcode="9911AB"), geslachtsnaam="Elders")
    return {"centrum": centrum, "noord": noord, "elders": elders}


def visible(actor, world):
    ids = set(queries.visible_residents(actor).values_list("pk", flat=True))
    return {name for name, r in world.items() if r.pk in ids}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("balie", {"centrum", "noord"}),  # gemeente-wide in Demodam only
        ("procesregisseur", {"centrum", "noord"}),
        ("backoffice", {"centrum", "noord"}),
        ("privacy", {"centrum", "noord"}),
        ("generalist", {"noord"}),  # team Noord-Zuid serves noord and zuid
        ("teamleider", {"centrum", "noord"}),  # leads both teams
        ("beleid", set()),  # no personal data
        ("beheer", set()),
        ("partner", set()),  # nothing until involved
    ],
)
def test_visibility_per_role(staff, actor_of, world, role, expected):
    assert visible(actor_of(staff[role]), world) == expected


def test_multi_gemeente_staff_see_both(make_staff, actor_of, world):
    both = make_staff("balie", gemeenten=["9901", "9902"])
    assert visible(actor_of(both), world) == {"centrum", "noord", "elders"}


def test_involvement_opens_exactly_that_household(staff, actor_of, world):
    partner = actor_of(staff["partner"])
    actions.check_add_involvement(actor=actor_of(staff["procesregisseur"]), household=world["centrum"].household,
                                  medewerker=staff["partner"], role="jeugd- en gezinscoach")
    assert visible(partner, world) == {"centrum"}
    household = queries.access_household(partner, world["centrum"].household_id, purpose="test", channel="ui")
    assert household.pk == world["centrum"].household_id
    involvement = household.involvements.get()
    actions.check_end_involvement(actor=actor_of(staff["procesregisseur"]), involvement=involvement,
                                  valid_until=dt.date(2000, 1, 1))
    assert visible(partner, world) == set()


def test_missing_and_forbidden_look_the_same(staff, actor_of, world):
    generalist = actor_of(staff["generalist"])
    with pytest.raises(NotFound, match="Inwoner niet gevonden") as forbidden:
        queries.access_resident(generalist, world["centrum"].pk, purpose="test", channel="ui")
    with pytest.raises(NotFound, match="Inwoner niet gevonden") as missing:
        queries.access_resident(generalist, 999_999, purpose="test", channel="ui")
    assert forbidden.value.message == missing.value.message
    assert not AccessLog.objects.exists()


def test_access_resident_logs_actor_subject_purpose_and_channel(staff, actor_of, world):
    actor = actor_of(staff["balie"])
    queries.access_resident(actor, world["noord"].pk, purpose="inwoner bekijken", channel="api", resource="/x")
    row = AccessLog.objects.get()
    assert (row.actor_id, row.subject_ids, row.purpose, row.channel, row.role) == (
        staff["balie"].pk, [world["noord"].pk], "inwoner bekijken", "api", "balie")


def test_access_household_logs_every_member_shown(staff, actor_of, world):
    household = world["noord"].household
    child = ResidentFactory(household=household, geboortedatum=dt.date(2015, 1, 1))
    queries.access_household(actor_of(staff["balie"]), household.pk, purpose="huishouden bekijken", channel="ui")
    assert sorted(AccessLog.objects.get().subject_ids) == sorted([world["noord"].pk, child.pk])


def test_search_logs_the_people_shown_and_only_those(staff, actor_of, world):
    actor = actor_of(staff["generalist"])
    rows, more = queries.search_residents_for(actor, ResidentSearch(name="no"), purpose="zoeken", channel="ui")
    assert [r.pk for r in rows] == [world["noord"].pk] and not more
    assert AccessLog.objects.get().subject_ids == [world["noord"].pk]
    rows, _ = queries.search_residents_for(actor, ResidentSearch(name="centrum"), purpose="zoeken", channel="ui")
    assert rows == [] and AccessLog.objects.count() == 1  # nothing shown, nothing logged


def test_search_by_bsn_and_by_address(staff, actor_of, world):
    actor = actor_of(staff["balie"])
    noord = world["noord"]
    assert queries.search_residents_for(actor, ResidentSearch(bsn=noord.bsn), purpose="z", channel="ui")[0] == [noord]
    by_address = queries.search_residents_for(
        actor, ResidentSearch(postcode="9902 ab", huisnummer=noord.household.huisnummer), purpose="z", channel="ui")[0]
    assert by_address == [noord]
    by_birth = queries.search_residents_for(
        actor, ResidentSearch(name="noord", geboortedatum=dt.date(1980, 5, 17)), purpose="z", channel="ui")[0]
    assert by_birth == [noord]
    with pytest.raises(ValidationFailed, match="Controleer de zoekvelden") as info:
        queries.search_residents_for(actor, ResidentSearch(bsn="123456789"), purpose="z", channel="ui")
    assert info.value.field_errors["bsn"] == ["BSN voldoet niet aan de elfproef."]


def test_search_pages(staff, actor_of, profile):
    household = HouseholdFactory()
    for i in range(7):
        ResidentFactory(household=household, geslachtsnaam=f"Bakker{i}")
    actor = actor_of(staff["balie"])
    first, more = queries.search_residents_for(actor, ResidentSearch(name="bakker"), purpose="z", channel="ui", limit=5)
    second, more2 = queries.search_residents_for(actor, ResidentSearch(name="bakker"), purpose="z", channel="ui",
                                                 limit=5, offset=5)
    assert len(first) == 5 and more and len(second) == 2 and not more2


def test_merged_record_is_hidden_and_points_to_the_survivor(staff, actor_of, world):
    backoffice = actor_of(staff["backoffice"])
    duplicate = ResidentFactory(bsn=None, household=world["noord"].household)
    actions.check_merge_residents(actor=backoffice, keep=world["noord"], remove=duplicate, reason="dubbel")
    with pytest.raises(NotFound, match="Inwoner niet gevonden"):
        queries.access_resident(backoffice, duplicate.pk, purpose="z", channel="ui")
    assert queries.resident_merged_into(backoffice, duplicate.pk) == world["noord"].pk
    assert queries.resident_merged_into(actor_of(staff["beleid"]), duplicate.pk) is None
