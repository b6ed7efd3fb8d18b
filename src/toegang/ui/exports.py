"""Every chart and table of a page exports to CSV and XLSX (docs/charts.md): the page's own URL with
`?export=<id>&formaat=csv|xlsx` added to its filters, so the view's permission check and filters apply to the file
exactly as to the page.

CSV is written for Dutch Excel: UTF-8 with a byte order mark, semicolons between fields, numbers with a decimal
comma and no thousands separator (2341,54), percentages as 12,5% (Excel reads them as 0,125), dates as dd-mm-jjjj,
an empty field for no value; the first line is the header. XLSX (openpyxl, write-only) starts with the title (and
the definition and threshold when there are any), an empty row, then the header and the rows: numbers stay numbers
with a number format — percentages `0.0%`, euros `€ #,##0.00`, dates `dd-mm-yyyy`.

Text that a spreadsheet would run as a formula (starting with =, +, -, @) is written as text (OWASP CSV injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .charts import Chart, Table, table_of

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMATS = {"procent": "0.0%", "euro": '"€" #,##0.00', "datum": "dd-mm-yyyy", "aantal": "#,##0.##",
                  "dagen": "#,##0.##"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_request(request) -> tuple[str, str] | None:
    """("<id>", "csv"|"xlsx") when the request asks for an export (?export=<id>&formaat=csv|xlsx; without formaat
    CSV), else None; a format that is neither gives 404."""
    item_id = request.GET.get("export", "").strip()
    if not item_id:
        return None
    fmt = request.GET.get("formaat", "csv").strip().lower() or "csv"
    if fmt not in FORMATS:
        raise Http404(gettext("Dit bestandsformaat is er niet."))
    return item_id, fmt


def respond_with_export(request, items: list[Chart | Table], filename_stem: str) -> HttpResponse | None:
    """The file when the request asks for an export of one of `items` (by id), else None (render the page); an id
    that is not on the page gives 404."""
    asked = export_request(request)
    if asked is None:
        return None
    item_id, fmt = asked
    item = next((i for i in items if i.id == item_id), None)
    if item is None:
        raise Http404(gettext("Deze tabel of grafiek staat niet op de pagina."))
    return export_response(item, fmt, f"{filename_stem}-{item.id}")


def export_response(item: Chart | Table, fmt: str, filename: str) -> HttpResponse:
    """The chart (as its table alternative) or table as a CSV or XLSX attachment named `filename` (the extension
    is added when missing)."""
    table = table_of(item) if isinstance(item, Chart) else item
    if fmt not in FORMATS:
        raise Http404(gettext("Dit bestandsformaat is er niet."))
    if not filename.endswith(f".{fmt}"):
        filename = f"{filename}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(_xlsx(table, item.threshold if isinstance(item, Chart) else None),
                                content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _safe_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def _number(value, decimals: int) -> str:
    """12.5 → '12,5', 4.0 → '4', 2341.5 → '2341,50' for decimals=2 fixed (euro)."""
    if decimals == 2:
        text = f"{Decimal(str(value)):.2f}"
    else:
        text = f"{Decimal(str(value)):.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def csv_cell(value, unit: str) -> str:
    """One value in the CSV notation of Dutch Excel (module docstring)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime | dt.date) and unit in ("datum", "tekst"):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if unit == "procent":
            return f"{_number(Decimal(str(value)) * 100, 4)}%"
        return _number(value, 2 if unit == "euro" else 4)
    return _safe_text(str(value))


def _csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe_text(str(c)) for c in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(value, table.unit_of(i)) for i, value in enumerate(row)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(table: Table, threshold: float | None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(table.id))
    bold = Font(bold=True)
    for index, heading in enumerate(table.columns):
        width = max([len(str(heading))] + [len(csv_cell(row[index], table.unit_of(index))) for row in table.rows])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 10), 60)
    title = _text(sheet, table.title)
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    if table.definition:
        sheet.append([_text(sheet, table.definition)])
    if threshold is not None:
        sheet.append([_text(sheet, gettext("Drempel")), _cell(sheet, threshold, "procent" if threshold <= 1 else "")])
    sheet.append([])
    header = []
    for heading in table.columns:
        cell = _text(sheet, str(heading))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_cell(sheet, value, table.unit_of(i)) for i, value in enumerate(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _cell(sheet, value, unit: str):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | dt.date):
        return _text(sheet, str(value))
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = NUMBER_FORMATS["datum"]
        return cell
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
        cell.number_format = "dd-mm-yyyy hh:mm"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if unit in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[unit]
    return cell


def _sheet_title(item_id: str) -> str:
    """A sheet's name: at most 31 characters, none of []:*?/\\ (Excel's rules)."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in item_id)
    return cleaned[:31] or "export"

