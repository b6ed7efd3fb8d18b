"""The indicators management, policy and control steer by (issue 15 item 1; docs/indicators.md). Counts only, no
personal data: every function takes a `Filters` and returns numbers per group, computed in the database with
set-based SQL (grouped counts, window functions for percentiles) — never a loop over cases in Python.

Each indicator has its definition in DEFINITIONS, shown on the page beside the number. Where an indicator cannot be
narrowed by a filter (the team of a Verwijsindex match), the page says so (APPLIES)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_noop

from toegang.accounts.models import Wijk
from toegang.cases.models import CONTACT_WITH_HOUSEHOLD, Casus, ContactMoment
from toegang.deadlines.models import Clock
from toegang.escalation.models import Escalation
from toegang.intake.models import Melding
from toegang.messaging.models import Toewijzing
from toegang.persons.models import Household
from toegang.plans.models import PlanVersion
from toegang.provisions.models import Besluit, Bezwaar
from toegang.verwijsindex.models import Match

OPEN = ~Q(status=Casus.Status.AFGESLOTEN)
REENTRY_DAYS = 365  # "re-entry within 12 months" (issue 15; Krimpen ch. 4, Stadskanaal §7)


@dataclass(frozen=True)
class Filters:
    """The period (both days included), the gemeenten the reader may see, and optionally one team and one district."""
    start: dt.date
    end: dt.date
    gemeente_ids: list[int]
    team_id: int | None = None
    wijk_id: int | None = None

    @property
    def end_moment(self) -> dt.datetime:
        """The first moment after the period, in the current timezone."""
        return timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min))

    @property
    def start_moment(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))


@dataclass
class Percentiles:
    step: str
    n: int
    median: float | None
    p90: float | None


@dataclass
class TermShare:
    kind: str
    label: str
    stopped: int
    within: int
    open_overdue: int

    @property
    def share(self) -> float | None:
        return self.within / self.stopped if self.stopped else None


@dataclass
class Outcomes:
    closed: int = 0
    with_goals: int = 0
    goals: int = 0
    goals_reached: int = 0
    measured_people: int = 0
    change_sum: float = 0.0
    by_reason: list[tuple[str, int]] = field(default_factory=list)

    @property
    def goal_share(self) -> float | None:
        return self.goals_reached / self.goals if self.goals else None

    @property
    def mean_change(self) -> float | None:
        return self.change_sum / self.measured_people if self.measured_people else None


# What each number means, shown on the page (translated in the catalogue).
DEFINITIONS = {
    "meldingen": gettext_noop("Meldingen ontvangen in de periode, geteld naar bron, kanaal, wet en uitkomst van de "
                              "triage. Een melding die meer wetten noemt, telt bij elke wet één keer."),
    "trend": gettext_noop("Meldingen ontvangen per kalendermaand van de periode."),
    "contacten": gettext_noop("Meldingen voor informatie en advies die in de periode zijn ontvangen, naar het aantal "
                              "klantcontacten aan de balie (het profiel zegt het maximum; Krimpen: 2)."),
    "doorlooptijden": gettext_noop("Dagen tussen de stappen voor meldingen ontvangen in de periode: melding → eerste "
                                   "contact met het huishouden → plan akkoord → eerste besluit → start van de zorg "
                                   "(bericht van de aanbieder), en de hele weg. Alleen stappen na de melding tellen. "
                                   "Mediaan en 90e percentiel volgens de nearest-rank-methode."),
    "termijnen": gettext_noop("Termijnen die in de periode zijn gestopt, per soort: het deel dat gestopt is op of "
                              "vóór de uiterste datum (na verlenging). Daarnaast de termijnen die aan het eind van "
                              "de periode nog lopen en verlopen zijn."),
    "caseload": gettext_noop("Casussen die aan het eind van de periode open waren, per casusregisseur, team en wijk "
                             "(de wijk van het huishouden). Casussen zonder regisseur staan apart."),
    "in_zorg": gettext_noop("Huishoudens met een open casus aan het eind van de periode, als deel van alle "
                            "huishoudens in de wijk (zoals nu geregistreerd)."),
    "escalaties": gettext_noop("Escalaties geopend in de periode, naar het niveau dat ze bereikten en de uitkomst: "
                               "afgeschaald (gesloten) of nog open."),
    "afsluiting": gettext_noop("Casussen afgesloten in de periode: het deel van de plandoelen dat bereikt is, en de "
                               "gemiddelde verandering van de zelfredzaamheid (ZRM, gemiddeld niveau 1–5) tussen de "
                               "eerste en de laatste meting, per gemeten persoon."),
    "heraanmelding": gettext_noop("Casussen geopend in de periode voor een huishouden waarvan een eerdere casus in de "
                                  "twaalf maanden daarvoor is afgesloten, als deel van alle casussen geopend in de "
                                  "periode."),
    "besluiten": gettext_noop("Besluiten met een besluitdatum in de periode naar uitkomst en wet; bezwaren "
                              "ontvangen in de periode naar uitkomst (zonder uitkomst: nog in behandeling)."),
    "verwijsindex": gettext_noop("Matches in de Verwijsindex ontstaan in de periode, en hoeveel daarvan een "
                                 "coördinator hebben."),
}

# Which filters narrow each indicator (the page says when a filter does not apply).
APPLIES = {
    "meldingen": {"team", "wijk"}, "trend": {"team", "wijk"}, "contacten": {"team", "wijk"}, "doorlooptijden": {"team", "wijk"},
    "termijnen": {"team", "wijk"}, "caseload": {"team", "wijk"}, "in_zorg": {"wijk"},
    "escalaties": {"team", "wijk"}, "afsluiting": {"team", "wijk"}, "heraanmelding": {"team", "wijk"},
    "besluiten": {"team", "wijk"}, "verwijsindex": set(),
}



def _narrow(qs: QuerySet, filters: Filters, *, team: str | None, wijk: str | None) -> QuerySet:
    if filters.team_id is not None and team:
        qs = qs.filter(**{team: filters.team_id})
    if filters.wijk_id is not None and wijk:
        qs = qs.filter(**{wijk: filters.wijk_id})
    return qs


def meldingen(filters: Filters) -> QuerySet:
    """The meldingen received in the period, narrowed by team and district."""
    qs = Melding.objects.filter(gemeente_id__in=filters.gemeente_ids, received_at__gte=filters.start_moment,
                                received_at__lt=filters.end_moment)
    return _narrow(qs, filters, team="team_id", wijk="wijk_id")


def meldingen_by(filters: Filters, column: str) -> list[tuple[str, int]]:
    """Meldingen per value of one column (source, channel, triage_outcome); largest first. One query."""
    rows = meldingen(filters).values(column).annotate(n=Count("id")).order_by("-n", column)
    return [(row[column] or "", row["n"]) for row in rows]


def meldingen_per_month(filters: Filters) -> list[tuple[dt.date, int]]:
    """Meldingen per calendar month of the period (the trend); months without any are there with 0. One query."""
    rows = dict(meldingen(filters).annotate(month=TruncMonth("received_at")).values("month")
                .annotate(n=Count("id")).values_list("month", "n"))
    found = {(m.year, m.month): n for m, n in rows.items()}
    out, month = [], filters.start.replace(day=1)
    while month <= filters.end:
        out.append((month, found.get((month.year, month.month), 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return out


def meldingen_by_law(filters: Filters) -> list[tuple[str, int]]:
    """Meldingen per law named (a melding naming two laws counts for each). One query over the JSON list, unnested
    in the database: json_each on SQLite, jsonb_array_elements_text on PostgreSQL."""
    sql, params = meldingen(filters).values("id", "laws").query.sql_with_params()
    if connection.vendor == "postgresql":
        unnest = "CROSS JOIN LATERAL jsonb_array_elements_text(m.laws) AS law(value)"
    else:
        unnest = "CROSS JOIN json_each(m.laws) AS law"
    query = (f"SELECT law.value, COUNT(*) FROM ({sql}) AS m {unnest} "  # noqa: S608 — sql is Django's, params bound
             "GROUP BY law.value ORDER BY COUNT(*) DESC, law.value")
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return [(value, n) for value, n in cursor.fetchall()]


def desk_contacts(filters: Filters) -> list[tuple[int, int]]:
    """Information-and-advice meldingen per number of desk contacts (Krimpen ch. 4 D: at most two). One query."""
    rows = (meldingen(filters).filter(triage_outcome="informatie-advies").values("contacts")
            .annotate(n=Count("id")).order_by("contacts"))
    return [(row["contacts"], row["n"]) for row in rows]


STEPS = [
    ("melding-contact", gettext_noop("melding → eerste contact")),
    ("contact-plan", gettext_noop("eerste contact → plan akkoord")),
    ("plan-besluit", gettext_noop("plan akkoord → besluit")),
    ("besluit-zorg", gettext_noop("besluit → start van de zorg")),
    ("melding-zorg", gettext_noop("melding → start van de zorg (hele weg)")),
]


def _days(later: str, earlier: str) -> str:
    """SQL for the days between two date columns."""
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def percentile_rows(values_sql: str, params: list | tuple) -> dict[str, tuple[int, float | None, float | None]]:
    """Median and 90th percentile (nearest rank: the smallest value whose rank is at least p × n) per group, in the
    database with window functions. values_sql selects (grp, days)."""
    query = (f"WITH v AS ({values_sql}), "  # noqa: S608 — composed from Django's SQL and constants, params bound
             "r AS (SELECT grp, days, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY days) AS rn, "
             "COUNT(*) OVER (PARTITION BY grp) AS n FROM v) "
             "SELECT grp, MAX(n), MIN(CASE WHEN rn >= 0.5 * n THEN days END), "
             "MIN(CASE WHEN rn >= 0.9 * n THEN days END) FROM r GROUP BY grp")
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return {grp: (n, median, p90) for grp, n, median, p90 in cursor.fetchall()}


def lead_times(filters: Filters) -> list[Percentiles]:
    """Days per step for the meldingen received in the period that reached a case: the first milestone of each kind
    after the melding (first contact moment with the household, plan agreed, first decision, care started). One
    query: the milestones as grouped minimums joined to the meldingen (per melding where the milestone must follow
    it, per case otherwise), the steps unioned, the percentiles by window functions. Grouped joins rather than
    correlated subqueries: one pass over each table instead of four index probes per melding (bench/bench_insight.py)."""
    found = meldingen(filters).filter(casus_id__isnull=False)
    cases = found.values("casus_id")
    m_sql, m_params = found.values("id", "casus_id", "received_at", d0=Cast(TruncDate("received_at"), DateField())) \
        .query.sql_with_params()
    c_sql, c_params = (ContactMoment.objects.filter(casus_id__in=cases, kind__in=CONTACT_WITH_HOUSEHOLD)
                       .values("casus_id", "at", d=TruncDate("at")).query.sql_with_params())
    p_sql, p_params = (PlanVersion.objects.filter(plan__casus_id__in=cases, agreed_on__isnull=False)
                       .values(cid=F("plan__casus_id")).annotate(d=Min("agreed_on")).values("cid", "d")
                       .query.sql_with_params())
    b_sql, b_params = (Besluit.objects.filter(indicatie__casus_id__in=cases, established_on__isnull=False)
                       .values("decided_at", "established_on", cid=F("indicatie__casus_id")).query.sql_with_params())
    z_sql, z_params = (Toewijzing.objects.filter(indicatie__casus_id__in=cases, started_on__isnull=False)
                       .values(cid=F("indicatie__casus_id")).annotate(d=Min("started_on")).values("cid", "d")
                       .query.sql_with_params())
    sql = (f"WITH m0 AS ({m_sql}), "  # noqa: S608 — composed from Django's SQL, params bound
           f"c AS (SELECT m0.id, MIN(cm.d) AS d FROM m0 JOIN ({c_sql}) AS cm ON cm.casus_id = m0.casus_id "
           'AND cm."at" >= m0.received_at GROUP BY m0.id), '
           f"b AS (SELECT m0.id, MIN(bs.established_on) AS d FROM m0 JOIN ({b_sql}) AS bs ON bs.cid = m0.casus_id "
           "AND bs.decided_at >= m0.received_at GROUP BY m0.id), "
           f"p AS ({p_sql}), z AS ({z_sql}), "
           "m AS (SELECT m0.d0, c.d AS d1, p.d AS d2, b.d AS d3, z.d AS d4 FROM m0 LEFT JOIN c ON c.id = m0.id "
           "LEFT JOIN p ON p.cid = m0.casus_id LEFT JOIN b ON b.id = m0.id LEFT JOIN z ON z.cid = m0.casus_id)")
    params = (*m_params, *c_params, *b_params, *p_params, *z_params)
    pairs = [("melding-contact", "d1", "d0"), ("contact-plan", "d2", "d1"), ("plan-besluit", "d3", "d2"),
             ("besluit-zorg", "d4", "d3"), ("melding-zorg", "d4", "d0")]
    union = " UNION ALL ".join(
        f"SELECT '{code}' AS grp, {_days(later, earlier)} AS days FROM m "
        f"WHERE {later} IS NOT NULL AND {earlier} IS NOT NULL AND {later} >= {earlier}"
        for code, later, earlier in pairs)
    found = percentile_rows(f"{sql} {union}", params)
    out = []
    for code, _label in STEPS:
        n, median, p90 = found.get(code, (0, None, None))
        out.append(Percentiles(step=code, n=n, median=median, p90=p90))
    return out


def term_shares(filters: Filters) -> list[TermShare]:
    """Per clock kind: clocks stopped in the period, those stopped on or before their due date (after any
    extension; Wmo 2015 art. 2.3.2 and 2.3.5, Awb 4:13 and 7:10 set the terms), and those still running past due at
    the period's end. One query."""
    qs = _narrow(Clock.objects.filter(gemeente_id__in=filters.gemeente_ids), filters, team="team_id",
                 wijk="household__wijk_id")
    in_period = Q(stopped_on__gte=filters.start, stopped_on__lte=filters.end)
    running_at_end = Q(started_on__lte=filters.end) & (Q(stopped_on__isnull=True) | Q(stopped_on__gt=filters.end))
    rows = (qs.filter(in_period | running_at_end).values("kind")
            .annotate(label=Max("label"), stopped=Count("id", filter=in_period),
                      within=Count("id", filter=in_period & Q(stopped_on__lte=F("due_on"))),
                      overdue=Count("id", filter=running_at_end & Q(due_on__lt=filters.end)))
            .order_by("kind"))
    return [TermShare(kind=r["kind"], label=r["label"], stopped=r["stopped"], within=r["within"],
                      open_overdue=r["overdue"]) for r in rows]


def open_cases_at_end(filters: Filters) -> QuerySet:
    """Cases open at the end of the period: opened by then and not closed by then."""
    qs = Casus.objects.filter(gemeente_id__in=filters.gemeente_ids, opened_at__lt=filters.end_moment).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=filters.end_moment))
    return _narrow(qs, filters, team="team_id", wijk="household__wijk_id")


def caseload(filters: Filters) -> dict[str, list[tuple]]:
    """Open cases at the end of the period per case director (by name), per team and per district. Three grouped
    queries. The director is the current one (the history of directors is not read here)."""
    cases = open_cases_at_end(filters)
    per_director = [(r["case_director__first_name"], r["case_director__last_name"], r["n"]) for r in
                    cases.filter(case_director__isnull=False)
                    .values("case_director_id", "case_director__first_name", "case_director__last_name")
                    .annotate(n=Count("id")).order_by("-n", "case_director__last_name")]
    per_team = [(r["team__name"] or "", r["n"], r["unowned"]) for r in
                cases.values("team__name").annotate(n=Count("id"), unowned=Count("id", filter=Q(
                    case_director__isnull=True))).order_by("team__name")]
    per_wijk = [(r["household__wijk__name"] or "", r["n"]) for r in
                cases.values("household__wijk__name").annotate(n=Count("id")).order_by("household__wijk__name")]
    return {"director": [(f"{first} {last}".strip(), n) for first, last, n in per_director],
            "team": per_team, "wijk": per_wijk}


def households_in_care(filters: Filters) -> list[tuple[str, int, int]]:
    """Per district: households, and households with a case open at the end of the period. One grouped query."""
    # one pass over the open cases, hashed (IN), rather than an EXISTS probe per household
    in_care = Q(pk__in=open_cases_at_end(Filters(filters.start, filters.end, filters.gemeente_ids))
                .values("household_id"))
    qs = Household.objects.filter(gemeente_id__in=filters.gemeente_ids)
    if filters.wijk_id is not None:
        qs = qs.filter(wijk_id=filters.wijk_id)
    rows = (qs.values("wijk__name").annotate(n=Count("id"), care=Count("id", filter=in_care)).order_by("wijk__name"))
    return [(r["wijk__name"] or "", r["n"], r["care"]) for r in rows]


def escalations(filters: Filters) -> list[tuple[str, int, int]]:
    """Escalations opened in the period per level reached: (level, closed, still open). One grouped query."""
    qs = _narrow(Escalation.objects.filter(gemeente_id__in=filters.gemeente_ids, opened_at__gte=filters.start_moment,
                                           opened_at__lt=filters.end_moment),
                 filters, team="casus__team_id", wijk="casus__household__wijk_id")
    rows = (qs.values("level", "level_name").annotate(closed=Count("id", filter=Q(closed_at__isnull=False)),
                                                      still=Count("id", filter=Q(closed_at__isnull=True)))
            .order_by("level", "level_name"))
    return [(r["level_name"], r["closed"], r["still"]) for r in rows]


def closed_cases(filters: Filters) -> QuerySet:
    qs = Casus.objects.filter(gemeente_id__in=filters.gemeente_ids, status=Casus.Status.AFGESLOTEN,
                              closed_at__gte=filters.start_moment, closed_at__lt=filters.end_moment)
    return _narrow(qs, filters, team="team_id", wijk="household__wijk_id")


def outcomes(filters: Filters) -> Outcomes:
    """Goal realisation and self-reliance change of the cases closed in the period, from the outcome recorded at
    closure (cases/actions/case.py case_outcome). Three queries: the goal sums, the ZRM changes unnested from the
    JSON in the database, the reasons."""
    cases = closed_cases(filters)
    goals = cases.aggregate(
        closed=Count("id"),
        with_goals=Count("id", filter=Q(outcome__has_key="doelen")),
        goals=Coalesce(Sum(Cast(KeyTextTransform("doelen", "outcome"), IntegerField())), 0),
        reached=Coalesce(Sum(Cast(KeyTextTransform("doelen_bereikt", "outcome"), IntegerField())), 0))
    sql, params = cases.values("outcome").query.sql_with_params()
    if connection.vendor == "postgresql":
        change = ("SELECT COUNT(*), SUM((p.value ->> 'verschil')::numeric) FROM ({sql}) AS c "
                  "CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(c.outcome -> 'zelfredzaamheid') = 'object' "
                  "THEN c.outcome -> 'zelfredzaamheid' ELSE '{{}}'::jsonb END) AS p")
    else:
        change = ("SELECT COUNT(*), SUM(json_extract(p.value, '$.verschil')) FROM ({sql}) AS c "
                  "CROSS JOIN json_each(c.outcome, '$.zelfredzaamheid') AS p")
    with connection.cursor() as cursor:
        cursor.execute(change.format(sql=sql), params)
        people, total = cursor.fetchone()
    reasons = [(r["close_reason"], r["n"]) for r in
               cases.values("close_reason").annotate(n=Count("id")).order_by("-n", "close_reason")]
    return Outcomes(closed=goals["closed"], with_goals=goals["with_goals"], goals=goals["goals"],
                    goals_reached=goals["reached"], measured_people=people or 0, change_sum=float(total or 0),
                    by_reason=reasons)


def reentries(filters: Filters) -> tuple[int, int]:
    """(cases opened in the period, of which re-entries: the household had a case closed in the twelve months before
    this one opened). One query with a correlated EXISTS."""
    earlier = Casus.objects.filter(household_id=OuterRef("household_id"), gemeente_id=OuterRef("gemeente_id"),
                                   closed_at__isnull=False, closed_at__lte=OuterRef("opened_at"),
                                   closed_at__gte=OuterRef("opened_at") - dt.timedelta(days=REENTRY_DAYS))
    qs = _narrow(Casus.objects.filter(gemeente_id__in=filters.gemeente_ids, opened_at__gte=filters.start_moment,
                                      opened_at__lt=filters.end_moment),
                 filters, team="team_id", wijk="household__wijk_id")
    row = qs.aggregate(n=Count("id"), again=Count("id", filter=Exists(earlier)))
    return row["n"], row["again"]


def decisions(filters: Filters) -> dict[str, list[tuple[str, str, int]] | list[tuple[str, int]]]:
    """Decisions dated in the period per law and outcome, and objections received in the period per outcome. Two
    grouped queries. Replaced decisions count (each was a decision when it was taken)."""
    besluiten = _narrow(Besluit.objects.filter(gemeente_id__in=filters.gemeente_ids,
                                               established_on__gte=filters.start, established_on__lte=filters.end),
                        filters, team="indicatie__casus__team_id", wijk="indicatie__household__wijk_id")
    by_outcome = [(r["indicatie__voorziening__law"], r["outcome"], r["n"]) for r in
                  besluiten.values("indicatie__voorziening__law", "outcome").annotate(n=Count("id"))
                  .order_by("indicatie__voorziening__law", "outcome")]
    bezwaren = _narrow(Bezwaar.objects.filter(gemeente_id__in=filters.gemeente_ids, received_on__gte=filters.start,
                                              received_on__lte=filters.end),
                       filters, team="besluit__indicatie__casus__team_id", wijk="besluit__indicatie__household__wijk_id")
    objections = [(r["outcome"] or "", r["n"]) for r in
                  bezwaren.values("outcome").annotate(n=Count("id")).order_by("outcome")]
    return {"besluiten": by_outcome, "bezwaren": objections}


def verwijsindex_matches(filters: Filters) -> tuple[int, int]:
    """(matches made in the period, of which with a coordinator). One query; not by team or district (a match
    joins signals of several organisations, not a team's case)."""
    row = Match.objects.filter(gemeente_id__in=filters.gemeente_ids, created_at__gte=filters.start_moment,
                               created_at__lt=filters.end_moment).aggregate(
        n=Count("id"), coordinated=Count("id", filter=Q(coordinated_since__isnull=False)))
    return row["n"], row["coordinated"]


def wijken(gemeente_ids: list[int]) -> list[tuple[int, str]]:
    return list(Wijk.objects.filter(gemeente_id__in=gemeente_ids).order_by("name").values_list("pk", "name"))
