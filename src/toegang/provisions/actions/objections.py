"""Objections (bezwaar, Awb chapter 6 and 7) against a sent decision: registered with their term, then decided.

Every action checks the mandate matrix (mandates.require) before it opens its transaction and records one
change-log event in the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, DateProblem, ValidationFailed
from toegang.deadlines import actions as clocks
from toegang.deadlines.models import Clock

from .. import mandates, queries
from ..models import Besluit, Bezwaar
from ..permissions import can_register_bezwaar, require_visible_besluit


def check_register_bezwaar(*, actor: Actor, besluit: Besluit, received_on: dt.date | None, objector: str,
                           grounds: str) -> Bezwaar:
    """A bezwaar against a sent decision (Awb 6:4). A late objection is registered and marked (Awb 6:11: the
    municipality judges whether the delay is excusable). The term for deciding on it (Awb 7:10: 6 weeks, from the
    day after the objection term ended) starts as a clock. Event bezwaar.geregistreerd."""
    besluit = queries.current_besluit(besluit)
    indicatie = besluit.indicatie
    if not can_register_bezwaar(actor, besluit):
        mandates.require(actor, gemeente=besluit.gemeente, group=indicatie.voorziening.mandate_group,
                         task="administratieve-verwerking", obj=besluit)
    require_visible_besluit(actor, besluit)
    errors: dict[str, list[str]] = {}
    if received_on is None:
        errors["received_on"] = [gettext("Vul een geldige ontvangstdatum in (dd-mm-jjjj).")]
    elif received_on > clock.today():
        errors["received_on"] = [DateProblem(gettext("De ontvangstdatum ligt in de toekomst."))]
    elif besluit.sent_on and received_on < besluit.sent_on:
        errors["received_on"] = [gettext("Het bezwaar is ontvangen voor het besluit werd verzonden.")]
    if not objector.strip():
        errors["objector"] = [gettext("Wie maakt bezwaar?")]
    if not grounds.strip():
        errors["grounds"] = [gettext("Waarom is de indiener het niet eens met het besluit? (Awb 6:5)")]
    if besluit.status not in (Besluit.Status.VERZONDEN, Besluit.Status.VERVANGEN) or besluit.sent_on is None:
        raise ValidationFailed(gettext("Tegen een besluit dat nog niet is verzonden, kan nog geen bezwaar worden "
                                       "gemaakt (Awb 3:40: een besluit treedt pas in werking na bekendmaking)."))
    if errors:
        raise ValidationFailed(gettext("Het bezwaar is niet volledig."), field_errors=errors)
    with transaction.atomic():
        term = Clock.objects.filter(subject_type="provisions.besluit", subject_id=besluit.pk, kind="bezwaar")\
            .order_by("id").first()
        term_end = term.due_on if term else besluit.sent_on + dt.timedelta(weeks=6)
        bezwaar = Bezwaar.objects.create(gemeente_id=besluit.gemeente_id, besluit=besluit, received_on=received_on,
                                         objector=objector.strip(), grounds=grounds.strip(),
                                         late=received_on > term_end, registered_by_id=actor.user_id,
                                         registered_at=clock.now())
        log_change(actor=actor, event="bezwaar.geregistreerd", obj=bezwaar, gemeente_id=besluit.gemeente_id,
                   subject_ids=[indicatie.client_id],
                   new={"besluit": besluit.pk, "ontvangen": received_on, "te_laat": bezwaar.late})
        if term and term.stopped_on is None:
            clocks.stop_clock(actor=actor, clock=term, stopped_on=received_on, reason=f"bezwaar {bezwaar.pk} ontvangen")
        work = queries.follow_up(indicatie)  # the case's team, or the single question's melding's
        clocks.start_clock(actor=actor, gemeente=besluit.gemeente, kind="beslissing-op-bezwaar", subject=bezwaar,
                           started_on=max(term_end, received_on), household_id=work.household_id,
                           team_id=work.team_id)
    return bezwaar


def check_decide_bezwaar(*, actor: Actor, bezwaar: Bezwaar, outcome: str, reasons: str,
                         new_besluit: Besluit | None = None) -> Bezwaar:
    """The decision on the objection (task 'beschikking'): gegrond, ongegrond, ingetrokken or niet-ontvankelijk,
    linked to the new decision that corrects the contested one. Event bezwaar.beslist."""
    besluit = bezwaar.besluit
    mandates.require(actor, gemeente=bezwaar.gemeente, group=besluit.indicatie.voorziening.mandate_group,
                     task="beschikking", obj=bezwaar)
    require_visible_besluit(actor, besluit)
    errors: dict[str, list[str]] = {}
    if outcome not in Bezwaar.Outcome.values:
        errors["outcome"] = [gettext("Kies gegrond, ongegrond, ingetrokken of niet-ontvankelijk.")]
    if outcome != Bezwaar.Outcome.INGETROKKEN and not reasons.strip():
        errors["reasons"] = [gettext("Motiveer de beslissing op het bezwaar (Awb 7:12).")]
    if new_besluit is not None and new_besluit.indicatie.replaces_id != besluit.pk:
        errors["new_besluit"] = [gettext("Koppel een nieuw besluit dat het bestreden besluit corrigeert.")]
    if new_besluit is not None and outcome != Bezwaar.Outcome.GEGROND:
        errors["new_besluit"] = [gettext("Alleen bij een gegrond bezwaar hoort een nieuw besluit.")]
    if errors:
        raise ValidationFailed(gettext("De beslissing op het bezwaar is niet volledig."), field_errors=errors)
    with transaction.atomic():
        bezwaar = Bezwaar.objects.select_for_update().get(pk=bezwaar.pk)
        if bezwaar.outcome:
            raise Conflict(gettext("Op dit bezwaar is al beslist: %(outcome)s.")
                           % {"outcome": gettext(bezwaar.get_outcome_display())})
        bezwaar.outcome, bezwaar.outcome_reasons = outcome, reasons.strip()
        bezwaar.decided_on, bezwaar.new_besluit = clock.today(), new_besluit
        bezwaar.save(update_fields=["outcome", "outcome_reasons", "decided_on", "new_besluit"])
        log_change(actor=actor, event="bezwaar.beslist", obj=bezwaar, gemeente_id=bezwaar.gemeente_id,
                   subject_ids=[besluit.indicatie.client_id],
                   new={"uitkomst": outcome, "nieuw_besluit": new_besluit.pk if new_besluit else None})
        for open_clock in Clock.objects.filter(subject_type="provisions.bezwaar", subject_id=bezwaar.pk,
                                               stopped_on__isnull=True):
            clocks.stop_clock(actor=actor, clock=open_clock, stopped_on=clock.today(), reason=f"beslist: {outcome}")
    return bezwaar
