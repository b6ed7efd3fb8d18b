"""Clock status, computed from the dates in the query (never stored)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When

from toegang.core import clock as time

from .models import Clock


def status_expression(today: dt.date, prefix: str = "") -> Case:
    p = prefix
    return Case(
        When(Q(**{f"{p}stopped_on__isnull": False, f"{p}stopped_on__lte": F(f"{p}due_on")}), then=Value("op-tijd-afgerond")),
        When(Q(**{f"{p}stopped_on__isnull": False}), then=Value("te-laat-afgerond")),
        When(Q(**{f"{p}suspended_since__isnull": False}), then=Value("opgeschort")),
        When(Q(**{f"{p}due_on__lt": today}), then=Value("verlopen")),
        When(Q(**{f"{p}warn_on__lte": today}), then=Value("bijna")),
        default=Value("ok"),
        output_field=CharField(),
    )


def with_status(qs: QuerySet[Clock], today: dt.date | None = None) -> QuerySet[Clock]:
    return qs.annotate(status=status_expression(today or time.today()))


def status_of(clock: Clock, today: dt.date | None = None) -> str:
    """The same rule in Python, for one clock already in memory."""
    today = today or time.today()
    if clock.stopped_on:
        return "op-tijd-afgerond" if clock.stopped_on <= clock.due_on else "te-laat-afgerond"
    if clock.suspended_since:
        return "opgeschort"
    if clock.due_on < today:
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
