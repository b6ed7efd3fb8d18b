"""Escalation pages: the case's escalation (also a section of the case page, escalation_tags), its four forms
(escalate, de-escalate, taken up, binding decision) and the list of open escalations for whoever acts on them.
The one POST pattern (ui/posting.py): invalid input shows the case's escalation page again (422) with everything
typed; success goes back to the case page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Medewerker, Organisatie
from toegang.cases import queries as case_queries
from toegang.cases.models import Casus
from toegang.core.errors import NotAllowed
from toegang.deadlines.calendar import describe
from toegang.deadlines.queries import status_of
from toegang.direction.signals import LABELS as SIGNAL_LABELS
from toegang.ui.posting import post_form

from . import actions, permissions, queries
from .forms import BindingDecisionForm, DeescalateForm, EscalateForm, PickUpForm
from .ladders import ladders_for

PAGE_SIZE = 25


def _forms(casus: Casus, escalation, ladders) -> dict:
    """Every form of the section by name: blank without arguments, bound with data=."""
    if escalation is not None and escalation.ladder in ladders:
        choices = [(escalation.ladder, ladders[escalation.ladder].name)]
        signal_ladders = [ladders[escalation.ladder]]
    else:
        choices = [(code, ladder.name) for code, ladder in ladders.items()]
        signal_ladders = list(ladders.values())
    signals = list(dict.fromkeys((code, gettext(SIGNAL_LABELS.get(code, code))) for ladder in signal_ladders for level in ladder.levels
                                 for code in level.signals))
    version = escalation.version if escalation is not None else None
    return {
        "escalate_form": lambda **kw: EscalateForm(ladders=choices, signals=signals, auto_id="opschalen-%s",
                                                   initial={"version": version,
                                                            "ladder": choices[0][0] if len(choices) == 1 else ""},
                                                   **kw),
        "deescalate_form": lambda **kw: DeescalateForm(auto_id="afschalen-%s", initial={"version": version}, **kw),
        "pickup_form": lambda **kw: PickUpForm(auto_id="opgepakt-%s", **kw),
        "binding_form": lambda **kw: BindingDecisionForm(
            organisations=Organisatie.objects.filter(profile_id=casus.gemeente.profile_id).order_by("name"),
            professionals=Medewerker.objects.filter(involvements__casus=casus).select_related("organisatie")
            .distinct().order_by("first_name", "last_name"),
            auto_id="bindend-%s", initial={"decided_on": timezone.localdate()}, **kw),
    }


def section(actor, casus: Casus, forms: dict | None = None) -> dict:
    """What the escalation section shows: the ladder and where the case stands on it, the running clock, the
    history (every step and binding decision) and the forms the actor may use. A fixed number of queries."""
    forms = forms or {}
    ladders = ladders_for(casus.gemeente.profile.data, casus.gemeente.cbs_code)
    # the case page read with the case whether it has escalations and binding decisions (cases.views.SECTION_FLAGS):
    # an empty history costs no query
    history = queries.case_escalations(casus) if getattr(casus, "has_escalations", True) else []
    escalation = next((e for e in history if e.closed_at is None), None)
    ladder = ladders.get(escalation.ladder) if escalation else (next(iter(ladders.values())) if len(ladders) == 1
                                                                 else None)
    current = escalation.level if escalation else 1
    is_open = casus.status != Casus.Status.AFGESLOTEN and actor is not None
    clock = None
    if escalation is not None:
        step = next((s for s in reversed(escalation.step_list) if s.kind == "opgeschaald"), None)
        clock = step.clock if step is not None else None
        if clock is not None:
            clock.status = status_of(clock)
            clock.term_text = describe(clock.term)
    levels = [{"level": level, "term": level.term.describe() if level.term else "",
               "current": level.position == current} for level in (ladder.levels if ladder else ())]
    may_escalate = is_open and bool(ladders) and (
        any(permissions.can_escalate(actor, casus, candidate, current) and current < candidate.top
            for candidate in ([ladder] if escalation and ladder else ladders.values())))
    picked_up = bool(escalation and escalation.step_list and escalation.step_list[-1].kind == "opgepakt")
    context = {
        "casus": casus, "ladders": ladders, "ladder": ladder, "levels": levels, "escalation": escalation,
        "current": current, "clock": clock, "history": history, "picked_up": picked_up,
        "decisions": queries.binding_decisions_of(casus) if getattr(casus, "has_binding_decisions", True) else [],
        "may_escalate": may_escalate,
        "may_deescalate": is_open and escalation is not None and ladder is not None
        and permissions.can_deescalate(actor, casus, ladder, current),
        "may_pick_up": is_open and escalation is not None and ladder is not None and not picked_up
        and permissions.can_pick_up(actor, casus, ladder, current),
        "may_impose": is_open and permissions.can_impose(actor, casus.gemeente_id),
    }
    blank = _forms(casus, escalation, ladders)
    for name, make in blank.items():
        # built when the template first shows it: on the case page the binding decision form (two pickers, two
        # queries) is fetched as its <details> opens instead (`binding_form_fragment`, issue 16)
        context[name] = forms.get(name) or SimpleLazyObject(make)
    context["binding_bound"] = "binding_form" in forms
    return context


@login_required
def binding_form_fragment(request, pk: int):
    """The blank binding decision form of the case page's escalation section, as its <details> opens (htmx): the
    named partial of escalation/_case_section.html, same ids. For whoever the section offers it (may_impose), 403
    otherwise; the case read through access_case (logged): the form lists the case's professionals."""
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="escalatie bekijken", channel="ui", resource=request.path)
    if casus.status == Casus.Status.AFGESLOTEN or not permissions.can_impose(actor, casus.gemeente_id):
        raise NotAllowed(gettext("Geen toegang"))
    form = _forms(casus, None, {})["binding_form"]()
    return render(request, "escalation/_case_section.html#binding_form", {"casus": casus, "binding_form": form})


@login_required
def case_escalation(request, pk: int):
    """The case's escalation on a page of its own (the same section as on the case page)."""
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="escalatie bekijken", channel="ui", resource=request.path)
    return _page(request, actor, casus)


def _page(request, actor, casus, forms=None, status=200):
    return render(request, "escalation/case.html", {**section(actor, casus, forms), "standalone": True},
                  status=status)


def _post(request, pk: int, *, purpose: str, form_name: str, run, ok: str):
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose=purpose, channel="ui", resource=request.path)
    escalation = queries.open_escalation(casus)
    form = _forms(casus, escalation, ladders_for(casus.gemeente.profile.data, casus.gemeente.cbs_code))[form_name](data=request.POST)

    def rerender(bound):
        return _page(request, actor, casus, forms={form_name: bound})

    return post_form(request, form, run=lambda d: run(actor, casus, d), rerender=rerender, ok=ok,
                     success_url=reverse("cases:case", args=[casus.pk]) + "#escalatie")


@login_required
@require_POST
def escalate(request, pk: int):
    return _post(request, pk, purpose="casus opschalen", form_name="escalate_form",
                 run=lambda actor, casus, d: actions.check_escalate_case(
                     actor=actor, casus=casus, reason=d["reason"], ladder=d["ladder"], signals=d["signals"],
                     expected_version=d["version"]),
                 ok=gettext("De casus is opgeschaald; wie op het nieuwe niveau optreedt, is op de hoogte."))


@login_required
@require_POST
def deescalate(request, pk: int):
    return _post(request, pk, purpose="casus afschalen", form_name="deescalate_form",
                 run=lambda actor, casus, d: actions.check_deescalate_case(
                     actor=actor, casus=casus, reason=d["reason"], expected_version=d["version"]),
                 ok=gettext("De casus is afgeschaald."))


@login_required
@require_POST
def pick_up(request, pk: int):
    return _post(request, pk, purpose="escalatie oppakken", form_name="pickup_form",
                 run=lambda actor, casus, d: actions.check_pick_up_escalation(actor=actor, casus=casus,
                                                                             note=d["note"]),
                 ok=gettext("Vastgelegd dat dit niveau de casus heeft opgepakt; de termijn is gestopt."))


@login_required
@require_POST
def binding_decision(request, pk: int):
    return _post(request, pk, purpose="bindend besluit vastleggen", form_name="binding_form",
                 run=lambda actor, casus, d: actions.check_record_binding_decision(
                     actor=actor, casus=casus, decision=d["decision"], decided_on=d["decided_on"],
                     organisation_ids=[o.pk for o in d["organisations"]], heard=d["heard"],
                     heard_professional_ids=[m.pk for m in d["heard_professionals"]], takes_over=d["takes_over"]),
                 ok=gettext("Het bindend besluit is vastgelegd."))


@login_required
def open_escalations(request):
    """Open escalations at a level where I act (or all, for process direction), longest open first."""
    actor = actor_for_request(request)
    if not queries.acts_on_a_ladder(actor):
        raise NotAllowed(gettext("Deze lijst is voor wie optreedt op een escalatieladder."))
    page = max(1, int(request.GET.get("pagina", "1"))) if request.GET.get("pagina", "1").isdigit() else 1
    rows, more = queries.open_escalations_for(actor, resource=request.path, limit=PAGE_SIZE,
                                              offset=(page - 1) * PAGE_SIZE)
    for row in rows:
        clock = row.current_step.clock if row.current_step else None
        if clock is not None:
            clock.status = status_of(clock)
        row.clock = clock
    return render(request, "escalation/list.html", {"rows": rows, "page": page, "more": more})
