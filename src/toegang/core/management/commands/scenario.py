import sys

from django.core.management.base import BaseCommand, CommandError

from toegang.scenarios.base import ExpectationFailed
from toegang.scenarios.run import fresh_database, scenario_titles, walk_profile


class Command(BaseCommand):
    help = ("Een seedscenario doorlopen: `toegang scenario run PROFIEL` laadt het profiel in een verse, lege database, "
            "maakt de medewerkers en loopt de werkwijze van het seeddocument door met de echte acties, met een verhaal "
            "en een controle per verwachting. `toegang scenario --list` toont de scenario's. Met --hier loopt het "
            "scenario in de database van de demo (`make run PROFILE=...`), zodat de huishoudens te bekijken zijn.")

    def add_arguments(self, parser):
        parser.add_argument("verb", nargs="?", choices=["run", "list"], default="list")
        parser.add_argument("profile", nargs="?", help="profielnaam, bijvoorbeeld krimpen-2014")
        parser.add_argument("--list", dest="show_list", action="store_true", help="de scenario's per profiel")
        parser.add_argument("--hier", action="store_true",
                            help="in de geconfigureerde database lopen (de demo) in plaats van een verse database; "
                                 "een verwachting die daar niet uitkomt is dan een waarschuwing")

    def handle(self, *args, verb, profile, show_list, hier, **options):
        if show_list or verb == "list":
            for name, title in scenario_titles():
                self.stdout.write(f"  {name:<20}{title}")
            return
        names = [name for name, _ in scenario_titles()]
        if profile not in names:
            raise CommandError(f"Geen scenario voor profiel '{profile}'. Er zijn scenario's voor: {', '.join(names)}.")
        write = self.stdout.write
        try:
            if hier:
                scenario = walk_profile(profile, write=write, strict=False)
            else:
                with fresh_database():
                    scenario = walk_profile(profile, write=write)
        except ExpectationFailed as exc:
            raise CommandError(f"Het scenario slaagt niet: {exc}") from None
        failed = scenario.failed
        total = len(scenario.expectations)
        if failed:
            self.stdout.write(self.style.WARNING(
                f"{total - len(failed)} van {total} verwachtingen kwamen uit; {len(failed)} niet (in de demodatabase "
                "kunnen andere gegevens een getal veranderen)."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Alle {total} verwachtingen uit het seeddocument kwamen uit."))
        sys.stdout.flush()
