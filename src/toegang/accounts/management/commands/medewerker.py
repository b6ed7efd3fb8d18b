"""`toegang medewerker …`: staff administration from the command line (the operator, acting as the SYSTEM, which may
grant any role). For what the pages and the API do not let functional administration do: the first functional
administrator, a role that grants config.manage or audit.view (the profile's `kan_toekennen` leaves those out),
a functional administrator's own account. Every change is in the change log like any other. docs/security.md
"Staff administration".

    toegang medewerker aanmaken GEBRUIKERSNAAM --naam "Frank de Beheerder" [--organisatie CODE] [--functie …]
                                [--email …] [--wachtwoord]        (asks the password twice; never an argument)
    toegang medewerker rol-toekennen GEBRUIKERSNAAM --gemeente 9901 --rol beheer
    toegang medewerker rol-intrekken GEBRUIKERSNAAM --gemeente 9901 --rol beheer
    toegang medewerker team-toevoegen GEBRUIKERSNAAM --gemeente 9901 --team st-centrum
    toegang medewerker team-verwijderen GEBRUIKERSNAAM --gemeente 9901 --team st-centrum
    toegang medewerker deactiveren GEBRUIKERSNAAM --reden "uit dienst"
    toegang medewerker activeren GEBRUIKERSNAAM --reden "terug in dienst"
"""

from getpass import getpass

from django.core.management.base import BaseCommand, CommandError

from toegang.accounts import actions
from toegang.accounts.models import (
    Gemeente,
    Medewerker,
    Organisatie,
    Role,
    RoleAssignment,
    Team,
    TeamMembership,
)
from toegang.core.actor import SYSTEM
from toegang.core.errors import DomainError

VERBS = ["aanmaken", "rol-toekennen", "rol-intrekken", "team-toevoegen", "team-verwijderen", "deactiveren",
         "activeren"]


class Command(BaseCommand):
    help = ("Medewerkers beheren als het systeem: aanmaken, rol-toekennen, rol-intrekken, team-toevoegen, "
            "team-verwijderen, deactiveren, activeren. Elke wijziging komt in het wijzigingslog.")

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=VERBS)
        parser.add_argument("gebruikersnaam")
        parser.add_argument("--naam", default="", help="aanmaken: voornaam en achternaam")
        parser.add_argument("--email", default="")
        parser.add_argument("--functie", default="")
        parser.add_argument("--organisatie", default="", help="de code van de organisatie in het profiel")
        parser.add_argument("--wachtwoord", action="store_true",
                            help="aanmaken: vraag een wachtwoord (anders logt de medewerker in via de inlogdienst)")
        parser.add_argument("--gemeente", default="", help="CBS-code")
        parser.add_argument("--rol", default="", help="de code van de rol in het profiel van de gemeente")
        parser.add_argument("--team", default="", help="de code van het team")
        parser.add_argument("--reden", default="")

    def handle(self, *args, verb, gebruikersnaam, **options):
        try:
            if verb == "aanmaken":
                member = self._create(gebruikersnaam, options)
                self.stdout.write(f"Medewerker {member.username} ({member.get_full_name()}) is aangemaakt.")
                return
            member = Medewerker.objects.filter(username=gebruikersnaam).first()
            if member is None:
                raise CommandError(f"Onbekende gebruikersnaam: {gebruikersnaam}")
            self.stdout.write(getattr(self, "_" + verb.replace("-", "_"))(member, options))
        except DomainError as exc:
            reasons = " ".join(r for rs in exc.field_errors.values() for r in rs)
            raise CommandError(f"{exc.message} {reasons}".strip()) from exc

    def _create(self, username, options) -> Medewerker:
        organisation = None
        if options["organisatie"]:
            found = list(Organisatie.objects.filter(code=options["organisatie"])[:2])
            if len(found) != 1:
                raise CommandError(f"Onbekende of dubbele organisatiecode: {options['organisatie']}")
            organisation = found[0]
        password = None
        if options["wachtwoord"]:
            password = getpass("Wachtwoord: ")
            if getpass("Nog eens: ") != password:
                raise CommandError("De twee wachtwoorden zijn niet gelijk.")
        return actions.check_create_medewerker(actor=SYSTEM, username=username, full_name=options["naam"],
                                               password=password, organisatie=organisation,
                                               function_title=options["functie"], email=options["email"])

    @staticmethod
    def _gemeente(options) -> Gemeente:
        gemeente = Gemeente.objects.filter(cbs_code=options["gemeente"]).first()
        if gemeente is None:
            raise CommandError(f"Onbekende gemeente (--gemeente): {options['gemeente']}")
        return gemeente

    def _role(self, options) -> tuple[Gemeente, Role]:
        gemeente = self._gemeente(options)
        role = Role.objects.filter(profile_id=gemeente.profile_id, code=options["rol"]).first()
        if role is None:
            raise CommandError(f"Het profiel van {gemeente.name} kent geen rol (--rol) {options['rol']}")
        return gemeente, role

    def _team(self, options) -> Team:
        team = Team.objects.filter(gemeente=self._gemeente(options), code=options["team"]).first()
        if team is None:
            raise CommandError(f"Onbekend team (--team): {options['team']}")
        return team

    def _rol_toekennen(self, member, options) -> str:
        gemeente, role = self._role(options)
        actions.check_grant_role(actor=SYSTEM, medewerker=member, gemeente=gemeente, role=role)
        return f"{member.username} heeft de rol {role.name} in {gemeente.name}."

    def _rol_intrekken(self, member, options) -> str:
        gemeente, role = self._role(options)
        assignment = RoleAssignment.objects.filter(medewerker=member, gemeente=gemeente, role=role).first()
        if assignment is None or not actions.check_revoke_role(actor=SYSTEM, assignment=assignment):
            return f"{member.username} had de rol {role.name} in {gemeente.name} niet."
        return f"De rol {role.name} in {gemeente.name} van {member.username} is ingetrokken."

    def _team_toevoegen(self, member, options) -> str:
        team = self._team(options)
        actions.check_add_team_member(actor=SYSTEM, medewerker=member, team=team)
        return f"{member.username} zit in {team.name}."

    def _team_verwijderen(self, member, options) -> str:
        team = self._team(options)
        membership = TeamMembership.objects.filter(medewerker=member, team=team).first()
        if membership is None or not actions.check_remove_team_member(actor=SYSTEM, membership=membership):
            return f"{member.username} zat niet in {team.name}."
        return f"{member.username} is uit {team.name} gehaald."

    def _deactiveren(self, member, options) -> str:
        actions.check_deactivate_medewerker(actor=SYSTEM, medewerker=member, expected_version=None,
                                            reason=options["reden"])
        return f"Het account van {member.username} is gedeactiveerd; sessies en API-sleutels werken niet meer."

    def _activeren(self, member, options) -> str:
        actions.check_reactivate_medewerker(actor=SYSTEM, medewerker=member, expected_version=None,
                                            reason=options["reden"])
        return f"Het account van {member.username} is weer actief."
