"""toegang tweede_factor_herstellen GEBRUIKERSNAAM --reden "telefoon kwijt": remove a staff member's authenticator
app (a lost or new phone); at the next login they set up a new one. Audited (medewerker.tweede_factor_hersteld)."""

from django.core.management.base import BaseCommand, CommandError

from toegang.accounts.actions import check_reset_second_factor
from toegang.accounts.models import Medewerker
from toegang.core.actor import SYSTEM
from toegang.core.errors import DomainError


class Command(BaseCommand):
    help = "Zet de tweestapsverificatie van een medewerker terug (telefoon kwijt of nieuw); vastgelegd in het wijzigingslog."

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")
        parser.add_argument("--reden", required=True, help="waarom, bijvoorbeeld 'telefoon kwijt'")

    def handle(self, *args, gebruikersnaam, reden, **options):
        medewerker = Medewerker.objects.filter(username=gebruikersnaam).first()
        if medewerker is None:
            raise CommandError(f"Geen medewerker met gebruikersnaam {gebruikersnaam}.")
        try:
            removed = check_reset_second_factor(actor=SYSTEM, medewerker=medewerker, reason=reden)
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Tweestapsverificatie van {gebruikersnaam} teruggezet ({removed} app(s) verwijderd); "
                          "bij de volgende keer inloggen koppelt de medewerker een nieuwe app.")
