"""The team dashboard (/inzicht/team/, docs/dashboards.md "Teamdashboard"): hand-computed numbers for two teams and
three workers with time frozen on Wednesday 18-11-2026; who sees which teams; a bounded number of queries; the CSV
export of the caseload."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from toegang.accounts.models import Team
from toegang.cases.models import Casus
from toegang.deadlines.models import Clock
from toegang.insight import team
from toegang.persons.models import Involvement
from toegang.plans.models import Plan
from toegang.tasks.models import Task

from .factories import HouseholdFactory

TODAY = dt.date(2026, 11, 18)  # a Wednesday: the week runs from Monday 16 to Sunday 22 November
NOW = timezone.make_aware(dt.datetime(2026, 11, 18, 10, 0))


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def opened(days_ago: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day(-days_ago), dt.time(hour, 0)))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _case(team_, director=None, status=Casus.Status.AANGEMELD, days_ago=30):
    household = HouseholdFactory()
    return Casus.objects.create(gemeente=team_.gemeente, household=household, team=team_, case_director=director,
                                status=status, opened_at=opened(days_ago),
                                closed_at=NOW if status == Casus.Status.AFGESLOTEN else None)


def _clock(team_, owner, due_on, **extra):
    values = {"term": "2w", "started_on": day(-20), "warn_on": due_on - dt.timedelta(days=5), **extra}
    return Clock.objects.create(gemeente=team_.gemeente, team=team_, owner=owner, kind="test", label="termijn",
                                source="test", subject_type="cases.casus", subject_id=1, due_on=due_on, **values)


def _task(team_, assignee, due_on, done=False):
    return Task.objects.create(gemeente=team_.gemeente, team=team_, assignee=assignee, kind="contact", title="bellen",
                               due_on=due_on, created_at=NOW, done_at=NOW if done else None)


@pytest.fixture
def world(frozen, staff, make_staff):
    """Team A (Sociaal team Centrum): Anna and Bram; team B (Noord-Zuid): Cor. See each test for the numbers."""
    a, b = Team.objects.get(code="st-centrum"), Team.objects.get(code="st-noord-zuid")
    anna = make_staff("generalist", teams=["st-centrum"])
    bram = make_staff("generalist", teams=["st-centrum"])
    cor = make_staff("generalist", teams=["st-noord-zuid"])
    for user, (first, last) in zip((anna, bram, cor), (("Anna", "Bakker"), ("Bram", "Claes"), ("Cor", "Dekker")),
                                   strict=True):
        user.first_name, user.last_name = first, last
        user.save()
    c1 = _case(a, anna, Casus.Status.PLAN)
    c2 = _case(a, anna, Casus.Status.UITVOERING)
    _case(a, bram, Casus.Status.AANGEMELD)
    c4 = _case(a, anna, Casus.Status.AFGESLOTEN)  # closed: counts nowhere
    _case(a, days_ago=2)   # without director: < 1 week
    _case(a, days_ago=10)  # 1-4 weeks
    _case(a, days_ago=7)   # 1-4 weeks: exactly one week
    _case(a, days_ago=40)  # > 4 weeks
    _case(a, days_ago=28)  # > 4 weeks: exactly four weeks
    _case(a, days_ago=27)  # 1-4 weeks
    _case(b, cor, Casus.Status.VRAAGVERHELDERING)
    _case(b, anna, Casus.Status.EVALUATIE)  # Anna directs a case of team B, though she is not in it
    _case(b, days_ago=3)
    # betrokkenen: Bram on c1 (running); Cor on c2 ended yesterday; Bram on the closed c4
    Involvement.objects.create(household=c1.household, casus=c1, medewerker=bram, role="jongerenwerker",
                               valid_from=day(-10))
    Involvement.objects.create(household=c2.household, casus=c2, medewerker=cor, role="schuldhulp",
                               valid_from=day(-10), valid_until=day(-1))
    Involvement.objects.create(household=c4.household, casus=c4, medewerker=bram, role="x", valid_from=day(-10))
    # clocks of team A
    _clock(a, anna, day(-2))                       # Monday, running: overdue
    _clock(a, anna, day(0))                        # today
    _clock(a, bram, day(2))                        # Friday
    _clock(a, bram, day(2), suspended_since=day(-1))  # suspended: not due, not overdue
    _clock(a, anna, day(2), stopped_on=day(-1))    # stopped: counts nowhere
    _clock(a, None, day(-16))                      # long overdue, nobody's
    _clock(a, bram, day(0), term="4u", started_at=NOW - dt.timedelta(hours=6),
           due_at=NOW - dt.timedelta(hours=2))     # hours clock due today at 08:00: overdue
    _clock(a, anna, day(5))                        # next Monday: not this week
    _clock(b, cor, day(1))                         # team B, Thursday
    # tasks of team A
    _task(a, anna, day(-1))                        # Tuesday, open: this week and overdue
    _task(a, None, day(4))                         # Sunday, nobody's
    _task(a, bram, day(1), done=True)              # done: counts nowhere
    _task(a, bram, day(-8))                        # last week, open: overdue
    # plan evaluations
    Plan.objects.create(casus=c1, created_at=NOW, evaluation_on=day(1))
    Plan.objects.create(casus=c4, created_at=NOW, evaluation_on=day(1))  # closed case
    return {"a": a, "b": b, "anna": anna, "bram": bram, "cor": cor}


def test_caseload_per_worker_of_one_team(world, staff):
    rows = team.caseload_per_worker([world["a"].pk], TODAY)
    assert [(r.name, r.directed, r.involved) for r in rows] == [
        ("Anna Bakker", 2, 0), ("Bram Claes", 1, 1), (str(staff["teamleider"]), 0, 0)]


def test_caseload_per_worker_of_two_teams(world, staff):
    rows = {r.name: (r.directed, r.involved) for r in team.caseload_per_worker([world["a"].pk, world["b"].pk], TODAY)}
    assert rows == {"Anna Bakker": (3, 0), "Bram Claes": (1, 1), "Cor Dekker": (1, 0),
                    str(staff["teamleider"]): (0, 0), str(staff["generalist"]): (0, 0)}


def test_open_cases_per_phase(world):
    assert team.open_cases_per_status([world["a"].pk]) == {
        "aangemeld": 7, "vraagverheldering": 0, "plan": 1, "uitvoering": 1, "evaluatie": 0}


def test_cases_without_director_by_waiting_time(world):
    rows = team.unowned_per_team([world["a"], world["b"]], TODAY)
    assert [(w.team.code, w.under_week, w.one_to_four_weeks, w.over_four_weeks, w.total) for w in rows] == [
        ("st-centrum", 1, 3, 2, 6), ("st-noord-zuid", 1, 0, 0, 1)]


def test_what_is_due_this_week(world):
    due = team.due_this_week([world["a"].pk], TODAY, NOW, {})
    assert due.days[0] == dt.date(2026, 11, 16) and due.days[-1] == dt.date(2026, 11, 22)
    assert due.clocks_per_day == [1, 0, 2, 0, 1, 0, 0]
    assert due.tasks_per_day == [0, 1, 0, 0, 0, 0, 1]
    assert due.evaluations_per_day == [0, 0, 0, 1, 0, 0, 0]
    assert (due.clocks_overdue, due.tasks_overdue) == (3, 2)
    assert [(w.name, w.clocks_due, w.clocks_overdue, w.tasks_due, w.tasks_overdue, w.evaluations_due)
            for w in due.per_worker] == [("Anna Bakker", 2, 1, 1, 1, 1), ("Bram Claes", 2, 1, 0, 1, 0),
                                         ("", 0, 1, 1, 0, 0)]


# --- who sees it ---------------------------------------------------------------------------------------------------


def test_the_team_lead_sees_only_their_own_teams(world, staff, actor_of):
    assert {t.code for t in team.teams_for(actor_of(staff["teamleider"]))} == {"st-centrum", "st-noord-zuid"}
    assert {t.code for t in team.teams_for(actor_of(staff["procesregisseur"]))} == {
        t.code for t in Team.objects.filter(gemeente__cbs_code="9901")}
    assert team.teams_for(actor_of(staff["generalist"])) == []


@pytest.mark.parametrize("role", ["generalist", "balie", "backoffice", "beleid", "privacy", "beheer", "partner"])
def test_anyone_else_gets_403_and_no_menu_item(world, client_for, role):
    response = client_for(role).get(reverse("insight:team"))
    assert response.status_code == 403
    assert "teamleiding en procesregie" in response.content.decode()
    home = client_for(role).get(reverse("ui:home")).content.decode()
    assert reverse("insight:team") not in home


def test_the_team_lead_has_the_menu_item_and_not_another_team(world, client_for, make_staff, staff):
    home = client_for("teamleider").get(reverse("ui:home")).content.decode()
    assert reverse("insight:team") in home
    voorbeeldorp = Team.objects.get(code="st-voorbeeldorp")
    response = client_for("teamleider").get(reverse("insight:team"), {"team": voorbeeldorp.pk})
    assert response.status_code == 200
    assert "Sociaal team Voorbeeldorp" not in response.content.decode()


def test_the_page_shows_the_numbers_with_names_and_dates(world, client_for):
    response = client_for("teamleider").get(reverse("insight:team"), {"team": world["a"].pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Anna Bakker" in page and "Bram Claes" in page and "Cor Dekker" not in page
    assert "18-11-2026" in page and "2026-11-18" not in page
    assert "werkbak" in page.lower()


def test_process_direction_filters_by_team(world, client_for):
    page = client_for("procesregisseur").get(reverse("insight:team"), {"team": world["b"].pk}).content.decode()
    assert "Cor Dekker" in page and "Bram Claes" not in page


def test_the_page_has_a_bounded_number_of_queries(world, client_for, django_assert_max_num_queries, make_staff):
    client = client_for("procesregisseur")
    client.get(reverse("insight:team"))  # the session's first request reads more (login, second factor)
    with django_assert_max_num_queries(25) as before:
        client.get(reverse("insight:team"))
    a = world["a"]
    for n in range(15):  # many more workers, cases, clocks and tasks: the same number of queries
        worker = make_staff("generalist", teams=["st-centrum"])
        _case(a, worker, days_ago=n)
        _clock(a, worker, day(n % 5))
        _task(a, worker, day(n % 5))
    with django_assert_max_num_queries(25) as after:
        response = client.get(reverse("insight:team"))
    assert response.status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_caseload_exports_as_csv(world, client_for, staff):
    response = client_for("teamleider").get(reverse("insight:team"),
                                            {"team": world["a"].pk, "export": "caseload", "formaat": "csv"})
    assert response.status_code == 200
    assert "text/csv" in response["Content-Type"]
    lines = [line for line in response.content.decode("utf-8-sig").splitlines() if line]
    assert lines[1:] == ["Anna Bakker;2;0", "Bram Claes;1;1", f"{staff['teamleider']};0;0"]
