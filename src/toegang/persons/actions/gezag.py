"""Parental authority (gezag) over a minor member of a household: who holds it, from when; a new record ends the one
before, so the history stays. Where consent matters (the plan agreement, the safety assessment) the pages show it
(persons.queries.gezag_for_household). The kinds and their legal sources: codes.GEZAG_SOORT."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.dates import fmt
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.core.versioning import require_version

from .. import permissions
from ..codes import GEZAG_HOUDERS, GEZAG_SOORT
from ..models import Gezag, Household, Resident, age_on
from .composition import STALE_HOUSEHOLD, bump_household
from .data import known_codes, life_date_problem

# BW 1:246: a minor cannot hold gezag; BW 1:253ha: the court may declare a mother of 16 or 17 of age to hold it.
YOUNGEST_HOLDER = 16


@dataclass(frozen=True)
class Holder:
    """One holder of gezag: a registered resident, or (not registered: a gecertificeerde instelling, a parent living
    elsewhere) a name."""

    resident: Resident | None = None
    name: str = ""

    def __bool__(self) -> bool:
        return self.resident is not None or bool(self.name.strip())

    @property
    def label(self) -> str:
        return self.resident.full_name if self.resident is not None else self.name.strip()


def check_record_gezag(*, actor: Actor, household: Household, expected_version: int | None, minor: Resident,
                       soort: str, holder: Holder, second_holder: Holder | None = None, valid_from: dt.date,
                       bron: str = "") -> Gezag:
    """Record who holds gezag over `minor` (a current member under 18) from `valid_from`.

    Rules: the actor may edit the household; one holder, or two (the kind says: codes.GEZAG_HOUDERS); a holder is
    not the minor, not younger than 16 (BW 1:246, 1:253ha), not named twice; a gecertificeerde instelling is named;
    the date has happened, lies not before the minor's birth and after the start of the gezag recorded now."""
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed(gettext("U mag dit huishouden niet wijzigen."))
    second_holder = second_holder or Holder()
    errors: dict[str, list[str]] = {}
    if not household.memberships.filter(resident=minor, valid_until__isnull=True).exists():
        errors["minor"] = [gettext("Kies een minderjarig lid van dit huishouden.")]
    elif minor.geboortedatum is None:
        errors["minor"] = [gettext("De geboortedatum van %(name)s is niet bekend: leg die eerst vast.")
                           % {"name": minor.full_name}]
    elif not minor.is_minor_on(clock.today()):
        # BW 1:245 lid 1: minderjarigen staan onder gezag; at 18 it ends by law (BW 1:233).
        errors["minor"] = [gettext("%(name)s is niet minderjarig; gezag geldt tot 18 jaar.") % {"name": minor.full_name}]
    if soort not in known_codes(GEZAG_SOORT):
        errors["soort"] = [gettext("Kies een soort gezag uit de lijst.")]
    if not holder:
        errors["holder"] = [gettext("Kies wie het gezag heeft, of vul een naam in.")]
    fewest, most = GEZAG_HOUDERS.get(soort, (1, 2))
    if holder and second_holder and most < 2:
        errors["second_holder"] = [gettext("Bij voogdij door een gecertificeerde instelling is er één gezagsdrager.")]
    elif holder and not second_holder and fewest == 2:
        errors["second_holder"] = [gettext("Gezamenlijk gezag heeft twee gezagsdragers: vul ook de tweede in.")]
    if soort == "voogdij-gi" and holder.resident is not None:
        errors["holder_name"] = [gettext("Vul de naam van de gecertificeerde instelling in (kies 'Iemand anders').")]
    for field, one in (("holder", holder), ("second_holder", second_holder)):
        if one.resident is None:
            continue
        if one.resident.pk == minor.pk:
            errors[field] = [gettext("Een minderjarige heeft geen gezag over zichzelf.")]
        elif one.resident.geboortedatum and age_on(one.resident.geboortedatum, valid_from) < YOUNGEST_HOLDER:
            errors[field] = [gettext("%(name)s is op %(day)s jonger dan %(age)s jaar en kan geen gezag hebben.")
                             % {"name": one.resident.full_name, "day": fmt(valid_from), "age": YOUNGEST_HOLDER}]
    if holder and second_holder and holder.label.casefold() == second_holder.label.casefold():
        errors["second_holder"] = [gettext("Dit is dezelfde gezagsdrager als de eerste.")]
    current = Gezag.objects.filter(minor=minor, valid_until__isnull=True).first()
    problem = life_date_problem(valid_from, label=gettext("De ingangsdatum"), not_before=(
        (minor.geboortedatum, gettext("de geboortedatum van %(name)s") % {"name": minor.full_name}),
        (current.valid_from + dt.timedelta(days=1) if current else None,
         gettext("de dag na de ingangsdatum van het gezag dat nu is vastgelegd")),
    ))
    if problem:
        errors["valid_from"] = [problem]
    if errors:
        raise ValidationFailed(gettext("Het gezag kan zo niet worden vastgelegd."), field_errors=errors)
    require_version(household, expected_version, message=gettext(STALE_HOUSEHOLD))
    return do_record_gezag(actor=actor, household=household, expected_version=expected_version, minor=minor,
                           soort=soort, holders=[h for h in (holder, second_holder) if h], valid_from=valid_from,
                           bron=bron.strip(), current=current)


def do_record_gezag(*, actor: Actor, household: Household, expected_version: int | None, minor: Resident, soort: str,
                    holders: list[Holder], valid_from: dt.date, bron: str, current: Gezag | None) -> Gezag:
    """End the current record the day before, write the new one. Event inwoner.gezag_vastgelegd."""
    first, second = (holders + [Holder()])[:2]
    with transaction.atomic():
        bump_household(household, expected_version)
        if current is not None:
            Gezag.objects.filter(pk=current.pk).update(valid_until=valid_from - dt.timedelta(days=1))
        gezag = Gezag.objects.create(
            minor=minor, soort=soort, holder=first.resident, holder_name="" if first.resident else first.name.strip(),
            second_holder=second.resident, second_holder_name="" if second.resident else second.name.strip(),
            bron=bron[:300], valid_from=valid_from, recorded_at=clock.now(),
        )
        log_change(actor=actor, event="inwoner.gezag_vastgelegd", obj=minor, gemeente_id=minor.gemeente_id,
                   subject_ids=[minor.pk, *(h.resident.pk for h in holders if h.resident is not None)],
                   old={"soort": current.soort, "vanaf": current.valid_from} if current else None,
                   new={"soort": soort, "houders": [h.resident.pk if h.resident else h.name.strip() for h in holders],
                        "vanaf": valid_from, "bron": bron})
    return gezag
