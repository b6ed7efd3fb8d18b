"""The money of a decision: what a grant commits and how that is split over calendar years. Pure arithmetic on
Decimal, no database: actions write the rows, the pages show the estimate, both from here.

The rounding, as a budget officer checks it (tests/test_money.py):
- a commitment is volume × tariff × the number of frequency periods in the term, rounded once to the cent, half up
  (0,005 → 0,01); a period is a day, a week (7 days) or a month (365/12 days, codes.PERIOD_DAYS); 'totaal binnen de
  geldigheidsduur' (frequency 6) is one period for the whole term;
- the commitment is split over the calendar years of the term pro rata by days: the running total up to the end of
  each year is rounded to the cent half to even and each year gets the difference, so the yearly parts add up to the
  commitment exactly and none is negative (a term of two years: the first year rounded, the second the rest).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from .codes import PERIOD_DAYS

CENT = Decimal("0.01")
# The most one commitment can be: what a commitment row holds (Verplichting.amount, 14 digits, 2 decimals).
MAX_COMMITMENT = Decimal("999999999999.99")
TOTAL = "6"  # frequency 'totaal binnen de geldigheidsduur'


def periods(frequency: str, start: dt.date, end: dt.date) -> Decimal:
    """How many frequency periods the term [start, end] (both days included) holds; 'total' is one."""
    if frequency == TOTAL:
        return Decimal(1)
    days = (end - start).days + 1
    return Decimal(days) / Decimal(str(PERIOD_DAYS[frequency]))


def commitment_amount(volume: int, frequency: str, tariff: Decimal, start: dt.date, end: dt.date) -> Decimal:
    """volume × tariff × number of frequency periods in [start, end] (a month is 365/12 days; 'total' is one),
    rounded to the cent half up."""
    return (Decimal(volume) * tariff * periods(frequency, start, end)).quantize(CENT, rounding=ROUND_HALF_UP)


def year_parts(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(year, days of the period in that year), one per calendar year the period touches."""
    out = []
    for year in range(start.year, end.year + 1):
        first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        out.append((year, (last - first).days + 1))
    return out


def split_over_years(total: Decimal, start: dt.date, end: dt.date) -> list[tuple[int, Decimal]]:
    """(year, amount): `total` pro rata by days over the calendar years of [start, end]. The running total up to
    the end of each year is rounded to the cent half to even and each year gets the difference, so the parts add up
    to `total` to the cent, none is negative and none is more than a cent from its exact share."""
    parts = year_parts(start, end)
    days = sum(d for _, d in parts)
    out, assigned, days_so_far = [], Decimal(0), 0
    for year, part_days in parts:
        days_so_far += part_days
        # the last year ends the term: its running total is the whole amount, never a rounded one
        so_far = total if days_so_far == days else (total * days_so_far / days).quantize(CENT, rounding=ROUND_HALF_EVEN)
        out.append((year, so_far - assigned))
        assigned = so_far
    return out


def commitment_per_year(volume: int, frequency: str, tariff: Decimal, start: dt.date,
                        end: dt.date) -> list[tuple[int, Decimal]]:
    """The commitment of a grant, split over the calendar years of its term."""
    return split_over_years(commitment_amount(volume, frequency, tariff, start, end), start, end)
