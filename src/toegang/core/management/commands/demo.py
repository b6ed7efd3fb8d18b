import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from toegang.accounts.capabilities import CASES_WORK, PERSONS_VIEW_ALL, PERSONS_VIEW_TEAM
from toegang.accounts.models import Gemeente, Role, Team
from toegang.conferences.demo import generate_conferences
from toegang.core import clock
from toegang.core.actor import SYSTEM
from toegang.direction.demo import generate_process_directors
from toegang.escalation.demo import generate_escalations
from toegang.intake.demo import generate_meldingen
from toegang.messaging.provider_side import do_simulate
from toegang.persons.actions import check_add_involvement, do_import_households
from toegang.persons.demo import generate_households
from toegang.persons.models import Household, Resident
from toegang.profiles.actions import do_load_profile
from toegang.profiles.loader import ProfileInvalid, read_profile
from toegang.profiles.models import Profile
from toegang.profiles.staff import DEMO_PASSWORD, create_profile_staff
from toegang.provisions.demo import generate_decisions
from toegang.safety.demo import generate_safety
from toegang.scenarios.registry import SCENARIOS
from toegang.scenarios.run import walk_profile
from toegang.tasks.demo import generate_due_soon
from toegang.verwijsindex.demo import generate_signals


class Command(BaseCommand):
    help = ("Laadt een profiel (naam in profiles/ of pad naar een YAML-bestand), maakt de demo-medewerkers uit het "
            "profiel (minstens één per rol) en genereert synthetische huishoudens in de postcodes van het profiel.")

    def add_arguments(self, parser):
        parser.add_argument("--profile", default="demo", help="profielnaam (profiles/NAAM.yaml) of pad naar een profiel")
        parser.add_argument("--households", type=int, default=500)
        parser.add_argument("--seed", type=int, default=2015)
        parser.add_argument("--meldingen", type=int, default=None,
                            help="aantal demomeldingen (standaard een vijfde van het aantal huishoudens, max. 2000)")
        parser.add_argument("--if-empty", action="store_true", help="alleen als er nog geen inwoners zijn")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, profile, households, seed, if_empty, quiet, meldingen, **options):
        try:
            name = read_profile(profile).data["profiel"]
        except ProfileInvalid as exc:
            raise CommandError(f"Het profiel is niet in orde:\n{exc}") from None
        others = sorted(Profile.objects.exclude(name=name).values_list("name", flat=True))
        if others:
            # One demo per database: households, staff and meldingen of two profiles would mix.
            raise CommandError(
                f"Deze database hoort al bij profiel {', '.join(others)}; een demo van profiel {name} komt in een "
                f"eigen database: `make run PROFILE=...` geeft elk profiel een eigen databasebestand in var/ "
                "(README, 'Two commands'); of zet DATABASE_URL op een lege database.")
        result = do_load_profile(actor=SYSTEM, name_or_path=profile)
        data = result.profile.data
        staff = create_profile_staff(result.profile)
        directors = [staff[u] for u in data.get("demo", {}).get("casusregisseurs", [])]
        if if_empty and Resident.objects.exists():
            self.stdout.write("Er staan al inwoners in de database: geen nieuwe demohuishoudens.")
        else:
            self._generate(data, households, seed, quiet)
            self._involve_partners(data, staff)
            count = min(households // 5, 2000) if meldingen is None else meldingen
            if count:
                made = generate_meldingen(count=count, seed=seed, case_directors=directors)
                self.stdout.write(self.style.SUCCESS(f"{made} demomeldingen geregistreerd en deels getrieerd."))
                decisions = generate_decisions(count=min(max(count // 4, 5), 30), seed=seed,
                                               staff=list(staff.values()), case_directors=directors)
                self.stdout.write(self.style.SUCCESS(f"{decisions} demo-indicaties, de meeste besloten en verzonden."))
                sent, _ = do_simulate(actor=SYSTEM)  # the providers answer the assignments (messaging/provider_side.py)
                self.stdout.write(self.style.SUCCESS(
                    f"{len(sent.files)} berichten van zorgaanbieders ingelezen: {sent.count('305')} start, "
                    f"{sent.count('307')} stop, {sent.count('317')} verzoek om wijziging, {sent.count('323')} "
                    "declaratie (Berichtenverkeer)."))
                escalated = generate_escalations(seed=seed)
                self.stdout.write(self.style.SUCCESS(f"{escalated} demo-casussen opgeschaald op de escalatieladder."))
                conferences = generate_conferences()
                self.stdout.write(self.style.SUCCESS(f"{conferences} demo-casusoverleggen gepland of gehouden."))
                directed = generate_process_directors()
                self.stdout.write(self.style.SUCCESS(f"{directed} demo-casussen met een procesregisseur."))
                due = generate_due_soon()
                self.stdout.write(self.style.SUCCESS(f"{due} termijnen die bijna aflopen gesignaleerd (Berichten)."))
                safety = generate_safety()
                self.stdout.write(self.style.SUCCESS(f"{safety} demo-meldcodetrajecten en veiligheidsplannen."))
                signals = generate_signals()
                self.stdout.write(self.style.SUCCESS(f"{signals} demosignalen in de Verwijsindex (met matches)."))
            if name in SCENARIOS:
                # The seed's own households, walked through its way of working (docs/seeds.md), to look at in the
                # browser. Among the demo's other data a number can differ: an unmet expectation only warns here.
                self.stdout.write(f"\nHet scenario van {name} loopt in deze demo:")
                walked = walk_profile(name, write=self.stdout.write, strict=False, source=profile)
                if walked.failed:
                    self.stdout.write(self.style.WARNING(
                        f"{len(walked.failed)} verwachting(en) kwamen in de demo niet uit; "
                        f"`toegang scenario run {name}` controleert ze in een verse database."))
        self.print_logins(result.profile, data)

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

    def _involve_partners(self, data, staff):
        """A demo professional who does case work but may see no resident by role (a partner organisation's youth
        coach) is involved with three households of their gemeenten, so their login shows involvement-based access."""
        roles = {r["code"]: set(r["bevoegdheden"]) for r in data["rollen"]}
        for person in data.get("demo", {}).get("medewerkers", []):
            capabilities = roles[person["rol"]]
            if CASES_WORK not in capabilities or capabilities & {PERSONS_VIEW_ALL, PERSONS_VIEW_TEAM}:
                continue
            user = staff[person["gebruikersnaam"]]
            with transaction.atomic():
                households = Household.objects.filter(current_residents__geboortedatum__isnull=False,
                                                      gemeente__role_assignments__medewerker=user)
                for household in households.order_by("pk").distinct()[:3]:
                    if not household.involvements.filter(medewerker=user).exists():
                        check_add_involvement(actor=SYSTEM, household=household, medewerker=user,
                                              role=person.get("functie", "betrokken professional").lower())

    def print_logins(self, profile, data):
        """Who can log in: username, name and the role's and teams' names (never a code); one password."""
        roles = {r.code: r.name for r in Role.objects.filter(profile=profile)}
        teams = {t.code: t.name for t in Team.objects.filter(gemeente__profile=profile)}
        people = data.get("demo", {}).get("medewerkers", [])
        if connection.vendor == "sqlite":
            self.stdout.write(f"\nDatabase: {connection.settings_dict['NAME']}")
        self.stdout.write(f"\nDemo-inloggegevens voor {profile.title}\n(wachtwoord voor iedereen: {DEMO_PASSWORD}):")
        width = max((len(p["gebruikersnaam"]) for p in people), default=0) + 2
        name_width = max((len(p["naam"]) for p in people), default=0) + 2
        for person in people:
            where = ", ".join(teams[code] for code in person.get("teams", []))
            self.stdout.write(f"  {person['gebruikersnaam']:<{width}}{person['naam']:<{name_width}}"
                              f"{roles[person['rol']]}{f' — {where}' if where else ''}")
        missing = sorted(name for code, name in roles.items() if code not in {p["rol"] for p in people})
        if missing:
            self.stdout.write(self.style.WARNING(f"Geen demo-login voor de rol: {', '.join(missing)}."))
