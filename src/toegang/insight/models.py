from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop


class ExportJob(models.Model):
    """A long export that runs in the background (the whole dashboard as one workbook): who asked, with which
    filters, how far it is (sections done of all) and the file when it is ready. Counts only: no personal data."""

    class Status(models.TextChoices):  # labels in the catalogue, shown in the page's language
        WACHT = "wacht", gettext_noop("wacht")
        BEZIG = "bezig", gettext_noop("bezig")
        KLAAR = "klaar", gettext_noop("klaar")
        MISLUKT = "mislukt", gettext_noop("mislukt")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    gemeente_ids = models.JSONField("gemeenten", default=list)
    params = models.JSONField("selectie", default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    done = models.PositiveIntegerField("gedaan", default=0)
    total = models.PositiveIntegerField("totaal", default=0)
    content = models.BinaryField("bestand", null=True, blank=True)
    filename = models.CharField("bestandsnaam", max_length=200, blank=True)
    error = models.CharField("fout", max_length=500, blank=True)
    created_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "export"
        verbose_name_plural = "exports"
        indexes = [models.Index(fields=["requested_by", "created_at"], name="exportjob_requester_idx")]

    def __str__(self):
        return f"Export {self.pk}"
