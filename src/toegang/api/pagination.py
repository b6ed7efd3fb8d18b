from django.core.paginator import InvalidPage
from drf_spectacular.drainage import set_override
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

from toegang.core.errors import NotFound

from .params import int_param


class Paginering(PageNumberPagination):
    """`?page=N&pageSize=M` (max 100), answered as {count, next, previous, results}.

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


PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="paginanummer, vanaf 1"),
    OpenApiParameter("pageSize", int, description="aantal per pagina, hoogstens 100"),
]


def page_schema(name: str, fields: dict):
    """The schema of a list answer that is one object (a page), not an array of rows."""
    serializer = inline_serializer(name=name, fields=fields)
    set_override(serializer, "many", False)  # else drf-spectacular wraps a list action's answer in an array
    return serializer


def paginated(serializer_class, name: str):
    """The schema of one page of `serializer_class` rows as Paginering answers it."""
    return page_schema(name, {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer_class(many=True),
    })
