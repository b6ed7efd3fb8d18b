"""Recording a measurement (ZRM) for an adult member of the case's household."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.cases.actions.journal import do_stop_first_contact
from toegang.cases.models import Casus
from toegang.cases.permissions import can_write_journal, require_open
from toegang.cases.queries import child_under_five
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import DateProblem, NotAllowed, ValidationFailed
from toegang.intake.duties import do_after_clarification, personal_plan_problem, plans_to_consider
from toegang.persons.models import Resident

from .instruments import instrument_for
from .models import CLARIFICATION_PARTS, Clarification, Measurement, SafetyAssessment
from .queries import age
from .safety import SAFETY_CHECKLIST


def check_record_measurement(*, actor: Actor, casus: Casus, resident: Resident, measured_on: dt.date,
                             scores: dict[str, int | None], note: str = "", instrument: str = "zrm") -> Measurement:
    """Score the instrument for one adult of the household: at least one domain, each level within the scale
    (focus domains only is fine). Repeatable. Event meting.vastgelegd."""
    if not can_write_journal(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur en betrokkenen leggen metingen vast."))
    require_open(casus)
    spec = instrument_for(casus.gemeente.profile.data, instrument)
    errors: dict[str, list[str]] = {}
    if resident.household_id != casus.household_id:
        errors["resident"] = [gettext("Deze persoon hoort niet bij het huishouden van de casus.")]
    elif spec.adults_only and (resident.geboortedatum is None or age(resident.geboortedatum, measured_on) < 18):
        errors["resident"] = [gettext("De %(instrument)s is voor volwassenen (18+ met bekende geboortedatum).")
                               % {"instrument": spec.name}]
    if measured_on > clock.today():
        errors["measured_on"] = [DateProblem(gettext("De meetdatum ligt in de toekomst."))]
    domains = {code for code, _ in spec.domains}
    clean = {}
    for domain, level in scores.items():
        if level in (None, "", 0):
            continue
        if domain not in domains:
            errors[domain] = [gettext("Onbekend levensgebied.")]
        elif int(level) not in spec.levels:
            errors[domain] = [gettext("Kies een niveau van %(low)s tot %(high)s.")
                              % {"low": min(spec.levels), "high": max(spec.levels)}]
        else:
            clean[domain] = int(level)
    if not clean and not errors:
        errors["scores"] = [gettext("Scoor ten minste één levensgebied (de focusgebieden).")]
    if errors:
        raise ValidationFailed(gettext("De meting is niet volledig of niet juist."), field_errors=errors)
    with transaction.atomic():
        measurement = Measurement.objects.create(casus=casus, resident=resident, instrument=spec.code,
                                                 measured_on=measured_on, scores=clean, note=note.strip(),
                                                 by_id=actor.user_id, created_at=clock.now())
        log_change(actor=actor, event="meting.vastgelegd", obj=measurement, gemeente_id=casus.gemeente_id,
                   subject_ids=[resident.pk], new={"casus": casus.pk, "instrument": spec.code, "op": measured_on,
                                                   "scores": clean})
    return measurement


def check_record_safety_assessment(*, actor: Actor, casus: Casus, assessed_on: dt.date, worries: str,
                                   going_well: str, must_happen: str, scale: int, checklist: list[str]
                                   ) -> SafetyAssessment:
    """Record a safety assessment for a household with children. The three questions are required, the scale is
    0–10, checklist items come from the profile-independent Krimpen list. Children under 5 are flagged (extra
    vulnerable, seed 002 §5.3). Event veiligheid.beoordeeld."""


    if not can_write_journal(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur en betrokkenen beoordelen de veiligheid."))
    require_open(casus)
    errors: dict[str, list[str]] = {}
    for name, value in (("worries", worries), ("going_well", going_well), ("must_happen", must_happen)):
        if not value.strip():
            errors[name] = [gettext("Vul dit in.")]
    if scale is None or not 0 <= scale <= 10:
        errors["scale"] = [gettext("Kies een waarde van 0 tot 10.")]
    unknown = set(checklist) - {code for code, _ in SAFETY_CHECKLIST}
    if unknown:
        errors["checklist"] = [gettext("Onbekend: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}]
    if assessed_on > clock.today():
        errors["assessed_on"] = [DateProblem(gettext("De datum ligt in de toekomst."))]
    if errors:
        raise ValidationFailed(gettext("De veiligheidsbeoordeling is niet volledig."), field_errors=errors)
    members = list(casus.household.current_residents.all())
    with transaction.atomic():
        assessment = SafetyAssessment.objects.create(
            casus=casus, assessed_on=assessed_on, worries=worries.strip(), going_well=going_well.strip(),
            must_happen=must_happen.strip(), scale=scale, checklist=sorted(set(checklist)),
            child_under_five=child_under_five(members, assessed_on), by_id=actor.user_id, created_at=clock.now())
        log_change(actor=actor, event="veiligheid.beoordeeld", obj=assessment, gemeente_id=casus.gemeente_id,
                   subject_ids=[m.pk for m in members],
                   new={"casus": casus.pk, "schaal": scale, "checklist": assessment.checklist,
                        "kind_onder_5": assessment.child_under_five})
    return assessment




def check_record_clarification(*, actor: Actor, casus: Casus, held_on: dt.date, participants: str,
                               domains: dict[str, dict[str, str]], summary: str,
                               personal_plan_considered: bool = False) -> Clarification:
    """The report of the kitchen-table conversation: at least one life domain described (its situation), the
    date and who took part, and the real question. A persoonlijk plan the resident handed in on one of the case's
    meldingen is weighed in it (Wmo 2015 art. 2.3.2 lid 2: `personal_plan_considered`, refused while unticked); in a
    case with a Wmo melding the clock for its written report starts (lid 8, intake.duties.do_after_clarification).
    Event vraagverheldering.vastgelegd."""
    if not can_write_journal(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur en betrokkenen leggen de vraagverheldering vast."))
    require_open(casus)
    spec = instrument_for(casus.gemeente.profile.data)
    known = {code for code, _ in spec.domains}
    errors: dict[str, list[str]] = {}
    clean: dict[str, dict[str, str]] = {}
    for domain, parts in domains.items():
        if domain not in known:
            errors[domain] = [gettext("Onbekend levensgebied.")]
            continue
        filled = {k: (parts.get(k) or "").strip() for k, _ in CLARIFICATION_PARTS}
        if any(filled.values()):
            if not filled["situatie"]:
                errors[domain] = [gettext("Beschrijf ten minste de situatie.")]
            clean[domain] = filled
    if not clean and not errors:
        errors["domains"] = [gettext("Beschrijf ten minste één levensgebied.")]
    if not participants.strip():
        errors["participants"] = [gettext("Wie namen deel aan het gesprek?")]
    if not summary.strip():
        errors["summary"] = [gettext("Wat is de eigenlijke vraag?")]
    if held_on > clock.today():
        errors["held_on"] = [DateProblem(gettext("De datum ligt in de toekomst."))]
    plans = plans_to_consider(casus)
    if problem := personal_plan_problem(plans, personal_plan_considered):
        errors["personal_plan_considered"] = [problem]
    if errors:
        raise ValidationFailed(gettext("De vraagverheldering is niet volledig."), field_errors=errors)
    with transaction.atomic():
        clarification = Clarification.objects.create(casus=casus, held_on=held_on, participants=participants.strip(),
                                                     domains=clean, summary=summary.strip(), by_id=actor.user_id,
                                                     created_at=clock.now())
        log_change(actor=actor, event="vraagverheldering.vastgelegd", obj=clarification, gemeente_id=casus.gemeente_id,
                   subject_ids=list(casus.household.current_residents.values_list("pk", flat=True)),
                   new={"casus": casus.pk, "op": held_on, "levensgebieden": sorted(clean),
                        "persoonlijk_plan_meegewogen": [p.pk for p in plans] or None})
        do_after_clarification(actor=actor, clarification=clarification, plans=plans)
        # the kitchen-table conversation is contact with the household: the first-contact clock has done its work
        do_stop_first_contact(actor=actor, casus=casus, on=held_on, reason="eerste contact (keukentafelgesprek)")
    return clarification
