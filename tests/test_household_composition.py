"""A household holds a family (issue 11, point 1): registering at an address where a household lives asks whether the
resident joins it; members join and leave with their history kept; relations are shown by their names; gezag over
each minor is recorded with its history and shown where consent matters (the plan agreement, the safety
assessment)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from toegang.audit.models import AccessLog, ChangeLog
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.persons import actions
from toegang.persons.actions import AddressData, Holder, HouseholdAtAddress, ResidentData
from toegang.persons.models import Gezag, Household, HouseholdMembership, Relation, Resident
from toegang.persons.queries import gezag_for_household

from .factories import HouseholdFactory, ResidentFactory, valid_bsn
from .provisions_support import case_with_goal

TODAY = dt.date.today()
ADDRESS = AddressData(postcode="9902AB", huisnummer=71, straat="Berkenlaan", woonplaats="Demodam")
CODE_ON_SCREEN = re.compile(r"\b(?:ouderlijk|voogdij-gi|gezamenlijk|ander-huishouden)\b|>\s*1[0-9]\s*<")


def person(**kwargs) -> ResidentData:
    return ResidentData(**{"voornamen": "Anna", "geslachtsnaam": "Visser", "geboortedatum": dt.date(1990, 3, 1),
                           "geslacht": "2", **kwargs})


def years_ago(years: int, days: int = 0) -> dt.date:
    return TODAY.replace(year=TODAY.year - years, day=1) - dt.timedelta(days=days)


@pytest.fixture
def balie(staff, actor_of):
    return actor_of(staff["balie"])


def family(*, children=1):
    """A household in wijk noord: a mother and `children` minors, the mother recorded as their parent."""
    household = HouseholdFactory()
    mother = ResidentFactory(household=household, voornamen="Selin", geslachtsnaam="Aydin",
                             geboortedatum=dt.date(1988, 4, 4))
    kids = [ResidentFactory(household=household, voornamen=f"Kind{n}", geslachtsnaam="Aydin",
                            geboortedatum=years_ago(4 + n)) for n in range(children)]
    for kid in kids:
        actions.check_add_relation(actor=SYSTEM, resident=kid, person=mother, kind="10")
    household.refresh_from_db()
    return household, mother, kids


def page(client, household, query=""):
    response = client.get(f"/huishoudens/{household.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


# --- one household at one address --------------------------------------------------------------------------------


def test_registering_at_an_occupied_address_asks_instead_of_starting_a_second_household(balie, demodam):
    mother = actions.check_register_resident(actor=balie, gemeente=demodam, data=person(bsn=valid_bsn(501)),
                                             address=ADDRESS, new_household=None)
    child = person(voornamen="Mees", geboortedatum=dt.date(2019, 6, 1), bsn=valid_bsn(502))
    with pytest.raises(HouseholdAtAddress) as asked:
        actions.check_register_resident(actor=balie, gemeente=demodam, data=child, address=ADDRESS, new_household=None)
    assert asked.value.household_ids == [mother.household_id]
    assert "huishouden" in asked.value.field_errors
    assert Household.objects.count() == 1 and Resident.objects.count() == 1
    joined = actions.check_register_resident(actor=balie, gemeente=demodam, data=child, address=ADDRESS,
                                             household=mother.household)
    assert joined.household_id == mother.household_id
    # another toevoeging is another dwelling: no question there
    lodger = actions.check_register_resident(
        actor=balie, gemeente=demodam, data=person(voornamen="Kees", geslachtsnaam="Kamer", bsn=valid_bsn(503)),
        new_household=None,
        address=AddressData(postcode="9902AB", huisnummer=71, toevoeging="a", straat="Berkenlaan"))
    assert lodger.household_id != mother.household_id


def post_register(client, **overrides):
    data = {"gemeente": "", "voornamen": "Selin", "geslachtsnaam": "Aydin", "geboortedatum": "1988-04-04",
            "geslacht": "2", "bsn": valid_bsn(511), "postcode": "9902 ab", "huisnummer": "72", "straat": "Berkenlaan",
            "woonplaats": "Demodam", "vertegenwoordiging": "", "communicatievorm": ""}
    data.update(overrides)
    return client.post("/inwoners/nieuw/", data)


def test_the_desk_registers_a_mother_and_her_child_into_one_household(client_for, demodam):
    client = client_for("balie")
    assert post_register(client, gemeente=demodam.pk).status_code == 302
    mother = Resident.objects.get()
    response = post_register(client, gemeente=demodam.pk, voornamen="Can", geboortedatum="2015-09-09",
                             bsn=valid_bsn(512))
    html = response.content.decode()
    assert response.status_code == 422  # asked, not a silent second household
    assert "Op dit adres woont al een huishouden" in html and "Selin Aydin" in html
    assert 'value="Can"' in html  # what was typed stays
    # the household living there is offered first, already chosen; a new household is a choice of its own
    assert re.search(rf'<input[^>]*value="{mother.household_id}"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="nieuw"[^>]*checked', html)
    assert Resident.objects.count() == 1 and Household.objects.count() == 1

    response = post_register(client, gemeente=demodam.pk, voornamen="Can", geboortedatum="2015-09-09",
                             bsn=valid_bsn(512), huishouden=mother.household_id)
    assert response.status_code == 302 and response["Location"] == f"/huishoudens/{mother.household_id}/"
    can = Resident.objects.get(voornamen="Can")
    assert can.household_id == mother.household_id and Household.objects.count() == 1
    assert set(HouseholdMembership.objects.filter(household=mother.household, valid_until__isnull=True)
               .values_list("resident__voornamen", flat=True)) == {"Selin", "Can"}

    # a new household at the same address only when chosen explicitly
    response = post_register(client, gemeente=demodam.pk, voornamen="Kees", geslachtsnaam="Kamer", bsn=valid_bsn(513),
                             huishouden="nieuw")
    assert response.status_code == 302 and Household.objects.count() == 2


def test_new_resident_from_the_household_page_has_the_address_and_the_household_chosen(client_for, profile):
    household, mother, _ = family()
    html = client_for("balie").get(f"/inwoners/nieuw/?huishouden={household.pk}").content.decode()
    assert f'value="{household.postcode}"' in html and f'value="{household.huisnummer}"' in html
    assert re.search(rf'<input[^>]*value="{household.pk}"[^>]*checked', html)
    assert mother.full_name in html


# --- members join and leave ----------------------------------------------------------------------------------------


def test_an_existing_resident_joins_from_the_household_page_and_the_history_stays(client_for, profile):
    household, mother, _ = family()
    father = ResidentFactory(voornamen="Daan", geslachtsnaam="Smit")
    old_household, read_version = father.household, father.version
    client = client_for("generalist")
    html = page(client, household, f"?zoek={father.bsn}")
    assert "Daan Smit" in html  # found in scope, offered to join
    response = client.post(f"/huishoudens/{household.pk}/leden/", {
        "version": household.version, "zoek": father.bsn, "resident": father.pk, "valid_from": TODAY.isoformat()})
    assert response.status_code == 302
    father.refresh_from_db()
    assert father.household_id == household.pk
    # his record moved: a form of his data opened before the move is refused, not silently saved over it
    assert father.version == read_version + 1
    ended = HouseholdMembership.objects.get(household=old_household, resident=father)
    assert ended.valid_until == TODAY - dt.timedelta(days=1) and ended.end_reason == "ander-huishouden"
    assert "naar een ander huishouden" in page(client, old_household)  # shown in words among the earlier members
    assert ChangeLog.objects.filter(event="huishouden.lid_toegevoegd", object_id=str(household.pk)).exists()


def test_a_member_leaves_and_stays_in_the_history(client_for, profile):
    household, mother, (child,) = family()
    client = client_for("balie")
    response = client.post(f"/huishoudens/{household.pk}/vertrek/", {
        "version": household.version, "resident": mother.pk, "valid_until": TODAY.isoformat(), "reason": "verhuisd"})
    assert response.status_code == 302
    membership = HouseholdMembership.objects.get(household=household, resident=mother)
    assert membership.valid_until == TODAY and membership.end_reason == "verhuisd"
    html = page(client, household)
    earlier = html.split("Eerdere leden", 1)[1].split("</ul>", 1)[0]
    assert mother.full_name in earlier and "verhuisd" in earlier and TODAY.strftime("%d-%m-%Y") in earlier
    row = ChangeLog.objects.get(event="huishouden.lid_beeindigd")
    assert row.subject_ids == [mother.pk] and row.new["reden"] == "verhuisd"


def test_leaving_in_the_future_is_a_dutch_error_at_the_field_and_keeps_the_input(client_for, profile):
    household, mother, _ = family()
    tomorrow = (TODAY + dt.timedelta(days=1))
    response = client_for("balie").post(f"/huishoudens/{household.pk}/vertrek/", {
        "version": household.version, "resident": mother.pk, "valid_until": tomorrow.isoformat(), "reason": "overleden"})
    html = response.content.decode()
    assert response.status_code == 422
    assert f"De laatste dag {tomorrow:%d-%m-%Y} ligt in de toekomst." in html
    assert 'id="vertrek-valid_until-fout"' in html and '<option value="overleden" selected>' in html
    assert HouseholdMembership.objects.get(household=household, resident=mother).valid_until is None


def test_a_stale_household_form_is_refused_and_overwrites_nothing(client_for, profile):
    household, mother, (child,) = family()
    client = client_for("balie")
    old_version = household.version
    assert client.post(f"/huishoudens/{household.pk}/relaties/", {
        "version": old_version, "person": mother.pk, "kind": "18", "resident": child.pk}).status_code == 302
    response = client.post(f"/huishoudens/{household.pk}/vertrek/", {
        "version": old_version, "resident": mother.pk, "valid_until": TODAY.isoformat(), "reason": "verhuisd"})
    html = response.content.decode()
    assert response.status_code == 409 and "Iemand anders heeft dit huishouden intussen gewijzigd" in html
    assert HouseholdMembership.objects.get(household=household, resident=mother).valid_until is None


# --- relations ---------------------------------------------------------------------------------------------------


def test_relations_within_and_outside_the_household_are_shown_by_name(client_for, profile):
    household, mother, (child,) = family()
    grandma = ResidentFactory(voornamen="Bep", geslachtsnaam="Aydin", geboortedatum=dt.date(1950, 1, 1))
    client = client_for("generalist")
    response = client.post(f"/huishoudens/{household.pk}/relaties/", {
        "version": household.version, "zoek": grandma.bsn, "person": grandma.pk, "kind": "17",
        "resident": child.pk})
    assert response.status_code == 302
    html = page(client, household)
    relations = html.split('id="relaties-kop"', 1)[1].split("</section>", 1)[0]
    assert f"{mother.full_name} is ouder van {child.full_name}" in relations
    assert f"{grandma.full_name} (buiten het huishouden) is familielid van {child.full_name}" in relations
    assert not re.search(r"\b1[0-9]\b", re.sub(r"<[^>]+>", "", relations).replace(TODAY.strftime("%d-%m-%Y"), ""))
    # ending a relation ends its mirror too, and keeps both in the history
    relation = Relation.objects.get(resident=child, person=mother, kind="10")
    household.refresh_from_db()
    assert client.post(f"/huishoudens/{household.pk}/relaties/beeindigen/", {
        "version": household.version, "relation": relation.pk}).status_code == 302
    assert not Relation.objects.filter(valid_until__isnull=True, kind__in=["10", "16"],
                                       resident__in=[mother, child]).exists()
    assert "Beëindigde relaties" in page(client, household)


def test_a_relation_needs_a_kind_from_the_list(client_for, profile):
    household, mother, (child,) = family()
    response = client_for("balie").post(f"/huishoudens/{household.pk}/relaties/", {
        "version": household.version, "person": mother.pk, "kind": "99", "resident": child.pk})
    assert response.status_code == 422 and 'id="relatie-kind-fout"' in response.content.decode()


# --- gezag -------------------------------------------------------------------------------------------------------


def test_gezag_is_recorded_with_its_history(balie, profile):
    household, mother, (child,) = family()
    first = actions.check_record_gezag(
        actor=balie, household=household, expected_version=household.version, minor=child, soort="ouderlijk",
        holder=Holder(resident=mother), second_holder=Holder(name="Jan de Vries"), valid_from=child.geboortedatum,
        bron="gezagsregister")
    assert first.holder_names == [mother.full_name, "Jan de Vries"]
    later = TODAY - dt.timedelta(days=30)
    actions.check_record_gezag(actor=balie, household=household, expected_version=household.version, minor=child,
                               soort="voogdij-gi", holder=Holder(name="Jeugdbescherming west"), valid_from=later)
    first.refresh_from_db()
    assert first.valid_until == later - dt.timedelta(days=1)
    (row,) = gezag_for_household(balie, household, purpose="test", channel="test", history=True)
    assert row.minor == child and row.current.holder_names == ["Jeugdbescherming west"] and row.past == [first]
    logged = ChangeLog.objects.filter(event="inwoner.gezag_vastgelegd").order_by("seq").last()
    assert logged.subject_ids == [child.pk] and logged.old["soort"] == "ouderlijk"


@pytest.mark.parametrize(("kwargs", "field", "words"), [
    ({"soort": "gezamenlijk"}, "second_holder", "twee gezagsdragers"),
    ({"soort": "voogdij-gi"}, "holder_name", "gecertificeerde instelling"),
    ({"second_holder": "itself"}, "second_holder", "dezelfde gezagsdrager"),
    ({"valid_from": TODAY + dt.timedelta(days=2)}, "valid_from", "ligt in de toekomst"),
    ({"valid_from": dt.date(2000, 1, 1)}, "valid_from", "ligt voor de geboortedatum"),
    ({"holder": "child"}, "holder", "geen gezag over zichzelf"),
    ({"minor": "mother"}, "minor", "niet minderjarig"),
])
def test_gezag_rules_give_dutch_errors_at_their_field(balie, profile, kwargs, field, words):
    household, mother, (child,) = family()
    people = {"child": child, "mother": mother}
    args = {"soort": "ouderlijk", "holder": Holder(resident=mother), "second_holder": None, "valid_from": TODAY,
            "minor": child}
    for key, value in kwargs.items():
        if key in ("holder", "second_holder"):
            args[key] = Holder(resident=mother) if value == "itself" else Holder(resident=people[value])
        elif key == "minor":
            args[key] = people[value]
        else:
            args[key] = value
    with pytest.raises(ValidationFailed) as refused:
        actions.check_record_gezag(actor=balie, household=household, expected_version=household.version, **args)
    assert words in refused.value.field_errors[field][0]
    assert not Gezag.objects.exists()


def test_a_teenager_cannot_hold_gezag(balie, profile):
    household, mother, (child,) = family()
    sibling = ResidentFactory(household=household, geboortedatum=years_ago(15))
    with pytest.raises(ValidationFailed) as refused:
        actions.check_record_gezag(actor=balie, household=household, expected_version=household.version, minor=child,
                                   soort="voogdij", holder=Holder(resident=sibling), valid_from=TODAY)
    assert "jonger dan 16 jaar" in refused.value.field_errors["holder"][0]


def test_gezag_form_on_the_household_page(client_for, profile):
    household, mother, (child,) = family()
    client = client_for("generalist")
    html = page(client, household)
    assert "gezag niet vastgelegd" in html
    response = client.post(f"/huishoudens/{household.pk}/gezag/", {
        "version": household.version, "minor": child.pk, "soort": "ouderlijk", "holder": mother.pk,
        "second_holder": "anders", "second_holder_name": "", "valid_from": child.geboortedatum.isoformat()})
    assert response.status_code == 422  # "someone else" without a name: the name is asked at its field
    assert "Vul de naam in." in response.content.decode() and 'id="gezag-second_holder_name-fout"' in \
        response.content.decode()
    response = client.post(f"/huishoudens/{household.pk}/gezag/", {
        "version": household.version, "minor": child.pk, "soort": "ouderlijk", "holder": mother.pk,
        "second_holder": "anders", "second_holder_name": "Jan de Vries",
        "valid_from": child.geboortedatum.isoformat(), "bron": "verklaring van de moeder"})
    assert response.status_code == 302
    section = page(client, household).split('id="gezag-kop"', 1)[1].split("</section>", 1)[0]
    assert f"Ouderlijk gezag: {mother.full_name} en Jan de Vries" in section
    assert f"sinds {child.geboortedatum:%d-%m-%Y}" in section and "verklaring van de moeder" in section
    assert not CODE_ON_SCREEN.search(section)


def record_gezag_for(household, mother, child):
    actions.check_record_gezag(actor=SYSTEM, household=household, expected_version=None, minor=child,
                               soort="ouderlijk", holder=Holder(resident=mother),
                               second_holder=Holder(name="Jan de Vries"), valid_from=child.geboortedatum)


def test_gezag_is_shown_at_the_plan_agreement_and_the_safety_assessment(client_for, staff):
    casus, mother, child, _ = case_with_goal(staff["generalist"])
    client = client_for("generalist")
    plan = client.get(f"/casussen/{casus.pk}/plan/").content.decode()
    assert "Gezag over de minderjarigen" in plan and "gezag niet vastgelegd" in plan
    record_gezag_for(casus.household, mother, child)
    plan = client.get(f"/casussen/{casus.pk}/plan/").content.decode()
    gezag = plan.split('id="gezag-kop"', 1)[1].split("</section>", 1)[0]
    assert child.full_name in gezag and f"Ouderlijk gezag: {mother.full_name} en Jan de Vries" in gezag
    case = client.get(f"/casussen/{casus.pk}/").content.decode()
    safety = case.split('id="veiligheid-kop"', 1)[1].split("</ul>", 1)[0]
    assert f"Ouderlijk gezag: {mother.full_name} en Jan de Vries" in safety
    assert not CODE_ON_SCREEN.search(gezag + safety)


def test_a_household_without_minors_shows_no_gezag_and_costs_no_query(client_for, staff):
    casus, mother, child, _ = case_with_goal(staff["generalist"])
    HouseholdMembership.objects.filter(resident=child).delete()
    Resident.objects.filter(pk=child.pk).update(household=None)
    plan = client_for("generalist").get(f"/casussen/{casus.pk}/plan/").content.decode()
    assert "Gezag over de minderjarigen" not in plan
    with CaptureQueriesContext(connection) as ctx:
        assert gezag_for_household(SYSTEM, casus.household, purpose="t", channel="t", members=[mother]) == []
    assert len(ctx.captured_queries) == 0


def test_a_holder_outside_the_household_is_logged_as_seen(client_for, profile):
    household, mother, (child,) = family()
    father = ResidentFactory(voornamen="Jan", geslachtsnaam="Smit")
    actions.check_record_gezag(actor=SYSTEM, household=household, expected_version=None, minor=child,
                               soort="ouderlijk", holder=Holder(resident=mother), second_holder=Holder(resident=father),
                               valid_from=child.geboortedatum)
    assert father.full_name in page(client_for("balie"), household)
    assert father.pk in AccessLog.objects.order_by("seq").last().subject_ids


# --- who may -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["privacy", "teamleider"])
def test_a_role_that_may_not_edit_households_is_refused(client_for, staff, actor_of, role):
    household, mother, (child,) = family()
    client = client_for(role)
    html = page(client, household)  # they see the household and its gezag, without the forms
    assert "Samenstelling wijzigen" not in html and "Gezag vastleggen" not in html
    response = client.post(f"/huishoudens/{household.pk}/gezag/", {
        "version": household.version, "minor": child.pk, "soort": "ouderlijk", "holder": mother.pk,
        "valid_from": TODAY.isoformat()})
    assert response.status_code == 403
    with pytest.raises(NotAllowed):
        actions.check_record_gezag(actor=actor_of(staff[role]), household=household, expected_version=None,
                                   minor=child, soort="ouderlijk", holder=Holder(resident=mother), valid_from=TODAY)
    with pytest.raises(NotAllowed):
        actions.check_end_membership(actor=actor_of(staff[role]), household=household, resident=mother,
                                     valid_until=TODAY)
    assert not Gezag.objects.exists()


def test_adding_someone_already_a_member_is_a_conflict(balie, profile):
    household, mother, _ = family()
    with pytest.raises(Conflict, match="al lid"):
        actions.check_add_member(actor=balie, household=household, resident=mother, valid_from=TODAY)


# --- bounded -----------------------------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_household_page_queries_do_not_grow_with_members_relations_and_gezag(client_for, profile,
                                                                            django_assert_max_num_queries):
    client = client_for("balie")
    counts = []
    for children in (1, 5):
        household, mother, kids = family(children=children)
        for kid in kids:
            record_gezag_for(household, mother, kid)
        outsider = ResidentFactory()
        actions.check_add_relation(actor=SYSTEM, resident=kids[0], person=outsider, kind="17")
        counts.append(count_queries(client, f"/huishoudens/{household.pk}/"))
    assert counts[0] == counts[1]
    # the household page as before (19 on PostgreSQL) plus the gezag of its minors (1)
    with django_assert_max_num_queries(21):  # +1: the header's unread count (issue 12, point 8)
        client.get(f"/huishoudens/{household.pk}/")
