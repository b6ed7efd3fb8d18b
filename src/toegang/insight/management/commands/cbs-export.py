"""`toegang cbs-export --period 2026H1 [--gemeente CBS] [--output PATH]`: the half-yearly delivery file of CBS
Beleidsinformatie Jeugd (docs/cbs.md). The module name carries the hyphen: Django finds commands by file name and
loads them with importlib, which accepts it, so the command is exactly the one the issue asks for."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toegang.accounts.models import Gemeente
from toegang.core.actor import SYSTEM
from toegang.insight.cbs import PeriodError, parse_period, write_delivery

SHOWN = 5  # refusals listed by name; the rest are counted


class Command(BaseCommand):
    help = ("Maakt het aanleverbestand CBS Beleidsinformatie Jeugd over een halfjaar (informatieprotocol versie 7): "
            "jeugdhulp van het eigen team en de trajecten die de gemeente toewijst. Rijen die niet geleverd kunnen "
            "worden, staan met hun reden in het overzicht.")

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="verslagperiode, bijvoorbeeld 2026H1 of 2026H2")
        parser.add_argument("--gemeente", help="CBS-code van de gemeente (standaard: alle gemeenten)")
        parser.add_argument("--output", help="pad van het bestand (standaard cbs-jeugd-<gemeente>-<periode>.csv)")

    def handle(self, *args, period, gemeente, output, **options):
        try:
            chosen = parse_period(period)
        except PeriodError as exc:
            raise CommandError(str(exc)) from None
        gemeente_ids, gemeente_id = None, None
        if gemeente:
            found = Gemeente.objects.filter(cbs_code=gemeente).first()
            if found is None:
                raise CommandError(f"Onbekende gemeente met CBS-code '{gemeente}'.")
            gemeente_ids, gemeente_id = [found.pk], found.pk
        path = Path(output or f"cbs-jeugd-{gemeente or 'alle'}-{chosen.label}.csv")
        try:
            with path.open("w", encoding="utf-8", newline="") as out:
                summary = write_delivery(out, chosen, gemeente_ids=gemeente_ids, path=str(path), actor=SYSTEM,
                                         gemeente_id=gemeente_id)
        except OSError as exc:
            raise CommandError(f"Kan het bestand {path} niet schrijven: {exc.strerror}.") from None
        write = self.stdout.write
        write(f"CBS Beleidsinformatie Jeugd {chosen.label} ({chosen.first:%d-%m-%Y} t/m {chosen.last:%d-%m-%Y})")
        write(f"Geleverd: {summary.delivered} rijen.")
        write(f"Niet geleverd: {len(summary.refusals)} rijen.")
        for reason, count in summary.counts():
            write(f"  {count} × {reason}")
        if summary.refusals:
            write("Eerste niet geleverde rijen:")
            for refusal in summary.refusals[:SHOWN]:
                write(f"  {refusal.source} (inwoner {refusal.client_id}): {refusal.reason}")
        write(f"Bestand: {path.resolve()}")
