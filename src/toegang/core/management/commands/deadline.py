import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from toegang.deadlines.calendar import due_date
from toegang.deadlines.kinds import kinds_for
from toegang.profiles.loader import ProfileInvalid, read_profile


class Command(BaseCommand):
    help = ("Uiterste datum van een termijn, met dezelfde code als de applicatie: "
            "`toegang deadline KIND START [--profile NAAM]`, of `toegang deadline --list`.")

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?", help="termijnsoort, bijvoorbeeld wmo-onderzoek")
        parser.add_argument("start", nargs="?", help="datum van de gebeurtenis (JJJJ-MM-DD); de termijn begint de dag erna")
        parser.add_argument("--profile", help="profielnaam of pad; zonder: de wettelijke standaardtermijnen")
        parser.add_argument("--list", action="store_true", help="toon de termijnsoorten en hun termijnen")

    def handle(self, *args, kind, start, profile, list, **options):
        try:
            data = read_profile(profile).data if profile else None
        except ProfileInvalid as exc:
            raise CommandError(str(exc)) from None
        kinds = kinds_for(data)
        if list:
            for spec in kinds.values():
                extra = f", max. {spec.max_extensions}x verlengen met {spec.extension.describe()}" if spec.max_extensions else ""
                counting = "Atw" if spec.atw else "kalenderdagen"
                self.stdout.write(f"{spec.code:<24} {spec.term.describe():<14} {counting:<13} {spec.source}{extra}")
            return
        if not kind or not start:
            raise CommandError("Geef KIND en START, of --list.")
        if kind not in kinds:
            raise CommandError(f"Onbekende termijnsoort '{kind}'. Bekend: {', '.join(kinds)}.")
        try:
            start_date = dt.date.fromisoformat(start)
        except ValueError:
            raise CommandError(f"'{start}' is geen geldige datum (JJJJ-MM-DD).") from None
        spec = kinds[kind]
        self.stdout.write(due_date(start_date, spec.term, atw=spec.atw).isoformat())
