"""The provider's side, for the demo and the tests (issue 14 item 9; docs/messaging.md "The provider's side").

What a provider's system sends about the assignments Toegang sent it: start messages, an end message, a request for
change and monthly declarations with one line over the assigned volume. Built with the same Writer as Toegang's own
messages, valid against the official schemas, dropped into the hub's inbox and read through the same path as a real
provider's files (actions.receive_from_mailbox). File names and identifications follow from what they are about, so
running the simulation again sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

from toegang.core import clock
from toegang.core.actor import Actor

from .actions import receive_from_mailbox
from .build import Writer, write_name
from .declarations import periods
from .models import Bericht, Toewijzing
from .standards import BY_LAW, message_code, structure_check_for
from .transport import FolderMailbox

COMPLETED = "31"  # LDT_RedenBeeindiging: Levering is volgens plan beeindigd.
CLIENT_SITUATION = "1"  # LDT_RedenVerzoek: Verandering clientsituatie.
DELIVERED = "1"  # LDT_StatusAanlevering: eerste aanlevering


@dataclass
class Sent:
    """What the simulated providers put in the inbox, by kind of message."""
    files: list[tuple[str, bytes]] = field(default_factory=list)

    def count(self, number: str) -> int:
        return sum(1 for name, _ in self.files if name.split("-", 1)[0].endswith(number))


def _identification(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:12]


def _begin(w: Writer, kind: str, toewijzing: Toewijzing, name: str, dated: dt.date):
    root = w.root()
    header = w.el(root, "Header")
    w.el(header, "BerichtCode", message_code(kind))
    w.el(header, "BerichtVersie", "3")
    w.el(header, "BerichtSubversie", "2")
    w.el(header, "Afzender", toewijzing.provider.agb_code)
    w.el(header, "Ontvanger", toewijzing.gemeente.cbs_code)
    ident = w.el(header, "BerichtIdentificatie")
    w.el(ident, "Identificatie", _identification(name), basis=True)
    w.el(ident, "Dagtekening", dated.isoformat(), basis=True)
    w.xsd_version(header, "XsdVersie")
    return root


def _client(w: Writer, root, resident, *, full: bool = True):
    client = w.el(root, "Client")
    w.el(client, "Bsn", resident.bsn)
    if full:
        birth = w.el(client, "Geboortedatum")
        w.el(birth, "Datum", resident.geboortedatum.isoformat(), basis=True)
        w.el(client, "Geslacht", resident.geslacht if resident.geslacht in {"0", "1", "2"} else "0")
        write_name(w, client, resident)
        naam = client[-1]
        naam.remove(naam[-1])  # NaamGebruik: in the assignment, not in the provider's messages (JW305/JW307 Naam)
    return client


def _product(w: Writer, parent, toewijzing: Toewijzing) -> None:
    w.el(parent, "ToewijzingNummer", toewijzing.number)
    product = w.el(parent, "Product")
    w.el(product, "Categorie", toewijzing.product_category, basis=True)
    w.el(product, "Code", toewijzing.product_code, basis=True)
    w.el(parent, "ToewijzingIngangsdatum", toewijzing.start.isoformat())


def _finish(kind: str, root) -> bytes:
    check = structure_check_for(kind, root)
    if check is not None:
        schema, document = check
        schema.assertValid(document)  # a simulated provider sends nothing its own standard would refuse
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def start_message(toewijzing: Toewijzing, *, begin: dt.date, dated: dt.date) -> tuple[str, bytes]:
    """JW305/WMO305: care for this assignment began on `begin`."""
    kind = f"{BY_LAW[toewijzing.law].prefix}305"
    name = f"{kind}-{toewijzing.number}.xml"
    w = Writer(BY_LAW[toewijzing.law], kind)
    root = _begin(w, kind, toewijzing, name, dated)
    products = w.el(_client(w, root, toewijzing.indicatie.client), "StartProducten")
    product = w.el(products, "StartProduct")
    _product(w, product, toewijzing)
    w.el(product, "Begindatum", begin.isoformat())
    w.el(product, "StatusAanlevering", DELIVERED)
    return name, _finish(kind, root)


def stop_message(toewijzing: Toewijzing, *, end: dt.date, dated: dt.date,
                 reason: str = COMPLETED) -> tuple[str, bytes]:
    """JW307/WMO307: care for this assignment ended on `end` (by default: as planned)."""
    kind = f"{BY_LAW[toewijzing.law].prefix}307"
    name = f"{kind}-{toewijzing.number}.xml"
    w = Writer(BY_LAW[toewijzing.law], kind)
    root = _begin(w, kind, toewijzing, name, dated)
    products = w.el(_client(w, root, toewijzing.indicatie.client), "StopProducten")
    product = w.el(products, "StopProduct")
    _product(w, product, toewijzing)
    w.el(product, "Begindatum", toewijzing.started_on.isoformat())
    w.el(product, "RedenBeeindiging", reason)
    w.el(product, "Einddatum", end.isoformat())
    w.el(product, "StatusAanlevering", DELIVERED)
    return name, _finish(kind, root)


def change_request(toewijzing: Toewijzing, *, volume: int, from_day: dt.date, dated: dt.date,
                   unchanged: list[Toewijzing] = ()) -> tuple[str, bytes]:
    """JW317/WMO317: the provider asks to change the assignment's volume from `from_day`, naming the client's other
    current assignments with it as unchanged (the standard wants all of them named: retourcode 9349)."""
    kind = f"{BY_LAW[toewijzing.law].prefix}317"
    name = f"{kind}-{toewijzing.number}.xml"
    w = Writer(BY_LAW[toewijzing.law], kind)
    root = _begin(w, kind, toewijzing, name, dated)
    request = w.el(_client(w, root, toewijzing.indicatie.client, full=False), "Verzoek")
    w.el(request, "ReferentieAanbieder", f"SIM{toewijzing.number}")
    w.el(request, "RedenVerzoek", CLIENT_SITUATION)
    if unchanged:
        others = w.el(request, "OngewijzigdeProducten")
        for other in unchanged:
            w.el(w.el(others, "OngewijzigdProduct"), "ToewijzingNummer", other.number)
    changing = w.el(w.el(request, "TeWijzigenProducten"), "TeWijzigenProduct")
    w.el(changing, "ToewijzingNummer", toewijzing.number)
    w.el(changing, "GewensteIngangsdatum", from_day.isoformat())
    w.el(changing, "Einddatum", toewijzing.end.isoformat())
    omvang = w.el(changing, "Omvang")
    w.el(omvang, "Volume", volume, basis=True)
    w.el(omvang, "Eenheid", toewijzing.unit, basis=True)
    w.el(omvang, "Frequentie", toewijzing.frequency, basis=True)
    return name, _finish(kind, root)


def declaration(toewijzingen: list[Toewijzing], *, month: dt.date, dated: dt.date,
                over: Toewijzing | None = None) -> tuple[str, bytes]:
    """JW323/WMO323: one provider's claim to one gemeente for one calendar month, a line per assignment with care
    in that month: one period's assigned volume at the decision's tariff — and for `over` one period more than the
    line's own period allows (declarations.py: the volume rule), so the answer rejects that line."""
    first = toewijzingen[0]
    kind = f"{BY_LAW[first.law].prefix}323"
    name = f"{kind}-{first.provider.agb_code}-{first.gemeente.cbs_code}-{month:%Y-%m}.xml"
    w = Writer(BY_LAW[first.law], kind)
    root = _begin(w, kind, first, name, dated)
    last_day = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    claim = w.el(root, "Declaratie")
    w.el(claim, "DeclaratieNummer", f"SIM{month:%Y%m}")
    period = w.el(claim, "DeclaratiePeriode")
    w.el(period, "Begindatum", month.isoformat(), basis=True)
    w.el(period, "Einddatum", last_day.isoformat(), basis=True)
    w.el(claim, "DeclaratieDagtekening", dated.isoformat())
    total = w.el(claim, "TotaalIngediendBedrag")
    total_amount = w.el(total, "TotaalBedrag", basis=True)
    w.el(total, "DebetCredit", "D", basis=True)
    clients = w.el(claim, "Clienten")
    by_client: dict[int, list[Toewijzing]] = {}
    for toewijzing in toewijzingen:
        by_client.setdefault(toewijzing.indicatie.client_id, []).append(toewijzing)
    amount_sum = 0
    for lines in by_client.values():
        client = w.el(clients, "Client")
        w.el(client, "Bsn", lines[0].indicatie.client.bsn)
        prestaties = w.el(client, "Prestaties")
        for toewijzing in lines:
            begin, end = max(month, toewijzing.started_on or toewijzing.start), min(last_day, toewijzing.end)
            volume = toewijzing.volume
            if over is not None and toewijzing.pk == over.pk:  # one period more than the line's period allows
                volume = toewijzing.volume * (periods(toewijzing.frequency, begin, end) + 1)
            tariff = int((toewijzing.indicatie.tariff * 100).to_integral_value()) if toewijzing.indicatie.tariff \
                else 0
            line = w.el(prestaties, "Prestatie")
            reference = w.el(line, "ProductReferentie")
            w.el(reference, "ReferentieNummer", f"SIM{toewijzing.number}M{month:%Y%m}", basis=True)
            w.el(line, "ToewijzingNummer", toewijzing.number)
            w.el(line, "ProductCategorie", toewijzing.product_category)
            w.el(line, "ProductCode", toewijzing.product_code)
            product_period = w.el(line, "ProductPeriode")
            w.el(product_period, "Begindatum", begin.isoformat(), basis=True)
            w.el(product_period, "Einddatum", end.isoformat(), basis=True)
            w.el(line, "GeleverdVolume", volume)
            w.el(line, "Eenheid", toewijzing.unit)
            w.el(line, "ProductTarief", tariff)
            submitted = w.el(line, "IngediendBedrag")
            w.el(submitted, "Bedrag", volume * tariff, basis=True)
            w.el(submitted, "DebetCredit", "D", basis=True)
            amount_sum += volume * tariff
    total_amount.text = str(amount_sum)
    return name, _finish(kind, root)


# --- a day of the providers' systems -------------------------------------------------------------------------------

def _months(first: dt.date, before: dt.date):
    month = first.replace(day=1)
    while month < before.replace(day=1):
        yield month
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def providers_day(today: dt.date | None = None) -> Sent:
    """What the providers send today about the assignments Toegang sent them (read-only: it writes no record)."""
    today = today or clock.today()
    sent = Sent()
    received = set(Bericht.objects.filter(direction=Bericht.Direction.IN).exclude(file_name="")
                   .values_list("file_name", flat=True))
    assignments = list(Toewijzing.objects.exclude(provider__agb_code="").select_related(
        "provider", "gemeente", "indicatie__client").filter(indicatie__client__bsn__gt="").order_by("pk"))

    def send(built: tuple[str, bytes]) -> None:
        if built[0] not in received:
            sent.files.append(built)

    started = []
    for toewijzing in assignments:
        if toewijzing.status == Toewijzing.Status.TOEGEWEZEN and toewijzing.start <= today \
                and toewijzing.end > toewijzing.start:
            send(start_message(toewijzing, begin=toewijzing.start, dated=today))
            toewijzing.started_on = toewijzing.start  # as the provider's own records now have it
            started.append(toewijzing)
        elif toewijzing.status == Toewijzing.Status.GESTART:
            started.append(toewijzing)
    for toewijzing in started:
        if toewijzing.end < today:
            send(stop_message(toewijzing, end=toewijzing.end, dated=today))
    running = [t for t in started if t.end >= today]
    if running:  # one provider asks for more of the first running assignment, from next month
        first = running[0]
        next_month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        if next_month <= first.end:
            others = [t for t in assignments if t.pk != first.pk and t.provider_id == first.provider_id
                      and t.gemeente_id == first.gemeente_id and t.indicatie.client_id == first.indicatie.client_id
                      and t.status != Toewijzing.Status.BEEINDIGD and t.end >= today]
            send(change_request(first, volume=first.volume + 2, from_day=next_month, dated=today, unchanged=others))
    declared_over = False
    by_party: dict[tuple[int, int, str], list[Toewijzing]] = {}
    for toewijzing in started:
        by_party.setdefault((toewijzing.provider_id, toewijzing.gemeente_id, toewijzing.law), []).append(toewijzing)
    for group in by_party.values():
        for month in _months(min(t.started_on for t in group), today):
            last_day = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            lines = [t for t in group if t.started_on <= last_day and t.end >= month
                     and t.indicatie.tariff and t.indicatie.tariff > Decimal(0)]
            if not lines:
                continue
            over = lines[0] if not declared_over else None
            send(declaration(lines, month=month, dated=today, over=over))
            declared_over = True
    return sent


def do_simulate(*, actor: Actor, today: dt.date | None = None, read: bool = True):
    """Put today's provider messages in the hub's inbox folder (TOEGANG_BERICHTEN_IN, as the hub delivers them) and
    (`read`) read the inbox as the scheduled job does. Returns (what was put in, the results of reading)."""
    sent = providers_day(today)
    box = FolderMailbox()
    for name, raw in sent.files:
        box.deliver(name, raw)
    results = list(receive_from_mailbox(actor=actor)) if read else []
    return sent, results
