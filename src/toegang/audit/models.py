"""ChangeLog and AccessLog: append-only and hash-chained.

Each row carries `seq` (its place in the chain), `prev_hash` and `hash` = SHA-256 over the canonical JSON of
its content plus `prev_hash`. Editing or deleting any row breaks the chain at that row, which
`toegang audit verify` reports. Rows are only ever written by `toegang.audit.log`.
"""

from django.conf import settings
from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Auditregels zijn onveranderlijk.")

    def delete(self):
        raise PermissionError("Auditregels zijn onveranderlijk.")


class AppendOnly(models.Model):
    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    role = models.CharField(max_length=200, blank=True)
    gemeente = models.ForeignKey("accounts.Gemeente", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_ids = models.JSONField(default=list, help_text="inwoner-ids van de betrokken personen")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Auditregels zijn onveranderlijk.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Auditregels zijn onveranderlijk.")


class ChangeLog(AppendOnly):
    """One row per domain event, written in the same transaction as the change."""

    event = models.CharField("gebeurtenis", max_length=80, db_index=True)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=40)
    old = models.JSONField(null=True, blank=True)
    new = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = "wijzigingslog"
        verbose_name_plural = "wijzigingslog"
        indexes = [models.Index(fields=["object_type", "object_id"])]


class AccessLog(AppendOnly):
    """One row per read of personal data (a page or API response, an export file)."""

    class Channel(models.TextChoices):
        UI = "ui", "gebruikersinterface"
        API = "api", "API"
        EXPORT = "export", "export"
        ADMIN = "admin", "beheer"

    purpose = models.CharField("doel", max_length=200)
    channel = models.CharField("kanaal", max_length=10, choices=Channel.choices)
    resource = models.CharField(max_length=200, blank=True, help_text="wat is bekeken (pad of object)")

    class Meta:
        verbose_name = "inzagelog"
        verbose_name_plural = "inzagelog"


class AccessLogSubject(models.Model):
    """Index of AccessLog by person, so 'who looked at this person' is one indexed query."""

    log = models.ForeignKey(AccessLog, on_delete=models.PROTECT, related_name="subjects")
    resident_id = models.BigIntegerField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["resident_id", "log"])]


class ChangeLogSubject(models.Model):
    log = models.ForeignKey(ChangeLog, on_delete=models.PROTECT, related_name="subjects")
    resident_id = models.BigIntegerField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["resident_id", "log"])]
