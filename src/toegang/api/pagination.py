from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property
from drf_spectacular.drainage import set_override
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from toegang.core.errors import NotFound

from .params import MAX_INT, int_param


def page_link(request, page: int, size: int | None) -> str:
    """The absolute address of page `page` of this list, naming the page size actually used (`size`; None where
    the list has a fixed size and takes no `pageSize`)."""
    url = replace_query_param(request.build_absolute_uri(), "page", page)
    return replace_query_param(url, "pageSize", size) if size else url


# An API list counts its rows up to this many past the page asked for, not the whole scope: an exact COUNT(*) over
# 100,000 households grows with the municipality and took longer than the page itself (issue 16). Up to the bound the
# count is exact; past it the answer says `countExact: false` and `count` is the bound (docs/api.md "Lists and counts").
COUNT_BOUND = 1000


class BoundedPaginator(Paginator):
    """Django's paginator with a count that stops `bound` rows past the end of page `number`: one
    `SELECT COUNT(*) FROM (SELECT … LIMIT n)` the planner ends early, without the list's ordering. Exact as long as the
    list is no longer than that, so the last page, `next` and a page past the end (404) are always right."""

    def __init__(self, object_list, per_page, *, number: int, bound: int = COUNT_BOUND):
        super().__init__(object_list, per_page)
        self.limit = number * per_page + bound + 1

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.limit - 1)

    @cached_property
    def counted(self) -> int:
        return self.object_list.order_by().values("pk")[:self.limit].count()

    @property
    def exact(self) -> bool:
        return self.counted < self.limit


class Paginering(PageNumberPagination):
    """`?page=N&pageSize=M` (max 100), answered as {count, countExact, next, previous, results}; `next` and
    `previous` name the page size actually used (25 without `pageSize`, 100 for anything larger). `count` is exact up
    to COUNT_BOUND rows past the page (`countExact` true), else that bound (`countExact` false: there are more).

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
        number = int_param(request.query_params, self.page_query_param) or 1
        paginator = BoundedPaginator(queryset, self.get_page_size(request), number=number)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise NotFound(f"Pagina {number} bestaat niet; er zijn {paginator.num_pages} pagina's.") from None
        return list(self.page)

    def get_paginated_response(self, data):
        return Response({"count": self.page.paginator.count, "countExact": self.page.paginator.exact,
                         "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

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
        "count": serializers.IntegerField(
            help_text=f"het aantal in de hele lijst, geteld tot {COUNT_BOUND} voorbij het einde van deze pagina; "
                      "is de lijst langer, dan dat getal en `countExact` false"),
        "countExact": serializers.BooleanField(
            help_text="true: `count` is het aantal in de hele lijst; false: er zijn er meer dan `count`"),
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
