"""REST endpoints of the Verwijsindex: signalen (own signals: list, read, give) and matches (those visible: list,
read). Reads go through verwijsindex.queries (scoped, logged); writes through verwijsindex.actions."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from toegang.accounts.models import Gemeente
from toegang.core.errors import NotAllowed, ValidationFailed
from toegang.verwijsindex import actions, permissions, queries

from .conventions import created, problems
from .inputs import read_input
from .pagination import PAGE, page_link, unpaged
from .params import int_param
from .verwijsindex_serializers import MatchSerializer, SignaalSerializer
from .views import request_actor


class SignaalViewSet(viewsets.ViewSet):
    """Signalen in de Verwijsindex van uw organisatie waarvan u de contactpersoon bent: alleen BSN, organisatie,
    contactpersoon en datum. Een tweede signaal van dezelfde organisatie over dezelfde jeugdige ververst het eerste."""

    serializer_class = SignaalSerializer
    lookup_value_converter = "int"

    def _signaller(self, request):
        actor = request_actor(request)
        if not permissions.gemeenten_to_signal(actor):
            raise NotAllowed("U geeft geen signalen af in de Verwijsindex.")
        return actor

    @extend_schema(parameters=[PAGE], responses={200: unpaged(SignaalSerializer, "SignaalPagina"), **problems(403)})
    def list(self, request):
        actor = self._signaller(request)
        page = int_param(request.query_params, "page") or 1
        rows, more = queries.my_signals(actor, page=page)
        return Response({"next": page_link(request, page + 1, None) if more else None,
                         "previous": page_link(request, page - 1, None) if page > 1 else None,
                         "results": SignaalSerializer(rows, many=True, context={"request": request}).data})

    @extend_schema(responses={200: SignaalSerializer, **problems(403, 404)})
    def retrieve(self, request, pk=None):
        signal = queries.signal_for(self._signaller(request), int(pk))
        return Response(SignaalSerializer(signal, context={"request": request}).data)

    @extend_schema(request=SignaalSerializer,
                   responses={201: SignaalSerializer, 200: SignaalSerializer, **problems(403, 409)})
    def create(self, request):
        actor = self._signaller(request)
        d = read_input(request, SignaalSerializer)
        gemeente = Gemeente.objects.filter(cbs_code=d.pop("gemeente")).first()
        if gemeente is None or not permissions.can_signal(actor, gemeente.pk):
            raise ValidationFailed("Onbekende gemeente, of u heeft daar geen bevoegdheid.",
                                   field_errors={"gemeente": ["Onbekende gemeente of geen bevoegdheid."]})
        result = actions.check_register_signal(actor=actor, gemeente=gemeente, **d)
        data = SignaalSerializer(result.signal, context={"request": request}).data
        if not result.created:  # refreshed: the same signal, as a repeated create answers
            return Response(data)
        return created(request, data, "signaal-detail", pk=result.signal.pk)


class MatchViewSet(viewsets.ViewSet):
    """Matches in de Verwijsindex: op uw eigen signalen, of (coördinator) alle matches van de gemeente, met de
    contactgegevens van elke betrokken organisatie."""

    serializer_class = MatchSerializer
    lookup_value_converter = "int"

    def _out(self, request, actor, matches):
        for match in matches:
            match.show_bsns = permissions.can_coordinate(actor, match.gemeente_id)
        return MatchSerializer(matches, many=True, context={"request": request}).data

    @extend_schema(parameters=[PAGE, OpenApiParameter("achterwacht", bool,
                                                      description="alleen matches die na de termijn van de gemeente "
                                                                  "nog geen coördinator hebben (coördinatoren)")],
                   responses={200: unpaged(MatchSerializer, "MatchPagina")})
    def list(self, request):
        actor = request_actor(request)
        page = int_param(request.query_params, "page") or 1
        backstop = request.query_params.get("achterwacht", "") in {"true", "1"}
        rows, more = queries.visible_matches(actor, page=page, backstop=backstop, channel="api",
                                             resource=request.get_full_path())
        return Response({"next": page_link(request, page + 1, None) if more else None,
                         "previous": page_link(request, page - 1, None) if page > 1 else None,
                         "results": self._out(request, actor, rows)})

    @extend_schema(responses={200: MatchSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        actor = request_actor(request)
        match = queries.access_match(actor, int(pk), purpose="verwijsindex: match bekijken (API)", channel="api",
                                     resource=request.path)
        return Response(self._out(request, actor, [match])[0])
