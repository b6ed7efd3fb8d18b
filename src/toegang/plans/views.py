"""The plan page of a case: the current version, changes as new versions, and the history with differences."""

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.cases import queries as case_queries
from toegang.cases.permissions import can_manage_case
from toegang.core import clock
from toegang.core.errors import NotAllowed
from toegang.intake.codes import LEVENSGEBIEDEN
from toegang.persons.queries import gezag_for_household
from toegang.ui.posting import post_form

from . import actions
from .actions import COORDINATION, GOAL_STATUS, OWNER_TYPES
from .forms import ActionForm, AgreeForm, CoordinationForm, EvaluationForm, GoalForm, GoalStatusForm
from .models import PlanVersion
from .queries import current_version


def _nl(iso: str) -> str:
    """A stored ISO date as Dutch users read it (dd-mm-jjjj)."""
    return dt.date.fromisoformat(iso).strftime("%d-%m-%Y") if iso else ""


def _goal_form(casus, data=None, *, base: int = 0) -> GoalForm:
    return GoalForm(data, members=casus.members, initial={"base_version": base}, auto_id="doel-%s")


def _action_form(goals, data=None, *, base: int = 0) -> ActionForm:
    return ActionForm(data, goals=goals, initial={"base_version": base}, auto_id="actie-%s")


def _evaluation_form(data=None, *, base: int = 0) -> EvaluationForm:
    return EvaluationForm(data, initial={"base_version": base}, auto_id="evaluatie-%s")


def _agree_form(data=None, *, base: int = 0) -> AgreeForm:
    return AgreeForm(data, initial={"base_version": base, "agreed_on": clock.today()}, auto_id="akkoord-%s")


def _coordination_form(data=None, *, base: int = 0, current: dict | None = None) -> CoordinationForm:
    current = current or {}
    return CoordinationForm(data, initial={"base_version": base, "by": current.get("by", "huishouden"),
                                           "name": current.get("name", "")}, auto_id="coordinatie-%s")


def _status_form(goal_id: str, data=None, *, base: int = 0, status: str = "") -> GoalStatusForm:
    """The status form of one goal; its fields carry the goal's id (goal ids are short hex, anything else posted is
    left out of the id)."""
    safe = goal_id if re.fullmatch(r"[0-9A-Za-z_-]{1,40}", goal_id or "") else "onbekend"
    return GoalStatusForm(data, initial={"base_version": base, "goal": goal_id, "status": status},
                          auto_id=f"status-{safe}-%s")


@login_required
def plan_detail(request, pk: int):
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="plan bekijken", channel="ui", resource=request.path)
    return _plan_page(request, actor, casus)


def _plan_page(request, actor, casus, forms: dict | None = None):
    """The plan page; `forms` replaces one of its forms by a bound one that came back invalid ("goal_form",
    "action_form", "evaluation_form", "agree_form", "coordination_form", or "status_form" for the status of one
    goal), so what was typed stays and the section holding it opens."""
    forms = forms or {}
    versions = list(PlanVersion.objects.filter(plan__casus=casus).select_related("created_by").order_by("number"))
    current = versions[-1] if versions else None
    content = current.content if current else actions.EMPTY
    base = current.number if current else 0
    status_form = forms.get("status_form")
    goals = _readable(casus, content)
    for g in goals:
        bound = status_form is not None and status_form.data.get("goal") == g["id"]
        g["status_form"] = status_form if bound else _status_form(g["id"], base=base, status=g["status"])
    history = []
    previous = {}
    for version in versions:
        history.append({"version": version, "changes": actions.diff(previous, version.content)})
        previous = version.content
    editable = can_manage_case(actor, casus) and casus.status != "afgesloten"
    # who holds gezag over the minors: their consent to the plan (issue 11); no query without minors
    gezag = gezag_for_household(actor, casus.household, purpose="plan bekijken", channel="ui", resource=request.path,
                                members=casus.members)
    return render(request, "plans/plan.html", {
        "gezag": gezag,
        "casus": casus, "current": current, "goals": goals, "evaluations": [{**e, "date": _nl(e["date"])} for e in content["evaluations"]],
        "history": list(reversed(history)), "editable": editable, "base": base,
        "goal_form": forms.get("goal_form") or _goal_form(casus, base=base),
        "action_form": forms.get("action_form") or _action_form(content["goals"], base=base),
        "evaluation_form": forms.get("evaluation_form") or _evaluation_form(base=base),
        "agree_form": forms.get("agree_form") or _agree_form(base=base),
        "coordination": _readable_coordination(actions.coordination_of(content)),
        "coordination_form": forms.get("coordination_form") or _coordination_form(
            base=base, current=actions.coordination_of(content)),
    })


def _readable_coordination(coordination: dict | None) -> dict | None:
    """Who coordinates the care (één gezin – één plan), for the page; None when the plan records no one."""
    if not coordination:
        return None
    return {**coordination, "by_label": dict(COORDINATION).get(coordination.get("by"), ""),
            "since": _nl(coordination.get("since", ""))}


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

    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="plan als pdf voor het huishouden", channel="export",
                                     resource=request.path)
    version = current_version(casus)
    if version is None:
        messages.error(request, gettext("Er is nog geen plan om af te drukken."))
        return redirect("plans:plan", pk)
    try:
        from weasyprint import HTML  # imported here: it needs the Pango system library, only for this page
    except OSError:
        messages.error(request, gettext("De pdf kan op deze server niet worden gemaakt: de systeembibliotheek Pango ontbreekt (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0)."))
        return redirect("plans:plan", pk)

    with translation.override("nl"):  # a document for the household: Dutch whatever the staff member reads
        html = render_to_string("plans/plan_pdf.html", {
            "casus": casus, "version": version, "goals": _readable(casus, version.content),
            "evaluations": [{**e, "date": _nl(e["date"])} for e in version.content["evaluations"]],
            "agreed_how": dict(actions.AGREEMENT_HOW).get(version.agreed_how, ""),
        })
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-casus-{casus.pk}-v{version.number}.pdf"'
    return response


def _change(request, pk, key, form_factory, run, ok):
    """One plan change: the form from `form_factory(data, casus)`; invalid input or a refusal brings the plan page
    back with the form as typed (422, a stale version 409); success adds a version and says which."""
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="plan wijzigen", channel="ui", resource=request.path)
    if not can_manage_case(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur of de procesregie wijzigt het plan."))
    form = form_factory(request.POST, casus)
    return post_form(request, form, run=lambda data: run(actor, casus, data),
                     rerender=lambda bound: _plan_page(request, actor, casus, forms={key: bound}),
                     ok=lambda version: gettext("%(done)s (versie %(nr)s).") % {"done": ok, "nr": version.number},
                     success_url=reverse("plans:plan", args=[pk]),
                     fresh=lambda: {"base_version": getattr(current_version(casus), "number", 0)})


def _goals_of(casus):
    current = current_version(casus)
    return current.content["goals"] if current else []


@login_required
@require_POST
def add_goal(request, pk: int):
    return _change(request, pk, "goal_form", lambda data, casus: _goal_form(casus, data),
                   lambda actor, casus, d: actions.check_add_goal(
                       actor=actor, casus=casus, base_version=d["base_version"], domain=d["domain"],
                       description=d["description"], desired_result=d["desired_result"], measure=d["measure"],
                       target_date=d["target_date"], person_id=d["person"]), gettext("Het doel is toegevoegd"))


@login_required
@require_POST
def goal_status(request, pk: int):
    return _change(request, pk, "status_form", lambda data, casus: _status_form(data.get("goal", ""), data),
                   lambda actor, casus, d: actions.check_set_goal_status(
                       actor=actor, casus=casus, base_version=d["base_version"], goal_id=d["goal"], status=d["status"]),
                   gettext("De status is bijgewerkt"))


@login_required
@require_POST
def add_action(request, pk: int):
    return _change(request, pk, "action_form", lambda data, casus: _action_form(_goals_of(casus), data),
                   lambda actor, casus, d: actions.check_add_plan_action(
                       actor=actor, casus=casus, base_version=d["base_version"], goal_id=d["goal"],
                       owner_type=d["owner_type"], owner=d["owner"], description=d["description"],
                       due_date=d["due_date"]), gettext("De actie is toegevoegd"))


@login_required
@require_POST
def add_evaluation(request, pk: int):
    return _change(request, pk, "evaluation_form", lambda data, casus: _evaluation_form(data),
                   lambda actor, casus, d: actions.check_add_evaluation(
                       actor=actor, casus=casus, base_version=d["base_version"], on=d["on"], note=d["note"]),
                   gettext("Het evaluatiemoment is toegevoegd"))


@login_required
@require_POST
def agree(request, pk: int):
    return _change(request, pk, "agree_form", lambda data, casus: _agree_form(data),
                   lambda actor, casus, d: actions.check_agree_plan(
                       actor=actor, casus=casus, base_version=d["base_version"], agreed_on=d["agreed_on"],
                       how=d["how"], by=d["by"]), gettext("Het akkoord van het huishouden is vastgelegd"))


@login_required
@require_POST
def coordination(request, pk: int):
    return _change(request, pk, "coordination_form", lambda data, casus: _coordination_form(data),
                   lambda actor, casus, d: actions.check_set_coordination(
                       actor=actor, casus=casus, base_version=d["base_version"], by=d["by"], name=d["name"],
                       reason=d["reason"]), gettext("De zorgcoördinatie is vastgelegd"))
