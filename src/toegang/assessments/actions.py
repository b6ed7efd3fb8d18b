"""Recording a measurement (ZRM) for an adult member of the case's household."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from toegang.audit.log import log_change
from toegang.cases.actions import _may_write_journal, _require_open
from toegang.cases.models import Casus
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.persons.models import Resident

from .instruments import instrument_for
from .models import Measurement


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def check_record_measurement(*, actor: Actor, casus: Casus, resident: Resident, measured_on: dt.date,
                             scores: dict[str, int | None], note: str = "", instrument: str = "zrm") -> Measurement:
    """Score the instrument for one adult of the household: at least one domain, each level within the scale
    (focus domains only is fine). Repeatable. Event meting.vastgelegd."""
    if not _may_write_journal(actor, casus):
        raise NotAllowed("Alleen de casusregisseur en betrokkenen leggen metingen vast.")
    _require_open(casus)
    spec = instrument_for(casus.gemeente.profile.data, instrument)
    errors: dict[str, list[str]] = {}
    if resident.household_id != casus.household_id:
        errors["resident"] = ["Deze persoon hoort niet bij het huishouden van de casus."]
    elif spec.adults_only and (resident.geboortedatum is None or _age(resident.geboortedatum, measured_on) < 18):
        errors["resident"] = [f"De {spec.name} is voor volwassenen (18+ met bekende geboortedatum)."]
    if measured_on > clock.today():
        errors["measured_on"] = ["De meetdatum ligt in de toekomst."]
    domains = {code for code, _ in spec.domains}
    clean = {}
    for domain, level in scores.items():
        if level in (None, "", 0):
            continue
        if domain not in domains:
            errors[domain] = ["Onbekend levensgebied."]
        elif int(level) not in spec.levels:
            errors[domain] = [f"Kies een niveau van {min(spec.levels)} tot {max(spec.levels)}."]
        else:
            clean[domain] = int(level)
    if not clean and not errors:
        errors["scores"] = ["Scoor ten minste één levensgebied (de focusgebieden)."]
    if errors:
        raise ValidationFailed("De meting is niet volledig of niet juist.", field_errors=errors)
    with transaction.atomic():
        measurement = Measurement.objects.create(casus=casus, resident=resident, instrument=spec.code,
                                                 measured_on=measured_on, scores=clean, note=note.strip(),
                                                 by_id=actor.user_id, created_at=clock.now())
        log_change(actor=actor, event="meting.vastgelegd", obj=measurement, gemeente_id=casus.gemeente_id,
                   subject_ids=[resident.pk], new={"casus": casus.pk, "instrument": spec.code, "op": measured_on,
                                                   "scores": clean})
    return measurement


def self_reliance_change(casus: Casus) -> dict | None:
    """Per measured person: the average level at the first and the last measurement of this case."""
    out = {}
    for measurement in casus.measurements.order_by("measured_on", "id"):
        entry = out.setdefault(str(measurement.resident_id), {"eerste": measurement.average, "laatste": None})
        entry["laatste"] = measurement.average
    for entry in out.values():
        entry["verschil"] = round((entry["laatste"] or 0) - (entry["eerste"] or 0), 2)
    return out or None
