"""toegang verwijsindex verlopen [--datum JJJJ-MM-DD]: move expired signals into the history and delete history past
its five years (run daily; idempotent). Jeugdwet hoofdstuk 7.1; docs/verwijsindex.md."""

import datetime as dt

from django.core.management.base import BaseCommand

from toegang.core.actor import SYSTEM
from toegang.verwijsindex.actions import do_expire_signals


class Command(BaseCommand):
    help = "Verwijsindex: verlopen signalen naar de historie en historie ouder dan vijf jaar verwijderen."

    def add_arguments(self, parser):
        parser.add_argument("taak", choices=["verlopen"], help="verlopen: signalen na 2 jaar of bij 23 jaar afsluiten")
        parser.add_argument("--datum", type=dt.date.fromisoformat, default=None, help="peildatum (standaard vandaag)")

    def handle(self, *args, taak="verlopen", datum=None, **options):
        moved, deleted = do_expire_signals(actor=SYSTEM, today=datum)
        self.stdout.write(f"{moved} signalen naar de historie verplaatst, {deleted} historische signalen verwijderd.")
