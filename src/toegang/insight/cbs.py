"""CBS Beleidsinformatie Jeugd: the half-yearly delivery file (issue 15 item 5; docs/cbs.md).

Follows the Informatieprotocol Beleidsinformatie Jeugd, versie 7 (Regeling Jeugdwet, bijlage 2;
../shared/standards/cbs/informatieprotocol-beleidsinformatie-jeugd-v7.md); the section numbers below are its.

One source, read set-based (one `values()` query, streamed with `iterator(chunk_size=...)`): the assignments
(Toewijzing, law jeugdwet) of granted indications in natura whose care the provider reported as started (JW305,
`started_on`); a waiting list is not a start (§3.5). In Toegang every indication in natura names who delivers it and
becomes an assignment, also when that is the gemeente's own team; an assignment to an organisation of a kind in
OWN_TEAM_KINDS, or of product category 31, is the team's own help (§1.3, §3.3 "uitgevoerd door het wijk- of
buurtteam": hulpvorm 01, verwijzer 06).

PGB is never delivered (§1.3, §3.1 "PGB"). Each row is checked before it is written; a row that cannot be
delivered is not written but returned as a Refusal with the reason in plain Dutch.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from stdnum.nl import bsn as nl_bsn
from stdnum.nl import postcode as nl_postcode

from toegang.audit.log import log_access
from toegang.core.actor import Actor
from toegang.messaging.models import Toewijzing
from toegang.persons.models import age_on
from toegang.provisions.models import Indicatie

CHUNK = 5000

# The columns of the file, in this order. The protocol leaves the record layout to CBS's berichtspecificatie (§8.4)
# and accepts a "standaard spreadsheet" (§8.2); the columns are the protocol's data items in the order of §1.2,
# preceded by the identification of the delivery (gemeente, verslagperiode §7.3) and followed by the provider's AGB
# code, which tells apart two providers' records with the same key (§3.3: each provider reports its own part).
COLUMNS = [
    "Gemeentecode", "Verslagperiode", "BSN", "Geboortedatum", "Geslacht", "Postcode", "Verwijzer", "Hulpvorm",
    "GestartMetCrisis", "DatumAanvang", "DatumEinde", "RedenBeeindiging", "AGBCodeAanbieder",
]

# §2.2: no BSN known.
BSN_UNKNOWN = "999999999"

# §2.4 Geslacht, from the BRP/iStandaard code (persons.codes.GESLACHT: 0 onbekend, 1 man, 2 vrouw).
GESLACHT = {"1": "M", "2": "V", "0": "O"}

# §3.2 Verwijzer, from the source of the melding that led to the indication (intake.codes.BRON). A referral by a
# huisarts, jeugdarts or medisch specialist is theirs; every other route went through the gemeente's decision
# (verleningsbeslissing) and is "gemeentelijke toegang" (01) — the protocol says so explicitly for school (§3.2
# toelichting 01). Choice: "gi-rechter" is one value in Toegang for both the GI (04) and the criminal judge (08);
# it maps to 04, because a criminal judge's referral (08) only arises from a criminal decision that Toegang does not
# record. Help by the gemeente's own team is "geen verwijzer" (06) by definition (§3.2 toelichting 06).
VERWIJZER = {
    "huisarts": "02", "jeugdarts": "03", "gi-rechter": "04", "medisch-specialist": "05",
}
VERWIJZER_GEMEENTELIJKE_TOEGANG = "01"
VERWIJZER_GEEN = "06"

# §3.3 Hulpvorm, from the iJw product category of the assignment. The 2015 categories 31–38 are the protocol's
# hulpvormen one to one. Choice for the later categories: the setting in which such care is usually given; a
# category that is not jeugdhulp in the sense of §3.1 (transport, youth protection/probation, which a certified
# institution reports itself under §5) or whose setting cannot be told (crisis, maatwerk, landelijk) has no
# hulpvorm, and its rows are refused so that someone decides.
HULPVORM = {
    "31": "01", "32": "02", "33": "03", "34": "04", "35": "11", "36": "12", "37": "13", "38": "14",
    "40": "04",  # persoonlijke verzorging: in the young person's home
    "41": "03",  # dagbehandeling: daghulp op locatie van de aanbieder
    "43": "14", "44": "14",  # verblijf met/zonder behandeling: verblijf bij een jeugdhulpaanbieder
    "45": "02",  # jeugdhulp ambulant
    "51": "02", "52": "02", "53": "02", "54": "02",  # ggz and kindergeneeskunde: ambulant at the provider
}
HULPVORM_WIJKTEAM = "01"

# §3.4 Gestart met crisis: Ja (01) when the melding was triaged as crisis, else Nee (02).
CRISIS_JA, CRISIS_NEE = "01", "02"

# §3.7 Reden beëindiging, from LDT_RedenBeeindiging (iJw 3.2) of the provider's stop message (JW307).
# Choices: 02 overlijden is an external circumstance (§3.7 toelichting 05 names it); 39 uitstroom naar ander domein
# is "volgens plan" (§3.7 toelichting 01: continued under another law); 38 overstap naar andere aanbieder is the
# client's own initiative (toelichting 03); 36 and 37 (the gemeente's initiative, a change request) are "in
# overeenstemming": other help is needed than this trajectory offers (toelichting 02). 20 (tijdelijk beëindigd) is
# not an end and is refused.
REDEN_BEEINDIGING = {
    "31": "01", "39": "01", "34": "02", "36": "02", "37": "02", "32": "03", "38": "03", "33": "04",
    "35": "05", "02": "05",
}
REDEN_VOLGENS_PLAN = "01"

# Organisation kinds (accounts.Organisatie.Kind) whose help counts as the gemeente's own team (§3.3).
OWN_TEAM_KINDS = ("gemeente", "cjg-partner")

PERIOD = re.compile(r"^(\d{4})H([12])$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """A verslagperiode JH-1 (January–June) or JH-2 (July–December) (§7.3)."""

    label: str
    first: dt.date
    last: dt.date


def parse_period(text: str) -> Period:
    match = PERIOD.match(text.strip().upper())
    if not match:
        raise PeriodError(f"Ongeldige verslagperiode '{text}': gebruik jaar en halfjaar, zoals 2026H1 (januari t/m "
                          "juni) of 2026H2 (juli t/m december).")
    year, half = int(match[1]), int(match[2])
    if half == 1:
        return Period(f"{year}H1", dt.date(year, 1, 1), dt.date(year, 6, 30))
    return Period(f"{year}H2", dt.date(year, 7, 1), dt.date(year, 12, 31))


@dataclass(frozen=True)
class Refusal:
    source: str  # "toewijzing 12" or "indicatie 7"
    client_id: int
    reason: str


def _date(value: dt.date | None) -> str:
    return value.strftime("%Y%m%d") if value else ""  # §2.3, §3.5, §3.6: JJJJMMDD


def _decided_on(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def _check(values: dict, *, period: Period, start: dt.date, end: dt.date | None, reason: str) -> tuple[list, str]:
    """(the row, "") or ([], the reason it cannot be delivered)."""
    bsn = values["bsn"] or BSN_UNKNOWN
    if bsn != BSN_UNKNOWN and not nl_bsn.is_valid(bsn):
        return [], f"BSN {bsn} voldoet niet aan de elfproef (protocol 2.2)"
    born = values["born"]
    if born is None:
        return [], "geboortedatum ontbreekt (protocol 2.3)"
    if born > start:
        return [], "geboortedatum ligt na de datum aanvang jeugdhulp (protocol 2.3, 3.5)"
    age = age_on(born, start)
    if age >= 23:
        return [], f"{age} jaar bij aanvang: geen jeugdige, de grens is 23 jaar (protocol 2.1)"
    decided = values["decided_on"]
    if age >= 18 and (decided is None or age_on(born, decided) >= 18):
        return [], (f"{age} jaar bij aanvang en niet vóór het 18e jaar besloten dat jeugdhulp nodig is "
                    "(protocol 2.1, onderdeel 3°)")
    postcode = (values["postcode"] or "").replace(" ", "").upper()
    if postcode and not nl_postcode.is_valid(postcode):
        return [], f"postcode '{values['postcode']}' is geen geldige Nederlandse postcode (protocol 2.5)"
    hulpvorm = values["hulpvorm"]
    if not hulpvorm:
        return [], (f"productcategorie {values['category']} heeft geen hulpvorm in het protocol: geen jeugdhulp of "
                    "de vorm is niet af te leiden (protocol 3.3)")
    if end is not None and end < start:
        return [], "datum einde ligt vóór datum aanvang (protocol 3.5, 3.6)"
    if end is not None and end > period.last:
        end, reason = None, ""  # still running on the last day of the period (§7.5)
    code = ""
    if end is not None:
        if not reason:
            return [], "beëindigd zonder reden beëindiging (protocol 3.7)"
        code = REDEN_BEEINDIGING.get(reason, "")
        if not code:
            return [], f"reden beëindiging {reason} heeft geen code in het protocol (protocol 3.7)"
    row = [
        values["gemeente"], period.label, bsn, _date(born), GESLACHT.get(values["geslacht"] or "0", "O"),
        postcode or values["gemeente"],  # §2.5: without a postcode, the gemeente's CBS code
        values["verwijzer"], hulpvorm, CRISIS_JA if values["triage"] == "crisis" else CRISIS_NEE,
        _date(start), _date(end), code, values["agb"],
    ]
    return row, ""


def _in_period(start_field: str, end_field: str, period: Period) -> Q:
    """Started on or before the last day and not ended before the first (§7.5: gestart, lopend en geëindigd)."""
    return (Q(**{f"{start_field}__lte": period.last})
            & (Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": period.first})))


def directed_rows(period: Period, gemeente_ids: list[int] | None = None) -> Iterator[tuple[list, Refusal | None, int]]:
    """The assignments of law jeugdwet in natura whose care started (JW305) and overlaps the period."""
    query = (Toewijzing.objects.filter(_in_period("started_on", "ended_on", period), law="jeugdwet",
                                       started_on__isnull=False, indicatie__form=Indicatie.Form.ZIN)
             .order_by("pk"))
    if gemeente_ids is not None:
        query = query.filter(gemeente_id__in=gemeente_ids)
    for r in query.values(
        "pk", "product_category", "started_on", "ended_on", "end_reason", "gemeente__cbs_code", "provider__agb_code",
        "indicatie__client_id", "indicatie__client__bsn", "indicatie__client__geboortedatum",
        "indicatie__client__geslacht", "indicatie__client__household__postcode",
        "indicatie__aanvraag__melding__source", "indicatie__aanvraag__melding__triage_outcome",
        "indicatie__besluit__decided_at", "provider__kind",
    ).iterator(chunk_size=CHUNK):
        client = r["indicatie__client_id"]
        own = r["provider__kind"] in OWN_TEAM_KINDS or r["product_category"] == "31"
        values = {
            "gemeente": r["gemeente__cbs_code"], "bsn": r["indicatie__client__bsn"],
            "born": r["indicatie__client__geboortedatum"], "geslacht": r["indicatie__client__geslacht"],
            "postcode": r["indicatie__client__household__postcode"], "category": r["product_category"],
            "hulpvorm": HULPVORM_WIJKTEAM if own else HULPVORM.get(r["product_category"], ""),
            "verwijzer": VERWIJZER_GEEN if own else VERWIJZER.get(r["indicatie__aanvraag__melding__source"],
                                                                  VERWIJZER_GEMEENTELIJKE_TOEGANG),
            "triage": r["indicatie__aanvraag__melding__triage_outcome"], "agb": r["provider__agb_code"] or "",
            "decided_on": _decided_on(r["indicatie__besluit__decided_at"]),
        }
        row, problem = _check(values, period=period, start=r["started_on"], end=r["ended_on"], reason=r["end_reason"])
        yield row, (Refusal(f"toewijzing {r['pk']}", client, problem) if problem else None), client


def delivery(period: Period, gemeente_ids: list[int] | None = None) -> Iterator[tuple[list, Refusal | None, int]]:
    """Every candidate record of the period: (row, None, client id) to deliver or ([], refusal, client id)."""
    yield from directed_rows(period, gemeente_ids)


PURPOSE = "CBS beleidsinformatie jeugd"


@dataclass
class Summary:
    period: Period
    path: str
    delivered: int
    refusals: list[Refusal]

    def counts(self) -> list[tuple[str, int]]:
        """Refusals counted per reason (the BSN's digits left out, so equal reasons count together), most first."""
        counted: dict[str, int] = {}
        for refusal in self.refusals:
            key = re.sub(r"BSN \d+", "BSN", refusal.reason)
            key = re.sub(r"^\d+ jaar", "te oud", key)
            counted[key] = counted.get(key, 0) + 1
        return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def write_delivery(out, period: Period, *, gemeente_ids: list[int] | None = None, path: str = "",
                   actor: Actor | None = None, gemeente_id: int | None = None) -> Summary:
    """Write the delivery as CSV (header COLUMNS, separator ';', §8.2 "standaard spreadsheet") to the text stream
    `out`; log the read of every client's personal data (AVG art. 30, NEN 7513) when `actor` is given."""
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    delivered, refusals, clients = 0, [], set()
    for row, refusal, client in delivery(period, gemeente_ids):
        clients.add(client)
        if refusal:
            refusals.append(refusal)
        else:
            writer.writerow(row)
            delivered += 1
    if actor is not None:
        log_access(actor=actor, subject_ids=clients, purpose=f"{PURPOSE} {period.label}", channel="export",
                   resource=path, gemeente_id=gemeente_id)
    return Summary(period, path, delivered, refusals)
