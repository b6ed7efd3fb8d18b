"""Clock status, computed from the dates in the query (never stored): for a clock in hours from its due moment and
now, for the others from its dates and today."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When

from toegang.core import clock as time

from .kinds import kinds_for
from .models import Clock


def status_expression(today: dt.date, prefix: str = "", now: dt.datetime | None = None) -> Case:
    p = prefix
    now = now or time.now()
    hours = Q(**{f"{p}due_at__isnull": False})
    return Case(
        When(Q(**{f"{p}stopped_on__isnull": False, f"{p}due_at__isnull": True, f"{p}stopped_on__lte": F(f"{p}due_on")}),
             then=Value("op-tijd-afgerond")),
        When(hours & Q(**{f"{p}stopped_on__isnull": False, f"{p}stopped_at__lte": F(f"{p}due_at")}),
             then=Value("op-tijd-afgerond")),
        When(Q(**{f"{p}stopped_on__isnull": False}), then=Value("te-laat-afgerond")),
        When(Q(**{f"{p}suspended_since__isnull": False}), then=Value("opgeschort")),
        When(hours & Q(**{f"{p}due_at__lt": now}), then=Value("verlopen")),
        When(~hours & Q(**{f"{p}due_on__lt": today}), then=Value("verlopen")),
        When(Q(**{f"{p}warn_on__lte": today}), then=Value("bijna")),
        default=Value("ok"),
        output_field=CharField(),
    )


def with_status(qs: QuerySet[Clock], today: dt.date | None = None, now: dt.datetime | None = None) -> QuerySet[Clock]:
    return qs.annotate(status=status_expression(today or time.today(), now=now))


def status_of(clock: Clock, today: dt.date | None = None, now: dt.datetime | None = None) -> str:
    """The same rule in Python, for one clock already in memory."""
    today = today or time.today()
    now = now or time.now()
    if clock.stopped_on:
        if clock.due_at is not None:
            return "op-tijd-afgerond" if clock.stopped_at and clock.stopped_at <= clock.due_at else "te-laat-afgerond"
        return "op-tijd-afgerond" if clock.stopped_on <= clock.due_on else "te-laat-afgerond"
    if clock.suspended_since:
        return "opgeschort"
    if clock.due_at is not None and clock.due_at < now:
        return "verlopen"
    if clock.due_at is None and clock.due_on < today:
        return "verlopen"
    if clock.warn_on <= today:
        return "bijna"
    return "ok"


def clocks_for_subject(subject) -> list[Clock]:
    return list(with_status(Clock.objects.filter(subject_type=subject._meta.label_lower, subject_id=subject.pk))
                .order_by("started_on", "id"))


def clocks_by_subject(subject_type: str, ids) -> dict[int, list[Clock]]:
    """The clocks (with status) of many subjects in one query, grouped by subject id."""
    out: dict[int, list[Clock]] = {}
    for row in with_status(Clock.objects.filter(subject_type=subject_type, subject_id__in=list(ids)))\
            .order_by("started_on", "id"):
        out.setdefault(row.subject_id, []).append(row)
    return out


def open_clocks_of(owner_id: int, limit: int = 25) -> list[Clock]:
    """Mijn termijnen: the owner's running clocks, those in hours (a crisis) first by their due moment, then the
    others by due date."""
    return list(with_status(Clock.objects.filter(owner_id=owner_id, stopped_on__isnull=True))
                .order_by(F("due_at").asc(nulls_last=True), "due_on", "id")[:limit])


def clocks_started_by(gemeente, event: str, subject) -> QuerySet[Clock]:
    """The subject's clocks (running or stopped) of the kinds that `event` starts in the gemeente's profile (its
    crisis clocks)."""
    codes = [spec.code for spec in kinds_for(gemeente.profile.data).values() if spec.start == event]
    return Clock.objects.filter(subject_type=subject._meta.label_lower, subject_id=subject.pk, kind__in=codes)\
        .order_by("id")


def overdue_clocks_per_team(today: dt.date | None = None, now: dt.datetime | None = None) -> list[dict]:
    """Running clocks past their term, counted per gemeente (CBS code) and team (code; None for a clock without a
    team), in one grouped query: the `toegang_clocks_overdue` gauge of /metrics (toegang.monitoring). Overdue as in
    `status_expression`: not stopped, not suspended, past its due moment (hours) or its due date (days). Codes and
    counts only, no subject: this is for monitoring, no personal data is read."""
    today = today or time.today()
    now = now or time.now()
    late = Q(due_at__isnull=False, due_at__lt=now) | Q(due_at__isnull=True, due_on__lt=today)
    return list(Clock.objects.filter(late, stopped_on__isnull=True, suspended_since__isnull=True)
                .values("gemeente__cbs_code", "team__code").annotate(overdue=Count("id"))
                .order_by("gemeente__cbs_code", "team__code"))
