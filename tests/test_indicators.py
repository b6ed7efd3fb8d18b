"""The indicators (issue 15 item 1; docs/indicators.md) against a hand-computed fixture: every number below was
worked out by hand from the rows the fixture makes, and each must come out of the database the same on SQLite and
PostgreSQL."""

import datetime as dt

import pytest
from django.utils import timezone

from toegang.accounts.models import Gemeente, Team
from toegang.cases.models import Casus, ContactMoment
from toegang.core.actor import SYSTEM
from toegang.escalation.models import Escalation
from toegang.insight import indicators
from toegang.intake.actions import MeldingData, check_register_melding, check_triage_melding
from toegang.intake.models import Melding
from toegang.messaging.models import Toewijzing
from toegang.plans.models import PlanVersion
from toegang.provisions import actions as provision_actions
from toegang.provisions.models import Besluit

from .factories import HouseholdFactory, ResidentFactory
from .provisions_support import case_with_goal, data
from .test_messaging import hub  # noqa: F401 - hub: the message folders, autouse there

pytestmark = pytest.mark.django_db
H1 = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def at(day: dt.date, hour=10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def melding(gemeente, *, received: dt.date, source="zelf", channel="balie", laws=("wmo",), outcome=None):
    household = HouseholdFactory(gemeente=gemeente)
    person = ResidentFactory(household=household, geboortedatum=dt.date(1980, 1, 1))
    m, _ = check_register_melding(actor=SYSTEM, gemeente=gemeente, persons=[person], data=MeldingData(
        question="Hulp gevraagd", channel=channel, source=source, laws=list(laws)))
    Melding.objects.filter(pk=m.pk).update(received_at=at(received))
    m.refresh_from_db()
    if outcome:
        check_triage_melding(actor=SYSTEM, melding=m, outcome=outcome, reason="zo is het")
        m.refresh_from_db()
    return m


@pytest.fixture
def filters(demodam):
    return indicators.Filters(H1[0], H1[1], [demodam.pk])


def test_meldingen_by_source_channel_law_and_triage(demodam, filters):
    melding(demodam, received=dt.date(2026, 3, 2), laws=("wmo",), outcome="meervoudig")
    melding(demodam, received=dt.date(2026, 4, 1), source="huisarts", channel="telefoon", laws=("wmo", "jeugdwet"),
            outcome="meervoudig")
    melding(demodam, received=dt.date(2026, 5, 1), source="netwerk", laws=("participatiewet",),
            outcome="informatie-advies")
    melding(demodam, received=dt.date(2025, 12, 31), source="school", laws=("jeugdwet",))  # before the period
    assert indicators.meldingen_by(filters, "source") == [("huisarts", 1), ("netwerk", 1), ("zelf", 1)]
    assert indicators.meldingen_by(filters, "channel") == [("balie", 2), ("telefoon", 1)]
    assert indicators.meldingen_by_law(filters) == [("wmo", 2), ("jeugdwet", 1), ("participatiewet", 1)]
    assert indicators.meldingen_by(filters, "triage_outcome") == [("meervoudig", 2), ("informatie-advies", 1)]
    assert indicators.desk_contacts(filters) == [(1, 1)]


def test_lead_times_median_and_90th_percentile_by_nearest_rank(staff, actor_of, demodam, filters,
                                                                django_capture_on_commit_callbacks):
    """Three cases: melding → first contact 1, 3 and 8 days (median 3, p90 8); one goes all the way: contact →
    plan 10, plan → decision 10, decision → care 10, whole way 33 days."""
    cases = []
    for received, contact_after in ((dt.date(2026, 3, 2), 3), (dt.date(2026, 4, 1), 1), (dt.date(2026, 5, 4), 8)):
        casus, _mother, child, goal = case_with_goal(staff["generalist"])
        Melding.objects.filter(casus=casus).update(received_at=at(received))
        Casus.objects.filter(pk=casus.pk).update(opened_at=at(received))
        ContactMoment.objects.create(casus=casus, at=at(received + dt.timedelta(days=contact_after)), kind="gesprek",
                                     participants="moeder", summary="kennismaking", created_at=timezone.now())
        # a phone call to a partner organisation is no contact with the household: it does not count
        ContactMoment.objects.create(casus=casus, at=at(received), kind="overleg", participants="school",
                                     summary="afstemming", created_at=timezone.now())
        cases.append((casus, child, goal, received))
    casus, child, goal, received = cases[0]
    PlanVersion.objects.filter(plan__casus=casus).update(agreed_on=dt.date(2026, 3, 15))
    indicatie = provision_actions.check_prepare_indication(actor=actor_of(staff["generalist"]), casus=casus,
                                                           new_aanvraag=True, data=data("45A48", child, goal))
    with django_capture_on_commit_callbacks(execute=True):
        provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                       outcome="toegekend", reasons="Dit helpt het gezin.")
    Besluit.objects.filter(indicatie=indicatie).update(established_on=dt.date(2026, 3, 25), decided_at=at(dt.date(2026, 3, 25)))
    Toewijzing.objects.filter(indicatie=indicatie).update(started_on=dt.date(2026, 4, 4))

    steps = {p.step: (p.n, p.median, p.p90) for p in indicators.lead_times(filters)}
    assert steps == {"melding-contact": (3, 3, 8), "contact-plan": (1, 10, 10), "plan-besluit": (1, 10, 10),
                     "besluit-zorg": (1, 10, 10), "melding-zorg": (1, 33, 33)}
    assert indicators.decisions(filters) == {"besluiten": [("jeugdwet", "toegekend", 1)], "bezwaren": []}


def test_terms_caseload_in_care_reentry_escalations(staff, demodam, filters):
    team = Team.objects.filter(gemeente=demodam).order_by("pk").first()
    one, *_ = case_with_goal(staff["generalist"])
    two, *_ = case_with_goal(staff["generalist"])
    Casus.objects.filter(pk__in=[one.pk, two.pk]).update(team=team, opened_at=at(dt.date(2026, 2, 1)))
    # a third case closed in March, reopened for the same household in May: one re-entry of the three opened
    three, *_ = case_with_goal(staff["generalist"])
    Casus.objects.filter(pk=three.pk).update(team=team, opened_at=at(dt.date(2026, 1, 10)), status="afgesloten",
                                             closed_at=at(dt.date(2026, 3, 1)), close_reason="doelen-bereikt",
                                             outcome={"doelen": 4, "doelen_bereikt": 3, "zelfredzaamheid": {
                                                 "1": {"eerste": 2.0, "laatste": 3.5, "verschil": 1.5},
                                                 "2": {"eerste": 3.0, "laatste": 3.5, "verschil": 0.5}}})
    again = Casus.objects.create(gemeente=demodam, household=three.household, team=team, status="aangemeld",
                                 opened_at=at(dt.date(2026, 5, 1)))
    load = indicators.caseload(filters)
    name = f"{staff['generalist'].first_name} {staff['generalist'].last_name}"
    assert load["director"] == [(name, 2)]  # the closed case does not count; the re-entry has no director yet
    assert (team.name, 3, 1) in load["team"]
    assert indicators.reentries(filters) == (4, 1)

    result = indicators.outcomes(filters)
    assert (result.closed, result.goals, result.goals_reached, result.measured_people) == (1, 4, 3, 2)
    assert result.goal_share == 0.75 and result.mean_change == 1.0
    assert result.by_reason == [("doelen-bereikt", 1)]

    care = {wijk: (n, in_care) for wijk, n, in_care in indicators.households_in_care(filters)}
    assert sum(n for n, _ in care.values()) >= 3 and sum(c for _, c in care.values()) == 3

    Escalation.objects.create(casus=one, gemeente=demodam, ladder="standaard", ladder_name="Standaard",
                              level=2, level_code="2", level_name="Teamleider", opened_at=at(dt.date(2026, 3, 3)))
    Escalation.objects.create(casus=two, gemeente=demodam, ladder="standaard", ladder_name="Standaard",
                              level=3, level_code="3", level_name="Procesregisseur", opened_at=at(dt.date(2026, 3, 3)),
                              closed_at=at(dt.date(2026, 3, 20)))
    assert indicators.escalations(filters) == [("Teamleider", 0, 1), ("Procesregisseur", 1, 0)]
    assert indicators.escalations(indicators.Filters(H1[0], H1[1], [demodam.pk], team_id=team.pk + 999)) == []
    assert again.pk


def test_term_shares_count_within_after_and_overdue(staff, demodam, filters):
    from toegang.deadlines.models import Clock
    common = {"gemeente": demodam, "kind": "wmo-beschikking", "label": "Wmo: aanvraag → beschikking",
              "source": "Wmo 2015 art. 2.3.5", "subject_type": "intake.aanvraag", "subject_id": 1, "term": "2w",
              "warn_on": dt.date(2026, 3, 10)}
    Clock.objects.create(**common, started_on=dt.date(2026, 3, 1), due_on=dt.date(2026, 3, 15),
                         stopped_on=dt.date(2026, 3, 15))  # on the day: within
    Clock.objects.create(**common, started_on=dt.date(2026, 3, 1), due_on=dt.date(2026, 3, 15),
                         stopped_on=dt.date(2026, 3, 16))  # a day late
    Clock.objects.create(**common, started_on=dt.date(2026, 6, 1), due_on=dt.date(2026, 6, 15))  # running, overdue
    Clock.objects.create(**common, started_on=dt.date(2026, 6, 25), due_on=dt.date(2026, 7, 9))  # running, in time
    Clock.objects.create(**common, started_on=dt.date(2025, 12, 1), due_on=dt.date(2025, 12, 15),
                         stopped_on=dt.date(2025, 12, 20))  # before the period
    [share] = indicators.term_shares(filters)
    assert (share.kind, share.stopped, share.within, share.open_overdue, share.share) == (
        "wmo-beschikking", 2, 1, 1, 0.5)


def test_other_gemeenten_never_count(demodam, voorbeeldorp, filters):
    melding(voorbeeldorp, received=dt.date(2026, 3, 2))
    assert indicators.meldingen_by(filters, "source") == []
    assert Gemeente.objects.count() >= 2


# --- the management dashboard (/inzicht/): who opens it, what it shows, the filters and the exports


def test_the_dashboard_shows_the_hand_computed_numbers_with_their_definitions(client_for, demodam,
                                                                           django_assert_max_num_queries):
    melding(demodam, received=dt.date(2026, 3, 2), laws=("wmo",), outcome="informatie-advies")
    melding(demodam, received=dt.date(2026, 4, 1), source="huisarts", channel="telefoon", laws=("wmo", "jeugdwet"))
    client = client_for("beleid")
    with django_assert_max_num_queries(40):
        response = client.get("/inzicht/", {"van": "2026-01-01", "tot": "2026-06-30"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Periode: 01-01-2026 tot en met 30-06-2026." in page
    assert "Meldingen ontvangen per kalendermaand van de periode." in page  # the definition beside the number
    assert "huisarts" in page and "Jeugdwet" in page  # labels, never the codes alone
    rows = client.get("/inzicht/", {"van": "2026-01-01", "tot": "2026-06-30", "export": "meldingen-wet",
                                    "formaat": "csv"}).content.decode("utf-8-sig").splitlines()
    assert rows == ["Categorie;Aantal", "Wmo 2015;2", "Jeugdwet;1"]
    trend = client.get("/inzicht/", {"van": "2026-01-01", "tot": "2026-06-30", "export": "meldingen-per-maand",
                                     "formaat": "csv"}).content.decode("utf-8-sig").splitlines()
    assert trend[1:] == ["januari 2026;0", "februari 2026;0", "maart 2026;1", "april 2026;1", "mei 2026;0",
                         "juni 2026;0"]


def test_a_team_filter_narrows_and_says_where_it_cannot(client_for, demodam):
    team = Team.objects.filter(gemeente=demodam).order_by("pk").first()
    m = melding(demodam, received=dt.date(2026, 3, 2))
    Melding.objects.filter(pk=m.pk).update(team=None)
    client = client_for("beleid")
    params = {"van": "2026-01-01", "tot": "2026-06-30", "team": team.pk, "export": "meldingen-kanaal"}
    assert client.get("/inzicht/", params).content.decode("utf-8-sig").splitlines() == ["Categorie;Aantal"]
    page = client.get("/inzicht/", {"van": "2026-01-01", "tot": "2026-06-30", "team": team.pk}).content.decode()
    assert "Niet uitgesplitst naar team: dit getal geldt voor de hele gemeente." in page  # the Verwijsindex


def test_an_impossible_period_is_refused_at_its_field_and_kept(client_for):
    response = client_for("beleid").get("/inzicht/", {"van": "2026-06-30", "tot": "2026-01-01"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "De einddatum ligt vóór de begindatum." in page
    assert 'value="2026-06-30"' in page and 'value="2026-01-01"' in page  # what was typed stays
    long = client_for("beleid").get("/inzicht/", {"van": "2016-01-01", "tot": "2026-01-01"})
    assert long.status_code == 422 and "hoogstens 5 jaar" in long.content.decode()


@pytest.mark.parametrize("role, status", [("beleid", 200), ("procesregisseur", 200), ("balie", 403),
                                          ("generalist", 403)])
def test_who_opens_the_dashboard_and_sees_it_in_the_menu(client_for, role, status):
    client = client_for(role)
    assert client.get("/inzicht/").status_code == status
    assert ('href="/inzicht/"' in client.get("/").content.decode()) == (status == 200)


# --- the long export: the whole dashboard as one workbook, made in the background with its progress


def test_the_whole_dashboard_exports_as_a_workbook_job_with_progress(client_for, staff, demodam,
                                                                      django_capture_on_commit_callbacks):
    import io

    from openpyxl import load_workbook

    from toegang.audit.models import ChangeLog
    from toegang.insight.dashboard import SECTIONS
    from toegang.insight.models import ExportJob

    melding(demodam, received=dt.date(2026, 4, 1), source="huisarts", laws=("wmo", "jeugdwet"))
    client = client_for("beleid")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/inzicht/export/", {"van": "2026-01-01", "tot": "2026-06-30"})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inzicht/export/{job.pk}/"
    assert (job.status, job.done, job.total) == ("klaar", len(SECTIONS), len(SECTIONS))  # eager in the suite
    assert list(ChangeLog.objects.filter(object_id=str(job.pk), event__startswith="export.")
                .values_list("event", flat=True).order_by("pk")) == ["export.gevraagd", "export.klaar"]
    page = client.get(f"/inzicht/export/{job.pk}/").content.decode()
    assert "Klaar." in page and "Download dashboard-20260101-20260630.xlsx" in page
    workbook = load_workbook(io.BytesIO(client.get(f"/inzicht/export/{job.pk}/bestand/").content))
    assert "meldingen-wet" in workbook.sheetnames and "trend-kerncijfers" in workbook.sheetnames
    rows = [r for r in workbook["meldingen-wet"].iter_rows(values_only=True) if any(r)]
    assert rows[-2:] == [("Jeugdwet", 1), ("Wmo 2015", 1)]
    # someone else's export is not there for another reader
    assert client_for("procesregisseur").get(f"/inzicht/export/{job.pk}/").status_code == 404
    assert client_for("procesregisseur").get(f"/inzicht/export/{job.pk}/bestand/").status_code == 404


def test_a_running_export_shows_how_far_it_is_and_asks_again(client_for, staff):
    from toegang.insight.models import ExportJob
    job = ExportJob.objects.create(requested_by=staff["beleid"], gemeente_ids=[1], total=12, done=3, status="bezig",
                                   params={"van": "2026-01-01", "tot": "2026-06-30"}, created_at=timezone.now())
    page = client_for("beleid").get(f"/inzicht/export/{job.pk}/").content.decode()
    assert "Bezig: onderdeel 3 van 12." in page and 'value="25"' in page and 'hx-trigger="every 1s"' in page
    fragment = client_for("beleid").get(f"/inzicht/export/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="voortgang"')
    assert client_for("beleid").get(f"/inzicht/export/{job.pk}/bestand/").status_code == 404  # not ready yet


def test_a_failing_export_is_recorded_and_said_in_dutch(client_for, monkeypatch, django_capture_on_commit_callbacks):
    from toegang.insight.models import ExportJob
    from toegang.jobs.models import Job

    def broken(filters):
        raise RuntimeError("database weg")
    monkeypatch.setattr("toegang.insight.jobs.SECTIONS", [broken])
    client = client_for("beleid")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/inzicht/export/", {"van": "2026-01-01", "tot": "2026-06-30"})
    job = ExportJob.objects.get()
    assert job.status == "mislukt"
    assert "De export is mislukt." in client.get(f"/inzicht/export/{job.pk}/").content.decode()
    # and the background job says so too, after its attempts: not "klaar" on the page Achtergrondtaken
    background = Job.objects.get(kind="dashboard-export")
    assert background.state == "mislukt" and background.attempts == background.max_attempts
    assert background.last_error == "RuntimeError"
