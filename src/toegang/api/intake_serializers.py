"""API shapes of the front door (Dutch resources, camelCase); input fields map to the action's arguments with
`source=` (api.inputs)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from toegang.deadlines.models import Clock
from toegang.deadlines.queries import status_of
from toegang.intake.codes import BRON, KANAAL, LEVENSGEBIEDEN, SETTING, TRIAGE, URGENTIE, WETTEN
from toegang.intake.models import Aanvraag, Melding

# Free text without a column limit (a question, a report): the project-wide limit for long text (issue 9).
LONG_TEXT = settings.TOEGANG_MAX_TEXT_CHARS


class TermijnSerializer(serializers.ModelSerializer):
    soort = serializers.CharField(source="kind")
    omschrijving = serializers.CharField(source="label")
    bron = serializers.CharField(source="source")
    gestartOp = serializers.DateField(source="started_on")
    termijn = serializers.CharField(source="term")
    uitersteDatum = serializers.DateField(source="due_on")
    uiterlijkOpMoment = serializers.DateTimeField(source="due_at", allow_null=True,
                                                  help_text="het uiterste moment van een termijn in uren (crisis); "
                                                            "null bij een termijn in dagen")
    opgeschortSinds = serializers.DateField(source="suspended_since", allow_null=True)
    gestoptOp = serializers.DateField(source="stopped_on", allow_null=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Clock
        fields = ["id", "soort", "omschrijving", "bron", "gestartOp", "termijn", "uitersteDatum", "uiterlijkOpMoment",
                  "opgeschortSinds",
                  "gestoptOp", "status"]

    def get_status(self, obj) -> str:
        return status_of(obj)


def clock_rows(parent: serializers.Serializer, clocks) -> list[dict]:
    """The clocks as TermijnSerializer writes them, through one TermijnSerializer per list (kept on `parent`, the
    list's row serializer) instead of one per row: building a serializer's fields costs more than using them, and a
    page of 100 meldingen built 100 (issue 16)."""
    child = parent.__dict__.get("_termijn_serializer")
    if child is None:
        child = parent.__dict__["_termijn_serializer"] = TermijnSerializer()
    return [child.to_representation(c) for c in clocks]


class OpgegevenPersoonSerializer(serializers.Serializer):
    """Wat de melder (een partner die verwijst) over de persoon opgaf, zolang er geen inwoner is gekoppeld."""

    naam = serializers.CharField()
    geboortedatum = serializers.DateField(allow_null=True)
    bsn = serializers.CharField(allow_blank=True)
    postcode = serializers.CharField(allow_blank=True)
    huisnummer = serializers.IntegerField(allow_null=True)


class MeldingSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:melding-detail")
    gemeente = serializers.CharField(source="gemeente.cbs_code")
    ontvangenOp = serializers.DateTimeField(source="received_at")
    kanaal = serializers.CharField(source="channel")
    bron = serializers.CharField(source="source")
    anoniem = serializers.BooleanField(source="anonymous")
    huishouden = serializers.PrimaryKeyRelatedField(source="household", read_only=True, allow_null=True)
    inwoners = serializers.SerializerMethodField()
    vraag = serializers.CharField(source="question")
    levensgebieden = serializers.ListField(source="life_domains", child=serializers.CharField())
    urgentie = serializers.CharField(source="urgency")
    wetten = serializers.ListField(source="laws", child=serializers.CharField())
    team = serializers.CharField(source="team.code", allow_null=True, default=None)
    routeringsregel = serializers.CharField(source="routing_rule")
    routeringWaarschuwing = serializers.CharField(source="routing_warning")
    behandelaar = serializers.CharField(source="assigned_to.username", allow_null=True, default=None)
    triage = serializers.CharField(source="triage_outcome")
    casus = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    versie = serializers.IntegerField(source="version")
    termijnen = serializers.SerializerMethodField()
    opgegevenPersoon = serializers.SerializerMethodField()

    class Meta:
        model = Melding
        fields = ["id", "url", "gemeente", "ontvangenOp", "kanaal", "bron", "anoniem", "huishouden", "inwoners",
                  "opgegevenPersoon", "vraag",
                  "levensgebieden", "urgentie", "wetten", "setting", "status", "team", "routeringsregel",
                  "routeringWaarschuwing", "behandelaar", "triage", "casus", "versie", "termijnen"]

    def get_inwoners(self, obj) -> list[int]:
        return [s.resident_id for s in obj.subjects.all()]

    @extend_schema_field(OpgegevenPersoonSerializer(allow_null=True))
    def get_opgegevenPersoon(self, obj) -> dict | None:
        """What the referrer gave about the person, as long as the melding has no resident linked (null after)."""
        reported = obj.reported_person
        if not reported or obj.household_id:
            return None
        return {"naam": reported.get("naam", ""), "geboortedatum": reported.get("geboortedatum"),
                "bsn": reported.get("bsn") or "", "postcode": reported.get("postcode") or "",
                "huisnummer": reported.get("huisnummer")}

    def get_termijnen(self, obj) -> list[dict]:
        return clock_rows(self, self.context.get("clocks", {}).get(obj.pk, []))


class MeldingAanmakenSerializer(serializers.Serializer):
    gemeente = serializers.RegexField(r"^[0-9]{4}$")
    ontvangenOp = serializers.DateTimeField(source="received_at", required=False, allow_null=True, default=None)
    kanaal = serializers.ChoiceField(source="channel", choices=KANAAL)
    bron = serializers.ChoiceField(source="source", choices=BRON)
    melder = serializers.CharField(source="referrer", required=False, allow_blank=True, default="", max_length=200)
    anoniem = serializers.BooleanField(source="anonymous", required=False, default=False)
    inwoners = serializers.ListField(source="persons", child=serializers.IntegerField(min_value=1), required=False,
                                     default=list)
    huishouden = serializers.IntegerField(source="household", required=False, allow_null=True, default=None,
                                          min_value=1)
    vraag = serializers.CharField(source="question", max_length=LONG_TEXT)
    levensgebieden = serializers.ListField(source="life_domains", child=serializers.ChoiceField(choices=LEVENSGEBIEDEN),
                                           required=False, default=list)
    urgentie = serializers.ChoiceField(source="urgency", choices=URGENTIE, required=False, default="regulier")
    wetten = serializers.ListField(source="laws", child=serializers.ChoiceField(choices=WETTEN), required=False,
                                   default=list)
    setting = serializers.ChoiceField(choices=SETTING, required=False, default="")
    koppelAanOpenCasus = serializers.BooleanField(source="attach_to_open_case", required=False, default=True)


class TriageSerializer(serializers.Serializer):
    uitkomst = serializers.ChoiceField(source="outcome", choices=TRIAGE)
    reden = serializers.CharField(source="reason", max_length=1000)
    versie = serializers.IntegerField(source="expected_version", required=False, allow_null=True, default=None)
    team = serializers.CharField(required=False, allow_blank=True, default="", max_length=40,
                                 help_text="teamcode, bij handmatige routering")
    redenAnderTeam = serializers.CharField(source="override_reason", required=False, allow_blank=True, default="",
                                           max_length=500)
    doorverwezenNaar = serializers.CharField(source="referred_to", required=False, allow_blank=True, default="",
                                             max_length=200)
    adviesOver = serializers.ListField(
        source="advice_about", child=serializers.IntegerField(min_value=1), required=False, default=list,
        max_length=50, help_text="ids van de maatwerkvoorzieningen (GET /voorzieningen) waarover informatie en advies "
                                 "is gegeven; alleen bij de uitkomst informatie-advies, elk binnen uw mandaat")


class KoppelSerializer(serializers.Serializer):
    """De inwoner over wie een melding gaat, om een verwijzing op te pakken."""

    inwoner = serializers.IntegerField(source="resident", min_value=1, help_text="id van de inwoner")
    versie = serializers.IntegerField(source="expected_version", required=False, allow_null=True, default=None)


class AanvraagSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:aanvraag-detail")
    melding = serializers.PrimaryKeyRelatedField(read_only=True)
    aanvrager = serializers.PrimaryKeyRelatedField(source="applicant", read_only=True)
    wet = serializers.CharField(source="law")
    gevraagd = serializers.CharField(source="requested")
    ontvangenOp = serializers.DateField(source="received_on")
    termijnen = serializers.SerializerMethodField()

    class Meta:
        model = Aanvraag
        fields = ["id", "url", "melding", "aanvrager", "wet", "gevraagd", "ontvangenOp", "status", "termijnen"]

    def get_termijnen(self, obj) -> list[dict]:
        return clock_rows(self, self.context.get("clocks", {}).get(obj.pk, []))


class AanvraagAanmakenSerializer(serializers.Serializer):
    melding = serializers.IntegerField(min_value=1)
    aanvrager = serializers.IntegerField(source="applicant", min_value=1)
    wet = serializers.ChoiceField(source="law", choices=[("wmo", "Wmo 2015"), ("jeugdwet", "Jeugdwet"),
                                                         ("participatiewet", "Participatiewet")])
    gevraagd = serializers.CharField(source="requested", max_length=500)
    ontvangenOp = serializers.DateField(source="received_on", required=False, allow_null=True, default=None)


class VerwijzingSerializer(serializers.Serializer):
    """What a referring partner sends, and what it gets back (feedback status only, never the file)."""

    gemeente = serializers.RegexField(r"^[0-9]{4}$", write_only=True)
    naam = serializers.CharField(max_length=200, write_only=True)
    geboortedatum = serializers.DateField(required=False, allow_null=True, default=None, write_only=True)
    bsn = serializers.CharField(required=False, allow_blank=True, default="", max_length=11, write_only=True)
    postcode = serializers.CharField(required=False, allow_blank=True, default="", max_length=7, write_only=True)
    huisnummer = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, write_only=True)
    vraag = serializers.CharField(source="question", write_only=True, max_length=LONG_TEXT)
    urgentie = serializers.ChoiceField(source="urgency", choices=URGENTIE, required=False, default="regulier",
                                       write_only=True)
    setting = serializers.ChoiceField(choices=SETTING, required=False, default="", write_only=True)
    id = serializers.IntegerField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:verwijzing-detail")
    ontvangenOp = serializers.DateTimeField(source="received_at", read_only=True)
    terugkoppeling = serializers.CharField(source="feedback_status", read_only=True)
