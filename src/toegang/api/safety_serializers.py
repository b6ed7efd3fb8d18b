"""API shapes of the meldcode (meldcode-trajecten): a trajectory with its steps, kindchecks and contacts with
Veilig Thuis, and the input to start one and to record a step (fields map to the action's arguments, api.inputs)."""

from rest_framework import serializers

from .intake_serializers import LONG_TEXT


class MeldcodeStapSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stap = serializers.IntegerField(source="step")
    datum = serializers.DateField(source="held_on")
    door = serializers.CharField(source="by.username", allow_null=True, default=None)
    antwoorden = serializers.DictField(source="answers")
    toelichting = serializers.CharField(source="notes")
    vastgelegdOp = serializers.DateTimeField(source="recorded_at")


class KindcheckSerializer(serializers.Serializer):
    uitgevoerd = serializers.BooleanField(source="done")
    datum = serializers.DateField(source="done_on")
    kinderen = serializers.SerializerMethodField()
    uitkomst = serializers.CharField(source="outcome")

    def get_kinderen(self, obj) -> list[int]:
        return sorted(child.pk for child in obj.children.all())


class VeiligThuisSerializer(serializers.Serializer):
    soort = serializers.CharField(source="kind")
    datum = serializers.DateField(source="on")
    kenmerk = serializers.CharField(source="reference")
    toelichting = serializers.CharField(source="note")


class MeldcodeTrajectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:meldcode-traject-detail")
    casus = serializers.IntegerField(source="casus_id")
    personen = serializers.SerializerMethodField()
    melding = serializers.IntegerField(source="melding_id", allow_null=True)
    gestartOp = serializers.DateTimeField(source="started_at")
    huidigeStap = serializers.IntegerField(source="current_step")
    versie = serializers.IntegerField(source="version")

    def get_personen(self, obj) -> list[int]:
        return sorted(person.pk for person in obj.persons.all())


class MeldcodeTrajectDetailSerializer(MeldcodeTrajectSerializer):
    stappen = MeldcodeStapSerializer(source="steps", many=True)
    kindchecks = KindcheckSerializer(many=True)
    veiligThuis = VeiligThuisSerializer(source="veilig_thuis", many=True)


class MeldcodeTrajectInvoerSerializer(serializers.Serializer):
    casus = serializers.IntegerField(source="casus_id")
    personen = serializers.ListField(source="person_ids", child=serializers.IntegerField(), allow_empty=True)
    melding = serializers.IntegerField(source="melding_id", required=False, allow_null=True, default=None)

    class Meta:
        error_names = {"persons": "personen"}


class MeldcodeStapInvoerSerializer(serializers.Serializer):
    versie = serializers.IntegerField(source="expected_version", required=False, allow_null=True, default=None,
                                      help_text="de versie van het traject die u las; anders 409")
    stap = serializers.IntegerField(source="step", min_value=1, max_value=5)
    datum = serializers.DateField(source="held_on")
    antwoorden = serializers.DictField(source="answers", help_text=(
        "per stap: 1 signalen, veiligheidsbeoordeling; 2 collega, veilig_thuis_geraadpleegd, advies; 3 gevoerd, "
        "gesprek_met, reden_niet_gevoerd; 4 vraag1..vraag5 (ja/nee) met vraagN_toelichting; 5 melden, hulp"))
    toelichting = serializers.CharField(source="notes", max_length=LONG_TEXT, required=False, allow_blank=True,
                                        default="")
