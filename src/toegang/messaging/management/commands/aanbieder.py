"""`toegang aanbieder simuleer`: the providers' systems answer Toegang's assignments (for the demo and the tests;
messaging/provider_side.py): start messages, an end message, a request for change and monthly declarations with one
line over the assigned volume, delivered into the hub's inbox and read through the same path as real files."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from toegang.core import clock
from toegang.core.actor import SYSTEM
from toegang.messaging.provider_side import do_simulate


class Command(BaseCommand):
    help = ("De aanbieders beantwoorden de toewijzingen zoals hun systemen dat doen (demo en tests): "
            "`toegang aanbieder simuleer [--datum dd-mm-jjjj] [--niet-inlezen]`.")

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["simuleer"])
        parser.add_argument("--datum", help="de dag waarop de aanbieders versturen (standaard vandaag; niet later)")
        parser.add_argument("--niet-inlezen", action="store_true",
                            help="alleen in het postvak zetten; `toegang berichten ophalen` leest ze later in")

    def handle(self, *args, what, datum=None, niet_inlezen=False, **options):
        today = None
        if datum:
            try:
                today = dt.datetime.strptime(datum, "%d-%m-%Y").date()
            except ValueError:
                raise CommandError(f"'{datum}' is geen geldige datum (dd-mm-jjjj).") from None
            if today > clock.today():  # a message dated after the receiver's day is refused (retourcode 8848)
                raise CommandError(f"{datum} ligt in de toekomst: een aanbieder verstuurt geen bericht met een latere "
                                   "dagtekening.")
        sent, results = do_simulate(actor=SYSTEM, today=today, read=not niet_inlezen)
        self.stdout.write(f"De aanbieders zetten {len(sent.files)} berichten in het postvak: "
                          f"{sent.count('305')} start, {sent.count('307')} stop, {sent.count('317')} verzoek om "
                          f"wijziging, {sent.count('323')} declaratie.")
        counts: dict[str, int] = {}
        for result in results:
            state = "al ontvangen" if result.duplicate else result.message.get_status_display()
            counts[state] = counts.get(state, 0) + 1
        if results:
            self.stdout.write("Ingelezen: " + ", ".join(f"{n} {state}" for state, n in sorted(counts.items())) + ".")
