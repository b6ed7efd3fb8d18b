"""The journal of a case: contact moments (the first contact with the household stops the first-contact clock of
its meldingen) and notes. The case director, active betrokkenen and process direction write in it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import DateTimeField, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import DateProblem, NotAllowed, ValidationFailed
from toegang.deadlines.actions import stop_clock
from toegang.deadlines.models import Clock

from ..models import CONTACT_KINDS, CONTACT_WITH_HOUSEHOLD, CaseNote, Casus, ContactMoment
from ..permissions import can_write_journal, require_open
from ..queries import subject_ids
from .case import event_date_problem


def check_record_contact_moment(*, actor: Actor, casus: Casus, at: dt.datetime, kind: str, participants: str,
                                summary: str) -> ContactMoment:
    """A contact moment (kind, participants, summary). The first contact with the household itself stops the
    first-contact clock of the case's meldingen (e.g. Krimpen KST: within 2 days). Event casus.contactmoment."""
    if not can_write_journal(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur en betrokkenen schrijven in het journaal."))
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if kind not in {code for code, _ in CONTACT_KINDS}:
        errors["kind"] = [gettext("Kies de soort contact.")]
    if not participants.strip():
        errors["participants"] = [gettext("Wie namen deel?")]
    if not summary.strip():
        errors["summary"] = [gettext("Vul het verslag in.")]
    if at > clock.now() + dt.timedelta(minutes=5):
        errors["at"] = [DateProblem(gettext("Het moment ligt in de toekomst."))]
    elif problem := event_date_problem(casus, at, label=gettext("Het contactmoment"), not_future=False):  # checked above
        # the first contact stops the first-contact clock (e.g. Krimpen KST: within 2 days): it must be true
        errors["at"] = [problem]
    if errors:
        raise ValidationFailed(gettext("Het contactmoment is niet vastgelegd."), field_errors=errors)

    with transaction.atomic():
        moment = ContactMoment.objects.create(casus=casus, at=at, kind=kind, participants=participants.strip(),
                                              summary=summary.strip(), by_id=actor.user_id, created_at=clock.now())
        log_change(actor=actor, event="casus.contactmoment", obj=casus, gemeente_id=casus.gemeente_id,
                   subject_ids=subject_ids(casus), new={"contactmoment": moment.pk, "soort": kind, "moment": at})
        if kind in CONTACT_WITH_HOUSEHOLD:
            Casus.objects.filter(pk=casus.pk).update(last_household_contact_at=Greatest(
                Coalesce("last_household_contact_at", moment_at := Value(at, output_field=DateTimeField())), moment_at))
            do_stop_first_contact(actor=actor, casus=casus, on=timezone.localdate(at),
                                  reason=f"eerste contact ({dict(CONTACT_KINDS)[kind]})")
    return moment


def do_stop_first_contact(*, actor: Actor, casus: Casus, on: dt.date, reason: str) -> None:
    """Contact with the household itself (a contact moment with them, the kitchen-table conversation) stops the
    first-contact clocks of the case's meldingen (e.g. Krimpen KST: within 2 days). Inside the caller's transaction."""
    first_contact = Clock.objects.filter(kind="eerste-contact", subject_type="intake.melding",
                                         subject_id__in=casus.meldingen.values("pk"), stopped_on__isnull=True)
    for row in first_contact:
        stop_clock(actor=actor, clock=row, stopped_on=on, reason=reason)


def check_add_note(*, actor: Actor, casus: Casus, text: str, confidential: bool = False) -> CaseNote:
    """A journal note; confidential notes are shown only to the case director and process direction.
    Event casus.notitie (the text itself stays out of the change log)."""
    if not can_write_journal(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur en betrokkenen schrijven in het journaal."))
    require_open(casus)
    if not text.strip():
        raise ValidationFailed(gettext("De notitie is leeg."), field_errors={"text": [gettext("Schrijf een notitie.")]})
    with transaction.atomic():
        note = CaseNote.objects.create(casus=casus, text=text.strip(), confidential=confidential, by_id=actor.user_id,
                                       at=clock.now())
        log_change(actor=actor, event="casus.notitie", obj=casus, gemeente_id=casus.gemeente_id,
                   new={"notitie": note.pk, "vertrouwelijk": confidential})
    return note
