"""The household's plan (gezinsplan / ondersteuningsplan): one per case, every change a new immutable version.

A version's content is a snapshot: {"goals": [...], "actions": [...], "evaluations": [...]}; goals have a stable
`id` across versions so differences and goal attainment can be followed. The plan belongs to the household: an
agreed version records when, how and by whom it was agreed.
"""

from django.conf import settings
from django.db import models


class Plan(models.Model):
    casus = models.OneToOneField("cases.Casus", on_delete=models.PROTECT, related_name="plan")
    created_at = models.DateTimeField()

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
