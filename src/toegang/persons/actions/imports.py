"""Bulk import of households with their members, relations and network (demo data, later: BRP extracts).

Called by commands running as SYSTEM (`toegang demo`); no permission check of its own.
"""

from __future__ import annotations

from django.db import transaction

from toegang.accounts.models import Gemeente
from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor

from ..models import (
    ADULT_AGE,
    Gezag,
    Household,
    HouseholdAddress,
    HouseholdMembership,
    NetworkMember,
    Relation,
    Resident,
    age_on,
)


def do_import_households(*, actor: Actor, gemeente: Gemeente, households, source: str, batch_size: int = 2000):
    """Bulk-insert households (persons.demo.DemoHousehold) with their members, relations and network, in batches.

    One import is one domain event: `huishoudens.geimporteerd` with the source and counts (per batch, so a
    partial import is visible in the log). Each batch is one transaction. A generator: yields the running
    totals after each batch, so callers can show progress.
    """
    wijk_ids = dict(gemeente.wijken.values_list("code", "pk"))
    totals = {"huishoudens": 0, "inwoners": 0, "relaties": 0, "netwerk": 0, "gezag": 0}
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
            memberships, relations, network, gezag = [], [], [], []
            today = clock.today()
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
                    if parents and age_on(p.geboortedatum, today) < ADULT_AGE:
                        # the parents living with a minor hold gezag from birth (BW 1:251, 1:253b; an import's
                        # assumption, shown with its source)
                        gezag.append(Gezag(minor=child, soort="ouderlijk", holder=parents[0],
                                           second_holder=parents[1] if len(parents) > 1 else None,
                                           bron=f"aangenomen bij import ({source})"[:300],
                                           valid_from=p.geboortedatum, recorded_at=now))
                if len(partners) == 2:
                    relations.append(Relation(resident=partners[0], person=partners[1], kind="12"))
                    relations.append(Relation(resident=partners[1], person=partners[0], kind="12"))
                for name, kind, carer in h.network:
                    network.append(NetworkMember(household=row, name=name, kind=kind, mantelzorger=carer,
                                                 notes="mantelzorger" if carer else ""))
            HouseholdMembership.objects.bulk_create(memberships)
            Relation.objects.bulk_create(relations)
            NetworkMember.objects.bulk_create(network)
            Gezag.objects.bulk_create(gezag)
            counts = {"huishoudens": len(hh_rows), "inwoners": len(residents), "relaties": len(relations),
                      "netwerk": len(network), "gezag": len(gezag)}
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

