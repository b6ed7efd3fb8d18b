"""Meldingen (the question or signal that starts a process) and aanvragen (formal applications)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop

from .codes import BRON, KANAAL, SETTING, TRIAGE, URGENTIE


class Melding(models.Model):
    class Status(models.TextChoices):  # labels in the catalogue, shown in the page's language (core/words.py)
        OPEN = "open", gettext_noop("open")
        GETRIEERD = "getrieerd", gettext_noop("getrieerd")
        AFGESLOTEN = "afgesloten", gettext_noop("afgesloten")

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="meldingen")
    received_at = models.DateTimeField("ontvangen op")
    channel = models.CharField("kanaal", max_length=20, choices=KANAAL)
    source = models.CharField("bron", max_length=30, choices=BRON)
    source_organisation = models.ForeignKey("accounts.Organisatie", null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="meldingen", verbose_name="organisatie van de melder")
    referrer = models.CharField("melder", max_length=200, blank=True)
    anonymous = models.BooleanField("anoniem", default=False)
    household = models.ForeignKey("persons.Household", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="meldingen")
    reported_person = models.JSONField("opgegeven persoon", default=dict, blank=True,
                                       help_text="wat de melder over de persoon opgaf, als die (nog) niet gekoppeld is")
    question = models.TextField("vraag in eigen woorden")
    life_domains = models.JSONField("levensgebieden", default=list)
    urgency = models.CharField("urgentie", max_length=10, choices=URGENTIE, default="regulier")
    laws = models.JSONField("wetten", default=list)
    setting = models.CharField("setting", max_length=30, choices=SETTING, blank=True)
    # the profile's characteristics of the situation (`voordeur.kenmerken`), for routing (intake/routing.py)
    kenmerken = models.JSONField("kenmerken", default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    # when a melding was closed without a case (referred, or closed at the desk): its retention term counts from here
    # (retention/, docs/retention.md)
    closed_at = models.DateTimeField("afgesloten op", null=True, blank=True)
    wijk = models.ForeignKey("accounts.Wijk", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="meldingen")
    routing_rule = models.CharField("routeringsregel", max_length=60, blank=True)
    routing_forum = models.CharField("overleg of route", max_length=200, blank=True)
    routing_warning = models.CharField("waarschuwing routering", max_length=200, blank=True)
    routing_override_reason = models.CharField("reden handmatige routering", max_length=500, blank=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="assigned_meldingen", verbose_name="behandelaar")
    triage_outcome = models.CharField("uitkomst triage", max_length=20, choices=TRIAGE, blank=True)
    triage_reason = models.CharField("reden", max_length=1000, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    referred_to = models.CharField("doorverwezen naar", max_length=200, blank=True)
    contacts = models.PositiveSmallIntegerField("klantcontacten", default=0)
    casus = models.ForeignKey("cases.Casus", null=True, blank=True, on_delete=models.PROTECT, related_name="meldingen")
    idempotency_key = models.CharField(max_length=80, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    referred_by = models.ForeignKey("accounts.Organisatie", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="referrals", help_text="partnerorganisatie die verwees (portaal/API)")
    created_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)
    # Derived, for sorting worklists with an index: crisis 0, spoed 1, regulier 2; and the dates of the earliest
    # open clock (its due moment too when its term is in hours: a crisis), rewritten by deadlines.actions on every
    # clock change. The status itself is computed in queries.
    urgency_rank = models.PositiveSmallIntegerField(default=2)
    next_due_on = models.DateField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True)
    next_warn_on = models.DateField(null=True, blank=True)
    next_suspended_since = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="melding_idempotency"),
        ]
        indexes = [
            models.Index(fields=["team", "urgency_rank", "next_due_on", "next_due_at", "received_at", "id"],
                         name="melding_inbox_idx", condition=Q(assigned_to__isnull=True) & ~Q(status="afgesloten")),
            models.Index(fields=["assigned_to", "urgency_rank", "next_due_on", "next_due_at", "received_at", "id"],
                         name="melding_mine_idx", condition=~Q(status="afgesloten")),
            models.Index(fields=["gemeente", "status", "team"], name="melding_gemeente_idx"),
            models.Index(fields=["referred_by", "created_at"], name="melding_partner_idx"),
            # the indicators: meldingen received in a period (insight/indicators.py, bench/bench_insight.py)
            models.Index(fields=["gemeente", "received_at"], name="melding_received_idx"),
            # the API list's order (intake.queries.list_meldingen_for): the page is read from the index, newest first,
            # and the scope filtered on the way, instead of sorting the whole scope (issue 16)
            models.Index(fields=["-received_at", "-id"], name="melding_list_idx"),
        ]

    def __str__(self):
        return f"Melding {self.pk}"

    @property
    def feedback_status(self) -> str:
        """What the referring partner sees: received, taken up, closed (never the content of the case); once care is
        assigned from the case, how far it came by the provider's messages (counts annotated by
        intake.queries._own_referrals; seed 003 §3.7: arrived, started, progress, ended)."""
        if getattr(self, "care_geleverd", 0):
            return "zorg loopt"
        if getattr(self, "care_gestart", 0):
            return "zorg gestart"
        if getattr(self, "care_toegewezen", 0):
            return "aangemeld bij de zorgaanbieder"
        if getattr(self, "care_beeindigd", 0):
            return "zorg beëindigd"
        if self.status == self.Status.AFGESLOTEN:
            return "afgesloten"
        if self.status == self.Status.GETRIEERD or self.assigned_to_id:
            return "opgepakt"
        return "ontvangen"


class MeldingPerson(models.Model):
    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="subjects")
    resident = models.ForeignKey("persons.Resident", on_delete=models.PROTECT, related_name="meldingen")

    class Meta:
        verbose_name = "persoon van een melding"
        verbose_name_plural = "personen van meldingen"
        constraints = [models.UniqueConstraint(fields=["melding", "resident"], name="meldingperson_unique")]


class Aanvraag(models.Model):
    """A formal application for an individual provision; starts the decision clock (Wmo 2 weeks, Jeugdwet 8)."""

    class Status(models.TextChoices):
        INGEDIEND = "ingediend", gettext_noop("ingediend")
        INGETROKKEN = "ingetrokken", gettext_noop("ingetrokken")
        BESLOTEN = "besloten", gettext_noop("besloten")

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="aanvragen")
    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="aanvragen")
    applicant = models.ForeignKey("persons.Resident", on_delete=models.PROTECT, related_name="aanvragen",
                                  verbose_name="aanvrager")
    law = models.CharField("wet", max_length=20, choices=[("wmo", "Wmo 2015"), ("jeugdwet", "Jeugdwet"),
                                                          ("participatiewet", "Participatiewet")])
    requested = models.CharField("gevraagde voorziening", max_length=500)
    received_on = models.DateField("ontvangen op")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INGEDIEND)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "aanvraag"
        verbose_name_plural = "aanvragen"
        # the API list's order, newest first (issue 16: every list reads its page from an index)
        indexes = [models.Index(fields=["-received_on", "-id"], name="aanvraag_list_idx")]

    def __str__(self):
        return f"Aanvraag {self.pk}"


# --- the duties around the investigation and the decision (intake/duties.py) ---------------------------------------


class ResidentLetterQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Een verzonden brief verandert nooit.")

    def delete(self):
        raise PermissionError("Een verzonden brief wordt niet verwijderd.")


class ResidentLetter(models.Model):
    """A letter to the resident about their procedure, rendered once to PDF when it is sent and stored unchanged:
    the receipt of a melding (Wmo 2015 art. 2.3.2 lid 1, with the persoonlijk plan of lid 2 and the
    cliëntondersteuning of lid 3), of an aanvraag, of a bezwaar (Awb 6:14 lid 1), and the written report of the
    investigation's outcome (Wmo 2015 art. 2.3.2 lid 8)."""

    class Kind(models.TextChoices):
        MELDING = "ontvangst-melding", gettext_noop("ontvangstbevestiging van de melding")
        AANVRAAG = "ontvangst-aanvraag", gettext_noop("ontvangstbevestiging van de aanvraag")
        BEZWAAR = "ontvangst-bezwaar", gettext_noop("ontvangstbevestiging van het bezwaar")
        WEERGAVE = "weergave-onderzoek", gettext_noop("schriftelijke weergave van het onderzoek")

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("soort", max_length=30, choices=Kind.choices)
    recipient = models.ForeignKey("persons.Resident", on_delete=models.PROTECT, related_name="letters",
                                  verbose_name="aan")
    addressee = models.CharField("naam in de aanhef", max_length=200)
    melding = models.ForeignKey(Melding, null=True, blank=True, on_delete=models.PROTECT, related_name="letters")
    aanvraag = models.ForeignKey(Aanvraag, null=True, blank=True, on_delete=models.PROTECT, related_name="letters")
    bezwaar = models.ForeignKey("provisions.Bezwaar", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="letters")
    clarification = models.ForeignKey("assessments.Clarification", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="letters", verbose_name="vraagverheldering")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    template = models.CharField("sjabloon", max_length=200)
    sent_on = models.DateField("verzonden op")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    created_at = models.DateTimeField()

    objects = ResidentLetterQuerySet.as_manager()

    class Meta:
        verbose_name = "brief aan de inwoner"
        verbose_name_plural = "brieven aan de inwoner"
        constraints = [
            # one receipt per melding, aanvraag and bezwaar; one written report per kitchen-table report
            models.UniqueConstraint(fields=["melding"], condition=Q(kind="ontvangst-melding"),
                                    name="letter_one_melding_receipt"),
            models.UniqueConstraint(fields=["aanvraag"], condition=Q(kind="ontvangst-aanvraag"),
                                    name="letter_one_aanvraag_receipt"),
            models.UniqueConstraint(fields=["bezwaar"], condition=Q(kind="ontvangst-bezwaar"),
                                    name="letter_one_bezwaar_receipt"),
            models.UniqueConstraint(fields=["clarification"], condition=Q(kind="weergave-onderzoek"),
                                    name="letter_one_report"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Een verzonden brief verandert nooit.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Een verzonden brief wordt niet verwijderd.")


class PersonalPlan(models.Model):
    """A persoonlijk plan the resident handed in (Wmo 2015 art. 2.3.2 lid 2: within seven days of the melding the
    resident may describe their circumstances and the support they think fits). It is weighed in the investigation:
    `considered_in` is the kitchen-table report that took it into account."""

    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="personal_plans")
    received_on = models.DateField("ontvangen op")
    within_term = models.BooleanField("binnen zeven dagen na de melding", default=True)
    summary = models.TextField("samenvatting")
    document = models.FileField("document", upload_to="persoonlijke-plannen/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    considered_in = models.ForeignKey("assessments.Clarification", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="personal_plans", verbose_name="meegewogen in")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "persoonlijk plan"
        verbose_name_plural = "persoonlijke plannen"


class ClientSupport(models.Model):
    """Cliëntondersteuning for the investigation after a melding (Wmo 2015 art. 2.3.2 lid 3: the resident and their
    carer are pointed to free client support): when and how they were told, and whether they use it."""

    class Use(models.TextChoices):
        ONBEKEND = "onbekend", gettext_noop("nog niet bekend")
        JA = "ja", gettext_noop("ja, de inwoner heeft een cliëntondersteuner")
        NEE = "nee", gettext_noop("nee, de inwoner wil geen cliëntondersteuner")

    melding = models.OneToOneField(Melding, on_delete=models.PROTECT, related_name="client_support")
    pointed_out_on = models.DateField("gewezen op cliëntondersteuning op")
    how = models.CharField("hoe", max_length=200)
    used = models.CharField("gebruik", max_length=10, choices=Use.choices, default=Use.ONBEKEND)
    provider = models.CharField("cliëntondersteuner (organisatie)", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        verbose_name = "cliëntondersteuning"
        verbose_name_plural = "cliëntondersteuning"
