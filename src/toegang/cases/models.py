"""The case (casus) of a household. This issue opens it from triage; the case issue deepens it."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Casus(models.Model):
    class Status(models.TextChoices):
        AANGEMELD = "aangemeld", "aangemeld"
        VRAAGVERHELDERING = "vraagverheldering", "vraagverheldering"
        PLAN = "plan", "plan"
        UITVOERING = "uitvoering", "uitvoering"
        EVALUATIE = "evaluatie", "evaluatie"
        AFGESLOTEN = "afgesloten", "afgesloten"

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="casussen")
    household = models.ForeignKey("persons.Household", on_delete=models.PROTECT, related_name="casussen")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="casussen")
    case_director = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="directed_cases", verbose_name="casusregisseur")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AANGEMELD)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "casus"
        verbose_name_plural = "casussen"
        constraints = [
            # One household, one open case per gemeente (één gezin, één plan, één regisseur).
            models.UniqueConstraint(fields=["gemeente", "household"], condition=~Q(status="afgesloten"),
                                    name="casus_one_open_per_household"),
        ]

    def __str__(self):
        return f"Casus {self.pk}"
