"""API shapes in Dutch with camelCase field names (NL API Design Rules). Shape only; rules live in actions.
An input serializer maps its Dutch fields to the action's arguments with `source=` (api.inputs)."""

from rest_framework import serializers

from toegang.persons.codes import COMMUNICATIEVORM, GESLACHT, SOORT_RELATIE, VERTEGENWOORDIGING
from toegang.persons.models import (
    Household,
    HouseholdAddress,
    HouseholdMembership,
    NetworkMember,
    Relation,
    Resident,
)


class AdresSerializer(serializers.Serializer):
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True, default="")
    huisnummer = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=99999, default=None)
    huisnummertoevoeging = serializers.CharField(source="toevoeging", max_length=8, required=False, allow_blank=True, default="")
    straatnaam = serializers.CharField(source="straat", max_length=200, required=False, allow_blank=True, default="")
    woonplaats = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AdresHistorieSerializer(serializers.ModelSerializer):
    # Declared, so the schema does not take the integer range from the database backend.
    huisnummer = serializers.IntegerField(min_value=1, max_value=99999, allow_null=True)
    huisnummertoevoeging = serializers.CharField(source="toevoeging")
    straatnaam = serializers.CharField(source="straat")
    geldigVanaf = serializers.DateField(source="valid_from")
    geldigTot = serializers.DateField(source="valid_until", allow_null=True)

    class Meta:
        model = HouseholdAddress
        fields = ["postcode", "huisnummer", "huisnummertoevoeging", "straatnaam", "woonplaats", "geldigVanaf", "geldigTot"]


class InwonerSerializer(serializers.ModelSerializer):
    """Read shape of an inwoner."""

    url = serializers.HyperlinkedIdentityField(view_name="api:inwoner-detail")
    gemeente = serializers.CharField(source="gemeente.cbs_code", read_only=True)
    huishouden = serializers.IntegerField(source="household_id", allow_null=True, help_text="id van het huishouden")
    communicatieToelichting = serializers.CharField(source="communicatie_toelichting")
    versie = serializers.IntegerField(source="version")
    adres = serializers.SerializerMethodField()

    class Meta:
        model = Resident
        fields = [
            "id", "url", "gemeente", "bsn", "voornamen", "voorvoegsel", "geslachtsnaam", "geboortedatum", "geslacht",
            "telefoon", "email", "communicatievorm", "taal", "communicatieToelichting", "vertegenwoordiging",
            "vertegenwoordiger", "huishouden", "adres", "versie",
        ]

    def get_adres(self, obj) -> dict | None:
        h = obj.household
        if h is None or not h.postcode:
            return None
        return {"postcode": h.postcode, "huisnummer": h.huisnummer, "huisnummertoevoeging": h.toevoeging,
                "straatnaam": h.straat, "woonplaats": h.woonplaats}


class InwonerInvoerSerializer(serializers.Serializer):
    """Write shape of an inwoner (create and update)."""

    bsn = serializers.CharField(max_length=11, required=False, allow_blank=True, allow_null=True, default=None)
    voornamen = serializers.CharField(max_length=200)
    voorvoegsel = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    geslachtsnaam = serializers.CharField(max_length=200)
    geboortedatum = serializers.DateField(required=False, allow_null=True, default=None)
    geslacht = serializers.ChoiceField(choices=GESLACHT, required=False, default="0")
    telefoon = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    communicatievorm = serializers.ChoiceField(choices=COMMUNICATIEVORM, required=False, allow_blank=True, default="")
    taal = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    communicatieToelichting = serializers.CharField(source="communicatie_toelichting", max_length=500, required=False,
                                                    allow_blank=True, default="")
    vertegenwoordiging = serializers.ChoiceField(choices=VERTEGENWOORDIGING, required=False, allow_blank=True, default="")
    vertegenwoordiger = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class InwonerAanmakenSerializer(InwonerInvoerSerializer):
    gemeente = serializers.RegexField(r"^[0-9]{4}$", help_text="CBS-code van de gemeente")
    huishouden = serializers.IntegerField(source="household", required=False, allow_null=True, default=None,
                                          help_text="id van een bestaand huishouden waar de inwoner bij hoort")
    nieuwHuishouden = serializers.BooleanField(
        source="new_household", required=False, allow_null=True, default=None,
        help_text="true: begin een nieuw huishouden op het adres, ook als daar al een huishouden woont. Zonder "
                  "huishouden en zonder true geeft een adres waar al een huishouden woont 400 (huishouden-op-adres): "
                  "kies dan het huishouden of uitdrukkelijk een nieuw")
    adres = AdresSerializer(source="address", required=False, allow_null=True, default=None)
    bevestigAnderPersoon = serializers.BooleanField(source="confirm_not_duplicate", required=False, default=False,
                                                    help_text="bevestigt dat een gelijkende registratie iemand anders is")


class InwonerWijzigenSerializer(InwonerInvoerSerializer):
    versie = serializers.IntegerField(source="expected_version",
                                      help_text="de versie die u het laatst las; bij een andere versie volgt 409")


class LidSerializer(serializers.ModelSerializer):
    inwoner = serializers.IntegerField(source="resident_id", help_text="id van de inwoner")
    naam = serializers.CharField(source="resident.full_name")
    geboortedatum = serializers.DateField(source="resident.geboortedatum")
    geldigVanaf = serializers.DateField(source="valid_from")
    geldigTot = serializers.DateField(source="valid_until", allow_null=True)

    class Meta:
        model = HouseholdMembership
        fields = ["inwoner", "naam", "geboortedatum", "geldigVanaf", "geldigTot"]


class RelatieSerializer(serializers.ModelSerializer):
    inwoner = serializers.IntegerField(source="resident_id")
    persoon = serializers.IntegerField(source="person_id")
    soortRelatie = serializers.ChoiceField(source="kind", choices=SOORT_RELATIE)

    class Meta:
        model = Relation
        fields = ["inwoner", "persoon", "soortRelatie"]


class NetwerklidSerializer(serializers.ModelSerializer):
    naam = serializers.CharField(source="name")
    soortRelatie = serializers.ChoiceField(source="kind", choices=SOORT_RELATIE)

    class Meta:
        model = NetworkMember
        fields = ["naam", "soortRelatie", "telefoon", "email", "mantelzorger"]


class HuishoudenSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:huishouden-detail")
    # Declared, so the schema does not take the integer range from the database backend.
    huisnummer = serializers.IntegerField(min_value=1, max_value=99999, allow_null=True)
    naam = serializers.CharField(source="label")
    gemeente = serializers.CharField(source="gemeente.cbs_code")
    wijk = serializers.CharField(source="wijk.code", allow_null=True, default=None)
    huisnummertoevoeging = serializers.CharField(source="toevoeging")
    straatnaam = serializers.CharField(source="straat")
    versie = serializers.IntegerField(source="version")

    class Meta:
        model = Household
        fields = ["id", "url", "naam", "gemeente", "wijk", "postcode", "huisnummer", "huisnummertoevoeging",
                  "straatnaam", "woonplaats", "versie"]


class HuishoudenDetailSerializer(HuishoudenSerializer):
    leden = LidSerializer(source="memberships", many=True)
    relaties = RelatieSerializer(source="relations", many=True)
    netwerk = NetwerklidSerializer(source="network", many=True)
    adressen = AdresHistorieSerializer(source="addresses", many=True)

    class Meta(HuishoudenSerializer.Meta):
        fields = HuishoudenSerializer.Meta.fields + ["leden", "relaties", "netwerk", "adressen"]


class HuishoudenAanmakenSerializer(AdresSerializer):
    gemeente = serializers.RegexField(r"^[0-9]{4}$", help_text="CBS-code van de gemeente")
    naam = serializers.CharField(source="label", max_length=200)


class VerhuizingSerializer(AdresSerializer):
    versie = serializers.IntegerField(source="expected_version")
    datum = serializers.DateField(source="valid_from", help_text="verhuisdatum")
