import sys
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from toegang.accounts.actions import check_add_team_member, check_create_medewerker, check_grant_role
from toegang.accounts.models import Gemeente, Medewerker, Organisatie, Role, Team
from toegang.core import clock
from toegang.core.actor import SYSTEM
from toegang.intake.demo import generate_meldingen
from toegang.persons.actions import check_add_involvement, do_import_households
from toegang.persons.demo import generate_households
from toegang.persons.models import Household, Resident
from toegang.profiles.actions import do_load_profile
from toegang.provisions.demo import generate_decisions

DEMO_PASSWORD = "demo-toegang"


class Command(BaseCommand):
    help = "Laadt een demoprofiel, maakt demo-medewerkers (één per rol) en genereert synthetische huishoudens."

    def add_arguments(self, parser):
        parser.add_argument("--profile", default="demo")
        parser.add_argument("--households", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2015)
        parser.add_argument("--meldingen", type=int, default=None,
                            help="aantal demomeldingen (standaard een vijfde van het aantal huishoudens, max. 2000)")
        parser.add_argument("--if-empty", action="store_true", help="alleen als er nog geen inwoners zijn")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, profile, households, seed, if_empty, quiet, meldingen, **options):
        result = do_load_profile(actor=SYSTEM, name_or_path=profile)
        data = result.profile.data
        self._create_staff(result.profile, data)
        if if_empty and Resident.objects.exists():
            self.stdout.write("Er staan al inwoners in de database: geen nieuwe demohuishoudens.")
        else:
            self._generate(data, households, seed, quiet)
            self._involve_partner(data)
            count = min(households // 5, 2000) if meldingen is None else meldingen
            if count:
                made = generate_meldingen(count=count, seed=seed)
                self.stdout.write(self.style.SUCCESS(f"{made} demomeldingen geregistreerd en deels getrieerd."))
                decisions = generate_decisions(count=min(max(count // 4, 5), 30), seed=seed)
                self.stdout.write(self.style.SUCCESS(f"{decisions} demo-indicaties, de meeste besloten en verzonden."))
        self.print_logins(data)

    def _create_staff(self, profile, data):
        gemeenten = {g.cbs_code: g for g in Gemeente.objects.filter(profile=profile)}
        roles = {r.code: r for r in Role.objects.filter(profile=profile)}
        orgs = {o.code: o for o in Organisatie.objects.filter(profile=profile)}
        teams = {t.code: t for t in Team.objects.filter(gemeente__profile=profile)}
        for person in data.get("demo", {}).get("medewerkers", []):
            user = Medewerker.objects.filter(username=person["gebruikersnaam"]).first()
            if user is None:
                user = check_create_medewerker(
                    actor=SYSTEM, username=person["gebruikersnaam"], full_name=person["naam"], password=DEMO_PASSWORD,
                    organisatie=orgs.get(person.get("organisatie")), function_title=person.get("functie", ""),
                )
            for cbs in person.get("gemeenten", list(gemeenten)):
                check_grant_role(actor=SYSTEM, medewerker=user, gemeente=gemeenten[cbs], role=roles[person["rol"]])
            for code in person.get("teams", []):
                check_add_team_member(actor=SYSTEM, medewerker=user, team=teams[code])

    def _generate(self, data, total, seed, quiet):
        gemeenten = data["gemeenten"]
        weights = [len(g["wijken"]) for g in gemeenten]
        shares = [total * w // sum(weights) for w in weights]
        shares[0] += total - sum(shares)
        started = time.monotonic()
        done_before = 0
        for g, count in zip(gemeenten, shares, strict=True):
            if not count:
                continue
            gemeente = Gemeente.objects.get(cbs_code=g["cbs"])
            generator = generate_households(data, g["cbs"], count, seed, clock.today())
            for totals in do_import_households(actor=SYSTEM, gemeente=gemeente, households=generator,
                                               source=f"toegang demo --seed {seed}"):
                done = done_before + totals["huishoudens"]
                if not quiet:
                    self._progress(done, total, totals, started)
            done_before += count
        if not quiet:
            sys.stdout.write("\n")
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load, so the planner uses the indexes straight away.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            f"{total} demohuishoudens gegenereerd in {time.monotonic() - started:.1f} s "
            f"({Resident.objects.count()} inwoners in de database)."
        ))

    def _progress(self, done, total, totals, started):
        width = 30
        filled = int(width * done / max(total, 1))
        rate = done / max(time.monotonic() - started, 0.001)
        sys.stdout.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} huishoudens, {rate:.0f}/s ")
        sys.stdout.flush()

    def _involve_partner(self, data):
        """The demo partner (a youth coach at a provider) is involved with three households, so the partner login
        shows what involvement-based access looks like."""
        partner = Medewerker.objects.filter(username="partner").first()
        if partner is None:
            return
        with transaction.atomic():
            for household in Household.objects.filter(current_residents__geboortedatum__isnull=False)\
                    .order_by("pk").distinct()[:3]:
                if not household.involvements.filter(medewerker=partner).exists():
                    check_add_involvement(actor=SYSTEM, household=household, medewerker=partner,
                                          role="jeugd- en gezinscoach")

    def print_logins(self, data):
        self.stdout.write(f"\nDemo-inloggegevens (wachtwoord voor iedereen: {DEMO_PASSWORD}):")
        for person in data.get("demo", {}).get("medewerkers", []):
            self.stdout.write(f"  {person['gebruikersnaam']:<16} {person['naam']:<24} rol: {person['rol']}")
