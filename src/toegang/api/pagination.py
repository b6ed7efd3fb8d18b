from rest_framework.pagination import PageNumberPagination


class Paginering(PageNumberPagination):
    """`?page=N&pageSize=M` (max 100), answered as {count, next, previous, results}."""

    page_size_query_param = "pageSize"
    max_page_size = 100
    page_query_param = "page"
