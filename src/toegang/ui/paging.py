"""Pages of a list: the page number from `?pagina=` (anything else is page 1) and one page of rows plus whether
there is a next one (one query: a row more than the page)."""

from __future__ import annotations


def page_number(request) -> int:
    value = request.GET.get("pagina", "1")
    return max(1, int(value)) if value.isdigit() else 1


def page_of(qs, page: int, size: int) -> tuple[list, bool]:
    rows = list(qs[(page - 1) * size: page * size + 1])
    return rows[:size], len(rows) > size
