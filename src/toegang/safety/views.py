"""Pages of the meldcode trajectory and the safety plan. The one POST pattern (ui/posting.py); who may see a
trajectory is safety.queries (404 for everyone else)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.assessments.models import SafetyAssessment
from toegang.cases import queries as case_queries
from toegang.core.errors import NotAllowed
from toegang.ui.posting import post_form

from . import actions, meldcode, permissions, queries
from .forms import (
    EndPlanForm,
    KindCheckForm,
    ReviewForm,
    SafetyPlanForm,
    StartMeldcodeForm,
    StepForm,
    VeiligThuisForm,
)
from .models import STEPS, MeldcodeTrajectory, SafetyPlan

# --- the meldcode --------------------------------------------------------------------------------------------------


@login_required
def start_meldcode(request, pk: int):
    """Start a trajectory on case `pk` (the case director or process direction; 404 for anyone else)."""
    actor = actor_for_request(request)
    casus = queries.access_meldcode_case(actor, pk, purpose="meldcode-traject starten", channel="ui",
                                         resource=request.path)
    meldingen = list(queries.veiligheid_meldingen(casus))
    melding = request.GET.get("melding", "")

    def form(data=None):
        return StartMeldcodeForm(data, members=casus.members, meldingen=meldingen, auto_id="meldcode-%s",
                                 initial={"melding": int(melding) if melding.isdigit() else
                                          (meldingen[0].pk if meldingen else None)})

    def page(bound, status=200):
        return render(request, "safety/start.html", {"casus": casus, "form": bound}, status=status)

    if request.method != "POST":
        return page(form())
    return post_form(request, form(request.POST),
                     run=lambda d: actions.check_start_meldcode(actor=actor, casus=casus, person_ids=d["persons"],
                                                                melding_id=d["melding"]),
                     rerender=page, ok=gettext("Het meldcode-traject is gestart."),
                     success_url=lambda t: reverse("safety:meldcode", args=[t.pk]))


def _step_form(trajectory: MeldcodeTrajectory, step: int, data=None) -> StepForm:
    assessments = list(SafetyAssessment.objects.filter(casus=trajectory.casus).order_by("-assessed_on", "-id"))
    return StepForm(data, step=step, assessments=assessments, auto_id="stap-%s",
                    initial={"version": trajectory.version, "step": step, "held_on": timezone.localdate()})


def _children(trajectory):
    today = timezone.localdate()
    limit = today.replace(year=today.year - 18) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year - 18, day=28)
    return [m for m in trajectory.members if m.geboortedatum and m.geboortedatum > limit]


def meldcode_page(request, actor, trajectory: MeldcodeTrajectory, forms: dict | None = None, step: int | None = None):
    forms = forms or {}
    allowed = meldcode.allowed_steps(trajectory.current_step)
    if "step_form" in forms:  # a step sent back with its errors keeps its own fields
        step = forms["step_form"].step_number
    elif step not in allowed:
        step = allowed[-1]
    steps = queries.steps_of(trajectory)
    labels = dict(STEPS)
    for row in steps:
        row.label = gettext(labels[row.step])
    weighing = next((row for row in reversed(steps) if row.step == 4), None)
    outcome = meldcode.weigh(weighing.answers).outcome if weighing else None
    decided = next((row for row in reversed(steps) if row.step == 5), None)
    contacts = queries.veilig_thuis_of(trajectory)
    can_work = permissions.can_work_meldcode(actor, trajectory.casus)
    return render(request, "safety/meldcode.html", {
        "trajectory": trajectory, "casus": trajectory.casus, "steps": steps, "can_work": can_work,
        "step": step, "step_label": gettext(labels[step]),
        "other_steps": [(s, gettext(labels[s])) for s in allowed if s != step],
        "questions": [(code, gettext(text)) for code, text in meldcode.QUESTIONS],
        "outcome": outcome, "outcome_label": gettext(meldcode.OUTCOME_LABELS[outcome]) if outcome else "",
        "report_missing": bool(decided and decided.answers.get("melden")
                               and not any(c.kind == "melding" for c in contacts)),
        "kindchecks": queries.kindchecks_of(trajectory), "contacts": contacts,
        "step_form": forms.get("step_form") or _step_form(trajectory, step),
        "kindcheck_form": forms.get("kindcheck_form") or KindCheckForm(
            children=_children(trajectory), auto_id="kindcheck-%s", initial={"done_on": timezone.localdate()}),
        "veilig_thuis_form": forms.get("veilig_thuis_form") or VeiligThuisForm(
            auto_id="vt-%s", initial={"on": timezone.localdate()}),
    })


@login_required
def meldcode_detail(request, pk: int):
    actor = actor_for_request(request)
    trajectory = queries.access_trajectory(actor, pk, purpose="meldcode-traject bekijken", channel="ui",
                                           resource=request.path)
    step = request.GET.get("stap", "")
    return meldcode_page(request, actor, trajectory, step=int(step) if step.isdigit() else None)


def _meldcode_post(request, pk: int, *, purpose: str, form_name: str, make, run, ok):
    actor = actor_for_request(request)
    trajectory = queries.access_trajectory(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    if not permissions.can_work_meldcode(actor, trajectory.casus):
        raise NotAllowed(gettext("De privacy officer leest het meldcode-traject, maar legt niets vast."))
    form = make(trajectory)
    return post_form(request, form, run=lambda d: run(actor, trajectory, d, form),
                     rerender=lambda bound: meldcode_page(request, actor, trajectory, forms={form_name: bound}),
                     ok=ok, success_url=reverse("safety:meldcode", args=[trajectory.pk]),
                     fresh=lambda: {"version": MeldcodeTrajectory.objects.get(pk=trajectory.pk).version})


@login_required
@require_POST
def record_step(request, pk: int):
    raw = request.POST.get("step", "")
    step = int(raw) if raw.isdigit() and 1 <= int(raw) <= 5 else 1

    def make(trajectory):
        form = _step_form(trajectory, step, request.POST)
        form.step_number = step
        return form

    return _meldcode_post(request, pk, purpose="meldcode-stap vastleggen", form_name="step_form", make=make,
                          run=lambda actor, t, d, form: actions.check_record_meldcode_step(
                              actor=actor, trajectory=t, step=d["step"], held_on=d["held_on"], answers=form.answers(),
                              notes=d["notes"], expected_version=d["version"]),
                          ok=gettext("De stap is vastgelegd."))


@login_required
@require_POST
def record_kindcheck(request, pk: int):
    return _meldcode_post(request, pk, purpose="kindcheck vastleggen", form_name="kindcheck_form",
                          make=lambda t: KindCheckForm(request.POST, children=_children(t), auto_id="kindcheck-%s"),
                          run=lambda actor, t, d, form: actions.check_record_kindcheck(
                              actor=actor, trajectory=t, done=d["done"], done_on=d["done_on"],
                              child_ids=d["children"], outcome=d["outcome"]),
                          ok=gettext("De kindcheck is vastgelegd."))


@login_required
@require_POST
def record_veilig_thuis(request, pk: int):
    return _meldcode_post(request, pk, purpose="contact met Veilig Thuis vastleggen", form_name="veilig_thuis_form",
                          make=lambda t: VeiligThuisForm(request.POST, auto_id="vt-%s"),
                          run=lambda actor, t, d, form: actions.check_record_veilig_thuis(
                              actor=actor, trajectory=t, kind=d["kind"], on=d["on"], reference=d["reference"],
                              note=d["note"]),
                          ok=gettext("Het contact met Veilig Thuis is vastgelegd."))


# --- the safety plan -----------------------------------------------------------------------------------------------


@login_required
def start_plan(request, pk: int):
    """Make a safety plan for case `pk` (who may write in the case; 404 for who cannot see it)."""
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="veiligheidsplan maken", channel="ui", resource=request.path)
    if not permissions.can_edit_safety_plan(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur, betrokkenen en de procesregie maken een veiligheidsplan."))

    def page(bound, status=200):
        return render(request, "safety/plan_new.html", {"casus": casus, "form": bound}, status=status)

    if request.method != "POST":
        return page(SafetyPlanForm(auto_id="plan-%s", initial={"started_on": timezone.localdate()}))
    return post_form(request, SafetyPlanForm(request.POST, auto_id="plan-%s"),
                     run=lambda d: actions.check_start_safety_plan(
                         actor=actor, casus=casus, started_on=d["started_on"], danger=d["danger"], goal=d["goal"],
                         agreements=d["agreements"], bottom_lines=d["bottom_lines"], network=d["network"]),
                     rerender=page, ok=gettext("Het veiligheidsplan is vastgelegd; de evaluatietermijn loopt."),
                     success_url=lambda plan: reverse("safety:plan", args=[plan.pk]))


def plan_page(request, actor, plan: SafetyPlan, forms: dict | None = None):
    forms = forms or {}
    return render(request, "safety/plan.html", {
        "plan": plan, "casus": plan.casus, "reviews": list(plan.reviews.select_related("by").order_by("-held_on", "-id")),
        "clock": queries.review_clock(plan) if plan.ended_at is None else None,
        "can_edit": plan.ended_at is None and permissions.can_edit_safety_plan(actor, plan.casus),
        "review_form": forms.get("review_form") or ReviewForm(
            auto_id="evaluatie-%s", initial={"version": plan.version, "held_on": timezone.localdate()}),
        "end_form": forms.get("end_form") or EndPlanForm(auto_id="einde-%s", initial={"version": plan.version}),
    })


@login_required
def plan_detail(request, pk: int):
    actor = actor_for_request(request)
    plan = queries.access_safety_plan(actor, pk, purpose="veiligheidsplan bekijken", channel="ui",
                                      resource=request.path)
    return plan_page(request, actor, plan)


def _plan_post(request, pk, *, purpose, form_name, form_class, prefix, run, ok):
    actor = actor_for_request(request)
    plan = queries.access_safety_plan(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    return post_form(request, form_class(request.POST, auto_id=prefix),
                     run=lambda d: run(actor, plan, d),
                     rerender=lambda bound: plan_page(request, actor, plan, forms={form_name: bound}),
                     ok=ok, success_url=reverse("safety:plan", args=[plan.pk]),
                     fresh=lambda: {"version": SafetyPlan.objects.get(pk=plan.pk).version})


@login_required
@require_POST
def review_plan(request, pk: int):
    return _plan_post(request, pk, purpose="veiligheidsplan evalueren", form_name="review_form", form_class=ReviewForm,
                      prefix="evaluatie-%s",
                      run=lambda actor, plan, d: actions.check_review_safety_plan(
                          actor=actor, plan=plan, held_on=d["held_on"], scale=d["scale"], findings=d["findings"],
                          expected_version=d["version"]),
                      ok=gettext("De evaluatie is vastgelegd; de volgende evaluatietermijn loopt."))


@login_required
@require_POST
def end_plan(request, pk: int):
    return _plan_post(request, pk, purpose="veiligheidsplan beëindigen", form_name="end_form", form_class=EndPlanForm,
                      prefix="einde-%s",
                      run=lambda actor, plan, d: actions.check_end_safety_plan(
                          actor=actor, plan=plan, reason=d["reason"], expected_version=d["version"]),
                      ok=gettext("Het veiligheidsplan is beëindigd."))
