"""Declarations (issue 14 item 5; docs/messaging.md "Declaraties (JW323/JW325)"): a provider's JW323/WMO323 is
assessed line by line against its assignment and answered with a JW325/WMO325 that approves or rejects each
Prestatie with the standard's return codes (LDT_RetourCode in the basisschema, xsd/ijw-3.2/basisschema.xsd; iWmo's
list is the same). Approved lines are the realised spend of the budget page.

Called by actions.receive (HANDLERS["323"]) inside its transaction, after the message is stored and has passed its
schema and header checks; it records (through the import's batch, in its transaction) one event
declaratie.beoordeeld, and toewijzing.geleverd per assignment with approved delivery.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from lxml import etree

from toegang.core.actor import Actor
from toegang.provisions.models import Tarief

from . import build
from .models import Declaratie, DeclaratieRegel, Toewijzing
from .standards import explain, standard_of


class Recorder(Protocol):
    """Where a handler records its change-log rows: the import's batch (actions.receive.Batch), which writes them
    with the batch, in its transaction (actions imports this module, so it names the interface, not the class)."""

    def log(self, **entry) -> None: ...

# Return codes (basisschema LDT_RetourCode), one per rule
APPROVED = "0200"  # Geen opmerking over deze berichtklasse.
NOT_ASSESSED = "0233"  # Berichtklasse is niet beoordeeld.
WRONG_TARIFF = "0611"  # Het ingediende tarief komt niet overeen met het contractuele tarief
FULLY_APPROVED = "8001"  # Declaratie is volledig toegewezen.
CREDIT_WITHOUT_DEBIT = "8017"  # Van deze credit prestatie is geen debet prestatie bekend.
REFERENCE_REPEATED = "8021"  # Referentienummer prestatie is reeds aangeleverd.
OTHER_CLIENT = "8187"  # De prestatie hoort niet bij deze client.
BEGIN_OUTSIDE = "9307"  # Begindatum prestatie ligt niet tussen de ingangsdatum en einddatum toewijzing
END_OUTSIDE = "9308"  # Einddatum prestatie ligt niet tussen de ingangsdatum en einddatum toewijzing
OUTSIDE_DECLARATION_PERIOD = "9319"  # De ProductPeriode valt niet geheel binnen een DeclaratiePeriode.
OVER_VOLUME = "9321"  # Het ingediende volume overschrijdt het toegewezen volume.
OVER_TOTAL_VOLUME = "9322"  # De som van de ingediende volumes overschrijdt het toegewezen volume
NUMBER_REPEATED = "9333"  # Declaratienummer is niet uniek
NO_ASSIGNMENT = "9338"  # Niet iedere prestatie ... is gerelateerd aan een toegewezen product (toewijzingnummer)
OTHER_CATEGORY = "9339"  # ProductCategorie in de prestatie is niet gelijk aan die in het ToegewezenProduct.
OTHER_PRODUCT = "9340"  # ProductCode in de Prestatie is niet gelijk aan ProductCode in het ToegewezenProduct.
OTHER_UNIT = "9341"  # Eenheid in de Prestatie past niet bij Eenheid in het ToegewezenProduct
WRONG_AMOUNT = "9346"  # IngediendBedrag is niet gelijk aan GeleverdVolume vermenigvuldigd met ProductTarief
DOUBLE_CLAIM = "9361"  # Het product komt vaker voor met overlappende zorgperiodes.
OVER_BUDGET = "9369"  # Budget is meegegeven, maar de som van GeleverdVolume ... past niet binnen het Budget.
ALREADY_CREDITED = "9390"  # Er is al een Prestatie met gelijk ProductReferentie met waarde Credit
NOT_MONTH_START = "9387"  # Begindatum ProductPeriode niet de eerste dag van de kalendermaand, toewijzing niet later
NOT_MONTH_END = "9388"  # Einddatum ProductPeriode niet de laatste dag van de kalendermaand, toewijzing niet eerder
TECHNICAL = "0001"  # Bericht is afgekeurd om technische redenen.

EURO = "83"  # LDT_Eenheid 83: Euro's, the assignment is a budget
TOTAL = "6"  # LDT_Frequentie 6: Totaal binnen geldigheidsduur toewijzing


@dataclass
class Line:
    """One Prestatie as declared, and what the assessment made of it."""
    position: int
    bsn: str
    reference: str
    previous_reference: str
    number: str
    category: str
    code: str
    start: dt.date
    end: dt.date
    volume: int
    unit: str
    tariff: int | None
    amount: int
    credit: bool
    toewijzing: Toewijzing | None = None
    codes: list[str] | None = None


def assess_declaration(*, actor: Actor, root, head, gemeente, provider, message, batch: Recorder) -> dict:
    """Assess every Prestatie of a JW323/WMO323 against its assignment and answer with a JW325/WMO325.

    Rules, each with its return code (the constants above): the line names an assignment of this provider and
    gemeente (9338) for this client (8187) with the same product category, code and unit (9339, 9340, 9341); its
    period lies inside the declaration period (9319) and inside the assignment, from the day care started when a
    start message said so and up to the day it ended (9307 begin, 9308 end); the amount is volume × tariff (9346)
    and the tariff the contract's (0611: equal to a fixed tariff, at most a maximum price); the reference was not
    sent before (8021); no approved line of the same assignment overlaps its period (9361); the volume is within
    what the assignment allows for the line's period (9321) and, with the approved lines before it, over the whole
    assignment (9322; 9369 for a budget in euros). A credit line must reverse an approved debit line of this
    provider (8017), once (9390). A declaration number sent before rejects the whole declaration (9333, lines 0233).

    Returns the fields of actions.Outcome: the answer, the findings per rejected line, and `rejected` when no line
    was approved. Event declaratie.beoordeeld."""
    ns = etree.QName(root).namespace
    basis = standard_of(head.kind).basis

    def own(name: str) -> str:
        return f"{{{ns}}}{name}"

    def base(name: str) -> str:
        return f"{{{basis}}}{name}"

    source = root.find(own("Declaratie"))
    number = source.findtext(own("DeclaratieNummer")).strip()
    period = source.find(own("DeclaratiePeriode"))
    declared_from, declared_to = _date(period.findtext(base("Begindatum"))), _date(period.findtext(base("Einddatum")))
    total = source.find(own("TotaalIngediendBedrag"))
    lines = _lines(source, own, base)

    repeated = Declaratie.objects.filter(provider=provider, number=number).exists()
    total_cents = _signed(int(total.findtext(base("TotaalBedrag"))), total.findtext(base("DebetCredit")))
    # iJw/iWmo 3.2: TotaalIngediendBedrag is the sum of the lines' IngediendBedrag (debit minus credit); the code
    # list has no code of its own for it, so a declaration that does not add up is refused whole as not
    # processable (0001) with the difference in words, and no line is assessed
    lines_cents = sum(line.amount for line in lines)
    if repeated or total_cents != lines_cents:
        for line in lines:
            line.codes = [NOT_ASSESSED]
    else:
        _assess(lines, gemeente=gemeente, provider=provider, declared=(declared_from, declared_to))

    approved = [line for line in lines if line.codes == [APPROVED]]
    approved_cents = sum(line.amount for line in approved)
    declaratie = Declaratie.objects.create(
        bericht=message, gemeente=gemeente, provider=provider, number=number, period_start=declared_from,
        period_end=declared_to, dated=_date(source.findtext(own("DeclaratieDagtekening"))),
        total_cents=total_cents, approved_cents=approved_cents)
    DeclaratieRegel.objects.bulk_create([
        DeclaratieRegel(declaratie=declaratie, toewijzing=line.toewijzing, assignment_number=line.number[:20],
                        reference=line.reference[:40], previous_reference=line.previous_reference[:40],
                        product_category=line.category, product_code=line.code, period_start=line.start,
                        period_end=line.end, volume=line.volume, unit=line.unit, tariff_cents=line.tariff,
                        amount_cents=line.amount, credit=line.credit, return_codes=line.codes,
                        status=DeclaratieRegel.Status.GOEDGEKEURD if line.codes == [APPROVED]
                        else DeclaratieRegel.Status.AFGEKEURD, position=line.position)
        for line in lines])
    declaration_codes = [NUMBER_REPEATED] if repeated else [TECHNICAL] if total_cents != lines_cents \
        else [FULLY_APPROVED] if len(approved) == len(lines) else [APPROVED]
    standard_key = standard_of(head.kind).key
    problems = [{"code": code, "uitleg": explain(code, standard_key)} for code in declaration_codes
                if code in (NUMBER_REPEATED, TECHNICAL)]
    if not repeated and total_cents != lines_cents:
        problems.append({"uitleg": f"Het totaal van de declaratie ({_euro(total_cents)}) is niet de som van de "
                                   f"prestaties ({_euro(lines_cents)}); geen prestatie is beoordeeld."})
    problems += [{"code": code, "uitleg": f"Prestatie {line.reference}: {explain(code, standard_key)}"}
                 for line in lines if line.codes not in ([APPROVED], [NOT_ASSESSED]) for code in line.codes]
    batch.log(event="declaratie.beoordeeld", obj=declaratie, gemeente_id=gemeente.pk,
               subject_ids=sorted({line.toewijzing.indicatie.client_id for line in lines if line.toewijzing}),
               new={"declaratienummer": number, "bericht": message.pk, "toegekend_cent": approved_cents,
                    "regels": [{"referentie": line.reference, "toewijzing": line.number, "retourcodes": line.codes}
                               for line in lines]})
    _report_delivery(batch, approved, provider)
    identification = build.new_identification()
    raw = build.declaration_answer(root, head, identification=identification, header_codes=[],
                                   line_codes=[line.codes for line in lines], approved_cents=approved_cents,
                                   declaration_codes=declaration_codes)
    return {"answer": (identification, raw), "problems": problems, "rejected": not approved}


def _report_delivery(batch: Recorder, approved: list[Line], provider) -> None:
    """How care progresses (seed 003 §3.7: arrived, started, progress, ended): per assignment with approved debit
    lines, one event toewijzing.geleverd with the last day delivered — the case's timeline shows it, the referrer
    reads "zorg loopt" (intake.queries._care_counts). No amounts, no volumes: those stay in the declaration."""
    delivered: dict[int, tuple[Toewijzing, dt.date]] = {}
    for line in approved:
        if not line.credit:
            known = delivered.get(line.toewijzing.pk)
            delivered[line.toewijzing.pk] = (line.toewijzing, max(line.end, known[1]) if known else line.end)
    for toewijzing, until in delivered.values():
        batch.log(event="toewijzing.geleverd", obj=toewijzing, gemeente_id=toewijzing.gemeente_id,
                  subject_ids=[toewijzing.indicatie.client_id],
                  new={"nummer": toewijzing.number, "aanbieder_naam": provider.name,
                       "casus": toewijzing.indicatie.casus_id, "geleverd_tot": until})


def _lines(source, own, base) -> list[Line]:
    lines = []
    for client in source.find(own("Clienten")):
        bsn = client.findtext(own("Bsn")).strip()
        for prestatie in client.find(own("Prestaties")):
            def text(name: str, element=prestatie) -> str:
                return (element.findtext(own(name)) or "").strip()
            reference = prestatie.find(own("ProductReferentie"))
            period = prestatie.find(own("ProductPeriode"))
            amount = prestatie.find(own("IngediendBedrag"))
            credit = amount.findtext(base("DebetCredit")) == "C"
            tariff = text("ProductTarief")
            lines.append(Line(
                position=len(lines), bsn=bsn, reference=reference.findtext(base("ReferentieNummer")).strip(),
                previous_reference=(reference.findtext(base("VorigReferentieNummer")) or "").strip(),
                number=text("ToewijzingNummer"), category=text("ProductCategorie"), code=text("ProductCode"),
                start=_date(period.findtext(base("Begindatum"))), end=_date(period.findtext(base("Einddatum"))),
                volume=_signed(int(text("GeleverdVolume")), "C" if credit else "D"), unit=text("Eenheid"),
                tariff=int(tariff) if tariff else None,
                amount=_signed(int(amount.findtext(base("Bedrag"))), "C" if credit else "D"), credit=credit))
    return lines


def _assess(lines: list[Line], *, gemeente, provider, declared: tuple[dt.date, dt.date]) -> None:
    """Sets `codes` on every line: [0200] when approved, else the codes of every rule it breaks. Lines earlier in
    the same message count as approved before the later ones (in document order). Four queries, whatever the size."""
    numbers = {int(line.number) for line in lines if line.number.isdigit()}
    assignments = {t.pk: t for t in Toewijzing.objects.filter(pk__in=numbers, gemeente=gemeente, provider=provider)
                   .select_related("indicatie__client")}
    approved = [dict(row) for row in DeclaratieRegel.objects.filter(
        toewijzing_id__in=assignments, status=DeclaratieRegel.Status.GOEDGEKEURD)
        .values("toewijzing_id", "period_start", "period_end", "volume", "reference", "previous_reference", "credit")]
    references = {line.reference for line in lines} | {line.previous_reference for line in lines}
    earlier = list(DeclaratieRegel.objects.filter(declaratie__provider=provider, reference__in=references)
                   .values("reference", "previous_reference", "credit", "status", "toewijzing_id"))
    tariffs = list(Tarief.objects.filter(product_id__in={t.indicatie.product_id for t in assignments.values()}))
    for line in lines:
        line.toewijzing = assignments.get(int(line.number)) if line.number.isdigit() else None
        if line.toewijzing is None:
            line.codes = [NO_ASSIGNMENT]
            continue
        codes = _line_codes(line, line.toewijzing, declared=declared, approved=approved, earlier=earlier,
                            tariffs=tariffs)
        line.codes = codes or [APPROVED]
        earlier.append({"reference": line.reference, "previous_reference": line.previous_reference,
                        "credit": line.credit, "toewijzing_id": line.toewijzing.pk,
                        "status": DeclaratieRegel.Status.GOEDGEKEURD if not codes else DeclaratieRegel.Status.AFGEKEURD})
        if not codes:
            approved.append({"toewijzing_id": line.toewijzing.pk, "period_start": line.start,
                             "period_end": line.end, "volume": line.volume, "reference": line.reference,
                             "previous_reference": line.previous_reference, "credit": line.credit})


def _line_codes(line: Line, toewijzing: Toewijzing, *, declared, approved, earlier, tariffs) -> list[str]:
    codes = []
    if toewijzing.indicatie.client.bsn != line.bsn:
        codes.append(OTHER_CLIENT)
    if line.category != toewijzing.product_category:
        codes.append(OTHER_CATEGORY)
    if line.code != toewijzing.product_code:
        codes.append(OTHER_PRODUCT)
    if line.unit != toewijzing.unit:
        codes.append(OTHER_UNIT)
    if line.start > line.end or line.start < declared[0] or line.end > declared[1]:
        codes.append(OUTSIDE_DECLARATION_PERIOD)
    # care is paid from the day it started (a JW305 said so) up to the day it ended (JW307), within the assignment
    first = toewijzing.started_on or toewijzing.start
    last = min(toewijzing.end, toewijzing.ended_on) if toewijzing.ended_on else toewijzing.end
    if not first <= line.start <= last:
        codes.append(BEGIN_OUTSIDE)
    if not first <= line.end <= last:
        codes.append(END_OUTSIDE)
    # iJw/iWmo 3.2: a line covers whole calendar months, except where care begins or ends inside the month (the
    # assignment's start or end, or — Toegang's reading — the day a start or stop message named)
    if line.start.day != 1 and not (_same_month(first, line.start) and first.day > 1):
        codes.append(NOT_MONTH_START)
    if line.end != _month_end(line.end) and not (_same_month(last, line.end) and last < _month_end(line.end)):
        codes.append(NOT_MONTH_END)
    if line.unit != EURO and line.tariff is not None and abs(line.amount) != abs(line.volume) * line.tariff:
        codes.append(WRONG_AMOUNT)
    if line.unit != EURO and line.tariff is not None and not _contract_tariff_allows(line, toewijzing, tariffs):
        codes.append(WRONG_TARIFF)
    if line.credit:
        return codes + _credit_codes(line, toewijzing, earlier)
    if any(row["reference"] == line.reference and not row["credit"] for row in earlier):
        codes.append(REFERENCE_REPEATED)
    if codes:  # the volume rules only make sense for a line that is right in every other respect
        return codes
    same = [row for row in approved if row["toewijzing_id"] == toewijzing.pk]
    overlapping = sum(row["volume"] for row in same
                      if row["period_start"] <= line.end and line.start <= row["period_end"])
    if overlapping > 0:  # net of credits: a credited period may be declared again
        return [DOUBLE_CLAIM]
    if line.volume > toewijzing.volume * periods(toewijzing.frequency, line.start, line.end):
        return [OVER_VOLUME]
    allowed = toewijzing.volume * periods(toewijzing.frequency, toewijzing.start, toewijzing.end)
    if sum(row["volume"] for row in same) + line.volume > allowed:
        return [OVER_BUDGET if toewijzing.unit == EURO else OVER_TOTAL_VOLUME]
    return []


def _credit_codes(line: Line, toewijzing: Toewijzing, earlier) -> list[str]:
    """A credit line reverses an approved debit line of this provider: by VorigReferentieNummer, or by its own
    reference when it has none (8017), and only once (9390)."""
    debit_reference = line.previous_reference or line.reference
    debit = [row for row in earlier if row["reference"] == debit_reference and not row["credit"]
             and row["status"] == DeclaratieRegel.Status.GOEDGEKEURD and row["toewijzing_id"] == toewijzing.pk]
    if not debit:
        return [CREDIT_WITHOUT_DEBIT]
    if any(row["credit"] and row["status"] == DeclaratieRegel.Status.GOEDGEKEURD
           and (row["previous_reference"] or row["reference"]) == debit_reference for row in earlier):
        return [ALREADY_CREDITED]
    return []


def _contract_tariff_allows(line: Line, toewijzing: Toewijzing, tariffs: list[Tarief]) -> bool:
    """The tariff of the product on the first day of the line: a fixed tariff must be the declared one, a maximum
    price (Open House) must not be exceeded. No tariff in the catalogue: nothing to compare with."""
    valid = [t for t in tariffs if t.product_id == toewijzing.indicatie.product_id and t.valid_from <= line.start
             and (t.valid_until is None or line.start <= t.valid_until)]
    if not valid:
        return True
    tariff = max(valid, key=lambda t: t.valid_from)
    cents = int(round(tariff.amount * 100))
    return line.tariff <= cents if tariff.kind == Tarief.Kind.MAXIMUM else line.tariff == cents


def periods(frequency: str, start: dt.date, end: dt.date) -> int:
    """How many times the assigned volume applies from start to end (LDT_Frequentie): per day (1), per week (2,
    begun weeks), per month (4, calendar months touched), or once for the whole assignment (6)."""
    days = (end - start).days + 1
    if days <= 0:
        return 0
    if frequency == "1":
        return days
    if frequency == "2":
        return -(-days // 7)
    if frequency == "4":
        return (end.year - start.year) * 12 + end.month - start.month + 1
    return 1


def _same_month(a: dt.date, b: dt.date) -> bool:
    return (a.year, a.month) == (b.year, b.month)


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


def _euro(cents: int) -> str:
    return f"€ {cents / 100:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _signed(value: int, debit_credit: str | None) -> int:
    return -value if debit_credit == "C" else value


def _date(value: str | None) -> dt.date:
    return dt.date.fromisoformat((value or "").strip()[:10])

