"""The staffing model (formatieberekening) of seed 001 ch. 9 and Bijlage 1, as a pure calculation in Decimal.

Input is the `formatie:` section of a profile (or the same shape built from live data, insight/queries.py); every
parameter has the seed's value as default. Output is the tables of the source (Bijlage 1, Tabel 1, 2, 4, 4a, 5, 6)
regenerated from their inputs, and the findings: where the tables as published (`formatie.gepubliceerd`) disagree
with what their own inputs give. No database, no gemeente named in code. See docs/staffing.md for each formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# The seed's values (seed 001 §5.3–§5.7); a profile overrides any of them.
DEFAULTS: dict[str, Any] = {
    "varianten": [167, 133, 100],  # households in care per FTE: minimale, gemiddelde, maximale variant (H9)
    "variant": 167,
    "zorgmix": [  # Bijlage 1; sums to 95 %
        {"code": "enkelvoudig", "naam": "Enkelvoudig", "aandeel": 0.70},
        {"code": "meervoudig-zelfredzaam", "naam": "Meervoudig of zelfredzaam", "aandeel": 0.15},
        {"code": "meervoudig-niet-zelfredzaam", "naam": "Meervoudig of niet zelfredzaam", "aandeel": 0.10},
    ],
    "uren_per_client": 5.8,  # VNG handreiking: application to support plan
    "productieve_uren": 1375,  # per FTE per year, the national DAR tariff
    "aandeel_front": 0.70,  # share of the current klantmanagers' work that moves to the front
    "tarieven": {"generalist": 59000, "jg_coach": 59000, "kwartiermaker": 85000},
    "uitvoeringsbudget": [],
}
LAW_TOTALS = {"wmo": ("totaal-wmo", "Totaal Wmo"), "jeugdwet": ("totaal-jeugd", "Totaal Jeugd"),
              "participatiewet": ("totaal-participatiewet", "Totaal Participatiewet")}
CENT = Decimal("0.01")
ONE = Decimal(1)


class StaffingError(ValueError):
    """Input the model cannot use; the message is Dutch and names what is missing."""


def dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def r2(value: Decimal) -> Decimal:
    """Two decimals, half up, as the source prints FTE, households and amounts."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def nl_number(value: Decimal | int | None, places: int = 2) -> str:
    """'1.234,56': Dutch decimal comma and thousands dot."""
    if value is None:
        return "–"
    quantum = Decimal(1).scaleb(-places)
    text = f"{dec(value).quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


KIND_PLACES = {"aantal": 0, "fte": 2, "getal": 2, "euro": 2, "euro0": 0, "aandeel": 2}


def show(value: Decimal | None, kind: str) -> str:
    """A cell as the source prints it: counts whole, FTE and households to the hundredth, amounts in euros."""
    if value is None:
        return "–"
    if kind == "procent":
        return f"{nl_number(value * 100, 2)} %"
    text = nl_number(value, KIND_PLACES.get(kind, 2))
    return f"€ {text}" if kind.startswith("euro") else text


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    kind: str  # aantal | fte | getal | euro | euro0 | aandeel


@dataclass
class Row:
    key: str
    label: str
    cells: dict[str, Decimal | None]
    total: bool = False


@dataclass
class Table:
    code: str
    title: str
    caption: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)

    def column(self, code: str) -> Column | None:
        return next((c for c in self.columns if c.code == code), None)


@dataclass(frozen=True)
class Finding:
    kind: str  # verwisseld | afwijking | optelling | parameter
    table: str
    rows: tuple[str, ...]
    column: str
    printed: Decimal | None
    computed: Decimal | None
    text: str


@dataclass
class StaffingReport:
    variant: int
    parameters: dict[str, Any]
    tables: list[Table]
    findings: list[Finding]
    compared: bool  # the profile holds published tables and they were compared

    def table(self, code: str) -> Table | None:
        return next((t for t in self.tables if t.code == code), None)


@dataclass
class _Gemeente:
    cbs: str
    name: str
    households: int
    in_care: Decimal
    districts: list[dict[str, Any]]
    teams: int
    data: dict[str, Any]

    @property
    def clients(self) -> tuple[int, int] | None:
        c = self.data.get("clienten")
        return (int(c.get("jeugd", 0)), int(c.get("awbz", 0))) if c else None


def parameters(formatie: dict[str, Any]) -> dict[str, Any]:
    """The profile's parameters over the seed's defaults."""
    out = {key: formatie.get(key, default) for key, default in DEFAULTS.items()}
    out["tarieven"] = {**DEFAULTS["tarieven"], **(formatie.get("tarieven") or {})}
    return out


def _gemeenten(formatie: dict[str, Any]) -> list[_Gemeente]:
    out = []
    for g in formatie.get("gemeenten") or []:
        districts = g.get("kernen") or []
        households = sum(int(d["huishoudens"]) for d in districts)
        if g.get("huishoudens_in_zorg") is not None:
            in_care = dec(g["huishoudens_in_zorg"])
        elif all(d.get("huishoudens_in_zorg") is not None for d in districts):
            in_care = sum((dec(d["huishoudens_in_zorg"]) for d in districts), Decimal(0))
        else:
            raise StaffingError(f"Formatie: bij gemeente {g['naam']} ontbreekt het aantal huishoudens in zorg.")
        if households == 0:
            raise StaffingError(f"Formatie: gemeente {g['naam']} heeft geen huishoudens in haar kernen of wijken.")
        out.append(_Gemeente(cbs=g["cbs"], name=g["naam"], households=households, in_care=in_care,
                             districts=districts, teams=int(g.get("sociale_teams") or 1), data=g))
    if not out:
        raise StaffingError("Formatie: er is geen gemeente om te berekenen.")
    return out


def _district_in_care(g: _Gemeente, district: dict[str, Any]) -> Decimal:
    """§5.3: the gemeente's share in care (unrounded) applied to the district, unless the district's own count is
    known (live data)."""
    if district.get("huishoudens_in_zorg") is not None:
        return dec(district["huishoudens_in_zorg"])
    return dec(district["huishoudens"]) * g.in_care / g.households


def _sum(values) -> Decimal | None:
    values = list(values)
    return None if not values or any(v is None for v in values) else sum(values, Decimal(0))


def _vng_fte(clients: int, p: dict[str, Any]) -> Decimal:
    """§5.4, VNG handreiking: unique clients × hours per client ÷ productive hours per FTE (unrounded)."""
    return clients * dec(p["uren_per_client"]) / dec(p["productieve_uren"])


def bijlage_1(gemeenten: list[_Gemeente], p: dict[str, Any]) -> Table:
    variants = [int(n) for n in p["varianten"]]
    mix = p["zorgmix"]
    columns = [Column("inwoners", "Inwoners", "aantal"), Column("huishoudens", "Huishoudens", "aantal"),
               Column("in_zorg", "In zorg", "getal"), Column("pct_in_zorg", "% HH in zorg", "aandeel"),
               *[Column(f"fte_{n}", f"FTE bij {n}", "fte") for n in variants],
               *[Column(m["code"], f"{m['naam']} {nl_number(dec(m['aandeel']) * 100, 0)}%", "getal") for m in mix]]
    table = Table("bijlage_1", "Bijlage 1", "Personeelsopbouw sociale teams per kern of wijk", columns)

    def cells(inhabitants, households, in_care, share=None):
        return {"inwoners": inhabitants, "huishoudens": households, "in_zorg": r2(in_care),
                "pct_in_zorg": None if share is None else r2(share),
                **{f"fte_{n}": r2(in_care / n) for n in variants},
                **{m["code"]: r2(dec(m["aandeel"]) * in_care) for m in mix}}

    for g in gemeenten:
        for d in g.districts:
            inhabitants = dec(d["inwoners"]) if d.get("inwoners") is not None else None
            table.rows.append(Row(f"{g.cbs}:{d['naam']}", f"{g.name} – {d['naam']}",
                                  cells(inhabitants, dec(d["huishoudens"]), _district_in_care(g, d))))
        inhabitants = _sum(dec(d["inwoners"]) if d.get("inwoners") is not None else None for d in g.districts)
        table.rows.append(Row(f"{g.cbs}:totaal", f"{g.name} – totaal",
                              cells(inhabitants, dec(g.households), g.in_care, g.in_care / g.households), total=True))
    inhabitants = _sum(r.cells["inwoners"] for r in table.rows if r.total)
    households = sum(g.households for g in gemeenten)
    in_care = sum((g.in_care for g in gemeenten), Decimal(0))
    table.rows.append(Row("totaal", "Totaal", cells(inhabitants, dec(households), in_care, in_care / households),
                          total=True))
    return table


def tabel_1(gemeenten: list[_Gemeente], p: dict[str, Any]) -> Table:
    variants = [int(n) for n in p["varianten"]]
    table = Table("tabel_1", "Tabel 1", "Aantal FTE benodigd per gemeente (generalisten in gemeentedienst en partners)",
                  [Column(str(n), f"FTE (front {n} huishoudens)", "fte") for n in variants])
    for g in gemeenten:
        table.rows.append(Row(g.cbs, g.name, {str(n): r2(g.in_care / n) for n in variants}))
    in_care = sum((g.in_care for g in gemeenten), Decimal(0))
    table.rows.append(Row("totaal", "Totaal", {str(n): r2(in_care / n) for n in variants}, total=True))
    return table


def tabel_2(gemeenten: list[_Gemeente], p: dict[str, Any]) -> Table:
    """§5.3: the gemeente's FTE split equally over its social teams."""
    variants = [int(n) for n in p["varianten"]]
    table = Table("tabel_2", "Tabel 2", "Aantal FTE benodigd per gemeente, per sociaal team (gelijk verdeeld)",
                  [Column("teams", "Aantal sociale teams", "aantal"),
                   *[Column(str(n), f"FTE per team ({n})", "fte") for n in variants]])
    for g in gemeenten:
        table.rows.append(Row(g.cbs, g.name, {"teams": dec(g.teams),
                                              **{str(n): r2(g.in_care / n / g.teams) for n in variants}}))
    table.rows.append(Row("totaal", "Totaal", {"teams": dec(sum(g.teams for g in gemeenten))}, total=True))
    return table


def tabel_4(gemeenten: list[_Gemeente], p: dict[str, Any]) -> Table:
    table = Table("tabel_4", "Tabel 4", "Benodigde formatie op basis van de nieuwe caseload in gemeentedienst "
                  f"(VNG: unieke cliënten × {nl_number(dec(p['uren_per_client']), 1)} uur ÷ "
                  f"{nl_number(dec(p['productieve_uren']), 0)} productieve uren)",
                  [Column("jeugd", "Jeugd", "aantal"), Column("awbz", "Awbz", "aantal"),
                   Column("clienten", "Totaal cliënten", "aantal"), Column("fte", "Extra formatie front (FTE)", "fte")])
    for g in gemeenten:
        jeugd, awbz = g.clients
        table.rows.append(Row(g.cbs, g.name, {"jeugd": dec(jeugd), "awbz": dec(awbz), "clienten": dec(jeugd + awbz),
                                              "fte": r2(_vng_fte(jeugd + awbz, p))}))
    jeugd = sum(g.clients[0] for g in gemeenten)
    awbz = sum(g.clients[1] for g in gemeenten)
    table.rows.append(Row("totaal", "Totaal", {"jeugd": dec(jeugd), "awbz": dec(awbz), "clienten": dec(jeugd + awbz),
                                               "fte": r2(_vng_fte(jeugd + awbz, p))}, total=True))
    return table


def _current_front(g: _Gemeente, p: dict[str, Any]) -> Decimal:
    """§5.5: the FTE of current staff that moves to the front: given as such, or the current FTE × the front share."""
    if g.data.get("huidige_formatie_front") is not None:
        return r2(dec(g.data["huidige_formatie_front"]))
    return r2(dec(g.data["huidige_formatie"]) * dec(p["aandeel_front"]))


def tabel_4a(gemeenten: list[_Gemeente], p: dict[str, Any], variant: int) -> Table:
    """§5.5: vacancy room = needed front (variant) − current staff to the front − extra by the VNG method. The source
    subtracts the figures as it prints them (to the hundredth), so this does too."""
    share = nl_number(dec(p["aandeel_front"]) * 100, 0)
    table = Table("tabel_4a", "Tabel 4a", f"Totale omvang sociaal team (frontoffice) bij de variant {variant}",
                  [Column("benodigd", f"Minimaal benodigd front ({variant})", "fte"),
                   Column("huidig_front", f"Huidige werkzaamheden front {share}% (FTE)", "fte"),
                   Column("extra_vng", "Extra benodigd front (VNG-model)", "fte"),
                   Column("verschil", "Verschil (vacatureruimte)", "fte")])
    for g in gemeenten:
        needed, current, extra = r2(g.in_care / variant), _current_front(g, p), r2(_vng_fte(sum(g.clients), p))
        table.rows.append(Row(g.cbs, g.name, {"benodigd": needed, "huidig_front": current, "extra_vng": extra,
                                              "verschil": needed - current - extra}))
    table.rows.append(Row("totaal", "Totaal", {c.code: _sum(r.cells[c.code] for r in table.rows)
                                               for c in table.columns}, total=True))
    return table


def tabel_5(gemeenten: list[_Gemeente], p: dict[str, Any]) -> Table:
    """§5.6: the execution budget lines per gemeente; totals per law and overall are sums of the lines."""
    columns = [Column(g.cbs, g.name, "euro0") for g in gemeenten] + [Column("totaal", "Totaal", "euro0")]
    table = Table("tabel_5", "Tabel 5", "Totale uitvoeringskosten sociaal domein", columns)

    def line_row(key, label, amounts, total=False):
        cells = {g.cbs: amounts[g.cbs] for g in gemeenten}
        cells["totaal"] = _sum(cells.values())
        return Row(key, label, cells, total)

    law_rows = []
    for law in dict.fromkeys(line["wet"] for line in p["uitvoeringsbudget"]):
        lines = [line for line in p["uitvoeringsbudget"] if line["wet"] == law]
        for line in lines:
            table.rows.append(line_row(line["code"], line["naam"], {
                g.cbs: dec((g.data.get("uitvoeringsbudget") or {}).get(line["code"], 0)) for g in gemeenten}))
        key, label = LAW_TOTALS[law]
        rows = [table.row(line["code"]) for line in lines]
        law_rows.append(line_row(key, label, {g.cbs: _sum(r.cells[g.cbs] for r in rows) for g in gemeenten}, True))
        table.rows.append(law_rows[-1])
    table.rows.append(line_row("totaal", "Totaal uitvoeringskosten",
                               {g.cbs: _sum(r.cells[g.cbs] for r in law_rows) for g in gemeenten}, True))
    return table


def tabel_6(gemeenten: list[_Gemeente], p: dict[str, Any], budget: Table | None) -> Table:
    """§5.7: personnel cost of the front. Each amount is rounded to the cent, the front total is the sum of the
    rounded amounts (as the source's column totals are), and what remains is the execution budget minus that."""
    rates = {k: dec(v) for k, v in p["tarieven"].items()}
    table = Table("tabel_6", "Tabel 6", "Totale kosten integrale toegang en wat er over is van het uitvoeringsbudget",
                  [Column("jeugd", "Jeugd", "aantal"), Column("awbz", "Awbz", "aantal"),
                   Column("clienten", "Totaal cliënten", "aantal"), Column("fte", "Extra formatie front (FTE)", "fte"),
                   Column("jg_coaches", "J&G-coaches bij werkgarantie (FTE)", "fte"),
                   Column("kosten_generalisten", f"Schaal 9 DAR-tarief ({show(rates['generalist'], 'euro0')})", "euro"),
                   Column("kosten_jg_coaches", f"Schaal 9 J&G-coaches ({show(rates['jg_coach'], 'euro0')})", "euro"),
                   Column("kosten_kwartiermaker", f"Kwartiermaker schaal 12 ({show(rates['kwartiermaker'], 'euro0')})",
                          "euro"),
                   Column("totaal_front", "Totaal kosten front (toegang)", "euro"),
                   Column("nog_beschikbaar", "Nog beschikbaar uitvoeringsbudget", "euro")])
    jg_total = Decimal(0)
    for g in gemeenten:
        jeugd, awbz = g.clients
        fte = _vng_fte(jeugd + awbz, p)
        jg = dec(g.data.get("jg_coaches", 0))
        jg_total += jg
        costs = {"kosten_generalisten": r2(fte * rates["generalist"]), "kosten_jg_coaches": r2(jg * rates["jg_coach"]),
                 "kosten_kwartiermaker": r2(rates["kwartiermaker"] * dec(g.data.get("verdeelsleutel", 0)))}
        front = sum(costs.values(), Decimal(0))
        available = None
        if g.data.get("uitvoeringsbudget_totaal") is not None:
            available = dec(g.data["uitvoeringsbudget_totaal"])
        elif budget is not None:
            available = budget.row("totaal").cells[g.cbs]
        table.rows.append(Row(g.cbs, g.name, {
            "jeugd": dec(jeugd), "awbz": dec(awbz), "clienten": dec(jeugd + awbz), "fte": r2(fte), "jg_coaches": r2(jg),
            **costs, "totaal_front": front, "nog_beschikbaar": None if available is None else available - front}))
    jeugd = sum(g.clients[0] for g in gemeenten)
    awbz = sum(g.clients[1] for g in gemeenten)
    rows = list(table.rows)
    table.rows.append(Row("totaal", "Totaal", {
        "jeugd": dec(jeugd), "awbz": dec(awbz), "clienten": dec(jeugd + awbz), "fte": r2(_vng_fte(jeugd + awbz, p)),
        "jg_coaches": r2(jg_total),
        **{c: _sum(r.cells[c] for r in rows) for c in ("kosten_generalisten", "kosten_jg_coaches",
                                                         "kosten_kwartiermaker", "totaal_front", "nog_beschikbaar")},
    }, total=True))
    return table


def compute(formatie: dict[str, Any], variant: int | None = None) -> StaffingReport:
    """Every table the inputs allow (Tabel 4, 4a and 6 need clients, Tabel 5 budget lines), and the findings."""
    p = parameters(formatie)
    variant = int(variant or p["variant"])
    if variant not in [int(n) for n in p["varianten"]]:
        raise StaffingError(f"Variant {variant} bestaat niet in dit profiel; kies uit "
                            f"{', '.join(str(n) for n in p['varianten'])}.")
    gemeenten = _gemeenten(formatie)
    tables = [bijlage_1(gemeenten, p), tabel_1(gemeenten, p), tabel_2(gemeenten, p)]
    with_clients = all(g.clients for g in gemeenten)
    if with_clients:
        tables.append(tabel_4(gemeenten, p))
        if all(g.data.get("huidige_formatie_front") is not None or g.data.get("huidige_formatie") is not None
               for g in gemeenten):
            tables.append(tabel_4a(gemeenten, p, variant))
    budget = tabel_5(gemeenten, p) if p["uitvoeringsbudget"] else None
    if budget is not None:
        tables.append(budget)
    if with_clients:
        tables.append(tabel_6(gemeenten, p, budget))
    published = formatie.get("gepubliceerd") or {}
    report = StaffingReport(variant=variant, parameters=p, tables=tables, findings=[], compared=bool(published))
    report.findings = findings(report, gemeenten, published)
    return report


# --- where the published tables disagree with their own inputs -------------------------------------------------


def findings(report: StaffingReport, gemeenten: list[_Gemeente], published: dict[str, Any]) -> list[Finding]:
    p = report.parameters
    out: list[Finding] = []
    flagged: set[tuple[str, str, str]] = set()
    for table in report.tables:
        printed_table = published.get(table.code)
        if not printed_table:
            continue
        if table.code == "tabel_4a" and int(printed_table.get("variant", report.variant)) != report.variant:
            continue  # the printed Tabel 4a is for another variant
        out += _cell_findings(table, printed_table, flagged)
    if published.get("tabel_5") and report.table("tabel_5"):
        out += _sum_findings(report.table("tabel_5"), published["tabel_5"], p, flagged)
    out += _parameter_findings(report, gemeenten, published)
    return out


def _cell_findings(table: Table, printed_table: dict[str, Any], flagged: set) -> list[Finding]:
    mismatches = []
    for row_key, printed_row in printed_table.items():
        row = table.row(str(row_key))
        if row is None or not isinstance(printed_row, dict):
            continue
        for col, printed in printed_row.items():
            computed = row.cells.get(str(col))
            if computed is None:
                continue
            if r2(dec(printed)) != r2(computed):
                mismatches.append((row, str(col), r2(dec(printed)), r2(computed)))
    out, used = [], set()
    for i, (row_a, col, printed_a, computed_a) in enumerate(mismatches):
        if i in used:
            continue
        column = table.column(col)
        partner = next((j for j, (row_b, col_b, printed_b, computed_b) in enumerate(mismatches)
                        if j > i and j not in used and col_b == col
                        and printed_a == computed_b and printed_b == computed_a), None)
        if partner is not None:
            used.add(partner)
            row_b, _, printed_b, computed_b = mismatches[partner]
            flagged.update({(table.code, row_a.key, col), (table.code, row_b.key, col)})
            out.append(Finding(
                "verwisseld", table.code, (row_a.key, row_b.key), col, printed_a, computed_a,
                f"{table.title}, kolom '{column.label}': {row_a.label} en {row_b.label} zijn verwisseld. Gedrukt "
                f"{row_a.label} {show(printed_a, column.kind)} en {row_b.label} {show(printed_b, column.kind)}; "
                f"berekend {row_a.label} {show(computed_a, column.kind)} en {row_b.label} "
                f"{show(computed_b, column.kind)}."))
            continue
        flagged.add((table.code, row_a.key, col))
        out.append(Finding("afwijking", table.code, (row_a.key,), col, printed_a, computed_a,
                           f"{table.title}, {row_a.label}, kolom '{column.label}': gedrukt "
                           f"{show(printed_a, column.kind)}, berekend {show(computed_a, column.kind)}."))
    return out


def _sum_findings(table: Table, printed: dict[str, Any], p: dict[str, Any], flagged: set) -> list[Finding]:
    """Tabel 5 against itself: a printed total that is not the sum of its printed parts (rounding to whole euros)."""
    out = []
    law_keys = []
    groups = []
    for law in dict.fromkeys(line["wet"] for line in p["uitvoeringsbudget"]):
        key = LAW_TOTALS[law][0]
        law_keys.append(key)
        groups.append((key, [line["code"] for line in p["uitvoeringsbudget"] if line["wet"] == law]))
    groups.append(("totaal", law_keys))
    for column in table.columns:
        for total_key, parts in groups:
            values = [(printed.get(k) or {}).get(column.code) for k in parts]
            stated = (printed.get(total_key) or {}).get(column.code)
            if stated is None or any(v is None for v in values) or (table.code, total_key, column.code) in flagged:
                continue
            summed = sum((dec(v) for v in values), Decimal(0))
            if r2(summed) != r2(dec(stated)):
                row = table.row(total_key)
                out.append(Finding("optelling", table.code, (total_key,), column.code, r2(dec(stated)), r2(summed),
                                   f"{table.title}, {row.label}, kolom '{column.label}': gedrukt "
                                   f"{show(dec(stated), 'euro0')}, maar de gedrukte regels erboven tellen op tot "
                                   f"{show(summed, 'euro0')} (afronding op hele euro's)."))
    return out


def _parameter_findings(report: StaffingReport, gemeenten: list[_Gemeente], published: dict[str, Any]) -> list[Finding]:
    p = report.parameters
    out = []
    mix = sum((dec(m["aandeel"]) for m in p["zorgmix"]), Decimal(0))
    if p["zorgmix"] and mix != ONE:
        parts = ", ".join(f"{m['naam'].lower()} {nl_number(dec(m['aandeel']) * 100, 0)} %" for m in p["zorgmix"])
        out.append(Finding("parameter", "bijlage_1", (), "zorgmix", ONE, mix,
                           f"Bijlage 1, zorgmix: {parts} tellen op tot {nl_number(mix * 100, 0)} %, niet 100 %; "
                           f"{nl_number((ONE - mix) * 100, 0)} % van de huishoudens in zorg valt in geen categorie."))
    keys = [g.data.get("verdeelsleutel") for g in gemeenten]
    if all(k is not None for k in keys):
        key_sum = sum((dec(k) for k in keys), Decimal(0))
        rate = dec(p["tarieven"]["kwartiermaker"])
        if key_sum != ONE:
            out.append(Finding("parameter", "tabel_6", ("totaal",), "kosten_kwartiermaker", rate, r2(rate * key_sum),
                               f"Tabel 6, totaal, kolom kwartiermaker: de verdeelsleutels tellen op tot "
                               f"{nl_number(key_sum * 100, 2)} %, zodat de kwartiermaker in totaal "
                               f"{show(rate * key_sum, 'euro')} kost in plaats van het tarief van "
                               f"{show(rate, 'euro')}."))
    hours = published.get("uren_per_huishouden")
    if hours is not None:
        per_variant = {int(n): dec(p["productieve_uren"]) / int(n) for n in p["varianten"]}
        misfits = {n: h for n, h in per_variant.items() if h.quantize(ONE, rounding=ROUND_HALF_UP) != dec(hours)}
        fits = [str(n) for n in per_variant if n not in misfits]
        if misfits:
            out.append(Finding(
                "parameter", "tabel_1", (), "uren_per_huishouden", dec(hours), None,
                f"Hoofdstuk 9, 'per FTE {nl_number(dec(hours), 0)} uur per huishouden': dat past alleen bij de variant "
                f"{' en '.join(fits) or 'geen'} ({nl_number(dec(p['productieve_uren']), 0)} productieve uren ÷ "
                f"variant = " + "; ".join(f"{nl_number(h, 2)} uur bij {n}" for n, h in per_variant.items()) + ")."))
    return out
