"""The only code that writes residents and households. check_* enforce rules and capabilities, do_* write.

Every do_* runs in one transaction and records one ChangeLog row per domain event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import IntegrityError, transaction
from stdnum.nl import bsn as nl_bsn

from toegang.accounts.models import Gemeente, Medewerker, PostcodeRange
from toegang.accounts.queries import is_case_worker
from toegang.audit.log import field_values, log_change
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, Duplicate, NotAllowed, ValidationFailed
from toegang.core.postcodes import normalise_postcode
from toegang.core.versioning import bump

from . import permissions
from .codes import COMMUNICATIEVORM, GESLACHT, INVERSE_RELATIE, SOORT_RELATIE, VERTEGENWOORDIGING
from .models import (
    Household,
    HouseholdAddress,
    HouseholdMembership,
    Involvement,
    NetworkMember,
    Relation,
    Resident,
)

RESIDENT_FIELDS = [
    "bsn", "voornamen", "voorvoegsel", "geslachtsnaam", "geboortedatum", "geslacht", "telefoon", "email",
    "communicatievorm", "taal", "communicatie_toelichting", "vertegenwoordiging", "vertegenwoordiger",
]
ADDRESS_FIELDS = ["postcode", "huisnummer", "toevoeging", "straat", "woonplaats"]


class PossibleDuplicate(Conflict):
    """Same name, birth date and address as an existing resident: the user must confirm it is someone else."""

    code = "mogelijk-dubbel"

    def __init__(self, message: str, *, existing_ids: list[int]):
        super().__init__(message)
        self.existing_ids = existing_ids


@dataclass
class ResidentData:
    voornamen: str
    geslachtsnaam: str
    voorvoegsel: str = ""
    bsn: str | None = None
    geboortedatum: dt.date | None = None
    geslacht: str = "0"
    telefoon: str = ""
    email: str = ""
    communicatievorm: str = ""
    taal: str = ""
    communicatie_toelichting: str = ""
    vertegenwoordiging: str = ""
    vertegenwoordiger: str = ""


@dataclass
class AddressData:
    postcode: str = ""
    huisnummer: int | None = None
    toevoeging: str = ""
    straat: str = ""
    woonplaats: str = ""


def _codes(choices) -> set[str]:
    return {code for code, _ in choices}


def clean_resident_data(data: ResidentData) -> ResidentData:
    """Domain validation shared by UI and API; raises ValidationFailed with Dutch field errors."""
    errors: dict[str, list[str]] = {}
    bsn = (data.bsn or "").strip()
    if bsn:
        compact = nl_bsn.compact(bsn)
        if not (compact.isdigit() and len(compact) == 9 and nl_bsn.is_valid(compact)):
            errors["bsn"] = ["BSN voldoet niet aan de elfproef."]
        bsn = compact
    if not data.voornamen.strip():
        errors["voornamen"] = ["Vul de voornamen in."]
    if not data.geslachtsnaam.strip():
        errors["geslachtsnaam"] = ["Vul de geslachtsnaam in."]
    if data.geboortedatum is not None:
        if data.geboortedatum > clock.today():
            errors["geboortedatum"] = ["Geboortedatum ligt in de toekomst."]
        elif data.geboortedatum.year < 1890:
            errors["geboortedatum"] = ["Geboortedatum ligt voor 1890: controleer het jaar."]
    if data.geslacht not in _codes(GESLACHT):
        errors["geslacht"] = ["Onbekende code voor geslacht (0 onbekend, 1 mannelijk, 2 vrouwelijk)."]
    if data.communicatievorm and data.communicatievorm not in _codes(COMMUNICATIEVORM):
        errors["communicatievorm"] = ["Onbekende communicatievorm."]
    if data.vertegenwoordiging not in _codes(VERTEGENWOORDIGING):
        errors["vertegenwoordiging"] = ["Onbekende soort vertegenwoordiging."]
    if data.vertegenwoordiging and not data.vertegenwoordiger.strip():
        errors["vertegenwoordiger"] = ["Vul de naam van de vertegenwoordiger in."]
    if errors:
        raise ValidationFailed("De gegevens van de inwoner zijn niet volledig of niet juist.", field_errors=errors)
    return ResidentData(**{**asdict(data), "bsn": bsn or None, "voornamen": data.voornamen.strip(),
                           "geslachtsnaam": data.geslachtsnaam.strip(), "voorvoegsel": data.voorvoegsel.strip()})


def clean_address(address: AddressData) -> AddressData:
    """An empty postcode means no fixed address (allowed); otherwise postcode and house number are required."""
    if not address.postcode.strip():
        if address.huisnummer:
            raise ValidationFailed("Vul ook de postcode in.", field_errors={"postcode": ["Vul de postcode in."]})
        return AddressData()
    errors: dict[str, list[str]] = {}
    postcode = ""
    try:
        postcode = normalise_postcode(address.postcode)
    except ValueError as exc:
        errors["postcode"] = [str(exc)]
    if not address.huisnummer or address.huisnummer < 1 or address.huisnummer > 99999:
        errors["huisnummer"] = ["Vul een huisnummer tussen 1 en 99999 in."]
    if len(address.toevoeging) > 8:
        errors["toevoeging"] = ["Een toevoeging heeft hoogstens 8 tekens."]
    if errors:
        raise ValidationFailed("Het adres is niet juist.", field_errors=errors)
    return AddressData(postcode=postcode, huisnummer=address.huisnummer, toevoeging=address.toevoeging.strip().upper(),
                       straat=address.straat.strip(), woonplaats=address.woonplaats.strip())


def wijk_for_postcode(gemeente_id: int, postcode: str) -> int | None:
    if not postcode:
        return None
    return (
        PostcodeRange.objects.filter(wijk__gemeente_id=gemeente_id, start__lte=postcode, end__gte=postcode)
        .values_list("wijk_id", flat=True)
        .first()
    )


# --- registering a resident ------------------------------------------------------------------------------


def check_register_resident(
    *,
    actor: Actor,
    gemeente: Gemeente,
    data: ResidentData,
    address: AddressData | None = None,
    household: Household | None = None,
    valid_from: dt.date | None = None,
    confirm_not_duplicate: bool = False,
) -> Resident:
    """Register a resident in a new household at `address`, or as a member of an existing `household`.

    Rules: capability persons.register in the gemeente; BSN passes the elfproef and is not yet registered in
    this gemeente (else Duplicate with a link to the existing record); same name + birth date + address as an
    existing resident raises PossibleDuplicate unless the user confirmed it is someone else.
    """
    if not permissions.can_register_resident(actor, gemeente.pk):
        raise NotAllowed("U mag in deze gemeente geen inwoners registreren.")
    data = clean_resident_data(data)
    address = clean_address(address or AddressData())
    if household is not None and household.gemeente_id != gemeente.pk:
        raise ValidationFailed("Het huishouden hoort bij een andere gemeente.", field_errors={"huishouden": ["Andere gemeente."]})
    if data.bsn:
        existing = Resident.objects.filter(gemeente=gemeente, bsn=data.bsn, merged_into__isnull=True).first()
        if existing:
            raise Duplicate("Er staat al een inwoner met dit BSN geregistreerd.", existing_id=existing.pk,
                            field_errors={"bsn": ["Dit BSN is al geregistreerd."]})
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
                "Er woont al iemand met dezelfde naam en geboortedatum op dit adres. Controleer of dit dezelfde "
                "persoon is; registreer alleen opnieuw als het iemand anders is.",
                existing_ids=lookalikes,
            )
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
                household = _create_household(actor=actor, gemeente=gemeente, address=address, valid_from=valid_from,
                                              label=f"Huishouden {' '.join(p for p in (data.voorvoegsel, data.geslachtsnaam) if p)}")
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
        raise Duplicate("Er staat al een inwoner met dit BSN geregistreerd.",
                        field_errors={"bsn": ["Dit BSN is al geregistreerd."]}) from exc
    return resident


def check_create_household(*, actor: Actor, gemeente: Gemeente, label: str, address: AddressData,
                           valid_from: dt.date | None = None) -> Household:
    """An (as yet empty) household at an address; members are added with check_register_resident(household=...)
    or check_add_member. Event huishouden.aangemaakt."""
    if not permissions.can_register_resident(actor, gemeente.pk):
        raise NotAllowed("U mag in deze gemeente geen huishoudens registreren.")
    if not label.strip():
        raise ValidationFailed("Geef het huishouden een naam.", field_errors={"label": ["Vul een naam in."]})
    address = clean_address(address)
    with transaction.atomic():
        return _create_household(actor=actor, gemeente=gemeente, address=address,
                                 valid_from=valid_from or clock.today(), label=label.strip())


def _create_household(*, actor: Actor, gemeente: Gemeente, address: AddressData, valid_from: dt.date, label: str) -> Household:
    household = Household.objects.create(
        gemeente=gemeente, wijk_id=wijk_for_postcode(gemeente.pk, address.postcode), label=label, created_at=clock.now(),
        **asdict(address),
    )
    HouseholdAddress.objects.create(household=household, valid_from=valid_from, **asdict(address))
    log_change(actor=actor, event="huishouden.aangemaakt", obj=household, gemeente_id=gemeente.pk,
               new=field_values(household, ["label", "wijk_id"] + ADDRESS_FIELDS))
    return household


# --- changing a resident -----------------------------------------------------------------------------------


def check_update_resident(*, actor: Actor, resident: Resident, expected_version: int, data: ResidentData) -> Resident:
    """Update a resident's details. A stale form (version changed since it was opened) is refused, nothing is
    overwritten. A BSN already registered to someone else is refused."""
    if not permissions.can_edit_resident(actor, resident):
        raise NotAllowed("U mag deze inwoner niet wijzigen.")
    data = clean_resident_data(data)
    if data.bsn and Resident.objects.filter(gemeente_id=resident.gemeente_id, bsn=data.bsn, merged_into__isnull=True)\
            .exclude(pk=resident.pk).exists():
        raise Duplicate("Dit BSN is al geregistreerd bij een andere inwoner.", field_errors={"bsn": ["Al geregistreerd."]})
    return do_update_resident(actor=actor, resident=resident, expected_version=expected_version, data=data)


def do_update_resident(*, actor: Actor, resident: Resident, expected_version: int, data: ResidentData) -> Resident:
    """Event inwoner.gewijzigd with the changed fields only (old and new)."""
    new_values = asdict(data)
    changed = [name for name in RESIDENT_FIELDS if getattr(resident, name) != new_values[name]]
    old_values = field_values(resident, changed)
    with transaction.atomic():
        bump(resident, expected_version, search_name=data.geslachtsnaam.lower(), **new_values,
             message="Iemand anders heeft deze inwoner intussen gewijzigd. Open de gegevens opnieuw; er is niets "
                     "overschreven.")
        if changed:
            log_change(actor=actor, event="inwoner.gewijzigd", obj=resident, gemeente_id=resident.gemeente_id,
                       subject_ids=[resident.pk], old=old_values,
                       new={name: new_values[name] for name in changed})
    resident.refresh_from_db()
    return resident


# --- households ---------------------------------------------------------------------------------------------


def check_move_household(
    *, actor: Actor, household: Household, expected_version: int, address: AddressData, valid_from: dt.date
) -> Household:
    """A household moves (within the gemeente): the old address is closed the day before `valid_from`.

    A move needs the new address: without a postcode it would wipe the household's address (issue 9)."""
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed("U mag dit huishouden niet wijzigen.")
    if not address.postcode.strip():
        raise ValidationFailed("Een verhuizing heeft een nieuw adres nodig: vul postcode en huisnummer in.",
                               field_errors={"postcode": ["Vul de postcode van het nieuwe adres in."]})
    address = clean_address(address)
    current = household.addresses.filter(valid_until__isnull=True).first()
    if current and valid_from <= current.valid_from:
        raise ValidationFailed("De verhuisdatum ligt voor de ingangsdatum van het huidige adres.",
                               field_errors={"valid_from": ["Kies een latere datum."]})
    if valid_from > clock.today() + dt.timedelta(days=365):
        raise ValidationFailed("De verhuisdatum ligt meer dan een jaar in de toekomst.",
                               field_errors={"valid_from": ["Kies een eerdere datum."]})
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
             message="Iemand anders heeft dit huishouden intussen gewijzigd. Er is niets overschreven.")
        household.addresses.filter(valid_until__isnull=True).update(valid_until=valid_from - dt.timedelta(days=1))
        HouseholdAddress.objects.create(household=household, valid_from=valid_from, **asdict(address))
        member_ids = list(household.memberships.filter(valid_until__isnull=True).values_list("resident_id", flat=True))
        log_change(actor=actor, event="huishouden.verhuisd", obj=household, gemeente_id=household.gemeente_id,
                   subject_ids=member_ids, old=old, new={**asdict(address), "wijk_id": wijk_id, "vanaf": valid_from})
    household.refresh_from_db()
    return household


def check_add_member(*, actor: Actor, household: Household, resident: Resident, valid_from: dt.date) -> HouseholdMembership:
    """Add an existing resident to a household; their current membership of another household ends the day before."""
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed("U mag dit huishouden niet wijzigen.")
    if resident.gemeente_id != household.gemeente_id:
        raise ValidationFailed("De inwoner staat in een andere gemeente geregistreerd.")
    if household.memberships.filter(resident=resident, valid_until__isnull=True).exists():
        raise Conflict("Deze inwoner is al lid van dit huishouden.")
    return do_add_member(actor=actor, household=household, resident=resident, valid_from=valid_from)


def do_add_member(*, actor: Actor, household: Household, resident: Resident, valid_from: dt.date) -> HouseholdMembership:
    """Events huishouden.lid_beeindigd (previous household) and huishouden.lid_toegevoegd."""
    with transaction.atomic():
        if resident.household_id and resident.household_id != household.pk:
            _end_membership(actor=actor, household_id=resident.household_id, resident=resident,
                            valid_until=valid_from - dt.timedelta(days=1))
        membership = HouseholdMembership.objects.create(household=household, resident=resident, valid_from=valid_from)
        Resident.objects.filter(pk=resident.pk).update(household=household)
        log_change(actor=actor, event="huishouden.lid_toegevoegd", obj=household, gemeente_id=household.gemeente_id,
                   subject_ids=[resident.pk], new={"inwoner": resident.pk, "vanaf": valid_from})
    return membership


def _end_membership(*, actor: Actor, household_id: int, resident: Resident, valid_until: dt.date) -> None:
    HouseholdMembership.objects.filter(household_id=household_id, resident=resident, valid_until__isnull=True)\
        .update(valid_until=valid_until)
    log_change(actor=actor, event="huishouden.lid_beeindigd", object_type="persons.household", object_id=household_id,
               gemeente_id=resident.gemeente_id, subject_ids=[resident.pk],
               new={"inwoner": resident.pk, "tot_en_met": valid_until})


def check_end_membership(*, actor: Actor, household: Household, resident: Resident, valid_until: dt.date) -> None:
    """A member leaves the household (moved out, died); history stays."""
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed("U mag dit huishouden niet wijzigen.")
    membership = household.memberships.filter(resident=resident, valid_until__isnull=True).first()
    if membership is None:
        raise Conflict("Deze inwoner is geen huidig lid van dit huishouden.")
    if valid_until < membership.valid_from:
        raise ValidationFailed("De einddatum ligt voor de begindatum van het lidmaatschap.",
                               field_errors={"valid_until": ["Kies een latere datum."]})
    with transaction.atomic():
        _end_membership(actor=actor, household_id=household.pk, resident=resident, valid_until=valid_until)
        if resident.household_id == household.pk:
            Resident.objects.filter(pk=resident.pk).update(household=None)


def check_add_relation(*, actor: Actor, resident: Resident, person: Resident, kind: str,
                       valid_from: dt.date | None = None) -> Relation:
    """Record that `person` is <kind> of `resident` (iJw SoortRelatie); the mirror relation is added where one exists
    (ouder <-> zoon/dochter, partner <-> partner)."""
    if not permissions.can_edit_resident(actor, resident):
        raise NotAllowed("U mag deze inwoner niet wijzigen.")
    if kind not in _codes(SOORT_RELATIE):
        raise ValidationFailed("Onbekende soort relatie.", field_errors={"kind": ["Kies een soort relatie uit de lijst."]})
    if resident.pk == person.pk:
        raise ValidationFailed("Een inwoner kan geen relatie met zichzelf hebben.")
    if Relation.objects.filter(resident=resident, person=person, kind=kind, valid_until__isnull=True).exists():
        raise Conflict("Deze relatie is al vastgelegd.")
    with transaction.atomic():
        relation = Relation.objects.create(resident=resident, person=person, kind=kind, valid_from=valid_from)
        inverse = INVERSE_RELATIE.get(kind)
        if inverse and not Relation.objects.filter(resident=person, person=resident, kind=inverse,
                                                   valid_until__isnull=True).exists():
            Relation.objects.create(resident=person, person=resident, kind=inverse, valid_from=valid_from)
        log_change(actor=actor, event="inwoner.relatie_toegevoegd", obj=relation, gemeente_id=resident.gemeente_id,
                   subject_ids=[resident.pk, person.pk], new={"inwoner": resident.pk, "persoon": person.pk, "soort": kind})
    return relation


def check_add_network_member(*, actor: Actor, household: Household, name: str, kind: str, telefoon: str = "",
                             email: str = "", mantelzorger: bool = False, notes: str = "") -> NetworkMember:
    """Someone from the household's own network (family, neighbour, informal carer)."""
    if not permissions.can_edit_household(actor, household):
        raise NotAllowed("U mag dit huishouden niet wijzigen.")
    errors = {}
    if not name.strip():
        errors["name"] = ["Vul een naam in."]
    if kind not in _codes(SOORT_RELATIE):
        errors["kind"] = ["Kies een soort relatie uit de lijst."]
    if errors:
        raise ValidationFailed("Het netwerklid is niet volledig.", field_errors=errors)
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
        raise NotAllowed("U mag geen betrokkenen aan dit huishouden toevoegen.")
    if not is_case_worker(medewerker.pk, household.gemeente_id):
        message = "Deze medewerker doet in deze gemeente geen casuswerk en kan geen betrokkene zijn."
        raise ValidationFailed(message, field_errors={"medewerker": [message]})
    if not role.strip():
        raise ValidationFailed("Vul de rol van de betrokkene in.", field_errors={"role": ["Vul de rol in."]})
    if household.involvements.filter(medewerker=medewerker, valid_until__isnull=True).exists():
        raise Conflict("Deze medewerker is al betrokken bij dit huishouden.")
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
        raise NotAllowed("U mag deze betrokkenheid niet beëindigen.")
    if involvement.valid_until is not None:
        raise Conflict("Deze betrokkenheid is al beëindigd.")
    with transaction.atomic():
        Involvement.objects.filter(pk=involvement.pk).update(valid_until=valid_until or clock.today())
        log_change(actor=actor, event="huishouden.betrokkene_beeindigd", obj=household,
                   gemeente_id=household.gemeente_id, new={"medewerker": involvement.medewerker_id})


# --- merging two records of one person ----------------------------------------------------------------------


def check_merge_residents(*, actor: Actor, keep: Resident, remove: Resident, reason: str) -> Resident:
    """Merge `remove` into `keep`: two records of one person. Needs capability persons.merge; both records in the
    same gemeente; when both have a BSN it must be the same; a reason is required."""
    if not permissions.can_merge_residents(actor, keep.gemeente_id):
        raise NotAllowed("U mag geen inwoners samenvoegen.")
    if keep.pk == remove.pk:
        raise ValidationFailed("Kies twee verschillende registraties.")
    if keep.gemeente_id != remove.gemeente_id:
        raise ValidationFailed("De registraties horen bij verschillende gemeenten.")
    if remove.merged_into_id or keep.merged_into_id:
        raise Conflict("Een van de registraties is al samengevoegd.")
    if keep.bsn and remove.bsn and keep.bsn != remove.bsn:
        raise ValidationFailed("De registraties hebben verschillende BSN's: dit zijn twee personen.")
    if not reason.strip():
        raise ValidationFailed("Geef de reden van het samenvoegen.", field_errors={"reason": ["Vul een reden in."]})
    return do_merge_residents(actor=actor, keep=keep, remove=remove, reason=reason.strip())


def do_merge_residents(*, actor: Actor, keep: Resident, remove: Resident, reason: str) -> Resident:
    """Every reference to `remove` (any model pointing at Resident, including those later issues add) is moved to
    `keep`; `remove` stays as a tombstone pointing at `keep`. Event inwoner.samengevoegd."""
    moved: dict[str, int] = {}
    with transaction.atomic():
        # Both records in the same household: the removed record's membership there is the duplicate.
        shared = HouseholdMembership.objects.filter(resident=keep, valid_until__isnull=True).values("household_id")
        HouseholdMembership.objects.filter(resident=remove, valid_until__isnull=True, household_id__in=shared).delete()
        for rel in Resident._meta.related_objects:
            if not (rel.one_to_many or rel.one_to_one) or rel.related_model is Resident:
                continue
            count = rel.related_model._default_manager.filter(**{rel.field.name: remove}).update(**{rel.field.name: keep})
            if count:
                moved[rel.related_model._meta.label_lower + "." + rel.field.name] = count
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
                   new={"behouden": keep.pk, "reden": reason, "aangevuld": sorted(filled), "verplaatst": moved})
    keep.refresh_from_db()
    return keep


# --- bulk import (demo data, later: BRP extracts) -----------------------------------------------------------


def do_import_households(*, actor: Actor, gemeente: Gemeente, households, source: str, batch_size: int = 2000):
    """Bulk-insert households (persons.demo.DemoHousehold) with their members, relations and network, in batches.

    One import is one domain event: `huishoudens.geimporteerd` with the source and counts (per batch, so a
    partial import is visible in the log). Each batch is one transaction. A generator: yields the running
    totals after each batch, so callers can show progress.
    """
    wijk_ids = dict(gemeente.wijken.values_list("code", "pk"))
    totals = {"huishoudens": 0, "inwoners": 0, "relaties": 0, "netwerk": 0}
    batch: list = []

    def flush():
        if not batch:
            return
        now = clock.now()
        with transaction.atomic():
            hh_rows = Household.objects.bulk_create([
                Household(gemeente=gemeente, wijk_id=wijk_ids.get(h.wijk_code), created_at=now,
                          label=f"Huishouden {' '.join(p for p in (h.members[0].voorvoegsel, h.members[0].geslachtsnaam) if p)}",
                          postcode=h.postcode, huisnummer=h.huisnummer, toevoeging=h.toevoeging, straat=h.straat,
                          woonplaats=h.woonplaats)
                for h in batch
            ])
            HouseholdAddress.objects.bulk_create([
                HouseholdAddress(household=row, postcode=h.postcode, huisnummer=h.huisnummer, toevoeging=h.toevoeging,
                                 straat=h.straat, woonplaats=h.woonplaats, valid_from=h.since)
                for row, h in zip(hh_rows, batch, strict=True)
            ])
            residents = []
            for row, h in zip(hh_rows, batch, strict=True):
                for p in h.members:
                    residents.append(Resident(
                        gemeente=gemeente, household=row, bsn=p.bsn, voornamen=p.voornamen, voorvoegsel=p.voorvoegsel,
                        geslachtsnaam=p.geslachtsnaam, search_name=p.geslachtsnaam.lower(), geboortedatum=p.geboortedatum,
                        geslacht=p.geslacht, telefoon=p.telefoon, email=p.email, created_at=now,
                    ))
            residents = Resident.objects.bulk_create(residents)
            memberships, relations, network = [], [], []
            it = iter(residents)
            for row, h in zip(hh_rows, batch, strict=True):
                members = [(next(it), p) for p in h.members]
                for resident, p in members:
                    since = max(h.since, p.geboortedatum)
                    memberships.append(HouseholdMembership(household=row, resident=resident, valid_from=since))
                parents = [r for r, p in members if p.role == "ouder"]
                partners = [r for r, p in members if p.role in ("ouder", "partner")]
                for child, p in members:
                    if p.role != "kind":
                        continue
                    for parent in parents:
                        relations.append(Relation(resident=child, person=parent, kind="10"))
                        relations.append(Relation(resident=parent, person=child, kind="16"))
                if len(partners) == 2:
                    relations.append(Relation(resident=partners[0], person=partners[1], kind="12"))
                    relations.append(Relation(resident=partners[1], person=partners[0], kind="12"))
                for name, kind, carer in h.network:
                    network.append(NetworkMember(household=row, name=name, kind=kind, mantelzorger=carer,
                                                 notes="mantelzorger" if carer else ""))
            HouseholdMembership.objects.bulk_create(memberships)
            Relation.objects.bulk_create(relations)
            NetworkMember.objects.bulk_create(network)
            counts = {"huishoudens": len(hh_rows), "inwoners": len(residents), "relaties": len(relations),
                      "netwerk": len(network)}
            log_change(actor=actor, event="huishoudens.geimporteerd", object_type="accounts.gemeente",
                       object_id=gemeente.pk, gemeente_id=gemeente.pk,
                       new={"bron": source, **counts, "eerste_huishouden": hh_rows[0].pk, "laatste_huishouden": hh_rows[-1].pk})
        for key, value in counts.items():
            totals[key] += value
        batch.clear()

    for household in households:
        batch.append(household)
        if len(batch) >= batch_size:
            flush()
            yield totals
    flush()
    yield totals
