"""Tasks on a case: for the case director or a betrokkene, with a due date (written by tasks.actions.create_task)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from toegang.accounts.models import Medewerker
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.persons.models import Involvement
from toegang.tasks.actions import create_task

from ..models import Casus
from ..permissions import can_write_journal, require_open


def check_add_case_task(*, actor: Actor, casus: Casus, title: str, assignee: Medewerker, due_on: dt.date):
    """A task on the case for a betrokkene or the director, with a due date. Event taak.aangemaakt."""
    if not can_write_journal(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur en betrokkenen maken taken aan."))
    require_open(casus)
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [gettext("Wat moet er gebeuren?")]
    involved = set(Involvement.objects.filter(casus=casus, valid_until__isnull=True).values_list("medewerker_id",
                                                                                                  flat=True))
    if assignee.pk not in involved:
        errors["assignee"] = [gettext("Geef de taak aan de casusregisseur of een betrokkene.")]
    if due_on < clock.today():
        errors["due_on"] = [gettext("De datum ligt in het verleden.")]
    if errors:
        raise ValidationFailed(gettext("De taak is niet volledig."), field_errors=errors)
    with transaction.atomic():
        return create_task(actor=actor, gemeente_id=casus.gemeente_id, kind="anders", title=title.strip(),
                           due_on=due_on, assignee_id=assignee.pk, household_id=casus.household_id, casus_id=casus.pk)
