"""REST endpoints of the API keys (api-sleutels, issue 13 item 4): your own keys listed, one made (the key itself in
that answer only), one revoked. Making goes through accounts.actions, which refuses a request that came with a key:
a key never makes another. The rules of who may see or revoke a key are accounts.permissions'."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response

from toegang.accounts import actions, queries
from toegang.accounts.permissions import can_manage_api_tokens_of
from toegang.core.errors import NotFound

from .conventions import created, problems
from .inputs import read_input
from .pagination import PAGE_PARAMETERS, Paginering, paginated
from .token_serializers import (
    ApiSleutelAangemaaktSerializer,
    ApiSleutelInvoerSerializer,
    ApiSleutelSerializer,
)
from .views import request_actor


def _token(request, pk):
    """The key, if the actor may see it (their own, or functional administration's staff); otherwise 404."""
    actor = request_actor(request)
    token = queries.api_token(int(pk))
    if not can_manage_api_tokens_of(actor, token.medewerker_id):
        raise NotFound("API-sleutel niet gevonden.")
    return actor, token


class ApiSleutelViewSet(viewsets.ViewSet):
    """API-sleutels: uw eigen sleutels bekijken, maken en intrekken."""

    serializer_class = ApiSleutelSerializer
    lookup_value_converter = "int"

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(ApiSleutelSerializer, "ApiSleutelPagina"), **problems(404)})
    def list(self, request):
        actor = request_actor(request)
        paginator = Paginering()
        page = paginator.paginate_queryset(queries.api_tokens_of(actor.user_id), request, view=self)
        return paginator.get_paginated_response(ApiSleutelSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(request=ApiSleutelInvoerSerializer, responses={201: ApiSleutelAangemaaktSerializer, **problems(403)})
    def create(self, request):
        actor = request_actor(request)
        d = read_input(request, ApiSleutelInvoerSerializer)
        new = actions.check_create_api_token(actor=actor, medewerker=request.user, **d)
        body = {**ApiSleutelSerializer(new.token, context={"request": request}).data, "sleutel": new.key}
        return created(request, body, "api-sleutel-detail", pk=new.token.pk)

    @extend_schema(responses={200: ApiSleutelSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        _actor, token = _token(request, pk)
        return Response(ApiSleutelSerializer(token, context={"request": request}).data)

    @extend_schema(responses={204: OpenApiResponse(description="Ingetrokken: de sleutel werkt niet meer."),
                              **problems(404)})
    def destroy(self, request, pk=None):
        actor, token = _token(request, pk)
        actions.check_revoke_api_token(actor=actor, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)
