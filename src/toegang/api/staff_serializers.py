"""API shapes of staff administration (medewerkers, issue 13 item 3): a staff member with their roles per gemeente
and teams, and the input of creating one, changing one (details, active or not), granting a role and adding a team.
A gemeente is its CBS code, a role, team and organisation their code in the profile (docs/api.md)."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from toegang.accounts.models import Medewerker, RoleAssignment, TeamMembership

CBS = r"^[0-9]{4}$"


class RolToekenningSerializer(serializers.Serializer):
    """Een rol van een medewerker in een gemeente."""

    id = serializers.IntegerField(help_text="het id van deze toekenning (`rolId` in het adres)")
    url = serializers.SerializerMethodField()
    gemeente = serializers.CharField(source="gemeente.cbs_code", help_text="CBS-code")
    gemeenteNaam = serializers.CharField(source="gemeente.name")
    rol = serializers.CharField(source="role.code", help_text="de code van de rol in het profiel van de gemeente")
    rolNaam = serializers.CharField(source="role.name")

    def get_url(self, obj: RoleAssignment) -> str:
        return reverse("api:medewerker-rol", kwargs={"pk": obj.medewerker_id, "rol_id": obj.pk},
                       request=self.context["request"])


class TeamlidmaatschapSerializer(serializers.Serializer):
    """Een team waarin de medewerker zit."""

    id = serializers.IntegerField(help_text="het id van dit lidmaatschap (`teamId` in het adres)")
    url = serializers.SerializerMethodField()
    gemeente = serializers.CharField(source="team.gemeente.cbs_code", help_text="CBS-code")
    team = serializers.CharField(source="team.code", help_text="de code van het team in het profiel")
    teamNaam = serializers.CharField(source="team.name")

    def get_url(self, obj: TeamMembership) -> str:
        return reverse("api:medewerker-team", kwargs={"pk": obj.medewerker_id, "team_id": obj.pk},
                       request=self.context["request"])


class MedewerkerSerializer(serializers.Serializer):
    """Een medewerker met rollen per gemeente en teams."""

    id = serializers.IntegerField()
    url = serializers.HyperlinkedIdentityField(view_name="api:medewerker-detail")
    gebruikersnaam = serializers.CharField(source="username", help_text="waarmee de medewerker inlogt; verandert niet")
    naam = serializers.CharField(source="get_full_name")
    email = serializers.CharField()
    functie = serializers.CharField(source="function_title")
    organisatie = serializers.CharField(source="organisatie.code", allow_null=True, default=None,
                                        help_text="de code van de organisatie in het profiel")
    organisatieNaam = serializers.CharField(source="organisatie.name", allow_null=True, default=None)
    actief = serializers.BooleanField(source="is_active", help_text="false: gedeactiveerd, kan niet inloggen")
    versie = serializers.IntegerField(source="version", help_text="stuur mee bij wijzigen; anders 409")
    laatstIngelogdOp = serializers.DateTimeField(source="last_login", allow_null=True)
    rollen = RolToekenningSerializer(source="held_roles", many=True)
    teams = TeamlidmaatschapSerializer(source="teams_in", many=True)

    def to_representation(self, instance: Medewerker):
        if not hasattr(instance, "held_roles"):  # one staff member read on their own (the list prefetches)
            instance.held_roles = list(instance.role_assignments.select_related("role", "gemeente")
                                       .order_by("gemeente__name", "role__name", "pk"))
            instance.teams_in = list(instance.team_memberships.select_related("team__gemeente")
                                     .order_by("team__gemeente__name", "team__name", "pk"))
        return super().to_representation(instance)


class MedewerkerAanmakenSerializer(serializers.Serializer):
    gebruikersnaam = serializers.CharField(source="username", max_length=150,
                                           help_text="waarmee de medewerker inlogt: letters, cijfers en . @ + - _")
    naam = serializers.CharField(source="full_name", max_length=301, help_text="voornaam en achternaam")
    email = serializers.CharField(required=False, allow_blank=True, default="", max_length=254)
    functie = serializers.CharField(source="function_title", required=False, allow_blank=True, default="",
                                    max_length=200)
    organisatie = serializers.CharField(max_length=40, help_text="de code van de organisatie in het profiel")
    wachtwoord = serializers.CharField(source="password", required=False, allow_blank=True, default="",
                                       write_only=True, trim_whitespace=False, max_length=128,
                                       help_text="alleen als de medewerker met een wachtwoord van Toegang inlogt "
                                                 "(minstens 12 tekens, niet alleen cijfers, niet te algemeen); "
                                                 "leeg: inloggen via de inlogdienst van de gemeente")


class MedewerkerWijzigenSerializer(serializers.Serializer):
    """Alleen de velden die u meestuurt veranderen. `actief` naar false deactiveert het account meteen (sessies en
    API-sleutels stoppen), naar true activeert het weer; beide met een `reden`."""

    versie = serializers.IntegerField(source="expected_version",
                                      help_text="de versie die u las; is de medewerker intussen gewijzigd, dan 409")
    naam = serializers.CharField(source="full_name", required=False, max_length=301)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    functie = serializers.CharField(source="function_title", required=False, allow_blank=True, max_length=200)
    organisatie = serializers.CharField(required=False, max_length=40,
                                        help_text="de code van de organisatie in het profiel")
    actief = serializers.BooleanField(source="active", required=False)
    reden = serializers.CharField(source="reason", required=False, allow_blank=True, default="", max_length=300,
                                  help_text="verplicht als `actief` verandert")


class RolInvoerSerializer(serializers.Serializer):
    gemeente = serializers.RegexField(CBS, help_text="CBS-code")
    rol = serializers.CharField(source="role", max_length=40, help_text="de code van de rol in het profiel")


class TeamInvoerSerializer(serializers.Serializer):
    gemeente = serializers.RegexField(CBS, help_text="CBS-code")
    team = serializers.CharField(max_length=40, help_text="de code van het team in het profiel")
