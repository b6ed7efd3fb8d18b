"""`toegang audit verify|seal|checkpoint`: the audit trail's sequencer and its check (docs/audit.md).

With background jobs (docs/operations.md "Achtergrondtaken") beat writes a checkpoint every 15 minutes; without
them the operator schedules `toegang audit checkpoint` (e.g. every 5 minutes from cron). `toegang audit verify`
stays a cron entry (e.g. nightly); appends also seal opportunistically.
"""

from django.core.management.base import BaseCommand, CommandError

from toegang.audit.sealing import seal_all, write_checkpoint
from toegang.audit.verify import record_verification, verify_all


class Command(BaseCommand):
    help = ("Auditspoor: `verify` controleert regels, zegels, persoonsindex en het laatste checkpoint; `seal` "
            "verzegelt openstaande regels; `checkpoint` verzegelt en schrijft een ondertekend checkpoint.")

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["verify", "seal", "checkpoint"])
        parser.add_argument("--no-seal", action="store_true",
                            help="verify: eerst niets verzegelen (alleen controleren)")

    def handle(self, *args, verb, no_seal=False, **options):
        if verb == "seal":
            sealed = seal_all()
            self.stdout.write(f"verzegeld: wijzigingslog {sealed['change']} regels, inzagelog {sealed['access']} regels")
            return
        if verb == "checkpoint":
            checkpoint = write_checkpoint()
            heads = checkpoint.body["ketens"]
            self.stdout.write(self.style.SUCCESS(
                f"checkpoint geschreven: {checkpoint.path} (wijzigingslog zegel {heads['wijzigingslog']['zegel']}, "
                f"inzagelog zegel {heads['inzagelog']['zegel']})"))
            return
        if not no_seal:
            seal_all()
        report = verify_all()
        record_verification(report)
        if report.checkpoint is None:
            self.stdout.write("let op: geen geldig checkpoint gevonden; afkappen van de laatste regels of een "
                              "teruggezette oude dump is zonder checkpoint niet aan te tonen")
        else:
            self.stdout.write(f"vergeleken met checkpoint {report.checkpoint.path.name}")
        for log in report.logs:
            if log.problems:
                self.stderr.write(f"{log.label}: KETEN GEBROKEN ({len(log.problems)} problemen):")
                for problem in log.problems:
                    self.stderr.write(f"  - {problem}")
            elif log.label != "checkpoints":
                self.stdout.write(self.style.SUCCESS(
                    f"{log.label}: {log.rows} regels ({log.sealed} verzegeld in {log.seals} zegels, {log.pending} nog "
                    f"niet verzegeld), keten intact"))
        if not report.intact:
            raise CommandError("De auditketen is niet intact.")
