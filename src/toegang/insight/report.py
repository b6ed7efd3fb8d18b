"""The staffing report as text (Dutch number notation), CSV and JSON: one rendering for the command and the tests."""

from __future__ import annotations

import csv
import io
import json

from .staffing import StaffingReport, show


def as_text(report: StaffingReport, title: str) -> str:
    lines = [f"Formatieberekening {title} — variant {report.variant} huishoudens in zorg per FTE", ""]
    for table in report.tables:
        lines.append(f"{table.title}: {table.caption}")
        header = ["", *[c.label for c in table.columns]]
        body = [[r.label, *[show(r.cells.get(c.code), c.kind) for c in table.columns]] for r in table.rows]
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        for row in [header, *body]:
            lines.append("  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                                   for i, cell in enumerate(row)).rstrip())
        lines.append("")
    lines.append("Waar de gepubliceerde tabellen afwijken van hun eigen invoer")
    if not report.compared:
        lines.append("  (het profiel bevat geen gepubliceerde tabellen om mee te vergelijken)")
    for finding in report.findings:
        lines.append(f"- {finding.text}")
    if report.compared and not report.findings:
        lines.append("  geen afwijkingen")
    return "\n".join(lines) + "\n"


def as_csv(report: StaffingReport) -> str:
    """Long format: one line per cell (exact values, decimal point), then one line per finding."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["tabel", "rij", "rijnaam", "kolom", "kolomnaam", "waarde"])
    for table in report.tables:
        for row in table.rows:
            for column in table.columns:
                value = row.cells.get(column.code)
                writer.writerow([table.code, row.key, row.label, column.code, column.label,
                                 "" if value is None else str(value)])
    for f in report.findings:
        writer.writerow(["bevinding", "|".join(f.rows), f.kind, f.column, f.table, f.text])
    return out.getvalue()


def as_data(report: StaffingReport) -> dict:
    def text(value):
        return None if value is None else str(value)

    return {
        "variant": report.variant,
        "parameters": report.parameters,
        "tabellen": {t.code: {
            "titel": t.title, "bijschrift": t.caption,
            "kolommen": [{"code": c.code, "naam": c.label} for c in t.columns],
            "rijen": [{"sleutel": r.key, "naam": r.label, "totaal": r.total,
                       "waarden": {k: text(v) for k, v in r.cells.items()}} for r in t.rows],
        } for t in report.tables},
        "bevindingen": [{"soort": f.kind, "tabel": f.table, "rijen": list(f.rows), "kolom": f.column,
                         "gedrukt": text(f.printed), "berekend": text(f.computed), "tekst": f.text}
                        for f in report.findings],
    }


def as_json(report: StaffingReport) -> str:
    return json.dumps(as_data(report), ensure_ascii=False, indent=2)
