"""The rules a provision's amount and period must meet: the volume fits its unit and frequency, the period is
plausible, within the profile's maximum term for the law and the provider's contract, and a PGB has its conditions.
Each returns the field errors ('' or {}, in the page's language) and writes nothing; the actions refuse on them."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext, gettext_noop

from toegang.core import clock, dates
from toegang.persons.models import Resident

from ..codes import EENHEID_NAMES, FREQUENTIE_NAMES, LAW_NAMES, PER_DAY_MAX
from ..models import Contract

# Wmo 2015 art. 2.3.6 lid 2; Jeugdwet art. 8.1.1 lid 2: a PGB only when these conditions are met.
PGB_CONDITIONS = [
    ("bekwaam", gettext_noop("de cliënt (of wie hem vertegenwoordigt) kan de taken van een budgethouder aan")),
    ("motivering", gettext_noop("waarom de cliënt een PGB wil")),
    ("kwaliteit", gettext_noop("de hulp die de cliënt wil inkopen is veilig, doeltreffend en cliëntgericht")),
]
# The longest period of each frequency in days, for the ceiling of a time unit (a month counts as 31 days here).
MAX_PERIOD_DAYS = {"1": 1, "2": 7, "4": 31}

# No law sets a maximum term for a provision, but the decision must fit the need as assessed (Wmo 2015 art. 2.3.5
# lid 3, Jeugdwet art. 2.3 lid 1) and is reassessed in time: the profile bounds the period per law
# (`besluiten.max_looptijd_maanden`), so a typo like 31-12-9999 never grants or commits anything.
DEFAULT_MAX_TERM_MONTHS = 60
# A period starting further ahead than this is not a decision on today's need.
MAX_START_AHEAD = relativedelta(years=1)


def volume_problem(volume: int | None, unit: str, frequency: str, start: dt.date | None, end: dt.date | None) -> str:
    """'' when the amount fits its unit and frequency (a day has 24 hours, 6 dagdelen, one etmaal)."""
    if volume is None or volume < 1:
        return gettext("De omvang is een heel getal van minstens 1.")
    if unit not in PER_DAY_MAX:
        return ""
    if frequency == "6":
        if start is None or end is None or end < start:
            return ""
        days = (end - start).days + 1
    else:
        days = MAX_PERIOD_DAYS.get(frequency, 1)
    ceiling = PER_DAY_MAX[unit] * days
    if volume > ceiling:
        # units and frequencies keep the iStandaarden's Dutch names (core/words.py)
        values = {"volume": volume, "unit": EENHEID_NAMES[unit], "frequency": FREQUENTIE_NAMES[frequency],
                  "ceiling": ceiling, "days": days}
        if days == 1:
            return gettext("%(volume)s %(unit)s %(frequency)s past niet: dat is meer dan %(ceiling)s %(unit)s in "
                           "%(days)s dag.") % values
        return gettext("%(volume)s %(unit)s %(frequency)s past niet: dat is meer dan %(ceiling)s %(unit)s in "
                       "%(days)s dagen.") % values
    return ""


def max_term_months(profile_data: dict | None, law: str) -> int:
    terms = ((profile_data or {}).get("besluiten") or {}).get("max_looptijd_maanden") or {}
    return int(terms.get(law, DEFAULT_MAX_TERM_MONTHS))


def period_problems(*, profile_data: dict | None, law: str, client: Resident, start: dt.date | None,
                    end: dt.date | None, contract: Contract | None) -> dict[str, list[str]]:
    """Field errors for a provision period that cannot be true: start before the earliest plausible date or the
    client's birth, or more than a year ahead; end before start, past the profile's maximum term for the law, or
    past the end of the provider's contract (the commitment would run past it). Refused, never cut: the
    professional chooses the period, the message says the last day that fits."""
    errors: dict[str, list[str]] = {}
    if start is not None:
        problem = dates.date_problem(start, label=gettext("De ingangsdatum"),
                                     earliest_day=dates.earliest(profile_data),
                                     not_before=((client.geboortedatum, gettext("de geboortedatum van de cliënt")),),
                                     latest_day=(clock.today() + MAX_START_AHEAD,
                                                 gettext("de grens van een jaar vooruit")))
        if problem:
            errors["start"] = [problem]
    if start is None or end is None or "start" in errors:
        return errors
    if end < start:
        errors["end"] = [gettext("De einddatum ligt voor de ingangsdatum.")]
        return errors
    months = max_term_months(profile_data, law)
    last = start + relativedelta(months=months) - dt.timedelta(days=1)
    if end > last:
        errors.setdefault("end", []).append(
            gettext("Een voorziening onder de %(law)s loopt hier ten hoogste %(months)s maanden: de einddatum is "
                    "uiterlijk %(last)s (nu %(end)s).")
            % {"law": LAW_NAMES.get(law, law), "months": months, "last": dates.fmt(last), "end": dates.fmt(end)})
    elif contract is not None and contract.valid_until is not None and end > contract.valid_until:
        errors.setdefault("end", []).append(
            gettext("Het contract met %(provider)s loopt tot en met %(until)s: kies een einddatum tot en met die dag "
                    "(nu %(end)s); daarna is een nieuw besluit nodig.")
            % {"provider": contract.provider.name, "until": dates.fmt(contract.valid_until), "end": dates.fmt(end)})
    return errors


def pgb_problem(pgb_conditions: dict) -> str:
    """'' when every PGB condition is recorded (Wmo 2015 art. 2.3.6 lid 2, Jeugdwet art. 8.1.1 lid 2)."""
    missing = [label for key, label in PGB_CONDITIONS if not pgb_conditions.get(key)]
    if not missing:
        return ""
    return (gettext("Een PGB kan pas als de PGB-voorwaarden zijn vastgelegd (Wmo 2015 art. 2.3.6 lid 2, Jeugdwet "
                    "art. 8.1.1 lid 2). Ontbreekt: %(missing)s.")
            % {"missing": "; ".join(gettext(label) for label in missing)})
