"""Pages of a list and the filters in their query string.

The page number comes from `?pagina=`; one page of rows plus whether there is a next one takes one query (a row more
than the page). A page number or filter value a page cannot use is refused with a message in the page's language (400, rendered
by toegang.core.middleware), never ignored and never handed to the database out of range (issue 9)."""

from __future__ import annotations

from django.utils.translation import gettext

from toegang.core.errors import ValidationFailed

# Far past any real list (25 rows a page), and an offset every database handles.
MAX_PAGE = 100_000
MAX_ID = 2**31 - 1


def _whole_number(value: str, low: int, high: int) -> int | None:
    if value.isascii() and value.isdigit() and low <= int(value) <= high:
        return int(value)
    return None


def page_number(request) -> int:
    value = request.GET.get("pagina", "")
    if value == "":
        return 1
    number = _whole_number(value, 1, MAX_PAGE)
    if number is None:
        raise ValidationFailed(gettext("Deze pagina bestaat niet."),
                               field_errors={"pagina": [gettext("Kies een paginanummer van 1 tot en met %(max)s.")
                                                        % {"max": MAX_PAGE}]})
    return number


def choice_filter(request, name: str, choices, label: str) -> str:
    """`?name=` if it is one of the codes in `choices` ((code, label) pairs); '' when absent."""
    value = request.GET.get(name, "")
    labels = dict(choices)
    if value and value not in labels:
        raise ValidationFailed(gettext("Onbekende %(label)s '%(value)s'.") % {"label": gettext(label),
                                                                               "value": value[:40]},
                               field_errors={name: [gettext("Kies uit: %(choices)s.") % {
                                   "choices": ", ".join(gettext(str(v)) for v in labels.values() if v)}]})
    return value


def id_filter(request, name: str, label: str) -> int | None:
    """`?name=` as the id of a row; None when absent."""
    value = request.GET.get(name, "")
    if value == "":
        return None
    number = _whole_number(value, 1, MAX_ID)
    if number is None:
        raise ValidationFailed(gettext("Onbekend %(label)s '%(value)s'.") % {"label": gettext(label),
                                                                              "value": value[:40]},
                               field_errors={name: [gettext("Kies uit de lijst.")]})
    return number


def whole_number_filter(request, name: str, low: int, high: int, label: str) -> int | None:
    """`?name=` as a whole number from `low` to `high` (a year, say); None when absent."""
    value = request.GET.get(name, "")
    if value == "":
        return None
    number = _whole_number(value, low, high)
    if number is None:
        raise ValidationFailed(gettext("Onbekend %(label)s '%(value)s'.") % {"label": gettext(label),
                                                                              "value": value[:40]},
                               field_errors={name: [gettext("Kies een %(label)s van %(low)s tot en met %(high)s.")
                                                    % {"label": gettext(label), "low": low, "high": high}]})
    return number


def page_of(qs, page: int, size: int) -> tuple[list, bool]:
    rows = list(qs[(page - 1) * size: page * size + 1])
    return rows[:size], len(rows) > size
