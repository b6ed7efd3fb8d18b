"""toegang herbeoordelingen [--datum JJJJ-MM-DD]: raise re-assessment tasks for decisions that end soon (run daily)."""

import datetime as dt

from django.core.management.base import BaseCommand

from toegang.core.actor import SYSTEM
from toegang.provisions.actions import do_raise_reassessment_tasks


class Command(BaseCommand):
    help = "Maak herbeoordelingstaken voor besluiten die binnen de profieltermijn aflopen (dagelijks draaien)."

    def add_arguments(self, parser):
        parser.add_argument("--datum", type=dt.date.fromisoformat, default=None, help="peildatum (standaard vandaag)")

    def handle(self, *args, datum=None, **options):
        created = do_raise_reassessment_tasks(actor=SYSTEM, today=datum)
        self.stdout.write(f"{created} herbeoordelingstaken aangemaakt.")
