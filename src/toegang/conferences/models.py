"""Casusoverleg (issue 12, point 4): a case conference — casusoverleg, MDO, 1 Gezin 1 Plan-gezinsoverleg — on one
case, with its invitees (professionals, the household, its network), and once held its minutes, decisions and the
actions that went into the plan.

The kinds of conference are profile data (`casusoverleg.soorten`, conferences/kinds.py). A conference is planned
(gepland), then held (gehouden: minutes, decisions and actions recorded) or cancelled (geannuleerd, with a reason);
several people may act on it, so it carries an optimistic `version` (core/versioning.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop  # labels stored Dutch, shown in the page's language


class Conference(models.Model):
    class Status(models.TextChoices):
        GEPLAND = "gepland", gettext_noop("gepland")
        GEHOUDEN = "gehouden", gettext_noop("gehouden")
        GEANNULEERD = "geannuleerd", gettext_noop("geannuleerd")

    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="conferences")
    kind = models.CharField("soort overleg", max_length=40, help_text="code uit het profiel (casusoverleg.soorten)")
    reason = models.TextField("aanleiding")
    starts_at = models.DateTimeField("datum en tijd")
    place = models.CharField("plaats", max_length=200)
    agenda = models.TextField("agenda", blank=True)
    # Seed 000 §3.1 (Bergen, R-8): the meeting is held "bij voorkeur in aanwezigheid van de inwoner"; leaving the
    # household out is a choice with a reason.
    family_absent_reason = models.CharField("reden dat het huishouden niet is uitgenodigd", max_length=1000,
                                            blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.GEPLAND)
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="belegd door")
    created_at = models.DateTimeField()
    minutes = models.TextField("verslag", blank=True)
    decisions = models.JSONField("besluiten", default=list, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    plan_version = models.PositiveIntegerField("planversie met de acties", null=True, blank=True)
    cancel_reason = models.CharField("reden van annuleren", max_length=1000, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "casusoverleg"
        verbose_name_plural = "casusoverleggen"
        indexes = [models.Index(fields=["casus", "starts_at"], name="conference_case_idx"),
                   # the API list's order, newest first (issue 16: every list reads its page from an index)
                   models.Index(fields=["-starts_at", "-id"], name="conference_list_idx")]

    def __str__(self):
        return f"Casusoverleg {self.pk}"


class Invitee(models.Model):
    """One invitee: a staff member (told in the system), a member of the household or someone of its network."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", gettext_noop("professional")
        HUISHOUDEN = "huishouden", gettext_noop("huishouden")
        NETWERK = "netwerk", gettext_noop("netwerk")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="invitees")
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    medewerker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="conference_invitations")
    resident = models.ForeignKey("persons.Resident", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    network_member = models.ForeignKey("persons.NetworkMember", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    name = models.CharField("naam", max_length=300, help_text="de naam zoals bij het uitnodigen")
    role = models.CharField("rol", max_length=200, blank=True)

    class Meta:
        verbose_name = "genodigde"
        verbose_name_plural = "genodigden"
        constraints = [
            models.UniqueConstraint(fields=["conference", "medewerker"], condition=Q(medewerker__isnull=False),
                                    name="invitee_one_per_staff"),
            models.UniqueConstraint(fields=["conference", "resident"], condition=Q(resident__isnull=False),
                                    name="invitee_one_per_resident"),
            models.UniqueConstraint(fields=["conference", "network_member"],
                                    condition=Q(network_member__isnull=False), name="invitee_one_per_network_member"),
        ]
        indexes = [models.Index(fields=["medewerker", "conference"], name="invitee_staff_idx")]


class ConferenceAction(models.Model):
    """An action agreed at the conference, as it went into the plan (plans: one plan action, `plan_action_id`)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="actions")
    goal_id = models.CharField("bij doel", max_length=40)
    owner_type = models.CharField("wie", max_length=20)
    owner = models.CharField("naam of organisatie", max_length=200)
    description = models.CharField("actie", max_length=500)
    due_date = models.DateField("klaar op")
    plan_action_id = models.CharField(max_length=40)

    class Meta:
        verbose_name = "actie uit casusoverleg"
        verbose_name_plural = "acties uit casusoverleg"
