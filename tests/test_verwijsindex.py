"""The Verwijsindex (issue 12 point 7): signals on youths under 23, matches between organisations, coordination by
the profile's rule, expiry into the history, and who may see what."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from toegang.accounts.actors import actor_for_user
from toegang.audit.models import AccessLog, ChangeLog
from toegang.core import clock
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed
from toegang.persons.models import Relation, Resident
from toegang.profiles.loader import read_profile
from toegang.profiles.models import Profile
from toegang.tasks.models import Notification
from toegang.verwijsindex import actions, queries
from toegang.verwijsindex.models import Match, Signal, SignalHistory

from .factories import HouseholdFactory, ResidentFactory, valid_bsn
from .openapi_contract import api_contract  # noqa: F401 (every API answer is checked against openapi.yaml)


def unknown_bsn(n: int) -> str:
    """A valid BSN that no resident has (the index stands on the BSN alone)."""
    taken = set(Resident.objects.exclude(bsn=None).values_list("bsn", flat=True))
    return next(b for b in (valid_bsn(7000 + n + i) for i in range(500)) if b not in taken)


def years_ago(years: int, days: int = 0) -> dt.date:
    today = clock.today()
    return today.replace(year=today.year - years, day=1 if today.month == 2 else today.day) - dt.timedelta(days=days)


@pytest.fixture
def people(make_staff):
    def person(role, organisatie, name):
        user = make_staff(role, organisatie=organisatie, username=name)
        user.first_name, user.last_name, user.email = name.capitalize(), "Test", f"{name}@example.nl"
        user.save()
        return user

    return {"jeugdhulp": person("partner", "jeugdhulp-demo", "jara"),
            "welzijn": person("partner", "welzijn-demo", "wim"),
            "school": person("partner", "basisschool-de-regenboog", "sara"),
            "jeugdhulp2": person("partner", "jeugdhulp-demo", "jan"),
            "regie": person("procesregisseur", "gemeente-demodam", "petra")}


def give(demodam, user, bsn, birth=None):
    return actions.check_register_signal(actor=actor_for_user(user), gemeente=demodam, bsn=bsn,
                                         birth_date=birth or years_ago(15))


def set_rules(gemeente, **section):
    profile = Profile.objects.get(name="demo")
    profile.data = {**profile.data, "verwijsindex": section}
    profile.save()
    gemeente.refresh_from_db()  # its cached profile too


# --- a signal, and the bad input of the issue -----------------------------------------------------------------------


def test_a_signal_holds_only_bsn_organisation_contact_and_date(demodam, people):
    bsn = unknown_bsn(1)
    result = give(demodam, people["jeugdhulp"], bsn)
    signal = result.signal
    assert result.created and not result.matches
    assert (signal.bsn, signal.organisatie.code, signal.contact_id) == (bsn, "jeugdhulp-demo", people["jeugdhulp"].pk)
    assert signal.registered_on == clock.today()
    # nothing about the problem: no free text anywhere in the index
    for model in (Signal, Match, SignalHistory):
        assert not [f.name for f in model._meta.get_fields() if f.get_internal_type() == "TextField"]
    assert ChangeLog.objects.filter(event="verwijsindex.signaal_afgegeven", object_id=str(signal.pk)).exists()


@pytest.mark.parametrize(("bsn", "birth", "field", "says"), [
    ("", None, "bsn", "Vul het BSN"),
    ("123456789", None, "bsn", "elfproef"),
    ("VALID", 23, "birth_date", "23 jaar of ouder"),
    ("VALID", 30, "birth_date", "23 jaar of ouder"),
])
def test_refused_without_bsn_with_a_wrong_one_or_at_23(demodam, people, bsn, birth, field, says):
    before = Signal.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        give(demodam, people["jeugdhulp"], unknown_bsn(2) if bsn == "VALID" else bsn,
             birth=years_ago(birth) if birth else None)
    assert says in refused.value.message and field in refused.value.field_errors
    assert Signal.objects.count() == before  # nothing half-written


def test_the_day_before_the_23rd_birthday_is_still_allowed(demodam, people):
    assert give(demodam, people["jeugdhulp"], unknown_bsn(3), birth=years_ago(23, days=-1)).created


def test_the_register_birth_date_decides_the_age_where_the_gemeente_knows_the_youth(demodam, people):
    adult = ResidentFactory(geboortedatum=years_ago(30))
    with pytest.raises(ValidationFailed, match="23 jaar of ouder"):
        give(demodam, people["jeugdhulp"], adult.bsn, birth=years_ago(15))


def test_an_account_without_organisation_or_right_is_refused(demodam, staff, make_staff):
    with pytest.raises(ValidationFailed, match="geen organisatie"):
        give(demodam, staff["generalist"], unknown_bsn(4))
    with pytest.raises(NotAllowed):
        give(demodam, make_staff("beleid", organisatie="welzijn-demo"), unknown_bsn(4))


def test_a_second_signal_of_the_same_organisation_refreshes_the_first(demodam, people):
    bsn = unknown_bsn(5)
    with time_machine.travel(dt.datetime(2025, 1, 10, 10, tzinfo=dt.UTC), tick=False):
        first = give(demodam, people["jeugdhulp"], bsn, birth=dt.date(2012, 5, 1)).signal
    with time_machine.travel(dt.datetime(2025, 6, 2, 10, tzinfo=dt.UTC), tick=False):
        again = give(demodam, people["jeugdhulp2"], bsn, birth=dt.date(2012, 5, 1))
    assert not again.created and again.signal.pk == first.pk
    assert Signal.objects.filter(bsn=bsn).count() == 1
    signal = Signal.objects.get(pk=first.pk)
    assert (signal.registered_on, signal.expires_on) == (dt.date(2025, 6, 2), dt.date(2027, 6, 2))
    assert signal.first_registered_on == dt.date(2025, 1, 10) and signal.contact_id == people["jeugdhulp2"].pk
    row = ChangeLog.objects.get(event="verwijsindex.signaal_ververst", object_id=str(signal.pk))
    assert row.old["datum"] == "2025-01-10" and row.new["datum"] == "2025-06-02"


def test_expiry_is_two_years_or_the_23rd_birthday_whichever_comes_first():
    assert queries.expiry(dt.date(2025, 3, 1), dt.date(2010, 1, 1)) == (dt.date(2027, 3, 1), "twee-jaar")
    assert queries.expiry(dt.date(2025, 3, 1), dt.date(2003, 1, 1)) == (dt.date(2026, 1, 1), "23-jaar")
    assert queries.expiry(dt.date(2024, 2, 29), dt.date(2010, 1, 1))[0] == dt.date(2026, 2, 28)


# --- matches ----------------------------------------------------------------------------------------------------------


def test_two_organisations_on_the_same_youth_make_a_match_and_both_hear_each_others_details(demodam, people):
    bsn = unknown_bsn(6)
    give(demodam, people["welzijn"], bsn)
    result = give(demodam, people["jeugdhulp"], bsn)
    assert len(result.matches) == 1
    match = result.matches[0]
    assert match.kind == "bsn" and set(match.signals.values_list("organisatie__code", flat=True)) == {
        "welzijn-demo", "jeugdhulp-demo"}
    told = Notification.objects.filter(kind=Notification.Kind.MATCH, subject_id=match.pk)
    assert set(told.values_list("recipient_id", flat=True)) == {people["welzijn"].pk, people["jeugdhulp"].pk}
    text = told.first().text
    assert "Wim Test (Stichting Welzijn Demoregio, wim@example.nl)" in text and "jara@example.nl" in text
    assert bsn not in text  # the BSN does not travel by e-mail
    assert ChangeLog.objects.filter(event="verwijsindex.match", object_id=str(match.pk)).count() == 1


def test_the_same_organisation_twice_makes_no_match(demodam, people):
    bsn = unknown_bsn(7)
    give(demodam, people["jeugdhulp"], bsn)
    assert give(demodam, people["jeugdhulp2"], bsn).matches == []
    assert not Match.objects.filter(key=bsn).exists()


def test_a_third_organisation_joins_and_a_refresh_tells_nobody_again(demodam, people):
    bsn = unknown_bsn(8)
    give(demodam, people["welzijn"], bsn)
    match = give(demodam, people["jeugdhulp"], bsn).matches[0]
    give(demodam, people["school"], bsn)
    assert match.signals.count() == 3 and Match.objects.filter(key=bsn).count() == 1
    assert Notification.objects.filter(subject_id=match.pk, recipient=people["welzijn"]).count() == 2
    count = Notification.objects.filter(subject_id=match.pk).count()
    give(demodam, people["school"], bsn)  # refresh: nothing new to tell
    assert Notification.objects.filter(subject_id=match.pk).count() == count


def test_address_and_parent_matches_where_the_profile_enables_them(demodam, people):
    home = HouseholdFactory()
    mother = ResidentFactory(household=home, geboortedatum=years_ago(40))
    brother = ResidentFactory(household=home, geboortedatum=years_ago(14))
    sister = ResidentFactory(household=home, geboortedatum=years_ago(12))
    half_brother = ResidentFactory(household=HouseholdFactory(), geboortedatum=years_ago(10))
    for child in (brother, sister, half_brother):
        Relation.objects.create(resident=child, person=mother, kind="10")
    give(demodam, people["welzijn"], brother.bsn)
    kinds = {m.kind for m in give(demodam, people["jeugdhulp"], sister.bsn).matches}
    assert kinds == {"adres", "ouder"}  # the demo profile matches on bsn, adres and ouder
    assert {m.kind for m in give(demodam, people["school"], half_brother.bsn).matches} == {"ouder"}
    set_rules(demodam, match_op=["bsn"])
    other = ResidentFactory(household=home, geboortedatum=years_ago(9))
    assert give(demodam, people["school"], other.bsn).matches == []


# --- coordination -----------------------------------------------------------------------------------------------------


def test_automatic_coordination_by_the_organisation_kind_order_of_the_profile(demodam, people):
    bsn = unknown_bsn(9)
    give(demodam, people["school"], bsn)
    give(demodam, people["welzijn"], bsn)
    match = give(demodam, people["jeugdhulp"], bsn).matches[0]
    # demo: [gecertificeerde-instelling, zorgaanbieder, school, welzijn]: the school first, then nobody moves it
    match.refresh_from_db()
    assert (match.coordinator, match.coordinated_how) == (people["school"], "automatisch")
    set_rules(demodam, coordinatie={"regel": "automatisch"})  # no order: the first to signal
    other = unknown_bsn(10)
    give(demodam, people["welzijn"], other)
    match = give(demodam, people["jeugdhulp"], other).matches[0]
    assert match.coordinator == people["welzijn"]


def test_by_hand_a_party_takes_it_and_after_n_days_the_backstop_sees_it_first(demodam, people):
    set_rules(demodam, coordinatie={"regel": "handmatig", "achterwacht_dagen": 5})
    regie = actor_for_user(people["regie"])
    late, early = unknown_bsn(11), unknown_bsn(12)
    with time_machine.travel(clock.now() - dt.timedelta(days=6)):
        give(demodam, people["welzijn"], late)
        late_match = give(demodam, people["jeugdhulp"], late).matches[0]
    give(demodam, people["welzijn"], early)
    early_match = give(demodam, people["jeugdhulp"], early).matches[0]
    assert late_match.coordinator is None
    rows, _ = queries.visible_matches(regie, coordinating=True)
    assert [m.pk for m in rows][:2] == [late_match.pk, early_match.pk] and rows[0].backstop_due
    assert [m.pk for m in queries.visible_matches(regie, backstop=True)[0]] == [late_match.pk]
    # a party takes it; the other party is told
    party = actor_for_user(people["welzijn"])
    match = queries.access_match(party, early_match.pk, purpose="test", channel="ui")
    actions.check_take_coordination(actor=party, match=match, version=match.version)
    assert Match.objects.get(pk=early_match.pk).coordinator == people["welzijn"]
    assert Notification.objects.filter(recipient=people["jeugdhulp"], text__contains="coördineert nu").exists()
    # the backstop gives the late one to a party
    match = queries.access_match(regie, late_match.pk, purpose="test", channel="ui")
    actions.check_assign_coordination(actor=regie, match=match, medewerker_id=people["jeugdhulp"].pk,
                                      version=match.version)
    assert Match.objects.get(pk=late_match.pk).coordinated_how == "toegewezen"
    assert queries.visible_matches(regie, backstop=True)[0] == []
    # once taken, the other party cannot take it over; only a coordinator can
    match = queries.access_match(actor_for_user(people["welzijn"]), late_match.pk, purpose="test", channel="ui")
    with pytest.raises(NotAllowed):
        actions.check_take_coordination(actor=actor_for_user(people["welzijn"]), match=match, version=match.version)


def test_the_krimpen_profile_coordinates_by_hand_with_a_backstop():
    data = read_profile("krimpen-2014").data
    assert queries.rules(data)["coordinatie"] == {"regel": "handmatig", "volgorde": [], "achterwacht_dagen": 10,
                                                  "achterwacht": "procesregisseur KST"}
    assert queries.rules(read_profile("demo").data)["match_op"] == ["bsn", "adres", "ouder"]


# --- expiry and history -----------------------------------------------------------------------------------------------


def test_expired_signals_move_to_the_history_and_leave_it_after_five_years(demodam, people):
    bsn = unknown_bsn(13)
    with time_machine.travel(dt.datetime(2024, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        give(demodam, people["welzijn"], bsn, birth=dt.date(2010, 1, 1))
        match = give(demodam, people["jeugdhulp"], bsn, birth=dt.date(2010, 1, 1)).matches[0]
    assert queries.visible_matches(actor_for_user(people["regie"]), coordinating=True)[0] == []  # expired: not active
    call_command("verwijsindex", "verlopen", "--datum", "2026-03-01")
    assert not Signal.objects.filter(bsn=bsn).exists() and not Match.objects.filter(pk=match.pk).exists()
    rows = SignalHistory.objects.filter(bsn=bsn)
    assert rows.count() == 2 and {r.reason for r in rows} == {"twee-jaar"}
    assert rows.first().keep_until == dt.date(2031, 3, 1) and rows.first().matches[0]["soort"] == "bsn"
    assert ChangeLog.objects.filter(event="verwijsindex.signaal_verlopen").count() >= 2
    call_command("verwijsindex", "verlopen", "--datum", "2026-03-01")  # idempotent
    assert SignalHistory.objects.filter(bsn=bsn).count() == 2
    call_command("verwijsindex", "verlopen", "--datum", "2031-03-01")
    assert not SignalHistory.objects.filter(bsn=bsn).exists()
    assert ChangeLog.objects.filter(event="verwijsindex.historie_verwijderd").exists()


def test_a_signal_ends_on_the_23rd_birthday(demodam, people):
    bsn = unknown_bsn(14)
    birth = years_ago(22)
    signal = give(demodam, people["welzijn"], bsn, birth=birth).signal
    assert signal.expires_on == queries.turns_23_on(birth)
    do = actions.do_expire_signals(actor=actor_for_user(people["regie"]), today=signal.expires_on)
    assert do[0] >= 1 and SignalHistory.objects.get(bsn=bsn).reason == "23-jaar"


# --- privacy: who sees what --------------------------------------------------------------------------------------------


def test_a_partner_sees_only_own_signals_and_the_matches_on_them(demodam, people):
    bsn, other = unknown_bsn(15), unknown_bsn(16)
    give(demodam, people["welzijn"], bsn)
    match = give(demodam, people["jeugdhulp"], bsn).matches[0]
    give(demodam, people["welzijn"], other)
    give(demodam, people["jeugdhulp2"], other)
    school = actor_for_user(people["school"])
    with pytest.raises(NotFound):
        queries.access_match(school, match.pk, purpose="test", channel="ui")
    assert queries.visible_matches(school)[0] == []
    jeugdhulp = actor_for_user(people["jeugdhulp"])
    assert [s.bsn for s in queries.my_signals(jeugdhulp)[0]] == [bsn]
    assert [m.pk for m in queries.visible_matches(jeugdhulp)[0]] == [match.pk]
    client = Client()
    client.force_login(people["school"])
    assert client.get(reverse("verwijsindex:match", args=[match.pk])).status_code == 404
    assert client.get(reverse("verwijsindex:matches")).status_code == 403
    assert client.get(reverse("verwijsindex:history")).status_code == 403
    page = client.get(reverse("verwijsindex:signals"))
    assert page.status_code == 200 and bsn.encode() not in page.content


def test_an_address_match_hides_the_other_youth_from_the_partner(demodam, people):
    home = HouseholdFactory()
    brother = ResidentFactory(household=home, geboortedatum=years_ago(14))
    sister = ResidentFactory(household=home, geboortedatum=years_ago(12))
    give(demodam, people["welzijn"], brother.bsn)
    match = next(m for m in give(demodam, people["jeugdhulp"], sister.bsn).matches if m.kind == "adres")
    client = Client()
    client.force_login(people["jeugdhulp"])
    page = client.get(reverse("verwijsindex:match", args=[match.pk]))
    assert page.status_code == 200 and brother.bsn.encode() not in page.content
    assert brother.geslachtsnaam.encode() not in page.content  # never the resident's file
    assert b"wim@example.nl" in page.content
    client.force_login(people["regie"])
    assert brother.bsn.encode() in client.get(reverse("verwijsindex:match", args=[match.pk])).content
    assert AccessLog.objects.filter(purpose__contains="verwijsindex: match bekijken").exists()


# --- pages ---------------------------------------------------------------------------------------------------------


def test_the_page_gives_a_signal_and_keeps_input_on_bad_input(demodam, people):
    client = Client()
    client.force_login(people["jeugdhulp"])
    bsn = unknown_bsn(17)
    refused = client.post(reverse("verwijsindex:signals"), {"gemeente": demodam.pk, "bsn": "123456789",
                                                            "birth_date": years_ago(15).isoformat()})
    assert refused.status_code == 422 and b"elfproef" in refused.content and b"123456789" in refused.content
    done = client.post(reverse("verwijsindex:signals"), {"gemeente": demodam.pk, "bsn": bsn,
                                                         "birth_date": years_ago(15).isoformat(),
                                                         "toelichting": "zorgen over thuis"})
    assert done.status_code == 302 and Signal.objects.filter(bsn=bsn).exists()
    assert not ChangeLog.objects.filter(new__icontains="zorgen over thuis").exists()


def test_pages_take_a_bounded_number_of_queries(demodam, people, django_assert_max_num_queries):
    for i in range(6):
        bsn = unknown_bsn(20 + i)
        give(demodam, people["welzijn"], bsn)
        give(demodam, people["jeugdhulp"], bsn)
    client = Client()
    client.force_login(people["jeugdhulp"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("verwijsindex:signals")).status_code == 200
    client.force_login(people["regie"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("verwijsindex:matches")).status_code == 200
    match = Match.objects.filter(gemeente=demodam).first()
    with django_assert_max_num_queries(24):
        assert client.get(reverse("verwijsindex:match", args=[match.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("verwijsindex:history")).status_code == 200


# --- API ---------------------------------------------------------------------------------------------------------------


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_api_gives_refreshes_and_refuses_signals_and_shows_matches(demodam, people):
    bsn = unknown_bsn(30)
    welzijn, jeugdhulp, school = Client(), Client(), Client()
    welzijn.force_login(people["welzijn"])
    jeugdhulp.force_login(people["jeugdhulp"])
    school.force_login(people["school"])
    body = {"gemeente": "9901", "bsn": bsn, "geboortedatum": years_ago(16).isoformat()}
    first = _post(welzijn, "/api/v1/signalen", body)
    assert first.status_code == 201 and welzijn.get(first["Location"]).json()["bsn"] == bsn
    again = _post(welzijn, "/api/v1/signalen", body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    wrong = _post(welzijn, "/api/v1/signalen", {**body, "bsn": "123456789"})
    assert wrong.status_code == 400 and wrong.json()["invalidParams"][0]["name"] == "bsn"
    old = _post(welzijn, "/api/v1/signalen", {**body, "bsn": unknown_bsn(31), "geboortedatum": "1990-01-01"})
    assert old.status_code == 400 and old.json()["invalidParams"][0]["name"] == "geboortedatum"
    assert _post(jeugdhulp, "/api/v1/signalen", body).status_code == 201
    [match] = jeugdhulp.get("/api/v1/matches").json()["results"]
    assert {s["organisatie"] for s in match["signalen"]} == {"Stichting Welzijn Demoregio", "Jeugdhulp Demoregio B.V."}
    assert jeugdhulp.get(f"/api/v1/matches/{match['id']}").json()["coordinatorOrganisatie"] == "jeugdhulp-demo"
    assert school.get(f"/api/v1/matches/{match['id']}").status_code == 404
    assert school.get("/api/v1/matches").json()["results"] == []
    assert [s["bsn"] for s in school.get("/api/v1/signalen").json()["results"]] == []
    assert jeugdhulp.get(f"/api/v1/signalen/{first.json()['id']}").status_code == 404  # not my signal


def test_a_gemeente_may_have_its_own_coordination_rule():
    """The G7 profile (seed-003 Tabel C): Zorg voor Jeugd assigns by rule in Tilburg and Eindhoven, Utrecht's
    Jeugdadviesteam is the backstop after 5 days, the others settle it by hand after the profile's 10."""
    data = read_profile("g7-2010").data
    assert queries.rules(data, "0855")["coordinatie"]["regel"] == "automatisch"
    assert queries.rules(data, "0855")["coordinatie"]["volgorde"][0] == "gecertificeerde-instelling"
    assert queries.rules(data, "0344")["coordinatie"]["achterwacht_dagen"] == 5
    assert queries.rules(data, "0599")["coordinatie"] == {**queries.rules(data)["coordinatie"], "systeem": "SISA"}
    assert queries.rules(data)["coordinatie"]["regel"] == "handmatig"
