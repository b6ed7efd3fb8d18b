"""Counting statutory terms as the Algemene termijnenwet (Atw) prescribes. Pure functions, no database.

- Atw art. 3: the generally recognised holidays are New Year's Day, Easter Monday, Ascension Day, Whit Monday,
  Christmas Day and the second day of Christmas, the day the King's birthday is celebrated (27 April, or 26 April
  when the 27th is a Sunday) and 5 May — every year. (Not Good Friday; 5 May every year, not only in lustrum years:
  so this is *not* the list of the `holidays` package. python-dateutil gives the date of Easter.)
- Atw art. 1: a term that ends on a Saturday, Sunday or such a holiday is extended to the next day that is none.
- Atw art. 2: a term of at least three days is extended, where needed, so that it contains at least two days that
  are none of these.
Working-day terms ("within 5 working days", iStandaarden answers) skip the same days.

Terms in hours ("48u": the G7 seed's "binnen 48 uur", a crisis clock) run from the moment of the event, day and night,
weekends included, and end at a moment (`due_moment`), not a day: the Atw excludes terms expressed in hours (and a
crisis term is a work agreement of the profile, not a statutory term), and a crisis does not wait for Monday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from dateutil.easter import easter

DAY = dt.timedelta(days=1)


@lru_cache(maxsize=256)
def atw_holidays(year: int) -> frozenset[dt.date]:
    """The Atw art. 3 holidays of one year."""
    easter_sunday = easter(year)
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:  # Sunday: celebrated on the 26th
        kings_day = dt.date(year, 4, 26)
    return frozenset({
        dt.date(year, 1, 1),
        easter_sunday + dt.timedelta(days=1),  # Easter Monday
        easter_sunday + dt.timedelta(days=39),  # Ascension Day
        easter_sunday + dt.timedelta(days=50),  # Whit Monday
        kings_day,
        dt.date(year, 5, 5),
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
    })


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in atw_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += DAY
    return day


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The `days`-th working day after `start` (start itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]."""
    count, day = 0, start
    while day < end:
        day += DAY
        if is_working_day(day):
            count += 1
    return count


UNITS = ("wd", "w", "d", "u")  # longest suffix first: '5wd' is working days, not '5w' + 'd'
UNIT_NAMES = {"d": ("dag", "dagen"), "w": ("week", "weken"), "wd": ("werkdag", "werkdagen"), "u": ("uur", "uur")}


@dataclass(frozen=True)
class Term:
    """A term: an amount in a unit. Units: 'd' calendar days, 'w' weeks, 'wd' working days, 'u' hours (uur)."""

    amount: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> Term:
        """'6w', '2d', '5wd', '48u' (also with spaces: '6 w', '48 u')."""
        text = text.replace(" ", "").lower()
        for unit in UNITS:
            if text.endswith(unit) and text[: -len(unit)].isdigit():
                return cls(int(text[: -len(unit)]), unit)
        raise ValueError(f"onbekende termijn {text!r}: gebruik bijvoorbeeld 6w (weken), 2d (dagen), 5wd (werkdagen) "
                         "of 48u (uren)")

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    def describe(self) -> str:
        """In words: '6 weken', '2 werkdagen', '1 dag', '48 uur'."""
        names = UNIT_NAMES[self.unit]
        return f"{self.amount} {names[0] if self.amount == 1 else names[1]}"

    @property
    def in_hours(self) -> bool:
        """A term in hours ends at a moment (due_moment); the others end on a day (due_date)."""
        return self.unit == "u"

    @property
    def calendar_days(self) -> int | None:
        return {"d": self.amount, "w": self.amount * 7}.get(self.unit)


def describe(code: str) -> str:
    """A stored term code in words ('2d' -> '2 dagen'); an unreadable code is returned as it is."""
    try:
        return Term.parse(code).describe()
    except ValueError:
        return code


def due_moment(start: dt.datetime, term: Term) -> dt.datetime:
    """The moment a term in hours ends: `start` plus the hours, day and night (the Atw does not count hours)."""
    if not term.in_hours:
        raise ValueError("alleen een termijn in uren eindigt op een moment")
    return start + dt.timedelta(hours=term.amount)


def due_date(start: dt.date, term: Term, *, atw: bool = True, paused_days: int = 0) -> dt.date:
    """The last day of a term that begins the day after `start` (Awb 6:8 style: the event day does not count).

    `paused_days`: calendar days (or, for working-day terms, working days) during which the clock was suspended;
    they are added before the Atw is applied. With `atw`, art. 1 and art. 2 apply to calendar-day and week terms.
    A term in hours ends at a moment (due_moment); counted from a day without a moment (a task's due date), it ends
    on the day its hours end when they run from the end of `start`, without the Atw.
    """
    if term.in_hours:
        return start + dt.timedelta(days=-(-term.amount // 24))
    if term.unit == "wd":
        return add_working_days(start, term.amount + paused_days)
    end = start + dt.timedelta(days=term.calendar_days + paused_days)
    if not atw:
        return end
    end = next_working_day(end)  # art. 1
    if term.calendar_days >= 3:  # art. 2
        while working_days_between(start, end) < 2:
            end = next_working_day(end + DAY)
    return end


def extend(due: dt.date, term: Term, *, atw: bool = True) -> dt.date:
    """A due date extended by another term (Awb 4:14: one extension by a reasonable term)."""
    if term.in_hours:
        raise ValueError("een termijn in dagen of weken wordt niet in uren verlengd")
    if term.unit == "wd":
        return add_working_days(due, term.amount)
    end = due + dt.timedelta(days=term.calendar_days)
    return next_working_day(end) if atw else end
