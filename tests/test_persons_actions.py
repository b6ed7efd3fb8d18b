import datetime as dt

import pytest
import time_machine
from django.db import transaction

from toegang.audit.models import ChangeLog
from toegang.core.actor import SYSTEM
from toegang.core.errors import Conflict, Duplicate, NotAllowed, ValidationFailed
from toegang.persons import actions
from toegang.persons.actions import AddressData, PossibleDuplicate, ResidentData
from toegang.persons.models import Household, HouseholdMembership, NetworkMember, Relation, Resident

from .factories import HouseholdFactory, ResidentFactory, valid_bsn

ADDRESS = AddressData(postcode="9902 ab", huisnummer=12, straat="Berkenlaan", woonplaats="Demodam")


def data(**kwargs):
    return ResidentData(**{"voornamen": "Anna", "geslachtsnaam": "Visser", "geboortedatum": dt.date(1990, 3, 1),
                           "bsn": valid_bsn(1), "geslacht": "2", **kwargs})


@pytest.fixture
def balie(staff, actor_of):
    return actor_of(staff["balie"])


def test_register_creates_resident_household_and_logs_in_one_go(balie, demodam):
    resident = actions.check_register_resident(actor=balie, gemeente=demodam, data=data(), address=ADDRESS)
    household = resident.household
    assert household.postcode == "9902AB" and household.wijk.code == "noord"
    assert household.label == "Huishouden Visser"
    assert household.addresses.get().valid_until is None
    assert HouseholdMembership.objects.get(resident=resident).household == household
    events = list(ChangeLog.objects.order_by("seq").values_list("event", flat=True))
    assert events[-3:] == ["huishouden.aangemaakt", "inwoner.geregistreerd", "huishouden.lid_toegevoegd"]
    registered = ChangeLog.objects.get(event="inwoner.geregistreerd")
    assert registered.subject_ids == [resident.pk]
    assert registered.actor_label == "balie" and registered.role == "balie"
    assert registered.new["bsn"] == valid_bsn(1)


@pytest.mark.parametrize("bsn", ["123456789", "12345678", "abcdefghi", "111111111"])
def test_invalid_bsn_is_refused_with_the_elfproef_message(balie, demodam, bsn):
    with pytest.raises(ValidationFailed, match="gegevens van de inwoner zijn niet volledig of niet juist") as info:
        actions.check_register_resident(actor=balie, gemeente=demodam, data=data(bsn=bsn), address=ADDRESS)
    assert info.value.field_errors["bsn"] == ["BSN voldoet niet aan de elfproef."]
    assert not Resident.objects.exists() and not Household.objects.exists()


@time_machine.travel(dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC))
def test_birth_date_in_the_future_is_refused(balie, demodam):
    with pytest.raises(ValidationFailed, match="^Geboortedatum ligt in de toekomst") as info:
        actions.check_register_resident(actor=balie, gemeente=demodam, data=data(geboortedatum=dt.date(2026, 11, 24)),
                                        address=ADDRESS)
    assert "toekomst" in info.value.field_errors["geboortedatum"][0]


@pytest.mark.parametrize("postcode", ["12345", "0123AB", "1234 SA-X", "ABCD12"])
def test_unknown_postcode_format_is_a_field_error(balie, demodam, postcode):
    with pytest.raises(ValidationFailed, match="Het adres is niet juist") as info:
        actions.check_register_resident(actor=balie, gemeente=demodam, data=data(),
                                        address=AddressData(postcode=postcode, huisnummer=1))
    assert "postcode" in info.value.field_errors


def test_postcode_outside_every_wijk_still_registers_without_wijk(balie, demodam):
    resident = actions.check_register_resident(actor=balie, gemeente=demodam, data=data(),
                                               address=AddressData(postcode="1011AB", huisnummer=1))
    assert resident.household.wijk is None


def test_no_fixed_address_is_allowed(balie, demodam):
    resident = actions.check_register_resident(actor=balie, gemeente=demodam, data=data(), address=AddressData())
    assert resident.household.postcode == "" and resident.household.address_line == "geen vast adres"


def test_existing_bsn_is_refused_with_a_link_to_the_existing_record(balie, demodam):
    first = actions.check_register_resident(actor=balie, gemeente=demodam, data=data(), address=ADDRESS)
    with pytest.raises(Duplicate, match="al een inwoner met dit BSN") as info:
        actions.check_register_resident(actor=balie, gemeente=demodam, data=data(voornamen="Anne"), address=ADDRESS)
    assert info.value.existing_id == first.pk
    assert Resident.objects.count() == 1


def test_same_bsn_in_another_gemeente_is_another_registration(balie, demodam, voorbeeldorp, staff, actor_of):
    actions.check_register_resident(actor=balie, gemeente=demodam, data=data(), address=ADDRESS)
    # balie holds its role in Demodam only in the fixture; give the system actor the second registration
    actions.check_register_resident(actor=SYSTEM, gemeente=voorbeeldorp, data=data(), address=AddressData())
    assert Resident.objects.filter(bsn=valid_bsn(1)).count() == 2


def test_same_name_birth_date_and_address_warns_until_confirmed(balie, demodam):
    actions.check_register_resident(actor=balie, gemeente=demodam, data=data(bsn=None), address=ADDRESS)
    with pytest.raises(PossibleDuplicate, match="dezelfde naam en geboortedatum op dit adres") as info:
        actions.check_register_resident(actor=balie, gemeente=demodam, data=data(bsn=None), address=ADDRESS)
    assert len(info.value.existing_ids) == 1
    actions.check_register_resident(actor=balie, gemeente=demodam, data=data(bsn=None), address=ADDRESS,
                                    confirm_not_duplicate=True)
    assert Resident.objects.count() == 2


def test_a_role_without_register_capability_cannot_register(staff, actor_of, demodam):
    with pytest.raises(NotAllowed, match="geen inwoners registreren"):
        actions.check_register_resident(actor=actor_of(staff["beleid"]), gemeente=demodam, data=data(), address=ADDRESS)


def test_update_records_only_changed_fields(balie, demodam):
    resident = ResidentFactory(voornamen="Piet")
    actions.check_update_resident(actor=balie, resident=resident, expected_version=1,
                                  data=ResidentData(voornamen="Pieter", geslachtsnaam=resident.geslachtsnaam,
                                                    bsn=resident.bsn, geboortedatum=resident.geboortedatum,
                                                    geslacht=resident.geslacht))
    row = ChangeLog.objects.get(event="inwoner.gewijzigd")
    assert row.old == {"voornamen": "Piet"} and row.new == {"voornamen": "Pieter"}
    resident.refresh_from_db()
    assert resident.version == 2


def test_stale_form_gets_a_conflict_and_overwrites_nothing(balie):
    resident = ResidentFactory(voornamen="Piet")
    same = dict(geslachtsnaam=resident.geslachtsnaam, bsn=resident.bsn, geboortedatum=resident.geboortedatum,
                geslacht=resident.geslacht)
    actions.check_update_resident(actor=balie, resident=resident, expected_version=1,
                                  data=ResidentData(voornamen="Pieter", **same))
    with pytest.raises(Conflict, match="intussen gewijzigd"):
        actions.check_update_resident(actor=balie, resident=resident, expected_version=1,
                                      data=ResidentData(voornamen="Peter", **same))
    resident.refresh_from_db()
    assert resident.voornamen == "Pieter"
    assert ChangeLog.objects.filter(event="inwoner.gewijzigd").count() == 1


def test_move_household_keeps_address_history_and_rederives_the_wijk(balie):
    household = HouseholdFactory()
    ResidentFactory(household=household)
    actions.check_move_household(actor=balie, household=household, expected_version=1,
                                 address=AddressData(postcode="9901CD", huisnummer=3, straat="Marktstraat"),
                                 valid_from=dt.date(2024, 6, 1))
    household.refresh_from_db()
    assert household.wijk.code == "centrum" and household.postcode == "9901CD"
    old, new = household.addresses.order_by("valid_from")
    assert old.valid_until == dt.date(2024, 5, 31) and new.valid_until is None
    assert ChangeLog.objects.get(event="huishouden.verhuisd").old["postcode"] == "9902AB"


def test_add_member_ends_the_previous_membership(balie):
    resident = ResidentFactory()
    old_household = resident.household
    new_household = HouseholdFactory()
    actions.check_add_member(actor=balie, household=new_household, resident=resident, valid_from=dt.date(2025, 1, 1))
    resident.refresh_from_db()
    assert resident.household == new_household
    assert HouseholdMembership.objects.get(household=old_household).valid_until == dt.date(2024, 12, 31)
    with pytest.raises(Conflict, match="al lid van dit huishouden"):
        actions.check_add_member(actor=balie, household=new_household, resident=resident, valid_from=dt.date(2025, 1, 2))


def test_relation_adds_its_mirror(balie):
    parent, child = ResidentFactory(), ResidentFactory()
    actions.check_add_relation(actor=balie, resident=child, person=parent, kind="10")
    assert Relation.objects.filter(resident=parent, person=child, kind="16").exists()
    with pytest.raises(ValidationFailed, match="Onbekende soort relatie"):
        actions.check_add_relation(actor=balie, resident=child, person=parent, kind="99")


def test_network_member_requires_name_and_known_relation(balie):
    household = HouseholdFactory()
    with pytest.raises(ValidationFailed, match="Het netwerklid is niet volledig") as info:
        actions.check_add_network_member(actor=balie, household=household, name=" ", kind="xx")
    assert set(info.value.field_errors) == {"name", "kind"}
    actions.check_add_network_member(actor=balie, household=household, name="Oma Visser", kind="17", mantelzorger=True)
    assert NetworkMember.objects.get().mantelzorger


def test_merge_moves_every_reference_and_leaves_a_tombstone(staff, actor_of):
    backoffice = actor_of(staff["backoffice"])
    keep = ResidentFactory(bsn=None, telefoon="")
    remove = ResidentFactory(telefoon="0612345678")
    other = ResidentFactory()
    actions.check_add_relation(actor=backoffice, resident=remove, person=other, kind="12")
    keep = actions.check_merge_residents(actor=backoffice, keep=keep, remove=remove, reason="dubbel ingeschreven")
    remove.refresh_from_db()
    assert remove.merged_into == keep and remove.bsn is None
    assert keep.telefoon == "0612345678" and keep.bsn  # filled from the removed record
    assert Relation.objects.filter(resident=keep, person=other).exists()
    assert Relation.objects.filter(resident=other, person=keep).exists()
    assert not Relation.objects.filter(resident=remove).exists() and not Relation.objects.filter(person=remove).exists()
    assert HouseholdMembership.objects.filter(resident=keep, valid_until__isnull=True).count() == 2
    row = ChangeLog.objects.get(event="inwoner.samengevoegd")
    assert sorted(row.subject_ids) == sorted([keep.pk, remove.pk]) and row.new["reden"] == "dubbel ingeschreven"


def test_merge_rules(staff, actor_of):
    backoffice, balie = actor_of(staff["backoffice"]), actor_of(staff["balie"])
    a, b = ResidentFactory(), ResidentFactory()
    with pytest.raises(NotAllowed, match="geen inwoners samenvoegen"):
        actions.check_merge_residents(actor=balie, keep=a, remove=b, reason="x")
    with pytest.raises(ValidationFailed, match="verschillende BSN"):
        actions.check_merge_residents(actor=backoffice, keep=a, remove=b, reason="x")
    with pytest.raises(ValidationFailed, match="reden"):
        actions.check_merge_residents(actor=backoffice, keep=ResidentFactory(bsn=None), remove=b, reason=" ")


def test_a_failed_action_leaves_no_change_log_row(balie, demodam, monkeypatch):
    """The change log row is written in the transaction of the change: if the change fails, so does the row."""
    def boom(**kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(actions.HouseholdMembership.objects, "create", boom)
    before = ChangeLog.objects.count()
    with pytest.raises(RuntimeError, match="database weg"), transaction.atomic():
        actions.check_register_resident(actor=balie, gemeente=demodam, data=data(), address=ADDRESS)
    assert ChangeLog.objects.count() == before
    assert not Resident.objects.exists()
