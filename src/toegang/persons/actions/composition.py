"""Who makes up a household: members joining and leaving (history kept: a membership ends, it is never deleted), and
the relations between residents (iJw SoortRelatie), within the household and with someone outside it.

The forms on the household page carry the household's version: every change to the composition bumps it, so a page
opened before someone else changed the household is refused (Conflict) instead of acting on an old picture.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.core.versioning import bump, require_version

from .. import permissions
from ..codes import EINDE_LIDMAATSCHAP, INVERSE_RELATIE, SOORT_RELATIE
from ..models import Household, HouseholdMembership, Relation, Resident
from .data import known_codes, life_date_problem

STALE_HOUSEHOLD = gettext_noop("Iemand anders heeft dit huishouden intussen gewijzigd. Bekijk de nieuwe samenstelling "
                               "en probeer het opnieuw; er is niets overschreven.")


def _may_edit(actor: Actor, household: Household) -> None:
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed(gettext("U mag dit huishouden niet wijzigen."))


def bump_household(household: Household, expected_version: int | None) -> None:
    """The composition changed: the household's version goes up (refused when the caller read an older one)."""
    bump(household, expected_version, message=gettext(STALE_HOUSEHOLD))


# --- members ----------------------------------------------------------------------------------------------------


def check_add_member(*, actor: Actor, household: Household, resident: Resident, valid_from: dt.date,
                     expected_version: int | None = None) -> HouseholdMembership:
    """Add an existing resident to a household; their current membership of their (main) household ends the day
    before, reason "naar een ander huishouden". The date has happened and lies not before the birth nor on or before
    the start of the membership it ends."""
    _may_edit(actor, household)
    if resident.gemeente_id != household.gemeente_id:
        raise ValidationFailed(gettext("De inwoner staat in een andere gemeente geregistreerd."),
                               field_errors={"resident": [gettext("Deze inwoner staat in een andere gemeente "
                                                                  "geregistreerd.")]})
    if household.memberships.filter(resident=resident, valid_until__isnull=True).exists():
        raise Conflict(gettext("Deze inwoner is al lid van dit huishouden."))
    require_version(household, expected_version, message=gettext(STALE_HOUSEHOLD))
    previous = None
    if resident.household_id and resident.household_id != household.pk:
        previous = HouseholdMembership.objects.filter(household_id=resident.household_id, resident=resident,
                                                      valid_until__isnull=True).first()
    problem = life_date_problem(valid_from, label=gettext("De datum"), not_before=(
        (resident.geboortedatum, gettext("de geboortedatum van %(name)s") % {"name": resident.full_name}),
        (previous.valid_from + dt.timedelta(days=1) if previous else None,
         gettext("de dag na het begin van het lidmaatschap van het vorige huishouden")),
    ))
    if problem:
        raise ValidationFailed(gettext("De datum van het lidmaatschap kan niet kloppen."),
                               field_errors={"valid_from": [problem]})
    return do_add_member(actor=actor, household=household, resident=resident, valid_from=valid_from,
                         expected_version=expected_version)


def do_add_member(*, actor: Actor, household: Household, resident: Resident, valid_from: dt.date,
                  expected_version: int | None = None) -> HouseholdMembership:
    """Events huishouden.lid_beeindigd (previous household) and huishouden.lid_toegevoegd."""
    with transaction.atomic():
        bump_household(household, expected_version)
        if resident.household_id and resident.household_id != household.pk:
            end_membership(actor=actor, household_id=resident.household_id, resident=resident,
                           valid_until=valid_from - dt.timedelta(days=1), reason="ander-huishouden")
        membership = HouseholdMembership.objects.create(household=household, resident=resident, valid_from=valid_from)
        bump(resident, None, household=household)  # a versioned row changes only through bump (its version moves)
        log_change(actor=actor, event="huishouden.lid_toegevoegd", obj=household, gemeente_id=household.gemeente_id,
                   subject_ids=[resident.pk], new={"inwoner": resident.pk, "vanaf": valid_from})
    return membership


def end_membership(*, actor: Actor, household_id: int, resident: Resident, valid_until: dt.date,
                   reason: str = "") -> None:
    """The unchecked end of a current membership (inside the caller's transaction). Event huishouden.lid_beeindigd."""
    HouseholdMembership.objects.filter(household_id=household_id, resident=resident, valid_until__isnull=True)\
        .update(valid_until=valid_until, end_reason=reason)
    log_change(actor=actor, event="huishouden.lid_beeindigd", object_type="persons.household", object_id=household_id,
               gemeente_id=resident.gemeente_id, subject_ids=[resident.pk],
               new={"inwoner": resident.pk, "tot_en_met": valid_until, "reden": reason})


def check_end_membership(*, actor: Actor, household: Household, resident: Resident, valid_until: dt.date,
                         reason: str = "", expected_version: int | None = None) -> None:
    """A member leaves the household (moved out, died): the membership ends on `valid_until` (their last day in the
    household); the history stays and the page shows it."""
    _may_edit(actor, household)
    membership = household.memberships.filter(resident=resident, valid_until__isnull=True).first()
    if membership is None:
        raise Conflict(gettext("Deze inwoner is geen huidig lid van dit huishouden."))
    require_version(household, expected_version, message=gettext(STALE_HOUSEHOLD))
    errors: dict[str, list[str]] = {}
    if reason and reason not in known_codes(EINDE_LIDMAATSCHAP):
        errors["reason"] = [gettext("Kies een reden uit de lijst.")]
    problem = life_date_problem(valid_until, label=gettext("De laatste dag"),
                                not_before=((membership.valid_from, gettext("het begin van het lidmaatschap")),))
    if problem:
        errors["valid_until"] = [problem]
    if errors:
        raise ValidationFailed(gettext("Het vertrek kan zo niet worden vastgelegd."), field_errors=errors)
    with transaction.atomic():
        bump_household(household, expected_version)
        end_membership(actor=actor, household_id=household.pk, resident=resident, valid_until=valid_until,
                       reason=reason)
        if resident.household_id == household.pk:
            bump(resident, None, household=None)


# --- relations --------------------------------------------------------------------------------------------------


def _relation_problems(resident: Resident, person: Resident, kind: str, valid_from: dt.date | None) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in known_codes(SOORT_RELATIE):
        errors["kind"] = [gettext("Kies een soort relatie uit de lijst.")]
    if resident.pk == person.pk:
        errors["person"] = [gettext("Een inwoner kan geen relatie met zichzelf hebben.")]
    if person.gemeente_id != resident.gemeente_id:
        errors["person"] = [gettext("Deze persoon staat in een andere gemeente geregistreerd.")]
    if valid_from is not None:
        problem = life_date_problem(valid_from, label=gettext("De datum"), not_before=(
            (resident.geboortedatum, gettext("de geboortedatum van %(name)s") % {"name": resident.full_name}),
            (person.geboortedatum, gettext("de geboortedatum van %(name)s") % {"name": person.full_name}),
        ))
        if problem:
            errors["valid_from"] = [problem]
    if errors:
        message = (gettext("Onbekende soort relatie.") if set(errors) == {"kind"}
                   else gettext("Een inwoner kan geen relatie met zichzelf hebben.") if resident.pk == person.pk
                   else gettext("De relatie kan zo niet worden vastgelegd."))
        raise ValidationFailed(message, field_errors=errors)
    if Relation.objects.filter(resident=resident, person=person, kind=kind, valid_until__isnull=True).exists():
        raise Conflict(gettext("Deze relatie is al vastgelegd."))


def check_add_relation(*, actor: Actor, resident: Resident, person: Resident, kind: str,
                       valid_from: dt.date | None = None) -> Relation:
    """Record that `person` is <kind> of `resident` (iJw SoortRelatie); the mirror relation is added where one exists
    (ouder <-> zoon/dochter, partner <-> partner)."""
    if not permissions.can_edit_resident(actor, resident):
        raise NotAllowed(gettext("U mag deze inwoner niet wijzigen."))
    _relation_problems(resident, person, kind, valid_from)
    with transaction.atomic():
        return do_add_relation(actor=actor, resident=resident, person=person, kind=kind, valid_from=valid_from)


def check_record_relation(*, actor: Actor, household: Household, expected_version: int | None, resident: Resident,
                          person: Resident, kind: str, valid_from: dt.date | None = None) -> Relation:
    """From the household page: `person` (another member, or someone outside the household) is <kind> of
    `resident`, a current member."""
    _may_edit(actor, household)
    if not household.memberships.filter(resident=resident, valid_until__isnull=True).exists():
        raise ValidationFailed(gettext("Kies een lid van dit huishouden."),
                               field_errors={"resident": [gettext("Deze inwoner is geen lid van dit huishouden.")]})
    require_version(household, expected_version, message=gettext(STALE_HOUSEHOLD))
    _relation_problems(resident, person, kind, valid_from)
    with transaction.atomic():
        bump_household(household, expected_version)
        return do_add_relation(actor=actor, resident=resident, person=person, kind=kind, valid_from=valid_from)


def do_add_relation(*, actor: Actor, resident: Resident, person: Resident, kind: str,
                    valid_from: dt.date | None) -> Relation:
    """The relation and its mirror, inside the caller's transaction. Event inwoner.relatie_toegevoegd."""
    relation = Relation.objects.create(resident=resident, person=person, kind=kind, valid_from=valid_from)
    inverse = INVERSE_RELATIE.get(kind)
    if inverse and not Relation.objects.filter(resident=person, person=resident, kind=inverse,
                                               valid_until__isnull=True).exists():
        Relation.objects.create(resident=person, person=resident, kind=inverse, valid_from=valid_from)
    log_change(actor=actor, event="inwoner.relatie_toegevoegd", obj=relation, gemeente_id=resident.gemeente_id,
               subject_ids=[resident.pk, person.pk], new={"inwoner": resident.pk, "persoon": person.pk, "soort": kind})
    return relation


def check_end_relation(*, actor: Actor, household: Household, expected_version: int | None,
                       relation: Relation) -> None:
    """A relation of a member ends today (a divorce, a carer who stops), with its mirror; the history stays.
    Event inwoner.relatie_beeindigd."""
    _may_edit(actor, household)
    members = set(household.memberships.filter(valid_until__isnull=True).values_list("resident_id", flat=True))
    if relation.resident_id not in members and relation.person_id not in members:
        raise ValidationFailed(gettext("Deze relatie hoort niet bij een lid van dit huishouden."))
    if relation.valid_until is not None:
        raise Conflict(gettext("Deze relatie is al beëindigd."))
    require_version(household, expected_version, message=gettext(STALE_HOUSEHOLD))
    today = clock.today()
    with transaction.atomic():
        bump_household(household, expected_version)
        Relation.objects.filter(pk=relation.pk).update(valid_until=today)
        inverse = INVERSE_RELATIE.get(relation.kind)
        if inverse:
            Relation.objects.filter(resident_id=relation.person_id, person_id=relation.resident_id, kind=inverse,
                                    valid_until__isnull=True).update(valid_until=today)
        log_change(actor=actor, event="inwoner.relatie_beeindigd", obj=relation, gemeente_id=household.gemeente_id,
                   subject_ids=[relation.resident_id, relation.person_id],
                   new={"inwoner": relation.resident_id, "persoon": relation.person_id, "soort": relation.kind,
                        "tot_en_met": today})
