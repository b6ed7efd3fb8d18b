"""API shapes of the API keys (api-sleutels): a key as listed (never the key itself), the answer to making one
(with the key, once), and the input to make one."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from toegang.accounts.models import API_TOKEN_STATES, ApiToken
from toegang.core import clock

NAME_MAX = ApiToken._meta.get_field("name").max_length


class ApiSleutelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:api-sleutel-detail")
    naam = serializers.CharField(source="name")
    kenmerk = serializers.CharField(source="shown_prefix", help_text="het openbare begin van de sleutel (`tg_…`)")
    status = serializers.SerializerMethodField()
    aangemaaktOp = serializers.DateTimeField(source="created_at")
    geldigTotEnMet = serializers.DateField(source="valid_through", help_text="de laatste dag dat de sleutel werkt")
    verlooptOp = serializers.DateTimeField(source="expires_at", help_text="vanaf dit moment werkt de sleutel niet meer")
    laatstGebruiktOp = serializers.DateTimeField(source="last_used_at", allow_null=True,
                                                 help_text="hoogstens een minuut nauwkeurig; null: nooit gebruikt")
    ingetrokkenOp = serializers.DateTimeField(source="revoked_at", allow_null=True)

    @extend_schema_field(serializers.ChoiceField(choices=API_TOKEN_STATES))
    def get_status(self, obj) -> str:
        return obj.state_at(clock.now())


class ApiSleutelAangemaaktSerializer(ApiSleutelSerializer):
    sleutel = serializers.CharField(help_text="de sleutel zelf: alleen in dit antwoord, daarna nooit meer te zien. "
                                              "Stuur hem als `Authorization: Bearer <sleutel>`.")


class ApiSleutelInvoerSerializer(serializers.Serializer):
    naam = serializers.CharField(source="name", max_length=NAME_MAX,
                                 help_text="waarvoor de sleutel is, bijvoorbeeld 'Koppeling zorgaanbieder'")
    geldigTotEnMet = serializers.DateField(source="expires_on", required=False, allow_null=True, default=None,
                                           help_text="de laatste dag dat de sleutel werkt; standaard over 90 dagen, "
                                                     "hoogstens 365 dagen vooruit (instellingen van de installatie)")
