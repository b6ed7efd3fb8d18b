"""REST endpoints of the meldcode: meldcode-trajecten (list, retrieve, start, record a step). Visible only to the
case director, process direction and the privacy officer (safety.queries; 404 for anyone else); every read is
logged; writes go through safety.actions."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.safety import actions, queries
from toegang.safety.models import KindCheck, MeldcodeStep

from .conventions import created, problems
from .inputs import read_input
from .pagination import PAGE_PARAMETERS, Paginering, paginated
from .safety_serializers import (
    MeldcodeStapInvoerSerializer,
    MeldcodeTrajectDetailSerializer,
    MeldcodeTrajectInvoerSerializer,
    MeldcodeTrajectSerializer,
)
from .views import request_actor


def _detail(trajectory):
    """The trajectory with its steps, kindchecks and contacts (a few queries, whatever their number)."""
    trajectory = (type(trajectory).objects.filter(pk=trajectory.pk)
                  .prefetch_related("persons", Prefetch("steps", MeldcodeStep.objects.select_related("by")
                                                        .order_by("recorded_at", "id")),
                                    Prefetch("kindchecks", KindCheck.objects.prefetch_related("children")
                                             .order_by("done_on", "id")), "veilig_thuis").get())
    return trajectory


class MeldcodeTrajectViewSet(viewsets.ViewSet):
    """Meldcode-trajecten: alleen voor de casusregisseur, de procesregisseur en de privacy officer."""

    serializer_class = MeldcodeTrajectSerializer
    lookup_value_converter = "int"

    def _trajectory(self, request, pk, purpose):
        return queries.access_trajectory(request_actor(request), int(pk), purpose=purpose, channel="api",
                                         resource=request.path)

    @extend_schema(parameters=PAGE_PARAMETERS,
                   responses={200: paginated(MeldcodeTrajectSerializer, "MeldcodeTrajectPagina"), **problems(404)})
    def list(self, request):
        actor = request_actor(request)
        qs = queries.visible_trajectories(actor).prefetch_related("persons").order_by("-started_at", "-id")
        paginator = Paginering()
        page = paginator.paginate_queryset(qs, request, view=self)
        queries.log_trajectory_list(actor, page, purpose="meldcode-trajecten opvragen (API)", channel="api",
                                    resource=request.get_full_path())
        return paginator.get_paginated_response(
            MeldcodeTrajectSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: MeldcodeTrajectDetailSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        trajectory = self._trajectory(request, pk, "meldcode-traject bekijken (API)")
        return Response(MeldcodeTrajectDetailSerializer(_detail(trajectory), context={"request": request}).data)

    @extend_schema(request=MeldcodeTrajectInvoerSerializer,
                   responses={201: MeldcodeTrajectDetailSerializer, **problems(403, 404, 409)})
    def create(self, request):
        actor = request_actor(request)
        d = read_input(request, MeldcodeTrajectInvoerSerializer)
        casus = queries.access_meldcode_case(actor, d.pop("casus_id"), purpose="meldcode-traject starten (API)",
                                             channel="api", resource=request.path)
        trajectory = actions.check_start_meldcode(actor=actor, casus=casus, **d)
        return created(request, MeldcodeTrajectDetailSerializer(_detail(trajectory), context={"request": request}).data,
                       "meldcode-traject-detail", pk=trajectory.pk)

    @extend_schema(operation_id="meldcode_trajecten_stap_vastleggen", request=MeldcodeStapInvoerSerializer,
                   responses={201: MeldcodeTrajectDetailSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="stappen")
    def stappen(self, request, pk=None):
        trajectory = self._trajectory(request, pk, "meldcode-stap vastleggen (API)")
        d = read_input(request, MeldcodeStapInvoerSerializer)
        actions.check_record_meldcode_step(actor=request_actor(request), trajectory=trajectory, **d)
        return created(request, MeldcodeTrajectDetailSerializer(_detail(trajectory), context={"request": request}).data,
                       "meldcode-traject-detail", pk=trajectory.pk)
