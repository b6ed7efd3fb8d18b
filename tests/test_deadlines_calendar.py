"""The Algemene termijnenwet, table-driven: weekends, every kind of Atw holiday, look-alikes, the two-working-day
minimum, working-day terms, suspension and extension."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from toegang.deadlines.calendar import Term, add_working_days, atw_holidays, due_date, extend, is_working_day

D = dt.date


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (D(2026, 1, 1), True),  # New Year's Day
        (D(2026, 4, 6), True),  # Easter Monday
        (D(2026, 5, 14), True),  # Ascension Day
        (D(2026, 5, 25), True),  # Whit Monday
        (D(2026, 4, 27), True),  # King's Day
        (D(2025, 4, 26), True),  # King's Day on the 26th when the 27th is a Sunday
        (D(2025, 4, 27), False),  # ... and then not on the 27th
        (D(2026, 5, 5), True),  # 5 May, every year (not only lustrum years)
        (D(2026, 12, 25), True),
        (D(2026, 12, 26), True),
        (D(2026, 4, 3), False),  # Good Friday: not an Atw holiday
        (D(2027, 4, 26), False),  # 26 April in an ordinary year
        (D(2026, 5, 4), False),  # Remembrance Day
        (D(2026, 12, 24), False),
        (D(2026, 12, 31), False),
        (D(2026, 4, 5), False),  # Easter Sunday: a Sunday, not in the art. 3 list
    ],
)
def test_atw_holiday_list(day, holiday):
    assert (day in atw_holidays(day.year)) is holiday


SIX_WEEKS, TWO_WEEKS, THREE_DAYS, TWO_DAYS = Term(6, "w"), Term(2, "w"), Term(3, "d"), Term(2, "d")


@pytest.mark.parametrize(
    ("start", "term", "due", "why"),
    [
        (D(2026, 1, 5), SIX_WEEKS, D(2026, 2, 16), "ends on a Monday: unchanged"),
        (D(2026, 1, 3), SIX_WEEKS, D(2026, 2, 16), "ends on a Saturday: to Monday (art. 1)"),
        (D(2026, 1, 4), SIX_WEEKS, D(2026, 2, 16), "ends on a Sunday: to Monday"),
        (D(2026, 2, 23), SIX_WEEKS, D(2026, 4, 7), "ends on Easter Monday: to Tuesday"),
        (D(2026, 2, 20), SIX_WEEKS, D(2026, 4, 3), "ends on Good Friday: not a holiday, unchanged"),
        (D(2026, 4, 2), SIX_WEEKS, D(2026, 5, 15), "ends on Ascension Day: to Friday"),
        (D(2026, 4, 13), SIX_WEEKS, D(2026, 5, 26), "ends on Whit Monday: to Tuesday"),
        (D(2026, 3, 16), SIX_WEEKS, D(2026, 4, 28), "ends on King's Day: to the next day"),
        (D(2026, 3, 24), SIX_WEEKS, D(2026, 5, 6), "ends on 5 May (non-lustrum year): to 6 May"),
        (D(2026, 3, 23), SIX_WEEKS, D(2026, 5, 4), "ends on 4 May: not a holiday"),
        (D(2026, 11, 13), SIX_WEEKS, D(2026, 12, 28), "ends on Christmas Day (Fri): over the weekend to Monday"),
        (D(2025, 11, 14), SIX_WEEKS, D(2025, 12, 29), "ends on the second day of Christmas (Fri)"),
        (D(2026, 11, 19), SIX_WEEKS, D(2026, 12, 31), "ends on 31 December: not a holiday"),
        (D(2026, 11, 20), SIX_WEEKS, D(2027, 1, 4), "ends on New Year's Day (Fri): to Monday"),
        (D(2027, 3, 15), SIX_WEEKS, D(2027, 4, 26), "ends on 26 April in an ordinary year: unchanged"),
        (D(2025, 3, 15), SIX_WEEKS, D(2025, 4, 28), "ends on King's Day 26 April (Sat) 2025: to Monday 28th"),
        (D(2026, 12, 17), TWO_WEEKS, D(2026, 12, 31), "two weeks over Christmas"),
        (D(2026, 12, 24), THREE_DAYS, D(2026, 12, 29), "3 days from 24 Dec: needs two working days (art. 2)"),
        (D(2026, 4, 3), THREE_DAYS, D(2026, 4, 8), "3 days from Good Friday: over Easter, two working days"),
        (D(2026, 1, 7), THREE_DAYS, D(2026, 1, 12), "3 days ending Saturday: Monday, then two working days"),
        (D(2026, 1, 2), TWO_DAYS, D(2026, 1, 5), "2 days ending Sunday: to Monday; art. 2 not for < 3 days"),
        (D(2026, 1, 1), TWO_DAYS, D(2026, 1, 5), "2 days: Sat, to Monday; one working day is enough"),
    ],
)
def test_due_dates(start, term, due, why):
    assert due_date(start, term) == due, why


def test_without_atw_a_term_is_plain_calendar_days():
    assert due_date(D(2026, 1, 3), SIX_WEEKS, atw=False) == D(2026, 2, 14)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2026, 4, 30), 5, D(2026, 5, 8)),  # skips the weekend and 5 May
        (D(2026, 12, 24), 3, D(2026, 12, 30)),  # skips Christmas and the weekend
        (D(2026, 4, 2), 1, D(2026, 4, 3)),  # Good Friday is a working day
        (D(2026, 4, 3), 1, D(2026, 4, 7)),  # over Easter Monday
        (D(2026, 5, 13), 2, D(2026, 5, 18)),  # over Ascension Day
    ],
)
def test_working_day_terms(start, days, due):
    assert add_working_days(start, days) == due
    assert due_date(start, Term(days, "wd")) == due


def test_suspension_adds_the_paused_days_then_applies_the_atw():
    # 6 weeks from 2 March ends 13 April; 14 days suspended: 27 April = King's Day -> 28 April
    assert due_date(D(2026, 3, 2), SIX_WEEKS, paused_days=14) == D(2026, 4, 28)


def test_extension_by_a_term_lands_on_a_working_day():
    assert extend(D(2026, 3, 24), Term(8, "w")) == D(2026, 5, 19)
    assert extend(D(2026, 3, 31), Term(5, "w")) == D(2026, 5, 6)  # 5 May -> 6 May


@pytest.mark.parametrize("text", ["6", "w", "6x", "-1d", ""])
def test_bad_term_text_is_refused(text):
    with pytest.raises(ValueError, match=f"onbekende termijn '{text}'"):
        Term.parse(text)


def test_is_working_day():
    assert is_working_day(D(2026, 4, 3)) and not is_working_day(D(2026, 4, 6)) and not is_working_day(D(2026, 4, 4))


def test_deadline_command_uses_the_same_code(capsys):
    call_command("deadline", "wmo-onderzoek", "2026-02-23")
    assert capsys.readouterr().out.strip() == "2026-04-07"
    call_command("deadline", "jeugdwet-beschikking", "2026-11-13")
    assert capsys.readouterr().out.strip() == D(2027, 1, 8).isoformat()
    call_command("deadline", "--list")
    listing = capsys.readouterr().out
    for kind in ("wmo-onderzoek", "wmo-beschikking", "jeugdwet-beschikking", "bezwaar"):
        assert kind in listing
    with pytest.raises(CommandError, match="Onbekende termijnsoort"):
        call_command("deadline", "wmo", "2026-01-01")
    with pytest.raises(CommandError, match="geen geldige datum"):
        call_command("deadline", "bezwaar", "2026-02-30")
