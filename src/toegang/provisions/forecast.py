"""The forecast of a budget or a contract ceiling to the end of its period, from the pace of commitments and of
realised spend (docs/budget.md "Forecast"). Pure arithmetic on the few rows of the budget page: no queries.

- `committed` is already the obligation of the whole period (granted decisions × tariff × their days in it);
- realised spend (approved declaration lines) is counted through the end of the last complete month before today,
  because providers declare whole months afterwards; its pace per day over those days, times the days of the period,
  is the extrapolated spend;
- the forecast is the larger of the two (and never less than what is realised);
- when the forecast is over the budget, the budget runs out on the day on which what is realised plus the rest of the
  forecast, spread evenly over the days not yet counted, reaches the budget (not before today).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from .money import CENT


@dataclass(frozen=True)
class Forecast:
    amount: Decimal  # the expected spend at the end of the period
    extrapolated: Decimal  # realised spend per counted day × the days of the period
    counted_days: int  # the days of the period through the end of the last complete month
    runs_out: dt.date | None  # the day the budget is used up at this pace, when the forecast is over it
    exhausted: bool  # realised spend has already reached the budget

    @property
    def over(self) -> bool:
        return self.exhausted or self.runs_out is not None


def counted_days(start: dt.date, end: dt.date, today: dt.date) -> int:
    """The days of [start, end] through the end of the month before today's (0 before the period, all after it)."""
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    return max(0, (min(last_month_end, end) - start).days + 1)


def forecast(*, budget: Decimal, committed: Decimal, realised: Decimal, start: dt.date, end: dt.date,
             today: dt.date) -> Forecast:
    """The forecast of spend over [start, end] as seen on `today` (see the module's docstring)."""
    total = (end - start).days + 1
    counted = counted_days(start, end, today)
    extrapolated = (realised * total / counted).quantize(CENT) if counted else Decimal(0)
    amount = max(committed, extrapolated, realised)
    exhausted = bool(budget) and realised >= budget
    runs_out = None
    if budget and amount > budget and not exhausted:
        rest = total - counted
        day = counted + math.ceil((budget - realised) * rest / (amount - realised)) if rest else total
        runs_out = max(start + dt.timedelta(days=day - 1), min(today, end))
    return Forecast(amount=amount, extrapolated=extrapolated, counted_days=counted, runs_out=runs_out,
                    exhausted=exhausted)
