"""REST endpoints of provisions: voorzieningen and producten (the catalogue, no personal data), indicaties (with the
decision as an action), besluiten (with the letter and sending) and bezwaren. Reads of indications, decisions and
objections go through provisions.queries (scoped, logged); writes through provisions.actions."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.accounts.models import Organisatie
from toegang.cases import queries as case_queries
from toegang.core.errors import NotFound, ValidationFailed
from toegang.intake.models import Aanvraag
from toegang.provisions import actions, queries
from toegang.provisions.codes import LAWS
from toegang.provisions.models import Besluit, Indicatie, Product, Voorziening

from .intake_serializers import LONG_TEXT
from .pagination import PAGE_PARAMETERS, Paginering, paginated
from .params import MAX_INT, choice_param
from .views import _actor


class VoorzieningSerializer(serializers.Serializer):
    id = serializers.IntegerField()
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

    def get_producten(self, obj) -> list[str]:
        return [p.code for p in obj.products.all()]


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
    voorziening = serializers.CharField(source="voorziening.code")
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


@extend_schema(parameters=[OpenApiParameter("soort", str, enum=["algemeen", "maatwerk"]),
                           OpenApiParameter("wet", str, enum=["wmo", "jeugdwet", "participatiewet"])])
class VoorzieningViewSet(viewsets.ViewSet):
    """De catalogus: algemene voorzieningen (de sociale kaart) en maatwerkvoorzieningen met hun mandaatgroep."""

    serializer_class = VoorzieningSerializer
    lookup_value_converter = "int"

    def _qs(self, request):
        qs = Voorziening.objects.filter(profile_id__in=queries.actor_profiles(_actor(request)))\
            .select_related("mandate_group", "organisation").prefetch_related("products").order_by("name")
        for param, field, choices in (("soort", "kind", Voorziening.Kind.values), ("wet", "law", LAWS)):
            value = choice_param(request.query_params, param, choices)
            if value:
                qs = qs.filter(**{field: value})
        return qs

    @extend_schema(parameters=PAGE_PARAMETERS, responses=paginated(VoorzieningSerializer, "VoorzieningPagina"))
    def list(self, request):
        paginator = Paginering()
        page = paginator.paginate_queryset(self._qs(request), request, view=self)
        return paginator.get_paginated_response(VoorzieningSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        item = self._qs(request).filter(pk=int(pk)).first()
        if item is None:
            raise NotFound("Voorziening niet gevonden.")
        return Response(VoorzieningSerializer(item).data)


class ProductViewSet(viewsets.ViewSet):
    """Producten met iJw/iWmo-productcategorie en -code, eenheid, frequentie, tarieven en gecontracteerde aanbieders."""

    serializer_class = ProductSerializer
    lookup_value_converter = "int"

    def _qs(self, request):
        return Product.objects.filter(voorziening__profile_id__in=queries.actor_profiles(_actor(request)))\
            .select_related("voorziening").prefetch_related("tariffs", "contracts__provider")\
            .order_by("category", "code")

    @extend_schema(parameters=PAGE_PARAMETERS, responses=paginated(ProductSerializer, "ProductPagina"))
    def list(self, request):
        paginator = Paginering()
        page = paginator.paginate_queryset(self._qs(request), request, view=self)
        return paginator.get_paginated_response(ProductSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        item = self._qs(request).filter(pk=int(pk)).first()
        if item is None:
            raise NotFound("Product niet gevonden.")
        return Response(ProductSerializer(item).data)


class IndicatieSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:indicatie-detail")
    casus = serializers.IntegerField(source="casus_id")
    aanvraag = serializers.IntegerField(source="aanvraag_id")
    client = serializers.IntegerField(source="client_id")
    voorziening = serializers.CharField(source="voorziening.code")
    product = serializers.SerializerMethodField()
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

    def get_product(self, obj) -> str:
        return obj.product.code

    def get_besluit(self, obj) -> int | None:
        return obj.besluit.pk if obj.status == Indicatie.Status.BESLOTEN else None


class PgbSerializer(serializers.Serializer):
    bekwaam = serializers.BooleanField(default=False)
    motivering = serializers.CharField(required=False, allow_blank=True, default="", max_length=LONG_TEXT)
    kwaliteit = serializers.BooleanField(default=False)


class IndicatieInvoerSerializer(serializers.Serializer):
    casus = serializers.IntegerField(min_value=1)
    aanvraag = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        help_text="leeg: registreer met nieuweAanvraag een aanvraag van vandaag")
    nieuweAanvraag = serializers.BooleanField(default=False)
    client = serializers.IntegerField(min_value=1)
    product = serializers.IntegerField(min_value=1)
    omvang = serializers.IntegerField(min_value=0, max_value=99999999)
    frequentie = serializers.CharField(max_length=1)
    van = serializers.DateField()
    totEnMet = serializers.DateField()
    leveringsvorm = serializers.ChoiceField(choices=["zin", "pgb"])
    aanbieder = serializers.CharField(required=False, allow_blank=True, default="", max_length=8,
                                      help_text="AGB-code (bij ZIN)")
    doelen = serializers.ListField(child=serializers.CharField(max_length=40), allow_empty=True, max_length=100)
    motivering = serializers.CharField(allow_blank=True, max_length=LONG_TEXT)
    overwogen = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_INT), required=False,
                                      default=list, max_length=100,
                                      help_text="ids van overwogen algemene voorzieningen")
    eigenKracht = serializers.CharField(allow_blank=True, max_length=LONG_TEXT)
    netwerk = serializers.CharField(allow_blank=True, max_length=LONG_TEXT)
    waaromNietVoldoende = serializers.CharField(allow_blank=True, max_length=LONG_TEXT)
    pgbVoorwaarden = PgbSerializer(required=False, default=dict)
    idempotentiesleutel = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)


class BesluitInvoerSerializer(serializers.Serializer):
    uitkomst = serializers.ChoiceField(choices=Besluit.Outcome.values)
    toegekendeOmvang = serializers.IntegerField(required=False, allow_null=True, default=None)
    motivering = serializers.CharField(allow_blank=True, max_length=LONG_TEXT)
    grondslag = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    versie = serializers.IntegerField(required=False, allow_null=True, default=None)


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
    verzondenOp = serializers.DateField(required=False, allow_null=True, default=None)
    versie = serializers.IntegerField(required=False, allow_null=True, default=None)


class BezwaarSerializer(serializers.Serializer):
    id = serializers.IntegerField()
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
    ontvangenOp = serializers.DateField()
    indiener = serializers.CharField(allow_blank=True, max_length=200)
    gronden = serializers.CharField(allow_blank=True, max_length=LONG_TEXT)


def _log_page(actor, request, client_ids, purpose):
    queries.log_clients(actor, client_ids, purpose=purpose, channel="api", resource=request.get_full_path())


class IndicatieViewSet(viewsets.ViewSet):
    """Indicaties binnen uw bereik; een voorstel indienen (inventarisatie en diagnose) en besluiten (mandaat)."""

    serializer_class = IndicatieSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Indicatie.Status.values), *PAGE_PARAMETERS],
                   responses=paginated(IndicatieSerializer, "IndicatiePagina"))
    def list(self, request):
        actor = _actor(request)
        qs = queries.list_indications_for(actor)\
            .select_related("voorziening", "product", "provider", "besluit").order_by("-prepared_at", "-id")
        status_code = choice_param(request.query_params, "status", Indicatie.Status.values)
        if status_code:
            qs = qs.filter(status=status_code)
        paginator = Paginering()
        page = paginator.paginate_queryset(qs, request, view=self)
        _log_page(actor, request, [i.client_id for i in page], "indicaties opvragen (API)")
        return paginator.get_paginated_response(IndicatieSerializer(page, many=True, context={"request": request}).data)

    def retrieve(self, request, pk=None):
        indicatie = queries.access_indication(_actor(request), int(pk), purpose="indicatie bekijken (API)",
                                              channel="api", resource=request.path)
        return Response(IndicatieSerializer(indicatie, context={"request": request}).data)

    @extend_schema(request=IndicatieInvoerSerializer, responses={201: IndicatieSerializer, 200: IndicatieSerializer})
    def create(self, request):
        actor = _actor(request)
        serializer = IndicatieInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        casus = case_queries.access_case(actor, d["casus"], purpose="indicatie voorstellen (API)", channel="api",
                                         resource=request.path)
        product = Product.objects.filter(pk=d["product"], voorziening__gemeenten=casus.gemeente)\
            .select_related("voorziening__mandate_group").first()
        client = next((m for m in casus.members if m.pk == d["client"]), None)
        errors = {}
        if product is None:
            errors["product"] = ["Onbekend product in deze gemeente."]
        if client is None:
            errors["client"] = ["Deze inwoner hoort niet bij het huishouden."]
        provider = None
        if d["aanbieder"]:
            provider = Organisatie.objects.filter(agb_code=d["aanbieder"], gemeenten=casus.gemeente).first()
            if provider is None:
                errors["provider"] = [f"Geen aanbieder met AGB-code {d['aanbieder']} in deze gemeente."]
        aanvraag = None
        if d["aanvraag"]:
            aanvraag = Aanvraag.objects.filter(pk=d["aanvraag"], applicant__household_id=casus.household_id)\
                .select_related("applicant").first()
            if aanvraag is None:
                errors["aanvraag"] = ["Deze aanvraag hoort niet bij dit huishouden."]
        if errors:
            raise ValidationFailed("Het voorstel is niet volledig of niet juist.", field_errors=errors)
        indicatie = actions.check_prepare_indication(
            actor=actor, casus=casus, aanvraag=aanvraag, new_aanvraag=d["nieuweAanvraag"] and aanvraag is None,
            idempotency_key=d["idempotentiesleutel"],
            data=actions.IndicationData(
                voorziening=product.voorziening, product=product, client=client, volume=d["omvang"],
                frequency=d["frequentie"], start=d["van"], end=d["totEnMet"], form=d["leveringsvorm"],
                provider=provider, goal_ids=d["doelen"], motivation=d["motivering"],
                considered=list(Voorziening.objects.filter(pk__in=d["overwogen"], profile_id=casus.gemeente.profile_id)),
                own_strength=d["eigenKracht"], network=d["netwerk"], why_not_enough=d["waaromNietVoldoende"],
                pgb_conditions=dict(d["pgbVoorwaarden"])))
        return Response(IndicatieSerializer(indicatie, context={"request": request}).data,
                        status=status.HTTP_201_CREATED if indicatie.created else status.HTTP_200_OK)

    @extend_schema(request=BesluitInvoerSerializer, responses={201: BesluitSerializer})
    @action(detail=True, methods=["post"], url_path="besluit")
    def besluit(self, request, pk=None):
        actor = _actor(request)
        indicatie = queries.access_indication(actor, int(pk), purpose="besluiten (API)", channel="api",
                                              resource=request.path)
        serializer = BesluitInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        besluit = actions.check_decide(actor=actor, indicatie=indicatie, outcome=d["uitkomst"],
                                       reasons=d["motivering"], granted_volume=d["toegekendeOmvang"],
                                       legal_ground=d["grondslag"], expected_version=d["versie"])
        return Response(BesluitSerializer(besluit, context={"request": request}).data, status=status.HTTP_201_CREATED)


class BesluitViewSet(viewsets.ViewSet):
    """Besluiten binnen uw bereik, de besluitbrief (pdf, onveranderlijk) en de administratieve verwerking."""

    serializer_class = BesluitSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=PAGE_PARAMETERS, responses=paginated(BesluitSerializer, "BesluitPagina"))
    def list(self, request):
        actor = _actor(request)
        qs = queries.list_besluiten_for(actor)\
            .select_related("indicatie", "brief").defer("brief__pdf").order_by("-decided_at", "-id")
        paginator = Paginering()
        page = paginator.paginate_queryset(qs, request, view=self)
        _log_page(actor, request, [b.indicatie.client_id for b in page], "besluiten opvragen (API)")
        return paginator.get_paginated_response(BesluitSerializer(page, many=True, context={"request": request}).data)

    def retrieve(self, request, pk=None):
        besluit = queries.access_besluit(_actor(request), int(pk), purpose="besluit bekijken (API)", channel="api",
                                         resource=request.path)
        return Response(BesluitSerializer(besluit, context={"request": request}).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path="brief")
    def brief(self, request, pk=None):
        besluit = queries.access_besluit(_actor(request), int(pk), purpose="besluitbrief (API)", channel="export",
                                         resource=request.path)
        brief = getattr(besluit, "brief", None) if besluit.established_on else None
        if brief is None:
            raise NotFound("Er is nog geen brief: het besluit is nog niet vastgesteld.")
        response = HttpResponse(bytes(brief.pdf), content_type="application/pdf")
        response["X-Content-SHA256"] = brief.sha256
        return response

    @extend_schema(request=VerzendInvoerSerializer, responses={200: BesluitSerializer})
    @action(detail=True, methods=["post"], url_path="verzenden")
    def verzenden(self, request, pk=None):
        actor = _actor(request)
        besluit = queries.access_besluit(actor, int(pk), purpose="besluit verzenden (API)", channel="api",
                                         resource=request.path)
        serializer = VerzendInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        besluit = actions.check_send_decision(actor=actor, besluit=besluit, sent_on=serializer.validated_data["verzondenOp"],
                                              expected_version=serializer.validated_data["versie"])
        return Response(BesluitSerializer(besluit, context={"request": request}).data)


class BezwaarViewSet(viewsets.ViewSet):
    """Bezwaren tegen besluiten binnen uw bereik; registreren (beschikking of administratieve verwerking)."""

    serializer_class = BezwaarSerializer
    lookup_value_converter = "int"

    def _qs(self, actor):
        return queries.list_objections_for(actor)\
            .select_related("besluit__indicatie").order_by("-received_on", "-id")

    @extend_schema(parameters=PAGE_PARAMETERS, responses=paginated(BezwaarSerializer, "BezwaarPagina"))
    def list(self, request):
        actor = _actor(request)
        paginator = Paginering()
        page = paginator.paginate_queryset(self._qs(actor), request, view=self)
        _log_page(actor, request, [b.besluit.indicatie.client_id for b in page], "bezwaren opvragen (API)")
        return paginator.get_paginated_response(BezwaarSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        actor = _actor(request)
        bezwaar = self._qs(actor).filter(pk=int(pk)).first()
        if bezwaar is None:
            raise NotFound("Bezwaar niet gevonden.")
        _log_page(actor, request, [bezwaar.besluit.indicatie.client_id], "bezwaar bekijken (API)")
        return Response(BezwaarSerializer(bezwaar).data)

    @extend_schema(request=BezwaarInvoerSerializer, responses={201: BezwaarSerializer})
    def create(self, request):
        actor = _actor(request)
        serializer = BezwaarInvoerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        besluit = queries.access_besluit(actor, d["besluit"], purpose="bezwaar registreren (API)", channel="api",
                                         resource=request.path)
        bezwaar = actions.check_register_objection(actor=actor, besluit=besluit, received_on=d["ontvangenOp"],
                                                   objector=d["indiener"], grounds=d["gronden"])
        return Response(BezwaarSerializer(bezwaar).data, status=status.HTTP_201_CREATED)
