"""The money of a decision as a budget officer checks it (provisions.money): what a grant commits, and its split over
calendar years. Properties over any plausible grant (hypothesis), then worked examples in exact euros."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toegang.provisions.money import (
    CENT,
    commitment_amount,
    commitment_per_year,
    split_over_years,
    year_parts,
)

PER_DAY, PER_WEEK, PER_MONTH, TOTAL = "1", "2", "4", "6"
DAYS_PER_PERIOD = {PER_DAY: 1, PER_WEEK: 7}

starts = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
lengths = st.integers(min_value=0, max_value=5 * 366)  # the profile allows at most 60 months
volumes = st.integers(min_value=1, max_value=10_000)
tariffs = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)  # Tarief.amount
frequencies = st.sampled_from([PER_DAY, PER_WEEK, PER_MONTH, TOTAL])
totals = st.one_of(st.integers(min_value=0, max_value=2_000).map(lambda cents: Decimal(cents) / 100),  # a few euros
                   st.decimals(min_value=Decimal("0.00"), max_value=Decimal("999999999999.99"), places=2))


@st.composite
def terms(draw) -> tuple[dt.date, dt.date]:
    """Any term up to 60 months, or one that just touches the first and the last of its calendar years (a day or
    two: the parts where rounding shows)."""
    if draw(st.booleans()):
        start = draw(starts)
        return start, start + dt.timedelta(days=draw(lengths))
    first_year = draw(st.integers(min_value=2020, max_value=2030))
    start = dt.date(first_year, 12, 31) - dt.timedelta(days=draw(st.integers(min_value=0, max_value=3)))
    end = dt.date(first_year + draw(st.integers(min_value=1, max_value=5)), 1, 1) \
        + dt.timedelta(days=draw(st.integers(min_value=0, max_value=3)))
    return start, end


def half_up(value: Fraction) -> Decimal:
    """The exact amount rounded to the cent, half up, without Decimal's own rounding in between."""
    cents = value * 100
    whole = cents.numerator // cents.denominator
    return Decimal(whole + (1 if cents - whole >= Fraction(1, 2) else 0)) / 100


@given(volumes, frequencies, tariffs, starts, lengths)
def test_the_yearly_parts_add_up_to_the_whole_commitment_to_the_cent(volume, frequency, tariff, start, length):
    end = start + dt.timedelta(days=length)
    parts = commitment_per_year(volume, frequency, tariff, start, end)
    assert sum(amount for _, amount in parts) == commitment_amount(volume, frequency, tariff, start, end)
    assert all(amount == amount.quantize(CENT) for _, amount in parts)  # whole cents, nothing smaller
    assert [year for year, _ in parts] == list(range(start.year, end.year + 1))  # every year of the term, in order


@given(totals, terms())
def test_no_year_gets_a_negative_part_and_each_is_within_a_cent_of_its_share(total, term):
    start, end = term
    term_days = (end - start).days + 1
    parts = split_over_years(total, start, end)
    assert sum(amount for _, amount in parts) == total
    for (year, amount), (_, days) in zip(parts, year_parts(start, end), strict=True):
        assert amount >= 0, (year, amount)
        assert abs(Fraction(amount) - Fraction(total) * days / term_days) <= Fraction(1, 100)


@given(totals, starts, st.integers(min_value=0, max_value=364))
def test_a_period_inside_one_calendar_year_has_one_part(total, start, length):
    end = min(start + dt.timedelta(days=length), dt.date(start.year, 12, 31))
    assert split_over_years(total, start, end) == [(start.year, total)]


@given(starts, lengths)
def test_the_days_per_year_are_the_days_of_the_term(start, length):
    end = start + dt.timedelta(days=length)
    parts = year_parts(start, end)
    assert sum(days for _, days in parts) == length + 1
    assert all(1 <= days <= 366 for _, days in parts)


@given(volumes, st.sampled_from([PER_DAY, PER_WEEK, TOTAL]), tariffs, starts, lengths)
def test_the_commitment_is_volume_times_tariff_times_periods_rounded_half_up(volume, frequency, tariff, start,
                                                                             length):
    end = start + dt.timedelta(days=length)
    periods = Fraction(1) if frequency == TOTAL else Fraction(length + 1, DAYS_PER_PERIOD[frequency])
    assert commitment_amount(volume, frequency, tariff, start, end) == half_up(volume * Fraction(tariff) * periods)


@given(volumes, st.integers(min_value=2, max_value=10), frequencies, tariffs, starts, lengths)
def test_amounts_scale_with_volume(volume, factor, frequency, tariff, start, length):
    end = start + dt.timedelta(days=length)
    one = commitment_amount(volume, frequency, tariff, start, end)
    more = commitment_amount(volume * factor, frequency, tariff, start, end)
    assert more >= one
    if frequency in (PER_DAY, TOTAL):
        assert more == factor * one  # whole days or one total: no rounding at all
    else:
        # each amount is rounded once, to the nearest cent: k times the hours is k times the money, give or take
        # the half cents of that rounding
        assert abs(more - factor * one) <= (factor + 1) * Decimal("0.005")


@given(st.integers(min_value=1, max_value=1_000), tariffs, st.sampled_from([2025, 2026, 2027, 2029]))
def test_a_year_of_365_days_is_exactly_twelve_months(volume, tariff, year):
    amount = commitment_amount(volume, PER_MONTH, tariff, dt.date(year, 1, 1), dt.date(year, 12, 31))
    assert amount == volume * tariff * 12


@pytest.mark.parametrize(("volume", "frequency", "tariff", "start", "end", "expected"), [
    # 3 hours a week of youth support at € 87,40 for 26 weeks: 3 × 87,40 × 26
    (3, PER_WEEK, "87.40", dt.date(2026, 1, 1), dt.date(2026, 7, 1), [(2026, "6817.20")]),
    # 10 hours a week for 181 days across new year: 874 × 181/7 = 22.599,142857… → 22.599,14; 61 of the 181 days
    # fall in 2026: 22.599,14 × 61/181 = 7.616,2847… → 7.616,28, and 2027 gets the rest
    (10, PER_WEEK, "87.40", dt.date(2026, 11, 1), dt.date(2027, 4, 30), [(2026, "7616.28"), (2027, "14982.86")]),
    # 4 hours a day at € 12,50 for the 31 days of March: 4 × 12,50 × 31
    (4, PER_DAY, "12.50", dt.date(2026, 3, 1), dt.date(2026, 3, 31), [(2026, "1550.00")]),
    # 2 dagdelen a month at € 50,00 for a whole year: twelve months
    (2, PER_MONTH, "50.00", dt.date(2026, 1, 1), dt.date(2026, 12, 31), [(2026, "1200.00")]),
    # a stair lift (one, in total) of € 5.000,00 over 184 + 365 + 182 days (2028 is a leap year): the running
    # totals 5.000 × 184/731 = 1.258,5499… → 1.258,55 and 5.000 × 549/731 = 3.755,1299… → 3.755,13
    (1, TOTAL, "5000.00", dt.date(2026, 7, 1), dt.date(2028, 6, 30),
     [(2026, "1258.55"), (2027, "2496.58"), (2028, "1244.87")]),
    # half a cent at a year's end rounds to the even cent (0,025 → 0,02); the next year gets the rest
    (1, TOTAL, "0.05", dt.date(2025, 12, 31), dt.date(2026, 1, 1), [(2025, "0.02"), (2026, "0.03")]),
])
def test_worked_examples_in_euros(volume, frequency, tariff, start, end, expected):
    assert commitment_per_year(volume, frequency, Decimal(tariff), start, end) == [
        (year, Decimal(amount)) for year, amount in expected]


def test_a_last_day_worth_less_than_half_a_cent_gets_nothing_never_a_negative_amount():
    # € 1,84 over 2 + 365 + 365 + 1 days: the last day is worth 0,0025; the years before it take their rounded
    # share of the running total, so 2027 gets 0,00 (it used to get -0,01)
    parts = split_over_years(Decimal("1.84"), dt.date(2024, 12, 30), dt.date(2027, 1, 1))
    assert parts == [(2024, Decimal("0.01")), (2025, Decimal("0.91")), (2026, Decimal("0.92")),
                     (2027, Decimal("0.00"))]
