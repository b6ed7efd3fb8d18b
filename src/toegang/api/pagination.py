from django.core.paginator import InvalidPage
from drf_spectacular.drainage import set_override
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import replace_query_param

from toegang.core.errors import NotFound

from .params import MAX_INT, int_param


def page_link(request, page: int, size: int | None) -> str:
    """The absolute address of page `page` of this list, naming the page size actually used (`size`; None where
    the list has a fixed size and takes no `pageSize`)."""
    url = replace_query_param(request.build_absolute_uri(), "page", page)
    return replace_query_param(url, "pageSize", size) if size else url


class Paginering(PageNumberPagination):
    """`?page=N&pageSize=M` (max 100), answered as {count, next, previous, results}; `next` and `previous` name the
    page size actually used (25 without `pageSize`, 100 for anything larger).

    A page or page size that is not a whole number answers 400 naming the parameter; a page past the last one
    answers 404 (NL API Design Rules), never a database error on a huge offset."""

    page_size_query_param = "pageSize"
    max_page_size = 100
    page_query_param = "page"

    def get_page_size(self, request):
        size = int_param(request.query_params, self.page_size_query_param)
        return min(size, self.max_page_size) if size else self.page_size

    def get_page_number(self, request, paginator):
        return int_param(request.query_params, self.page_query_param) or 1

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(f"Pagina {number} bestaat niet; er zijn {paginator.num_pages} pagina's.") from None
        return list(self.page)

    def get_next_link(self):
        if not self.page.has_next():
            return None
        return page_link(self.request, self.page.next_page_number(), self.page.paginator.per_page)

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        return page_link(self.request, self.page.previous_page_number(), self.page.paginator.per_page)


PAGE = OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": MAX_INT, "default": 1},
                        description="paginanummer, vanaf 1")
PAGE_SIZE = OpenApiParameter("pageSize", {"type": "integer", "minimum": 1, "default": Paginering.page_size},
                             description=f"aantal per pagina: standaard {Paginering.page_size}, hoogstens "
                                         f"{Paginering.max_page_size} (een groter getal geeft "
                                         f"{Paginering.max_page_size}; `next` noemt de gebruikte grootte)")
PAGE_PARAMETERS = [PAGE, PAGE_SIZE]


def page_schema(name: str, fields: dict):
    """The schema of a list answer that is one object (a page), not an array of rows."""
    serializer = inline_serializer(name=name, fields=fields)
    set_override(serializer, "many", False)  # else drf-spectacular wraps a list action's answer in an array
    return serializer


def paginated(serializer_class, name: str):
    """The schema of one page of `serializer_class` rows as Paginering answers it."""
    return page_schema(name, {
        "count": serializers.IntegerField(help_text="het aantal in de hele lijst"),
        "next": serializers.URLField(allow_null=True, help_text="de volgende pagina (met page en pageSize)"),
        "previous": serializers.URLField(allow_null=True, help_text="de vorige pagina (met page en pageSize)"),
        "results": serializer_class(many=True),
    })


def unpaged(serializer_class, name: str):
    """The schema of a list without a total: one page and the links (the inwoner search, a partner's referrals)."""
    return page_schema(name, {
        "next": serializers.URLField(allow_null=True, help_text="de volgende pagina, als die er kan zijn"),
        "previous": serializers.URLField(allow_null=True, help_text="de vorige pagina"),
        "results": serializer_class(many=True),
    })
