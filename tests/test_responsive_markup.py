"""On a phone a table becomes a stack of cards and each cell shows its column's name (toegang.css, issue 11 point
11): every data cell of every table in the templates carries that name as data-label, the same words as its
column header."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "toegang"
TABLE = re.compile(r'<table class="utrecht-table">.*?</table>', re.S)
HEAD = re.compile(r'<th class="utrecht-table__header-cell" scope="col">(.*?)</th>', re.S)
CELL = re.compile(r'<tr\b|<td class="utrecht-table__cell"[^>]*>|<th class="utrecht-table__header-cell" scope="row"')
LABEL = re.compile(r'data-label="(.*?)"')


DEFINED = re.compile(r"""\{% translate ["'](.*?)["'] as (\w+) %\}""")


def label_text(template_text: str, names: dict[str, str] | None = None) -> str:
    """`{% translate "Naam" %}` and `{% translate 'Naam' %}` are the same words; so is `{{ label_naam }}` after
    `{% translate "Naam" as label_naam %}` (a table translates its column names once, not in every row)."""
    text = re.sub(r"""\{% translate ["'](.*?)["'] %\}""", r"\1", template_text).strip()
    variable = re.fullmatch(r"\{\{ (\w+) \}\}", text)
    return (names or {}).get(variable.group(1), text) if variable else text


def problems_in(text: str, name: str) -> list[str]:
    problems = []
    names = {name: words for words, name in DEFINED.findall(text)}
    for table in TABLE.findall(text):
        head, _, body = table.partition("</thead>")
        headers = [label_text(h) for h in HEAD.findall(head)]
        column = -1
        for cell in CELL.finditer(body):
            if cell.group(0) == "<tr":
                column = -1
                continue
            column += 1
            if not cell.group(0).startswith("<td") or "colspan" in cell.group(0):
                continue
            found = LABEL.search(cell.group(0))
            expected = headers[column] if column < len(headers) else "?"
            if found is None or label_text(found.group(1), names) != expected:
                problems.append(f"{name}: column {column + 1} needs data-label '{expected}'")
    return problems


def test_every_table_cell_names_its_column():
    templates = sorted(SRC.glob("*/templates/**/*.html"))
    assert sum(len(TABLE.findall(p.read_text())) for p in templates) >= 15  # the worklists and pages are seen
    assert [problem for p in templates for problem in problems_in(p.read_text(), str(p.relative_to(SRC)))] == []


def test_a_cell_without_its_label_or_with_another_is_found():
    table = """<table class="utrecht-table"><thead class="utrecht-table__header"><tr class="utrecht-table__row">
      <th class="utrecht-table__header-cell" scope="col">{% translate "Naam" %}</th>
      <th class="utrecht-table__header-cell" scope="col">{% translate "BSN" %}</th></tr></thead>
      <tbody class="utrecht-table__body"><tr class="utrecht-table__row">
      <td class="utrecht-table__cell" data-label="{% translate 'Naam' %}">x</td><td class="utrecht-table__cell">y</td>
      </tr><tr class="utrecht-table__row"><td class="utrecht-table__cell" data-label="{% translate 'Adres' %}">x</td>
      <td class="utrecht-table__cell" colspan="2">niemand</td></tr></tbody></table>"""
    assert problems_in(table, "t") == ["t: column 2 needs data-label 'BSN'", "t: column 1 needs data-label 'Naam'"]
    # the same table with its column names translated once: a label that names another column is still found
    first = "data-label=\"{% translate 'Naam' %}\""
    named = ('{% translate "Naam" as label_naam %}{% translate "BSN" as label_bsn %}'
             + table.replace(first, 'data-label="{{ label_naam }}"', 1)
             .replace('<td class="utrecht-table__cell">y', '<td class="utrecht-table__cell" data-label="{{ label_naam }}">y'))
    assert problems_in(named, "t") == ["t: column 2 needs data-label 'BSN'", "t: column 1 needs data-label 'Naam'"]
