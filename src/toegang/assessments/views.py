"""Recording measurements, the safety assessment and the kitchen-table report on a case."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from toegang.core import clock

from . import actions
from .forms import ClarificationForm, MeasurementForm, SafetyForm
from .instruments import instrument_for


def adults(casus):
    today = clock.today()
    return [m for m in casus.members if m.geboortedatum and actions._age(m.geboortedatum, today) >= 18]


def _case_form_action(*args):
    from toegang.cases.views import case_form_action  # the case page owns the pattern

    return case_form_action(*args)


@login_required
@require_POST
def record(request, pk: int):
    def run(actor, casus, d):
        resident = next(m for m in casus.members if m.pk == d["resident"])
        scores = {key[len("score_"):]: int(value) for key, value in d.items() if key.startswith("score_") and value}
        actions.check_record_measurement(actor=actor, casus=casus, resident=resident, measured_on=d["measured_on"],
                                         scores=scores, note=d["note"])

    return _case_form_action(
        request, pk, "meting vastleggen",
        lambda request, casus: MeasurementForm(request.POST, instrument=instrument_for(casus.gemeente.profile.data),
                                               adults=adults(casus)),
        run, "De meting is vastgelegd; zie het huishouden voor het verloop.")


@login_required
@require_POST
def record_safety(request, pk: int):
    return _case_form_action(
        request, pk, "veiligheid beoordelen", lambda request, casus: SafetyForm(request.POST),
        lambda actor, casus, d: actions.check_record_safety_assessment(
            actor=actor, casus=casus, assessed_on=d["assessed_on"], worries=d["worries"], going_well=d["going_well"],
            must_happen=d["must_happen"], scale=d["scale"], checklist=d["checklist"]),
        "De veiligheidsbeoordeling is vastgelegd.")


@login_required
@require_POST
def record_clarification(request, pk: int):
    def run(actor, casus, d):
        domains: dict = {}
        for key, value in d.items():
            if "__" in key and value:
                code, part = key.split("__", 1)
                domains.setdefault(code, {})[part] = value
        actions.check_record_clarification(actor=actor, casus=casus, held_on=d["held_on"],
                                           participants=d["participants"], domains=domains, summary=d["summary"])

    return _case_form_action(
        request, pk, "vraagverheldering vastleggen",
        lambda request, casus: ClarificationForm(request.POST, instrument=instrument_for(casus.gemeente.profile.data)),
        run, "Het verslag van de vraagverheldering is vastgelegd.")
