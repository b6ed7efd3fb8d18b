"""Expert consultations in the API (issue 12 points 10 and 11): Dutch camelCase names, the action's names as
`source` (so a domain error names the API's field)."""

from django.conf import settings
from rest_framework import serializers

from toegang.provisions.models import Raadpleging

LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS


class RaadplegingSerializer(serializers.Serializer):
    """Een raadpleging van een deskundige of het deskundigenteam, met het advies zodra het er is."""

    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:raadpleging-detail")
    casus = serializers.IntegerField(source="casus_id", allow_null=True,
                                     help_text="leeg bij een enkelvoudige vraag: de raadpleging hoort bij de melding")
    melding = serializers.IntegerField(source="melding_id", allow_null=True)
    soort = serializers.ChoiceField(source="kind", choices=Raadpleging.Kind.choices)
    deskundige = serializers.CharField(source="expert")
    deskundigenteam = serializers.CharField(source="team_code", help_text="code van het deskundigenteam in het profiel")
    voorziening = serializers.IntegerField(source="voorziening_id", allow_null=True,
                                           help_text="id van de voorziening waarover het advies gaat")
    vraag = serializers.CharField(source="question")
    gevraagdOp = serializers.DateField(source="asked_on")
    advies = serializers.CharField(source="advice")
    strekking = serializers.CharField(source="outcome", help_text="positief, voorwaardelijk of negatief; leeg: "
                                                                  "nog geen advies")
    adviesOp = serializers.DateField(source="advised_on", allow_null=True)
    versie = serializers.IntegerField(source="version")


class RaadplegingInvoerSerializer(serializers.Serializer):
    casus = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    aanvraag = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None,
                                        help_text="zonder casus: de aanvraag van een enkelvoudige vraag (de raadpleging "
                                                  "hoort bij haar melding)")
    soort = serializers.ChoiceField(source="kind", choices=Raadpleging.Kind.choices)
    deskundige = serializers.CharField(source="expert", required=False, allow_blank=True, default="", max_length=200)
    deskundigenteam = serializers.CharField(source="team_code", required=False, allow_blank=True, default="",
                                            max_length=40)
    voorziening = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    vraag = serializers.CharField(source="question", max_length=LONG_TEXT)
    gevraagdOp = serializers.DateField(source="asked_on")
    advies = serializers.CharField(source="advice", required=False, allow_blank=True, default="",
                                   max_length=LONG_TEXT)
    strekking = serializers.ChoiceField(source="outcome", choices=Raadpleging.Outcome.choices, required=False,
                                        allow_blank=True, default="")
    adviesOp = serializers.DateField(source="advised_on", required=False, allow_null=True, default=None)


class AdviesInvoerSerializer(serializers.Serializer):
    advies = serializers.CharField(source="advice", max_length=LONG_TEXT)
    strekking = serializers.ChoiceField(source="outcome", choices=Raadpleging.Outcome.choices)
    adviesOp = serializers.DateField(source="advised_on")
    deskundige = serializers.CharField(source="expert", required=False, allow_blank=True, default="", max_length=200)
    versie = serializers.IntegerField(source="expected_version", required=False, allow_null=True, default=None)
