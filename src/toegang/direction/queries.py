"""Reads of process direction (issue 12): what stalls, as sets, and who directs the process of a case.

Every signal is a condition on the case in SQL (hashed IN-subqueries, no per-case Python) plus the day it started;
`attention_list` asks one query for a page of every open case that needs attention, oldest signal first, and
`signals_for_case` the same for one case. Thresholds come from the profile of the case's gemeente
(direction/signals.py); the cases are the actor's own scope (cases.queries.visible_cases).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, DateField, Exists, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import IsNull
from django.utils import timezone
from django.utils.translation import gettext

from toegang.accounts.capabilities import CASES_DIRECT
from toegang.accounts.models import Gemeente, Medewerker
from toegang.cases.models import Casus
from toegang.cases.queries import visible_cases
from toegang.core import clock
from toegang.core.actor import Actor
from toegang.deadlines.models import Clock
from toegang.intake.models import Melding
from toegang.persons.queries import log_household_list
from toegang.provisions.models import Besluit, Indicatie

from . import signals as s
from .models import ProcessDirector

FAR = dt.date(9999, 12, 31)
PAGE = 25


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _parts(t: s.Thresholds, today: dt.date, now: dt.datetime, *,
           among: list[int] | None = None) -> dict[str, tuple[Q, object]]:
    """Per signal: (the condition on an open case, the day it started). Each condition is a column test or an
    uncorrelated IN-subquery (PostgreSQL hashes it once per query); the day is computed only for a case that has
    the signal. `among`: the only cases asked about (a case page: one), so every subquery reads just theirs."""
    parts: dict[str, tuple[Q, object]] = {}

    # No contact with the household itself (CONTACT_WITH_HOUSEHOLD: not among professionals) for N days; the case
    # keeps its latest such contact moment (cases/models.py), so this is a column test.
    cutoff = _start_of(today - dt.timedelta(days=t.no_contact_days))
    parts[s.NO_CONTACT] = (
        Q(opened_at__lt=cutoff) & (Q(last_household_contact_at__isnull=True) | Q(last_household_contact_at__lt=cutoff)),
        s.AddDays(TruncDate(Coalesce("last_household_contact_at", "opened_at")), t.no_contact_days))

    # The plan is not agreed with the household N days after the case opened (the plan keeps its first agreement).
    plan_cutoff = _start_of(today - dt.timedelta(days=t.plan_agreed_days))
    parts[s.PLAN_NOT_AGREED] = (Q(opened_at__lt=plan_cutoff) & Q(plan__agreed_on__isnull=True),
                                s.AddDays(TruncDate("opened_at"), t.plan_agreed_days))

    # The first-contact clock of one of the case's meldingen runs past its due date (or moment, for hours).
    overdue = Clock.objects.filter(kind="eerste-contact", subject_type="intake.melding", stopped_on__isnull=True,
                                   suspended_since__isnull=True).filter(
        Q(due_at__isnull=True, due_on__lt=today) | Q(due_at__isnull=False, due_at__lt=now))
    if among is None:
        late_meldingen = Melding.objects.filter(casus__isnull=False, pk__in=overdue.values("subject_id"))
    else:
        late_meldingen = Melding.objects.filter(casus_id__in=among).filter(
            Exists(overdue.filter(subject_id=OuterRef("pk"))))
    first_due = (overdue.filter(subject_id__in=Melding.objects.filter(casus_id=OuterRef(OuterRef("pk"))).values("pk"))
                 .order_by("due_on").values("due_on")[:1])
    parts[s.FIRST_CONTACT_MISSED] = (Q(pk__in=late_meldingen.values("casus_id")),
                                     s.AddDays(Subquery(first_due, output_field=DateField()), 1))

    # The last planned evaluation of the current plan passed, and the plan has not changed since that day. The
    # plan keeps these dates of its current version (plans/models.py): a join, no JSON read per case.
    parts[s.EVALUATION_PASSED] = (Q(plan__evaluation_on__lt=today, plan__evaluation_on__gt=TruncDate("plan__changed_at")),
                                  s.AddDays(F("plan__evaluation_on"), 1))

    # A goal of the current plan is past its target date and neither reached nor closed as not reached.
    parts[s.GOAL_OVERDUE] = (Q(plan__open_goal_due_on__lt=today), s.AddDays(F("plan__open_goal_due_on"), 1))

    # N or more professionals involved and nobody coordinating (the Almere pyramid, as profile data): from
    # `coordinator_from` a case director, from `process_director_from` a process director. The case keeps the day
    # each professional now involved joined (cases/models.py, by a trigger): the k-th day is when "k or more" began.
    def crowded(k: int) -> tuple[Q, object]:
        day = s.NthDay("professionals_since", k)
        return Q(IsNull(day, False)), day

    condition, since = crowded(t.coordinator_from)
    parts[s.NO_COORDINATOR] = (Q(case_director__isnull=True) & condition, since)
    directed = ProcessDirector.objects.filter(until__isnull=True)
    if among is not None:
        directed = directed.filter(casus_id__in=among)
    condition, since = crowded(t.process_director_from)
    parts[s.NO_PROCESS_DIRECTOR] = (~Q(pk__in=directed.values("casus_id")) & condition, since)

    # A granted decision ends within N days with no open re-assessment task and no newer decision for the same
    # client and kind of provision.
    newer = Indicatie.objects.filter(client_id=OuterRef("client_id"), voorziening_id=OuterRef("voorziening_id"),
                                     besluit__decided_at__gt=OuterRef("besluit__decided_at"))
    ending = (Indicatie.objects.filter(casus__isnull=False, end__gte=today,
                                       end__lte=today + dt.timedelta(days=t.decision_ending_days),
                                       besluit__status__in=[Besluit.Status.VASTGESTELD, Besluit.Status.VERZONDEN])
              .exclude(besluit__outcome=Besluit.Outcome.AFGEWEZEN)
              .exclude(besluit__reassessment_task__isnull=False, besluit__reassessment_task__done_at__isnull=True)
              .filter(~Exists(newer)))
    if among is not None:
        ending = ending.filter(casus_id__in=among)
    first_end = ending.filter(casus_id=OuterRef("pk")).order_by("end").values("end")[:1]
    parts[s.DECISION_ENDING] = (Q(pk__in=ending.values("casus_id")),
                                s.AddDays(Subquery(first_end, output_field=DateField()), -t.decision_ending_days))
    return parts


def _groups(gemeente_ids) -> list[tuple[list[int], s.Thresholds]]:
    """The gemeenten by profile (thresholds are per profile): one query."""
    by_profile: dict[int, list[int]] = defaultdict(list)
    data: dict[int, dict] = {}
    for gemeente in Gemeente.objects.filter(pk__in=list(gemeente_ids)).select_related("profile").order_by("pk"):
        by_profile[gemeente.profile_id].append(gemeente.pk)
        data[gemeente.profile_id] = gemeente.profile.data
    return [(ids, s.thresholds(data[profile_id])) for profile_id, ids in by_profile.items()]


def _with_signals(qs: QuerySet[Casus], groups, *, reason: str = "", today: dt.date, now: dt.datetime,
                  among: list[int] | None = None) -> QuerySet[Casus]:
    """Open cases of `qs` annotated with s_<code>: the day each signal (or the one `reason`) started, or NULL.
    `among` as in _parts."""
    codes = [reason] if reason else s.COMPUTED
    whens: dict[str, list[When]] = defaultdict(list)
    for gemeente_ids, t in groups:
        parts = _parts(t, today, now, among=among)
        for code in codes:
            if code in s.NOT_YET_COMPUTED:
                continue
            whens[code].append(When(Q(gemeente_id__in=gemeente_ids) & parts[code][0], then=parts[code][1]))
    qs = qs.exclude(status=Casus.Status.AFGESLOTEN)
    return qs.annotate(**{f"s_{code.replace('-', '_')}": Case(*found, output_field=DateField())
                          for code, found in whens.items()})


def _reason(code: str, since: dt.date, t: s.Thresholds, today: dt.date, involved: int) -> str:
    def day(d: dt.date) -> str:
        return f"{d:%d-%m-%Y}"

    if code == s.NO_CONTACT:
        last = since - dt.timedelta(days=t.no_contact_days)
        return gettext("Geen contact met het huishouden sinds %(date)s: %(days)s dagen (norm: %(max)s dagen).") % {
            "date": day(last), "days": (today - last).days, "max": t.no_contact_days}
    if code == s.PLAN_NOT_AGREED:
        opened = since - dt.timedelta(days=t.plan_agreed_days)
        return gettext("Casus geopend op %(date)s; na %(days)s dagen is het plan niet afgesproken (norm: %(max)s "
                       "dagen).") % {"date": day(opened), "days": (today - opened).days, "max": t.plan_agreed_days}
    if code == s.FIRST_CONTACT_MISSED:
        due = since - dt.timedelta(days=1)
        return gettext("Het eerste contact moest uiterlijk %(date)s zijn: %(days)s dagen te laat.") % {
            "date": day(due), "days": (today - due).days}
    if code == s.EVALUATION_PASSED:
        planned = since - dt.timedelta(days=1)
        return gettext("Evaluatie gepland op %(date)s; het plan is sindsdien niet bijgewerkt (%(days)s dagen).") % {
            "date": day(planned), "days": (today - planned).days}
    if code == s.GOAL_OVERDUE:
        target = since - dt.timedelta(days=1)
        return gettext("Een doel had streefdatum %(date)s en is nog open: %(days)s dagen over tijd.") % {
            "date": day(target), "days": (today - target).days}
    if code == s.NO_COORDINATOR:
        return gettext("%(count)s professionals betrokken en geen casusregisseur (vanaf %(max)s nodig).") % {
            "count": involved, "max": t.coordinator_from}
    if code == s.NO_PROCESS_DIRECTOR:
        return gettext("%(count)s professionals betrokken en geen procesregisseur (vanaf %(max)s nodig).") % {
            "count": involved, "max": t.process_director_from}
    end = since + dt.timedelta(days=t.decision_ending_days)
    return gettext("Een besluit loopt af op %(date)s (over %(days)s dagen) zonder herbeoordeling.") % {
        "date": day(end), "days": (end - today).days}


def _signals_of_rows(rows: list[Casus], groups, today: dt.date) -> None:
    """Turn the annotations of the rows into `row.signals` (oldest first)."""
    t_of = {gemeente_id: t for ids, t in groups for gemeente_id in ids}
    for row in rows:
        found = []
        for code in s.COMPUTED:
            since = getattr(row, f"s_{code.replace('-', '_')}", None)
            if since is None:
                continue
            if isinstance(since, str):  # SQLite gives the ISO text of a computed date
                since = dt.date.fromisoformat(since[:10])
            found.append(s.Signal(code=code, label=s.LABELS[code], since=since,
                                  reason=_reason(code, since, t_of[row.gemeente_id], today, len(row.professionals_since))))
        row.signals = sorted(found, key=lambda sig: (sig.since, sig.code))
        if isinstance(getattr(row, "oldest", None), str):
            row.oldest = dt.date.fromisoformat(row.oldest[:10])
        if getattr(row, "oldest", None) == FAR:
            row.oldest = None


def signals_for_case(actor: Actor, casus: Casus) -> list[s.Signal]:
    """The current signals of one case the actor may see (oldest first); none for a closed or unseen case. One
    query (the case with its signals, every subquery reading only this case's rows), two when professionals must
    be counted."""
    row = _case_row(actor, casus)
    return row.signals if row is not None else []


# The current process director's columns, read with the case's signals (case_direction)
_CURRENT = {"pd_id": "pk", "pd_kind": "kind", "pd_since": "since", "pd_user": "medewerker_id",
            "pd_first": "medewerker__first_name", "pd_last": "medewerker__last_name",
            "pd_username": "medewerker__username"}


def case_direction(casus: Casus) -> tuple[ProcessDirector | None, list[s.Signal]]:
    """The case page's process direction, for a case read through cases.queries.access_case (whoever reads the
    page may see it): the current process director and the current signals, in the one query of
    `signals_for_case` (issue 16); a closed case has no signals and reads its process director alone."""
    current = ProcessDirector.objects.filter(casus=OuterRef("pk"), until__isnull=True)
    row = _case_row(None, casus, {name: Subquery(current.values(column)[:1]) for name, column in _CURRENT.items()})
    if row is None:
        return current_process_director(casus), []
    director = None
    if row.pd_id is not None:
        director = ProcessDirector(pk=row.pd_id, casus=casus, kind=row.pd_kind, since=row.pd_since,
                                   medewerker=Medewerker(pk=row.pd_user, first_name=row.pd_first,
                                                         last_name=row.pd_last, username=row.pd_username))
    return director, row.signals


def _case_row(actor: Actor | None, casus: Casus, annotate: dict | None = None) -> Casus | None:
    """The open case with its signals (`.signals`), or None for a closed case or one the actor does not see
    (`actor` None: the caller has checked that already)."""
    if casus.status == Casus.Status.AFGESLOTEN:
        return None
    today = clock.today()
    # the case page has read the gemeente and its profile already: no query for the thresholds
    groups = [([casus.gemeente_id], s.thresholds(casus.gemeente.profile.data))]
    cases = Casus.objects.all() if actor is None else visible_cases(actor)
    row = _with_signals(cases.filter(pk=casus.pk), groups, today=today, now=clock.now(),
                        among=[casus.pk]).annotate(**(annotate or {})).first()
    if row is None:
        return None
    _signals_of_rows([row], groups, today)
    return row


@dataclass
class AttentionPage:
    rows: list[Casus]
    has_more: bool
    page: int
    thresholds: dict[int, s.Thresholds] = field(default_factory=dict)


def _fenced_page(inner: QuerySet[Casus], names: list[str], *, require: bool, start: int, limit: int) -> list[tuple]:
    """(id, s_<code>..., oldest) of one page of `inner` (cases annotated with the day each signal started), oldest
    signal first. The signals are computed once per case: the annotated query is a subquery with a LIMIT, which
    PostgreSQL never pulls up into the outer one (it would evaluate every CASE again for the filter and the sort);
    just-in-time compilation is off for this query (its planner cost is high, compiling would take seconds)."""
    inner_sql, inner_params = inner.values("id", "opened_at", *names)[:10**9].query.sql_with_params()
    postgres = connection.vendor == "postgresql"
    dates = [f"COALESCE(t.{name}, %s)" for name in names]
    oldest = dates[0] if len(dates) == 1 else ("LEAST(%s)" if postgres else "MIN(%s)") % ", ".join(dates)
    where = f"WHERE {' OR '.join(f't.{name} IS NOT NULL' for name in names)}" if require else ""
    sql = (f"SELECT t.id, {', '.join(f't.{name}' for name in names)}, {oldest} AS oldest FROM ({inner_sql}) t "
           f"{where} ORDER BY oldest, t.opened_at, t.id LIMIT %s OFFSET %s")
    params = [FAR] * len(names) + list(inner_params) + [limit, start]
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def attention_list(actor: Actor, *, team_id: int | None = None, wijk_id: int | None = None, reason: str = "",
                   mine: bool = False, page: int = 1, resource: str = "") -> AttentionPage:
    """One page of the process director's view (issue 12 point 2): each row a case with `signals` (oldest first),
    `process_director` (or None). A bounded number of queries whatever the number of cases: the gemeenten's
    profiles, the page of ids with their signals (a row more than shown), the cases on it, the involvement counts,
    the process directors, and the access log of the households shown."""
    today = clock.today()
    gemeenten = actor.gemeenten_with(CASES_DIRECT)
    groups = _groups(gemeenten)
    qs = visible_cases(actor).filter(gemeente_id__in=gemeenten)
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    if wijk_id is not None:
        qs = qs.filter(household__wijk_id=wijk_id)
    if mine:
        qs = qs.filter(pk__in=ProcessDirector.objects.filter(medewerker_id=actor.user_id, until__isnull=True)
                       .values("casus_id"))
    inner = _with_signals(qs, groups, reason=reason, today=today, now=clock.now())
    names = [name for name in inner.query.annotations if name.startswith("s_")]
    found = _fenced_page(inner, names, require=not mine, start=(page - 1) * PAGE, limit=PAGE + 1) if names else []
    has_more = len(found) > PAGE
    found = found[:PAGE]
    by_id = {c.pk: c for c in Casus.objects.filter(pk__in=[f[0] for f in found])
             .select_related("household", "household__wijk", "team", "case_director")}
    rows = []
    for values in found:
        row = by_id[values[0]]
        for name, value in zip(names, values[1:-1], strict=True):
            setattr(row, name, value)
        row.oldest = values[-1]
        rows.append(row)
    _signals_of_rows(rows, groups, today)
    directors = {d.casus_id: d for d in ProcessDirector.objects.filter(casus_id__in=[r.pk for r in rows],
                                                                       until__isnull=True)
                 .select_related("medewerker")}
    for row in rows:
        row.process_director = directors.get(row.pk)
    log_household_list(actor, [r.household_id for r in rows], purpose="procesregie: casussen die aandacht vragen",
                       channel="ui", resource=resource)
    return AttentionPage(rows=rows, has_more=has_more, page=page,
                         thresholds={g: t for ids, t in groups for g in ids})


def current_process_director(casus: Casus) -> ProcessDirector | None:
    return (ProcessDirector.objects.filter(casus=casus, until__isnull=True).select_related("medewerker").first())


def process_director_history(casus: Casus) -> list[ProcessDirector]:
    return list(ProcessDirector.objects.filter(casus=casus).select_related("medewerker").order_by("since", "pk"))
