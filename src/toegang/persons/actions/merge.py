"""Merging two records of one person: every reference moves to the record kept, the other stays as a tombstone."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.core.versioning import bump

from .. import permissions
from ..models import Gezag, HouseholdMembership, Relation, Resident
from .data import RESIDENT_FIELDS


def check_merge_residents(*, actor: Actor, keep: Resident, remove: Resident, reason: str) -> Resident:
    """Merge `remove` into `keep`: two records of one person. Needs capability persons.merge; both records in the
    same gemeente; when both have a BSN it must be the same; a reason is required."""
    if not permissions.can_merge_residents(actor, keep.gemeente_id):
        raise NotAllowed(gettext("U mag geen inwoners samenvoegen."))
    if keep.pk == remove.pk:
        raise ValidationFailed(gettext("Kies twee verschillende registraties."))
    if keep.gemeente_id != remove.gemeente_id:
        raise ValidationFailed(gettext("De registraties horen bij verschillende gemeenten."))
    if remove.merged_into_id or keep.merged_into_id:
        raise Conflict(gettext("Een van de registraties is al samengevoegd."))
    if keep.bsn and remove.bsn and keep.bsn != remove.bsn:
        raise ValidationFailed(gettext("De registraties hebben verschillende BSN's: dit zijn twee personen."))
    if not reason.strip():
        raise ValidationFailed(gettext("Geef de reden van het samenvoegen."),
                               field_errors={"reason": [gettext("Vul een reden in.")]})
    return do_merge_residents(actor=actor, keep=keep, remove=remove, reason=reason.strip())


def do_merge_residents(*, actor: Actor, keep: Resident, remove: Resident, reason: str) -> Resident:
    """Every reference to `remove` (any model pointing at Resident, including those later issues add) is moved to
    `keep`, except records that refuse any change (a sent letter stays addressed as sent); `remove` stays as a
    tombstone pointing at `keep`. Event inwoner.samengevoegd."""
    moved: dict[str, int] = {}
    kept: dict[str, int] = {}
    with transaction.atomic():
        # Both records in the same household: the removed record's membership there is the duplicate.
        shared = HouseholdMembership.objects.filter(resident=keep, valid_until__isnull=True).values("household_id")
        HouseholdMembership.objects.filter(resident=remove, valid_until__isnull=True, household_id__in=shared).delete()
        # Gezag recorded on both records: the kept record's stays current; the other's becomes history (one current
        # record per minor), ending where it began.
        if Gezag.objects.filter(minor=keep, valid_until__isnull=True).exists():
            Gezag.objects.filter(minor=remove, valid_until__isnull=True).update(valid_until=F("valid_from"))
        for rel in Resident._meta.related_objects:
            if not (rel.one_to_many or rel.one_to_one) or rel.related_model is Resident:
                continue
            rows = rel.related_model._default_manager.filter(**{rel.field.name: remove})
            label = rel.related_model._meta.label_lower + "." + rel.field.name
            try:
                count = rows.update(**{rel.field.name: keep})
            except PermissionError:  # a record that never changes (a sent letter) keeps the registration it was
                kept[label] = rows.count()  # made for; the tombstone points on to the record kept
                continue
            if count:
                moved[label] = count
        for field_name in ("resident", "person"):
            count = Relation.objects.filter(**{field_name: remove}).update(**{field_name: keep})
            if count:
                moved[f"persons.relation.{field_name}"] = count
        Relation.objects.filter(resident=keep, person=keep).delete()
        Resident.objects.filter(merged_into=remove).update(merged_into=keep)
        filled = {name: getattr(remove, name) for name in RESIDENT_FIELDS
                  if not getattr(keep, name) and getattr(remove, name)}
        bsn = remove.bsn
        Resident.objects.filter(pk=remove.pk).update(merged_into=keep, bsn=None, household=None)
        bump(keep, None, household=keep.household or remove.household, **filled)
        log_change(actor=actor, event="inwoner.samengevoegd", obj=keep, gemeente_id=keep.gemeente_id,
                   subject_ids=[keep.pk, remove.pk],
                   old={"samengevoegd": remove.pk, "bsn": bsn},
                   new={"behouden": keep.pk, "reden": reason, "aangevuld": sorted(filled), "verplaatst": moved,
                        **({"onveranderd": kept} if kept else {})})
    keep.refresh_from_db()
    return keep

