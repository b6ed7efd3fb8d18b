"""A background job: what runs (its kind and arguments, never personal data), how far it is, how often it was tried
and why it failed last. Written only by jobs/actions.py; read on the page Achtergrondtaken (functional
administration) and by metrics (jobs/queries.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "ingepland", _("Ingepland")
        RUNNING = "bezig", _("Bezig")
        RETRYING = "opnieuw", _("Wacht op een nieuwe poging")
        DONE = "klaar", _("Klaar")
        FAILED = "mislukt", _("Mislukt")

    kind = models.CharField(_("soort"), max_length=60)  # jobs/kinds.py
    arguments = models.JSONField(_("argumenten"), default=list, blank=True)
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("hoogstens pogingen"))
    last_error = models.CharField(_("laatste fout"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("ingepland op"))
    started_at = models.DateTimeField(_("laatste poging begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")
        indexes = [models.Index(fields=["state", "created_at"], name="job_state_created")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
