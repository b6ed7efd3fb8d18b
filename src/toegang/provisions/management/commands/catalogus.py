"""toegang catalogus import BESTAND: import voorzieningen, products, tariffs, contracts (and budgets) into a loaded
profile. Same format as the profile's `catalogus`, `mandaten` and `budgetten` sections (docs/profiles.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toegang.core.actor import SYSTEM
from toegang.profiles.loader import ProfileInvalid
from toegang.provisions.actions import check_import_catalogue


class Command(BaseCommand):
    help = "Importeer een catalogusbestand (voorzieningen, producten, tarieven, contracten, budgetten)."

    def add_arguments(self, parser):
        parser.add_argument("actie", choices=["import"])
        parser.add_argument("bestand")

    def handle(self, *args, bestand, **options):
        try:
            changes = check_import_catalogue(actor=SYSTEM, path=Path(bestand))
        except ProfileInvalid as exc:
            raise CommandError("Het catalogusbestand is niet in orde; er is niets geïmporteerd:\n" + str(exc)) from None
        self.stdout.write(f"{len(changes)} wijzigingen")
        for change in changes:
            self.stdout.write(f"  {change}")
        self.stdout.write(self.style.SUCCESS("Catalogus geïmporteerd." if changes else "Niets gewijzigd."))
