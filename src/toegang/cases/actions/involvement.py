"""The betrokkenen of a case: professionals of any organisation who see the case while they are involved. Adding and
ending one, and `involve`, the small writer the director's assignment, reopening and the warm handover share."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from toegang.accounts.models import Medewerker
from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.persons.models import Involvement

from ..models import Casus
from ..permissions import can_be_case_worker, can_manage_case, require_open

NOT_A_CASE_WORKER = gettext_noop(
    "Deze medewerker doet in deze gemeente geen casuswerk en kan geen casusregisseur of betrokkene zijn.")


def involve(*, casus: Casus, medewerker_id: int, role: str) -> None:
    """Make sure the professional is an active betrokkene of this case (and so may see the household). No check and
    no change-log row of its own: call it inside the transaction of the action that logs the change."""
    if not Involvement.objects.filter(casus=casus, medewerker_id=medewerker_id, valid_until__isnull=True).exists():
        Involvement.objects.create(household=casus.household, casus=casus, medewerker_id=medewerker_id, role=role,
                                   valid_from=clock.today())


def check_add_case_involvement(*, actor: Actor, casus: Casus, medewerker: Medewerker, role: str) -> Involvement:
    """A professional of any organisation becomes involved (betrokkene): they see the case while involved.
    The case director or a role with cases.assign adds them. Event casus.betrokkene_toegevoegd."""
    if not can_manage_case(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur of de procesregie voegt betrokkenen toe."))
    require_open(casus)
    if not can_be_case_worker(medewerker.pk, casus.gemeente_id):
        raise ValidationFailed(gettext(NOT_A_CASE_WORKER), field_errors={"medewerker": [gettext(NOT_A_CASE_WORKER)]})
    if not role.strip():
        raise ValidationFailed(gettext("Vul de rol van de betrokkene in."),
                               field_errors={"role": [gettext("Vul de rol in.")]})
    if Involvement.objects.filter(casus=casus, medewerker=medewerker, valid_until__isnull=True).exists():
        raise Conflict(gettext("Deze professional is al betrokken bij de casus."))
    with transaction.atomic():
        involvement = Involvement.objects.create(household=casus.household, casus=casus, medewerker=medewerker,
                                                 role=role.strip(), valid_from=clock.today())
        log_change(actor=actor, event="casus.betrokkene_toegevoegd", obj=casus, gemeente_id=casus.gemeente_id,
                   new={"medewerker": medewerker.pk, "organisatie": medewerker.organisatie_id, "rol": role.strip()})
    return involvement


def check_end_case_involvement(*, actor: Actor, casus: Casus, involvement: Involvement) -> None:
    """A betrokkene steps out; the case director cannot (hand over or reassign instead)."""
    if not can_manage_case(actor, casus):
        raise NotAllowed(gettext("Alleen de casusregisseur of de procesregie beëindigt betrokkenheid."))
    if involvement.casus_id != casus.pk or involvement.valid_until is not None:
        raise Conflict(gettext("Deze betrokkenheid loopt niet (meer) bij deze casus."))
    if involvement.medewerker_id == casus.case_director_id:
        raise ValidationFailed(gettext("De casusregisseur kan niet uit de casus stappen; wijs eerst een opvolger aan."))
    with transaction.atomic():
        Involvement.objects.filter(pk=involvement.pk).update(valid_until=clock.today())
        log_change(actor=actor, event="casus.betrokkene_beeindigd", obj=casus, gemeente_id=casus.gemeente_id,
                   new={"medewerker": involvement.medewerker_id})
