"""Reads about a case's assessments: who is a minor or an adult, and how self-reliance changed."""

from __future__ import annotations

import datetime as dt

from toegang.cases.models import Casus
from toegang.core import clock


def age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def adults(casus: Casus) -> list:
    """The household's current members aged 18 or over today (who can be measured with the adult ZRM)."""
    today = clock.today()
    return [m for m in casus.members if m.geboortedatum and age(m.geboortedatum, today) >= 18]


def self_reliance_change(casus: Casus) -> dict | None:
    """Per measured person: the average level at the first and the last measurement of this case."""
    out = {}
    for measurement in casus.measurements.order_by("measured_on", "id"):
        entry = out.setdefault(str(measurement.resident_id), {"eerste": measurement.average, "laatste": None})
        entry["laatste"] = measurement.average
    for entry in out.values():
        entry["verschil"] = round((entry["laatste"] or 0) - (entry["eerste"] or 0), 2)
    return out or None


def has_minors(casus: Casus, on: dt.date) -> bool:
    """Whether a current member is under 18 on that day (safety before the plan is agreed, consent of parents)."""
    return any_minor(casus.household.current_residents.all(), on)


def any_minor(members, on: dt.date) -> bool:
    """Whether one of these residents is under 18 on that day (the case page passes the members it read already)."""
    return any(m.geboortedatum and age(m.geboortedatum, on) < 18 for m in members)
