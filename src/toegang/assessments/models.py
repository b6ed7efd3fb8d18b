from django.conf import settings
from django.db import models

# The parts of the kitchen-table report per life domain (vraagverheldering).
CLARIFICATION_PARTS = [("situatie", "Situatie"), ("eigen_kracht", "Eigen kracht"), ("netwerk", "Netwerk"),
                       ("eerdere_hulp", "Eerdere hulp en resultaat"), ("wensen", "Wensen")]


class Measurement(models.Model):
    """One scoring of an instrument (the ZRM) for one person, within a case. Repeatable; never edited."""

    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="measurements")
    resident = models.ForeignKey("persons.Resident", on_delete=models.PROTECT, related_name="measurements")
    instrument = models.CharField(max_length=20, default="zrm")
    measured_on = models.DateField("gemeten op")
    scores = models.JSONField("scores", help_text="levensgebied -> niveau; niet gescoorde gebieden ontbreken")
    note = models.CharField("toelichting", max_length=1000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+", help_text="leeg bij het systeem (import, taak)")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "meting"
        verbose_name_plural = "metingen"
        indexes = [models.Index(fields=["resident", "instrument", "measured_on"], name="measurement_person_idx")]

    @property
    def average(self) -> float | None:
        values = [v for v in self.scores.values() if v]
        return round(sum(values) / len(values), 2) if values else None


class SafetyAssessment(models.Model):
    """Signs of Safety (seed 004 §3.5–3.6): worries, what goes well, what must happen, and where we are on a scale
    of 0 (nothing of the safe situation) to 10 (the safe situation); with the Krimpen checklist (seed 002 §5.3)."""

    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="safety_assessments")
    assessed_on = models.DateField("beoordeeld op")
    worries = models.TextField("zorgen")
    going_well = models.TextField("wat gaat goed")
    must_happen = models.TextField("wat moet er gebeuren")
    scale = models.PositiveSmallIntegerField("schaalvraag (0–10)")
    checklist = models.JSONField("veiligheidschecklist", default=list)
    child_under_five = models.BooleanField("kind onder 5 (bij beoordeling)", default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+", help_text="leeg bij het systeem (import, taak)")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "veiligheidsbeoordeling"
        verbose_name_plural = "veiligheidsbeoordelingen"


class Clarification(models.Model):
    """The kitchen-table conversation (vraagverheldering): per life domain the situation, own strength, network,
    earlier help and its results, and wishes. Repeatable; the latest counts."""

    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="clarifications")
    held_on = models.DateField("gesprek op")
    participants = models.CharField("deelnemers", max_length=500)
    domains = models.JSONField("per levensgebied",
                               help_text="levensgebied -> {situatie, eigen_kracht, netwerk, eerdere_hulp, wensen}")
    summary = models.TextField("de eigenlijke vraag", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+", help_text="leeg bij het systeem (import, taak)")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "vraagverheldering"
        verbose_name_plural = "vraagverhelderingen"
