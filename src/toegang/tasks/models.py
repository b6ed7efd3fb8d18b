"""Tasks for a team or a person, and in-app notifications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop


class ShownInPageLanguage(models.Model):
    """Text the system writes for a person (a notification, a task it creates) is stored Dutch, as the change log
    reads it, and kept as its message (`template`, marked with gettext_noop where it is written) with the values
    (`params`), so a page in English shows it in English (issue 11, point 12). Text a person typed has no template."""

    template = models.CharField(max_length=300, blank=True, default="")
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def _shown(self, stored: str) -> str:
        if not self.template:
            return stored
        try:
            return gettext(self.template) % self.params
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder never hides the work
            return stored


class Task(ShownInPageLanguage):
    class Kind(models.TextChoices):
        VEILIGHEID = "veiligheid", gettext_noop("veiligheid: meldcode-route")
        OUTREACH = "outreach", gettext_noop("er op af (zorgmijder)")
        CRISIS = "crisis", gettext_noop("crisis")
        CONTACT = "contact", gettext_noop("contact opnemen")
        HERBEOORDELING = "herbeoordeling", gettext_noop("herbeoordeling: besluit loopt af")
        ANDERS = "anders", gettext_noop("anders")

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

    @property
    def shown(self) -> str:
        return self._shown(self.title)


class NotificationQuerySet(models.QuerySet):
    def open_for(self, user_id: int | None):
        """What Mijn werk lists and the header counts as unread: the recipient's notifications neither read nor
        resolved (the work they announced is handled)."""
        return self.filter(recipient_id=user_id, read_at__isnull=True, resolved_at__isnull=True)


class Notification(ShownInPageLanguage):
    class Kind(models.TextChoices):  # what the inbox filters on and what may go by e-mail (issue 12, point 8)
        TOEGEWEZEN = "toegewezen", gettext_noop("aan mij toegewezen")
        GEESCALEERD = "geescaleerd", gettext_noop("naar mij geëscaleerd")
        MATCH = "match", gettext_noop("match op mijn signaal")
        UITNODIGING = "uitnodiging", gettext_noop("uitnodiging voor een casusoverleg")
        TERMIJN = "termijn", gettext_noop("termijn verloopt binnenkort")
        # to the privacy officer: someone opened a household outside their scope (break-the-glass); in the inbox
        # only, not by e-mail: the text carries the reason typed, which may name the resident
        NOODTOEGANG = "noodtoegang", gettext_noop("noodtoegang (break-the-glass)")
        OVERIG = "overig", gettext_noop("overig")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField("bericht", max_length=300)
    kind = models.CharField("soort", max_length=20, choices=Kind.choices, default=Kind.OVERIG)
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
                   models.Index(fields=["subject_type", "subject_id"], name="notification_subject_idx"),
                   # the inbox (/berichten/): one person's notifications, newest first, a page at a time
                   models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox_idx")]

    @property
    def shown(self) -> str:
        return self._shown(self.text)

    @property
    def is_unread(self) -> bool:
        return self.read_at is None and self.resolved_at is None


# The kinds that also go by e-mail to the recipient (issue 12, point 8: assigned to me, escalated to me, match on my
# signal, conference invitation, clock due soon). OVERIG stays in the inbox only.
MAILED_KINDS = frozenset({Notification.Kind.TOEGEWEZEN, Notification.Kind.GEESCALEERD, Notification.Kind.MATCH,
                          Notification.Kind.UITNODIGING, Notification.Kind.TERMIJN})
