"""Clocks: a statutory or standard term running on a subject (melding, aanvraag, casus, …).

The due date and the 'warn from' date are derived from the start, the term, suspensions and extensions, and
rewritten by the actions whenever one of those changes. A term in hours (a crisis: "24u") also has a due moment
(`due_at`, from `started_at`): its due date is that moment's Dutch date. Status (ok / due soon / overdue / suspended /
met / met late) is never stored: queries compute it from the dates and today, or for an hours clock from `due_at`
and now (deadlines.queries.with_status).
"""

from django.conf import settings
from django.db import models


class Clock(models.Model):
    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="clocks")
    kind = models.CharField("soort", max_length=40)
    label = models.CharField("omschrijving", max_length=200)
    source = models.CharField("bron", max_length=100)
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    household = models.ForeignKey("persons.Household", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="clocks")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="clocks")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="clocks")
    started_on = models.DateField("gestart op")
    started_at = models.DateTimeField("gestart om", null=True, blank=True)
    term = models.CharField("termijn", max_length=10)
    atw = models.BooleanField(default=True)
    due_on = models.DateField("uiterste datum")
    due_at = models.DateTimeField("uiterste moment", null=True, blank=True, help_text="alleen bij een termijn in uren")
    warn_on = models.DateField("signaal vanaf")
    suspended_since = models.DateField("opgeschort sinds", null=True, blank=True)
    stopped_on = models.DateField("gestopt op", null=True, blank=True)
    stopped_at = models.DateTimeField("gestopt om", null=True, blank=True)
    stop_reason = models.CharField(max_length=200, blank=True)
    extensions_used = models.PositiveSmallIntegerField(default=0)
    max_extensions = models.PositiveSmallIntegerField(default=0)
    warn_days = models.PositiveSmallIntegerField(default=5)

    class Meta:
        verbose_name = "termijn"
        verbose_name_plural = "termijnen"
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="clock_subject_idx"),
            models.Index(fields=["owner", "stopped_on", "due_on"], name="clock_owner_idx"),
            models.Index(fields=["team", "stopped_on", "due_on"], name="clock_team_idx"),
        ]


class ClockSuspension(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="suspensions")
    since = models.DateField("opgeschort op")
    until = models.DateField("hervat op", null=True, blank=True)
    reason = models.CharField("reden", max_length=500)

    class Meta:
        verbose_name = "opschorting van een termijn"
        verbose_name_plural = "opschortingen van termijnen"


class ClockExtension(models.Model):
    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="extensions")
    term = models.CharField("verlenging", max_length=10)
    reason = models.CharField("reden", max_length=500)
    notified_on = models.DateField("bericht aan inwoner op", null=True, blank=True)
    recorded_on = models.DateField()

    class Meta:
        verbose_name = "verlenging van een termijn"
        verbose_name_plural = "verlengingen van termijnen"
