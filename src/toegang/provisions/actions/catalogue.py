"""Catalogue administration (functional administration, config.manage): the social map texts of a provision,
tariffs, contract ceilings, and the import of a catalogue file. The catalogue belongs to a profile: the right counts
in one of the gemeenten that use it (permissions.can_edit_catalogue)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from toegang.audit.log import log_change
from toegang.core.actor import Actor
from toegang.core.errors import Conflict, NotAllowed, ValidationFailed
from toegang.profiles.catalogue_file import read_catalogue_file

from ..catalogue import load_catalogue
from ..models import Contract, Product, Tarief, Voorziening
from ..money import CENT
from ..permissions import can_edit_catalogue, can_import_catalogue

SOCIAL_MAP_FIELDS = ["name", "description", "audience", "location", "contact", "active"]


def _require_catalogue_editor(actor: Actor, profile) -> None:
    if not can_edit_catalogue(actor, profile):
        raise NotAllowed(gettext("Alleen functioneel beheer mag de catalogus wijzigen."))


def check_import_catalogue(*, actor: Actor, path: Path) -> list[str]:
    """`toegang catalogus import FILE` (profiles.catalogue_file.read_catalogue_file checks it): upserted in one transaction, all
    or nothing, by functional administration of the file's profile. Event catalogus.geimporteerd when anything
    changed; returns the changes."""
    if not can_import_catalogue(actor):
        raise NotAllowed(gettext("Alleen functioneel beheer mag een catalogus importeren."))
    profile, merged = read_catalogue_file(path)
    if not can_edit_catalogue(actor, profile):
        raise NotAllowed(gettext("Alleen functioneel beheer mag een catalogus importeren."))
    changes: list[str] = []
    with transaction.atomic():
        load_catalogue(profile, merged, changes)
        if changes:
            log_change(actor=actor, event="catalogus.geimporteerd", obj=profile,
                       new={"bestand": str(path), "wijzigingen": changes})
    return changes


def check_update_voorziening(*, actor: Actor, voorziening: Voorziening, values: dict) -> Voorziening:
    """Edit what the social map and the catalogue show. Event voorziening.gewijzigd."""
    _require_catalogue_editor(actor, voorziening.profile)
    if not str(values.get("name", voorziening.name)).strip():
        raise ValidationFailed(gettext("Een voorziening heeft een naam."),
                               field_errors={"name": [gettext("Vul een naam in.")]})
    with transaction.atomic():
        old = {f: getattr(voorziening, f) for f in SOCIAL_MAP_FIELDS}
        for name in SOCIAL_MAP_FIELDS:
            if name in values:
                setattr(voorziening, name, values[name].strip() if isinstance(values[name], str) else values[name])
        new = {f: getattr(voorziening, f) for f in SOCIAL_MAP_FIELDS}
        changed = [f for f in SOCIAL_MAP_FIELDS if old[f] != new[f]]
        if changed:
            voorziening.save(update_fields=changed)
            log_change(actor=actor, event="voorziening.gewijzigd", obj=voorziening,
                       old={f: old[f] for f in changed}, new={f: new[f] for f in changed})
    return voorziening


def check_add_tariff(*, actor: Actor, product: Product, amount: Decimal | None, valid_from: dt.date | None,
                     kind: str = "tarief") -> Tarief:
    """A new tariff from a date; the running one ends the day before. Event tarief.toegevoegd."""
    _require_catalogue_editor(actor, product.voorziening.profile)
    errors = {}
    if amount is None or amount <= 0:
        errors["amount"] = [gettext("Vul een bedrag groter dan nul in.")]
    if valid_from is None:
        errors["valid_from"] = [gettext("Vul een geldige datum in (dd-mm-jjjj).")]
    if kind not in Tarief.Kind.values:
        errors["kind"] = [gettext("Kies tarief of maximumprijs.")]
    if errors:
        raise ValidationFailed(gettext("Het tarief is niet volledig."), field_errors=errors)
    with transaction.atomic():
        if product.tariffs.filter(valid_from__gte=valid_from).exists():
            raise Conflict(gettext("Er is al een tarief dat op of na deze datum ingaat."))
        product.tariffs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=valid_from))\
            .update(valid_until=valid_from - dt.timedelta(days=1))
        tariff = Tarief.objects.create(product=product, amount=amount.quantize(CENT), kind=kind, valid_from=valid_from)
        log_change(actor=actor, event="tarief.toegevoegd", obj=tariff,
                   new={"product": f"{product.code}", "bedrag": tariff.amount, "vanaf": valid_from,
                        "soort": kind})
    return tariff


def check_set_contract_ceiling(*, actor: Actor, contract: Contract, ceiling: Decimal | None) -> Contract:
    """Change a contract's ceiling budget. Event contract.plafond."""
    _require_catalogue_editor(actor, contract.profile)
    if ceiling is None or ceiling < 0:
        raise ValidationFailed(gettext("Vul een plafond van nul of meer in."),
                               field_errors={"ceiling": [gettext("Ongeldig bedrag.")]})
    with transaction.atomic():
        old = contract.ceiling
        contract.ceiling = ceiling.quantize(CENT)
        contract.save(update_fields=["ceiling"])
        log_change(actor=actor, event="contract.plafond", obj=contract, old={"plafond": old},
                   new={"plafond": contract.ceiling})
    return contract
