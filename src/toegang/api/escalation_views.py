"""REST endpoints of escalation (issue 12): escalaties (list, retrieve), opschalen, afschalen, opgepakt and the
bindend besluit (doorzettingsmacht). Reads go through the escalation and case queries (scoped, logged); writes
through the escalation actions, which give the same answers as the pages."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.accounts.models import Medewerker, Organisatie
from toegang.cases import queries as case_queries
from toegang.core.errors import NotFound, ValidationFailed
from toegang.escalation import actions, queries
from toegang.escalation.models import BindingDecision
from toegang.persons.queries import log_household_list

from .conventions import created, problems
from .escalation_serializers import (
    AfschalenSerializer,
    BindendBesluitInvoerSerializer,
    BindendBesluitSerializer,
    EscalatieDetailSerializer,
    EscalatieSerializer,
    OpgepaktSerializer,
    OpschalenSerializer,
)
from .inputs import read_input
from .pagination import PAGE_PARAMETERS, Paginering, paginated
from .params import choice_param
from .views import request_actor


class EscalatieViewSet(viewsets.ViewSet):
    """Escalaties van casussen binnen uw bereik: waar een casus op de escalatieladder staat, elke stap en de
    bindende besluiten."""

    serializer_class = EscalatieSerializer
    lookup_value_converter = "int"

    def _escalation(self, request, pk, purpose):
        return queries.access_escalation(request_actor(request), int(pk), purpose=purpose, channel="api",
                                         resource=request.path)

    def _case(self, request, pk, purpose):
        return case_queries.access_case(request_actor(request), int(pk), purpose=purpose, channel="api",
                                        resource=request.path)

    def _out(self, request, escalation, status_code=200):
        escalation.refresh_from_db()
        return Response(EscalatieDetailSerializer(escalation, context={"request": request}).data, status=status_code)

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=["open", "gesloten"]),
                               OpenApiParameter("casus", int), *PAGE_PARAMETERS],
                   responses={200: paginated(EscalatieSerializer, "EscalatiePagina"), **problems(404)})
    def list(self, request):
        actor = request_actor(request)
        qs = queries.visible_escalations(actor).select_related("casus").order_by("-opened_at", "-id")
        state = choice_param(request.query_params, "status", ["open", "gesloten"])
        if state:
            qs = qs.filter(closed_at__isnull=state == "open")
        casus = request.query_params.get("casus", "")
        if casus:
            if not casus.isdigit():
                raise ValidationFailed("Ongeldige casus.", field_errors={"casus": ["Geef het id van een casus."]})
            qs = qs.filter(casus_id=int(casus))
        paginator = Paginering()
        page = paginator.paginate_queryset(qs, request, view=self)
        log_household_list(actor, [e.casus.household_id for e in page], purpose="escalaties opvragen (API)",
                           channel="api", resource=request.get_full_path())
        return paginator.get_paginated_response(EscalatieSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(responses={200: EscalatieDetailSerializer, **problems(404)})
    def retrieve(self, request, pk=None):
        return self._out(request, self._escalation(request, pk, "escalatie bekijken (API)"))

    @extend_schema(request=OpschalenSerializer, responses={201: EscalatieDetailSerializer, **problems(403, 404, 409)})
    @action(detail=False, methods=["post"], url_path="opschalen")
    def opschalen(self, request):
        d = read_input(request, OpschalenSerializer)
        casus = self._case(request, d.pop("casus"), "casus opschalen (API)")
        escalation = actions.check_escalate_case(actor=request_actor(request), casus=casus, **d)
        escalation.refresh_from_db()
        return created(request, EscalatieDetailSerializer(escalation, context={"request": request}).data,
                       "escalatie-detail", pk=escalation.pk)

    @extend_schema(request=AfschalenSerializer, responses={200: EscalatieDetailSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="afschalen")
    def afschalen(self, request, pk=None):
        escalation = self._escalation(request, pk, "casus afschalen (API)")
        d = read_input(request, AfschalenSerializer)
        if escalation.closed_at is not None:
            raise ValidationFailed("Deze escalatie is al gesloten; afschalen kan niet.")
        actions.check_deescalate_case(actor=request_actor(request), casus=escalation.casus, **d)
        return self._out(request, escalation)

    @extend_schema(request=OpgepaktSerializer, responses={200: EscalatieDetailSerializer, **problems(403, 404, 409)})
    @action(detail=True, methods=["post"], url_path="opgepakt")
    def opgepakt(self, request, pk=None):
        escalation = self._escalation(request, pk, "escalatie oppakken (API)")
        d = read_input(request, OpgepaktSerializer)
        if escalation.closed_at is not None:
            raise ValidationFailed("Deze escalatie is al gesloten.")
        actions.check_pick_up_escalation(actor=request_actor(request), casus=escalation.casus, **d)
        return self._out(request, escalation)

    @extend_schema(request=BindendBesluitInvoerSerializer,
                   responses={201: BindendBesluitSerializer, **problems(403, 404, 409)})
    @action(detail=False, methods=["post"], url_path="bindende-besluiten")
    def bindende_besluiten(self, request):
        d = read_input(request, BindendBesluitInvoerSerializer)
        casus = self._case(request, d.pop("casus"), "bindend besluit vastleggen (API)")
        codes = list(dict.fromkeys(d.pop("organisations")))
        organisations = dict(Organisatie.objects.filter(profile_id=casus.gemeente.profile_id, code__in=codes)
                             .values_list("code", "pk"))
        names = list(dict.fromkeys(d.pop("heard_professionals")))
        people = dict(Medewerker.objects.filter(username__in=names).values_list("username", "pk"))
        errors = {}
        if set(codes) - set(organisations):
            errors["organisations"] = ["Onbekende organisatie: " + ", ".join(sorted(set(codes) - set(organisations)))]
        if set(names) - set(people):
            errors["heard_professionals"] = ["Onbekende medewerker: " + ", ".join(sorted(set(names) - set(people)))]
        if errors:
            raise ValidationFailed("Het bindend besluit is niet volledig.", field_errors=errors)
        record = actions.check_record_binding_decision(
            actor=request_actor(request), casus=casus, organisation_ids=[organisations[c] for c in codes],
            heard_professional_ids=[people[n] for n in names], **d)
        return created(request, BindendBesluitSerializer(record, context={"request": request}).data,
                       "escalatie-bindend-besluit", pk=record.pk)

    @extend_schema(operation_id="escalaties_bindend_besluit_retrieve",
                   responses={200: BindendBesluitSerializer, **problems(404)})
    @action(detail=False, methods=["get"], url_path="bindende-besluiten/<int:pk>", url_name="bindend-besluit")
    def bindend_besluit(self, request, pk=None):
        actor = request_actor(request)
        record = BindingDecision.objects.filter(pk=pk).select_related("decided_by").first()
        if record is None:
            raise NotFound("Bindend besluit niet gevonden.")
        case_queries.access_case(actor, record.casus_id, purpose="bindend besluit bekijken (API)", channel="api",
                                 resource=request.path)
        return Response(BindendBesluitSerializer(record, context={"request": request}).data)
