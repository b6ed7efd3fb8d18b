"""REST endpoints of the case: casussen (with betrokkenen), plannen (doelen, acties), contactmomenten, metingen.
Reads go through cases.queries.access_case (scoped, logged); writes through the actions."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from toegang.assessments import actions as assessment_actions
from toegang.assessments.models import Measurement
from toegang.cases import actions as case_actions
from toegang.cases import queries
from toegang.cases.models import CONTACT_KINDS, Casus
from toegang.core.errors import ValidationFailed
from toegang.persons.models import Involvement
from toegang.persons.queries import log_household_list
from toegang.plans import actions as plan_actions

from .inputs import read_input
from .intake_serializers import LONG_TEXT
from .pagination import PAGE_PARAMETERS, Paginering, paginated
from .params import choice_param
from .views import request_actor


class BetrokkeneSerializer(serializers.ModelSerializer):
    medewerker = serializers.CharField(source="medewerker.username")
    organisatie = serializers.CharField(source="medewerker.organisatie.name", allow_null=True, default=None)
    rol = serializers.CharField(source="role")
    vanaf = serializers.DateField(source="valid_from")
    totEnMet = serializers.DateField(source="valid_until", allow_null=True)

    class Meta:
        model = Involvement
        fields = ["medewerker", "organisatie", "rol", "vanaf", "totEnMet"]


class CasusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:casus-detail")
    huishouden = serializers.IntegerField(source="household_id")
    status = serializers.CharField()
    team = serializers.CharField(source="team.code", allow_null=True, default=None)
    casusregisseur = serializers.CharField(source="case_director.username", allow_null=True, default=None)
    hoogRisico = serializers.BooleanField(source="high_risk")
    politiekGevoelig = serializers.BooleanField(source="politically_sensitive")
    zorgmijder = serializers.BooleanField(source="care_avoider")
    geopendOp = serializers.DateTimeField(source="opened_at")
    geslotenOp = serializers.DateTimeField(source="closed_at", allow_null=True)
    redenAfsluiten = serializers.CharField(source="close_reason")
    uitkomst = serializers.JSONField(source="outcome")
    herhaaldeAanmeldingNa = serializers.IntegerField(source="reentry_of_id", allow_null=True)
    versie = serializers.IntegerField(source="version")


class CasusDetailSerializer(CasusSerializer):
    betrokkenen = serializers.SerializerMethodField()

    def get_betrokkenen(self, obj) -> list[dict]:
        rows = Involvement.objects.filter(casus=obj).select_related("medewerker", "medewerker__organisatie")
        return BetrokkeneSerializer(rows, many=True).data


class DoelSerializer(serializers.Serializer):
    id = serializers.CharField()
    levensgebied = serializers.CharField(source="domain")
    persoon = serializers.IntegerField(source="person", allow_null=True)
    omschrijving = serializers.CharField(source="description")
    gewenstResultaat = serializers.CharField(source="desired_result")
    meting = serializers.CharField(source="measure")
    streefdatum = serializers.DateField(source="target_date")
    status = serializers.CharField()


class ActieSerializer(serializers.Serializer):
    id = serializers.CharField()
    doel = serializers.CharField(source="goal")
    uitvoerderSoort = serializers.CharField(source="owner_type")
    uitvoerder = serializers.CharField(source="owner")
    omschrijving = serializers.CharField(source="description")
    klaarOp = serializers.DateField(source="due_date")
    gedaan = serializers.BooleanField(source="done")


class PlanSerializer(serializers.Serializer):
    casus = serializers.IntegerField()
    versie = serializers.IntegerField()
    akkoordOp = serializers.DateField(allow_null=True)
    akkoordDoor = serializers.CharField()
    doelen = DoelSerializer(many=True)
    acties = ActieSerializer(many=True)
    evaluaties = serializers.ListField(child=serializers.DictField())


class DoelInvoerSerializer(serializers.Serializer):
    basisversie = serializers.IntegerField(source="base_version", min_value=0,
                                           help_text="de versie waarop u voortbouwt; anders 409")
    levensgebied = serializers.CharField(source="domain", max_length=40)
    persoon = serializers.IntegerField(source="person_id", required=False, allow_null=True, default=None)
    omschrijving = serializers.CharField(source="description", max_length=500)
    gewenstResultaat = serializers.CharField(source="desired_result", max_length=500)
    meting = serializers.CharField(source="measure", max_length=500, required=False, allow_blank=True, default="")
    streefdatum = serializers.DateField(source="target_date", required=False, allow_null=True, default=None)

    class Meta:
        error_names = {"person": "persoon"}  # check_add_goal takes person_id and reports `person`


class ActieInvoerSerializer(serializers.Serializer):
    basisversie = serializers.IntegerField(source="base_version", min_value=0)
    doel = serializers.CharField(source="goal_id", max_length=40)
    uitvoerderSoort = serializers.CharField(source="owner_type", max_length=40)
    uitvoerder = serializers.CharField(source="owner", required=False, allow_blank=True, default="", max_length=200)
    omschrijving = serializers.CharField(source="description", max_length=500)
    klaarOp = serializers.DateField(source="due_date", required=False, allow_null=True, default=None)

    class Meta:
        error_names = {"goal": "doel"}  # check_add_plan_action takes goal_id and reports `goal`


class ContactmomentSerializer(serializers.Serializer):
    moment = serializers.DateTimeField(source="at")
    soort = serializers.ChoiceField(source="kind", choices=CONTACT_KINDS)
    deelnemers = serializers.CharField(source="participants", max_length=500)
    verslag = serializers.CharField(source="summary", max_length=LONG_TEXT)


class MetingSerializer(serializers.ModelSerializer):
    inwoner = serializers.IntegerField(source="resident_id")
    gemetenOp = serializers.DateField(source="measured_on")
    gemiddeld = serializers.FloatField(source="average", allow_null=True)

    class Meta:
        model = Measurement
        fields = ["id", "inwoner", "instrument", "gemetenOp", "scores", "gemiddeld"]


class MetingInvoerSerializer(serializers.Serializer):
    inwoner = serializers.IntegerField(source="resident", min_value=1)
    gemetenOp = serializers.DateField(source="measured_on")
    scores = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=9),
                                   help_text="levensgebied -> niveau; de schaal komt uit het profiel (ZRM 1–5)")


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
        version = plan_actions.current_version(casus)
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
