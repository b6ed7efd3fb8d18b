"""Care assigned to providers and the iJw/iWmo messages that carry it (issue 14; docs/messaging.md).

A Toewijzing is one assigned product of a granted decision, as the provider knows it by its number; every message
in or out is a Bericht with its raw XML kept as it was sent or received, valid or not.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_noop


class Toewijzing(models.Model):
    class Status(models.TextChoices):
        TOEGEWEZEN = "toegewezen", gettext_noop("toegewezen, nog niet gestart")
        GESTART = "gestart", gettext_noop("zorg gestart")
        BEEINDIGD = "beeindigd", gettext_noop("zorg beëindigd")

    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    indicatie = models.ForeignKey("provisions.Indicatie", on_delete=models.PROTECT, related_name="toewijzingen")
    provider = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="toewijzingen",
                                 verbose_name="aanbieder")
    law = models.CharField("wet", max_length=20)
    product_category = models.CharField("productcategorie", max_length=2)
    product_code = models.CharField("productcode", max_length=5)
    start = models.DateField("ingangsdatum")
    end = models.DateField("einddatum")
    volume = models.PositiveIntegerField("omvang")
    unit = models.CharField("eenheid", max_length=2)
    frequency = models.CharField("frequentie", max_length=1)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TOEGEWEZEN)
    started_on = models.DateField("zorg gestart op", null=True, blank=True)
    ended_on = models.DateField("zorg beëindigd op", null=True, blank=True)
    end_reason = models.CharField("reden beëindiging", max_length=2, blank=True)
    assigned_at = models.DateTimeField("toegewezen op")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "toewijzing"
        verbose_name_plural = "toewijzingen"
        indexes = [models.Index(fields=["gemeente", "status"], name="toewijzing_gemeente_idx"),
                   # the API list's order, newest first (issue 16: every list reads its page from an index)
                   models.Index(fields=["-assigned_at", "-id"], name="toewijzing_list_idx")]

    @property
    def number(self) -> int:
        """The ToewijzingNummer the provider refers to: unique within the law's domain (one sequence for all)."""
        return self.pk


class Bericht(models.Model):
    class Direction(models.TextChoices):
        IN = "in", gettext_noop("ontvangen")
        OUT = "uit", gettext_noop("verstuurd")

    class Status(models.TextChoices):
        VERSTUURD = "verstuurd", gettext_noop("verstuurd")
        VERWERKT = "verwerkt", gettext_noop("ontvangen en verwerkt")
        AFGEKEURD = "afgekeurd", gettext_noop("ontvangen en afgekeurd")
        ONLEESBAAR = "onleesbaar", gettext_noop("onleesbaar: geen iJw- of iWmo-bericht")
        NIET_VERWERKT = "niet-verwerkt", gettext_noop("ontvangen, nog niet verwerkt")

    direction = models.CharField("richting", max_length=3, choices=Direction.choices)
    kind = models.CharField("soort", max_length=6, blank=True, help_text="JW301, WMO305, …; leeg als onleesbaar")
    gemeente = models.ForeignKey("accounts.Gemeente", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("accounts.Organisatie", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="berichten", verbose_name="aanbieder")
    sender = models.CharField("afzender", max_length=8, blank=True)
    identification = models.CharField("identificatie", max_length=12, blank=True)
    dated = models.DateField("dagtekening", null=True, blank=True)
    raw = models.BinaryField("bericht (XML zoals verstuurd of ontvangen)")
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField("grootte")
    file_name = models.CharField("bestand", max_length=255, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices)
    problems = models.JSONField("bevindingen", default=list, blank=True,
                                help_text="[{code, uitleg}]: retourcodes met de uitleg uit de standaard, of de fout")
    answer_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="answers",
                                  verbose_name="antwoord op")
    toewijzing = models.ForeignKey(Toewijzing, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="berichten")
    at = models.DateTimeField("tijdstip")

    class Meta:
        verbose_name = "bericht"
        verbose_name_plural = "berichten"
        indexes = [models.Index(fields=["direction", "status", "at"], name="bericht_overview_idx"),
                   models.Index(fields=["sha256"], name="bericht_sha_idx"),
                   # the API list's order, newest first (issue 16: every list reads its page from an index)
                   models.Index(fields=["-at", "-id"], name="bericht_list_idx")]
        constraints = [
            # iStandaarden: the Identificatie is unique per kind of message for the sending party (retourcode 9056);
            # a second receipt is the same message (idempotent), never a second row
            models.UniqueConstraint(fields=["direction", "sender", "kind", "identification"],
                                    condition=~Q(identification=""), name="bericht_identification_once"),
        ]


class Declaratie(models.Model):
    """A provider's declaration (JW323/WMO323, issue 14 item 5): the received message and what it claims in total.
    Its lines are assessed one by one against their assignment; approved lines are realised spend."""

    bericht = models.OneToOneField(Bericht, on_delete=models.PROTECT, related_name="declaratie")
    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="declaraties",
                                 verbose_name="aanbieder")
    number = models.CharField("declaratienummer", max_length=12)
    period_start = models.DateField("declaratieperiode vanaf")
    period_end = models.DateField("declaratieperiode tot en met")
    dated = models.DateField("declaratiedagtekening")
    total_cents = models.BigIntegerField("totaal ingediend (cent, credit negatief)")
    approved_cents = models.BigIntegerField("totaal toegekend (cent, credit negatief)", default=0)

    class Meta:
        verbose_name = "declaratie"
        verbose_name_plural = "declaraties"
        # iJw/iWmo retourcode 9333: a DeclaratieNummer is unique for its provider
        indexes = [models.Index(fields=["provider", "number"], name="declaratie_nummer_idx")]

    @property
    def total(self) -> Decimal:
        return Decimal(self.total_cents) / 100

    @property
    def approved(self) -> Decimal:
        return Decimal(self.approved_cents) / 100


class DeclaratieRegel(models.Model):
    """One Prestatie of a declaration: what was delivered on an assignment in a period, its amount and the verdict
    (approved, or rejected with the standard's return codes). A credit line carries a negative volume and amount,
    so sums of approved lines are the net realised spend."""

    class Status(models.TextChoices):
        GOEDGEKEURD = "goedgekeurd", gettext_noop("goedgekeurd")
        AFGEKEURD = "afgekeurd", gettext_noop("afgekeurd")

    declaratie = models.ForeignKey(Declaratie, on_delete=models.PROTECT, related_name="regels")
    toewijzing = models.ForeignKey(Toewijzing, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="declaratieregels")
    assignment_number = models.CharField("toewijzingnummer (zoals gedeclareerd)", max_length=20)
    reference = models.CharField("referentienummer", max_length=40)
    previous_reference = models.CharField("vorig referentienummer", max_length=40, blank=True)
    product_category = models.CharField("productcategorie", max_length=2)
    product_code = models.CharField("productcode", max_length=5)
    period_start = models.DateField("productperiode vanaf")
    period_end = models.DateField("productperiode tot en met")
    volume = models.IntegerField("geleverd volume (credit negatief)")
    unit = models.CharField("eenheid", max_length=2)
    tariff_cents = models.PositiveIntegerField("producttarief (cent)", null=True, blank=True)
    amount_cents = models.BigIntegerField("ingediend bedrag (cent, credit negatief)")
    credit = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices)
    return_codes = models.JSONField("retourcodes", default=list)
    position = models.PositiveIntegerField("volgorde in het bericht")

    class Meta:
        verbose_name = "declaratieregel"
        verbose_name_plural = "declaratieregels"
        ordering = ["declaratie", "position"]
        indexes = [
            # the volume and double-claim checks and the realised spend: approved lines of one assignment
            models.Index(fields=["toewijzing", "status", "period_start"], name="declregel_toewijzing_idx"),
            # retourcode 8021 / 8017: a provider's line by its reference
            models.Index(fields=["reference"], name="declregel_referentie_idx"),
        ]

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_cents) / 100


class Verzoek(models.Model):
    """One requested product of a provider's request (docs/messaging.md, "Aanvragen (JW315/JW317)"): a request for
    assignment after a referral by a GP, youth doctor or medical specialist (JW315/WMO315), or a request to change
    an assignment (JW317/WMO317: a product to change, or a new one). The gemeente answers per ReferentieAanbieder:
    a refusal with JW319/WMO319, an acceptance with the (changed) assignment JW301/WMO301 carrying the reference."""

    class Kind(models.TextChoices):
        TOEWIJZING = "toewijzing", gettext_noop("verzoek om toewijzing")
        WIJZIGING = "wijziging", gettext_noop("verzoek om wijziging")

    class Status(models.TextChoices):
        OPEN = "open", gettext_noop("wacht op antwoord")
        TOEGEKEND = "toegekend", gettext_noop("toegekend")
        AFGEWEZEN = "afgewezen", gettext_noop("afgewezen")

    bericht = models.ForeignKey(Bericht, on_delete=models.PROTECT, related_name="verzoeken",
                                verbose_name="ontvangen bericht")
    gemeente = models.ForeignKey("accounts.Gemeente", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="verzoeken",
                                 verbose_name="aanbieder")
    law = models.CharField("wet", max_length=20)
    kind = models.CharField("soort", max_length=10, choices=Kind.choices)
    reference = models.CharField("referentie aanbieder", max_length=20)
    bsn = models.CharField("BSN", max_length=9)
    client = models.ForeignKey("persons.Resident", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="cliënt")
    voorziening = models.ForeignKey("provisions.Voorziening", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    product = models.ForeignKey("provisions.Product", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    product_category = models.CharField("productcategorie", max_length=2, blank=True)
    product_code = models.CharField("productcode", max_length=5, blank=True)
    start = models.DateField("gewenste ingangsdatum")
    end = models.DateField("einddatum", null=True, blank=True)
    volume = models.PositiveIntegerField("omvang", null=True, blank=True)
    unit = models.CharField("eenheid", max_length=2, blank=True)
    frequency = models.CharField("frequentie", max_length=1, blank=True)
    referrer_type = models.CharField("soort verwijzer", max_length=2, blank=True)
    referrer = models.CharField("verwijzer", max_length=200, blank=True, help_text="naam of zorgverlenerscode")
    comment = models.CharField("commentaar aanbieder", max_length=500, blank=True)
    toewijzing = models.ForeignKey(Toewijzing, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="verzoeken", verbose_name="te wijzigen toewijzing")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    refusal_reason = models.CharField("reden afwijzing", max_length=2, blank=True)
    due = models.DateField("uiterste antwoorddatum")
    # answered "aanvraag in onderzoek" (JW319 VerzoekAntwoord 2): the decision follows within the law's term
    investigating_since = models.DateTimeField("in onderzoek sinds", null=True, blank=True)
    indicatie = models.ForeignKey("provisions.Indicatie", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    answer = models.ForeignKey(Bericht, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="antwoord")
    decided_at = models.DateTimeField("beantwoord op", null=True, blank=True)
    decided_by = models.ForeignKey("accounts.Medewerker", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "verzoek van een aanbieder"
        verbose_name_plural = "verzoeken van aanbieders"
        indexes = [models.Index(fields=["gemeente", "status", "due"], name="verzoek_worklist_idx")]
