"""API shapes of escalations (Dutch resources, camelCase): an escalation of a case with its steps and binding
decisions, and the input of escalating, de-escalating, taking up and a binding decision (fields map to the actions'
arguments with `source=`, api.inputs)."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from toegang.escalation.models import BindingDecision, Escalation, EscalationStep

from .intake_serializers import LONG_TEXT


class EscalatieStapSerializer(serializers.ModelSerializer):
    soort = serializers.CharField(source="kind", help_text="opgeschaald, afgeschaald of opgepakt")
    vanNiveau = serializers.IntegerField(source="from_level")
    naarNiveau = serializers.IntegerField(source="to_level")
    niveauNaam = serializers.CharField(source="level_name")
    reden = serializers.CharField(source="reason")
    signalen = serializers.ListField(source="signals", child=serializers.CharField())
    door = serializers.CharField(source="by.username", allow_null=True, default=None)
    moment = serializers.DateTimeField(source="at")
    termijnTot = serializers.DateField(source="clock.due_on", allow_null=True, default=None,
                                       help_text="de uiterste datum van de reactietermijn van het niveau")
    termijnTotMoment = serializers.DateTimeField(source="clock.due_at", allow_null=True, default=None,
                                                 help_text="bij een termijn in uren: het uiterste moment")
    termijnGestoptOp = serializers.DateField(source="clock.stopped_on", allow_null=True, default=None)

    class Meta:
        model = EscalationStep
        fields = ["soort", "vanNiveau", "naarNiveau", "niveauNaam", "reden", "signalen", "door", "moment",
                  "termijnTot", "termijnTotMoment", "termijnGestoptOp"]


class BindendBesluitSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    casus = serializers.IntegerField(source="casus_id")
    escalatie = serializers.IntegerField(source="escalation_id", allow_null=True)
    beslissing = serializers.CharField(source="decision", help_text="wat bindend besloten is (tekst)")
    beslotenOp = serializers.DateField(source="decided_on")
    beslotenDoor = serializers.CharField(source="decided_by.username")
    gehoord = serializers.CharField(source="heard")
    gehoordeProfessionals = serializers.SerializerMethodField()
    organisaties = serializers.SerializerMethodField(help_text="codes van de organisaties waarvoor het bindend is")
    neemtOver = serializers.BooleanField(source="takes_over")

    class Meta:
        model = BindingDecision
        fields = ["id", "url", "casus", "escalatie", "beslissing", "beslotenOp", "beslotenDoor", "gehoord",
                  "gehoordeProfessionals", "organisaties", "neemtOver"]

    def get_url(self, obj) -> str:
        return reverse("api:escalatie-bindend-besluit", kwargs={"pk": obj.pk}, request=self.context["request"])

    def get_gehoordeProfessionals(self, obj) -> list[str]:
        return sorted(m.username for m in obj.heard_professionals.all())

    def get_organisaties(self, obj) -> list[str]:
        return sorted(o.code for o in obj.organisations.all())


class EscalatieSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:escalatie-detail")
    casus = serializers.IntegerField(source="casus_id")
    ladder = serializers.CharField()
    ladderNaam = serializers.CharField(source="ladder_name")
    niveau = serializers.IntegerField(source="level", help_text="1 = het eerste niveau van de ladder")
    niveauCode = serializers.CharField(source="level_code")
    niveauNaam = serializers.CharField(source="level_name")
    geopendOp = serializers.DateTimeField(source="opened_at")
    geslotenOp = serializers.DateTimeField(source="closed_at", allow_null=True)
    versie = serializers.IntegerField(source="version")

    class Meta:
        model = Escalation
        fields = ["id", "url", "casus", "ladder", "ladderNaam", "niveau", "niveauCode", "niveauNaam", "geopendOp",
                  "geslotenOp", "versie"]


class EscalatieDetailSerializer(EscalatieSerializer):
    stappen = serializers.SerializerMethodField()
    bindendeBesluiten = serializers.SerializerMethodField()

    class Meta(EscalatieSerializer.Meta):
        fields = [*EscalatieSerializer.Meta.fields, "stappen", "bindendeBesluiten"]

    def get_stappen(self, obj) -> list[dict]:
        rows = obj.steps.select_related("by", "clock").order_by("at", "id")
        return EscalatieStapSerializer(rows, many=True).data

    def get_bindendeBesluiten(self, obj) -> list[dict]:
        rows = obj.binding_decisions.select_related("decided_by").prefetch_related("organisations",
                                                                                  "heard_professionals")
        return BindendBesluitSerializer(rows.order_by("decided_on", "id"), many=True, context=self.context).data


class OpschalenSerializer(serializers.Serializer):
    casus = serializers.IntegerField(min_value=1)
    ladder = serializers.CharField(max_length=15, required=False, allow_blank=True, default="",
                                   help_text="de code van de ladder; nodig bij de eerste opschaling als het profiel "
                                             "meer dan één ladder heeft")
    reden = serializers.CharField(source="reason", max_length=LONG_TEXT)
    signalen = serializers.ListField(source="signals", child=serializers.CharField(max_length=40), required=False,
                                     default=list)
    versie = serializers.IntegerField(source="expected_version", required=False, allow_null=True, default=None,
                                      help_text="de versie van de open escalatie waarop u voortbouwt; anders 409")


class AfschalenSerializer(serializers.Serializer):
    reden = serializers.CharField(source="reason", max_length=LONG_TEXT)
    versie = serializers.IntegerField(source="expected_version", required=False, allow_null=True, default=None)


class OpgepaktSerializer(serializers.Serializer):
    toelichting = serializers.CharField(source="note", max_length=LONG_TEXT, help_text="wat het niveau gaat doen")


class BindendBesluitInvoerSerializer(serializers.Serializer):
    casus = serializers.IntegerField(min_value=1)
    beslissing = serializers.CharField(source="decision", max_length=LONG_TEXT, help_text="wat bindend besloten is")
    beslotenOp = serializers.DateField(source="decided_on")
    organisaties = serializers.ListField(source="organisations", child=serializers.CharField(max_length=40),
                                         help_text="codes van organisaties uit het profiel")
    gehoord = serializers.CharField(source="heard", max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    gehoordeProfessionals = serializers.ListField(source="heard_professionals",
                                                  child=serializers.CharField(max_length=150), required=False,
                                                  default=list, help_text="gebruikersnamen van betrokkenen")
    neemtOver = serializers.BooleanField(source="takes_over", required=False, default=False)
