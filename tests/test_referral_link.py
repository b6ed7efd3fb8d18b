"""Issue 11, point 3: a partner's referral can be taken up. A referral of someone the gemeente did not find at once
is linked to a known resident ("Is deze persoon al bekend?", the referral's data filled in) or the resident is
registered from it; then it is routed again and can be triaged, on the pages and over the API."""

import datetime as dt
import json

import pytest
import time_machine

from toegang.audit.models import AccessLog, ChangeLog
from toegang.cases.models import Casus
from toegang.core.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from toegang.deadlines.models import Clock
from toegang.intake import actions
from toegang.intake.actions import ReferredPerson
from toegang.intake.models import Melding
from toegang.intake.views import name_parts
from toegang.persons.actions import AddressData, ResidentData
from toegang.persons.models import Household, Resident

from .factories import HouseholdFactory, ResidentFactory
from .openapi_contract import api_contract  # noqa: F401 (every API answer is checked against openapi.yaml)

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def desk(staff, actor_of):
    return actor_of(staff["balie"])


@pytest.fixture
def known(profile):
    """A resident of Demodam-Noord (team Noord-Zuid) the partner does not find: it gives no postcode or BSN."""
    return ResidentFactory(voornamen="Sem", geslachtsnaam="Visser", geboortedatum=dt.date(2010, 6, 1))


def refer(staff, actor_of, demodam, **person) -> Melding:
    person = {"naam": "Sem Visser", "geboortedatum": dt.date(2010, 6, 1), **person}
    melding, created = actions.check_refer(actor=actor_of(staff["partner"]), gemeente=demodam,
                                           person=ReferredPerson(**person), question="Sem verzuimt veel op school",
                                           laws=["jeugdwet", "wmo"])  # Wmo: a clock runs
    assert created
    return melding


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


# --- before: an unlinked referral cannot be triaged into work -------------------------------------------------


def test_an_unlinked_referral_cannot_be_triaged_into_work_and_says_to_link_first(staff, actor_of, demodam, desk,
                                                                                client_for, known):
    melding = refer(staff, actor_of, demodam)
    assert melding.household is None and not melding.subjects.exists()
    for outcome in ("enkelvoudig", "meervoudig", "zorgmijder"):
        with pytest.raises(ValidationFailed) as info:
            actions.check_triage_melding(actor=desk, melding=melding, outcome=outcome, reason="gezin in zorg",
                                         expected_version=melding.version)
        assert info.value.field_errors["outcome"] == [actions.UNLINKED_REFERRAL]
    response = client_for("balie").post(f"/meldingen/{melding.pk}/triage/", {
        "version": melding.version, "outcome": "meervoudig", "reason": "meerdere leefgebieden"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="triage-outcome-fout"' in html and "nog niet gekoppeld aan een inwoner" in html
    melding.refresh_from_db()
    assert melding.status == Melding.Status.OPEN and not Casus.objects.exists()


def test_crisis_and_a_referral_onward_never_wait_for_the_link(staff, actor_of, demodam, desk):
    melding = refer(staff, actor_of, demodam)
    actions.check_triage_melding(actor=desk, melding=melding, outcome="crisis", reason="acuut onveilig",
                                 expected_version=melding.version)
    assert melding.triage_outcome == "crisis"


# --- "Is deze persoon al bekend?": search with the referral's data, link, triage ------------------------------


def test_the_melding_page_offers_the_search_filled_in_from_the_referral(staff, actor_of, demodam, client_for, known):
    melding = refer(staff, actor_of, demodam)
    html = client_for("balie").get(f"/meldingen/{melding.pk}/").content.decode()
    assert "Is deze persoon al bekend?" in html
    assert 'name="bekend-naam" value="Visser"' in html and 'value="2010-06-01"' in html  # surname + birth date
    assert "Nieuwe inwoner registreren" in html
    assert "Koppel aan deze melding" not in html  # nothing searched yet, nobody shown, nothing logged
    assert not AccessLog.objects.filter(purpose__contains="is de persoon al bekend").exists()
    with_bsn = refer(staff, actor_of, demodam, naam="Anna de Wit", bsn="111222333")
    html = client_for("balie").get(f"/meldingen/{with_bsn.pk}/").content.decode()
    assert 'name="bekend-bsn" value="111222333"' in html  # the BSN when the referrer gave one


def test_the_team_member_finds_the_known_resident_links_them_and_then_triage_works(staff, actor_of, demodam,
                                                                                   client_for, known):
    melding = refer(staff, actor_of, demodam)
    client = client_for("balie")
    page = client.get(f"/meldingen/{melding.pk}/", {"bekend-naam": "Visser", "bekend-geboortedatum": "2010-06-01"})
    html = page.content.decode()
    assert page.status_code == 200 and "Sem Visser" in html and "01-06-2010" in html
    assert "Koppel aan deze melding" in html and f'name="inwoner" value="{known.pk}"' in html
    searched = AccessLog.objects.get(purpose__contains="is de persoon al bekend")
    assert searched.subject_ids == [known.pk] and searched.channel == "ui"

    response = client.post(f"/meldingen/{melding.pk}/koppelen/", {"version": melding.version, "inwoner": known.pk})
    assert response.status_code == 302 and response["Location"] == f"/meldingen/{melding.pk}/"
    melding.refresh_from_db()
    assert list(melding.subjects.values_list("resident_id", flat=True)) == [known.pk]
    assert melding.household == known.household and melding.version == 2
    row = ChangeLog.objects.get(event="melding.inwoner_gekoppeld")
    assert row.subject_ids == [known.pk] and row.new["inwoner"] == known.pk and row.old["huishouden"] is None
    linked_read = AccessLog.objects.filter(purpose__contains="verwijzing koppelen aan een inwoner").get()
    assert known.pk in linked_read.subject_ids
    assert Clock.objects.filter(subject_id=melding.pk, subject_type="intake.melding",
                                household=known.household).exists()  # the clock knows the household now
    html = client.get(f"/meldingen/{melding.pk}/").content.decode()
    assert "Is deze persoon al bekend?" not in html and "nog niet gekoppeld" not in html

    triaged = client.post(f"/meldingen/{melding.pk}/triage/", {"version": melding.version, "outcome": "meervoudig",
                                                               "reason": "school en thuis"})
    assert triaged.status_code == 302
    melding.refresh_from_db()
    assert melding.status == Melding.Status.GETRIEERD and melding.casus.household == known.household


def test_linking_routes_again_on_the_persons_district_and_age(staff, actor_of, demodam, desk, known):
    # no postcode and no birth date: no team, in the gemeente's inbox with a warning
    melding = refer(staff, actor_of, demodam, naam="Sem Visser", geboortedatum=None)
    assert melding.team is None and melding.routing_warning
    result = actions.check_link_melding_person(actor=desk, melding=melding, resident=known,
                                               expected_version=melding.version)
    melding.refresh_from_db()
    assert melding.team.code == "st-noord-zuid" and melding.routing_rule == "wijk" and not melding.routing_warning
    assert result.rerouted and "opnieuw gerouteerd naar Sociaal team Noord-Zuid" in result.message
    assert Clock.objects.filter(subject_id=melding.pk, subject_type="intake.melding")\
        .values_list("team__code", flat=True).distinct().get() == "st-noord-zuid"

    # the referrer thought the child was 12 (the primary-school route); the resident is 16: that rule no longer holds
    school = actions.check_refer(actor=actor_of(staff["partner"]), gemeente=demodam,
                                 person=ReferredPerson(naam="Sem Visser", geboortedatum=dt.date(2014, 6, 1),
                                                       postcode="9902 AB", huisnummer=999),
                                 question="Verzuim", setting="basisschool")[0]
    assert school.routing_rule == "basisschool-tot-13" and school.routing_forum
    actions.check_link_melding_person(actor=desk, melding=school, resident=known, expected_version=school.version)
    school.refresh_from_db()
    assert school.routing_rule == "wijk" and school.routing_forum == ""


def test_a_triaged_referral_keeps_its_route_when_linked(staff, actor_of, demodam, desk, known):
    melding = refer(staff, actor_of, demodam, geboortedatum=None)
    actions.check_triage_melding(actor=desk, melding=melding, outcome="veiligheid", reason="zorgen om veiligheid",
                                 expected_version=melding.version)
    before = (melding.team_id, melding.routing_rule)
    actions.check_link_melding_person(actor=desk, melding=melding, resident=known, expected_version=melding.version)
    melding.refresh_from_db()
    assert (melding.team_id, melding.routing_rule) == before and melding.household == known.household
    assert ChangeLog.objects.get(event="melding.inwoner_gekoppeld").new["opnieuw_gerouteerd"] is False


def test_the_link_joins_the_households_open_case(staff, actor_of, demodam, desk, known):
    first = actions.check_register_melding(actor=desk, gemeente=demodam, persons=[known], data=actions.MeldingData(
        question="Moeder vraagt hulp", channel="balie", source="zelf"))[0]
    actions.check_triage_melding(actor=desk, melding=first, outcome="meervoudig", reason="veel tegelijk",
                                 expected_version=first.version)
    melding = refer(staff, actor_of, demodam)
    result = actions.check_link_melding_person(actor=desk, melding=melding, resident=known,
                                               expected_version=melding.version)
    assert melding.casus == first.casus and "open casus" in result.message


# --- registering the resident from the referral ----------------------------------------------------------------


def test_name_parts_of_a_name_as_the_referrer_types_it():
    assert name_parts("Nina Bakker") == ("Nina", "", "Bakker")
    assert name_parts("Els van der Berg") == ("Els", "van der", "Berg")
    assert name_parts("Anna Maria de Wit") == ("Anna Maria", "de", "Wit")
    assert name_parts("Bakker") == ("", "", "Bakker")


def test_registering_a_new_resident_from_the_referral_links_them(staff, actor_of, demodam, client_for):
    melding = refer(staff, actor_of, demodam, naam="Nina van der Berg", geboortedatum=dt.date(2014, 3, 3),
                    bsn="111222333", postcode="9901 AB", huisnummer=4)
    client = client_for("balie")
    html = client.get(f"/meldingen/{melding.pk}/inwoner-registreren/").content.decode()
    for filled in ('name="voornamen" value="Nina"', 'name="voorvoegsel" value="van der"',
                   'name="geslachtsnaam" value="Berg"', 'value="2014-03-03"', 'name="bsn" value="111222333"',
                   'name="postcode" value="9901AB"', 'name="huisnummer" value="4"'):
        assert filled in html, filled
    response = client.post(f"/meldingen/{melding.pk}/inwoner-registreren/", {
        "version": melding.version, "gemeente": demodam.pk, "voornamen": "Nina", "voorvoegsel": "van der",
        "geslachtsnaam": "Berg", "geboortedatum": "2014-03-03", "bsn": "111222333", "geslacht": "2",
        "postcode": "9901AB", "huisnummer": "4", "straat": "Marktstraat", "woonplaats": "Demodam"})
    assert response.status_code == 302 and response["Location"] == f"/meldingen/{melding.pk}/"
    nina = Resident.objects.get(bsn="111222333")
    melding.refresh_from_db()
    assert melding.household == nina.household and list(melding.subjects.values_list("resident_id", flat=True)) == [
        nina.pk]
    events = list(ChangeLog.objects.filter(event__in=["inwoner.geregistreerd", "melding.inwoner_gekoppeld"])
                  .values_list("event", flat=True).order_by("seq"))
    assert events == ["inwoner.geregistreerd", "melding.inwoner_gekoppeld"]


def test_registering_from_the_referral_asks_whether_they_join_the_household_at_the_address(staff, actor_of, demodam,
                                                                                         client_for):
    mother = ResidentFactory(household=HouseholdFactory(postcode="9901AB", huisnummer=4, wijk=demodam.wijken.get(
        code="centrum")), voornamen="Lotte", geslachtsnaam="Berg")
    melding = refer(staff, actor_of, demodam, naam="Nina Berg", geboortedatum=dt.date(2014, 3, 3),
                    postcode="9901AB", huisnummer=4)
    client = client_for("balie")
    html = client.get(f"/meldingen/{melding.pk}/inwoner-registreren/").content.decode()
    assert "Huishouden op dit adres" in html and "Lotte Berg" in html
    form = {"version": melding.version, "gemeente": demodam.pk, "voornamen": "Nina", "geslachtsnaam": "Berg",
            "geboortedatum": "2014-03-03", "geslacht": "2", "postcode": "9901AB", "huisnummer": "4"}
    response = client.post(f"/meldingen/{melding.pk}/inwoner-registreren/", {**form,
                                                                            "huishouden": mother.household_id})
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.household == mother.household and Household.objects.filter(postcode="9901AB").count() == 1


def test_a_refused_registration_keeps_the_input_at_the_field_and_links_nobody(staff, actor_of, demodam, client_for):
    melding = refer(staff, actor_of, demodam, naam="Nina Bakker")
    client = client_for("balie")
    form = {"version": melding.version, "gemeente": demodam.pk, "voornamen": "Nina Maria", "geslachtsnaam": "Bakker",
            "bsn": "123456789", "geslacht": "2"}
    response = client.post(f"/meldingen/{melding.pk}/inwoner-registreren/", form)
    html = response.content.decode()
    assert response.status_code == 422 and 'id="id_bsn-fout"' in html and "elfproef" in html
    assert 'value="Nina Maria"' in html
    assert not Resident.objects.filter(geslachtsnaam="Bakker").exists() and not melding.subjects.exists()


def test_registering_and_linking_are_one_transaction(staff, actor_of, demodam, desk):
    melding = refer(staff, actor_of, demodam, naam="Nina Bakker")
    stale = melding.version
    actions.check_pick_up_melding(actor=desk, melding=Melding.objects.get(pk=melding.pk))
    with pytest.raises(Conflict):
        actions.check_register_melding_person(actor=desk, melding=melding, expected_version=stale,
                                              data=ResidentData(voornamen="Nina", geslachtsnaam="Bakker"),
                                              address=AddressData())
    assert not Resident.objects.filter(geslachtsnaam="Bakker").exists()


# --- who may, and stale pages -----------------------------------------------------------------------------------


def test_only_who_triages_and_sees_the_melding_may_link(staff, actor_of, demodam, client_for, known, make_staff):
    melding = refer(staff, actor_of, demodam)  # routed to nobody: the gemeente's inbox
    body = {"version": melding.version, "inwoner": known.pk}
    assert client_for("partner").post(f"/meldingen/{melding.pk}/koppelen/", body).status_code == 404
    assert client_for("beleid").post(f"/meldingen/{melding.pk}/koppelen/", body).status_code == 404
    assert client_for("privacy").post(f"/meldingen/{melding.pk}/koppelen/", body).status_code == 403  # sees, not triage
    assert client_for("privacy").get(f"/meldingen/{melding.pk}/inwoner-registreren/").status_code == 403
    assert "Is deze persoon al bekend?" not in client_for("privacy").get(f"/meldingen/{melding.pk}/").content.decode()
    with pytest.raises(NotAllowed):
        actions.check_link_melding_person(actor=actor_of(staff["privacy"]), melding=melding, resident=known,
                                          expected_version=melding.version)
    with pytest.raises(NotFound):  # the generalist of Noord-Zuid does not see a melding outside the team
        actions.check_link_melding_person(actor=actor_of(staff["generalist"]), melding=melding, resident=known,
                                          expected_version=melding.version)
    # a team lead triages but does not register residents: linking yes, registering no
    lead = client_for("teamleider")
    centrum = refer(staff, actor_of, demodam, postcode="9901AB", huisnummer=1)  # to Sociaal team Centrum
    html = lead.get(f"/meldingen/{centrum.pk}/").content.decode()
    assert "Is deze persoon al bekend?" in html and "Nieuwe inwoner registreren" not in html
    assert lead.get(f"/meldingen/{centrum.pk}/inwoner-registreren/").status_code == 403
    # a resident the actor may not see is not found (the team lead sees Noord-Zuid and Centrum, not Voorbeeldorp)
    elsewhere = ResidentFactory(household=HouseholdFactory(gemeente=demodam, wijk=None, postcode="9999ZZ"))
    response = lead.post(f"/meldingen/{centrum.pk}/koppelen/", {"version": centrum.version, "inwoner": elsewhere.pk})
    assert response.status_code == 404 and not centrum.subjects.exists()


def test_a_stale_link_is_409_and_shows_the_same_search_again(staff, actor_of, demodam, desk, client_for, known):
    melding = refer(staff, actor_of, demodam)
    stale = melding.version
    actions.check_pick_up_melding(actor=desk, melding=Melding.objects.get(pk=melding.pk))  # someone came first
    response = client_for("balie").post(f"/meldingen/{melding.pk}/koppelen/", {
        "version": stale, "inwoner": known.pk, "bekend-naam": "Visser", "bekend-geboortedatum": "2010-06-01"})
    html = response.content.decode()
    assert response.status_code == 409 and "Dit is niet opgeslagen" in html and "Iemand anders" in html
    assert "Sem Visser" in html and f'name="inwoner" value="{known.pk}"' in html  # the list is there again
    assert f'name="version" value="{stale + 1}"' in html  # sent again after reading, it saves
    assert not melding.subjects.exists()
    with pytest.raises(Conflict):
        actions.check_link_melding_person(actor=desk, melding=melding, resident=known, expected_version=stale)


def test_a_stale_registration_is_409_and_keeps_what_was_typed(staff, actor_of, demodam, desk, client_for):
    melding = refer(staff, actor_of, demodam, naam="Nina Bakker")
    stale = melding.version
    actions.check_pick_up_melding(actor=desk, melding=Melding.objects.get(pk=melding.pk))
    response = client_for("balie").post(f"/meldingen/{melding.pk}/inwoner-registreren/", {
        "version": stale, "gemeente": demodam.pk, "voornamen": "Nina Maria", "geslachtsnaam": "Bakker",
        "geslacht": "2", "telefoon": "0612345678"})
    html = response.content.decode()
    assert response.status_code == 409 and "Dit is niet opgeslagen" in html
    assert 'value="Nina Maria"' in html and 'value="0612345678"' in html
    assert f'name="version" value="{stale + 1}"' in html
    assert not Resident.objects.filter(geslachtsnaam="Bakker").exists()


def test_a_resident_already_linked_or_of_another_household_is_refused(staff, actor_of, demodam, desk, known):
    melding = refer(staff, actor_of, demodam)
    actions.check_link_melding_person(actor=desk, melding=melding, resident=known, expected_version=melding.version)
    with pytest.raises(Conflict, match="al aan de melding gekoppeld"):
        actions.check_link_melding_person(actor=desk, melding=melding, resident=known, expected_version=None)
    with pytest.raises(ValidationFailed, match="ander huishouden"):
        actions.check_link_melding_person(actor=desk, melding=melding, resident=ResidentFactory(),
                                          expected_version=None)


# --- the API ------------------------------------------------------------------------------------------------------


def test_api_links_a_referral_and_then_triages_it(staff, actor_of, demodam, client_for, known):
    melding = refer(staff, actor_of, demodam)
    client = client_for("balie")
    before = client.get(f"/api/v1/meldingen/{melding.pk}").json()
    assert before["inwoners"] == [] and before["huishouden"] is None
    assert before["opgegevenPersoon"] == {"naam": "Sem Visser", "geboortedatum": "2010-06-01", "bsn": "",
                                          "postcode": "", "huisnummer": None}
    refused = post(client, f"/api/v1/meldingen/{melding.pk}/triage", {"uitkomst": "meervoudig", "reden": "veel"})
    assert refused.status_code == 400 and refused.json()["invalidParams"][0]["name"] == "uitkomst"

    stale = post(client, f"/api/v1/meldingen/{melding.pk}/koppel", {"inwoner": known.pk, "versie": 99})
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    response = post(client, f"/api/v1/meldingen/{melding.pk}/koppel", {"inwoner": known.pk, "versie": 1})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["inwoners"] == [known.pk] and body["huishouden"] == known.household_id
    assert body["team"] == "st-noord-zuid" and body["opgegevenPersoon"] is None and body["versie"] == 2
    assert AccessLog.objects.filter(channel="api", purpose__contains="melding koppelen aan een inwoner").exists()

    triaged = post(client, f"/api/v1/meldingen/{melding.pk}/triage", {"uitkomst": "meervoudig", "reden": "veel",
                                                                      "versie": 2})
    assert triaged.status_code == 200 and triaged.json()["casus"] is not None


def test_api_link_refusals(staff, actor_of, demodam, client_for, known):
    melding = refer(staff, actor_of, demodam)
    url = f"/api/v1/meldingen/{melding.pk}/koppel"
    assert post(client_for("partner"), url, {"inwoner": known.pk}).status_code == 404
    assert post(client_for("privacy"), url, {"inwoner": known.pk}).status_code == 403
    assert post(client_for("balie"), url, {"inwoner": 999_999}).status_code == 404
    bad = post(client_for("balie"), url, {"inwoner": "Sem"})
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "inwoner"
    assert not melding.subjects.exists()
