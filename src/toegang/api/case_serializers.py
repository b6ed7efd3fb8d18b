"""API shapes of the case (Dutch resources, camelCase): casussen with their betrokkenen, the plan (doelen, acties),
contactmomenten, metingen and vraagverhelderingen, and the input of a goal, an action, a contact moment, a measurement
and a kitchen-table report (its fields map to the action's arguments with `source=`, api.inputs)."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from toegang.assessments.models import Clarification, Measurement
from toegang.cases.models import CONTACT_KINDS
from toegang.persons.models import Involvement

from .intake_serializers import LONG_TEXT


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
    klaarOp = serializers.DateField(source="due_date", allow_null=True)
    gedaan = serializers.BooleanField(source="done")


class PlanSerializer(serializers.Serializer):
    url = serializers.URLField()
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
    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    moment = serializers.DateTimeField(source="at")
    soort = serializers.ChoiceField(source="kind", choices=CONTACT_KINDS)
    deelnemers = serializers.CharField(source="participants", max_length=500)
    verslag = serializers.CharField(source="summary", max_length=LONG_TEXT)

    def get_url(self, obj) -> str:
        return reverse("api:casus-contactmoment", kwargs={"pk": obj.casus_id, "moment": obj.pk},
                       request=self.context["request"])


class MetingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    inwoner = serializers.IntegerField(source="resident_id")
    gemetenOp = serializers.DateField(source="measured_on")
    gemiddeld = serializers.FloatField(source="average", allow_null=True)

    class Meta:
        model = Measurement
        fields = ["id", "url", "inwoner", "instrument", "gemetenOp", "scores", "gemiddeld"]

    def get_url(self, obj) -> str:
        return reverse("api:casus-meting", kwargs={"pk": obj.casus_id, "meting": obj.pk},
                       request=self.context["request"])


class MetingInvoerSerializer(serializers.Serializer):
    inwoner = serializers.IntegerField(source="resident", min_value=1)
    gemetenOp = serializers.DateField(source="measured_on")
    scores = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=9),
                                   help_text="levensgebied -> niveau; de schaal komt uit het profiel (ZRM 1–5)")


class LevensgebiedVerslagSerializer(serializers.Serializer):
    """Wat het keukentafelgesprek over één levensgebied opleverde; de situatie is nodig, de rest mag leeg."""

    situatie = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    eigenKracht = serializers.CharField(source="eigen_kracht", max_length=LONG_TEXT, required=False, allow_blank=True,
                                        default="")
    netwerk = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    eerdereHulp = serializers.CharField(source="eerdere_hulp", max_length=LONG_TEXT, required=False, allow_blank=True,
                                        default="", help_text="eerdere hulp en het resultaat ervan")
    wensen = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")


class VraagverhelderingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    gesprekOp = serializers.DateField(source="held_on")
    deelnemers = serializers.CharField(source="participants")
    levensgebieden = serializers.DictField(source="domains", child=LevensgebiedVerslagSerializer())
    vraag = serializers.CharField(source="summary", help_text="de eigenlijke vraag")
    persoonlijkPlanMeegewogen = serializers.SerializerMethodField(
        help_text="er is een persoonlijk plan van de inwoner in meegewogen (Wmo 2015 artikel 2.3.2, tweede lid)")

    class Meta:
        model = Clarification
        fields = ["id", "url", "gesprekOp", "deelnemers", "levensgebieden", "vraag", "persoonlijkPlanMeegewogen"]

    def get_url(self, obj) -> str:
        return reverse("api:casus-vraagverheldering", kwargs={"pk": obj.casus_id, "verslag": obj.pk},
                       request=self.context["request"])

    def get_persoonlijkPlanMeegewogen(self, obj) -> bool:
        return bool(obj.personal_plans.all())


class VraagverhelderingInvoerSerializer(serializers.Serializer):
    gesprekOp = serializers.DateField(source="held_on")
    deelnemers = serializers.CharField(source="participants", max_length=500)
    levensgebieden = serializers.DictField(source="domains", child=LevensgebiedVerslagSerializer(),
                                           help_text="levensgebied (uit het profiel) -> verslag")
    vraag = serializers.CharField(source="summary", max_length=LONG_TEXT, help_text="de eigenlijke vraag")
    # Wmo 2015 art. 2.3.2 lid 2: a persoonlijk plan the resident handed in is weighed in the investigation; while one
    # waits, the report is refused without this
    persoonlijkPlanMeegewogen = serializers.BooleanField(
        source="personal_plan_considered", required=False, default=False,
        help_text="het persoonlijk plan dat de inwoner gaf is meegewogen (Wmo 2015 artikel 2.3.2, tweede lid); "
                  "nodig zolang er een wacht")
