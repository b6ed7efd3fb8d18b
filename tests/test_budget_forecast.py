"""Issue 15 item 4: the forecast of budgets and contract ceilings to the end of the period, its warnings, and a
budget split by a guideline (docs/budget.md)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from toegang.core.actor import SYSTEM
from toegang.messaging.actions import receive
from toegang.messaging.models import Toewijzing
from toegang.provisions import actions as provision_actions
from toegang.provisions.forecast import counted_days, forecast
from toegang.provisions.models import Budget, Contract, Verplichting

from .provisions_support import case_with_goal, data
from .test_messaging_declarations import declaration, month

Y26 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def at(day: dt.date, hour=10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def run(budget, committed, realised, today):
    return forecast(budget=Decimal(budget), committed=Decimal(committed), realised=Decimal(realised),
                    start=Y26[0], end=Y26[1], today=today)


def test_realised_spend_counts_through_the_last_complete_month():
    assert counted_days(*Y26, dt.date(2026, 7, 15)) == 181  # January to June
    assert counted_days(*Y26, dt.date(2026, 1, 20)) == 0
    assert counted_days(*Y26, dt.date(2027, 2, 1)) == 365 and counted_days(*Y26, dt.date(2025, 6, 1)) == 0


def test_a_budget_not_at_risk_has_no_warning():
    # 40,000 realised in 181 days: 40,000 × 365 / 181 = 80,662.98 a year; more than the 60,000 committed
    got = run(100000, 60000, 40000, dt.date(2026, 7, 15))
    assert got.extrapolated == Decimal("80662.98") and got.amount == Decimal("80662.98")
    assert not got.over and got.runs_out is None


def test_the_pace_of_realised_spend_runs_out_the_budget():
    # over 75,000: the rest 75,000 − 40,000 at (80,662.98 − 40,000) over 184 days: 158.4 → day 181 + 159 = 6 December
    got = run(75000, 60000, 40000, dt.date(2026, 7, 15))
    assert got.runs_out == dt.date(2026, 12, 6) and not got.exhausted


def test_commitments_over_the_budget_run_it_out_at_their_pace():
    # 10,000 realised through March (90 days) extrapolates to 40,555.56; 60,000 is committed: the forecast.
    # The remaining 50,000 committed over 275 days; 40,000 left in the budget: 220 days → day 310 = 6 November
    got = run(50000, 60000, 10000, dt.date(2026, 4, 10))
    assert got.extrapolated == Decimal("40555.56") and got.amount == Decimal("60000")
    assert got.runs_out == dt.date(2026, 11, 6)


def test_the_date_is_not_before_today_and_a_spent_budget_is_exhausted():
    # 9,000 in 181 days; 1,000 left at 9,149.17 over 184 days: 21 days → 21 July; seen on 25 July: today
    assert run(10000, 0, 9000, dt.date(2026, 7, 20)).runs_out == dt.date(2026, 7, 21)
    assert run(10000, 0, 9000, dt.date(2026, 7, 25)).runs_out == dt.date(2026, 7, 25)
    spent = run(10000, 0, 10000, dt.date(2026, 7, 25))
    assert spent.exhausted and spent.over and spent.runs_out is None
    # a year that is over: what is committed beyond the budget runs out on its last day
    assert run(10000, 12000, 9000, dt.date(2027, 2, 1)).runs_out == dt.date(2026, 12, 31)


@pytest.fixture
def decided(time_machine, staff, actor_of, django_capture_on_commit_callbacks):
    """On 10-03-2026 a Jeugdwet decision in natura (45A48, 3 hours a week at € 87,40) to 31-12-2026; declared for
    March (3 hours) and April (4 hours) on 05-05-2026 and approved."""
    time_machine.move_to(at(dt.date(2026, 3, 10)), tick=False)
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    indicatie = provision_actions.check_prepare_indication(
        actor=actor_of(staff["generalist"]), casus=casus, new_aanvraag=True,
        data=data("45A48", child, goal, start=dt.date(2026, 3, 10), end=dt.date(2026, 12, 31)))
    with django_capture_on_commit_callbacks(execute=True):
        provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                       outcome="toegekend", reasons="Dit helpt het gezin.")
    assigned = Toewijzing.objects.get(indicatie=indicatie)
    time_machine.move_to(at(dt.date(2026, 5, 5)), tick=False)
    receive(actor=SYSTEM, raw=declaration(assigned, [{"period": month(assigned, 0), "volume": 3},
                                                     {"period": month(assigned, 1), "volume": 4}]))
    return assigned


def rows_of(page: str, text: str) -> list[str]:
    return [r for r in page.split("<tr")[1:] if text in r.split("</tr>")[0]]


def test_the_page_forecasts_warns_and_splits_by_the_guideline(decided, client_for, time_machine):
    gemeente = decided.gemeente
    # 3 h × € 87,40 × 297 days (10 March to 31 December) / 7 = € 11.124,77 committed in 2026
    assert Verplichting.objects.filter(besluit__indicatie=decided.indicatie, year=2026).get().amount \
        == Decimal("11124.77")
    Budget.objects.filter(gemeente=gemeente, year=2026, law="jeugdwet", category="").update(amount=20000)
    time_machine.move_to(at(dt.date(2026, 5, 20)), tick=False)
    page = client_for("beleid").get("/budget/", {"jaar": 2026}).content.decode()
    # realised € 611,80 (7 hours) in 120 days (January to April): 611.80 × 365 / 120 = € 1.860,89; committed is more
    jeugd = next(r for r in rows_of(page, ">Jeugdwet<") if gemeente.name in r and ">alle<" in r)
    assert "€ 20.000,00" in jeugd and "€ 611,80" in jeugd and "€ 11.124,77" in jeugd and "boven budget" not in jeugd
    # the guideline: 13% of € 20.000 = € 2.600 for access and light help (category 45 is in it); 87% = € 17.400
    light = next(iter(rows_of(page, "Jeugdwet · toegang en lichte hulp")))
    assert all(x in light for x in ("13%", "€ 2.600,00", "€ 11.124,77", "€ 611,80", "boven budget", "31, 34, 45"))
    contracted = next(iter(rows_of(page, "Jeugdwet · gecontracteerde zorg en pgb")))
    assert all(x in contracted for x in ("87%", "€ 17.400,00", "€ 0,00")) and "boven budget" not in contracted
    # 2,600 − 611.80 left; the rest of the forecast (11,124.77 − 611.80) over 245 days: 46.3 → day 120 + 47 = 167
    assert (f"Bij dit tempo is het budget Jeugdwet · toegang en lichte hulp van {gemeente.name} op 16-06-2026 op "
            "(prognose € 11.124,77, budget € 2.600,00).") in page
    assert f"het budget Jeugdwet van {gemeente.name}" not in page  # the whole law's budget is not at risk
    assert "2026-06-16" not in page


def test_the_warning_date_of_a_budget_in_the_future(decided, client_for, time_machine):
    gemeente = decided.gemeente
    Budget.objects.filter(gemeente=gemeente, year=2026, law="jeugdwet", category="").update(amount=80000)
    time_machine.move_to(at(dt.date(2026, 5, 2)), tick=False)
    page = client_for("beleid").get("/budget/", {"jaar": 2026}).content.decode()
    # part 13% of 80,000 = 10,400; 611.80 realised; 9,788.20 left at (11,124.77 − 611.80) / 245 a day: 228.1 days →
    # day 120 + 229 = 349 = 15 December
    assert (f"Bij dit tempo is het budget Jeugdwet · toegang en lichte hulp van {gemeente.name} op 15-12-2026 op "
            "(prognose € 11.124,77, budget € 10.400,00).") in page


def test_the_budget_page_stays_bounded(decided, client_for, time_machine, staff, actor_of,
                                       django_assert_max_num_queries):
    time_machine.move_to(at(dt.date(2026, 5, 20)), tick=False)
    client = client_for("beleid")
    client.get("/budget/", {"jaar": 2026})  # the session's first request loads its roles
    with CaptureQueriesContext(connection) as before, django_assert_max_num_queries(9):
        client.get("/budget/", {"jaar": 2026})
    casus, mother, child, goal = case_with_goal(staff["generalist"])
    for code in ("45A48", "54001"):
        indicatie = provision_actions.check_prepare_indication(
            actor=actor_of(staff["generalist"]), casus=casus, new_aanvraag=True,
            data=data(code, child, goal, start=dt.date(2026, 5, 20), end=dt.date(2026, 12, 31)))
        provision_actions.check_decide(actor=actor_of(staff["procesregisseur"]), indicatie=indicatie,
                                       outcome="toegekend", reasons="x")
    with CaptureQueriesContext(connection) as after:
        client.get("/budget/", {"jaar": 2026})
    assert len(after) == len(before)


def test_the_demo_profile_loads_the_split_and_bad_splits_are_refused(profile):
    from toegang.provisions.catalogue import catalogue_problems
    from toegang.provisions.models import BudgetPart

    parts = BudgetPart.objects.filter(budget__gemeente__cbs_code="9901", budget__year=2026, budget__law="jeugdwet")
    assert [(p.name, p.share) for p in parts] == [("toegang en lichte hulp", Decimal("0.13")),
                                                  ("gecontracteerde zorg en pgb", Decimal("0.87"))]
    assert sorted(c.category for c in parts[0].categories.all()) == ["31", "34", "45"]
    bad = {"budgetten": [{"gemeente": "9901", "jaar": 2026, "wet": "jeugdwet", "productcategorie": "43", "bedrag": 10,
                          "verdeling": [{"naam": "a", "aandeel": 0.5, "categorieen": ["45", "99"]},
                                        {"naam": "b", "aandeel": 0.4, "categorieen": ["45"]}]}]}
    found = catalogue_problems(bad, set(), {"9901"})
    split = [text for where, text in found if where == "budgetten[0].verdeling"]
    assert len(split) == 2 and "zonder productcategorie" in split[0] and "tellen op tot 0.9" in split[1]
    problems = dict(found)
    assert "onbekende productcategorie '99'" in problems["budgetten[0].verdeling[0].categorieen[1]"]
    assert "in twee delen" in problems["budgetten[0].verdeling[1].categorieen[0]"]


def test_a_contract_ceiling_forecast_warns_with_its_date(decided, client_for, time_machine):
    """The contract runs 01-01-2025 to 31-12-2027 (1,095 days); on 20-05-2026 its counted days run to 30-04-2026
    (485). Committed € 11.124,77 is the forecast, over a ceiling of € 5.000: what is left (5,000 − 611.80) at the
    rest of the forecast over the 610 days not counted ((11,124.77 − 611.80) / 610 a day) takes 254.6 days → day
    485 + 255 = 740 of the term = 10-01-2027."""
    Contract.objects.filter(pk=decided.indicatie.contract_id).update(ceiling=5000)
    time_machine.move_to(at(dt.date(2026, 5, 20)), tick=False)
    page = client_for("beleid").get("/budget/", {"jaar": 2026}).content.decode()
    warned = re.search(r"Bij dit tempo is het plafond van (.+?) op (\d\d-\d\d-\d\d\d\d) bereikt "
                       r"\(prognose € 11\.124,77, plafond € 5\.000,00\)\.", page)
    assert warned and warned.group(2) == "10-01-2027"
    assert decided.provider.name in warned.group(1) or "jeugdhulp" in warned.group(1).lower()
    contract_row = next(r for r in rows_of(page, decided.provider.name) if "AGB" in r)
    assert "boven plafond" in contract_row and "€ 11.124,77 (31-12-2027)" in contract_row
