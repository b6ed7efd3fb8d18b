"""Writes to households: creating one, moving, the household's own network and the professionals involved with it.
Members joining and leaving and relations are composition.py; gezag is gezag.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.db import transaction
from django.utils.translation import gettext

from toegang.accounts.models import Gemeente, Medewerker
from toegang.accounts.queries import is_case_worker
from toegang.audit.log import field_values, log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.core.versioning import bump

from .. import permissions
from ..codes import SOORT_RELATIE
from ..models import Household, HouseholdAddress, Involvement, NetworkMember
from ..queries import wijk_for_postcode
from .data import ADDRESS_FIELDS, AddressData, clean_address, known_codes


def check_create_household(*, actor: Actor, gemeente: Gemeente, label: str, address: AddressData,
                           valid_from: dt.date | None = None) -> Household:
    """An (as yet empty) household at an address; members are added with check_register_resident(household=...)
    or check_add_member. Event huishouden.aangemaakt."""
    if not permissions.can_register_resident(actor, gemeente.pk):
        raise NotAllowed(gettext("U mag in deze gemeente geen huishoudens registreren."))
    if not label.strip():
        raise ValidationFailed(gettext("Geef het huishouden een naam."), field_errors={"label": [gettext("Vul een naam in.")]})
    address = clean_address(address)
    return do_create_household(actor=actor, gemeente=gemeente, address=address,
                               valid_from=valid_from or clock.today(), label=label.strip())


def do_create_household(*, actor: Actor, gemeente: Gemeente, address: AddressData, valid_from: dt.date,
                        label: str) -> Household:
    """The household with its first address (a cleaned AddressData). Event huishouden.aangemaakt. Also called by
    residents.do_register_resident inside its own transaction, for a resident who starts a new household."""
    with transaction.atomic():
        household = Household.objects.create(
            gemeente=gemeente, wijk_id=wijk_for_postcode(gemeente.pk, address.postcode), label=label,
            created_at=clock.now(), **asdict(address),
        )
        HouseholdAddress.objects.create(household=household, valid_from=valid_from, **asdict(address))
        log_change(actor=actor, event="huishouden.aangemaakt", obj=household, gemeente_id=gemeente.pk,
                   new=field_values(household, ["label", "wijk_id"] + ADDRESS_FIELDS))
    return household


def check_move_household(
    *, actor: Actor, household: Household, expected_version: int, address: AddressData, valid_from: dt.date
) -> Household:
    """A household moves (within the gemeente): the old address is closed the day before `valid_from`.

    A move needs the new address: without a postcode it would wipe the household's address (issue 9)."""
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed(gettext("U mag dit huishouden niet wijzigen."))
    if not address.postcode.strip():
        raise ValidationFailed(gettext("Een verhuizing heeft een nieuw adres nodig: vul postcode en huisnummer in."),
                               field_errors={"postcode": [gettext("Vul de postcode van het nieuwe adres in.")]})
    address = clean_address(address)
    current = household.addresses.filter(valid_until__isnull=True).first()
    if current and valid_from <= current.valid_from:
        raise ValidationFailed(gettext("De verhuisdatum ligt voor de ingangsdatum van het huidige adres."),
                               field_errors={"valid_from": [gettext("Kies een latere datum.")]})
    if valid_from > clock.today() + dt.timedelta(days=365):
        raise ValidationFailed(gettext("De verhuisdatum ligt meer dan een jaar in de toekomst."),
                               field_errors={"valid_from": [gettext("Kies een eerdere datum.")]})
    return do_move_household(actor=actor, household=household, expected_version=expected_version, address=address,
                             valid_from=valid_from)


def do_move_household(
    *, actor: Actor, household: Household, expected_version: int, address: AddressData, valid_from: dt.date
) -> Household:
    """Event huishouden.verhuisd (old and new address, new wijk)."""
    old = field_values(household, ADDRESS_FIELDS + ["wijk_id"])
    wijk_id = wijk_for_postcode(household.gemeente_id, address.postcode)
    with transaction.atomic():
        bump(household, expected_version, wijk_id=wijk_id, **asdict(address),
             message=gettext("Iemand anders heeft dit huishouden intussen gewijzigd. Er is niets overschreven."))
        household.addresses.filter(valid_until__isnull=True).update(valid_until=valid_from - dt.timedelta(days=1))
        HouseholdAddress.objects.create(household=household, valid_from=valid_from, **asdict(address))
        member_ids = list(household.memberships.filter(valid_until__isnull=True).values_list("resident_id", flat=True))
        log_change(actor=actor, event="huishouden.verhuisd", obj=household, gemeente_id=household.gemeente_id,
                   subject_ids=member_ids, old=old, new={**asdict(address), "wijk_id": wijk_id, "vanaf": valid_from})
    household.refresh_from_db()
    return household


def check_add_network_member(*, actor: Actor, household: Household, name: str, kind: str, telefoon: str = "",
                             email: str = "", mantelzorger: bool = False, notes: str = "") -> NetworkMember:
    """Someone from the household's own network (family, neighbour, informal carer)."""
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed(gettext("U mag dit huishouden niet wijzigen."))
    errors = {}
    if not name.strip():
        errors["name"] = [gettext("Vul een naam in.")]
    if kind not in known_codes(SOORT_RELATIE):
        errors["kind"] = [gettext("Kies een soort relatie uit de lijst.")]
    if errors:
        raise ValidationFailed(gettext("Het netwerklid is niet volledig."), field_errors=errors)
    with transaction.atomic():
        member = NetworkMember.objects.create(household=household, name=name.strip(), kind=kind, telefoon=telefoon,
                                              email=email, mantelzorger=mantelzorger, notes=notes)
        log_change(actor=actor, event="huishouden.netwerklid_toegevoegd", obj=household,
                   gemeente_id=household.gemeente_id,
                   new={"netwerklid": member.pk, "naam": member.name, "soort": kind, "mantelzorger": mantelzorger})
    return member


def check_add_involvement(*, actor: Actor, household: Household, medewerker: Medewerker, role: str,
                          valid_from: dt.date | None = None) -> Involvement:
    """Register a professional (of any organisation) doing case work in the gemeente as involved with the household:
    they may then see it. Staff without cases.work (policy, privacy, functional management) never can (issue 10)."""
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed(gettext("U mag geen betrokkenen aan dit huishouden toevoegen."))
    if not is_case_worker(medewerker.pk, household.gemeente_id):
        message = gettext("Deze medewerker doet in deze gemeente geen casuswerk en kan geen betrokkene zijn.")
        raise ValidationFailed(message, field_errors={"medewerker": [message]})
    if not role.strip():
        raise ValidationFailed(gettext("Vul de rol van de betrokkene in."), field_errors={"role": [gettext("Vul de rol in.")]})
    if household.involvements.filter(medewerker=medewerker, valid_until__isnull=True).exists():
        raise Conflict(gettext("Deze medewerker is al betrokken bij dit huishouden."))
    with transaction.atomic():
        involvement = Involvement.objects.create(household=household, medewerker=medewerker, role=role.strip(),
                                                 valid_from=valid_from or clock.today())
        log_change(actor=actor, event="huishouden.betrokkene_toegevoegd", obj=household,
                   gemeente_id=household.gemeente_id,
                   new={"medewerker": medewerker.pk, "rol": involvement.role, "vanaf": involvement.valid_from})
    return involvement


def check_end_involvement(*, actor: Actor, involvement: Involvement, valid_until: dt.date | None = None) -> None:
    household = involvement.household
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed(gettext("U mag deze betrokkenheid niet beëindigen."))
    if involvement.valid_until is not None:
        raise Conflict(gettext("Deze betrokkenheid is al beëindigd."))
    with transaction.atomic():
        Involvement.objects.filter(pk=involvement.pk).update(valid_until=valid_until or clock.today())
        log_change(actor=actor, event="huishouden.betrokkene_beeindigd", obj=household,
                   gemeente_id=household.gemeente_id, new={"medewerker": involvement.medewerker_id})
