from django.core.management.base import BaseCommand, CommandError

from toegang.audit.log import verify_chain
from toegang.audit.models import AccessLog, ChangeLog


class Command(BaseCommand):
    help = "Controleert de hashketen van wijzigingslog en inzagelog: `toegang audit verify`."

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["verify"])

    def handle(self, *args, **options):
        broken = False
        for model, label in ((ChangeLog, "wijzigingslog"), (AccessLog, "inzagelog")):
            checked, problem = verify_chain(model)
            if problem:
                broken = True
                self.stderr.write(f"{label}: KETEN GEBROKEN na {checked} goede regels: {problem}")
            else:
                self.stdout.write(self.style.SUCCESS(f"{label}: {checked} regels, keten intact"))
        if broken:
            raise CommandError("De auditketen is niet intact.")
