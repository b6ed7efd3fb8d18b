"""The reads of the team dashboard (/inzicht/team/, docs/dashboards.md "Teamdashboard"): counts per worker, per team
and per day, never a resident. Every number is one aggregate query over the chosen teams (set-based SQL, the same on
SQLite and PostgreSQL); no loop over cases in Python. What each number means is in docs/dashboards.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from toegang.accounts.capabilities import CASES_WORK
from toegang.accounts.models import Medewerker, Role, Team, TeamMembership
from toegang.cases.models import UNOWNED, Casus
from toegang.core.actor import Actor
from toegang.deadlines.models import Clock
from toegang.deadlines.queries import with_status
from toegang.persons.models import Involvement
from toegang.plans.models import Plan
from toegang.tasks.models import Task

from .permissions import team_dashboard_gemeenten

OPEN = ~Q(status=Casus.Status.AFGESLOTEN)


def teams_for(actor: Actor) -> list[Team]:
    """The teams the actor may see on the dashboard, by gemeente and name: every team of the gemeenten where they hold
    cases.view_all; the teams they are a member of where they hold cases.view_team."""
    every, own = team_dashboard_gemeenten(actor)
    scope = Q(gemeente_id__in=every) | Q(gemeente_id__in=own, pk__in=actor.team_ids)
    if not (every or own):
        return []
    return list(Team.objects.filter(scope).select_related("gemeente").order_by("gemeente__name", "name", "pk"))


def week_of(day: dt.date) -> list[dt.date]:
    """Monday to Sunday of the week of `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=n) for n in range(7)]


def _count(qs, group: str) -> Subquery:
    """COUNT of `qs` per outer row (grouped by `group`), 0 when none: a subquery, so counts never multiply by joins."""
    return Coalesce(Subquery(qs.values(group).annotate(n=Count("pk", distinct=True)).values("n")[:1],
                             output_field=IntegerField()), Value(0))


@dataclass
class WorkerLoad:
    id: int
    name: str
    directed: int
    involved: int


def caseload_per_worker(team_ids: list[int], today: dt.date) -> list[WorkerLoad]:
    """Per worker: open cases of the teams they direct, and open cases of the teams they are betrokkene in (an
    involvement with the case running today; a director who is also betrokkene counts in both). Workers: the active
    members of the teams who do case work there, and anyone else who directs or is involved in one of those cases.
    Most directed first. One query."""
    team_cases = Casus.objects.filter(OPEN, team_id__in=team_ids)
    work_roles = [pk for pk, caps in Role.objects.values_list("pk", "capabilities") if CASES_WORK in caps]
    works_in_team = TeamMembership.objects.filter(
        team_id__in=team_ids, team__gemeente__role_assignments__medewerker_id=F("medewerker_id"),
        team__gemeente__role_assignments__role_id__in=work_roles)
    involvements = Involvement.objects.active(today).filter(casus__in=team_cases)
    rows = (Medewerker.objects
            .filter(Q(is_active=True, pk__in=works_in_team.values("medewerker_id"))
                    | Q(pk__in=team_cases.values("case_director_id"))
                    | Q(pk__in=involvements.values("medewerker_id")))
            .annotate(directed=_count(team_cases.filter(case_director_id=OuterRef("pk")), "case_director_id"),
                      involved=Coalesce(Subquery(
                          involvements.filter(medewerker_id=OuterRef("pk")).values("medewerker_id")
                          .annotate(n=Count("casus_id", distinct=True)).values("n")[:1],
                          output_field=IntegerField()), Value(0)))
            .order_by("-directed", "-involved", "first_name", "last_name", "pk")
            .only("pk", "first_name", "last_name", "username"))
    return [WorkerLoad(w.pk, str(w), w.directed, w.involved) for w in rows]


def open_cases_per_status(team_ids: list[int]) -> dict[str, int]:
    """Open cases of the teams per status (phase), in the order of the phases; a phase without cases counts 0."""
    counts = dict(Casus.objects.filter(OPEN, team_id__in=team_ids).values_list("status")
                  .annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in Casus.Status.values if status != Casus.Status.AFGESLOTEN}


@dataclass
class Waiting:
    team: Team
    under_week: int = 0
    one_to_four_weeks: int = 0
    over_four_weeks: int = 0

    @property
    def total(self) -> int:
        return self.under_week + self.one_to_four_weeks + self.over_four_weeks


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def unowned_per_team(teams: list[Team], today: dt.date) -> list[Waiting]:
    """Per team: open cases without a case director, by how long they have waited since they were opened, in whole
    days as the werkbak counts them (cases.queries.waiting_days): under 7 days, 7 to 27 days, 28 days or more. One
    query, on the partial index casus_unowned_team_idx."""
    week_ago = _start_of(today - dt.timedelta(days=6))  # opened on or after this day: waited 0..6 days
    four_weeks_ago = _start_of(today - dt.timedelta(days=27))
    rows = {r["team_id"]: r for r in Casus.objects.filter(UNOWNED, team_id__in=[t.pk for t in teams])
            .values("team_id").annotate(
                a=Count("pk", filter=Q(opened_at__gte=week_ago)),
                b=Count("pk", filter=Q(opened_at__lt=week_ago, opened_at__gte=four_weeks_ago)),
                c=Count("pk", filter=Q(opened_at__lt=four_weeks_ago)))}
    return [Waiting(t, rows.get(t.pk, {}).get("a", 0), rows.get(t.pk, {}).get("b", 0), rows.get(t.pk, {}).get("c", 0))
            for t in teams]


@dataclass
class WorkerDue:
    id: int | None
    name: str
    clocks_due: int = 0
    clocks_overdue: int = 0
    tasks_due: int = 0
    tasks_overdue: int = 0
    evaluations_due: int = 0


@dataclass
class DueThisWeek:
    days: list[dt.date]
    clocks_per_day: list[int]
    tasks_per_day: list[int]
    evaluations_per_day: list[int]
    clocks_overdue: int
    tasks_overdue: int
    per_worker: list[WorkerDue] = field(default_factory=list)


def due_this_week(team_ids: list[int], today: dt.date, now: dt.datetime, names: dict[int, str]) -> DueThisWeek:
    """What falls due in the week of `today` (Monday to Sunday) for the teams, per day and per worker:

    - clocks of the teams still running and not suspended, by due date (a clock in hours: the Dutch date of its due
      moment); overdue: running clocks whose term has passed (deadlines.queries.status_expression, 'verlopen'),
      whenever they fell due;
    - tasks of the teams not done, by due date; overdue: not done, due before today;
    - plan evaluations: the last planned evaluation of the current plan of an open case of the teams.

    Per worker: the clock's owner, the task's assignee, the case director of the plan's case; nobody (None) when
    there is none. `names`: the names already known (the caseload); others are read in one query. Six queries."""
    days = week_of(today)
    first, last = days[0], days[-1]
    running = with_status(Clock.objects.filter(team_id__in=team_ids, stopped_on__isnull=True), today, now)
    clock_days = dict(running.filter(due_on__range=(first, last)).exclude(status="opgeschort")
                      .values_list("due_on").annotate(n=Count("pk")).values_list("due_on", "n"))
    clock_workers = list(running.values("owner_id").annotate(
        due=Count("pk", filter=Q(due_on__range=(first, last)) & ~Q(status="opgeschort")),
        overdue=Count("pk", filter=Q(status="verlopen"))).values_list("owner_id", "due", "overdue"))
    open_tasks = Task.objects.filter(team_id__in=team_ids, done_at__isnull=True)
    task_days = dict(open_tasks.filter(due_on__range=(first, last)).values_list("due_on")
                     .annotate(n=Count("pk")).values_list("due_on", "n"))
    task_workers = list(open_tasks.values("assignee_id").annotate(
        due=Count("pk", filter=Q(due_on__range=(first, last))),
        overdue=Count("pk", filter=Q(due_on__lt=today))).values_list("assignee_id", "due", "overdue"))
    plans = Plan.objects.filter(casus__team_id__in=team_ids, evaluation_on__range=(first, last)).exclude(
        casus__status=Casus.Status.AFGESLOTEN)
    evaluation_days = dict(plans.values_list("evaluation_on").annotate(n=Count("pk"))
                           .values_list("evaluation_on", "n"))
    evaluation_workers = list(plans.values_list("casus__case_director_id").annotate(n=Count("pk"))
                              .values_list("casus__case_director_id", "n"))

    workers: dict[int | None, WorkerDue] = {}

    def worker(pk):
        return workers.setdefault(pk, WorkerDue(pk, ""))

    for pk, due, overdue in clock_workers:
        worker(pk).clocks_due, worker(pk).clocks_overdue = due, overdue
    for pk, due, overdue in task_workers:
        worker(pk).tasks_due, worker(pk).tasks_overdue = due, overdue
    for pk, n in evaluation_workers:
        worker(pk).evaluations_due = n
    unknown = [pk for pk in workers if pk is not None and pk not in names]
    if unknown:
        names = {**names, **{m.pk: str(m) for m in Medewerker.objects.filter(pk__in=unknown)
                             .only("pk", "first_name", "last_name", "username")}}
    for pk, row in workers.items():
        row.name = names.get(pk, "") if pk is not None else ""
    per_worker = sorted((w for w in workers.values()
                         if w.clocks_due or w.clocks_overdue or w.tasks_due or w.tasks_overdue or w.evaluations_due),
                        key=lambda w: (w.id is None, w.name.lower(), w.id or 0))
    return DueThisWeek(
        days=days,
        clocks_per_day=[clock_days.get(d, 0) for d in days],
        tasks_per_day=[task_days.get(d, 0) for d in days],
        evaluations_per_day=[evaluation_days.get(d, 0) for d in days],
        clocks_overdue=sum(w.clocks_overdue for w in workers.values()),
        tasks_overdue=sum(w.tasks_overdue for w in workers.values()),
        per_worker=per_worker,
    )
