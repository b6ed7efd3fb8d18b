"""Charts and tables as data (docs/charts.md): a view builds a `Chart` or a `Table`, the template shows it with
`{% chart %}` or `{% data_table %}` (ui/templatetags/nlds.py) and `ui/exports.py` turns the same object into CSV or
XLSX. Chart.js (vendored, static/vendor/chartjs/) draws a chart from the JSON the tag puts in the page; the table
alternative under every chart holds the numbers themselves (WCAG 1.1.1, 1.4.1: never colour alone)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext

KINDS = ("bar", "hbar", "line", "stacked")
CHART_UNITS = ("aantal", "procent", "euro", "dagen")
TABLE_UNITS = ("tekst", *CHART_UNITS, "datum")


@dataclass(frozen=True)
class Series:
    """One line or one colour of bars: a name and one value per label (None where there is none)."""

    name: str
    values: list  # numbers (int, float, Decimal) or None, one per label


@dataclass(frozen=True)
class Chart:
    """A chart: `id` is a slug unique on the page and the export key (?export=<id>); `unit` "procent" holds
    fractions (0.125 is shown as 12,5%); `threshold` draws a reference line and marks values at or over it."""

    id: str
    title: str
    kind: str  # "bar" (vertical bars), "hbar" (horizontal bars), "line", "stacked" (stacked vertical bars)
    labels: list[str]
    series: list[Series]
    unit: str = "aantal"  # "aantal" | "procent" | "euro" | "dagen"
    definition: str = ""
    threshold: float | None = None
    # the value axis's fixed ends when the scale has them (ZRM: 1 to 5); otherwise Chart.js chooses
    scale_min: float | None = None
    scale_max: float | None = None

    @property
    def empty(self) -> bool:
        """Nothing to draw: no categories, or no value at all (an empty axis says nothing; zeros are drawn)."""
        return all(v is None for series in self.series for v in series.values)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"chart {self.id}: kind {self.kind!r} is none of {KINDS}")
        if self.unit not in CHART_UNITS:
            raise ValueError(f"chart {self.id}: unit {self.unit!r} is none of {CHART_UNITS}")
        for series in self.series:
            if len(series.values) != len(self.labels):
                raise ValueError(f"chart {self.id}: series {series.name!r} has {len(series.values)} values for "
                                 f"{len(self.labels)} labels")


@dataclass(frozen=True)
class Table:
    """A table of plain values (str, int, float, Decimal, date or None); `units` per column says how a cell is
    shown and exported ("tekst", "aantal", "procent" as a fraction, "euro", "dagen", "datum")."""

    id: str
    title: str
    columns: list[str]
    rows: list[list]
    units: list[str] | None = None
    definition: str = ""
    # the cells at or over a chart's threshold ((row, column) pairs), so the table alternative marks them in words
    marked: frozenset = field(default=frozenset(), compare=False)

    def __post_init__(self):
        if self.units is not None:
            if len(self.units) != len(self.columns):
                raise ValueError(f"table {self.id}: {len(self.units)} units for {len(self.columns)} columns")
            unknown = set(self.units) - set(TABLE_UNITS)
            if unknown:
                raise ValueError(f"table {self.id}: unknown units {sorted(unknown)}")

    def unit_of(self, column: int) -> str:
        return self.units[column] if self.units else "tekst"


def label_heading(chart: Chart) -> str:
    """The heading of the labels' column: a line runs over periods, bars compare categories."""
    return gettext("Periode") if chart.kind == "line" else gettext("Categorie")


def table_of(chart: Chart) -> Table:
    """The table alternative of a chart: the label first, then one column per series, in the chart's unit; the
    cells at or over the chart's threshold are marked."""
    rows = [[label, *(series.values[index] for series in chart.series)] for index, label in enumerate(chart.labels)]
    marked = frozenset(
        (r, c) for r, row in enumerate(rows) for c, value in enumerate(row[1:], start=1)
        if chart.threshold is not None and value is not None and float(value) >= chart.threshold)
    return Table(id=chart.id, title=chart.title, columns=[label_heading(chart), *(s.name for s in chart.series)],
                 rows=rows, units=["tekst", *([chart.unit] * len(chart.series))], definition=chart.definition,
                 marked=marked)
