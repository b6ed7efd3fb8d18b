"""Escalatie en doorzettingsmacht (issue 12 points 3 and 12): where a case stands on its gemeente's escalation
ladder, every step up or down with its reason, and binding decisions. The ladder itself is profile data
(escalation/ladders.py); a row keeps the codes and names it had when written, so history stays readable when the
profile changes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop


class Escalation(models.Model):
    """A case on a ladder above its first level. Opened by the first escalation, closed when it is de-escalated to
    the first level again (or the case closes). At most one open per case (database constraint)."""

    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="escalations")
    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    ladder = models.CharField("ladder", max_length=15)
    ladder_name = models.CharField("naam van de ladder", max_length=200)
    level = models.PositiveSmallIntegerField("niveau", help_text="1 = het eerste niveau van de ladder")
    level_code = models.CharField(max_length=14)
    level_name = models.CharField("naam van het niveau", max_length=200)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "escalatie"
        verbose_name_plural = "escalaties"
        constraints = [models.UniqueConstraint(fields=["casus"], condition=Q(closed_at__isnull=True),
                                               name="escalation_one_open_per_case")]
        indexes = [models.Index(fields=["gemeente", "ladder", "level"], condition=Q(closed_at__isnull=True),
                                name="escalation_open_idx"),
                   # the API list's order, newest first (issue 16: every list reads its page from an index)
                   models.Index(fields=["-opened_at", "-id"], name="escalation_list_idx")]

    def __str__(self):
        return f"Escalatie {self.pk}"


class EscalationStep(models.Model):
    class Kind(models.TextChoices):  # labels in the catalogue, shown in the page's language
        OPGESCHAALD = "opgeschaald", gettext_noop("opgeschaald")
        AFGESCHAALD = "afgeschaald", gettext_noop("afgeschaald")
        OPGEPAKT = "opgepakt", gettext_noop("opgepakt")

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField("soort", max_length=12, choices=Kind.choices)
    from_level = models.PositiveSmallIntegerField("van niveau")
    to_level = models.PositiveSmallIntegerField("naar niveau")
    level_name = models.CharField("naam van het niveau", max_length=200)
    reason = models.TextField("reden")
    signals = models.JSONField("signalen", default=list, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    clock = models.ForeignKey("deadlines.Clock", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text="de reactietermijn van het niveau waarnaar is opgeschaald")

    class Meta:
        verbose_name = "escalatiestap"
        verbose_name_plural = "escalatiestappen"
        indexes = [models.Index(fields=["escalation", "at"], name="escalation_step_idx")]


class BindingDecision(models.Model):
    """Doorzettingsmacht: after hearing the parties, a decision binding on the named organisations (G7 seed §3.5,
    Almere: "na alle partijen gehoord te hebben, een beslissing … die voor alle partijen bindend is"; Krimpen
    §3.2.2: the procesregisseur doorzettingsmacht burgemeester may take the case over)."""

    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="binding_decisions")
    escalation = models.ForeignKey(Escalation, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="binding_decisions")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("besloten op")
    decision = models.TextField("besluit")
    heard = models.TextField("gehoord", blank=True, help_text="wie is gehoord (vrije tekst)")
    heard_professionals = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                                 verbose_name="gehoorde betrokken professionals")
    organisations = models.ManyToManyField("accounts.Organisatie", related_name="+",
                                           verbose_name="bindend voor")
    takes_over = models.BooleanField("neemt de casus over", default=False)
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "bindend besluit"
        verbose_name_plural = "bindende besluiten"
