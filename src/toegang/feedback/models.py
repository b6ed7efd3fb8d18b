"""Complaints with their route (internal handling, then e.g. the sociale ombudsman) and satisfaction answers at the
closure of a case (Krimpen seed 002 §3.4.3, ch. 5 items 12 and 13; docs/feedback.md). Rows keep the stage codes and
names they had when written, so history stays readable when the profile changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop


class Complaint(models.Model):
    """A resident's complaint about how they were treated in a case (Awb 9:1: "over de wijze waarop een
    bestuursorgaan zich ... heeft gedragen"). It stands at one stage of the profile's route at a time; each stage
    it passed is a ComplaintHandling."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="complaints")
    household = models.ForeignKey("persons.Household", on_delete=models.PROTECT, related_name="complaints",
                                  verbose_name="huishouden")
    about = models.CharField("waarover", max_length=1000)
    against = models.ForeignKey("accounts.Organisatie", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name="over de partij")
    received_on = models.DateField("ontvangen op")
    stage = models.PositiveSmallIntegerField("stap", help_text="1 = de eigen klachtbehandeling")
    stage_code = models.CharField(max_length=40)
    stage_name = models.CharField("naam van de stap", max_length=200)
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "klacht"
        verbose_name_plural = "klachten"
        indexes = [models.Index(fields=["gemeente", "received_on"], name="complaint_received_idx")]

    def __str__(self):
        return f"Klacht {self.pk}"


class ComplaintHandling(models.Model):
    """One stage of a complaint: when it began there, its outcome and when that was given."""

    class Outcome(models.TextChoices):
        GEGROND = "gegrond", gettext_noop("gegrond")
        DEELS = "deels-gegrond", gettext_noop("deels gegrond")
        ONGEGROND = "ongegrond", gettext_noop("ongegrond")
        INGETROKKEN = "ingetrokken", gettext_noop("ingetrokken")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="handlings")
    stage = models.PositiveSmallIntegerField("stap")
    stage_code = models.CharField(max_length=40)
    stage_name = models.CharField("naam van de stap", max_length=200)
    started_on = models.DateField("begonnen op")
    outcome = models.CharField("uitkomst", max_length=20, choices=Outcome.choices, blank=True)
    explanation = models.CharField("toelichting", max_length=1000, blank=True)
    concluded_on = models.DateField("afgehandeld op", null=True, blank=True)
    clock = models.ForeignKey("deadlines.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text="de termijn van de eigen klachtbehandeling (Awb 9:11)")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+", help_text="wie de uitkomst vastlegde")

    class Meta:
        verbose_name = "behandeling van een klacht"
        verbose_name_plural = "behandelingen van klachten"
        constraints = [models.UniqueConstraint(fields=["complaint", "stage"], name="complaint_one_handling_per_stage")]


class SatisfactionAnswer(models.Model):
    """The household's answer to the satisfaction question when its case closed (ch. 5 item 13): a score on the
    profile's scale and optionally what they said. One per closure of the case."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="satisfaction_answers")
    household = models.ForeignKey("persons.Household", on_delete=models.PROTECT,
                                  related_name="satisfaction_answers", verbose_name="huishouden")
    score = models.PositiveSmallIntegerField("cijfer")
    scale = models.PositiveSmallIntegerField("schaal", help_text="het hoogste cijfer (profiel tevredenheid.schaal_max)")
    remark = models.CharField("toelichting", max_length=1000, blank=True)
    answered_on = models.DateField("beantwoord op")
    case_closed_at = models.DateTimeField(help_text="de afsluiting waarop het antwoord hoort")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "antwoord tevredenheidsmeting"
        verbose_name_plural = "antwoorden tevredenheidsmeting"
        constraints = [models.UniqueConstraint(fields=["casus", "case_closed_at"], name="satisfaction_one_per_closure"),
                       models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=models.F("scale")),
                                              name="satisfaction_score_on_scale")]
        indexes = [models.Index(fields=["gemeente", "answered_on"], name="satisfaction_answered_idx")]
