"""API shapes of the Verwijsindex (Dutch resources, camelCase): signalen (BSN, organisation, contact person, date —
nothing about the problem) and matches with the contact details of every party."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class SignaalSerializer(serializers.Serializer):
    """What an organisation sends (gemeente, BSN, birth date) and what it reads back about its own signal."""

    gemeente = serializers.RegexField(r"^[0-9]{4}$", write_only=True)
    bsn = serializers.CharField(max_length=11, allow_blank=True)
    geboortedatum = serializers.DateField(source="birth_date", required=False, allow_null=True, default=None)
    id = serializers.IntegerField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:signaal-detail")
    organisatie = serializers.CharField(source="organisatie.code", read_only=True)
    contactpersoon = serializers.CharField(source="contact.username", read_only=True)
    datum = serializers.DateField(source="registered_on", read_only=True)
    eersteDatum = serializers.DateField(source="first_registered_on", read_only=True)
    vervaltOp = serializers.DateField(source="expires_on", read_only=True)
    versie = serializers.IntegerField(source="version", read_only=True)


class MatchSignaalSerializer(serializers.Serializer):
    bsn = serializers.SerializerMethodField()
    organisatie = serializers.CharField(source="organisatie.name")
    contactpersoon = serializers.SerializerMethodField()
    email = serializers.CharField(source="contact.email")
    datum = serializers.DateField(source="registered_on")

    def get_bsn(self, obj) -> str | None:
        """Another youth behind an address or parent match is shown to coordinators only."""
        return obj.bsn if self.context.get("show_bsns") or self.context.get("kind") == "bsn" else None

    def get_contactpersoon(self, obj) -> str:
        return obj.contact.get_full_name() or obj.contact.username


class MatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:match-detail")
    soort = serializers.CharField(source="kind")
    ontstaanOp = serializers.DateTimeField(source="created_at")
    actief = serializers.BooleanField(source="active")
    coordinator = serializers.CharField(source="coordinator.username", allow_null=True, default=None)
    coordinatorOrganisatie = serializers.CharField(source="coordinator_organisatie.code", allow_null=True,
                                                   default=None)
    coordinatieSinds = serializers.DateTimeField(source="coordinated_since", allow_null=True)
    achterwachtNodig = serializers.BooleanField(source="backstop_due")
    signalen = serializers.SerializerMethodField()
    versie = serializers.IntegerField(source="version")

    @extend_schema_field(MatchSignaalSerializer(many=True))
    def get_signalen(self, obj) -> list[dict]:
        return MatchSignaalSerializer(obj.members, many=True,
                                      context={"show_bsns": obj.show_bsns, "kind": obj.kind}).data
