"""The catalogue (voorzieningen, products, tariffs, contracts, budgets), the mandate matrix, and the way from an
indication to a decision, its letter, objections and budget commitments.

Catalogue and mandates come from the profile (or a catalogue import file); everything else is written by
the provisions/actions/ package only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_noop  # labels stored Dutch, shown in the page's language

from .codes import EENHEID, FREQUENTIE, LAWS


class MandateGroup(models.Model):
    """A kind of individual provision for the mandate matrix (Krimpen: 'specialistische voorziening (jeugd)',
    'maatwerkvoorzieningen (Wmo en huiselijk geweld)'), with the roles that may do each task."""

    profile = models.ForeignKey("profiles.Profile", on_delete=models.PROTECT, related_name="mandate_groups")
    code = models.CharField(max_length=40)
    name = models.CharField("naam", max_length=200)
    four_eyes = models.BooleanField("vier ogen", default=False,
                                    help_text="een tweede gemandateerde stelt het besluit mee vast")
    # task code -> role codes
    tasks = models.JSONField("taken", default=dict)

    class Meta:
        verbose_name = "mandaatgroep"
        verbose_name_plural = "mandaatgroepen"
        constraints = [models.UniqueConstraint(fields=["profile", "code"], name="mandategroup_unique_code")]

    def __str__(self):
        return self.name


class Voorziening(models.Model):
    class Kind(models.TextChoices):
        ALGEMEEN = "algemeen", gettext_noop("algemeen / voorliggend")
        MAATWERK = "maatwerk", gettext_noop("individueel / maatwerk")

    profile = models.ForeignKey("profiles.Profile", on_delete=models.PROTECT, related_name="voorzieningen")
    code = models.CharField(max_length=40)
    name = models.CharField("naam", max_length=200)
    law = models.CharField("wet", max_length=20, choices=LAWS)
    kind = models.CharField("soort", max_length=10, choices=Kind.choices)
    mandate_group = models.ForeignKey(MandateGroup, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="voorzieningen", verbose_name="mandaatgroep")
    description = models.TextField("wat", blank=True)
    audience = models.CharField("voor wie", max_length=500, blank=True)
    location = models.CharField("waar", max_length=500, blank=True)
    contact = models.CharField("hoe te bereiken", max_length=500, blank=True)
    organisation = models.ForeignKey("accounts.Organisatie", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="voorzieningen", verbose_name="organisatie")
    gemeenten = models.ManyToManyField("accounts.Gemeente", related_name="voorzieningen")
    active = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "voorziening"
        verbose_name_plural = "voorzieningen"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["profile", "code"], name="voorziening_unique_code")]
        indexes = [models.Index(fields=["kind", "active", "name"])]

    def __str__(self):
        return self.name


class Product(models.Model):
    """A product of an individual provision, coded as in iJw/iWmo (category 2 digits, code up to 5)."""

    voorziening = models.ForeignKey(Voorziening, on_delete=models.PROTECT, related_name="products")
    category = models.CharField("productcategorie", max_length=2)
    code = models.CharField("productcode", max_length=5)
    name = models.CharField("naam", max_length=200)
    unit = models.CharField("eenheid", max_length=2, choices=EENHEID)
    frequency = models.CharField("frequentie", max_length=1, choices=FREQUENTIE)
    valid_from = models.DateField("geldig vanaf")
    valid_until = models.DateField("geldig tot en met", null=True, blank=True)

    class Meta:
        verbose_name = "product"
        verbose_name_plural = "producten"
        ordering = ["category", "code"]
        constraints = [models.UniqueConstraint(fields=["voorziening", "category", "code"], name="product_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Tarief(models.Model):
    """Price per unit, valid for a period: a fixed tariff, or a maximum price (Open House, Stadskanaal §5.7)."""

    class Kind(models.TextChoices):
        TARIEF = "tarief", gettext_noop("tarief")
        MAXIMUM = "maximum", gettext_noop("maximumprijs")

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="tariffs")
    kind = models.CharField("soort", max_length=10, choices=Kind.choices, default=Kind.TARIEF)
    amount = models.DecimalField("bedrag per eenheid", max_digits=10, decimal_places=2)
    valid_from = models.DateField("geldig vanaf")
    valid_until = models.DateField("geldig tot en met", null=True, blank=True)

    class Meta:
        verbose_name = "tarief"
        verbose_name_plural = "tarieven"
        ordering = ["valid_from"]


class Contract(models.Model):
    """A provider's contract for products, with its period and ceiling budget (plafond)."""

    profile = models.ForeignKey("profiles.Profile", on_delete=models.PROTECT, related_name="contracts")
    code = models.CharField(max_length=40)
    provider = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="contracts",
                                 verbose_name="aanbieder")
    products = models.ManyToManyField(Product, related_name="contracts", verbose_name="producten")
    valid_from = models.DateField("looptijd vanaf")
    valid_until = models.DateField("looptijd tot en met", null=True, blank=True)
    ceiling = models.DecimalField("plafond", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "contract"
        verbose_name_plural = "contracten"
        constraints = [models.UniqueConstraint(fields=["profile", "code"], name="contract_unique_code")]

    def __str__(self):
        return f"{self.provider} ({self.code})"


class Budget(models.Model):
    """What a gemeente has for a law (and optionally one product category) in a calendar year."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField("jaar")
    law = models.CharField("wet", max_length=20, choices=LAWS)
    category = models.CharField("productcategorie", max_length=2, blank=True)
    amount = models.DecimalField("bedrag", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "budget"
        verbose_name_plural = "budgetten"
        constraints = [models.UniqueConstraint(fields=["gemeente", "year", "law", "category"], name="budget_unique")]


class BudgetPart(models.Model):
    """A part of a budget by a guideline (e.g. Stadskanaal's 13% local access and light help / 87% contracted care
    and PGB): its share of the budget, and the product categories whose commitments and spend count against it."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="parts")
    position = models.PositiveSmallIntegerField("volgorde")
    name = models.CharField("naam", max_length=100)
    share = models.DecimalField("aandeel", max_digits=5, decimal_places=4)

    class Meta:
        verbose_name = "budgetdeel"
        verbose_name_plural = "budgetdelen"
        ordering = ["budget", "position"]
        constraints = [models.UniqueConstraint(fields=["budget", "position"], name="budgetdeel_unique")]


class BudgetPartCategory(models.Model):
    """A product category that counts against one part of a budget."""

    part = models.ForeignKey(BudgetPart, on_delete=models.CASCADE, related_name="categories")
    category = models.CharField("productcategorie", max_length=2)

    class Meta:
        verbose_name = "productcategorie van een budgetdeel"
        verbose_name_plural = "productcategorieën van budgetdelen"
        constraints = [models.UniqueConstraint(fields=["part", "category"], name="budgetdeel_categorie_unique")]


class Indicatie(models.Model):
    """What is needed: product, amount, period, ZIN or PGB, the plan goals it serves, and the recorded weighing of
    general provisions, own strength and network first.

    It belongs to a household and an aanvraag (with its melding). Usually it comes from the plan of the household's
    case; for a single question (melding triaged 'enkelvoudig') it is prepared on the aanvraag without a case
    (`casus` empty, BUCH seed 001 §4.2: "bij enkelvoudige vragen worden de processtappen 2, 3 en 4 in elkaar
    geschoven"), and `goals` holds the one goal stated with it."""

    class Status(models.TextChoices):  # labels in the catalogue, shown in the page's language (core/words.py)
        VOORSTEL = "voorstel", gettext_noop("voorstel")
        VASTGESTELD = "vastgesteld", gettext_noop("vastgesteld")
        BESLOTEN = "besloten", gettext_noop("besloten")
        INGETROKKEN = "ingetrokken", gettext_noop("ingetrokken")

    class Form(models.TextChoices):
        ZIN = "zin", gettext_noop("zorg in natura (ZIN)")
        PGB = "pgb", gettext_noop("persoonsgebonden budget (PGB)")

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="indicaties")
    household = models.ForeignKey("persons.Household", on_delete=models.PROTECT, related_name="indicaties",
                                  verbose_name="huishouden")
    casus = models.ForeignKey("cases.Casus", null=True, blank=True, on_delete=models.PROTECT, related_name="indicaties",
                              help_text="leeg bij een enkelvoudige vraag: voorbereid op de aanvraag, zonder casus")
    aanvraag = models.ForeignKey("intake.Aanvraag", on_delete=models.PROTECT, related_name="indicaties")
    client = models.ForeignKey("persons.Resident", on_delete=models.PROTECT, related_name="indicaties",
                               verbose_name="cliënt")
    voorziening = models.ForeignKey(Voorziening, on_delete=models.PROTECT, related_name="indicaties")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="indicaties")
    volume = models.PositiveIntegerField("omvang")
    unit = models.CharField("eenheid", max_length=2, choices=EENHEID)
    frequency = models.CharField("frequentie", max_length=1, choices=FREQUENTIE)
    start = models.DateField("ingangsdatum")
    end = models.DateField("einddatum")
    form = models.CharField("leveringsvorm", max_length=3, choices=Form.choices)
    provider = models.ForeignKey("accounts.Organisatie", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="indicaties", verbose_name="aanbieder")
    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="indicaties")
    tariff = models.DecimalField("tarief per eenheid", max_digits=10, decimal_places=2)
    goal_ids = models.JSONField("plandoelen", default=list)
    goals = models.JSONField("doelen (tekst bij het voorstel)", default=list)
    motivation = models.TextField("motivering")
    # General provisions first (Wmo 2015 art. 2.3.2 lid 4; Jeugdwet art. 2.3 lid 1): what was considered and why not
    considered = models.ManyToManyField(Voorziening, blank=True, related_name="considered_in",
                                        verbose_name="overwogen algemene voorzieningen")
    own_strength = models.TextField("eigen kracht")
    network = models.TextField("netwerk")
    why_not_enough = models.TextField("waarom dit niet volstaat")
    # PGB conditions (Wmo 2015 art. 2.3.6 lid 2; Jeugdwet art. 8.1.1 lid 2)
    pgb_conditions = models.JSONField("PGB-voorwaarden", default=dict, blank=True)
    replaces = models.ForeignKey("Besluit", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", verbose_name="corrigeert besluit")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VOORSTEL)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField()
    indicated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    indicated_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, help_text="the form's token: a double submit "
                                                                            "returns the first proposal")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "indicatie"
        verbose_name_plural = "indicaties"
        indexes = [models.Index(fields=["gemeente", "status"]), models.Index(fields=["casus", "status"]),
                   models.Index(fields=["status", "prepared_at"], name="indicatie_worklist_idx"),
                   # the API list's order, newest first (issue 16: every list reads its page from an index)
                   models.Index(fields=["-prepared_at", "-id"], name="indicatie_list_idx")]
        constraints = [models.UniqueConstraint(fields=["household", "idempotency_key"], name="indicatie_idempotent",
                                               condition=~models.Q(idempotency_key=""))]

    def __str__(self):
        return f"Indicatie {self.pk}"


class Besluit(models.Model):
    """The decision on an indication (grant, partial grant, refusal) with its legal ground; its letter is a Brief."""

    class Outcome(models.TextChoices):  # labels in the catalogue, shown in the page's language (core/words.py)
        TOEGEKEND = "toegekend", gettext_noop("toegekend")
        DEELS = "deels", gettext_noop("deels toegekend")
        AFGEWEZEN = "afgewezen", gettext_noop("afgewezen")

    class Status(models.TextChoices):  # idem
        TWEEDE = "tweede-beoordeling", gettext_noop("wacht op tweede beoordeling")
        VASTGESTELD = "vastgesteld", gettext_noop("vastgesteld")
        VERZONDEN = "verzonden", gettext_noop("verzonden")
        VERVANGEN = "vervangen", gettext_noop("vervangen door een nieuw besluit")

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="besluiten")
    indicatie = models.OneToOneField(Indicatie, on_delete=models.PROTECT, related_name="besluit")
    outcome = models.CharField("uitkomst", max_length=10, choices=Outcome.choices)
    granted_volume = models.PositiveIntegerField("toegekende omvang", null=True, blank=True)
    legal_ground = models.CharField("wettelijke grondslag", max_length=500)
    reasons = models.TextField("motivering van het besluit")
    status = models.CharField(max_length=20, choices=Status.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    second_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="tweede beoordelaar")
    established_on = models.DateField("besluitdatum", null=True, blank=True)
    sent_on = models.DateField("verzonden op", null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    reassessment_task = models.ForeignKey("tasks.Task", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "besluit"
        verbose_name_plural = "besluiten"
        indexes = [models.Index(fields=["gemeente", "status"]),
                   models.Index(fields=["status", "established_on"], name="besluit_worklist_idx"),
                   # the API list's order, newest first (issue 16: every list reads its page from an index)
                   models.Index(fields=["-decided_at", "-id"], name="besluit_list_idx")]

    def __str__(self):
        return f"Besluit {self.pk}"

    @property
    def granted(self) -> bool:
        return self.outcome != self.Outcome.AFGEWEZEN


class BriefQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Een verzonden besluitbrief verandert nooit; een correctie is een nieuw besluit.")

    def delete(self):
        raise PermissionError("Een besluitbrief wordt niet verwijderd.")


class Brief(models.Model):
    """The decision letter as rendered once (PDF bytes and their hash). Never changed: a correction is a new
    decision with a new letter."""

    besluit = models.OneToOneField(Besluit, on_delete=models.PROTECT, related_name="brief")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    template = models.CharField("sjabloon", max_length=200)
    created_at = models.DateTimeField()

    objects = BriefQuerySet.as_manager()

    class Meta:
        verbose_name = "besluitbrief"
        verbose_name_plural = "besluitbrieven"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Een verzonden besluitbrief verandert nooit; een correctie is een nieuw besluit.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Een besluitbrief wordt niet verwijderd.")


class Verplichting(models.Model):
    """A budget commitment of a granted decision for one calendar year: volume × tariff × the part of the period
    in that year, against the budget of its law and product category and the provider's contract."""

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="verplichtingen")
    besluit = models.ForeignKey(Besluit, on_delete=models.PROTECT, related_name="commitments")
    year = models.PositiveSmallIntegerField("jaar")
    law = models.CharField("wet", max_length=20, choices=LAWS)
    category = models.CharField("productcategorie", max_length=2)
    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="commitments")
    amount = models.DecimalField("bedrag", max_digits=14, decimal_places=2)
    released_on = models.DateField("vrijgegeven op", null=True, blank=True)

    class Meta:
        verbose_name = "verplichting"
        verbose_name_plural = "verplichtingen"
        indexes = [
            models.Index(fields=["gemeente", "year", "law", "category"], name="verpl_budget_idx",
                         condition=models.Q(released_on__isnull=True)),
            models.Index(fields=["contract"], name="verpl_contract_idx", condition=models.Q(released_on__isnull=True)),
        ]


class Bezwaar(models.Model):
    """An objection against a decision (Awb 6:4), with its outcome and any new decision."""

    class Outcome(models.TextChoices):  # labels in the catalogue, shown in the page's language (core/words.py)
        GEGROND = "gegrond", gettext_noop("gegrond")
        ONGEGROND = "ongegrond", gettext_noop("ongegrond")
        INGETROKKEN = "ingetrokken", gettext_noop("ingetrokken")
        NIET_ONTVANKELIJK = "niet-ontvankelijk", gettext_noop("niet-ontvankelijk")

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="bezwaren")
    besluit = models.ForeignKey(Besluit, on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField("ontvangen op")
    objector = models.CharField("indiener", max_length=200)
    grounds = models.TextField("gronden")
    late = models.BooleanField("na de bezwaartermijn", default=False)
    outcome = models.CharField("uitkomst", max_length=20, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField("motivering", blank=True)
    decided_on = models.DateField("beslist op", null=True, blank=True)
    new_besluit = models.ForeignKey(Besluit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="nieuw besluit")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()

    class Meta:
        verbose_name = "bezwaar"
        verbose_name_plural = "bezwaren"
        # the API list's order, newest first (issue 16: every list reads its page from an index)
        indexes = [models.Index(fields=["-received_on", "-id"], name="bezwaar_list_idx")]


class Raadpleging(models.Model):
    """An expert consultation recorded on a case (or, for a single question without a case, on its melding): who
    was asked (a named expert or organisation, or the profile's expert team), when, the question, and later the
    advice with its outcome.

    BUCH seed 001 §4.4.1: for six kinds of help the generalist "betrekt in ieder geval experts"; the profile lists
    the kinds of provision that need a recorded advice before an indication is proposed (`deskundigen` in the
    profile, provisions/consultations.py). Krimpen seed 002 §3.2.1-3.2.2: the case director calls in the
    expert team ("Consultatie en Diagnoseteam") through the process director; that call-in is a consultation of
    kind 'deskundigenteam' whose advice is recorded later. The indications a consultation supported are linked at
    the proposal (`indicaties`), so the decision shows the advice it was based on."""

    class Kind(models.TextChoices):  # labels in the catalogue, shown in the page's language
        DESKUNDIGE = "deskundige", gettext_noop("deskundige geraadpleegd")
        DESKUNDIGENTEAM = "deskundigenteam", gettext_noop("deskundigenteam ingeschakeld")

    class Outcome(models.TextChoices):
        POSITIEF = "positief", gettext_noop("positief")
        VOORWAARDELIJK = "voorwaardelijk", gettext_noop("voorwaardelijk positief")
        NEGATIEF = "negatief", gettext_noop("negatief")

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="raadplegingen")
    household = models.ForeignKey("persons.Household", on_delete=models.PROTECT, related_name="raadplegingen",
                                  verbose_name="huishouden")
    casus = models.ForeignKey("cases.Casus", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="raadplegingen")
    melding = models.ForeignKey("intake.Melding", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="raadplegingen", help_text="bij een enkelvoudige vraag zonder casus")
    kind = models.CharField("soort", max_length=20, choices=Kind.choices)
    voorziening = models.ForeignKey(Voorziening, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="raadplegingen", verbose_name="over de voorziening")
    team_code = models.CharField("deskundigenteam", max_length=40, blank=True,
                                 help_text="code van het deskundigenteam in het profiel")
    expert = models.CharField("deskundige", max_length=200, blank=True,
                              help_text="naam en organisatie, of het lid van het deskundigenteam")
    question = models.TextField("vraag")
    asked_on = models.DateField("gevraagd op")
    advice = models.TextField("advies", blank=True)
    outcome = models.CharField("strekking van het advies", max_length=20, choices=Outcome.choices, blank=True)
    advised_on = models.DateField("advies gegeven op", null=True, blank=True)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    advice_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", help_text="wie het advies vastlegde")
    advice_at = models.DateTimeField(null=True, blank=True)
    indicaties = models.ManyToManyField(Indicatie, blank=True, related_name="raadplegingen",
                                        help_text="de voorstellen die op dit advies steunen")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "raadpleging van een deskundige"
        verbose_name_plural = "raadplegingen van deskundigen"
        indexes = [models.Index(fields=["casus", "asked_on"]), models.Index(fields=["melding", "asked_on"])]
        constraints = [models.CheckConstraint(
            condition=models.Q(casus__isnull=False) | models.Q(melding__isnull=False), name="raadpleging_op_dossier")]

    def __str__(self):
        return f"Raadpleging {self.pk}"

    @property
    def has_advice(self) -> bool:
        return bool(self.advice and self.outcome and self.advised_on)
