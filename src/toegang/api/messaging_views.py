"""REST endpoints of the messages with providers (issue 14 item 8; docs/api.md, docs/messaging.md): `berichten`
(list, detail, the XML, upload of a provider's file) and `toewijzingen` (list, detail with its messages). Only for
holders of messages.manage (the back office); everyone else 403. Reads through messaging.queries (scoped; a read of a
client logged), the upload through messaging.actions.receive — the same path as the page and the import command."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.core.errors import NotAllowed
from toegang.messaging import actions, queries
from toegang.messaging.models import Bericht, Toewijzing
from toegang.messaging.permissions import can_handle_messages
from toegang.messaging.standards import known_kinds

from .conventions import created, problems
from .errors import problem
from .messaging_serializers import (
    BerichtDetailSerializer,
    BerichtSerializer,
    DeclaratieDetailSerializer,
    DeclaratieSerializer,
    ToewijzingDetailSerializer,
    ToewijzingSerializer,
)
from .pagination import PAGE_PARAMETERS, Paginering, paginated
from .params import choice_param, refuse
from .views import request_actor

PURPOSE = "berichtenverkeer met aanbieders (API)"
# The iStandaarden exchange XML; both registered names of the media type are taken (RFC 7303 §4)
XML_MEDIA_TYPES = ("application/xml", "text/xml")


def _actor(request):
    actor = request_actor(request)
    if not can_handle_messages(actor):
        raise NotAllowed("Alleen de backoffice (berichtenverkeer met aanbieders) gebruikt berichten en toewijzingen.")
    return actor


def _detail(request, message: Bericht, answers) -> dict:
    message.answer_list = answers
    return BerichtDetailSerializer(message, context={"request": request}).data


UPLOAD_DOC = """Een bestand van een aanbieder inlezen: de body is het bericht zelf (`application/xml`), zoals het uit
het berichtenverkeer (VECOZO/GGK) komt. Het bestand wordt altijd bewaard, wat het ook bevat, en gecontroleerd en
beantwoord zoals bij `toegang berichten import`.

- `201`: ontvangen en bewaard; `status` zegt hoe het verging (`verwerkt`, `afgekeurd`, `onleesbaar`,
  `niet-verwerkt`), `bevindingen` wat er niet klopte, `antwoorden` het retourbericht. Ook een onleesbaar of
  afgekeurd bestand is ontvangen en bewaard: ook dat is `201`.
- `200`: dit bericht (dezelfde afzender, soort en identificatie) was al ontvangen; niets is opnieuw verwerkt en het
  antwoord is de eerste ontvangst met zijn retourbericht (iStandaarden retourcode 9056).
- `413`: groter dan de grens van de API; niet gelezen en niet bewaard.
- `415`: de body is geen `application/xml` of `text/xml`."""


class BerichtViewSet(viewsets.ViewSet):
    """Berichten met aanbieders (iJw/iWmo): verstuurd en ontvangen, met hun stand en bevindingen."""

    serializer_class = BerichtSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=[OpenApiParameter("richting", str, enum=Bericht.Direction.values),
                               OpenApiParameter("status", str, enum=Bericht.Status.values),
                               OpenApiParameter("soort", str, enum=known_kinds(),
                                                description="de soort bericht (JW301, WMO305, …)"),
                               *PAGE_PARAMETERS],
                   responses={200: paginated(BerichtSerializer, "BerichtPagina"), **problems(403, 404)})
    def list(self, request):
        actor = _actor(request)
        params = request.query_params
        found = queries.message_list(
            actor, direction=choice_param(params, "richting", Bericht.Direction.values),
            status=choice_param(params, "status", Bericht.Status.values),
            kind=choice_param(params, "soort", known_kinds()))
        paginator = Paginering()
        page = paginator.paginate_queryset(found, request, view=self)
        return paginator.get_paginated_response(BerichtSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: BerichtDetailSerializer, **problems(403, 404)})
    def retrieve(self, request, pk=None):
        actor = _actor(request)
        message = queries.open_message(actor, int(pk), purpose=PURPOSE, channel="api", resource=request.path)
        return Response(_detail(request, message, queries.answers_of(message)))

    @extend_schema(responses={(200, "application/xml"): OpenApiTypes.BINARY, **problems(403, 404)})
    @action(detail=True, methods=["get"], url_path="xml")
    def xml(self, request, pk=None):
        """Het bestand zoals het verstuurd of ontvangen is, byte voor byte."""
        actor = _actor(request)
        message = queries.open_message(actor, int(pk), purpose=PURPOSE, channel="export", resource=request.path)
        response = HttpResponse(bytes(message.raw), content_type="application/xml")
        name = message.file_name or f"bericht-{message.pk}.xml"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(description=UPLOAD_DOC,
                   parameters=[OpenApiParameter("bestandsnaam", str,
                                                description="de naam van het bestand, zoals het bij de aanbieder heette "
                                                            "(ten hoogste 255 tekens; geen aanhalingstekens, "
                                                            "schuine strepen of stuurtekens)")],
                   request={media: OpenApiTypes.BINARY for media in XML_MEDIA_TYPES},
                   responses={201: BerichtDetailSerializer, 200: BerichtDetailSerializer, **problems(403)})
    def create(self, request):
        actor = _actor(request)
        media_type = (request.content_type or "").split(";")[0].strip().lower()
        if media_type not in XML_MEDIA_TYPES:
            return problem(request, 415, "mediatype", "Stuur het bericht als application/xml: de XML zelf als body.")
        file_name = request.query_params.get("bestandsnaam", "")
        # the name returns in the download's Content-Disposition: no quote, path or control character
        if len(file_name) > 255 or not file_name.isprintable() or any(c in file_name for c in '"/\\'):
            refuse("bestandsnaam", "Een naam van ten hoogste 255 tekens, zonder aanhalingstekens, schuine strepen "
                                   "of stuurtekens.")
        got = actions.receive(actor=actor, raw=request.body, file_name=file_name)
        # the answer tells what the file says about a client (findings, assignment): a read like the page after upload
        queries.log_message_read(actor, got.message, purpose=PURPOSE, channel="api", resource=request.path)
        answers = [got.answer] if got.answer is not None else []
        data = _detail(request, got.message, answers)
        if got.duplicate:
            return Response(data)
        return created(request, data, "bericht-detail", pk=got.message.pk)


class ToewijzingViewSet(viewsets.ViewSet):
    """Toewijzingen aan aanbieders (JW301/WMO301): wat is toegewezen, gestart en beëindigd."""

    serializer_class = ToewijzingSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Toewijzing.Status.values),
                               OpenApiParameter("aanbieder", str, description="AGB-code van de aanbieder"),
                               *PAGE_PARAMETERS],
                   responses={200: paginated(ToewijzingSerializer, "ToewijzingPagina"), **problems(403, 404)})
    def list(self, request):
        actor = _actor(request)
        params = request.query_params
        found = queries.assignment_list(actor, status=choice_param(params, "status", Toewijzing.Status.values),
                                        provider_agb=_agb(params))
        paginator = Paginering()
        page = paginator.paginate_queryset(found, request, view=self)
        queries.log_assignments_read(actor, page, purpose=PURPOSE, channel="api", resource=request.get_full_path())
        return paginator.get_paginated_response(
            ToewijzingSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: ToewijzingDetailSerializer, **problems(403, 404)})
    def retrieve(self, request, pk=None):
        actor = _actor(request)
        toewijzing = queries.access_assignment(actor, int(pk), purpose=PURPOSE, channel="api", resource=request.path)
        toewijzing.message_list = queries.messages_of(toewijzing)
        return Response(ToewijzingDetailSerializer(toewijzing, context={"request": request}).data)


def _agb(params) -> str:
    agb = params.get("aanbieder", "")
    if agb and not (agb.isascii() and agb.isdigit() and len(agb) == 8):
        refuse("aanbieder", "Een AGB-code is 8 cijfers.")
    return agb


class DeclaratieViewSet(viewsets.ViewSet):
    """Declaraties van aanbieders (JW323/WMO323), per prestatie beoordeeld en beantwoord (JW325/WMO325)."""

    serializer_class = DeclaratieSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=[OpenApiParameter("aanbieder", str, description="AGB-code van de aanbieder"),
                               *PAGE_PARAMETERS],
                   responses={200: paginated(DeclaratieSerializer, "DeclaratiePagina"), **problems(403)})
    def list(self, request):
        actor = _actor(request)
        found = queries.declaration_list(actor, provider_agb=_agb(request.query_params))
        paginator = Paginering()
        page = paginator.paginate_queryset(found, request, view=self)
        return paginator.get_paginated_response(
            DeclaratieSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: DeclaratieDetailSerializer, **problems(403, 404)})
    def retrieve(self, request, pk=None):
        actor = _actor(request)
        declaratie = queries.access_declaration(actor, int(pk), purpose=PURPOSE, channel="api", resource=request.path)
        return Response(DeclaratieDetailSerializer(declaratie, context={"request": request}).data)
