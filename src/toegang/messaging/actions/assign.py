"""Assigning care to a provider (issue 14 item 1; docs/messaging.md "Assignment out"): the JW301/WMO301 of an
established decision in natura, and the change or end of an assignment when a later decision replaces it. Each
message validated against its official schema before it is stored as sent; each step in the change log."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from lxml import etree

from toegang.audit.log import log_change
from toegang.core import clock
from toegang.core.actor import Actor

from .. import build
from ..models import Bericht, Toewijzing, Verzoek
from ..standards import BY_LAW, schema_errors
from ..transport import mailbox

# LDT_RedenWijziging (basisschema iJw/iWmo 3.2): why an assignment Toegang sent before is changed or ended
EXTENDED = "04"        # Herbeoordeling: verlenging toewijzing
SHORTENED = "05"       # Herbeoordeling: verkorting toewijzing
OTHER_FORM = "08"      # Wijziging leveringsvorm (e.g. from care in natura to a personal budget)
OTHER_PROVIDER = "09"  # Overstap naar andere aanbieder
REMOVED = "13"         # Verwijderd: the assignment is withdrawn before care began
CORRECTED = "14"       # Administratieve correctie


def _assignable(besluit) -> bool:
    indicatie = besluit.indicatie
    return (besluit.granted and indicatie.form == "zin" and indicatie.provider_id is not None
            and indicatie.voorziening.law in BY_LAW)


def do_assign_decision(*, actor: Actor, besluit) -> Toewijzing | None:
    """A granted decision in natura with a provider: one assignment and its JW301/WMO301, validated against the
    schema; written to the hub's outbox when the transaction commits. Anything the standard cannot carry (no BSN,
    no birth date, a provider without AGB code) is recorded on the message, which then is not sent. Events
    toewijzing.aangemaakt and bericht.verstuurd (or bericht.niet_verstuurd).

    A decision that replaces an earlier one (a correction, a re-assessment, an objection upheld) changes the
    assignment the earlier one made: the same provider and product from the same date → the same assignment number
    with its new end and volume; anything else → the earlier assignment ends the day before (or is withdrawn when
    care never began) and, when the new decision grants care in natura, a new assignment follows. Each change is a
    JW301/WMO301 with its RedenWijziging (iJw/iWmo 3.2, JW301 ToegewezenProduct/RedenWijziging)."""
    indicatie = besluit.indicatie
    assignable = _assignable(besluit)
    previous = None
    if indicatie.replaces_id:
        previous = Toewijzing.objects.select_for_update().select_related("provider").filter(
            indicatie__besluit=indicatie.replaces_id).order_by("-pk").first()
    if previous is not None:
        if assignable and _continues(previous, indicatie):
            return _change_assignment(actor, previous, besluit)
        _end_assignment(actor, previous, besluit, assignable)
    if not assignable:
        return None
    law = indicatie.voorziening.law
    toewijzing = Toewijzing.objects.create(
        gemeente_id=indicatie.gemeente_id, indicatie=indicatie, provider=indicatie.provider, law=law,
        product_category=indicatie.product.category, product_code=indicatie.product.code, start=indicatie.start,
        end=indicatie.end, volume=besluit.granted_volume or indicatie.volume, unit=indicatie.unit,
        frequency=indicatie.frequency, assigned_at=clock.now())
    log_change(actor=actor, event="toewijzing.aangemaakt", obj=toewijzing, gemeente_id=toewijzing.gemeente_id,
               subject_ids=[indicatie.client_id],
               new={"nummer": toewijzing.number, "besluit": besluit.pk, "aanbieder": indicatie.provider.agb_code,
                    "aanbieder_naam": indicatie.provider.name, "casus": indicatie.casus_id,
                    "product": toewijzing.product_code, "van": toewijzing.start, "tot": toewijzing.end})
    send_assignment(actor=actor, toewijzing=toewijzing)
    return toewijzing


def _continues(previous: Toewijzing, indicatie) -> bool:
    """The new decision goes on with the same care: same provider, product, unit and frequency from the same date."""
    return (previous.status != Toewijzing.Status.BEEINDIGD and previous.provider_id == indicatie.provider_id
            and previous.product_code == indicatie.product.code and previous.start == indicatie.start
            and previous.unit == indicatie.unit and previous.frequency == indicatie.frequency)


def _change_assignment(actor: Actor, toewijzing: Toewijzing, besluit) -> Toewijzing:
    indicatie = besluit.indicatie
    volume = besluit.granted_volume or indicatie.volume
    reason = (EXTENDED if indicatie.end > toewijzing.end else SHORTENED if indicatie.end < toewijzing.end
              else CORRECTED)
    old = {"tot": toewijzing.end, "omvang": toewijzing.volume, "besluit": toewijzing.indicatie_id}
    toewijzing.indicatie, toewijzing.end, toewijzing.volume = indicatie, indicatie.end, volume
    toewijzing.version += 1
    toewijzing.save(update_fields=["indicatie", "end", "volume", "version"])
    log_change(actor=actor, event="toewijzing.gewijzigd", obj=toewijzing, gemeente_id=toewijzing.gemeente_id,
               subject_ids=[indicatie.client_id], old=old,
               new={"nummer": toewijzing.number, "besluit": besluit.pk, "tot": toewijzing.end, "omvang": volume,
                    "reden": reason, "aanbieder_naam": toewijzing.provider.name, "casus": indicatie.casus_id})
    send_assignment(actor=actor, toewijzing=toewijzing, change_reason=reason)
    return toewijzing


def _end_assignment(actor: Actor, toewijzing: Toewijzing, besluit, assignable: bool) -> None:
    """End the earlier assignment the day before the new decision's care begins (or the day before the decision,
    when it grants nothing in natura); withdraw it (end = start, Verwijderd) when that is before care could begin."""
    if toewijzing.status == Toewijzing.Status.BEEINDIGD:
        return  # the provider already stopped the care: nothing left to end
    indicatie = besluit.indicatie
    from_day = indicatie.start if assignable else (besluit.established_on or clock.today())
    end = min(toewijzing.end, from_day - dt.timedelta(days=1))
    if toewijzing.started_on is None and end <= toewijzing.start:
        end, reason = toewijzing.start, REMOVED
    elif toewijzing.started_on is not None and end < toewijzing.started_on:
        end, reason = toewijzing.started_on, SHORTENED  # care that began cannot end before it began
    elif not assignable and indicatie.form != "zin":
        reason = OTHER_FORM
    elif assignable and indicatie.provider_id != toewijzing.provider_id:
        reason = OTHER_PROVIDER
    else:
        reason = SHORTENED
    old = {"tot": toewijzing.end}
    toewijzing.end = end
    toewijzing.version += 1
    toewijzing.save(update_fields=["end", "version"])
    log_change(actor=actor, event="toewijzing.ingetrokken" if reason == REMOVED else "toewijzing.ingekort",
               obj=toewijzing, gemeente_id=toewijzing.gemeente_id, subject_ids=[toewijzing.indicatie.client_id],
               old=old, new={"nummer": toewijzing.number, "besluit": besluit.pk, "tot": end, "reden": reason,
                             "aanbieder_naam": toewijzing.provider.name, "casus": indicatie.casus_id})
    send_assignment(actor=actor, toewijzing=toewijzing, change_reason=reason)


def send_assignment(*, actor: Actor, toewijzing: Toewijzing, change_reason: str = "", reference: str = "") -> Bericht:
    """The JW301/WMO301 of an assignment (new, or changed with `change_reason`). An assignment that answers a
    provider's request (JW315/JW317) carries its ReferentieAanbieder (`reference`, or the request its decision
    came from), so the provider can match it (docs/messaging.md, "Aanvragen")."""
    reference = reference or Verzoek.objects.filter(indicatie_id=toewijzing.indicatie_id)\
        .values_list("reference", flat=True).first() or ""
    client = toewijzing.indicatie.client
    kind = f"{BY_LAW[toewijzing.law].prefix}301"
    missing = [what for what, present in [("BSN van de cliënt", client.bsn), ("geboortedatum van de cliënt",
                                                                            client.geboortedatum),
                                           ("AGB-code van de aanbieder", toewijzing.provider.agb_code)]
               if not present]
    identification = build.new_identification()
    raw, errors = b"", [f"Niet te versturen: {', '.join(missing)} ontbreekt."] if missing else []
    if not missing:
        address = toewijzing.indicatie.household.addresses.filter(valid_until__isnull=True).order_by("-valid_from")\
            .first()
        raw = build.assignment(toewijzing, resident=client, address=address, identification=identification,
                               change_reason=change_reason, reference=reference)
        errors = schema_errors(kind, etree.fromstring(raw))
    ok = not errors
    message = _store(direction=Bericht.Direction.OUT, kind=kind, gemeente_id=toewijzing.gemeente_id,
                     provider=toewijzing.provider, sender=toewijzing.gemeente.cbs_code, identification=identification,
                     dated=clock.today(), raw=raw, file_name=f"{kind}-{identification}.xml" if ok else "",
                     status=Bericht.Status.VERSTUURD if ok else Bericht.Status.AFGEKEURD,
                     problems=[{"uitleg": e} for e in errors], toewijzing=toewijzing)
    log_change(actor=actor, event="bericht.verstuurd" if ok else "bericht.niet_verstuurd", obj=message,
               gemeente_id=toewijzing.gemeente_id, subject_ids=[client.pk],
               new={"soort": kind, "identificatie": identification, "toewijzing": toewijzing.number,
                    "fouten": errors})
    if ok:
        transaction.on_commit(lambda: mailbox().send(message.file_name, raw))
    return message


def _store(**values) -> Bericht:
    raw = values["raw"]
    return Bericht.objects.create(sha256=hashlib.sha256(raw).hexdigest(), size=len(raw), at=clock.now(), **values)
