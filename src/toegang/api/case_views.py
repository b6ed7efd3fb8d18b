"""REST endpoints of the case: casussen (with betrokkenen), plannen (doelen, acties), contactmomenten, metingen.
Reads go through cases.queries.access_case (scoped, logged); writes through the actions."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.assessments import actions as assessment_actions
from toegang.cases import actions as case_actions
from toegang.cases import queries
from toegang.cases.models import Casus
from toegang.core.errors import ValidationFailed
from toegang.persons.queries import log_household_list
from toegang.plans import actions as plan_actions
from toegang.plans.queries import current_version

from .case_serializers import (
    ActieInvoerSerializer,
    CasusDetailSerializer,
    CasusSerializer,
    ContactmomentSerializer,
    DoelInvoerSerializer,
    MetingInvoerSerializer,
    MetingSerializer,
    PlanSerializer,
)
from .inputs import read_input
from .pagination import PAGE_PARAMETERS, Paginering, paginated
from .params import choice_param
from .views import request_actor


class CasusViewSet(viewsets.ViewSet):
    """Casussen binnen uw bereik (casusregisseur, betrokkene, procesregie, teamleiding)."""

    serializer_class = CasusSerializer
    lookup_value_converter = "int"

    def _case(self, request, pk, purpose):
        return queries.access_case(request_actor(request), int(pk), purpose=purpose, channel="api", resource=request.path)

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Casus.Status.values), *PAGE_PARAMETERS],
                   responses=paginated(CasusSerializer, "CasusPagina"))
    def list(self, request):
        actor = request_actor(request)
        qs = queries.visible_cases(actor).select_related("team", "case_director").order_by("-opened_at", "-id")
        status_code = choice_param(request.query_params, "status", Casus.Status.values)
        if status_code:
            qs = qs.filter(status=status_code)
        paginator = Paginering()
        page = paginator.paginate_queryset(qs, request, view=self)

        log_household_list(actor, [c.household_id for c in page], purpose="casussen opvragen (API)", channel="api",
                           resource=request.get_full_path())
        return paginator.get_paginated_response(CasusSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses=CasusDetailSerializer)
    def retrieve(self, request, pk=None):
        casus = self._case(request, pk, "casus bekijken (API)")
        return Response(CasusDetailSerializer(casus, context={"request": request}).data)

    @extend_schema(responses=PlanSerializer)
    @action(detail=True, methods=["get"], url_path="plan")
    def plan(self, request, pk=None):
        casus = self._case(request, pk, "plan bekijken (API)")
        return Response(self._plan_out(casus))

    def _plan_out(self, casus):
        version = current_version(casus)
        content = version.content if version else plan_actions.EMPTY
        return PlanSerializer({
            "casus": casus.pk, "versie": version.number if version else 0,
            "akkoordOp": version.agreed_on if version else None, "akkoordDoor": version.agreed_by if version else "",
            "doelen": content["goals"], "acties": content["actions"], "evaluaties": content["evaluations"],
        }).data

    @extend_schema(request=DoelInvoerSerializer, responses={201: PlanSerializer})
    @action(detail=True, methods=["post"], url_path="plan/doelen")
    def doelen(self, request, pk=None):
        casus = self._case(request, pk, "doel toevoegen (API)")
        d = read_input(request, DoelInvoerSerializer)
        plan_actions.check_add_goal(actor=request_actor(request), casus=casus, **d)
        return Response(self._plan_out(casus), status=status.HTTP_201_CREATED)

    @extend_schema(request=ActieInvoerSerializer, responses={201: PlanSerializer})
    @action(detail=True, methods=["post"], url_path="plan/acties")
    def acties(self, request, pk=None):
        casus = self._case(request, pk, "actie toevoegen (API)")
        d = read_input(request, ActieInvoerSerializer)
        plan_actions.check_add_plan_action(actor=request_actor(request), casus=casus, **d)
        return Response(self._plan_out(casus), status=status.HTTP_201_CREATED)

    @extend_schema(request=ContactmomentSerializer, responses={201: ContactmomentSerializer})
    @action(detail=True, methods=["post"], url_path="contactmomenten")
    def contactmomenten(self, request, pk=None):
        casus = self._case(request, pk, "contactmoment vastleggen (API)")
        d = read_input(request, ContactmomentSerializer)
        moment = case_actions.check_record_contact_moment(actor=request_actor(request), casus=casus, **d)
        return Response(ContactmomentSerializer(moment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MetingInvoerSerializer, responses={200: MetingSerializer(many=True), 201: MetingSerializer})
    @action(detail=True, methods=["get", "post"], url_path="metingen")
    def metingen(self, request, pk=None):
        casus = self._case(request, pk, "metingen (API)")
        if request.method == "GET":
            rows = casus.measurements.order_by("measured_on", "id")
            return Response(MetingSerializer(rows, many=True).data)
        d = read_input(request, MetingInvoerSerializer)
        d["resident"] = next((m for m in casus.members if m.pk == d["resident"]), None)
        if d["resident"] is None:
            raise ValidationFailed("Deze inwoner hoort niet bij het huishouden.",
                                   field_errors={"resident": ["Niet in het huishouden."]})
        measurement = assessment_actions.check_record_measurement(actor=request_actor(request), casus=casus, **d)
        return Response(MetingSerializer(measurement).data, status=status.HTTP_201_CREATED)
