"""Charts and exports (docs/charts.md): the table alternative of a chart, CSV for Dutch Excel, XLSX with numbers and
number formats, reading ?export=, the chart and table tags, and the budget page's exports behind its permission."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory
from openpyxl import load_workbook

from toegang.provisions.models import Budget
from toegang.provisions.permissions import gemeenten_with_finance
from toegang.ui.charts import Chart, Series, Table, table_of
from toegang.ui.exports import export_request, export_response, respond_with_export

SHARES = Chart(id="aandeel", title="Deel vastgelegd", kind="hbar", unit="procent", threshold=0.7,
               labels=["Jeugdwet", "Wmo 2015", "=SOM(A1)"],
               series=[Series("Vastgelegd", [Decimal("0.125"), 0.7, None])], definition="Vastgelegd ÷ budget")
BUDGET = Table(id="budgetten", title="Budgetten 2026", columns=["Wet", "Budget", "Deel", "Sinds", "Dagen"],
               rows=[["Jeugdwet", Decimal("2341.5"), Decimal("0.125"), dt.date(2026, 1, 31), 12],
                     ["Wmo 2015", Decimal("1234567.89"), None, None, 3.25]],
               units=["tekst", "euro", "procent", "datum", "dagen"])


def rows_of_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode())  # the byte order mark: Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_table_of_a_chart_has_the_label_then_a_column_per_series_and_marks_the_threshold():
    two = Chart(id="zrm", title="ZRM", kind="line", labels=["01-09-2026", "01-11-2026"],
                series=[Series("Ilse", [1, 4]), Series("Pleun", [None, 2.5])])
    table = table_of(two)
    assert (table.id, table.title, table.columns) == ("zrm", "ZRM", ["Periode", "Ilse", "Pleun"])
    assert table.rows == [["01-09-2026", 1, None], ["01-11-2026", 4, 2.5]]
    assert table.units == ["tekst", "aantal", "aantal"] and table.marked == frozenset()
    shares = table_of(SHARES)
    assert shares.columns == ["Categorie", "Vastgelegd"] and shares.units == ["tekst", "procent"]
    assert shares.marked == {(1, 1)}  # 0.7 is at the threshold; 12.5% and no value are not


def test_a_series_of_the_wrong_length_or_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        Chart(id="x", title="x", kind="bar", labels=["a", "b"], series=[Series("s", [1])])
    with pytest.raises(ValueError):
        Chart(id="x", title="x", kind="pie", labels=[], series=[])


def test_csv_is_for_dutch_excel():
    response = export_response(BUDGET, "csv", "budget-2026-budgetten")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="budget-2026-budgetten.csv"'
    assert rows_of_csv(response) == [["Wet", "Budget", "Deel", "Sinds", "Dagen"],
                                     ["Jeugdwet", "2341,50", "12,5%", "31-01-2026", "12"],
                                     ["Wmo 2015", "1234567,89", "", "", "3,25"]]


def test_csv_of_a_chart_is_its_table_and_text_never_runs_as_a_formula():
    rows = rows_of_csv(export_response(SHARES, "csv", "aandeel"))
    assert rows == [["Categorie", "Vastgelegd"], ["Jeugdwet", "12,5%"], ["Wmo 2015", "70%"], ["'=SOM(A1)", ""]]


def test_xlsx_holds_numbers_with_their_formats_under_the_title():
    response = export_response(BUDGET, "xlsx", "budget-2026-budgetten")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="budget-2026-budgetten.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert rows[0][0].value == "Budgetten 2026" and rows[0][0].font.bold
    assert [c.value for c in rows[2]] == ["Wet", "Budget", "Deel", "Sinds", "Dagen"]
    jeugd = rows[3]
    assert jeugd[0].value == "Jeugdwet"
    assert jeugd[1].value == pytest.approx(2341.5) and "€" in jeugd[1].number_format
    assert jeugd[2].value == pytest.approx(0.125) and jeugd[2].number_format == "0.0%"
    assert jeugd[3].value == dt.datetime(2026, 1, 31) and jeugd[3].number_format == "dd-mm-yyyy"
    assert jeugd[4].value == 12 and jeugd[4].data_type == "n"
    assert [c.value for c in rows[4]][:3] == ["Wmo 2015", pytest.approx(1234567.89), None]


def test_xlsx_of_a_chart_names_definition_and_threshold_and_keeps_formulas_out():
    sheet = load_workbook(io.BytesIO(export_response(SHARES, "xlsx", "aandeel").content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Deel vastgelegd" and values[1][0] == "Vastgelegd ÷ budget"
    assert values[2][:2] == ["Drempel", pytest.approx(0.7)]
    assert values[4][:2] == ["Categorie", "Vastgelegd"]
    assert values[7][0] == "=SOM(A1)"
    assert sheet.cell(row=8, column=1).data_type == "s"  # text, not a formula


@pytest.mark.parametrize("query, expected", [
    ("", None), ("?jaar=2026", None), ("?export=budgetten", ("budgetten", "csv")),
    ("?export=budgetten&formaat=xlsx", ("budgetten", "xlsx")), ("?export=budgetten&formaat=XLSX", ("budgetten", "xlsx")),
    ("?jaar=2026&export=aandeel&formaat=csv", ("aandeel", "csv")),
])
def test_export_request_reads_the_query(query, expected):
    assert export_request(RequestFactory().get(f"/budget/{query}")) == expected


def test_an_unknown_format_or_id_is_not_found_and_no_export_renders_the_page():
    with pytest.raises(Http404):
        export_request(RequestFactory().get("/budget/?export=budgetten&formaat=pdf"))
    with pytest.raises(Http404):
        respond_with_export(RequestFactory().get("/budget/?export=onbekend"), [SHARES, BUDGET], "budget")
    assert respond_with_export(RequestFactory().get("/budget/?jaar=2026"), [SHARES, BUDGET], "budget") is None
    response = respond_with_export(RequestFactory().get("/budget/?export=aandeel&formaat=xlsx"), [SHARES, BUDGET],
                                   "budget-2026")
    assert response["Content-Disposition"] == 'attachment; filename="budget-2026-aandeel.xlsx"'


def test_the_chart_tag_renders_canvas_json_table_alternative_and_export_links_keeping_filters():
    request = RequestFactory().get("/budget/?jaar=2026")
    html = Template("{% load nlds %}{% chart c %}{% chart c %}").render(Context({"c": SHARES, "request": request}))
    assert '<canvas id="aandeel-grafiek" data-chart="aandeel-gegevens" role="img"' in html
    assert 'aria-label="Deel vastgelegd. Vastgelegd: Jeugdwet 12,5%; Wmo 2015 70%; =SOM(A1) —."' in html
    assert '<script id="aandeel-gegevens" type="application/json">' in html and '"threshold": 0.7' in html
    assert "<summary>Tabel bij de grafiek</summary>" in html
    assert 'data-label="Vastgelegd">70% <span class="utrecht-status-badge utrecht-status-badge--warning">op of ' \
           'boven de drempel van 70%</span>' in html
    assert 'href="?jaar=2026&amp;export=aandeel&amp;formaat=csv"' in html
    assert 'href="?jaar=2026&amp;export=aandeel&amp;formaat=xlsx"' in html
    assert html.count("chart.umd.min.js") == 1 and html.count("charts.js") == 1  # the scripts once per page


def test_a_chart_with_nothing_to_draw_says_so_instead_of_drawing_empty_axes():
    empty = Chart(id="leeg", title="Escalaties per niveau", kind="bar", labels=[], series=[Series("Aantal", [])])
    html = Template("{% load nlds %}{% chart c %}").render(Context({"c": empty, "request": RequestFactory().get("/")}))
    assert "Geen gegevens voor deze keuze: er is niets te tekenen." in html
    assert "<canvas" not in html and 'id="leeg-gegevens"' not in html
    assert "<summary>Tabel bij de grafiek</summary>" in html  # the (empty) table and its exports stay
    assert 'href="?export=leeg&amp;formaat=csv"' in html
    assert not SHARES.empty
    assert Chart(id="leeg", title="Nul", kind="bar", labels=["Niveau 1"], series=[Series("Aantal", [None])]).empty
    assert not Chart(id="nul", title="Nul", kind="bar", labels=["Niveau 1"], series=[Series("Aantal", [0])]).empty


def test_the_data_table_tag_shows_numbers_the_dutch_way():
    html = Template("{% load nlds %}{% data_table t %}").render(
        Context({"t": BUDGET, "request": RequestFactory().get("/budget/")}))
    assert '<caption class="utrecht-table__caption">Budgetten 2026</caption>' in html
    assert 'data-label="Budget">€ 2.341,50</td>' in html and 'data-label="Deel">12,5%</td>' in html
    assert 'data-label="Sinds">31-01-2026</td>' in html and 'data-label="Dagen">3,25</td>' in html
    assert 'data-label="Budget">€ 1.234.567,89</td>' in html and 'data-label="Deel">—</td>' in html
    assert 'href="?export=budgetten&amp;formaat=csv"' in html and "chart.umd.min.js" not in html


@pytest.mark.django_db
def test_the_budget_page_exports_its_tables_to_finance_only(client_for, staff, actor_of):
    policy = client_for("beleid")
    page = policy.get("/budget/?jaar=2026").content.decode()
    for item in ("budget-aandeel", "contract-aandeel", "budgetten", "contracten"):
        assert f"export={item}&amp;formaat=csv" in page and f"export={item}&amp;formaat=xlsx" in page
    response = policy.get("/budget/?jaar=2026&export=budgetten&formaat=csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="budget-2026-budgetten.csv"'
    rows = rows_of_csv(response)
    assert rows[0][:6] == ["Gemeente", "Wet", "Categorie", "Budget", "Vastgelegd", "Deel"]
    gemeenten = gemeenten_with_finance(actor_of(staff["beleid"]))
    budgets = Budget.objects.filter(year=2026, gemeente__in=gemeenten).select_related("gemeente")
    assert len(rows) - 1 == budgets.count() > 0
    assert {(r[0], r[3]) for r in rows[1:]} == {(b.gemeente.name, f"{b.amount:.2f}".replace(".", ","))
                                               for b in budgets}
    contracts = load_workbook(io.BytesIO(policy.get("/budget/?export=contracten&formaat=xlsx").content)).active
    header = [c.value for c in next(contracts.iter_rows(min_row=4, max_row=4))]
    assert header[:3] == ["Aanbieder", "AGB-code", "Contract"]
    assert policy.get("/budget/?export=bestaat-niet").status_code == 404
    assert client_for("generalist").get("/budget/?export=budgetten&formaat=csv").status_code == 403
