"""The self-reliance matrix: adults only, focus domains, repeatable, the chart, the change at closure."""

import datetime as dt

import pytest
from django.db import transaction

from toegang.assessments import actions
from toegang.assessments.models import Measurement
from toegang.assessments.queries import self_reliance_change
from toegang.audit.models import AccessLog
from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.core.errors import NotAllowed, ValidationFailed

from .factories import HouseholdFactory, ResidentFactory


@pytest.fixture
def setup(profile, staff, actor_of):
    household = HouseholdFactory()
    adult = ResidentFactory(household=household, geboortedatum=dt.date(1980, 1, 1), voornamen="Ilse", geslachtsnaam="Bos")
    child = ResidentFactory(household=household, geboortedatum=dt.date(2015, 1, 1))
    with transaction.atomic():
        casus = case_actions.do_open_case(actor=SYSTEM, household=household, team_id=None)
    case_actions.check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=staff["generalist"])
    return casus, actor_of(staff["generalist"]), adult, child


def measure(actor, casus, person, on, **scores):
    return actions.check_record_measurement(actor=actor, casus=casus, resident=person, measured_on=on, scores=scores)


def test_focus_domains_are_enough_and_measurements_repeat(setup):
    casus, director, adult, _ = setup
    first = measure(director, casus, adult, dt.date(2026, 9, 1), financien=1, huisvesting=2)
    second = measure(director, casus, adult, dt.date(2026, 11, 1), financien=3, huisvesting=4, adl=None)
    assert first.average == 1.5 and second.average == 3.5 and second.scores == {"financien": 3, "huisvesting": 4}
    assert self_reliance_change(casus) == {str(adult.pk): {"eerste": 1.5, "laatste": 3.5, "verschil": 2.0}}


@pytest.mark.parametrize(
    ("scores", "field"),
    [({"financien": 6}, "financien"), ({"vliegen": 3}, "vliegen"), ({}, "scores")],
)
def test_bad_scores_are_refused(setup, scores, field):
    casus, director, adult, _ = setup
    with pytest.raises(ValidationFailed, match="De meting is niet volledig of niet juist") as info:
        measure(director, casus, adult, dt.date(2026, 11, 1), **scores)
    assert field in info.value.field_errors
    assert not Measurement.objects.exists()


def test_children_and_outsiders_are_not_scored(setup, staff, actor_of):
    casus, director, _, child = setup
    with pytest.raises(ValidationFailed, match="niet volledig"):
        measure(director, casus, child, dt.date(2026, 11, 1), financien=3)
    with pytest.raises(ValidationFailed, match="De meting is niet volledig of niet juist"):
        measure(director, casus, ResidentFactory(geboortedatum=dt.date(1970, 1, 1)), dt.date(2026, 11, 1), financien=3)
    with pytest.raises(NotAllowed, match="Alleen de casusregisseur en betrokkenen leggen metingen vast"):
        measure(actor_of(staff["balie"]), casus, child, dt.date(2026, 11, 1), financien=3)


def test_household_page_shows_the_chart_to_those_who_see_the_case_only(setup, client_for):
    casus, director, adult, _ = setup
    measure(director, casus, adult, dt.date(2026, 9, 1), financien=1)
    measure(director, casus, adult, dt.date(2026, 11, 1), financien=4)
    html = client_for("generalist").get(f"/huishoudens/{casus.household_id}/").content.decode()
    # the canvas Chart.js draws, its summary in the page's notation, the data as JSON that never runs, the table
    assert 'data-chart="zelfredzaamheid-gegevens"' in html and "Ilse Bos: 01-09-2026 1; 01-11-2026 4." in html
    assert '<script id="zelfredzaamheid-gegevens" type="application/json">' in html
    assert '"labels": ["01-09-2026", "01-11-2026"]' in html and '"values": [1.0, 4.0]' in html
    assert "Tabel bij de grafiek" in html and 'data-label="Ilse Bos">4</td>' in html
    balie = client_for("balie").get(f"/huishoudens/{casus.household_id}/").content.decode()
    assert "data-chart" not in balie and "Zelfredzaamheid" not in balie  # case content, not for the front desk


def test_the_household_chart_exports_with_an_access_row_on_the_export_channel(setup, client_for):
    casus, director, adult, _ = setup
    measure(director, casus, adult, dt.date(2026, 9, 1), financien=1)
    measure(director, casus, adult, dt.date(2026, 11, 1), financien=4, huisvesting=3)
    url = f"/huishoudens/{casus.household_id}/?export=zelfredzaamheid&formaat=csv"
    response = client_for("generalist").get(url)
    assert response["Content-Disposition"] == f'attachment; filename="huishouden-{casus.household_id}-zelfredzaamheid.csv"'
    assert response.content.decode("utf-8-sig").splitlines() == ["Periode;Ilse Bos", "01-09-2026;1", "01-11-2026;3,5"]
    row = AccessLog.objects.order_by("-seq").first()
    assert (row.channel, row.purpose) == ("export", "huishouden exporteren")
    assert client_for("balie").get(url).status_code == 404  # the ZRM is case content: no chart to export


def test_closure_records_the_self_reliance_change(setup):
    casus, director, adult, _ = setup
    measure(director, casus, adult, dt.date(2026, 9, 1), financien=2)
    measure(director, casus, adult, dt.date(2026, 11, 1), financien=4)
    case_actions.check_close_case(actor=director, casus=casus, reason="doelen-bereikt",
                                  household_informed_on=dt.date.today())
    assert casus.outcome["zelfredzaamheid"][str(adult.pk)]["verschil"] == 2.0


def test_measurement_form_on_the_case_page(setup, client_for):
    casus, director, adult, _ = setup
    client = client_for("generalist")
    response = client.post(f"/casussen/{casus.pk}/meting/", {"resident": adult.pk, "measured_on": "2026-11-20",
                                                             "score_financien": "2", "score_adl": ""}, follow=True)
    assert "De meting is vastgelegd" in response.content.decode()
    assert Measurement.objects.get().scores == {"financien": 2}


def test_the_profile_defines_the_instrument(setup, client_for):
    from toegang.assessments.instruments import instrument_for

    casus, *_ = setup
    zrm = instrument_for(casus.gemeente.profile.data)
    assert zrm.levels[1] == "acute problematiek: direct ingrijpen nodig" and len(zrm.domains) == 13
    # the ZRM form is fetched when its section opens (issue 16)
    html = client_for("generalist").get(f"/casussen/{casus.pk}/formulier/measurement_form/").content.decode()
    assert "1 – acute problematiek: direct ingrijpen nodig" in html


def test_kitchen_table_report_is_needed_before_the_plan_phase(setup, client_for):
    from toegang.assessments.actions import check_record_clarification

    casus, director, *_ = setup
    with pytest.raises(ValidationFailed, match="vraagverheldering"):
        case_actions.check_advance_case(actor=director, casus=casus, to="plan")
    with pytest.raises(ValidationFailed, match="De vraagverheldering is niet volledig") as info:
        check_record_clarification(actor=director, casus=casus, held_on=dt.date.today(), participants="",
                                   domains={"financien": {"wensen": "rust"}}, summary="")
    assert set(info.value.field_errors) == {"financien", "participants", "summary"}
    client = client_for("generalist")
    response = client.post(f"/casussen/{casus.pk}/vraagverheldering/", {
        "held_on": dt.date.today().isoformat(), "participants": "Ilse, generalist",
        "summary": "Ilse wil grip op haar geld", "financien__situatie": "drie achterstanden",
        "financien__eigen_kracht": "houdt een kasboek bij", "financien__netwerk": "zus helpt met post"}, follow=True)
    html = response.content.decode()
    assert "Het verslag van de vraagverheldering is vastgelegd." in html and "houdt een kasboek bij" in html
    case_actions.check_advance_case(actor=director, casus=casus, to="plan")
