"""`toegang bewaartermijnen`: what is due for destruction, per gemeente (the report of /privacy/bewaartermijnen/).

Read-only; numbers, dates, terms and sources, no names. Destruction itself takes two people on the pages (four eyes).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from toegang.accounts.models import Gemeente
from toegang.core import clock
from toegang.retention.queries import describe_cases, describe_meldingen, due_cases, due_meldingen
from toegang.retention.terms import LAWS, MELDING, WITHOUT_PROVISION, terms_for

SHOWN = 20


class Command(BaseCommand):
    help = "Wat te vernietigen is per gemeente, met de bewaartermijn en de grondslag (alleen lezen)."

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", help="CBS-code; zonder: alle gemeenten")
        parser.add_argument("--datum", help="peildatum JJJJ-MM-DD; zonder: vandaag")

    def handle(self, *args, gemeente, datum, **options):
        try:
            today = dt.date.fromisoformat(datum) if datum else clock.today()
        except ValueError:
            raise CommandError(f"'{datum}' is geen geldige datum (JJJJ-MM-DD).") from None
        gemeenten = Gemeente.objects.select_related("profile").order_by("cbs_code")
        if gemeente:
            gemeenten = gemeenten.filter(cbs_code=gemeente)
            if not gemeenten.exists():
                raise CommandError(f"Onbekende gemeente '{gemeente}'.")
        for found in gemeenten:
            terms = terms_for(found.profile.data)
            self.stdout.write(f"{found.name} ({found.cbs_code}), peildatum {today:%d-%m-%Y}")
            for key in (*LAWS, WITHOUT_PROVISION, MELDING):
                term = terms.get(key)
                self.stdout.write(f"  termijn {key:<20} " + (f"{term.years} jaar — {term.source}" if term
                                                              else "geen termijn: wordt niet vernietigd"))
            cases, meldingen = due_cases(found, today), due_meldingen(found, today)
            self.stdout.write(f"  te vernietigen: {cases.count()} casussen, {meldingen.count()} meldingen zonder casus")
            shown = describe_cases(found, list(cases[:SHOWN])) + describe_meldingen(found, list(meldingen[:SHOWN]))
            for due in shown:
                laws = ", ".join(due.laws) or "—"
                self.stdout.write(f"    {due.kind} {due.object_id}: afgesloten {due.closed_on:%d-%m-%Y}, {laws}, "
                                  f"{due.term.years} jaar, te vernietigen sinds {due.due_on:%d-%m-%Y}")
