from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from toegang.cases import queries as case_queries
from toegang.core.actor import actor_for_request
from toegang.core.errors import DomainError

from . import actions
from .forms import ClarificationForm, MeasurementForm, SafetyForm
from .instruments import instrument_for


def adults(casus):
    from toegang.core import clock

    today = clock.today()
    return [m for m in casus.members if m.geboortedatum and actions._age(m.geboortedatum, today) >= 18]


@login_required
@require_POST
def record(request, pk: int):
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="meting vastleggen", channel="ui", resource=request.path)
    form = MeasurementForm(request.POST, instrument=instrument_for(casus.gemeente.profile.data), adults=adults(casus))
    if not form.is_valid():
        messages.error(request, "Controleer de meting: " + "; ".join(f"{form.fields[k].label}: {' '.join(v)}"
                                                                    for k, v in form.errors.items() if k in form.fields))
        return redirect("cases:case", pk)
    resident = next(m for m in casus.members if m.pk == form.cleaned_data["resident"])
    try:
        actions.check_record_measurement(actor=actor, casus=casus, resident=resident,
                                         measured_on=form.cleaned_data["measured_on"], scores=form.scores(),
                                         note=form.cleaned_data["note"])
    except DomainError as exc:
        messages.error(request, exc.message + "".join(f" {r}" for rs in exc.field_errors.values() for r in rs))
    else:
        messages.success(request, "De meting is vastgelegd; zie het huishouden voor het verloop.")
    return redirect("cases:case", pk)


@login_required
@require_POST
def record_safety(request, pk: int):
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="veiligheid beoordelen", channel="ui", resource=request.path)
    form = SafetyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Controleer de veiligheidsbeoordeling: " + "; ".join(
            f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items() if k in form.fields))
        return redirect("cases:case", pk)
    d = form.cleaned_data
    try:
        actions.check_record_safety_assessment(actor=actor, casus=casus, assessed_on=d["assessed_on"],
                                               worries=d["worries"], going_well=d["going_well"],
                                               must_happen=d["must_happen"], scale=d["scale"], checklist=d["checklist"])
    except DomainError as exc:
        messages.error(request, exc.message + "".join(f" {r}" for rs in exc.field_errors.values() for r in rs))
    else:
        messages.success(request, "De veiligheidsbeoordeling is vastgelegd.")
    return redirect("cases:case", pk)


@login_required
@require_POST
def record_clarification(request, pk: int):
    actor = actor_for_request(request)
    casus = case_queries.access_case(actor, pk, purpose="vraagverheldering vastleggen", channel="ui",
                                     resource=request.path)
    form = ClarificationForm(request.POST, instrument=instrument_for(casus.gemeente.profile.data))
    if not form.is_valid():
        messages.error(request, "Controleer het verslag: " + "; ".join(
            f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items() if k in form.fields))
        return redirect("cases:case", pk)
    d = form.cleaned_data
    try:
        actions.check_record_clarification(actor=actor, casus=casus, held_on=d["held_on"],
                                           participants=d["participants"], domains=form.domains(),
                                           summary=d["summary"])
    except DomainError as exc:
        messages.error(request, exc.message + "".join(f" {r}" for rs in exc.field_errors.values() for r in rs))
    else:
        messages.success(request, "Het verslag van de vraagverheldering is vastgelegd.")
    return redirect("cases:case", pk)
