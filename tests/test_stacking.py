"""The cheapest adequate provision (Stadskanaal seed 004 §5.7): stacked products of the same kind for one client are
signalled, the same kind's products are listed by cost; and the process director who stays outside the family
(§5.6, profile `procesregie.buiten_gezin`)."""

import datetime as dt
from decimal import Decimal

import pytest

from toegang.cases import actions as case_actions
from toegang.core.actor import SYSTEM
from toegang.core.errors import ValidationFailed
from toegang.direction import actions as direction_actions
from toegang.profiles.actions import do_load_profile
from toegang.provisions import actions, queries
from toegang.provisions.models import Product

from .provisions_support import TODAY, case_with_goal, data


@pytest.fixture
def setup(profile, staff, actor_of):
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    return {"casus": casus, "child": child, "mother": mother, "goal": goal,
            "generalist": actor_of(staff["generalist"]), "regie": actor_of(staff["procesregisseur"])}


def prepare(s, client=None, **overrides):
    return actions.check_prepare_indication(actor=s["generalist"], casus=s["casus"], new_aanvraag=True,
                                            data=data("45A48", client or s["child"], s["goal"], **overrides))


def test_a_second_product_of_the_same_kind_in_an_overlapping_period_is_stacked(setup):
    s = setup
    first = prepare(s, end=TODAY + dt.timedelta(days=60))
    assert queries.stacked_with(first) == []
    besluit = actions.check_decide(actor=s["regie"], indicatie=first, outcome="toegekend", reasons="Nodig.")
    second = prepare(s, start=TODAY + dt.timedelta(days=30), end=TODAY + dt.timedelta(days=90))
    assert queries.stacked_with(second) == [first] and queries.stacked_with(first) == [second]
    # after the first period, for someone else, or withdrawn: no stacking
    later = prepare(s, start=first.end + dt.timedelta(days=1), end=first.end + dt.timedelta(days=60))
    other = prepare(s, client=s["mother"])
    assert first not in queries.stacked_with(later) and queries.stacked_with(other) == []
    actions.check_withdraw_indication(actor=s["generalist"], indicatie=second, reason="Toch niet.")
    assert queries.stacked_with(first) == []
    # a refused proposal stacks on nothing, and a correction not on the decision it corrects
    refused = prepare(s, start=TODAY + dt.timedelta(days=10), end=TODAY + dt.timedelta(days=40))
    actions.check_decide(actor=s["regie"], indicatie=refused, outcome="afgewezen", reasons="Niet nodig.")
    correction = actions.check_start_correction(actor=s["regie"], besluit=besluit)
    assert refused not in queries.stacked_with(correction) and first not in queries.stacked_with(correction)


def test_the_indication_page_shows_the_stacking(setup, client_for):
    s = setup
    first = prepare(s)
    second = prepare(s, start=TODAY + dt.timedelta(days=7))
    page = client_for("generalist").get(f"/indicaties/{second.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Stapeling" in text and f"{first.start:%d-%m-%Y}" in text and "Goedkoopst adequaat" not in text  # one product
    # a decided indication's page no longer warns: the signal is for whoever decides
    actions.check_decide(actor=s["regie"], indicatie=second, outcome="toegekend", reasons="Nodig.")
    assert "Stapeling" not in client_for("generalist").get(f"/indicaties/{second.pk}/").content.decode()


def test_products_of_the_same_kind_by_cost_valid_on_the_day(profile):
    do_load_profile(actor=SYSTEM, name_or_path="stadskanaal-2018")
    product = Product.objects.get(code="45A02", voorziening__profile__name="stadskanaal-2018")
    ranked = queries.products_by_cost(product, dt.date(2026, 3, 2))
    assert [(r.product.code, r.amount) for r in ranked] == [
        ("45A01", Decimal("62.00")), ("45A02", Decimal("71.50")), ("45A03", Decimal("96.00"))]
    assert queries.products_by_cost(product, dt.date(2017, 12, 31)) == []  # before the productenboek began
    # the demo's old product code is no longer valid today: only the current one
    demo = Product.objects.get(code="45A48", voorziening__profile=profile)
    assert [r.product.code for r in queries.products_by_cost(demo, TODAY)] == ["45A48"]
    assert [r.product.code for r in queries.products_by_cost(demo, dt.date(2024, 6, 1))] == ["45A99"]


def test_outside_the_family_the_case_director_cannot_also_be_the_process_director(setup, staff):
    s = setup
    casus, profile = s["casus"], s["casus"].gemeente.profile
    case_actions.check_assign_case_director(actor=SYSTEM, casus=casus, medewerker=staff["procesregisseur"])
    profile.data = {**profile.data, "procesregie": {**profile.data.get("procesregie", {}), "buiten_gezin": True}}
    profile.save()
    casus.refresh_from_db()
    with pytest.raises(ValidationFailed, match="niet juist|toegewezen") as info:
        direction_actions.check_assign_process_director(actor=s["regie"], casus=casus,
                                                        medewerker=staff["procesregisseur"], kind="procesregie",
                                                        reason="stagnatie")
    assert "buiten het gezin" in info.value.field_errors["medewerker"][0]
    profile.data = {**profile.data, "procesregie": {**profile.data["procesregie"], "buiten_gezin": False}}
    profile.save()
    casus.refresh_from_db()
    assert direction_actions.check_assign_process_director(actor=s["regie"], casus=casus,
                                                           medewerker=staff["procesregisseur"], kind="procesregie",
                                                           reason="stagnatie").until is None
