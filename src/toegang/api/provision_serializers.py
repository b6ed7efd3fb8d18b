"""API shapes of provisions (Dutch resources, camelCase): the catalogue (voorzieningen, producten with tariffs and
contracts), indicaties, besluiten and bezwaren, and the input of a proposal, a decision, sending and a bezwaar (its
fields map to the action's arguments with `source=`, api.inputs)."""

from rest_framework import serializers

from toegang.provisions.models import Besluit, Indicatie

from .consultation_serializers import RaadplegingSerializer
from .intake_serializers import LONG_TEXT
from .params import MAX_INT


class VoorzieningSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:voorziening-detail")
    code = serializers.CharField()
    naam = serializers.CharField(source="name")
    wet = serializers.CharField(source="law")
    soort = serializers.CharField(source="kind")
    mandaatgroep = serializers.CharField(source="mandate_group.code", allow_null=True, default=None)
    vierOgen = serializers.BooleanField(source="mandate_group.four_eyes", default=False)
    wat = serializers.CharField(source="description")
    voorWie = serializers.CharField(source="audience")
    waar = serializers.CharField(source="location")
    hoe = serializers.CharField(source="contact")
    organisatie = serializers.CharField(source="organisation.name", allow_null=True, default=None)
    actief = serializers.BooleanField(source="active")
    producten = serializers.SerializerMethodField()

    def get_producten(self, obj) -> list[int]:
        """The ids of its products (`/producten/{id}`)."""
        return [p.pk for p in obj.products.all()]


class TariefSerializer(serializers.Serializer):
    bedrag = serializers.DecimalField(source="amount", max_digits=10, decimal_places=2)
    soort = serializers.CharField(source="kind")
    van = serializers.DateField(source="valid_from")
    totEnMet = serializers.DateField(source="valid_until", allow_null=True)


class ContractSerializer(serializers.Serializer):
    code = serializers.CharField()
    aanbieder = serializers.CharField(source="provider.name")
    agbCode = serializers.CharField(source="provider.agb_code")
    van = serializers.DateField(source="valid_from")
    totEnMet = serializers.DateField(source="valid_until", allow_null=True)
    plafond = serializers.DecimalField(source="ceiling", max_digits=14, decimal_places=2)


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:product-detail")
    voorziening = serializers.IntegerField(source="voorziening_id", help_text="id van de voorziening")
    wet = serializers.CharField(source="voorziening.law")
    productcategorie = serializers.CharField(source="category")
    productcode = serializers.CharField(source="code")
    naam = serializers.CharField(source="name")
    eenheid = serializers.CharField(source="unit")
    frequentie = serializers.CharField(source="frequency")
    geldigVan = serializers.DateField(source="valid_from")
    geldigTotEnMet = serializers.DateField(source="valid_until", allow_null=True)
    tarieven = TariefSerializer(source="tariffs.all", many=True)
    contracten = ContractSerializer(source="contracts.all", many=True)


class IndicatieSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:indicatie-detail")
    huishouden = serializers.IntegerField(source="household_id")
    casus = serializers.IntegerField(source="casus_id", allow_null=True,
                                     help_text="leeg bij een enkelvoudige vraag: voorbereid op de aanvraag, zonder casus")
    aanvraag = serializers.IntegerField(source="aanvraag_id")
    client = serializers.IntegerField(source="client_id")
    voorziening = serializers.IntegerField(source="voorziening_id", help_text="id van de voorziening")
    product = serializers.IntegerField(source="product_id", help_text="id van het product")
    omvang = serializers.IntegerField(source="volume")
    eenheid = serializers.CharField(source="unit")
    frequentie = serializers.CharField(source="frequency")
    van = serializers.DateField(source="start")
    totEnMet = serializers.DateField(source="end")
    leveringsvorm = serializers.CharField(source="form")
    aanbieder = serializers.CharField(source="provider.agb_code", allow_null=True, default=None)
    tarief = serializers.DecimalField(source="tariff", max_digits=10, decimal_places=2)
    doelen = serializers.ListField(source="goal_ids", child=serializers.CharField())
    motivering = serializers.CharField(source="motivation")
    eigenKracht = serializers.CharField(source="own_strength")
    netwerk = serializers.CharField(source="network")
    waaromNietVoldoende = serializers.CharField(source="why_not_enough")
    status = serializers.CharField()
    besluit = serializers.SerializerMethodField()
    vervangtBesluit = serializers.IntegerField(source="replaces_id", allow_null=True)
    versie = serializers.IntegerField(source="version")
    adviezen = RaadplegingSerializer(source="raadplegingen.all", many=True,
                                     help_text="de raadplegingen van deskundigen waarop het voorstel steunt (BUCH "
                                               "§4.4.1)")

    def get_besluit(self, obj) -> int | None:
        return obj.besluit.pk if obj.status == Indicatie.Status.BESLOTEN else None


class PgbSerializer(serializers.Serializer):
    bekwaam = serializers.BooleanField(default=False)
    motivering = serializers.CharField(required=False, allow_blank=True, default="", max_length=LONG_TEXT)
    kwaliteit = serializers.BooleanField(default=False)


class IndicatieInvoerSerializer(serializers.Serializer):
    casus = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                     help_text="leeg: een enkelvoudige vraag, voorbereid op de aanvraag zonder casus "
                                               "(de melding van de aanvraag is getrieerd als enkelvoudig)")
    aanvraag = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        help_text="leeg: registreer met nieuweAanvraag een aanvraag van vandaag (alleen "
                                                  "met een casus)")
    nieuweAanvraag = serializers.BooleanField(source="new_aanvraag", default=False)
    client = serializers.IntegerField(min_value=1)
    product = serializers.IntegerField(min_value=1)
    omvang = serializers.IntegerField(source="volume", min_value=0, max_value=99999999)
    frequentie = serializers.CharField(source="frequency", max_length=1)
    van = serializers.DateField(source="start")
    totEnMet = serializers.DateField(source="end")
    leveringsvorm = serializers.ChoiceField(source="form", choices=["zin", "pgb"])
    aanbieder = serializers.CharField(source="provider", required=False, allow_blank=True, default="", max_length=8,
                                      help_text="AGB-code (bij ZIN)")
    doelen = serializers.ListField(source="goal_ids", child=serializers.CharField(max_length=40), allow_empty=True,
                                   max_length=100, required=False, default=list,
                                   help_text="ids van plandoelen van de casus")
    doel = serializers.CharField(source="goal", required=False, allow_blank=True, default="", max_length=1000,
                                 help_text="zonder casus: wat deze voorziening voor de inwoner moet bereiken")
    motivering = serializers.CharField(source="motivation", allow_blank=True, max_length=LONG_TEXT)
    overwogen = serializers.ListField(source="considered",
                                      child=serializers.IntegerField(min_value=1, max_value=MAX_INT), required=False,
                                      default=list, max_length=100,
                                      help_text="ids van overwogen algemene voorzieningen")
    eigenKracht = serializers.CharField(source="own_strength", allow_blank=True, max_length=LONG_TEXT)
    netwerk = serializers.CharField(source="network", allow_blank=True, max_length=LONG_TEXT)
    waaromNietVoldoende = serializers.CharField(source="why_not_enough", allow_blank=True, max_length=LONG_TEXT)
    pgbVoorwaarden = PgbSerializer(source="pgb_conditions", required=False, default=dict)
    idempotentiesleutel = serializers.CharField(source="idempotency_key", required=False, allow_blank=True, default="",
                                                max_length=64)

    class Meta:
        # clean_indication reports the goals and the PGB conditions under shorter names than its arguments
        error_names = {"goals": "doelen", "goal": "doel", "pgb": "pgbVoorwaarden"}


class BesluitInvoerSerializer(serializers.Serializer):
    uitkomst = serializers.ChoiceField(source="outcome", choices=Besluit.Outcome.values)
    toegekendeOmvang = serializers.IntegerField(source="granted_volume", required=False, allow_null=True, default=None)
    motivering = serializers.CharField(source="reasons", allow_blank=True, max_length=LONG_TEXT)
    grondslag = serializers.CharField(source="legal_ground", required=False, allow_blank=True, default="",
                                      max_length=500)
    versie = serializers.IntegerField(source="expected_version", required=False, allow_null=True, default=None)


class BesluitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:besluit-detail")
    indicatie = serializers.IntegerField(source="indicatie_id")
    uitkomst = serializers.CharField(source="outcome")
    toegekendeOmvang = serializers.IntegerField(source="granted_volume", allow_null=True)
    grondslag = serializers.CharField(source="legal_ground")
    motivering = serializers.CharField(source="reasons")
    status = serializers.CharField()
    besluitdatum = serializers.DateField(source="established_on", allow_null=True)
    verzondenOp = serializers.DateField(source="sent_on", allow_null=True)
    briefSha256 = serializers.SerializerMethodField()
    versie = serializers.IntegerField(source="version")

    def get_briefSha256(self, obj) -> str | None:
        brief = getattr(obj, "brief", None) if obj.established_on else None
        return brief.sha256 if brief else None


class VerzendInvoerSerializer(serializers.Serializer):
    verzondenOp = serializers.DateField(source="sent_on", required=False, allow_null=True, default=None)
    versie = serializers.IntegerField(source="expected_version", required=False, allow_null=True, default=None)


class BezwaarSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:bezwaar-detail")
    besluit = serializers.IntegerField(source="besluit_id")
    ontvangenOp = serializers.DateField(source="received_on")
    indiener = serializers.CharField(source="objector")
    gronden = serializers.CharField(source="grounds")
    naDeTermijn = serializers.BooleanField(source="late")
    uitkomst = serializers.CharField(source="outcome")
    besluitOpBezwaarOp = serializers.DateField(source="decided_on", allow_null=True)
    nieuwBesluit = serializers.IntegerField(source="new_besluit_id", allow_null=True)


class BezwaarInvoerSerializer(serializers.Serializer):
    besluit = serializers.IntegerField(min_value=1)
    ontvangenOp = serializers.DateField(source="received_on")
    indiener = serializers.CharField(source="objector", allow_blank=True, max_length=200)
    gronden = serializers.CharField(source="grounds", allow_blank=True, max_length=LONG_TEXT)
