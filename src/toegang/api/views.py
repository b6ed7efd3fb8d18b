"""REST endpoints for inwoners and huishoudens. Reads through persons.queries (scoped, logged, channel api),
writes through persons.actions; errors come out as problem+json (api.errors)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.accounts.actors import actor_for_request
from toegang.accounts.models import Gemeente
from toegang.core.errors import NotAllowed, NotFound, ValidationFailed
from toegang.core.postcodes import normalise_postcode
from toegang.persons import actions, permissions, queries
from toegang.persons.models import Household
from toegang.persons.permissions import can_register_resident, gemeenten_to_register

from . import serializers as s
from .conventions import created, problems
from .inputs import read_input, take
from .pagination import PAGE_PARAMETERS, Paginering, page_link, paginated, unpaged
from .params import int_param


def request_actor(request):
    actor = actor_for_request(request)
    if actor is None:  # authenticated but inactive; IsAuthenticated normally stops this earlier
        raise NotFound()
    return actor


SEARCH_PARAMS = [
    OpenApiParameter("bsn", str, description="BSN (elfproef)"),
    OpenApiParameter("naam", str, description="begin van de geslachtsnaam"),
    OpenApiParameter("geboortedatum", str, description="JJJJ-MM-DD"),
    OpenApiParameter("postcode", str),
    OpenApiParameter("huisnummer", int),
]


class InwonerViewSet(viewsets.ViewSet):
    """Inwoners: zoeken, bekijken, registreren, wijzigen."""

    serializer_class = s.InwonerSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=[*SEARCH_PARAMS, *PAGE_PARAMETERS],
                   responses={200: unpaged(s.InwonerSerializer, "InwonerZoekresultaat")})
    def list(self, request):
        params = request.query_params
        errors: dict[str, list[str]] = {}
        geboortedatum = None
        if params.get("geboortedatum"):
            field = s.serializers.DateField()
            try:
                geboortedatum = field.to_internal_value(params["geboortedatum"])
            except s.serializers.ValidationError:
                errors["geboortedatum"] = ["Geen geldige datum (JJJJ-MM-DD)."]
        huisnummer = None
        if params.get("huisnummer"):
            value = params["huisnummer"]
            if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 99999:
                errors["huisnummer"] = ["Huisnummer is een getal van 1 tot en met 99999."]
            else:
                huisnummer = int(value)
        if errors:
            raise ValidationFailed("Controleer de zoekparameters.", field_errors=errors)
        criteria = queries.ResidentSearch(bsn=params.get("bsn", ""), name=params.get("naam", ""),
                                          geboortedatum=geboortedatum, postcode=params.get("postcode", ""),
                                          huisnummer=huisnummer)
        if criteria.is_empty():
            raise ValidationFailed("Zoek op bsn, naam (eventueel met geboortedatum) of postcode met huisnummer.",
                                   field_errors={"bsn": ["Geef ten minste één zoekcriterium."]})
        page_size = Paginering().get_page_size(request)
        page = int_param(params, "page") or 1
        rows, has_more = queries.search_residents_for(
            request_actor(request), criteria, purpose="zoeken naar inwoner (API)", channel="api",
            resource=request.get_full_path(), limit=page_size, offset=(page - 1) * page_size,
        )
        data = s.InwonerSerializer(rows, many=True, context={"request": request}).data
        return Response({"next": page_link(request, page + 1, page_size) if has_more else None,
                         "previous": page_link(request, page - 1, page_size) if page > 1 else None,
                         "results": data})

    @extend_schema(responses={200: s.InwonerSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        resident = queries.access_resident(request_actor(request), _int(pk), purpose="inwoner bekijken (API)", channel="api",
                                           resource=request.path)
        return Response(s.InwonerSerializer(resident, context={"request": request}).data)

    @extend_schema(request=s.InwonerAanmakenSerializer,
                   responses={201: s.InwonerSerializer, **problems(403, 404, 409)})
    def create(self, request):
        if not gemeenten_to_register(request_actor(request)):
            raise NotAllowed("U mag geen inwoners registreren.")
        d = read_input(request, s.InwonerAanmakenSerializer)
        actor = request_actor(request)
        gemeente = Gemeente.objects.filter(cbs_code=d.pop("gemeente")).first()
        if gemeente is None or not can_register_resident(actor, gemeente.pk):
            raise ValidationFailed("Onbekende gemeente, of u mag daar geen inwoners registreren.",
                                   field_errors={"gemeente": ["Onbekende gemeente of geen bevoegdheid."]})
        if d["household"]:
            d["household"] = queries.access_household(actor, d["household"], purpose="inwoner toevoegen aan huishouden",
                                                      channel="api", resource=request.path)
        if d["address"]:
            d["address"] = actions.AddressData(**d["address"])
        resident = actions.check_register_resident(actor=actor, gemeente=gemeente, data=take(d, actions.ResidentData),
                                                   **d)
        resident = queries.access_resident(actor, resident.pk, purpose="geregistreerde inwoner teruggeven", channel="api")
        return created(request, s.InwonerSerializer(resident, context={"request": request}).data, "inwoner-detail",
                       pk=resident.pk)

    @extend_schema(request=s.InwonerWijzigenSerializer, responses={200: s.InwonerSerializer, **problems(403, 404, 409)})
    def update(self, request, pk=None):
        actor = request_actor(request)
        resident = queries.access_resident(actor, _int(pk), purpose="inwoner wijzigen (API)", channel="api",
                                           resource=request.path)
        if not permissions.can_edit_resident(actor, resident):
            raise NotAllowed("U mag deze inwoner niet wijzigen.")
        d = read_input(request, s.InwonerWijzigenSerializer)
        resident = actions.check_update_resident(actor=actor, resident=resident, data=take(d, actions.ResidentData), **d)
        return Response(s.InwonerSerializer(resident, context={"request": request}).data)


class HuishoudenViewSet(viewsets.ViewSet):
    """Huishoudens: lijst (binnen uw bereik), bekijken met leden, relaties, netwerk en adressen, aanmaken, verhuizen."""

    serializer_class = s.HuishoudenSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=[OpenApiParameter("postcode", str), OpenApiParameter("huisnummer", int),
                               *PAGE_PARAMETERS],
                   responses={200: paginated(s.HuishoudenSerializer, "HuishoudenPagina"), **problems(404)})
    def list(self, request):
        actor = request_actor(request)
        qs = queries.visible_households(actor).select_related("gemeente", "wijk").order_by("id")
        if request.query_params.get("postcode"):
            try:
                qs = qs.filter(postcode=normalise_postcode(request.query_params["postcode"]))
            except ValueError as exc:
                raise ValidationFailed("Controleer de zoekparameters.", field_errors={"postcode": [str(exc)]}) from None
        huisnummer = int_param(request.query_params, "huisnummer", maximum=99999)
        if huisnummer is not None:
            qs = qs.filter(huisnummer=huisnummer)
        paginator = Paginering()
        page = paginator.paginate_queryset(qs, request, view=self)
        queries.log_household_list(actor, [h.pk for h in page], purpose="huishoudens opvragen (API)", channel="api",
                                   resource=request.get_full_path())
        return paginator.get_paginated_response(s.HuishoudenSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(request=s.HuishoudenAanmakenSerializer, responses={201: s.HuishoudenSerializer, **problems(403)})
    def create(self, request):
        actor = request_actor(request)
        if not gemeenten_to_register(actor):
            raise NotAllowed("U mag geen huishoudens registreren.")
        d = read_input(request, s.HuishoudenAanmakenSerializer)
        gemeente = Gemeente.objects.filter(cbs_code=d.pop("gemeente")).first()
        if gemeente is None or not can_register_resident(actor, gemeente.pk):
            raise ValidationFailed("Onbekende gemeente, of u mag daar geen huishoudens registreren.",
                                   field_errors={"gemeente": ["Onbekende gemeente of geen bevoegdheid."]})
        household = actions.check_create_household(actor=actor, gemeente=gemeente, address=take(d, actions.AddressData),
                                                   **d)
        household = Household.objects.select_related("gemeente", "wijk").get(pk=household.pk)
        return created(request, s.HuishoudenSerializer(household, context={"request": request}).data,
                       "huishouden-detail", pk=household.pk)

    @extend_schema(responses={200: s.HuishoudenDetailSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        household = queries.access_household(request_actor(request), _int(pk), purpose="huishouden bekijken (API)",
                                             channel="api", resource=request.path)
        return Response(s.HuishoudenDetailSerializer(household, context={"request": request}).data)

    @extend_schema(request=s.VerhuizingSerializer, responses={200: s.HuishoudenSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="verhuizing")
    def verhuizing(self, request, pk=None):
        actor = request_actor(request)
        household = queries.access_household(actor, _int(pk), purpose="huishouden verhuizen (API)", channel="api",
                                             resource=request.path)
        if not permissions.can_edit_household(actor, household):
            raise NotAllowed("U mag dit huishouden niet wijzigen.")
        d = read_input(request, s.VerhuizingSerializer)
        household = actions.check_move_household(actor=actor, household=household, address=take(d, actions.AddressData),
                                                 **d)
        household = get_object_or_404(Household.objects.select_related("gemeente", "wijk"), pk=household.pk)
        return Response(s.HuishoudenSerializer(household, context={"request": request}).data)


def _int(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None

