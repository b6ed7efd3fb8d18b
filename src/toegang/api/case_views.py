"""REST endpoints of the case: casussen (with betrokkenen), plannen (doelen, acties), contactmomenten, metingen,
vraagverhelderingen (the kitchen-table report).
Reads go through cases.queries.access_case (scoped, logged); writes through the actions."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from toegang.assessments import actions as assessment_actions
from toegang.cases import actions as case_actions
from toegang.cases import queries
from toegang.cases.models import Casus
from toegang.core.errors import NotFound, ValidationFailed
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
    VraagverhelderingInvoerSerializer,
    VraagverhelderingSerializer,
)
from .conventions import created, problems
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
                   responses={200: paginated(CasusSerializer, "CasusPagina"), **problems(404)})
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

    @extend_schema(responses={200: CasusDetailSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        casus = self._case(request, pk, "casus bekijken (API)")
        return Response(CasusDetailSerializer(casus, context={"request": request}).data)

    @extend_schema(responses={200: PlanSerializer, **problems(404)})
    @action(detail=True, methods=["get"], url_path="plan")
    def plan(self, request, pk=None):
        casus = self._case(request, pk, "plan bekijken (API)")
        return Response(self._plan_out(request, casus))

    def _plan_out(self, request, casus):
        version = current_version(casus)
        content = version.content if version else plan_actions.EMPTY
        return PlanSerializer({
            "url": reverse("api:casus-plan", kwargs={"pk": casus.pk}, request=request),
            "casus": casus.pk, "versie": version.number if version else 0,
            "akkoordOp": version.agreed_on if version else None, "akkoordDoor": version.agreed_by if version else "",
            "doelen": content["goals"], "acties": content["actions"], "evaluaties": content["evaluations"],
        }).data

    # A goal or an action makes a new version of the plan: `Location` is the plan, which shows the current version.
    @extend_schema(request=DoelInvoerSerializer, responses={201: PlanSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="plan/doelen")
    def doelen(self, request, pk=None):
        casus = self._case(request, pk, "doel toevoegen (API)")
        d = read_input(request, DoelInvoerSerializer)
        plan_actions.check_add_goal(actor=request_actor(request), casus=casus, **d)
        return created(request, self._plan_out(request, casus), "casus-plan", pk=casus.pk)

    @extend_schema(request=ActieInvoerSerializer, responses={201: PlanSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="plan/acties")
    def acties(self, request, pk=None):
        casus = self._case(request, pk, "actie toevoegen (API)")
        d = read_input(request, ActieInvoerSerializer)
        plan_actions.check_add_plan_action(actor=request_actor(request), casus=casus, **d)
        return created(request, self._plan_out(request, casus), "casus-plan", pk=casus.pk)

    @extend_schema(operation_id="casussen_contactmomenten_list",
                   responses={200: ContactmomentSerializer(many=True), **problems(404)})
    @action(detail=True, methods=["get"], url_path="contactmomenten")
    def contactmomenten(self, request, pk=None):
        casus = self._case(request, pk, "contactmomenten (API)")
        rows = casus.contact_moments.order_by("at", "id")
        return Response(ContactmomentSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(request=ContactmomentSerializer, responses={201: ContactmomentSerializer, **problems(403, 404, 409)})
    @contactmomenten.mapping.post
    def contactmoment_vastleggen(self, request, pk=None):
        casus = self._case(request, pk, "contactmoment vastleggen (API)")
        d = read_input(request, ContactmomentSerializer)
        moment = case_actions.check_record_contact_moment(actor=request_actor(request), casus=casus, **d)
        return created(request, ContactmomentSerializer(moment, context={"request": request}).data,
                       "casus-contactmoment", pk=casus.pk, moment=moment.pk)

    @extend_schema(operation_id="casussen_contactmoment_retrieve", responses={200: ContactmomentSerializer, **problems(404)})
    @action(detail=True, methods=["get"], url_path="contactmomenten/<int:moment>", url_name="contactmoment")
    def contactmoment(self, request, pk=None, moment=None):
        casus = self._case(request, pk, "contactmoment bekijken (API)")
        row = casus.contact_moments.filter(pk=moment).first()
        if row is None:
            raise NotFound("Contactmoment niet gevonden.")
        return Response(ContactmomentSerializer(row, context={"request": request}).data)

    @extend_schema(operation_id="casussen_metingen_list", responses={200: MetingSerializer(many=True), **problems(404)})
    @action(detail=True, methods=["get"], url_path="metingen")
    def metingen(self, request, pk=None):
        casus = self._case(request, pk, "metingen (API)")
        rows = casus.measurements.order_by("measured_on", "id")
        return Response(MetingSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(operation_id="casussen_meting_retrieve", responses={200: MetingSerializer, **problems(404)})
    @action(detail=True, methods=["get"], url_path="metingen/<int:meting>", url_name="meting")
    def meting(self, request, pk=None, meting=None):
        casus = self._case(request, pk, "meting bekijken (API)")
        row = casus.measurements.filter(pk=meting).first()
        if row is None:
            raise NotFound("Meting niet gevonden.")
        return Response(MetingSerializer(row, context={"request": request}).data)

    @extend_schema(request=MetingInvoerSerializer, responses={201: MetingSerializer, **problems(403, 404, 409)})
    @metingen.mapping.post
    def meting_vastleggen(self, request, pk=None):
        casus = self._case(request, pk, "meting vastleggen (API)")
        d = read_input(request, MetingInvoerSerializer)
        d["resident"] = next((m for m in casus.members if m.pk == d["resident"]), None)
        if d["resident"] is None:
            raise ValidationFailed("Deze inwoner hoort niet bij het huishouden.",
                                   field_errors={"resident": ["Niet in het huishouden."]})
        measurement = assessment_actions.check_record_measurement(actor=request_actor(request), casus=casus, **d)
        return created(request, MetingSerializer(measurement, context={"request": request}).data, "casus-meting",
                       pk=casus.pk, meting=measurement.pk)

    @extend_schema(operation_id="casussen_vraagverhelderingen_list",
                   responses={200: VraagverhelderingSerializer(many=True), **problems(404)})
    @action(detail=True, methods=["get"], url_path="vraagverhelderingen")
    def vraagverhelderingen(self, request, pk=None):
        casus = self._case(request, pk, "vraagverhelderingen (API)")
        rows = casus.clarifications.prefetch_related("personal_plans").order_by("held_on", "id")
        return Response(VraagverhelderingSerializer(rows, many=True, context={"request": request}).data)

    @extend_schema(operation_id="casussen_vraagverheldering_retrieve",
                   responses={200: VraagverhelderingSerializer, **problems(404)})
    @action(detail=True, methods=["get"], url_path="vraagverhelderingen/<int:verslag>",
            url_name="vraagverheldering")
    def vraagverheldering(self, request, pk=None, verslag=None):
        casus = self._case(request, pk, "vraagverheldering bekijken (API)")
        row = casus.clarifications.prefetch_related("personal_plans").filter(pk=verslag).first()
        if row is None:
            raise NotFound("Vraagverheldering niet gevonden.")
        return Response(VraagverhelderingSerializer(row, context={"request": request}).data)

    # A persoonlijk plan waiting on the case is weighed in the report (Wmo 2015 art. 2.3.2 lid 2):
    # `persoonlijkPlanMeegewogen`, refused at that field while it is false.
    @extend_schema(request=VraagverhelderingInvoerSerializer,
                   responses={201: VraagverhelderingSerializer, **problems(403, 404, 409)})
    @vraagverhelderingen.mapping.post
    def vraagverheldering_vastleggen(self, request, pk=None):
        casus = self._case(request, pk, "vraagverheldering vastleggen (API)")
        d = read_input(request, VraagverhelderingInvoerSerializer)
        clarification = assessment_actions.check_record_clarification(actor=request_actor(request), casus=casus, **d)
        return created(request, VraagverhelderingSerializer(clarification, context={"request": request}).data,
                       "casus-vraagverheldering", pk=casus.pk, verslag=clarification.pk)
