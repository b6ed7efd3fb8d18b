"""Writes to residents: registering one (in a new household or an existing one) and changing their details."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from toegang.accounts.models import Gemeente
from toegang.audit.log import field_values, log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, Duplicate, NotAllowed, ValidationFailed
from toegang.core.versioning import bump

from .. import permissions
from ..models import Household, HouseholdMembership, Resident
from ..queries import household_ids_at_address
from .composition import bump_household
from .data import RESIDENT_FIELDS, AddressData, ResidentData, clean_address, clean_resident_data
from .households import do_create_household


class PossibleDuplicate(Conflict):
    """Same name, birth date and address as an existing resident: the user must confirm it is someone else."""

    code = "mogelijk-dubbel"

    def __init__(self, message: str, *, existing_ids: list[int]):
        super().__init__(message)
        self.existing_ids = existing_ids


class HouseholdAtAddress(ValidationFailed):
    """A household already lives at the address: the caller asks whether the resident joins it (offered first) or
    starts a new household there (an explicit choice), never a silent second household."""

    code = "huishouden-op-adres"

    def __init__(self, household_ids: list[int]):
        super().__init__(
            gettext("Op dit adres woont al een huishouden. Kies of de inwoner daarbij hoort of een nieuw huishouden "
                    "begint."),
            field_errors={"huishouden": [gettext("Kies het huishouden waar de inwoner bij hoort, of kies uitdrukkelijk "
                                                 "voor een nieuw huishouden.")]},
        )
        self.household_ids = household_ids


def check_register_resident(
    *,
    actor: Actor,
    gemeente: Gemeente,
    data: ResidentData,
    address: AddressData | None = None,
    household: Household | None = None,
    valid_from: dt.date | None = None,
    confirm_not_duplicate: bool = False,
    new_household: bool | None = True,
) -> Resident:
    """Register a resident in a new household at `address`, or as a member of an existing `household`.

    Rules: capability persons.register in the gemeente; BSN passes the elfproef and is not yet registered in
    this gemeente (else Duplicate with a link to the existing record); same name + birth date + address as an
    existing resident raises PossibleDuplicate unless the user confirmed it is someone else.

    `new_household` (only without `household`): None when the caller has not chosen yet — a household living at the
    address (postcode, huisnummer, toevoeging) raises HouseholdAtAddress, so the registration page asks whether the
    resident joins it; True starts a new household there as chosen. The page and the API pass the user's choice
    (None until made); the default True is for imports and the demo, which know their households.
    """
    if not permissions.can_register_resident(actor, gemeente.pk):
        raise NotAllowed(gettext("U mag in deze gemeente geen inwoners registreren."))
    data = clean_resident_data(data)
    address = clean_address(address or AddressData())
    if household is not None and permissions.reached_in_emergency(household):
        raise NotAllowed(gettext("Met noodtoegang kunt u een huishouden alleen inzien, niet wijzigen."))
    if household is not None and household.gemeente_id != gemeente.pk:
        raise ValidationFailed(gettext("Het huishouden hoort bij een andere gemeente."),
                               field_errors={"huishouden": [gettext("Andere gemeente.")]})
    if data.bsn:
        existing = Resident.objects.filter(gemeente=gemeente, bsn=data.bsn, merged_into__isnull=True).first()
        if existing:
            raise Duplicate(gettext("Er staat al een inwoner met dit BSN geregistreerd."), existing_id=existing.pk,
                            field_errors={"bsn": [gettext("Dit BSN is al geregistreerd.")]})
    if not confirm_not_duplicate and data.geboortedatum:
        postcode = household.postcode if household else address.postcode
        huisnummer = household.huisnummer if household else address.huisnummer
        lookalikes = list(
            Resident.objects.filter(
                gemeente=gemeente, search_name=data.geslachtsnaam.lower(), geboortedatum=data.geboortedatum,
                household__postcode=postcode, household__huisnummer=huisnummer, merged_into__isnull=True,
            ).values_list("pk", flat=True)[:5]
        )
        if lookalikes:
            raise PossibleDuplicate(
                gettext("Er woont al iemand met dezelfde naam en geboortedatum op dit adres. Controleer of dit "
                        "dezelfde persoon is; registreer alleen opnieuw als het iemand anders is."),
                existing_ids=lookalikes,
            )
    if household is None and new_household is None and address.postcode:
        living_there = household_ids_at_address(gemeente.pk, address)
        if living_there:
            raise HouseholdAtAddress(living_there)
    return do_register_resident(actor=actor, gemeente=gemeente, data=data, address=address, household=household,
                                valid_from=valid_from or clock.today())


def do_register_resident(
    *, actor: Actor, gemeente: Gemeente, data: ResidentData, address: AddressData, household: Household | None,
    valid_from: dt.date,
) -> Resident:
    """Write the resident (and a new household when none is given). Events: inwoner.geregistreerd,
    huishouden.aangemaakt (new household), huishouden.lid_toegevoegd."""
    now = clock.now()
    try:
        with transaction.atomic():
            if household is None:
                household = do_create_household(actor=actor, gemeente=gemeente, address=address, valid_from=valid_from,
                                              label=f"Huishouden {' '.join(p for p in (data.voorvoegsel, data.geslachtsnaam) if p)}")
            else:  # the composition of an existing household changes
                bump_household(household, None)
            resident = Resident.objects.create(
                gemeente=gemeente, household=household, search_name=data.geslachtsnaam.lower(), created_at=now,
                **asdict(data),
            )
            log_change(actor=actor, event="inwoner.geregistreerd", obj=resident, gemeente_id=gemeente.pk,
                       subject_ids=[resident.pk], new=field_values(resident, RESIDENT_FIELDS + ["household_id"]))
            HouseholdMembership.objects.create(household=household, resident=resident, valid_from=valid_from)
            log_change(actor=actor, event="huishouden.lid_toegevoegd", obj=household, gemeente_id=gemeente.pk,
                       subject_ids=[resident.pk], new={"inwoner": resident.pk, "vanaf": valid_from})
    except IntegrityError as exc:  # a concurrent registration of the same BSN won the race
        raise Duplicate(gettext("Er staat al een inwoner met dit BSN geregistreerd."),
                        field_errors={"bsn": [gettext("Dit BSN is al geregistreerd.")]}) from exc
    return resident



def check_update_resident(*, actor: Actor, resident: Resident, expected_version: int, data: ResidentData) -> Resident:
    """Update a resident's details. A stale form (version changed since it was opened) is refused, nothing is
    overwritten. A BSN already registered to someone else is refused."""
    if not permissions.can_edit_resident(actor, resident):
        raise NotAllowed(gettext("U mag deze inwoner niet wijzigen."))
    data = clean_resident_data(data)
    if data.bsn and Resident.objects.filter(gemeente_id=resident.gemeente_id, bsn=data.bsn, merged_into__isnull=True)\
            .exclude(pk=resident.pk).exists():
        raise Duplicate(gettext("Dit BSN is al geregistreerd bij een andere inwoner."),
                        field_errors={"bsn": [gettext("Al geregistreerd.")]})
    return do_update_resident(actor=actor, resident=resident, expected_version=expected_version, data=data)


def do_update_resident(*, actor: Actor, resident: Resident, expected_version: int, data: ResidentData) -> Resident:
    """Event inwoner.gewijzigd with the changed fields only (old and new)."""
    new_values = asdict(data)
    changed = [name for name in RESIDENT_FIELDS if getattr(resident, name) != new_values[name]]
    old_values = field_values(resident, changed)
    with transaction.atomic():
        bump(resident, expected_version, search_name=data.geslachtsnaam.lower(), **new_values,
             message=gettext("Iemand anders heeft deze inwoner intussen gewijzigd. Open de gegevens opnieuw; er is "
                             "niets overschreven."))
        if changed:
            log_change(actor=actor, event="inwoner.gewijzigd", obj=resident, gemeente_id=resident.gemeente_id,
                       subject_ids=[resident.pk], old=old_values,
                       new={name: new_values[name] for name in changed})
    resident.refresh_from_db()
    return resident

