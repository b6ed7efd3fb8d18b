"""Tasks for a team or a person, and in-app notifications."""

from django.conf import settings
from django.db import models


class Task(models.Model):
    class Kind(models.TextChoices):
        VEILIGHEID = "veiligheid", "veiligheid: meldcode-route"
        OUTREACH = "outreach", "er op af (zorgmijder)"
        CRISIS = "crisis", "crisis"
        CONTACT = "contact", "contact opnemen"
        HERBEOORDELING = "herbeoordeling", "herbeoordeling: besluit loopt af"
        ANDERS = "anders", "anders"

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="tasks")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="tasks")
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    title = models.CharField("taak", max_length=200)
    melding = models.ForeignKey("intake.Melding", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    household = models.ForeignKey("persons.Household", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="tasks")
    casus = models.ForeignKey("cases.Casus", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks")
    due_on = models.DateField("uiterlijk")
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "taak"
        verbose_name_plural = "taken"
        indexes = [models.Index(fields=["team", "done_at", "due_on"], name="task_team_idx"),
                   models.Index(fields=["assignee", "done_at", "due_on"], name="task_assignee_idx")]


class NotificationQuerySet(models.QuerySet):
    def open_for(self, user_id: int | None):
        """What Mijn werk lists: the recipient's notifications neither read nor resolved (the work is handled)."""
        return self.filter(recipient_id=user_id, read_at__isnull=True, resolved_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField("bericht", max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    # The work the notification asks for ("provisions.indicatie", 12). When that work is handled the action that
    # handles it resolves every notification about it (tasks.actions.do_resolve_notifications): a proposal decided
    # by one mandate holder no longer waits in the others' Mijn werk.
    subject_type = models.CharField(max_length=50, blank=True, default="")
    subject_id = models.BigIntegerField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notificatie"
        verbose_name_plural = "notificaties"
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
                   models.Index(fields=["subject_type", "subject_id"], name="notification_subject_idx")]
