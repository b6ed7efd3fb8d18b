"""toegang termijnsignalen [--datum JJJJ-MM-DD]: tell whom a running clock belongs to that it is due soon (run daily)."""

import datetime as dt

from django.core.management.base import BaseCommand

from toegang.core.actor import SYSTEM
from toegang.tasks.actions import do_signal_due_clocks


class Command(BaseCommand):
    help = ("Meld lopende termijnen die hun signaaldatum bereikten aan hun eigenaar (of teamleider of team), elke "
            "termijn één keer, met bericht en e-mail (dagelijks draaien).")

    def add_arguments(self, parser):
        parser.add_argument("--datum", type=dt.date.fromisoformat, default=None, help="peildatum (standaard vandaag)")

    def handle(self, *args, datum=None, **options):
        signalled = do_signal_due_clocks(actor=SYSTEM, today=datum)
        self.stdout.write(f"{signalled} termijnen gesignaleerd.")
