from django.conf import settings
from django.db import models


class Measurement(models.Model):
    """One scoring of an instrument (the ZRM) for one person, within a case. Repeatable; never edited."""

    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="measurements")
    resident = models.ForeignKey("persons.Resident", on_delete=models.PROTECT, related_name="measurements")
    instrument = models.CharField(max_length=20, default="zrm")
    measured_on = models.DateField("gemeten op")
    scores = models.JSONField("scores", help_text="levensgebied -> niveau; niet gescoorde gebieden ontbreken")
    note = models.CharField("toelichting", max_length=1000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "meting"
        verbose_name_plural = "metingen"
        indexes = [models.Index(fields=["resident", "instrument", "measured_on"], name="measurement_person_idx")]

    @property
    def average(self) -> float | None:
        values = [v for v in self.scores.values() if v]
        return round(sum(values) / len(values), 2) if values else None
