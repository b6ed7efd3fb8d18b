"""Veiligheid: the meldcode trajectory (meldcode huiselijk geweld en kindermishandeling) and the safety plan of a
case in crisis (Signs of Safety). Issue 12, points 5 and 6; docs/safety.md."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

# Besluit verplichte meldcode huiselijk geweld en kindermishandeling, art. 2 lid 1 (the five steps of a meldcode;
# the afwegingskader of step 4 since 1 January 2019). Labels stored Dutch, shown in the page's language.
STEPS = [
    (1, gettext_noop("Stap 1: signalen in kaart brengen")),
    (2, gettext_noop("Stap 2: collegiale consultatie en zo nodig Veilig Thuis raadplegen")),
    (3, gettext_noop("Stap 3: gesprek met de betrokkene(n)")),
    (4, gettext_noop("Stap 4: wegen van het geweld met het afwegingskader")),
    (5, gettext_noop("Stap 5: beslissen: melden bij Veilig Thuis en/of hulp organiseren")),
]


class MeldcodeTrajectory(models.Model):
    """One meldcode trajectory on a case, about the person(s) concerned. Visible only to the case director,
    process direction (cases.direct) and the privacy officer (audit.view) of the gemeente (safety.queries)."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="meldcode_trajectories")
    persons = models.ManyToManyField("persons.Resident", related_name="+", verbose_name="betrokkenen")
    melding = models.ForeignKey("intake.Melding", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                help_text="de melding die naar de veiligheidsroute (meldcode) is getrieerd")
    started_at = models.DateTimeField("gestart op")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    # the step of the latest record (going back makes it smaller): derived at every step, kept for the lists
    current_step = models.PositiveSmallIntegerField("huidige stap", default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "meldcode-traject"
        verbose_name_plural = "meldcode-trajecten"
        indexes = [models.Index(fields=["gemeente", "started_at"], name="meldcode_gemeente_idx"),
                   # the API list's order, newest first (issue 16: every list reads its page from an index)
                   models.Index(fields=["-started_at", "-id"], name="meldcode_list_idx")]

    def __str__(self):
        return f"Meldcode-traject {self.pk}"


class MeldcodeStep(models.Model):
    """One recorded step: date, who, the answers (per step, safety.meldcode). Never changed: going back to an
    earlier step is a new record, so the history stays."""

    trajectory = models.ForeignKey(MeldcodeTrajectory, on_delete=models.PROTECT, related_name="steps")
    step = models.PositiveSmallIntegerField("stap", choices=STEPS)
    held_on = models.DateField("datum")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField("antwoorden", default=dict)
    notes = models.TextField("toelichting", blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "meldcode-stap"
        verbose_name_plural = "meldcode-stappen"
        indexes = [models.Index(fields=["trajectory", "recorded_at"], name="meldcode_step_idx")]


class KindCheck(models.Model):
    """The kindcheck (seed 004 §5.4, mandatory since the meldcode of 2013): when a parent has problems, are there
    children who depend on them and are they safe? Was it done, which children, the outcome."""

    trajectory = models.ForeignKey(MeldcodeTrajectory, on_delete=models.PROTECT, related_name="kindchecks")
    done = models.BooleanField("uitgevoerd")
    done_on = models.DateField("datum")
    children = models.ManyToManyField("persons.Resident", related_name="+", blank=True, verbose_name="kinderen")
    outcome = models.TextField("uitkomst")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "kindcheck"
        verbose_name_plural = "kindchecks"


VEILIG_THUIS_KINDS = [("melding", gettext_noop("melding")), ("advies", gettext_noop("adviesvraag"))]


class VeiligThuisContact(models.Model):
    """A report (melding) or advice request (advies) to Veilig Thuis, with its date and Veilig Thuis' reference."""

    trajectory = models.ForeignKey(MeldcodeTrajectory, on_delete=models.PROTECT, related_name="veilig_thuis")
    kind = models.CharField("soort", max_length=10, choices=VEILIG_THUIS_KINDS)
    on = models.DateField("datum")
    reference = models.CharField("kenmerk", max_length=100)
    note = models.TextField("toelichting", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "contact met Veilig Thuis"
        verbose_name_plural = "contacten met Veilig Thuis"


class SafetyPlan(models.Model):
    """A safety plan (Signs of Safety; seed 004 §3.5, seed 001 Bijl. 5): danger statements, the safety goal, SMART
    agreements (who, what, when), bottom lines and the network. While it is active the case is in crisis
    (safety.queries.crisis_of); it is reviewed on a short clock (deadlines kind veiligheidsplan-evaluatie)."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    casus = models.ForeignKey("cases.Casus", on_delete=models.PROTECT, related_name="safety_plans")
    danger = models.TextField("zorgen en gevaarsuitspraken")
    goal = models.TextField("veiligheidsdoel")
    # [{"wie": "...", "wat": "...", "wanneer": "2026-11-30"}]: each agreement SMART, with who, what and when
    agreements = models.JSONField("afspraken", default=list)
    bottom_lines = models.TextField("ondergrenzen")
    network = models.TextField("netwerk")
    started_on = models.DateField("gestart op")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField("reden van beëindigen", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "veiligheidsplan"
        verbose_name_plural = "veiligheidsplannen"
        constraints = [models.UniqueConstraint(fields=["casus"], condition=Q(ended_at__isnull=True),
                                               name="safety_plan_one_active")]

    def __str__(self):
        return f"Veiligheidsplan {self.pk}"


class SafetyPlanReview(models.Model):
    """A review of the safety plan: when, who, how safe now (0–10), what was found; restarts the review clock."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("geëvalueerd op")
    scale = models.PositiveSmallIntegerField("schaalvraag (0–10)")
    findings = models.TextField("bevindingen")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "evaluatie veiligheidsplan"
        verbose_name_plural = "evaluaties veiligheidsplan"
