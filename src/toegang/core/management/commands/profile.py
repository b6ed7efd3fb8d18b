from django.core.management.base import BaseCommand, CommandError

from toegang.core.actor import SYSTEM
from toegang.profiles.actions import do_load_profile
from toegang.profiles.loader import ProfileInvalid, read_profile


class Command(BaseCommand):
    help = "Profielen controleren en laden: `toegang profile check NAAM|PAD`, `toegang profile load NAAM|PAD`."

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["check", "load"])
        parser.add_argument("profile", help="profielnaam (in TOEGANG_PROFILE_DIR) of pad naar een YAML-bestand")

    def handle(self, *args, verb, profile, **options):
        try:
            if verb == "check":
                pf = read_profile(profile)
                self.stdout.write(self.style.SUCCESS(f"{pf.path}: in orde (profiel '{pf.data['profiel']}')"))
                return
            result = do_load_profile(actor=SYSTEM, name_or_path=profile)
        except ProfileInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(exc.problems)} probleem/problemen gevonden; er is niets geladen.") from None
        if result.changed:
            for change in result.changes:
                self.stdout.write(f"  {change}")
            self.stdout.write(self.style.SUCCESS(f"Profiel '{result.profile.name}' geladen ({len(result.changes)} wijzigingen)."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Profiel '{result.profile.name}' was al actueel: niets gewijzigd."))
