"""Front-door pages: bounded queries on the worklists, 'known already?', Dutch errors, double submit in the UI."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from toegang.accounts.models import Gemeente
from toegang.core.actor import SYSTEM
from toegang.intake import actions
from toegang.intake.actions import MeldingData
from toegang.intake.models import Melding

from .factories import ResidentFactory

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


def meldingen(n, **kw):
    gemeente = Gemeente.objects.get(cbs_code="9901")
    out = []
    for i in range(n):
        resident = ResidentFactory()
        melding, _ = actions.check_register_melding(
            actor=SYSTEM, gemeente=gemeente,
            data=MeldingData(question=f"vraag {i}", channel="balie", source="zelf", laws=["wmo"], **kw),
            persons=[resident])
        out.append(melding)
    return out


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_team_inbox_queries_do_not_grow_and_rows_sort_by_urgency_then_due(client_for, profile):
    client = client_for("generalist")
    meldingen(2)
    client.get("/werkbak/")  # the session's first request decides the second factor once: not the page's own cost
    few, _ = queries_for(client, "/werkbak/")
    meldingen(10)
    crisis = meldingen(1, urgency="crisis")[0]
    many, response = queries_for(client, "/werkbak/")
    assert many == few
    html = response.content.decode()
    ids = [int(x) for x in re.findall(r'/meldingen/(\d+)/"', html)]
    assert ids[0] == crisis.pk and len(ids) == 13
    assert "op tijd" in html  # traffic light with words


def test_inbox_htmx_filter_returns_the_lists_only(client_for, profile):
    meldingen(2)
    spoed = meldingen(1, urgency="spoed")[0]
    response = client_for("generalist").get("/werkbak/?urgentie=spoed", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and re.findall(r'/meldingen/(\d+)/"', html) == [str(spoed.pk)]


def test_unrouted_meldingen_show_in_the_gemeente_inbox_with_a_warning(client_for, profile):
    from .factories import HouseholdFactory

    outside = ResidentFactory(household=HouseholdFactory(postcode="1011AB", wijk=None))
    melding, _ = actions.check_register_melding(actor=SYSTEM, gemeente=Gemeente.objects.get(cbs_code="9901"),
                                                data=MeldingData(question="?", channel="balie", source="zelf"),
                                                persons=[outside])
    html = client_for("balie").get("/werkbak/").content.decode()
    assert "Niet gerouteerd" in html and f"/meldingen/{melding.pk}/" in html
    assert f"/meldingen/{melding.pk}/" not in client_for("generalist").get("/werkbak/").content.decode()


def test_home_lists_my_meldingen_and_clocks_with_bounded_queries(client_for, staff, profile):
    client = client_for("generalist")
    from toegang.accounts.actors import actor_for_user

    generalist = actor_for_user(staff["generalist"])
    for melding in meldingen(2):
        actions.check_pick_up_melding(actor=generalist, melding=melding)
    few, _ = queries_for(client, "/")
    for melding in meldingen(8):
        actions.check_pick_up_melding(actor=generalist, melding=melding)
    many, response = queries_for(client, "/")
    assert many == few
    html = response.content.decode()
    assert html.count("Wmo: melding") == 10 and "04-01-2027" in html


def test_melding_page_is_bounded_and_shows_clocks(client_for, profile, django_assert_max_num_queries):
    melding = meldingen(1)[0]
    client = client_for("balie")
    with django_assert_max_num_queries(30):
        response = client.get(f"/meldingen/{melding.pk}/")
    html = response.content.decode()
    assert "Wmo: melding → onderzoek afgerond" in html and "04-01-2027" in html and "Wmo 2015 art. 2.3.2" in html


def test_known_already_shows_household_open_case_and_prefills(client_for, profile):
    melding = meldingen(1)[0]
    resident = melding.subjects.get().resident
    client = client_for("balie")
    client.post(f"/meldingen/{melding.pk}/triage/", {"version": melding.version, "outcome": "meervoudig",
                                                      "reason": "meerdere vragen"})
    html = client.get(f"/meldingen/nieuw/?inwoner={resident.pk}").content.decode()
    assert resident.household.label in html and "Casus" in html and "Sociaal team Noord-Zuid" in html
    assert f'value="{resident.pk}"' in html and "checked" in html  # the person is pre-selected


def test_register_page_double_submit_gives_one_melding(client_for, profile):
    resident = ResidentFactory()
    client = client_for("balie")
    form = {"inwoner": resident.pk, "persons": [resident.pk], "gemeente": resident.gemeente_id,
            "received_at": "2026-11-23T10:00", "channel": "balie", "source": "zelf", "question": "Hulp bij de was",
            "laws": ["wmo"], "urgency": "regulier", "idempotency_key": "form-123", "attach_to_open_case": "on"}
    first = client.post("/meldingen/nieuw/", form)
    second = client.post("/meldingen/nieuw/", form)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Melding.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [({"received_at": "2026-11-30T10:00"}, "Het ontvangstmoment ligt in de toekomst."),
     ({"received_at": "2026-02-30T10:00"}, "Voer een geldige datum/tijd in."),
     ({"inwoner": "", "persons": []}, "Een melding gaat over iemand")],
)
def test_register_page_bad_input(client_for, profile, change, message):
    resident = ResidentFactory()
    form = {"inwoner": resident.pk, "persons": [resident.pk], "gemeente": resident.gemeente_id,
            "received_at": "2026-11-23T09:00", "channel": "balie", "source": "zelf", "question": "Hulp",
            "urgency": "regulier", "idempotency_key": "k", **change}
    response = client_for("balie").post("/meldingen/nieuw/", form)
    assert response.status_code == 422 and message in response.content.decode()
    assert not Melding.objects.exists()


def test_triage_errors_come_back_in_dutch_and_change_nothing(client_for, profile):
    melding = meldingen(1)[0]
    client = client_for("balie")
    response = client.post(f"/meldingen/{melding.pk}/triage/", {"version": melding.version, "outcome": "doorverwijzing",
                                                                 "reason": "elders beter"})
    html = response.content.decode()
    assert response.status_code == 422 and "elders beter" in html  # the melding page again, the reason kept
    assert 'id="triage-referred_to-fout"' in html and "Naar welke organisatie wordt doorverwezen?" in html
    melding.refresh_from_db()
    assert melding.status == "open"


def test_partner_pages_show_only_feedback(client_for, profile):
    client = client_for("partner")
    response = client.post("/verwijzen/", {"gemeente": Gemeente.objects.get(cbs_code="9901").pk, "naam": "Sem de Wit",
                                           "question": "Veel verzuim", "urgency": "regulier", "idempotency_key": "r1"})
    assert response.status_code == 302
    html = client.get("/verwijzen/overzicht/").content.decode()
    assert "Sem de Wit" in html and "ontvangen" in html and "Veel verzuim" not in html
