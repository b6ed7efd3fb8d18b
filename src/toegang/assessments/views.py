"""Recording measurements, the safety assessment and the kitchen-table report on a case."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from toegang.cases.views import case_post
from toegang.core.errors import ValidationFailed
from toegang.intake import duties

from . import actions


def _case_post(request, pk, **kwargs):
    """The forms live on the case page, which owns the POST pattern (toegang.cases.views.case_post)."""
    return case_post(request, pk, **kwargs)


@login_required
@require_POST
def record(request, pk: int):
    def run(actor, casus, d):
        resident = next(m for m in casus.members if m.pk == d["resident"])
        scores = {key[len("score_"):]: int(value) for key, value in d.items() if key.startswith("score_") and value}
        actions.check_record_measurement(actor=actor, casus=casus, resident=resident, measured_on=d["measured_on"],
                                         scores=scores, note=d["note"])

    return _case_post(request, pk, purpose="meting vastleggen", form_name="measurement_form", run=run,
                      ok=gettext("De meting is vastgelegd; zie het huishouden voor het verloop."),
                      field_of=lambda code: f"score_{code}")  # the action names a score by its domain


@login_required
@require_POST
def record_safety(request, pk: int):
    return _case_post(request, pk, purpose="veiligheid beoordelen", form_name="safety_form",
                      run=lambda actor, casus, d: actions.check_record_safety_assessment(
                          actor=actor, casus=casus, assessed_on=d["assessed_on"], worries=d["worries"],
                          going_well=d["going_well"], must_happen=d["must_happen"], scale=d["scale"],
                          checklist=d["checklist"]),
                      ok=gettext("De veiligheidsbeoordeling is vastgelegd."))


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
                                           participants=d["participants"], domains=domains, summary=d["summary"],
                                           personal_plan_considered=d["personal_plan_considered"])

    return _case_post(request, pk, purpose="vraagverheldering vastleggen", form_name="clarification_form", run=run,
                      ok=gettext("Het verslag van de vraagverheldering is vastgelegd."),
                      field_of=lambda code: f"{code}__situatie")  # a domain's reason: describe its situation


@login_required
@require_POST
def send_report(request, pk: int):
    """The written report of the latest kitchen-table report to the resident (Wmo 2015 art. 2.3.2 lid 8)."""
    def run(actor, casus, d):
        latest = casus.clarifications.order_by("-held_on", "-id").first()
        if latest is None:
            raise ValidationFailed(gettext("Leg eerst het verslag van het keukentafelgesprek vast; dat gaat naar de inwoner."))
        return duties.check_send_investigation_report(actor=actor, clarification=latest, recipient_id=d["recipient"])

    return _case_post(request, pk, purpose="verslag van het onderzoek versturen", form_name="report_form", run=run,
                      ok=lambda letter: gettext("Het verslag van het onderzoek is verzonden aan %(who)s.") % {
                          "who": letter.addressee})
