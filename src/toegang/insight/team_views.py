"""The team dashboard (/inzicht/team/, docs/dashboards.md "Teamdashboard"): caseload per worker, cases without a
director, what is due this week — counts only, no resident. Team leads (cases.view_team) see their own teams; process
direction (cases.view_all) every team of its gemeenten, with a team filter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET

from toegang.accounts.actors import actor_for_request
from toegang.cases.models import Casus
from toegang.core import clock
from toegang.core.dates import fmt
from toegang.core.errors import NotAllowed
from toegang.ui.charts import Chart, Series, Table
from toegang.ui.exports import respond_with_export

from . import team
from .permissions import can_view_team_dashboard

WEEKDAYS = [gettext_noop("ma"), gettext_noop("di"), gettext_noop("wo"), gettext_noop("do"), gettext_noop("vr"),
            gettext_noop("za"), gettext_noop("zo")]


def _chosen_team(request, teams):
    try:
        wanted = int(request.GET.get("team", ""))
    except ValueError:
        return None
    return next((t for t in teams if t.pk == wanted), None)


@login_required
@require_GET
def team_dashboard(request):
    actor = actor_for_request(request)
    if not can_view_team_dashboard(actor):
        raise NotAllowed(gettext("Het teamdashboard is er voor teamleiding en procesregie."))
    teams = team.teams_for(actor)
    chosen = _chosen_team(request, teams)
    shown = [chosen] if chosen else teams
    team_ids = [t.pk for t in shown]
    today, now = clock.today(), clock.now()

    loads = team.caseload_per_worker(team_ids, today)
    caseload = Chart(
        id="caseload", title=gettext("Caseload per medewerker"), kind="hbar",
        labels=[w.name for w in loads],
        series=[Series(gettext("als casusregisseur"), [w.directed for w in loads]),
                Series(gettext("als betrokkene"), [w.involved for w in loads])],
        definition=gettext("Open casussen van de getoonde teams waarvan de medewerker nu casusregisseur is, en waarbij "
                           "de medewerker vandaag betrokkene is."))
    per_status = team.open_cases_per_status(team_ids)
    phases = Chart(
        id="fasen", title=gettext("Open casussen per fase"), kind="bar",
        labels=[gettext(Casus.Status(s).label) for s in per_status],
        series=[Series(gettext("casussen"), list(per_status.values()))],
        definition=gettext("Open casussen van de getoonde teams, met en zonder casusregisseur, naar hun fase."))
    waiting = team.unowned_per_team(shown, today)
    unowned = Table(
        id="zonder-regisseur", title=gettext("Casussen zonder casusregisseur"),
        columns=[gettext("Team"), gettext("korter dan 1 week"), gettext("1 tot 4 weken"), gettext("4 weken of langer"),
                 gettext("totaal")],
        rows=[[w.team.name, w.under_week, w.one_to_four_weeks, w.over_four_weeks, w.total] for w in waiting],
        units=["tekst", "aantal", "aantal", "aantal", "aantal"],
        definition=gettext("Open casussen zonder casusregisseur, naar de hele dagen sinds de casus is geopend."))
    due = team.due_this_week(team_ids, today, now, {w.id: w.name for w in loads})
    week = Chart(
        id="deze-week", title=gettext("Wat deze week afloopt, per dag"), kind="stacked",
        labels=[f"{gettext(WEEKDAYS[d.weekday()])} {fmt(d)}" for d in due.days],
        series=[Series(gettext("termijnen"), due.clocks_per_day), Series(gettext("taken"), due.tasks_per_day),
                Series(gettext("planevaluaties"), due.evaluations_per_day)],
        definition=gettext("Lopende, niet opgeschorte termijnen, open taken en de laatste geplande evaluatie van het "
                           "plan van een open casus, met hun uiterste datum van maandag tot en met zondag."))
    nobody = gettext("niemand toegewezen")
    per_worker = Table(
        id="per-medewerker", title=gettext("Termijnen en taken per medewerker"),
        columns=[gettext("Medewerker"), gettext("termijnen deze week"), gettext("termijnen verlopen"),
                 gettext("taken deze week"), gettext("taken te laat"), gettext("planevaluaties deze week")],
        rows=[[w.name or nobody, w.clocks_due, w.clocks_overdue, w.tasks_due, w.tasks_overdue, w.evaluations_due]
              for w in due.per_worker],
        units=["tekst", "aantal", "aantal", "aantal", "aantal", "aantal"],
        definition=gettext("Verlopen: de termijn is voorbij en loopt nog (ook van voor deze week); te laat: de taak "
                           "is niet gedaan en haar datum ligt voor vandaag."))
    items = [caseload, phases, unowned, week, per_worker]
    exported = respond_with_export(request, items, "teamdashboard")
    if exported is not None:
        return exported
    return render(request, "insight/team.html", {
        "teams": teams, "chosen": chosen, "shown": shown, "today": today, "first_day": due.days[0],
        "last_day": due.days[-1], "caseload": caseload, "phases": phases, "unowned": unowned, "waiting": waiting,
        "week": week, "per_worker": per_worker, "due": due,
    })
