"""The household's plan (gezinsplan / ondersteuningsplan): one per case, every change a new immutable version.

A version's content is a snapshot: {"goals": [...], "actions": [...], "evaluations": [...]}; goals have a stable
`id` across versions so differences and goal attainment can be followed. The plan belongs to the household: an
agreed version records when, how and by whom it was agreed.
"""

import datetime as dt

from django.conf import settings
from django.db import models


class Plan(models.Model):
    casus = models.OneToOneField("cases.Casus", on_delete=models.PROTECT, related_name="plan")
    created_at = models.DateTimeField()
    # What process direction reads of the current plan of every open case (issue 12), kept with the plan in the
    # transaction that writes each version (plans/actions._new_version; a version never changes): the day the
    # household first agreed to a version, when the newest version was written, its last planned evaluation and
    # the earliest target date of a goal in it that is still open.
    agreed_on = models.DateField(null=True, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    evaluation_on = models.DateField(null=True, blank=True)
    open_goal_due_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "plan"
        verbose_name_plural = "plannen"


class PlanVersion(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("versie")
    content = models.JSONField(default=dict)
    change = models.CharField("wijziging", max_length=300)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", help_text="leeg bij het systeem (import, taak)")
    agreed_on = models.DateField("akkoord op", null=True, blank=True)
    agreed_how = models.CharField("akkoord hoe", max_length=40, blank=True)
    agreed_by = models.CharField("akkoord door", max_length=300, blank=True)

    class Meta:
        verbose_name = "planversie"
        verbose_name_plural = "planversies"
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number")]
        ordering = ["plan", "number"]


CLOSED_GOAL = ("bereikt", "niet-bereikt")  # plans/actions.py GOAL_STATUS: reached or not, the goal is done


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def dates_of(content: dict) -> tuple[dt.date | None, dt.date | None]:
    """(the last planned evaluation, the earliest target date of a goal not reached or closed) of a content."""
    evaluations = [d for d in (_day(e.get("date")) for e in content.get("evaluations") or []) if d]
    targets = [d for d in (_day(g.get("target_date")) for g in content.get("goals") or []
                           if (g.get("status") or "open") not in CLOSED_GOAL) if d]
    return (max(evaluations) if evaluations else None, min(targets) if targets else None)
