"""The case (casus) of a household. This issue opens it from triage; the case issue deepens it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop  # labels stored Dutch, shown in the page's language

CLOSE_REASONS = [
    ("doelen-bereikt", gettext_noop("doelen bereikt")), ("verhuisd", gettext_noop("verhuisd")),
    ("overleden", gettext_noop("overleden")), ("weigert-hulp", gettext_noop("weigert hulp")),
    ("overgedragen", gettext_noop("overgedragen")),
    ("afgeschaald", gettext_noop("afgeschaald naar algemene voorzieningen")),
    ("anders", gettext_noop("anders")),
]


# An open case without a case director: it waits for someone of its team to take it, or for the team lead.
UNOWNED = Q(case_director__isnull=True) & ~Q(status="afgesloten")


class Casus(models.Model):
    class Status(models.TextChoices):  # labels in the catalogue, shown in the page's language (core/words.py)
        AANGEMELD = "aangemeld", gettext_noop("aangemeld")
        VRAAGVERHELDERING = "vraagverheldering", gettext_noop("vraagverheldering")
        PLAN = "plan", gettext_noop("plan")
        UITVOERING = "uitvoering", gettext_noop("uitvoering")
        EVALUATIE = "evaluatie", gettext_noop("evaluatie")
        AFGESLOTEN = "afgesloten", gettext_noop("afgesloten")

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="casussen")
    household = models.ForeignKey("persons.Household", on_delete=models.PROTECT, related_name="casussen")
    team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="casussen")
    case_director = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="directed_cases", verbose_name="casusregisseur")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AANGEMELD)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    reentry_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reentries",
                                   verbose_name="herhaalde aanmelding na",
                                   help_text="een eerdere casus van dit huishouden, minder dan 12 maanden geleden gesloten")
    high_risk = models.BooleanField("hoog risico", default=False)
    politically_sensitive = models.BooleanField("politiek gevoelig", default=False)
    care_avoider = models.BooleanField("zorgmijder", default=False)
    close_reason = models.CharField("reden van afsluiten", max_length=20, choices=CLOSE_REASONS, blank=True)
    close_note = models.CharField("toelichting", max_length=1000, blank=True)
    household_informed_on = models.DateField("huishouden geïnformeerd op", null=True, blank=True)
    outcome = models.JSONField("uitkomst", default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)
    # The latest contact moment with the household itself (CONTACT_WITH_HOUSEHOLD), set in the transaction that
    # records it (cases/actions/journal.py; contact moments are never changed or removed): process direction's
    # "no contact for N days" reads it for every open case without a subquery per case (issue 12).
    last_household_contact_at = models.DateTimeField(null=True, blank=True)
    # The day each professional now involved in the case (an involvement not ended) joined it, oldest first, one
    # per professional: kept by the database itself, by a trigger on the involvements (migration 0008), so it
    # cannot differ from them. "N or more professionals and no coordinator" is a test on its length (issue 12).
    professionals_since = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = "casus"
        verbose_name_plural = "casussen"
        constraints = [
            # One household, one open case per gemeente (één gezin, één plan, één regisseur).
            models.UniqueConstraint(fields=["gemeente", "household"], condition=~Q(status="afgesloten"),
                                    name="casus_one_open_per_household"),
        ]
        indexes = [
            # Cases that wait for a director (the team's werkbak, the team lead's Mijn werk; issue 11): partial, so
            # they stay small however many cases there are.
            models.Index(fields=["team", "opened_at"], condition=UNOWNED, name="casus_unowned_team_idx"),
            models.Index(fields=["gemeente", "opened_at"], condition=UNOWNED, name="casus_unowned_gemeente_idx"),
            # the API list's order, newest first (api/case_views.py; issue 16)
            models.Index(fields=["-opened_at", "-id"], name="casus_list_idx"),
            # Mijn werk: the open cases I direct, oldest first (cases.queries.my_cases)
            models.Index(fields=["case_director", "opened_at", "id"], condition=~Q(status="afgesloten"),
                         name="casus_director_idx"),
        ]

    def __str__(self):
        return f"Casus {self.pk}"


class CaseDirector(models.Model):
    """Who directed the case when. Exactly one current director (until is NULL), enforced by the database."""

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="directors")
    medewerker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "casusregisseur (historie)"
        verbose_name_plural = "casusregisseurs (historie)"
        constraints = [
            # één gezin, één plan, één regisseur: at most one current director per case
            models.UniqueConstraint(fields=["casus"], condition=Q(until__isnull=True), name="case_one_current_director"),
        ]


CONTACT_KINDS = [
    ("keukentafelgesprek", gettext_noop("keukentafelgesprek")), ("huisbezoek", gettext_noop("huisbezoek")),
    ("gesprek", gettext_noop("gesprek op kantoor")), ("telefoon", gettext_noop("telefonisch")),
    ("beeldbellen", gettext_noop("beeldbellen")), ("overleg", gettext_noop("overleg met professionals")),
    ("e-mail", gettext_noop("e-mail of bericht")),
]
# Contact with the household itself (stops the first-contact clock); 'overleg' is among professionals.
CONTACT_WITH_HOUSEHOLD = {"keukentafelgesprek", "huisbezoek", "gesprek", "telefoon", "beeldbellen"}


class ContactMoment(models.Model):
    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="contact_moments")
    at = models.DateTimeField("moment")
    kind = models.CharField("soort", max_length=30, choices=CONTACT_KINDS)
    participants = models.CharField("deelnemers", max_length=500)
    summary = models.TextField("verslag")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+", help_text="leeg bij het systeem (import, taak)")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = "contactmoment"
        verbose_name_plural = "contactmomenten"
        indexes = [models.Index(fields=["casus", "at"], name="contact_case_idx")]


class CaseNote(models.Model):
    """A journal note; a confidential note is visible only to the case director, the case's current process director and
    its author (cases/queries.py `may_read_confidential`)."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField("notitie")
    confidential = models.BooleanField("vertrouwelijk", default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+", help_text="leeg bij het systeem (import, taak)")
    at = models.DateTimeField()

    class Meta:
        verbose_name = "notitie"
        verbose_name_plural = "notities"
        indexes = [models.Index(fields=["casus", "at"], name="note_case_idx")]


class Handover(models.Model):
    """Warm handover: the director proposes a successor, who accepts or declines with a reason. Until acceptance
    the current director stays responsible. One pending proposal per case."""

    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="handovers")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    successor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposed_handovers")
    to_team = models.ForeignKey("accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("toelichting voor de opvolger")
    proposed_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True)
    decline_reason = models.CharField("reden van afwijzen", max_length=1000, blank=True)

    class Meta:
        verbose_name = "overdracht"
        verbose_name_plural = "overdrachten"
        constraints = [models.UniqueConstraint(fields=["casus"], condition=Q(decided_at__isnull=True),
                                               name="handover_one_pending")]


DOCUMENT_TYPES = [
    ("verslag", gettext_noop("verslag")), ("brief", gettext_noop("brief")),
    ("rapport", gettext_noop("rapport of diagnose")), ("toestemming", gettext_noop("toestemming")),
    ("overig", gettext_noop("overig")),
]


class CaseDocument(models.Model):
    casus = models.ForeignKey(Casus, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("soort", max_length=20, choices=DOCUMENT_TYPES)
    title = models.CharField("titel", max_length=200)
    file = models.FileField(upload_to="casussen/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
