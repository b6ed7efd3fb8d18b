"""Serializers of the messages with providers (issue 14 item 8): `berichten` and `toewijzingen`. The aanbieder is its
AGB code (a national code list, docs/api.md); other resources are their ids. A list row of a message names no
person; its findings (which may quote the XML) are only in the detail, a logged read."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class BevindingSerializer(serializers.Serializer):
    code = serializers.CharField(required=False, allow_null=True, default=None,
                                 help_text="retourcode van de iStandaard (bijv. 9019), leeg bij een fout in de vorm")
    uitleg = serializers.CharField(help_text="de uitleg van de standaard bij de retourcode, of de bevinding zelf")


class BerichtKortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:bericht-detail")
    richting = serializers.CharField(source="direction", help_text="`in` (ontvangen) of `uit` (verstuurd)")
    soort = serializers.CharField(source="kind", help_text="JW301, WMO305, …; leeg als het bestand onleesbaar is")
    status = serializers.CharField()
    identificatie = serializers.CharField(source="identification")
    tijdstip = serializers.DateTimeField(source="at")


class BerichtSerializer(BerichtKortSerializer):
    """One row of the list: what the overview page shows, no personal data."""
    statusOmschrijving = serializers.CharField(source="get_status_display")
    aanbieder = serializers.CharField(source="provider.agb_code", allow_null=True, default=None,
                                      help_text="AGB-code van de aanbieder, als die bekend is")
    afzender = serializers.CharField(source="sender", help_text="AGB- of CBS-code uit de header")
    dagtekening = serializers.DateField(source="dated", allow_null=True)
    bestand = serializers.CharField(source="file_name")
    grootte = serializers.IntegerField(source="size", help_text="in bytes")
    aantalBevindingen = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField())
    def get_aantalBevindingen(self, obj) -> int:
        return len(obj.problems or [])


class BerichtDetailSerializer(BerichtSerializer):
    """One message: its findings, what it answers, its answers and its assignment. The XML is at `{url}/xml`."""
    sha256 = serializers.CharField()
    bevindingen = BevindingSerializer(source="problems", many=True)
    antwoordOp = serializers.IntegerField(source="answer_to_id", allow_null=True,
                                          help_text="id van het bericht waarop dit het antwoord is")
    antwoorden = BerichtKortSerializer(source="answer_list", many=True,
                                       help_text="de retourberichten op dit bericht")
    toewijzing = serializers.IntegerField(source="toewijzing_id", allow_null=True)


class ToewijzingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:toewijzing-detail")
    nummer = serializers.IntegerField(source="number", help_text="het ToewijzingNummer dat de aanbieder gebruikt")
    indicatie = serializers.IntegerField(source="indicatie_id")
    client = serializers.IntegerField(source="indicatie.client_id")
    product = serializers.IntegerField(source="indicatie.product_id", help_text="id van het product")
    wet = serializers.CharField(source="law")
    productcategorie = serializers.CharField(source="product_category")
    productcode = serializers.CharField(source="product_code")
    aanbieder = serializers.CharField(source="provider.agb_code", help_text="AGB-code")
    van = serializers.DateField(source="start")
    totEnMet = serializers.DateField(source="end")
    omvang = serializers.IntegerField(source="volume")
    eenheid = serializers.CharField(source="unit")
    frequentie = serializers.CharField(source="frequency")
    status = serializers.CharField()
    statusOmschrijving = serializers.CharField(source="get_status_display")
    gestartOp = serializers.DateField(source="started_on", allow_null=True)
    beeindigdOp = serializers.DateField(source="ended_on", allow_null=True)
    redenBeeindiging = serializers.CharField(source="end_reason", help_text="code uit de iStandaard (leeg als niet "
                                                                             "beëindigd)")
    toegewezenOp = serializers.DateTimeField(source="assigned_at")
    versie = serializers.IntegerField(source="version")


class ToewijzingDetailSerializer(ToewijzingSerializer):
    berichten = BerichtKortSerializer(source="message_list", many=True,
                                      help_text="de berichten over deze toewijzing, oudste eerst")


class DeclaratieSerializer(serializers.Serializer):
    """One row of the list: a provider's declaration (JW323/WMO323) with its totals, no personal data."""
    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:declaratie-detail")
    bericht = serializers.IntegerField(source="bericht_id", help_text="id van het ontvangen JW323/WMO323-bericht")
    aanbieder = serializers.CharField(source="provider.agb_code", help_text="AGB-code")
    nummer = serializers.CharField(source="number", help_text="het DeclaratieNummer van de aanbieder")
    van = serializers.DateField(source="period_start")
    totEnMet = serializers.DateField(source="period_end")
    dagtekening = serializers.DateField(source="dated")
    ingediend = serializers.DecimalField(source="total", max_digits=14, decimal_places=2,
                                         help_text="totaal ingediend in euro (credit negatief)")
    goedgekeurd = serializers.DecimalField(source="approved", max_digits=14, decimal_places=2,
                                           help_text="totaal goedgekeurd in euro: gerealiseerde uitgaven")


class DeclaratieRegelSerializer(serializers.Serializer):
    positie = serializers.IntegerField(source="position", help_text="volgorde van de prestatie in het bericht")
    toewijzing = serializers.IntegerField(source="toewijzing_id", allow_null=True,
                                          help_text="id van de toewijzing; leeg als het nummer onbekend is")
    toewijzingNummer = serializers.CharField(source="assignment_number", help_text="zoals gedeclareerd")
    client = serializers.IntegerField(source="toewijzing.indicatie.client_id", allow_null=True, default=None)
    referentie = serializers.CharField(source="reference")
    productcategorie = serializers.CharField(source="product_category")
    productcode = serializers.CharField(source="product_code")
    van = serializers.DateField(source="period_start")
    totEnMet = serializers.DateField(source="period_end")
    volume = serializers.IntegerField(help_text="geleverd volume (credit negatief)")
    eenheid = serializers.CharField(source="unit")
    bedrag = serializers.DecimalField(source="amount", max_digits=14, decimal_places=2,
                                      help_text="ingediend bedrag in euro (credit negatief)")
    credit = serializers.BooleanField()
    status = serializers.CharField(help_text="goedgekeurd of afgekeurd")
    retourcodes = serializers.ListField(source="return_codes", child=serializers.CharField(),
                                        help_text="de retourcodes van het antwoord (JW325/WMO325)")


class DeclaratieDetailSerializer(DeclaratieSerializer):
    regels = DeclaratieRegelSerializer(source="line_list", many=True,
                                       help_text="elke prestatie met het oordeel en de retourcodes")
