"""Retention and destruction (issue 13, item 7; docs/retention.md).

A closed file is due for destruction when the retention term of its kind (profile data, `bewaartermijnen`, with the
legal source) has passed since it closed. One person draws up a destruction list of what is due; another confirms it
(four eyes) and only then is it destroyed, in one transaction with the redaction of the audit rows about it. The list
stays as the statement of destruction (Archiefbesluit 1995 art. 8: a verklaring van vernietiging with what was
destroyed): numbers, dates, terms and sources, no personal data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop


class Kind(models.TextChoices):
    CASUS = "casus", gettext_noop("casus")
    MELDING = "melding", gettext_noop("melding zonder casus")


class DestructionList(models.Model):
    class Status(models.TextChoices):
        OPGESTELD = "opgesteld", gettext_noop("wacht op bevestiging")
        UITGEVOERD = "uitgevoerd", gettext_noop("vernietigd")
        AFGEWEZEN = "afgewezen", gettext_noop("afgewezen")

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    reference_date = models.DateField("peildatum")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPGESTELD)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField("reden van afwijzen", blank=True)
    # after destruction: rows destroyed per kind of record, households and persons destroyed, audit rows redacted
    result = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "vernietigingslijst"
        verbose_name_plural = "vernietigingslijsten"
        indexes = [models.Index(fields=["gemeente", "status", "proposed_at"], name="destructionlist_gemeente_idx")]


class DestructionItem(models.Model):
    class Outcome(models.TextChoices):
        VOORGESTELD = "voorgesteld", gettext_noop("te vernietigen")
        VERNIETIGD = "vernietigd", gettext_noop("vernietigd")
        UITGEZONDERD = "uitgezonderd", gettext_noop("langer bewaard")
        BEWAARD = "bewaard", gettext_noop("bewaard: niet meer te vernietigen")

    destruction_list = models.ForeignKey(DestructionList, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField("nummer")
    laws = models.JSONField("wetten", default=list)
    closed_on = models.DateField("afgesloten op")
    term_years = models.PositiveSmallIntegerField("bewaartermijn (jaren)")
    source = models.CharField("grondslag", max_length=300)
    due_on = models.DateField("te vernietigen vanaf")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.VOORGESTELD)
    note = models.CharField("toelichting", max_length=500, blank=True)

    class Meta:
        verbose_name = "te vernietigen dossier"
        verbose_name_plural = "te vernietigen dossiers"
        constraints = [models.UniqueConstraint(fields=["destruction_list", "kind", "object_id"],
                                               name="destructionitem_once_per_list")]
        indexes = [models.Index(fields=["kind", "object_id"], name="destructionitem_object_idx")]


class RetentionHold(models.Model):
    """A file kept beyond its term, with the reason (Jeugdwet art. 7.3.8: 'of zoveel langer als redelijkerwijs in
    verband met de zorgvuldigheid van goede hulpverlening voortvloeit'; a pending objection or lawsuit; a request of
    the resident). Not due until `until`."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    object_id = models.BigIntegerField("nummer")
    until = models.DateField("bewaren tot")
    reason = models.CharField("reden", max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "langer bewaren"
        verbose_name_plural = "langer bewaren"
        indexes = [models.Index(fields=["kind", "object_id", "until"], name="retentionhold_object_idx")]
