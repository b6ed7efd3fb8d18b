"""The public social map: general and preceding provisions, for whom, where, how to reach them. No personal data."""

from __future__ import annotations

from django.shortcuts import render

from toegang.accounts.models import Gemeente
from toegang.core.paging import page_number, page_of

from .. import queries
from ..codes import LAW_NAMES
from ..forms import SocialMapSearchForm

PAGE_SIZE = 25


def social_map(request):
    """Public: general and preceding provisions, what, for whom, where, how to reach them. No personal data."""
    gemeenten = list(Gemeente.objects.filter(active=True).order_by("name"))
    form = SocialMapSearchForm(request.GET or None, gemeenten=gemeenten)
    page = page_number(request)
    rows, more, status = [], False, 200
    if form.is_bound and not form.is_valid():
        status = 400  # a filter value it cannot use: the error at its field, no results that ignore it (issue 9)
    else:
        data = form.cleaned_data if form.is_bound else {"q": "", "wet": "", "gemeente": ""}
        gemeente_id = int(data["gemeente"]) if data.get("gemeente") else None
        rows, more = page_of(queries.social_map(q=data["q"].strip(), law=data["wet"], gemeente_id=gemeente_id),
                             page, PAGE_SIZE)
    context = {"form": form, "rows": rows, "has_more": more, "page": page, "law_names": LAW_NAMES}
    if getattr(request, "htmx", False):
        return render(request, "provisions/social_map.html#results", context, status=status)
    return render(request, "provisions/social_map.html", context, status=status)
