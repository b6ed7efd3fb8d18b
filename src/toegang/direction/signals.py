"""The signals that a case stalls (issue 12 point 1): their codes, Dutch labels, the profile's thresholds, and the
SQL pieces the set-based query (direction/queries.py) needs on both databases.

Nothing here is stored: a signal is computed from the data when read, so it appears and disappears as the data
changes. What it compares with today is a fact beside the case, kept with every change that alters it: the plan's
current evaluation and open-goal dates and first agreement (plans/models.py), the last contact with the household
and the day each professional now involved joined (cases/models.py). This module reads no table; it sits beside models.py below queries.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import DateField, Func
from django.utils.translation import gettext_noop

from toegang.deadlines.calendar import Term

NO_CONTACT = "geen-contact"
EVALUATION_PASSED = "evaluatie-verstreken"
PLAN_NOT_AGREED = "plan-niet-afgesproken"
FIRST_CONTACT_MISSED = "eerste-contact-verstreken"
GOAL_OVERDUE = "doel-over-streefdatum"
NO_COORDINATOR = "geen-coordinator"
NO_PROCESS_DIRECTOR = "geen-procesregisseur"
DECISION_ENDING = "besluit-loopt-af"
NO_START_MESSAGE = "geen-startbericht"

# The order of the reason filter; labels stored Dutch, shown in the page's language.
SIGNALS: list[tuple[str, str]] = [
    (NO_CONTACT, gettext_noop("geen contact met het huishouden")),
    (FIRST_CONTACT_MISSED, gettext_noop("termijn eerste contact verstreken")),
    (PLAN_NOT_AGREED, gettext_noop("plan niet afgesproken")),
    (EVALUATION_PASSED, gettext_noop("evaluatiedatum verstreken")),
    (GOAL_OVERDUE, gettext_noop("doel over de streefdatum")),
    (NO_COORDINATOR, gettext_noop("veel betrokkenen zonder casusregisseur")),
    (NO_PROCESS_DIRECTOR, gettext_noop("veel betrokkenen zonder procesregisseur")),
    (DECISION_ENDING, gettext_noop("besluit loopt af zonder herbeoordeling")),
    (NO_START_MESSAGE, gettext_noop("opdracht aan aanbieder zonder startbericht")),
]
LABELS = dict(SIGNALS)
# A provider's assignment without a start message needs the assignment and start-message model of issue 14
# (toewijzing / iJw-iWmo 305): the code is reserved and its threshold read, but it is not computed until then.
NOT_YET_COMPUTED = frozenset({NO_START_MESSAGE})
COMPUTED = [code for code, _ in SIGNALS if code not in NOT_YET_COMPUTED]

DEFAULT_KINDS = [("procesregie", gettext_noop("Procesregisseur"))]


@dataclass(frozen=True)
class Thresholds:
    """The profile's `procesregie.signalen`; defaults where it is silent (docs/direction.md gives the sources)."""

    no_contact_days: int = 28          # werkafspraak: at least once in four weeks contact with the household
    plan_agreed_days: int = 42         # Wmo 2015 art. 2.3.2 lid 1: the investigation within six weeks
    decision_ending_days: int = 56     # the profile's besluiten.herbeoordeling (default 8 weeks)
    start_message_days: int = 10       # issue 14: not computed yet
    coordinator_from: int = 3          # Almere zorgpiramide (seed 003 App. 3.1): 3 professionals → coordinator
    process_director_from: int = 4     # idem: 4 or more → process coordinator


def thresholds(profile_data: dict | None) -> Thresholds:
    data = profile_data or {}
    given = (data.get("procesregie") or {}).get("signalen") or {}
    reassessment = (data.get("besluiten") or {}).get("herbeoordeling", "8w")
    default_ending = Term.parse(reassessment).calendar_days or Thresholds.decision_ending_days
    return Thresholds(
        no_contact_days=given.get("geen_contact_dagen", Thresholds.no_contact_days),
        plan_agreed_days=given.get("plan_akkoord_dagen", Thresholds.plan_agreed_days),
        decision_ending_days=given.get("besluit_afloop_dagen", default_ending),
        start_message_days=given.get("startbericht_dagen", Thresholds.start_message_days),
        coordinator_from=given.get("coordinator_vanaf", Thresholds.coordinator_from),
        process_director_from=given.get("procesregisseur_vanaf", Thresholds.process_director_from),
    )


def outside_family(profile_data: dict | None) -> bool:
    """Whether the process director stays outside the family (`procesregie.buiten_gezin`, Stadskanaal seed 004
    §5.6: "niet betrokken in het gezin maar krijgt informatie via de casusregisseur"): then a case's own case
    director is never also its process director."""
    return bool(((profile_data or {}).get("procesregie") or {}).get("buiten_gezin"))


def kinds(profile_data: dict | None) -> list[tuple[str, str]]:
    """The kinds of process director (code, name) of the profile's `procesregie.soorten`; one kind when silent."""
    given = ((profile_data or {}).get("procesregie") or {}).get("soorten") or []
    return [(k["code"], k["naam"]) for k in given] or list(DEFAULT_KINDS)


def contact_points(profile_data: dict | None) -> list[dict]:
    """The profile's topic contact points (`procesregie.contactpunten`: code, onderwerp, soort); none when silent."""
    return list(((profile_data or {}).get("procesregie") or {}).get("contactpunten") or [])


@dataclass(frozen=True)
class Signal:
    code: str
    label: str      # Dutch (gettext_noop): translate where shown
    since: dt.date  # the day the signal started: 'oldest first'
    reason: str     # with the numbers, in the language of the request that computed it


# --- SQL on both databases ----------------------------------------------------------------------------------------


class AddDays(Func):
    """A date plus a whole number of days (negative: minus), as a date on PostgreSQL and an ISO text on SQLite."""

    def __init__(self, expression, days: int):
        self.days = int(days)
        super().__init__(expression, output_field=DateField())

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(CAST({sql} AS date) + {self.days})", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{self.days:+d} days')", params


class NthDay(Func):
    """The k-th day (from 1) of a JSON list of ISO days, or NULL when the list is shorter."""

    def __init__(self, expression, k: int):
        self.index = int(k) - 1
        super().__init__(expression, output_field=DateField())

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(({sql} ->> {self.index}) AS date)", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"json_extract({sql}, '$[{self.index}]')", params
