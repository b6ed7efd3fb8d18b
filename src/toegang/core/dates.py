"""Dates that can be true (issue 9). One window for every domain date, used by the actions (where the rule is
enforced); forms and serializers show the actions' messages at their fields.

A date is plausible when it lies
- not before the go-live of the installation (setting TOEGANG_GO_LIVE) minus the profile's margin
  (`datums.marge_voor_ingebruikname_maanden`, default 12 months, for files migrated from an earlier system);
- not in the future, for events that have happened (a contact, a receipt);
- not before the events it follows (the case, the melding, the person's birth), each given with its reason.

Messages are in the page's language (Dutch for the API) and show dates as dd-mm-jjjj. A statutory clock started or stopped on an impossible date lies
(Awb 4:13, Wmo 2015 art. 2.3.2 and 2.3.5, Jeugdwet art. 2.3: terms count from the real receipt), so it is refused.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext

from toegang.core import clock
from toegang.core.errors import DateProblem

DEFAULT_MARGIN_MONTHS = 12


def fmt(day: dt.date) -> str:
    """dd-mm-jjjj, also for years before 1000 (strftime would print '1' for the year 1)."""
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


def go_live() -> dt.date:
    try:
        return dt.date.fromisoformat(str(settings.TOEGANG_GO_LIVE))
    except ValueError as exc:
        raise ImproperlyConfigured(f"TOEGANG_GO_LIVE is geen datum (jjjj-mm-dd): {settings.TOEGANG_GO_LIVE!r}") from exc


def margin_months(profile_data: dict | None) -> int:
    return int(((profile_data or {}).get("datums") or {}).get("marge_voor_ingebruikname_maanden",
                                                                 DEFAULT_MARGIN_MONTHS))


def earliest(profile_data: dict | None) -> dt.date:
    """The earliest plausible domain date for a gemeente with this profile."""
    return go_live() - relativedelta(months=margin_months(profile_data))


def as_date(value: dt.date | dt.datetime) -> dt.date:
    """The local calendar day of a moment (a date stays itself)."""
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            return value.date()
        try:
            return timezone.localdate(value)
        except OverflowError:  # 01-01-0001 00:10 +01:00 has no local day before it; its own day is close enough
            return value.date()
    return value


def date_problem(value: dt.date | dt.datetime, *, label: str, earliest_day: dt.date, not_future: bool = False,
                 today: dt.date | None = None, not_before: tuple[tuple[dt.date | dt.datetime | None, str], ...] = (),
                 latest_day: tuple[dt.date | None, str] | None = None) -> str:
    """'' when `value` lies in its plausible window, otherwise one sentence for the field (gettext: the page's language).

    `label` names the date ("Het contactmoment", "De ontvangstdatum"); `not_before` lists (date, what it is) pairs
    the value cannot precede, e.g. (casus begin, "het begin van de casus"); `latest_day` an upper bound with its
    reason."""
    day = as_date(value)
    if day < earliest_day:
        return DateProblem(gettext("%(label)s %(day)s kan niet kloppen: die ligt voor %(earliest)s, de vroegste datum "
                                   "die Toegang aanneemt (in gebruik sinds %(go_live)s).")
                           % {"label": label, "day": fmt(day), "earliest": fmt(earliest_day), "go_live": fmt(go_live())})
    if not_future and day > (today or clock.today()):
        return DateProblem(gettext("%(label)s %(day)s ligt in de toekomst.") % {"label": label, "day": fmt(day)})
    for bound, what in not_before:
        if bound is not None and day < as_date(bound):
            return DateProblem(gettext("%(label)s %(day)s ligt voor %(what)s (%(bound)s).")
                               % {"label": label, "day": fmt(day), "what": what, "bound": fmt(as_date(bound))})
    if latest_day is not None and latest_day[0] is not None and day > latest_day[0]:
        return DateProblem(gettext("%(label)s %(day)s ligt na %(what)s (%(bound)s).")
                           % {"label": label, "day": fmt(day), "what": latest_day[1], "bound": fmt(latest_day[0])})
    return ""
