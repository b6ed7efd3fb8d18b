"""iJw/iWmo messages (issue 14; docs/messaging.md): assigning care to a provider (JW301/WMO301) when a decision in
natura is established, and receiving a provider's messages — kept raw whatever they hold, validated against their
schema and the rules of the case, answered with the return message and its codes. Each step in the change log."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_noop
from lxml import etree

from toegang.accounts.models import Gemeente, Organisatie
from toegang.audit.log import log_change
from toegang.cases.models import Casus
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.tasks.actions import notify

from . import build, declarations
from .models import Bericht, Toewijzing, Verzoek
from .parsing import Header, Unreadable, header, parse
from .standards import BY_LAW, explain, standard_of, structure_check_for
from .transport import mailbox

logger = logging.getLogger(__name__)
BATCH = 100  # messages per transaction when many are read at once (receive_many)
FAULT = ("Dit bericht kon door een fout in Toegang niet worden verwerkt. Het is bewaard zoals het binnenkwam; "
         "de beheerder kan het opnieuw inlezen.")
TECHNICAL = "0001"   # Bericht is afgekeurd om technische redenen.
NO_REMARKS = "0200"  # Geen opmerking over deze berichtklasse.
FUTURE_DATE = "8848"  # Dagtekening moet gelijk zijn aan of voor de systeemdatum liggen.
NO_ASSIGNMENT = "9019"  # Het regie bericht kan niet gekoppeld worden aan een toewijzing.
NO_START = "9069"  # Er is geen actueel startbericht met dezelfde sleutel.


def _store(**values) -> Bericht:
    raw = values["raw"]
    return Bericht.objects.create(sha256=hashlib.sha256(raw).hexdigest(), size=len(raw), at=clock.now(), **values)


def _problems(codes: list[str], standard_key: str) -> list[dict]:
    return [{"code": code, "uitleg": explain(code, standard_key)} for code in codes if code != NO_REMARKS]


def _schema_errors(kind: str, root) -> list[str]:
    check = structure_check_for(kind, root)
    if check is None:
        return []
    schema, document = check
    if schema.validate(document):
        return []
    return [f"regel {e.line}: {e.message}" for e in list(schema.error_log)[:10]]


@dataclass
class Outcome:
    """What a handler of one kind of received message found and did. client_codes/product_codes feed the mirrored
    return message (305/307); `answer` is a return message the handler built itself (identification, XML);
    `rejected` marks the message afgekeurd without product codes; `problems` are extra findings ({uitleg})."""
    client_codes: list[str] | None = None
    product_codes: list[list[str]] | None = None
    answer: tuple[str, bytes] | None = None
    rejected: bool = False
    problems: list[dict] = field(default_factory=list)


# --- out: the assignment -------------------------------------------------------------------------------------------

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
        errors = _schema_errors(kind, etree.fromstring(raw))
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


# --- in: a provider's message --------------------------------------------------------------------------------------

@dataclass
class Received:
    message: Bericht
    answer: Bericht | None
    duplicate: bool = False
    problems: list[dict] = field(default_factory=list)


def receive(*, actor: Actor, raw: bytes, file_name: str = "") -> Received:
    """Store a received message (always, raw), check it and answer it. A repeat of a message already received (same
    sender, kind and identification) changes nothing and returns the first receipt and its answer."""
    try:
        root = parse(raw)
        head = header(root)
    except Unreadable as exc:
        with transaction.atomic():
            message = _store(direction=Bericht.Direction.IN, raw=raw, file_name=file_name[:255],
                             status=Bericht.Status.ONLEESBAAR, problems=[{"uitleg": str(exc)}])
            log_change(actor=actor, event="bericht.onleesbaar", obj=message, new={"bestand": file_name[:255],
                                                                                   "reden": str(exc)})
        return Received(message, None, problems=message.problems)
    existing = _repeat_of(head)
    if existing is not None:
        return Received(existing, existing.answers.first(), duplicate=True, problems=existing.problems)
    try:
        with transaction.atomic():
            return _receive(actor, raw, file_name, root, head)
    except IntegrityError:  # the same message arrived at the same moment through another path
        existing = _repeat_of(head)
        if existing is None:
            raise
        return Received(existing, existing.answers.first(), duplicate=True, problems=existing.problems)
    except Exception as exc:  # a fault of Toegang's own: the message is still kept, raw, and can be read in again
        logger.exception("bericht %s van %s niet verwerkt", head.kind, head.sender)
        with transaction.atomic():
            message = _store(direction=Bericht.Direction.IN, kind=head.kind, sender=head.sender,
                             identification=head.identification, dated=head.dated, raw=raw,
                             file_name=file_name[:255], status=Bericht.Status.NIET_VERWERKT,
                             problems=[{"uitleg": FAULT}])
            log_change(actor=actor, event="bericht.niet_verwerkt", obj=message,
                       new={"soort": head.kind, "afzender": head.sender, "fout": type(exc).__name__})
        return Received(message, None, problems=message.problems)


def receive_many(*, actor: Actor, files: Iterable[tuple[str, bytes]], batch: int = BATCH,
                 done: Callable[[str], None] | None = None) -> Iterator[Received]:
    """Receive many files (an import, the hub's inbox) `batch` at a time in one transaction — one commit and one
    write-ahead-log flush per batch instead of per message — each message in its own savepoint, so one that fails
    is rolled back alone (and kept raw, as `receive` does). `done(name)` is called for each file once its batch has
    committed (the mailbox moves it aside only then: a crash mid-batch reads the batch again, a repeat changes
    nothing). Yields each result after its batch committed; holds no more than one batch."""
    files = iter(files)
    while True:
        with transaction.atomic():
            results = [(name, receive(actor=actor, raw=raw, file_name=name)) for name, raw in islice(files, batch)]
        if not results:
            return
        for name, result in results:
            if done is not None:
                done(name)
            yield result


def _repeat_of(head: Header) -> Bericht | None:
    if not head.identification:
        return None
    return Bericht.objects.filter(direction=Bericht.Direction.IN, sender=head.sender, kind=head.kind,
                                  identification=head.identification).first()


def _receive(actor: Actor, raw: bytes, file_name: str, root, head: Header) -> Received:
    standard = standard_of(head.kind)
    gemeente = Gemeente.objects.filter(cbs_code=head.receiver).first()
    provider = Organisatie.objects.filter(agb_code=head.sender).first() if head.sender else None
    schema_errors = _schema_errors(head.kind, root)
    header_codes: list[str] = []
    problems: list[dict] = []
    if schema_errors:
        header_codes = [TECHNICAL]
        problems = [{"code": TECHNICAL, "uitleg": explain(TECHNICAL)}] + [{"uitleg": e} for e in schema_errors]
    elif head.dated and head.dated > clock.today():
        header_codes = [FUTURE_DATE]
    if gemeente is None and not schema_errors:
        problems.append({"uitleg": f"De ontvanger {head.receiver} is geen gemeente in Toegang."})
        header_codes = header_codes or [TECHNICAL]
    if provider is None and not schema_errors:
        problems.append({"uitleg": f"De afzender {head.sender} is geen bekende aanbieder (AGB-code)."})
        header_codes = header_codes or [TECHNICAL]
    number = head.kind[-3:]
    handler = HANDLERS.get(number) if not header_codes else None
    message = _store(direction=Bericht.Direction.IN, kind=head.kind, gemeente=gemeente, provider=provider,
                     sender=head.sender, identification=head.identification, dated=head.dated, raw=raw,
                     file_name=file_name[:255], status=Bericht.Status.NIET_VERWERKT, problems=[])
    outcome = Outcome()
    if handler is not None:
        outcome = handler(actor=actor, root=root, head=head, gemeente=gemeente, provider=provider, message=message)
        problems += _problems([c for codes in outcome.product_codes or [] for c in codes], standard.key)
        problems += outcome.problems
    else:
        problems += _problems(header_codes, standard.key)
    rejected = header_codes or outcome.rejected or any(c != NO_REMARKS for codes in (outcome.product_codes or [])
                                                        for c in codes)
    status = (Bericht.Status.AFGEKEURD if rejected
              else Bericht.Status.VERWERKT if handler is not None else Bericht.Status.NIET_VERWERKT)
    Bericht.objects.filter(pk=message.pk).update(status=status, problems=problems)
    message.status, message.problems = status, problems
    log_change(actor=actor, event="bericht.ontvangen", obj=message, gemeente_id=gemeente.pk if gemeente else None,
               new={"soort": head.kind, "afzender": head.sender, "identificatie": head.identification,
                    "status": status, "bevindingen": [p.get("code") or p["uitleg"] for p in problems]})
    if outcome.answer is not None:
        answer = _send_answer(actor, message, head, gemeente, provider, outcome.answer, header_codes)
    else:
        answer = _answer(actor, message, root, head, header_codes, outcome.client_codes, outcome.product_codes,
                         gemeente, provider)
    return Received(message, answer, problems=problems)


def _answer(actor, message, root, head, header_codes, client_codes, product_codes, gemeente, provider):
    identification = build.new_identification()
    raw = build.return_message(head.kind, root if client_codes is not None else None, head,
                               identification=identification, header_codes=header_codes,
                               client_codes=client_codes, product_codes=product_codes)
    if raw is None:
        return None
    return _send_answer(actor, message, head, gemeente, provider, (identification, raw), header_codes)


def _send_answer(actor, message, head, gemeente, provider, built: tuple[str, bytes], header_codes):
    """Validate, store and send a return message (`built`: its identification and XML) answering `message`."""
    identification, raw = built
    kind = etree.QName(etree.fromstring(raw)).namespace.rsplit("/", 2)[-2].upper()
    errors = _schema_errors(kind, etree.fromstring(raw))
    answer = _store(direction=Bericht.Direction.OUT, kind=kind, gemeente=gemeente, provider=provider,
                    sender=head.receiver, identification=identification, dated=clock.today(), raw=raw,
                    file_name=f"{kind}-{identification}.xml",
                    status=Bericht.Status.VERSTUURD if not errors else Bericht.Status.AFGEKEURD,
                    problems=[{"uitleg": e} for e in errors], answer_to=message)
    log_change(actor=actor, event="bericht.verstuurd", obj=answer, gemeente_id=gemeente.pk if gemeente else None,
               new={"soort": kind, "identificatie": identification, "antwoord_op": message.pk,
                    "retourcodes": header_codes})
    if not errors:
        transaction.on_commit(lambda: mailbox().send(answer.file_name, raw))
    return answer


def _apply_start_stop(*, actor, root, head, gemeente, provider, message) -> Outcome:
    """JW305/WMO305 start, JW307/WMO307 stop: each product is checked against its assignment (known number, of this
    provider and gemeente, the client's BSN, dates inside the assignment) and applied when it is right."""
    ns = etree.QName(root).namespace
    basis = standard_of(head.kind).basis
    start = head.kind.endswith("305")
    client = root.find(f"{{{ns}}}Client")
    bsn = client.findtext(f"{{{ns}}}Bsn")
    products = client.find(f"{{{ns}}}{'StartProducten' if start else 'StopProducten'}")
    codes: list[list[str]] = []
    for product in products:
        def text(name, element=product):
            return (element.findtext(f"{{{ns}}}{name}") or "").strip()
        number = text("ToewijzingNummer")
        # one narrow query: the assignment of this provider and gemeente for this client (a wide select_related
        # costs more to compile than the database takes to answer; issue 14's speed target)
        toewijzing = next(iter(Toewijzing.objects.filter(
            pk=int(number) if number.isdigit() else -1, gemeente=gemeente, provider=provider,
            indicatie__client__bsn=bsn).select_related("indicatie").only(
                "pk", "gemeente_id", "provider_id", "status", "start", "end", "started_on", "version",
                "product_code", "indicatie__client_id", "indicatie__casus_id")[:1]), None)
        if toewijzing is None or \
                (product.find(f"{{{ns}}}Product") is not None and
                 product.findtext(f"{{{ns}}}Product/{{{basis}}}Code") != toewijzing.product_code):
            codes.append([NO_ASSIGNMENT])
            continue
        begin = _date(text("Begindatum"))
        if start:
            if begin is None or not toewijzing.start <= begin <= toewijzing.end:
                codes.append([NO_ASSIGNMENT])
                continue
            Toewijzing.objects.filter(pk=toewijzing.pk).update(status=Toewijzing.Status.GESTART, started_on=begin,
                                                               version=toewijzing.version + 1)
            event, new = "toewijzing.gestart", {"begindatum": begin}
        else:
            end = _date(text("Einddatum"))
            if toewijzing.started_on is None or begin != toewijzing.started_on:
                codes.append([NO_START])
                continue
            if end is None or end < begin:
                codes.append([NO_ASSIGNMENT])
                continue
            Toewijzing.objects.filter(pk=toewijzing.pk).update(
                status=Toewijzing.Status.BEEINDIGD, ended_on=end, end_reason=text("RedenBeeindiging")[:2],
                version=toewijzing.version + 1)
            event, new = "toewijzing.beeindigd", {"einddatum": end, "reden": text("RedenBeeindiging")}
        log_change(actor=actor, event=event, obj=toewijzing, gemeente_id=toewijzing.gemeente_id,
                   subject_ids=[toewijzing.indicatie.client_id],
                   new={"nummer": toewijzing.number, "aanbieder_naam": provider.name,
                        "casus": toewijzing.indicatie.casus_id, **new})
        _tell_case_director(toewijzing, provider, started=start)
        codes.append([NO_REMARKS])
    return Outcome(client_codes=[NO_REMARKS], product_codes=codes)


def _tell_case_director(toewijzing: Toewijzing, provider, *, started: bool) -> None:
    """The feedback the case director waits for (seed 003 §3.7: arrived, started, progress, ended): a notification
    when the provider reports care started or ended, linking to the case."""
    casus_id = toewijzing.indicatie.casus_id
    director = Casus.objects.filter(pk=casus_id).values_list("case_director_id", flat=True).first() \
        if casus_id else None
    if director is None:
        return
    text = (gettext_noop("%(aanbieder)s is gestart met de zorg bij casus %(casus)s.") if started
            else gettext_noop("%(aanbieder)s heeft de zorg bij casus %(casus)s beëindigd."))
    notify(recipient_ids=[director], text=text, params={"aanbieder": provider.name, "casus": casus_id},
           url=reverse("cases:case", args=[casus_id]), subject=toewijzing)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def receive_from_mailbox(*, actor: Actor) -> Iterator[Received]:
    """Every file waiting in the hub's inbox, each stored and answered, then moved aside (the scheduled job)."""
    box = mailbox()
    return receive_many(actor=actor, files=box.receive(), done=box.done)


# the kinds whose content Toegang acts on (by the number after JW/WMO); the others are kept, validated and answered
HANDLERS: dict[str, Callable[..., Outcome]] = {
    "305": _apply_start_stop,
    "307": _apply_start_stop,
    "323": lambda **kwargs: Outcome(**declarations.assess_declaration(**kwargs)),  # declarations.py
}
