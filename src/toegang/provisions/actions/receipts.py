"""The receipt of a bezwaar confirmed in writing (Awb 6:14 lid 1): a letter to the objector, rendered once
(provisions/letters.py), stored unchanged (intake.models.ResidentLetter) and its sending recorded.

Whoever may register the objection (the task 'beschikking' or 'administratieve verwerking' for this kind of
provision) sends it; the objection must be visible to them (besluit_scope).
"""

from __future__ import annotations

import hashlib

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core import clock, dates
from toegang.core.actor import Actor
from toegang.core.errors import Conflict
from toegang.deadlines.models import Clock
from toegang.intake.models import ResidentLetter
from toegang.persons.models import Resident

from .. import mandates
from ..letters import render_resident_letter
from ..models import Bezwaar
from ..permissions import can_register_bezwaar, require_visible_besluit

TEMPLATE = "provisions/letters/ontvangst_bezwaar.html"


def check_send_bezwaar_receipt(*, actor: Actor, bezwaar: Bezwaar) -> ResidentLetter:
    """Confirm the receipt of the objection (Awb 6:14 lid 1) with the last day of the decision on it (Awb 7:10,
    from its clock), the hearing (Awb 7:2) and, for a late objection, the question why (Awb 6:11). Addressed to the
    objector at the client's address. Event bezwaar.ontvangst_bevestigd."""
    bezwaar = Bezwaar.objects.select_related("besluit__indicatie__voorziening__mandate_group", "besluit__gemeente")\
        .get(pk=bezwaar.pk)
    besluit = bezwaar.besluit
    indicatie = besluit.indicatie
    if not can_register_bezwaar(actor, besluit):
        mandates.require(actor, gemeente=besluit.gemeente, group=indicatie.voorziening.mandate_group,
                         task="administratieve-verwerking", obj=bezwaar)
    require_visible_besluit(actor, besluit)
    sent = ResidentLetter.objects.filter(bezwaar=bezwaar, kind=ResidentLetter.Kind.BEZWAAR).first()
    if sent is not None:
        raise Conflict(gettext("De ontvangstbevestiging van dit bezwaar is al verzonden op %(day)s; een tweede "
                               "wordt niet gemaakt.") % {"day": dates.fmt(sent.sent_on)})
    client = Resident.objects.select_related("household").get(pk=indicatie.client_id)
    term = Clock.objects.filter(subject_type="provisions.bezwaar", subject_id=bezwaar.pk, stopped_on__isnull=True)\
        .order_by("id").first()
    context = {"bezwaar": bezwaar, "besluit": besluit, "voorziening": indicatie.voorziening.name,
               "client_naam": client.full_name if client.full_name != bezwaar.objector else "",
               "beslis_uiterlijk": term.due_on if term else None, "aanhef": bezwaar.objector,
               "datum": clock.today(), "kenmerk": f"bezwaar {bezwaar.pk}, besluit {besluit.pk}"}
    with translation.override("nl"):
        pdf, template = render_resident_letter(TEMPLATE, context, gemeente=besluit.gemeente, recipient=client)
    with transaction.atomic():
        try:
            with transaction.atomic():
                letter = ResidentLetter.objects.create(
                    gemeente_id=bezwaar.gemeente_id, kind=ResidentLetter.Kind.BEZWAAR, recipient=client,
                    addressee=bezwaar.objector, bezwaar=bezwaar, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(),
                    template=template, sent_on=clock.today(), sent_by_id=actor.user_id, created_at=clock.now())
        except IntegrityError as exc:
            raise Conflict(gettext("De ontvangstbevestiging van dit bezwaar is al verzonden.")) from exc
        log_change(actor=actor, event="bezwaar.ontvangst_bevestigd", obj=letter, gemeente_id=bezwaar.gemeente_id,
                   subject_ids=[client.pk],
                   new={"bezwaar": bezwaar.pk, "besluit": besluit.pk, "aan": bezwaar.objector,
                        "verzonden_op": letter.sent_on, "beslis_uiterlijk": context["beslis_uiterlijk"],
                        "sha256": letter.sha256})
    return letter
