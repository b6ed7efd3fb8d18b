"""REST endpoints of case conferences (casusoverleggen, issue 12 points 4 and 9): list, read, plan, record the
minutes (the actions land in the plan) and cancel. Reads go through conferences.queries (scoped: who sees the case
and the invitees; logged); writes through conferences.actions."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.cases import queries as case_queries
from toegang.conferences import actions, queries
from toegang.conferences.models import Conference, Invitee

from .conference_serializers import (
    AnnulerenSerializer,
    CasusoverlegAanmakenSerializer,
    CasusoverlegSerializer,
    VerslagSerializer,
)
from .conventions import created, problems
from .inputs import read_input
from .pagination import PAGE_PARAMETERS, Paginering, paginated
from .params import choice_param, int_param
from .views import request_actor


def _with_rows(qs):
    return qs.select_related("convened_by").prefetch_related(
        Prefetch("invitees", queryset=Invitee.objects.select_related("medewerker").order_by("id")), "actions")


class CasusoverlegViewSet(viewsets.ViewSet):
    """Casusoverleggen (casusoverleg, MDO, 1G1P-gezinsoverleg) op casussen binnen uw bereik, en waarvoor u bent
    uitgenodigd."""

    serializer_class = CasusoverlegSerializer
    lookup_value_converter = "int"

    def _conference(self, request, pk, purpose) -> Conference:
        return queries.access_conference(request_actor(request), int(pk), purpose=purpose, channel="api",
                                         resource=request.path)

    def _out(self, request, conference_id: int):
        conference = _with_rows(Conference.objects.filter(pk=conference_id)).get()
        return CasusoverlegSerializer(conference, context={"request": request}).data

    @extend_schema(parameters=[OpenApiParameter("casus", int), OpenApiParameter("status", str,
                                                                                 enum=Conference.Status.values),
                               *PAGE_PARAMETERS],
                   responses={200: paginated(CasusoverlegSerializer, "CasusoverlegPagina"), **problems(404)})
    def list(self, request):
        actor = request_actor(request)
        qs = queries.visible_conferences(actor).select_related("casus")
        casus_id = int_param(request.query_params, "casus")
        if casus_id:
            qs = qs.filter(casus_id=casus_id)
        status_code = choice_param(request.query_params, "status", Conference.Status.values)
        if status_code:
            qs = qs.filter(status=status_code)
        paginator = Paginering()
        page = paginator.paginate_queryset(_with_rows(qs).order_by("-starts_at", "-id"), request, view=self)
        queries.log_conference_list(actor, page, purpose="casusoverleggen opvragen (API)", channel="api",
                                    resource=request.get_full_path())
        return paginator.get_paginated_response(
            CasusoverlegSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: CasusoverlegSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        conference = self._conference(request, pk, "casusoverleg bekijken (API)")
        return Response(self._out(request, conference.pk))

    @extend_schema(request=CasusoverlegAanmakenSerializer,
                   responses={201: CasusoverlegSerializer, **problems(403, 404, 409)})
    def create(self, request):
        actor = request_actor(request)
        d = read_input(request, CasusoverlegAanmakenSerializer)
        casus = case_queries.access_case(actor, d.pop("casus"), purpose="casusoverleg beleggen (API)", channel="api",
                                         resource=request.path)
        conference = actions.check_plan_conference(actor=actor, casus=casus, **d)
        return created(request, self._out(request, conference.pk), "casusoverleg-detail", pk=conference.pk)

    @extend_schema(request=VerslagSerializer, responses={200: CasusoverlegSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="verslag")
    def verslag(self, request, pk=None):
        conference = self._conference(request, pk, "verslag casusoverleg vastleggen (API)")
        d = read_input(request, VerslagSerializer)
        d["actions"] = [actions.AgreedAction(**row) for row in d["actions"]]
        actions.check_record_minutes(actor=request_actor(request), conference=conference, **d)
        return Response(self._out(request, conference.pk))

    @extend_schema(request=AnnulerenSerializer, responses={200: CasusoverlegSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="annuleren")
    def annuleren(self, request, pk=None):
        conference = self._conference(request, pk, "casusoverleg annuleren (API)")
        d = read_input(request, AnnulerenSerializer)
        actions.check_cancel_conference(actor=request_actor(request), conference=conference, **d)
        return Response(self._out(request, conference.pk))
