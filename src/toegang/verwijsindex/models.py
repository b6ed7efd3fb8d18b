"""The Verwijsindex risicojongeren (Jeugdwet hoofdstuk 7.1): signals on youths under 23, the matches between them,
and the history of expired signals.

A signal holds only what the law allows (Jeugdwet art. 7.1.1.2 and 7.1.2.x): the youth's BSN, the registering
organisation, its contact person and the date — never anything about the problem. The birth date is kept beside
the BSN only to end the signal when the youth turns 23 (the national index reads it from the BRP; docs/verwijsindex.md).
Whether a signal is active is computed at read time from `expires_on`; `toegang verwijsindex verlopen` then moves
expired signals into the history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop

MATCH_KINDS = [
    ("bsn", gettext_noop("zelfde jeugdige")),
    ("adres", gettext_noop("zelfde adres")),
    ("ouder", gettext_noop("zelfde ouder")),
]

HOW_COORDINATED = [
    ("automatisch", gettext_noop("automatisch, volgens de regel van de gemeente")),
    ("genomen", gettext_noop("zelf op zich genomen")),
    ("toegewezen", gettext_noop("toegewezen door de coördinator")),
]

END_REASONS = [
    ("twee-jaar", gettext_noop("twee jaar na de datum van het signaal")),
    ("23-jaar", gettext_noop("de jeugdige werd 23")),
]


class SignalQuerySet(models.QuerySet):
    def active(self, today):
        """Signals that have not expired on `today` (computed at read time, never a stored flag)."""
        return self.filter(expires_on__gt=today)


class Signal(models.Model):
    """One organisation's signal about one youth (one per organisation and youth: a second one refreshes it)."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    bsn = models.CharField("BSN", max_length=9)
    birth_date = models.DateField("geboortedatum")
    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name="contactpersoon")
    registered_on = models.DateField("datum van het signaal")
    first_registered_on = models.DateField("eerste keer afgegeven op")
    expires_on = models.DateField("vervalt op")
    version = models.PositiveIntegerField(default=1)

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = "signaal"
        verbose_name_plural = "signalen"
        constraints = [models.UniqueConstraint(fields=["gemeente", "bsn", "organisatie"],
                                               name="signal_one_per_organisation")]
        indexes = [models.Index(fields=["contact", "-registered_on", "-id"], name="signal_contact_idx"),
                   models.Index(fields=["expires_on"], name="signal_expires_idx")]

    def __str__(self):
        return f"Signaal {self.pk}"


class SignalKey(models.Model):
    """Where the profile matches on more than the BSN (`verwijsindex.match_op`): the household or a parent of the
    youth at the time of the signal, found through the resident register by BSN."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="keys")
    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=MATCH_KINDS)
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["gemeente", "kind", "key"], name="signalkey_key_idx")]


class Match(models.Model):
    """Two or more active signals of different organisations on the same youth (or, where the profile says so, the
    same address or parent). Its coordinator is set by the profile's rule or taken/assigned by people."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("soort", max_length=10, choices=MATCH_KINDS)
    key = models.CharField(max_length=40)
    created_at = models.DateTimeField()
    signals = models.ManyToManyField(Signal, through="MatchSignal", related_name="matches")
    coordinator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="coördinator")
    coordinator_organisatie = models.ForeignKey("accounts.Organisatie", null=True, blank=True,
                                                on_delete=models.PROTECT, related_name="+")
    coordinated_since = models.DateTimeField(null=True, blank=True)
    coordinated_how = models.CharField(max_length=20, choices=HOW_COORDINATED, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "match"
        verbose_name_plural = "matches"
        constraints = [models.UniqueConstraint(fields=["gemeente", "kind", "key"], name="match_one_per_key")]
        indexes = [models.Index(fields=["gemeente", "coordinator", "created_at"], name="match_coordinator_idx")]

    def __str__(self):
        return f"Match {self.pk}"


class MatchSignal(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="memberships")
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["match", "signal"], name="matchsignal_unique")]
        indexes = [models.Index(fields=["signal"], name="matchsignal_signal_idx")]


class SignalHistory(models.Model):
    """An expired signal, kept for the coordinator for 5 years and then deleted (`toegang verwijsindex verlopen`)."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    bsn = models.CharField("BSN", max_length=9)
    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name="contactpersoon")
    first_registered_on = models.DateField("eerste keer afgegeven op")
    registered_on = models.DateField("datum van het signaal")
    expired_on = models.DateField("vervallen op")
    reason = models.CharField("reden", max_length=20, choices=END_REASONS)
    # the matches it was part of: [{"soort": ..., "coordinator": name, "organisatie": name, "sinds": date}]
    matches = models.JSONField(default=list)
    keep_until = models.DateField("bewaren tot")

    class Meta:
        verbose_name = "verlopen signaal"
        verbose_name_plural = "verlopen signalen"
        indexes = [models.Index(fields=["gemeente", "bsn"], name="signalhistory_bsn_idx"),
                   models.Index(fields=["keep_until"], name="signalhistory_keep_idx")]
