"""Procesregie (issue 12): who directs the process of a case beside its case director.

What stalls is never stored: the signals are computed from the data when read (direction/queries.py)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ProcessDirector(models.Model):
    """A process director (procesregisseur) of a case, beside its case director: stands outside the family, watches
    progress and steps in (Stadskanaal seed 004 §3.6–3.8); Krimpen has three kinds (jeugd, volwassenen,
    doorzettingsmacht burgemeester; seed 002 §3.2.2). `kind` is a code of the profile's `procesregie.soorten`.
    One current process director per case (until is NULL), enforced by the database."""

    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="process_directors")
    medewerker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="process_directed")
    kind = models.CharField("soort", max_length=40)
    since = models.DateTimeField("sinds")
    until = models.DateTimeField("tot", null=True, blank=True)
    reason = models.CharField("reden", max_length=500, blank=True)
    end_reason = models.CharField("reden van beëindigen", max_length=500, blank=True)

    class Meta:
        verbose_name = "procesregisseur van een casus"
        verbose_name_plural = "procesregisseurs van casussen"
        constraints = [models.UniqueConstraint(fields=["casus"], condition=Q(until__isnull=True),
                                               name="direction_one_current_process_director")]
        indexes = [
            # "Mijn casussen": the cases I am process director of, small however many cases there are
            models.Index(fields=["medewerker", "casus"], condition=Q(until__isnull=True),
                         name="direction_current_pd_idx"),
        ]
