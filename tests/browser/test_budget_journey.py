"""The budget page with its forecast (issue 15 item 4; docs/budget.md), walked in Chromium at 1280 and 375 px as
policy and control on the demo: each budget and contract with its forecast to year end, a warning in words with the
day the money runs out when the pace would exceed the budget, and the guideline split (13 % toegang en lichte hulp,
87 % gecontracteerde zorg en pgb) — no sideways scrolling, no ISO date, the WCAG check."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from toegang.accounts.actors import actor_for_user
from toegang.provisions import actions as provision_actions
from toegang.provisions.models import Budget

from ..provisions_support import case_with_goal, data
from .test_flows import go_to, login
from .test_trust_flow import Widths, assert_plain_dutch, at_width

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_policy_sees_the_forecast_the_warning_and_the_split(page, live_server, staff, axe_check, width,
                                                            tmp_path, settings):
    settings.TOEGANG_BERICHTEN_UIT = tmp_path / "uit"
    # a small Jeugdwet budget this year (its guideline split from the demo profile), and a decision that commits
    # more than its light-help part (13 %) can carry
    budget = Budget.objects.get(gemeente__cbs_code="9901", year=timezone.localdate().year, law="jeugdwet",
                                category="")
    Budget.objects.filter(pk=budget.pk).update(amount=20000)
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(
        actor=actor_for_user(staff["generalist"]), casus=casus, new_aanvraag=True,
        data=data("45A48", child, goal, volume=10, end=timezone.localdate() + dt.timedelta(days=25)))
    provision_actions.check_decide(actor=actor_for_user(staff["procesregisseur"]), indicatie=indicatie,
                                   outcome="toegekend", reasons="Dit helpt het gezin.")
    at_width(page, width)
    widths = Widths(width)
    login(page, live_server, "beleid")
    go_to(page, "Budget")
    main = page.locator("main")
    expect(main).to_contain_text("Prognose jaareinde")
    expect(main.get_by_role("table", name="Elk deel van het budget tegenover wat in zijn productcategorieën is "
                                          "vastgelegd en gerealiseerd")).to_be_visible()
    expect(main).to_contain_text("toegang en lichte hulp")
    expect(main.locator(".utrecht-alert--warning")).to_contain_text("Bij dit tempo is het budget Jeugdwet")
    assert_plain_dutch(main.inner_text())
    axe_check(page, f"15-budget-prognose-{width}")
    widths.check(page, f"15-budget-prognose-{width}")
    widths.assert_none()
