"""Receiving a provider's messages (issue 14 items 2, 3, 6 and 10; docs/messaging.md "Messages in" and "Reading
many files"): every file kept raw whatever it holds, read without trusting it, validated against its schema and the
rules of the case, acted on by the handler of its kind (start and stop here; requests and declarations in their own
modules), answered with the return message and its codes — a batch at a time, set-based. Each step in the change
log, in the batch's transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import islice

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_noop
from lxml import etree

from toegang.accounts.models import Gemeente, Organisatie
from toegang.audit.log import log_changes
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.core.locks import exclusive
from toegang.tasks.actions import notify_many

from .. import build, declarations
from ..models import Bericht, Toewijzing
from ..parsing import Header, Unreadable, header, parse
from ..standards import explain, schema_errors, standard_of
from ..transport import mailbox

logger = logging.getLogger(__name__)
BATCH = 100  # messages per transaction when many are read at once (receive_many)
FAULT = ("Dit bericht kon door een fout in Toegang niet worden verwerkt. Het is bewaard zoals het binnenkwam; "
         "de beheerder kan het opnieuw inlezen.")
TECHNICAL = "0001"   # Bericht is afgekeurd om technische redenen.
NO_REMARKS = "0200"  # Geen opmerking over deze berichtklasse.
FUTURE_DATE = "8848"  # Dagtekening moet gelijk zijn aan of voor de systeemdatum liggen.
NO_ASSIGNMENT = "9019"  # Het regie bericht kan niet gekoppeld worden aan een toewijzing.
NO_START = "9069"  # Er is geen actueel startbericht met dezelfde sleutel.


def _problems(codes: list[str], standard_key: str) -> list[dict]:
    return [{"code": code, "uitleg": explain(code, standard_key)} for code in codes if code != NO_REMARKS]


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


@dataclass
class Received:
    message: Bericht
    answer: Bericht | None
    duplicate: bool = False
    problems: list[dict] = field(default_factory=list)


@dataclass
class Batch:
    """What a batch of received messages does once for all its handlers: look up the assignments its start and stop
    messages name (pk → the assignment, None when there is none; a handler that changes one keeps it up to date),
    and write the change-log rows and notifications its handlers record (`log`, `notify`), with the batch's own
    rows at its end, in its transaction. After a handler failed, what it recorded is dropped and everything is
    looked up again (`rollback`)."""
    assignments: dict[int, Toewijzing | None] = field(default_factory=dict)
    changes: list[dict] = field(default_factory=list)
    notifications: list[dict] = field(default_factory=list)

    def assignment(self, pk: int) -> Toewijzing | None:
        if pk not in self.assignments:
            self.assignments[pk] = _assignments_by_pk([pk]).get(pk)
        return self.assignments[pk]

    def log(self, **entry) -> None:
        self.changes.append(entry)

    def notify(self, **call) -> None:
        self.notifications.append(call)

    def mark(self) -> tuple[int, int]:
        return len(self.changes), len(self.notifications)

    def rollback(self, mark: tuple[int, int]) -> None:
        del self.changes[mark[0]:], self.notifications[mark[1]:]
        self.assignments.clear()


@dataclass
class _Item:
    """One file on its way through an import: read, checked, stored, handled, answered."""
    name: str
    raw: bytes
    root: etree._Element | None = None
    head: Header | None = None
    unreadable: str = ""
    earlier: Received | None = None  # a repeat: what the first receipt was
    same_as: _Item | None = None     # a repeat within the same batch
    message: Bericht | None = None
    handler: Callable[..., Outcome] | None = None
    header_codes: list[str] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    outcome: Outcome = field(default_factory=Outcome)
    fault: Exception | None = None
    built: tuple[str, bytes] | None = None  # the return message: its identification and XML
    changes: list[dict] = field(default_factory=list)  # the change-log rows its handler recorded
    answer: Bericht | None = None


def receive(*, actor: Actor, raw: bytes, file_name: str = "") -> Received:
    """Store a received message (always, raw), check it and answer it. A repeat of a message already received (same
    sender, kind and identification) changes nothing and returns the first receipt and its answer."""
    with transaction.atomic():
        return _receive_batch(actor, [(file_name, raw)])[0]


def receive_many(*, actor: Actor, files: Iterable[tuple[str, bytes]], batch: int = BATCH,
                 done: Callable[[str], None] | None = None) -> Iterator[Received]:
    """Receive many files (an import, the hub's inbox) `batch` at a time in one transaction, set-based: the batch's
    repeats, gemeenten, providers and assignments are looked up in one query each, its messages and answers
    inserted and its change-log rows appended in one statement each; each message's own work (its handler) runs in
    its own savepoint, so one that fails is rolled back alone and the message is kept raw. `done(name)` is called
    for each file once its batch has committed (the mailbox moves it aside only then: a crash mid-batch reads the
    batch again, a repeat changes nothing). Yields each result after its batch committed; holds no more than one
    batch."""
    files = iter(files)
    while True:
        chunk = list(islice(files, batch))
        if not chunk:
            return
        with transaction.atomic():
            results = _receive_batch(actor, chunk)
        for (name, _), result in zip(chunk, results, strict=True):
            if done is not None:
                done(name)
            yield result


def _receive_batch(actor: Actor, files: list[tuple[str, bytes]]) -> list[Received]:
    """Receive `files` inside the caller's transaction (docs/messaging.md, "Reading many files")."""
    items = [_read(name, raw) for name, raw in files]
    _find_repeats(items)
    new = [item for item in items if item.earlier is None and item.same_as is None]
    try:
        with transaction.atomic():
            _store_received(new)
    except IntegrityError:  # the same message arrived at the same moment through another path
        if len(files) > 1:
            return [result for file in files for result in _receive_batch(actor, [file])]
        _find_repeats(items)
        if items[0].earlier is None:
            raise
        return [items[0].earlier]
    batch = Batch(assignments=_assignments_by_pk(_assignment_numbers(new)))
    for item in new:
        if item.head is not None:
            _handle(actor, item, batch)
    answers = [_conclude(item) for item in new if item.head is not None]
    Bericht.objects.bulk_update([item.message for item in new if item.head is not None], ["status", "problems"])
    Bericht.objects.bulk_create([answer for answer in answers if answer is not None])
    log_changes(actor=actor, entries=[entry for item in new for entry in item.changes + _log_entries(item)])
    notify_many(batch.notifications)
    outgoing = [(a.file_name, bytes(a.raw)) for a in answers if a is not None and a.status == Bericht.Status.VERSTUURD]
    if outgoing:
        transaction.on_commit(lambda: [mailbox().send(name, raw) for name, raw in outgoing])
    return [_result(item) for item in items]


def _read(name: str, raw: bytes) -> _Item:
    item = _Item(name=name[:255], raw=raw)
    try:
        item.root = parse(raw)
        item.head = header(item.root)
    except Unreadable as exc:
        item.root, item.unreadable = None, str(exc)
    return item


def _key(head: Header) -> tuple[str, str, str]:
    return head.sender, head.kind, head.identification


def _find_repeats(items: list[_Item]) -> None:
    """Mark the repeats of a message received before (one query) or earlier in the same batch."""
    identified = [item for item in items if item.head is not None and item.head.identification]
    earlier = {(m.sender, m.kind, m.identification): m for m in Bericht.objects.filter(direction=Bericht.Direction.IN,
                                               identification__in={i.head.identification for i in identified})}
    firsts: dict[tuple[str, str, str], _Item] = {}
    for item in identified:
        key = _key(item.head)
        if key in earlier:
            message = earlier[key]
            item.earlier = Received(message, message.answers.first(), duplicate=True, problems=message.problems)
        elif key in firsts:
            item.same_as = firsts[key]
        else:
            firsts[key] = item


def _store_received(items: list[_Item]) -> None:
    """Check every new message's header (its gemeente and provider in one query each, its schema) and insert them
    all in one statement, each as it came."""
    heads = [item.head for item in items if item.head is not None]
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(cbs_code__in={h.receiver for h in heads})}
    providers = {o.agb_code: o for o in Organisatie.objects.filter(agb_code__in={h.sender for h in heads if h.sender})}
    now = clock.now()
    for item in items:
        common = {"direction": Bericht.Direction.IN, "raw": item.raw, "file_name": item.name, "at": now,
                  "sha256": hashlib.sha256(item.raw).hexdigest(), "size": len(item.raw)}
        if item.head is None:
            item.problems = [{"uitleg": item.unreadable}]
            item.message = Bericht(status=Bericht.Status.ONLEESBAAR, problems=item.problems, **common)
            continue
        head = item.head
        gemeente, provider = gemeenten.get(head.receiver), providers.get(head.sender)
        item.header_codes, item.problems = _header_check(item, gemeente, provider)
        item.handler = HANDLERS.get(head.kind[-3:]) if not item.header_codes else None
        item.message = Bericht(kind=head.kind, gemeente=gemeente, provider=provider, sender=head.sender,
                               identification=head.identification, dated=head.dated,
                               status=Bericht.Status.NIET_VERWERKT, problems=[], **common)
    Bericht.objects.bulk_create([item.message for item in items])


def _header_check(item: _Item, gemeente, provider) -> tuple[list[str], list[dict]]:
    """The return codes of the header (schema, date, receiver, sender) and the problems found, in words."""
    head = item.head
    invalid = schema_errors(head.kind, item.root)
    codes: list[str] = []
    problems: list[dict] = []
    if invalid:
        codes = [TECHNICAL]
        problems = [{"code": TECHNICAL, "uitleg": explain(TECHNICAL)}] + [{"uitleg": e} for e in invalid]
    elif head.dated and head.dated > clock.today():
        codes = [FUTURE_DATE]
    if gemeente is None and not invalid:
        problems.append({"uitleg": f"De ontvanger {head.receiver} is geen gemeente in Toegang."})
        codes = codes or [TECHNICAL]
    if provider is None and not invalid:
        problems.append({"uitleg": f"De afzender {head.sender} is geen bekende aanbieder (AGB-code)."})
        codes = codes or [TECHNICAL]
    return codes, problems


def _assignment_numbers(items: list[_Item]) -> list[int]:
    """The assignment numbers the batch's start and stop messages name."""
    numbers = []
    for item in items:
        if item.handler is _apply_start_stop:
            ns = etree.QName(item.root).namespace
            numbers += [int(n.text) for n in item.root.iterfind(f".//{{{ns}}}ToewijzingNummer")
                        if (n.text or "").strip().isdigit()]
    return numbers


def _assignments_by_pk(numbers: list[int]) -> dict[int, Toewijzing | None]:
    # one narrow query: a wide select_related costs more to compile than the database takes to answer (issue 14)
    found = {t.pk: t for t in Toewijzing.objects.filter(pk__in=numbers)
             .select_related("indicatie__client", "indicatie__casus").only(
                 "pk", "gemeente_id", "provider_id", "status", "start", "end", "started_on", "version",
                 "product_code", "indicatie__client_id", "indicatie__casus_id", "indicatie__client__bsn",
                 "indicatie__casus__case_director_id")} if numbers else {}
    return {pk: found.get(pk) for pk in numbers}


def _handle(actor: Actor, item: _Item, batch: Batch) -> None:
    """Run the message's handler and build its return message in one savepoint of their own: a fault of Toegang's
    own in either rolls back the handler's work and what it recorded for the change log and the inbox, and nothing
    else. The rows it recorded stay with the item, so the log reads message by message (`_log_entries`)."""
    head, message = item.head, item.message
    mark = batch.mark()
    try:
        # a handler writes: its own savepoint; building an answer alone writes nothing to roll back
        with transaction.atomic() if item.handler is not None else nullcontext():
            if item.handler is not None:
                item.outcome = item.handler(actor=actor, root=item.root, head=head, gemeente=message.gemeente,
                                            provider=message.provider, message=message, batch=batch)
            item.built = item.outcome.answer or _build_answer(item)
    except Exception as exc:
        logger.exception("bericht %s van %s niet verwerkt", head.kind, head.sender)
        item.fault = exc
        batch.rollback(mark)
        return
    item.changes = batch.changes[mark[0]:]


def _conclude(item: _Item) -> Bericht | None:
    """The message's status and problems from what its header and handler found, and its return message (not
    stored yet; validated against its schema)."""
    head, message, outcome = item.head, item.message, item.outcome
    standard = standard_of(head.kind)
    if item.fault is not None:
        message.status, message.problems = Bericht.Status.NIET_VERWERKT, [{"uitleg": FAULT}]
        return None
    built = item.built
    problems = list(item.problems)
    if item.handler is not None:
        problems += _problems([c for codes in outcome.product_codes or [] for c in codes], standard.key)
        problems += outcome.problems
    else:
        problems += _problems(item.header_codes, standard.key)
    rejected = item.header_codes or outcome.rejected or any(c != NO_REMARKS for codes in outcome.product_codes or []
                                                             for c in codes)
    message.status = (Bericht.Status.AFGEKEURD if rejected
                      else Bericht.Status.VERWERKT if item.handler is not None else Bericht.Status.NIET_VERWERKT)
    message.problems = problems
    if built is None:
        return None
    identification, raw = built
    answer_root = etree.fromstring(raw)
    kind = etree.QName(answer_root).namespace.rsplit("/", 2)[-2].upper()
    errors = schema_errors(kind, answer_root)
    item.answer = Bericht(direction=Bericht.Direction.OUT, kind=kind, gemeente=message.gemeente,
                          provider=message.provider, sender=head.receiver, identification=identification,
                          dated=clock.today(), raw=raw, file_name=f"{kind}-{identification}.xml",
                          status=Bericht.Status.VERSTUURD if not errors else Bericht.Status.AFGEKEURD,
                          problems=[{"uitleg": e} for e in errors], answer_to=message,
                          sha256=hashlib.sha256(raw).hexdigest(), size=len(raw), at=clock.now())
    return item.answer


def _build_answer(item: _Item) -> tuple[str, bytes] | None:
    outcome, head = item.outcome, item.head
    identification = build.new_identification()
    raw = build.return_message(head.kind, item.root if outcome.client_codes is not None else None, head,
                               identification=identification, header_codes=item.header_codes,
                               client_codes=outcome.client_codes, product_codes=outcome.product_codes)
    return (identification, raw) if raw is not None else None


def _log_entries(item: _Item) -> list[dict]:
    """The change-log rows of one received message: its receipt (or why it could not be read or processed) and its
    answer."""
    message, head = item.message, item.head
    if head is None:
        return [{"event": "bericht.onleesbaar", "obj": message, "new": {"bestand": item.name,
                                                                        "reden": item.unreadable}}]
    gemeente_id = message.gemeente_id
    if item.fault is not None:
        return [{"event": "bericht.niet_verwerkt", "obj": message, "gemeente_id": gemeente_id,
                 "new": {"soort": head.kind, "afzender": head.sender, "fout": type(item.fault).__name__}}]
    entries = [{"event": "bericht.ontvangen", "obj": message, "gemeente_id": gemeente_id,
                "new": {"soort": head.kind, "afzender": head.sender, "identificatie": head.identification,
                        "status": message.status,
                        "bevindingen": [p.get("code") or p["uitleg"] for p in message.problems]}}]
    if item.answer is not None:
        entries.append({"event": "bericht.verstuurd", "obj": item.answer, "gemeente_id": gemeente_id,
                        "new": {"soort": item.answer.kind, "identificatie": item.answer.identification,
                                "antwoord_op": message.pk, "retourcodes": item.header_codes}})
    return entries


def _result(item: _Item) -> Received:
    if item.earlier is not None:
        return item.earlier
    if item.same_as is not None:
        first = item.same_as
        return Received(first.message, first.answer, duplicate=True, problems=first.message.problems)
    return Received(item.message, item.answer, problems=item.message.problems)


def _apply_start_stop(*, actor, root, head, gemeente, provider, message, batch: Batch) -> Outcome:
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
        toewijzing = batch.assignment(int(number)) if number.isdigit() else None
        if toewijzing is not None and (toewijzing.gemeente_id != gemeente.pk or toewijzing.provider_id != provider.pk
                                       or toewijzing.indicatie.client.bsn != bsn):
            toewijzing = None
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
            toewijzing.status, toewijzing.started_on = Toewijzing.Status.GESTART, begin  # the batch's copy
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
            toewijzing.status = Toewijzing.Status.BEEINDIGD
            event, new = "toewijzing.beeindigd", {"einddatum": end, "reden": text("RedenBeeindiging")}
        toewijzing.version += 1
        batch.log(event=event, obj=toewijzing, gemeente_id=toewijzing.gemeente_id,
                  subject_ids=[toewijzing.indicatie.client_id],
                  new={"nummer": toewijzing.number, "aanbieder_naam": provider.name,
                       "casus": toewijzing.indicatie.casus_id, **new})
        _tell_case_director(batch, toewijzing, provider, started=start)
        codes.append([NO_REMARKS])
    return Outcome(client_codes=[NO_REMARKS], product_codes=codes)


def _tell_case_director(batch: Batch, toewijzing: Toewijzing, provider, *, started: bool) -> None:
    """The feedback the case director waits for (seed 003 §3.7: arrived, started, progress, ended): a notification
    when the provider reports care started or ended, linking to the case."""
    casus = toewijzing.indicatie.casus
    if casus is None or casus.case_director_id is None:
        return
    text = (gettext_noop("%(aanbieder)s is gestart met de zorg bij casus %(casus)s.") if started
            else gettext_noop("%(aanbieder)s heeft de zorg bij casus %(casus)s beëindigd."))
    batch.notify(recipient_ids=[casus.case_director_id], text=text, params={"aanbieder": provider.name,
                                                                           "casus": casus.pk},
                 url=reverse("cases:case", args=[casus.pk]), subject=toewijzing)


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def receive_from_mailbox(*, actor: Actor) -> Iterator[Received]:
    """Every file waiting in the hub's inbox, each stored and answered, then moved aside (the scheduled job, the
    command). One pickup at a time: one that starts while another runs (two workers, beat beside a cron job, a pickup
    slower than its schedule) reads nothing and leaves the inbox to the running one (docs/operations.md)."""
    with exclusive("berichten-ophalen") as mine:
        if not mine:
            logger.info("berichten ophalen: een andere ophaalronde loopt al; deze slaat over")
            return
        box = mailbox()
        yield from receive_many(actor=actor, files=box.receive(), done=box.done)


# the kinds whose content Toegang acts on (by the number after JW/WMO); the others are kept, validated and answered
HANDLERS: dict[str, Callable[..., Outcome]] = {
    "305": _apply_start_stop,
    "307": _apply_start_stop,
    "323": lambda **kwargs: Outcome(**declarations.assess_declaration(**kwargs)),  # declarations.py
}
