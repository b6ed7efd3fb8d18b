"""ChangeLog and AccessLog: insert-only rows, each with a keyed MAC, sealed into a signed chain.

Each row carries `seq` (its number, from the database sequence, taken before the insert) and `mac` =
HMAC-SHA256 under the audit key (outside the database) over its canonical content, its seq and its subject ids.
A sealer appends `Seal` rows: a keyed hash chain over the MACs of an explicit set of rows. Checkpoints of the
chain heads are written outside the database. `toegang audit verify` checks all of it (docs/audit.md).
Rows are only ever written by `toegang.audit.log`; on PostgreSQL triggers refuse UPDATE and DELETE.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Auditregels zijn onveranderlijk.")

    def delete(self):
        raise PermissionError("Auditregels zijn onveranderlijk.")


class AppendOnly(models.Model):
    seq = models.BigAutoField("volgnummer", primary_key=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    role = models.CharField(max_length=200, blank=True)
    gemeente = models.ForeignKey("accounts.Gemeente", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_ids = models.JSONField(default=list, help_text="inwoner-ids van de betrokken personen")
    mac = models.CharField(max_length=64, help_text="HMAC-SHA256 met de auditsleutel over de inhoud van de regel")

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
        UI = "ui", gettext_noop("gebruikersinterface")
        API = "api", gettext_noop("API")
        EXPORT = "export", gettext_noop("export")
        ADMIN = "admin", gettext_noop("beheer")

    purpose = models.CharField("doel", max_length=200)
    channel = models.CharField("kanaal", max_length=10, choices=Channel.choices)
    resource = models.CharField(max_length=200, blank=True, help_text="wat is bekeken (pad of object)")

    class Meta:
        verbose_name = "inzagelog"
        verbose_name_plural = "inzagelog"


class AccessLogSubject(models.Model):
    """Index of AccessLog by person: 'who looked at this person' is one range scan of the primary key.

    No surrogate id and no other index: (resident_id, log) is the whole row and its only index. The subject ids
    are also inside the MAC of the log row, and verify compares the two.
    """

    pk = models.CompositePrimaryKey("resident_id", "log")
    resident_id = models.BigIntegerField()
    log = models.ForeignKey(AccessLog, on_delete=models.PROTECT, related_name="subjects", db_index=False)

    objects = AppendOnlyQuerySet.as_manager()


class ChangeLogSubject(models.Model):
    pk = models.CompositePrimaryKey("resident_id", "log")
    resident_id = models.BigIntegerField()
    log = models.ForeignKey(ChangeLog, on_delete=models.PROTECT, related_name="subjects", db_index=False)

    objects = AppendOnlyQuerySet.as_manager()


class Seal(models.Model):
    """One link of a log's chain: a keyed hash over the MACs of an explicit set of rows, chained to the previous seal.

    Members are the rows numbered first_seq..last_seq plus the previous seal's open holes, minus this seal's open
    holes (numbers taken by transactions that had not committed when sealing), abandoned holes (never committed
    within the grace period) and rejected rows (MAC invalid: forged). So a row that commits late is sealed later
    instead of being skipped, and a forged row is never sealed.
    """

    class Log(models.TextChoices):
        CHANGE = "change", gettext_noop("wijzigingslog")
        ACCESS = "access", gettext_noop("inzagelog")

    log = models.CharField(max_length=10, choices=Log.choices)
    number = models.BigIntegerField("nummer")
    at = models.DateTimeField()
    first_seq = models.BigIntegerField()
    last_seq = models.BigIntegerField()
    count = models.IntegerField(help_text="aantal verzegelde regels")
    open_holes = models.JSONField(default=list, help_text="[volgnummer, sinds] nog niet vastgelegd")
    abandoned = models.JSONField(default=list, help_text="volgnummers die niet meer verwacht worden")
    rejected = models.JSONField(default=list, help_text="volgnummers van regels met een ongeldige MAC (vervalst)")
    rows_digest = models.CharField(max_length=64)
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "zegel"
        verbose_name_plural = "zegels"
        constraints = [models.UniqueConstraint(fields=["log", "number"], name="audit_seal_one_per_number")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Auditregels zijn onveranderlijk.")
        super().save(*args, **kwargs)


class Redaction(models.Model):
    """The personal data of one audit row taken out when the records it is about were destroyed at the end of their
    retention term (issue 13, item 7; toegang.audit.redaction, docs/retention.md).

    The row keeps its number, its subject ids (pseudonyms once the person is destroyed) and its original MAC, so
    the seals over it still verify; its `old`/`new` (change log) or the free text in its purpose (access log) are
    replaced. This record, keyed with the audit key, says so: the row's MAC before (`original_mac`), the MAC of its
    content after (`content_mac`), and why. Verify accepts a row whose content matches `content_mac` only with a
    valid redaction; any other change still shows. Insert-only, like the rows.
    """

    log = models.CharField(max_length=10, choices=Seal.Log.choices)
    seq = models.BigIntegerField("volgnummer")
    at = models.DateTimeField()
    reason = models.CharField("reden", max_length=200)
    original_mac = models.CharField(max_length=64)
    content_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "geschoonde auditregel"
        verbose_name_plural = "geschoonde auditregels"
        constraints = [models.UniqueConstraint(fields=["log", "seq"], name="audit_redaction_one_per_row")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Auditregels zijn onveranderlijk.")
        super().save(*args, **kwargs)


class Verification(models.Model):
    """The outcome of each `toegang audit verify`, signed, for the privacy officer's page."""

    at = models.DateTimeField()
    intact = models.BooleanField()
    summary = models.TextField()
    mac = models.CharField(max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "controle auditketen"
        verbose_name_plural = "controles auditketen"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Auditregels zijn onveranderlijk.")
        super().save(*args, **kwargs)


class RightsRequest(models.Model):
    """A resident's request under the AVG, as the privacy officer records it (issue 13, item 8): access (art. 15),
    answered with the export of everything Toegang holds about them, or correction (art. 16), with its decision.
    The answer is due within a month of receipt (AVG art. 12(3)). The export itself is not kept (it would copy
    every personal data once more): its SHA-256 and size are, so the copy the resident received can be recognised."""

    class Kind(models.TextChoices):
        INZAGE = "inzage", gettext_noop("inzage (AVG art. 15)")
        CORRECTIE = "correctie", gettext_noop("correctie (AVG art. 16)")

    class Outcome(models.TextChoices):
        OPEN = "open", gettext_noop("nog niet besloten")
        TOEGEWEZEN = "toegewezen", gettext_noop("toegewezen")
        DEELS = "deels", gettext_noop("deels toegewezen")
        AFGEWEZEN = "afgewezen", gettext_noop("afgewezen")
        VERSTREKT = "verstrekt", gettext_noop("export verstrekt")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    resident = models.ForeignKey("persons.Resident", on_delete=models.PROTECT, related_name="rights_requests")
    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField("ontvangen op")
    due_on = models.DateField("uiterlijk beantwoorden op")
    request = models.TextField("verzoek", blank=True, help_text="wat de inwoner vraagt (bij correctie: wat te verbeteren)")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    decision = models.TextField("besluit en motivering", blank=True)
    decided_on = models.DateField(null=True, blank=True)
    export_sha256 = models.CharField(max_length=64, blank=True)
    export_bytes = models.PositiveIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "AVG-verzoek"
        verbose_name_plural = "AVG-verzoeken"
        indexes = [models.Index(fields=["resident", "received_on"], name="rightsrequest_resident_idx")]
