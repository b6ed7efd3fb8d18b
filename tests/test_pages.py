"""Pages as a user meets them: bounded queries whatever the data size, Dutch errors, nothing lost."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from toegang.audit.models import AccessLog
from toegang.persons.models import Resident

from .factories import HouseholdFactory, ResidentFactory, valid_bsn


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def household_with(members: int):
    household = HouseholdFactory()
    people = [ResidentFactory(household=household) for _ in range(members)]
    return household, people


def test_household_page_query_count_does_not_grow_with_members(client_for, profile, django_assert_max_num_queries):
    client = client_for("balie")
    small, _ = household_with(2)
    large, _ = household_with(9)
    # the session's first request decides the second factor and writes the session once: not the page's own cost
    client.get(f"/huishoudens/{small.pk}/")
    assert count_queries(client, f"/huishoudens/{small.pk}/") == count_queries(client, f"/huishoudens/{large.pk}/")
    # 19 on PostgreSQL: session + actor (4), household with members, addresses, network, involvements, relations (6),
    # the open case and whether I may open it (1), ZRM measurements of visible cases (1), provisions of single
    # questions without a case (1, issue 11 point 16), the access log write with its lock and savepoint (6)
    with django_assert_max_num_queries(20):  # +1: the header's unread count (issue 12, point 8)
        client.get(f"/huishoudens/{large.pk}/")


def test_search_page_query_count_does_not_grow_with_results(client_for, profile, django_assert_max_num_queries):
    client = client_for("balie")
    household_with(2)
    few = count_queries(client, "/zoeken/?naam=jansen")
    for _ in range(20):
        ResidentFactory()
    assert count_queries(client, "/zoeken/?naam=jansen") == few
    with django_assert_max_num_queries(12):
        client.get("/zoeken/?naam=jansen")


def test_home_and_resident_pages_are_bounded(client_for, staff, profile, django_assert_max_num_queries):
    resident = ResidentFactory()
    client = client_for("balie")
    # Mijn werk: session + actor (4; the roles by name come with the actor), the teams with their wijken (1),
    # involvements, my meldingen, my clocks, notifications, my cases, handovers waiting for me, my tasks (7);
    # constant whatever the data (growth is asserted in
    # test_intake_pages.test_home_lists_my_meldingen_and_clocks_with_bounded_queries)
    with django_assert_max_num_queries(14):  # +1: the header's unread count (issue 12, point 8)
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(13):  # +1: the header's unread count (issue 12, point 8)
        assert client.get(f"/inwoners/{resident.pk}/").status_code == 200


def test_search_shows_results_and_logs_them(client_for, profile):
    resident = ResidentFactory(geslachtsnaam="Mulder")
    response = client_for("balie").get("/zoeken/?naam=mul")
    assert resident.full_name in response.content.decode()
    assert AccessLog.objects.get().subject_ids == [resident.pk]


def test_htmx_search_returns_only_the_results_fragment(client_for, profile):
    ResidentFactory(geslachtsnaam="Mulder")
    response = client_for("balie").get("/zoeken/?naam=mul", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Mulder" in html and "<html" not in html and "<form" not in html


def test_invalid_bsn_in_search_gets_a_dutch_field_error(client_for, profile):
    html = client_for("balie").get("/zoeken/?bsn=123456789").content.decode()
    assert "BSN voldoet niet aan de elfproef." in html


def register(client, **overrides):
    data = {"gemeente": "", "voornamen": "Kees", "geslachtsnaam": "Smit", "geboortedatum": "1970-01-01",
            "geslacht": "1", "bsn": valid_bsn(7), "postcode": "9902AB", "huisnummer": "4", "straat": "Berkenlaan",
            "woonplaats": "Demodam", "vertegenwoordiging": "", "communicatievorm": ""}
    data.update(overrides)
    return client.post("/inwoners/nieuw/", data)


def test_register_page_flow(client_for, demodam):
    client = client_for("balie")
    response = register(client, gemeente=demodam.pk)
    resident = Resident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/huishoudens/{resident.household_id}/"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bsn", "123456789", "BSN voldoet niet aan de elfproef."),
        ("geboortedatum", "2023-02-30", "Voer een geldige datum in."),
        ("geboortedatum", (dt.date.today() + dt.timedelta(days=3)).isoformat(), "Geboortedatum ligt in de toekomst."),
        ("postcode", "12AB", "Geen geldige Nederlandse postcode"),
        ("voornamen", "", "Dit veld is vereist."),
    ],
)
def test_register_bad_input_gets_a_dutch_error_and_keeps_what_was_typed(client_for, demodam, field, value, message):
    response = register(client_for("balie"), gemeente=demodam.pk, **{field: value})
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert 'value="Smit"' in html  # what the user typed is still there
    assert not Resident.objects.exists()


def test_double_submit_registers_once_and_links_the_first(client_for, demodam):
    client = client_for("balie")
    register(client, gemeente=demodam.pk)
    response = register(client, gemeente=demodam.pk)
    html = response.content.decode()
    assert response.status_code == 409  # a duplicate is a conflict; what was typed stays
    assert "Er staat al een inwoner met dit BSN geregistreerd." in html and 'value="Kees"' in html
    assert f"/inwoners/{Resident.objects.get().pk}/" in html


def test_possible_duplicate_asks_for_confirmation(client_for, demodam):
    client = client_for("balie")
    register(client, gemeente=demodam.pk, bsn="")
    response = register(client, gemeente=demodam.pk, bsn="")
    assert response.status_code == 409 and "bevestig_ander_persoon" in response.content.decode()
    first = Resident.objects.get()
    # someone else at the same address: the page asks whether they join the household living there (issue 11)
    response = register(client, gemeente=demodam.pk, bsn="", bevestig_ander_persoon="on",
                        huishouden=first.household_id)
    assert response.status_code == 302 and Resident.objects.count() == 2


def test_stale_edit_form_is_refused_and_overwrites_nothing(client_for, profile):
    resident = ResidentFactory(voornamen="Jan")
    client = client_for("balie")
    form = {"voornamen": "Johan", "geslachtsnaam": resident.geslachtsnaam, "bsn": resident.bsn, "geslacht": "1",
            "geboortedatum": "1980-05-17", "version": "1", "vertegenwoordiging": "", "communicatievorm": ""}
    assert client.post(f"/inwoners/{resident.pk}/wijzigen/", form).status_code == 302
    response = client.post(f"/inwoners/{resident.pk}/wijzigen/", {**form, "voornamen": "Jantje"})
    html = response.content.decode()
    assert response.status_code == 409 and 'value="Jantje"' in html
    assert "Iemand anders heeft deze inwoner intussen gewijzigd" in html and "Dit is niet opgeslagen" in html
    resident.refresh_from_db()
    assert resident.voornamen == "Johan"


def test_household_page_shows_members_relations_network_and_addresses(client_for, profile):
    household, (parent, child) = household_with(2)
    from toegang.core.actor import SYSTEM
    from toegang.persons import actions

    actions.check_add_relation(actor=SYSTEM, resident=child, person=parent, kind="10")
    actions.check_add_network_member(actor=SYSTEM, household=household, name="Oma Bep", kind="17", mantelzorger=True)
    html = client_for("balie").get(f"/huishoudens/{household.pk}/").content.decode()
    for text in (parent.full_name, child.full_name, "ouder van", "Oma Bep", "mantelzorger", "Berkenlaan", "heden"):
        assert text in html, text


def test_privacy_officer_sees_who_looked_and_exports_it(client_for, staff, profile):
    resident = ResidentFactory()
    client_for("balie").get(f"/inwoners/{resident.pk}/")
    client = client_for("privacy")
    html = client.get(f"/privacy/inzagelog/?inwoner={resident.pk}").content.decode()
    assert staff["balie"].get_full_name() in html and "Baliemedewerker" in html and "inwoner bekijken" in html
    export = client.get(f"/privacy/inzagelog/{resident.pk}/export.csv")
    lines = export.content.decode().splitlines()
    assert lines[0].startswith("soort;tijdstip;medewerker")
    name = staff["balie"].get_full_name()
    assert any(line.startswith("inzage;") and f";{name};Baliemedewerker;" in line for line in lines)
    assert not any(";balie;" in line for line in lines)  # names, never usernames or role codes
    assert AccessLog.objects.filter(channel="export", subject_ids=[resident.pk]).exists()


def test_unknown_page_is_a_dutch_404(client_for, profile):
    response = client_for("balie").get("/bestaat-niet/")
    assert response.status_code == 404
