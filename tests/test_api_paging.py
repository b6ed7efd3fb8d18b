"""The API lists count up to COUNT_BOUND rows past the page asked for, not the whole scope (issue 16; docs/api.md
"Lists and counts"): exact below the bound, `countExact` false past it, and `next`, the last page and a page past the
end stay right."""

import pytest
from django.core.paginator import EmptyPage

from toegang.api.pagination import BoundedPaginator
from toegang.persons.models import Household

from .factories import HouseholdFactory


@pytest.fixture
def thirty(demodam):
    HouseholdFactory.create_batch(30)
    return Household.objects.order_by("id")


def test_count_is_exact_below_the_bound(thirty):
    paginator = BoundedPaginator(thirty, 10, number=1, bound=100)
    assert (paginator.count, paginator.exact, paginator.num_pages) == (30, True, 3)


def test_count_stops_at_the_bound_past_the_page(thirty):
    paginator = BoundedPaginator(thirty, 10, number=1, bound=5)
    # counted to 10 + 5 rows: there are more, and the answer says so
    assert (paginator.count, paginator.exact) == (15, False)
    assert paginator.page(1).has_next()
    # each request counts past its own page: page 2 still knows there is a page 3
    assert BoundedPaginator(thirty, 10, number=2, bound=5).page(2).has_next()


def test_the_last_page_and_a_page_past_it_stay_right_with_a_small_bound(thirty):
    last = BoundedPaginator(thirty, 10, number=3, bound=5)
    assert (last.count, last.exact) == (30, True)
    assert list(last.page(3)) == list(thirty[20:30]) and not last.page(3).has_next()
    past = BoundedPaginator(thirty, 10, number=4, bound=5)
    with pytest.raises(EmptyPage):
        past.page(4)


def test_api_list_says_whether_the_count_is_exact(client_for, demodam):
    HouseholdFactory.create_batch(3)
    answer = client_for("balie").get("/api/v1/huishoudens?pageSize=2").json()
    assert answer["countExact"] is True and answer["count"] >= 3 and answer["next"]
