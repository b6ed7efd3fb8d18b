"""The plan page of a case: the current version, changes as new versions, and the history with differences."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from toegang.cases import queries as case_queries
from toegang.cases.actions import _may_manage
from toegang.core import clock
from toegang.core.actor import actor_for_request
from toegang.core.errors import DomainError
from toegang.intake.codes import LEVENSGEBIEDEN
from toegang.ui.forms import invalid_form, report_outcome

from . import actions
from .actions import GOAL_STATUS, OWNER_TYPES
from .forms import ActionForm, AgreeForm, EvaluationForm, GoalForm, GoalStatusForm
from .models import PlanVersion


def _nl(iso: str) -> str:
    """A stored ISO date as Dutch users read it (dd-mm-jjjj)."""
    return dt.date.fromisoformat(iso).strftime("%d-%m-%Y") if iso else ""


@login_required
def plan_detail(request, pk: int):
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="plan bekijken", channel="ui", resource=request.path)
    versions = list(PlanVersion.objects.filter(plan__casus=casus).select_related("created_by").order_by("number"))
    current = versions[-1] if versions else None
    content = current.content if current else actions.EMPTY
    names = {m.pk: m.full_name for m in casus.members}
    domains = dict(LEVENSGEBIEDEN)
    goals = [{**g, "domain_label": domains.get(g["domain"], g["domain"]), "person_name": names.get(g["person"], ""),
              "status_label": dict(GOAL_STATUS)[g["status"]], "target_date": _nl(g["target_date"]),
              "actions": [{**a, "owner_label": dict(OWNER_TYPES)[a["owner_type"]], "due_date": _nl(a["due_date"])}
                          for a in content["actions"] if a["goal"] == g["id"]]}
             for g in content["goals"]]
    history = []
    previous = {}
    for version in versions:
        history.append({"version": version, "changes": actions.diff(previous, version.content)})
        previous = version.content
    base = current.number if current else 0
    editable = _may_manage(actor, casus) and casus.status != "afgesloten"
    return render(request, "plans/plan.html", {
        "casus": casus, "current": current, "goals": goals, "evaluations": [{**e, "date": _nl(e["date"])} for e in content["evaluations"]],
        "history": list(reversed(history)), "editable": editable, "base": base,
        "goal_form": GoalForm(members=casus.members, initial={"base_version": base}, auto_id="doel-%s"),
        "status_choices": GOAL_STATUS,
        "action_form": ActionForm(goals=content["goals"], initial={"base_version": base}, auto_id="actie-%s"),
        "evaluation_form": EvaluationForm(initial={"base_version": base}, auto_id="evaluatie-%s"),
        "agree_form": AgreeForm(initial={"base_version": base, "agreed_on": clock.today()}, auto_id="akkoord-%s"),
    })


def _readable(casus, content):
    names = {m.pk: m.full_name for m in casus.members}
    domains = dict(LEVENSGEBIEDEN)
    return [{**g, "domain_label": domains.get(g["domain"], g["domain"]), "person_name": names.get(g["person"], ""),
             "status_label": dict(GOAL_STATUS)[g["status"]], "target_date": _nl(g["target_date"]),
             "actions": [{**a, "owner_label": dict(OWNER_TYPES)[a["owner_type"]], "due_date": _nl(a["due_date"])}
                         for a in content["actions"] if a["goal"] == g["id"]]}
            for g in content["goals"]]


@login_required
def plan_pdf(request, pk: int):
    """The plan in plain Dutch as a PDF for the household (the current version). Logged as an export."""
    from django.http import HttpResponse
    from django.template.loader import render_to_string

    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="plan als pdf voor het huishouden", channel="export",
                                     resource=request.path)
    version = actions.current_version(casus)
    if version is None:
        messages.error(request, "Er is nog geen plan om af te drukken.")
        return redirect("plans:plan", pk)
    try:
        from weasyprint import HTML  # imported here: it needs the Pango system library, only for this page
    except OSError:
        messages.error(request, "De pdf kan op deze server niet worden gemaakt: de systeembibliotheek Pango "
                                "ontbreekt (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0).")
        return redirect("plans:plan", pk)

    html = render_to_string("plans/plan_pdf.html", {
        "casus": casus, "version": version, "goals": _readable(casus, version.content),
        "evaluations": [{**e, "date": _nl(e["date"])} for e in version.content["evaluations"]],
        "agreed_how": dict(actions.AGREEMENT_HOW).get(version.agreed_how, ""),
    })
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-casus-{casus.pk}-v{version.number}.pdf"'
    return response


def _change(request, pk, form_factory, run, ok):
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="plan wijzigen", channel="ui", resource=request.path)
    form = form_factory(request.POST, casus)
    if not form.is_valid():
        report_outcome(request, invalid_form(form))
        return redirect("plans:plan", pk)
    try:
        version = run(actor, casus, form.cleaned_data)
    except DomainError as exc:
        report_outcome(request, exc)
    else:
        report_outcome(request, ok=f"{ok} (versie {version.number}).")
    return redirect("plans:plan", pk)


def _goals_of(casus):
    current = actions.current_version(casus)
    return current.content["goals"] if current else []


@login_required
@require_POST
def add_goal(request, pk: int):
    return _change(request, pk, lambda data, casus: GoalForm(data, members=casus.household.current_residents.all()),
                   lambda actor, casus, d: actions.check_add_goal(
                       actor=actor, casus=casus, base_version=d["base_version"], domain=d["domain"],
                       description=d["description"], desired_result=d["desired_result"], measure=d["measure"],
                       target_date=d["target_date"], person_id=d["person"]), "Het doel is toegevoegd")


@login_required
@require_POST
def goal_status(request, pk: int):
    return _change(request, pk, lambda data, casus: GoalStatusForm(data),
                   lambda actor, casus, d: actions.check_set_goal_status(
                       actor=actor, casus=casus, base_version=d["base_version"], goal_id=d["goal"], status=d["status"]),
                   "De status is bijgewerkt")


@login_required
@require_POST
def add_action(request, pk: int):
    return _change(request, pk, lambda data, casus: ActionForm(data, goals=_goals_of(casus)),
                   lambda actor, casus, d: actions.check_add_plan_action(
                       actor=actor, casus=casus, base_version=d["base_version"], goal_id=d["goal"],
                       owner_type=d["owner_type"], owner=d["owner"], description=d["description"],
                       due_date=d["due_date"]), "De actie is toegevoegd")


@login_required
@require_POST
def add_evaluation(request, pk: int):
    return _change(request, pk, lambda data, casus: EvaluationForm(data),
                   lambda actor, casus, d: actions.check_add_evaluation(
                       actor=actor, casus=casus, base_version=d["base_version"], on=d["on"], note=d["note"]),
                   "Het evaluatiemoment is toegevoegd")


@login_required
@require_POST
def agree(request, pk: int):
    return _change(request, pk, lambda data, casus: AgreeForm(data),
                   lambda actor, casus, d: actions.check_agree_plan(
                       actor=actor, casus=casus, base_version=d["base_version"], agreed_on=d["agreed_on"],
                       how=d["how"], by=d["by"]), "Het akkoord van het huishouden is vastgelegd")


