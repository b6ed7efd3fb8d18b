"""API shapes of the case conference (casusoverleggen): the conference with its invitees, decisions and the actions
that went into the plan; the input of planning one, of its minutes and of cancelling it (fields map to the action's
arguments with `source=`, api.inputs)."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from .intake_serializers import LONG_TEXT

# The most actions one minutes can carry through the API (the page has ACTION_ROWS rows).
MAX_API_ACTIONS = 20


class GenodigdeSerializer(serializers.Serializer):
    soort = serializers.CharField(source="kind")
    naam = serializers.CharField(source="name")
    rol = serializers.CharField(source="role")
    medewerker = serializers.CharField(source="medewerker.username", allow_null=True, default=None)
    inwoner = serializers.IntegerField(source="resident_id", allow_null=True)


class OverlegActieSerializer(serializers.Serializer):
    doel = serializers.CharField(source="goal_id")
    uitvoerderSoort = serializers.CharField(source="owner_type")
    uitvoerder = serializers.CharField(source="owner")
    omschrijving = serializers.CharField(source="description")
    klaarOp = serializers.DateField(source="due_date")
    planActie = serializers.CharField(source="plan_action_id", help_text="de id van de actie in het plan")


class CasusoverlegSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    casus = serializers.IntegerField(source="casus_id")
    soort = serializers.CharField(source="kind")
    aanleiding = serializers.CharField(source="reason")
    moment = serializers.DateTimeField(source="starts_at")
    plaats = serializers.CharField(source="place")
    agenda = serializers.CharField()
    status = serializers.CharField()
    redenHuishoudenNietUitgenodigd = serializers.CharField(source="family_absent_reason")
    belegdDoor = serializers.CharField(source="convened_by.username", allow_null=True, default=None)
    genodigden = GenodigdeSerializer(source="invitees.all", many=True)
    verslag = serializers.CharField(source="minutes")
    besluiten = serializers.ListField(source="decisions", child=serializers.CharField())
    acties = OverlegActieSerializer(source="actions.all", many=True)
    planversie = serializers.IntegerField(source="plan_version", allow_null=True)
    redenAnnuleren = serializers.CharField(source="cancel_reason")
    versie = serializers.IntegerField(source="version")

    def get_url(self, obj) -> str:
        return reverse("api:casusoverleg-detail", kwargs={"pk": obj.pk}, request=self.context.get("request"))


class CasusoverlegAanmakenSerializer(serializers.Serializer):
    casus = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    soort = serializers.CharField(source="kind", max_length=40)
    aanleiding = serializers.CharField(source="reason", max_length=LONG_TEXT)
    moment = serializers.DateTimeField(source="starts_at")
    plaats = serializers.CharField(source="place", max_length=200)
    agenda = serializers.CharField(max_length=LONG_TEXT, required=False, allow_blank=True, default="")
    professionals = serializers.ListField(source="staff_ids", child=serializers.IntegerField(min_value=1),
                                          required=False, default=list, max_length=100,
                                          help_text="ids van medewerkers: de casusregisseur, betrokkenen, procesregie")
    huishouden = serializers.ListField(source="resident_ids", child=serializers.IntegerField(min_value=1),
                                       required=False, default=list, max_length=50,
                                       help_text="ids van inwoners van het huishouden (standaard uitgenodigd)")
    netwerk = serializers.ListField(source="network_ids", child=serializers.IntegerField(min_value=1),
                                    required=False, default=list, max_length=50,
                                    help_text="ids van netwerkleden van het huishouden")
    redenHuishoudenNietUitgenodigd = serializers.CharField(source="family_absent_reason", max_length=1000,
                                                           required=False, allow_blank=True, default="")

    class Meta:
        error_names = {"staff": "professionals", "residents": "huishouden", "network": "netwerk"}


class OverlegActieInvoerSerializer(serializers.Serializer):
    doel = serializers.CharField(source="goal_id", max_length=40)
    uitvoerderSoort = serializers.CharField(source="owner_type", max_length=40)
    uitvoerder = serializers.CharField(source="owner", max_length=200, allow_blank=True)
    omschrijving = serializers.CharField(source="description", max_length=500)
    klaarOp = serializers.DateField(source="due_date")


_ACTION_FIELDS = {"goal": "doel", "owner_type": "uitvoerderSoort", "owner": "uitvoerder",
                  "description": "omschrijving", "due_date": "klaarOp"}


class VerslagSerializer(serializers.Serializer):
    versie = serializers.IntegerField(source="expected_version", min_value=1)
    verslag = serializers.CharField(source="minutes", max_length=LONG_TEXT)
    besluiten = serializers.ListField(source="decisions", child=serializers.CharField(max_length=1000),
                                      max_length=50)
    acties = OverlegActieInvoerSerializer(source="actions", many=True, required=False, default=list,
                                   max_length=MAX_API_ACTIONS)

    class Meta:
        # conferences.actions names the reasons of action n (1-based) action_<n>_<field>
        error_names = {f"action_{n}_{name}": f"acties.{n - 1}.{api}"
                       for n in range(1, MAX_API_ACTIONS + 1) for name, api in _ACTION_FIELDS.items()}


class AnnulerenSerializer(serializers.Serializer):
    versie = serializers.IntegerField(source="expected_version", min_value=1)
    reden = serializers.CharField(source="reason", max_length=1000)
