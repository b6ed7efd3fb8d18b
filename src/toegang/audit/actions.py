"""The privacy officer's answers to a resident's requests under the AVG (issue 13, item 8): an access request
(art. 15) answered with the export of everything Toegang holds about them, a correction request (art. 16) recorded
and decided. Each in the change log; the answer is due within a month of receipt (AVG art. 12(3))."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils.translation import gettext

from toegang.core import clock, dates
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.persons.models import Resident

from .log import log_change
from .models import RightsRequest
from .permissions import can_view_audit
from .queries import subject_export


def _check(actor: Actor, resident: Resident, received_on: dt.date) -> None:
    if not can_view_audit(actor, resident.gemeente_id):
        raise NotAllowed(gettext("Alleen de privacy officer van deze gemeente handelt AVG-verzoeken af."))
    if problem := dates.date_problem(received_on, label=gettext("De ontvangstdatum"), not_future=True,
                                     earliest_day=dates.earliest(resident.gemeente.profile.data)):
        raise ValidationFailed(gettext("Het verzoek is niet vastgelegd."), field_errors={"received_on": [problem]})


def _due(received_on: dt.date) -> dt.date:
    return received_on + relativedelta(months=1)  # AVG art. 12(3): within one month of receipt


def check_answer_access_request(*, actor: Actor, resident: Resident, received_on: dt.date,
                                request: str = "") -> tuple[RightsRequest, bytes]:
    """The export (JSON, UTF-8) and the recorded request with its SHA-256. Event avg.inzageverzoek_beantwoord."""
    _check(actor, resident, received_on)
    content = json.dumps(subject_export(actor, resident), ensure_ascii=False, indent=1, default=str).encode()
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        answered = RightsRequest.objects.create(
            kind=RightsRequest.Kind.INZAGE, resident=resident, gemeente_id=resident.gemeente_id,
            received_on=received_on, due_on=_due(received_on), request=request.strip(),
            outcome=RightsRequest.Outcome.VERSTREKT, decided_on=clock.today(), export_sha256=digest,
            export_bytes=len(content), recorded_at=clock.now(), recorded_by_id=actor.user_id)
        log_change(actor=actor, event="avg.inzageverzoek_beantwoord", obj=answered, gemeente_id=resident.gemeente_id,
                   subject_ids=[resident.pk], new={"inwoner": resident.pk, "ontvangen_op": received_on,
                                                   "sha256": digest, "bytes": len(content)})
    return answered, content


def check_record_correction_request(*, actor: Actor, resident: Resident, received_on: dt.date,
                                    request: str) -> RightsRequest:
    """What the resident asks to correct (AVG art. 16). Event avg.correctieverzoek_ontvangen."""
    _check(actor, resident, received_on)
    if not request.strip():
        message = gettext("Beschrijf wat de inwoner verbeterd wil zien.")
        raise ValidationFailed(gettext("Het verzoek is niet vastgelegd."), field_errors={"request": [message]})
    with transaction.atomic():
        recorded = RightsRequest.objects.create(
            kind=RightsRequest.Kind.CORRECTIE, resident=resident, gemeente_id=resident.gemeente_id,
            received_on=received_on, due_on=_due(received_on), request=request.strip()[:4000],
            recorded_at=clock.now(), recorded_by_id=actor.user_id)
        log_change(actor=actor, event="avg.correctieverzoek_ontvangen", obj=recorded, gemeente_id=resident.gemeente_id,
                   subject_ids=[resident.pk], new={"inwoner": resident.pk, "ontvangen_op": received_on})
    return recorded


def check_decide_correction_request(*, actor: Actor, rights_request: RightsRequest, outcome: str,
                                    decision: str) -> RightsRequest:
    """Granted, partly or refused, with the reasons (the correction itself is made where the data lives).
    Event avg.correctieverzoek_besloten."""
    resident = rights_request.resident
    if not can_view_audit(actor, resident.gemeente_id):
        raise NotAllowed(gettext("Alleen de privacy officer van deze gemeente handelt AVG-verzoeken af."))
    if rights_request.kind != RightsRequest.Kind.CORRECTIE or rights_request.outcome != RightsRequest.Outcome.OPEN:
        raise Conflict(gettext("Op dit verzoek is al besloten."))
    errors = {}
    if outcome not in {RightsRequest.Outcome.TOEGEWEZEN, RightsRequest.Outcome.DEELS, RightsRequest.Outcome.AFGEWEZEN}:
        errors["outcome"] = [gettext("Kies het besluit.")]
    if not decision.strip():
        errors["decision"] = [gettext("Geef de motivering; de inwoner krijgt die te horen.")]
    if errors:
        raise ValidationFailed(gettext("Het besluit is niet vastgelegd."), field_errors=errors)
    with transaction.atomic():
        updated = RightsRequest.objects.filter(pk=rights_request.pk, outcome=RightsRequest.Outcome.OPEN).update(
            outcome=outcome, decision=decision.strip()[:4000], decided_on=clock.today())
        if not updated:
            raise Conflict(gettext("Op dit verzoek is al besloten."))
        log_change(actor=actor, event="avg.correctieverzoek_besloten", obj=rights_request,
                   gemeente_id=resident.gemeente_id, subject_ids=[resident.pk],
                   old={"uitkomst": RightsRequest.Outcome.OPEN}, new={"uitkomst": outcome})
    rights_request.refresh_from_db()
    return rights_request
