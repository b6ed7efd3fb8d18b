"""REST endpoints of provisions: voorzieningen and producten (the catalogue, no personal data), indicaties (with the
decision as an action), besluiten (with the letter and sending) and bezwaren. Reads of indications, decisions and
bezwaren go through provisions.queries (scoped, logged); writes through provisions.actions."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.accounts.models import Organisatie
from toegang.cases import queries as case_queries
from toegang.core.errors import NotFound, ValidationFailed
from toegang.intake import queries as intake_queries
from toegang.intake.models import Aanvraag
from toegang.provisions import actions, queries
from toegang.provisions.codes import LAWS
from toegang.provisions.models import Indicatie, Product, Voorziening

from .conventions import created, problems
from .inputs import read_input, take
from .pagination import PAGE_PARAMETERS, Paginering, paginated
from .params import choice_param
from .provision_serializers import (
    BesluitInvoerSerializer,
    BesluitSerializer,
    BezwaarInvoerSerializer,
    BezwaarSerializer,
    IndicatieInvoerSerializer,
    IndicatieSerializer,
    ProductSerializer,
    VerzendInvoerSerializer,
    VoorzieningSerializer,
)
from .views import request_actor


@extend_schema(parameters=[OpenApiParameter("soort", str, enum=["algemeen", "maatwerk"]),
                           OpenApiParameter("wet", str, enum=["wmo", "jeugdwet", "participatiewet"])])
class VoorzieningViewSet(viewsets.ViewSet):
    """De catalogus: algemene voorzieningen (de sociale kaart) en maatwerkvoorzieningen met hun mandaatgroep."""

    serializer_class = VoorzieningSerializer
    lookup_value_converter = "int"

    def _qs(self, request):
        qs = Voorziening.objects.filter(profile_id__in=queries.actor_profiles(request_actor(request)))\
            .select_related("mandate_group", "organisation").prefetch_related("products").order_by("name")
        for param, field, choices in (("soort", "kind", Voorziening.Kind.values), ("wet", "law", LAWS)):
            value = choice_param(request.query_params, param, choices)
            if value:
                qs = qs.filter(**{field: value})
        return qs

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(VoorzieningSerializer, "VoorzieningPagina"), **problems(404)})
    def list(self, request):
        paginator = Paginering()
        page = paginator.paginate_queryset(self._qs(request), request, view=self)
        return paginator.get_paginated_response(VoorzieningSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: VoorzieningSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        item = self._qs(request).filter(pk=int(pk)).first()
        if item is None:
            raise NotFound("Voorziening niet gevonden.")
        return Response(VoorzieningSerializer(item, context={"request": request}).data)


class ProductViewSet(viewsets.ViewSet):
    """Producten met iJw/iWmo-productcategorie en -code, eenheid, frequentie, tarieven en gecontracteerde aanbieders."""

    serializer_class = ProductSerializer
    lookup_value_converter = "int"

    def _qs(self, request):
        return Product.objects.filter(voorziening__profile_id__in=queries.actor_profiles(request_actor(request)))\
            .select_related("voorziening").prefetch_related("tariffs", "contracts__provider")\
            .order_by("category", "code")

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(ProductSerializer, "ProductPagina"), **problems(404)})
    def list(self, request):
        paginator = Paginering()
        page = paginator.paginate_queryset(self._qs(request), request, view=self)
        return paginator.get_paginated_response(ProductSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: ProductSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        item = self._qs(request).filter(pk=int(pk)).first()
        if item is None:
            raise NotFound("Product niet gevonden.")
        return Response(ProductSerializer(item, context={"request": request}).data)


def _log_page(actor, request, client_ids, purpose):
    queries.log_clients(actor, client_ids, purpose=purpose, channel="api", resource=request.get_full_path())


class IndicatieViewSet(viewsets.ViewSet):
    """Indicaties binnen uw bereik; een voorstel indienen (inventarisatie en diagnose) en besluiten (mandaat)."""

    serializer_class = IndicatieSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Indicatie.Status.values), *PAGE_PARAMETERS],
                   responses={200: paginated(IndicatieSerializer, "IndicatiePagina"), **problems(404)})
    def list(self, request):
        actor = request_actor(request)
        qs = queries.list_indications_for(actor)\
            .select_related("voorziening", "product", "provider", "besluit").prefetch_related("raadplegingen")\
            .order_by("-prepared_at", "-id")
        status_code = choice_param(request.query_params, "status", Indicatie.Status.values)
        if status_code:
            qs = qs.filter(status=status_code)
        paginator = Paginering()
        page = paginator.paginate_queryset(qs, request, view=self)
        _log_page(actor, request, [i.client_id for i in page], "indicaties opvragen (API)")
        return paginator.get_paginated_response(IndicatieSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: IndicatieSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        indicatie = queries.access_indication(request_actor(request), int(pk), purpose="indicatie bekijken (API)",
                                              channel="api", resource=request.path)
        return Response(IndicatieSerializer(indicatie, context={"request": request}).data)

    @extend_schema(request=IndicatieInvoerSerializer,
                   responses={201: IndicatieSerializer, 200: IndicatieSerializer, **problems(403, 404, 409)})
    def create(self, request):
        actor = request_actor(request)
        d = read_input(request, IndicatieInvoerSerializer)
        casus_id = d.pop("casus")
        if casus_id is None:
            return self._create_single(request, actor, d)
        casus = case_queries.access_case(actor, casus_id, purpose="indicatie voorstellen (API)", channel="api",
                                         resource=request.path)
        product = d["product"] = Product.objects.filter(pk=d["product"], voorziening__gemeenten=casus.gemeente)\
            .select_related("voorziening__mandate_group").first()
        d["client"] = next((m for m in casus.members if m.pk == d["client"]), None)
        errors = {}
        if product is None:
            errors["product"] = ["Onbekend product in deze gemeente."]
        if d["client"] is None:
            errors["client"] = ["Deze inwoner hoort niet bij het huishouden."]
        agb_code, d["provider"] = d["provider"], None
        if agb_code:
            d["provider"] = Organisatie.objects.filter(agb_code=agb_code, gemeenten=casus.gemeente).first()
            if d["provider"] is None:
                errors["provider"] = [f"Geen aanbieder met AGB-code {agb_code} in deze gemeente."]
        aanvraag_id, aanvraag = d.pop("aanvraag"), None
        if aanvraag_id:
            aanvraag = Aanvraag.objects.filter(pk=aanvraag_id, applicant__household_id=casus.household_id)\
                .select_related("applicant").first()
            if aanvraag is None:
                errors["aanvraag"] = ["Deze aanvraag hoort niet bij dit huishouden."]
        if errors:
            raise ValidationFailed("Het voorstel is niet volledig of niet juist.", field_errors=errors)
        d["considered"] = list(Voorziening.objects.filter(pk__in=d["considered"], profile_id=casus.gemeente.profile_id))
        d["pgb_conditions"] = dict(d["pgb_conditions"])
        d["new_aanvraag"] = d["new_aanvraag"] and aanvraag is None
        indicatie = actions.check_prepare_indication(
            actor=actor, casus=casus, aanvraag=aanvraag,
            data=take(d, actions.IndicationData, voorziening=product.voorziening), **d)
        data = IndicatieSerializer(indicatie, context={"request": request}).data
        return created(request, data, "indicatie-detail", pk=indicatie.pk) if indicatie.created else Response(data)

    def _create_single(self, request, actor, d):
        """Without `casus`: a single question's proposal on its aanvraag (provisions.actions.
        check_prepare_single_indication); the aanvraag is found through its melding's scope (404 outside it)."""
        aanvraag_id = d.pop("aanvraag")
        if aanvraag_id is None:
            raise ValidationFailed("Het voorstel is niet volledig.", field_errors={"aanvraag": [
                "Zonder casus hoort een voorstel bij de aanvraag van een enkelvoudige vraag: geef de aanvraag."]})
        aanvraag = intake_queries.visible_aanvragen(actor).select_related("applicant__household")\
            .filter(pk=aanvraag_id).first()
        if aanvraag is None:
            raise NotFound("Aanvraag niet gevonden.")
        intake_queries.log_aanvragen_read(actor, [aanvraag], purpose="indicatie voorstellen (API)", channel="api",
                                          resource=request.path)
        if d.pop("new_aanvraag"):
            raise ValidationFailed("Het voorstel is niet juist.", field_errors={"nieuweAanvraag": [
                "Een nieuwe aanvraag registreert u op de melding; zonder casus hoort het voorstel bij een aanvraag."]})
        household_id = aanvraag.applicant.household_id
        product = d["product"] = Product.objects.filter(pk=d["product"], voorziening__gemeenten=aanvraag.gemeente_id)\
            .select_related("voorziening__mandate_group").first()
        client = d["client"] = aanvraag.applicant.household.current_residents.filter(pk=d["client"]).first() \
            if household_id else None
        errors = {}
        if product is None:
            errors["product"] = ["Onbekend product in deze gemeente."]
        if client is None:
            errors["client"] = ["Deze inwoner hoort niet bij het huishouden van de aanvrager."]
        agb_code, d["provider"] = d["provider"], None
        if agb_code:
            d["provider"] = Organisatie.objects.filter(agb_code=agb_code, gemeenten=aanvraag.gemeente_id).first()
            if d["provider"] is None:
                errors["provider"] = [f"Geen aanbieder met AGB-code {agb_code} in deze gemeente."]
        if errors:
            raise ValidationFailed("Het voorstel is niet volledig of niet juist.", field_errors=errors)
        d["considered"] = list(Voorziening.objects.filter(pk__in=d["considered"],
                                                          profile__gemeenten=aanvraag.gemeente_id))
        d["pgb_conditions"] = dict(d["pgb_conditions"])
        indicatie = actions.check_prepare_single_indication(
            actor=actor, aanvraag=aanvraag, data=take(d, actions.IndicationData, voorziening=product.voorziening),
            **d)
        data = IndicatieSerializer(indicatie, context={"request": request}).data
        return created(request, data, "indicatie-detail", pk=indicatie.pk) if indicatie.created else Response(data)

    @extend_schema(request=BesluitInvoerSerializer, responses={201: BesluitSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="besluit")
    def besluit(self, request, pk=None):
        actor = request_actor(request)
        indicatie = queries.access_indication(actor, int(pk), purpose="besluiten (API)", channel="api",
                                              resource=request.path)
        d = read_input(request, BesluitInvoerSerializer)
        besluit = actions.check_decide(actor=actor, indicatie=indicatie, **d)
        return created(request, BesluitSerializer(besluit, context={"request": request}).data, "besluit-detail",
                       pk=besluit.pk)


class BesluitViewSet(viewsets.ViewSet):
    """Besluiten binnen uw bereik, de besluitbrief (pdf, onveranderlijk) en de administratieve verwerking."""

    serializer_class = BesluitSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(BesluitSerializer, "BesluitPagina"), **problems(404)})
    def list(self, request):
        actor = request_actor(request)
        qs = queries.list_besluiten_for(actor)\
            .select_related("indicatie", "brief").defer("brief__pdf").order_by("-decided_at", "-id")
        paginator = Paginering()
        page = paginator.paginate_queryset(qs, request, view=self)
        _log_page(actor, request, [b.indicatie.client_id for b in page], "besluiten opvragen (API)")
        return paginator.get_paginated_response(BesluitSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: BesluitSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        besluit = queries.access_besluit(request_actor(request), int(pk), purpose="besluit bekijken (API)", channel="api",
                                         resource=request.path)
        return Response(BesluitSerializer(besluit, context={"request": request}).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY, **problems(404)})
    @action(detail=True, methods=["get"], url_path="brief")
    def brief(self, request, pk=None):
        besluit = queries.access_besluit(request_actor(request), int(pk), purpose="besluitbrief (API)", channel="export",
                                         resource=request.path)
        brief = getattr(besluit, "brief", None) if besluit.established_on else None
        if brief is None:
            raise NotFound("Er is nog geen brief: het besluit is nog niet vastgesteld.")
        response = HttpResponse(bytes(brief.pdf), content_type="application/pdf")
        response["X-Content-SHA256"] = brief.sha256
        return response

    @extend_schema(request=VerzendInvoerSerializer, responses={200: BesluitSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="verzenden")
    def verzenden(self, request, pk=None):
        actor = request_actor(request)
        besluit = queries.access_besluit(actor, int(pk), purpose="besluit verzenden (API)", channel="api",
                                         resource=request.path)
        d = read_input(request, VerzendInvoerSerializer)
        besluit = actions.check_send_decision(actor=actor, besluit=besluit, **d)
        return Response(BesluitSerializer(besluit, context={"request": request}).data)


class BezwaarViewSet(viewsets.ViewSet):
    """Bezwaren tegen besluiten binnen uw bereik; registreren (beschikking of administratieve verwerking)."""

    serializer_class = BezwaarSerializer
    lookup_value_converter = "int"

    def _qs(self, actor):
        return queries.list_bezwaren_for(actor)\
            .select_related("besluit__indicatie").order_by("-received_on", "-id")

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(BezwaarSerializer, "BezwaarPagina"), **problems(404)})
    def list(self, request):
        actor = request_actor(request)
        paginator = Paginering()
        page = paginator.paginate_queryset(self._qs(actor), request, view=self)
        _log_page(actor, request, [b.besluit.indicatie.client_id for b in page], "bezwaren opvragen (API)")
        return paginator.get_paginated_response(BezwaarSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: BezwaarSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        actor = request_actor(request)
        bezwaar = self._qs(actor).filter(pk=int(pk)).first()
        if bezwaar is None:
            raise NotFound("Bezwaar niet gevonden.")
        _log_page(actor, request, [bezwaar.besluit.indicatie.client_id], "bezwaar bekijken (API)")
        return Response(BezwaarSerializer(bezwaar, context={"request": request}).data)

    @extend_schema(request=BezwaarInvoerSerializer, responses={201: BezwaarSerializer, **problems(403, 404, 409)})
    def create(self, request):
        actor = request_actor(request)
        d = read_input(request, BezwaarInvoerSerializer)
        besluit = queries.access_besluit(actor, d.pop("besluit"), purpose="bezwaar registreren (API)", channel="api",
                                         resource=request.path)
        bezwaar = actions.check_register_bezwaar(actor=actor, besluit=besluit, **d)
        return created(request, BezwaarSerializer(bezwaar, context={"request": request}).data, "bezwaar-detail",
                       pk=bezwaar.pk)
