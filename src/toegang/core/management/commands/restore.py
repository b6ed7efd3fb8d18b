"""`toegang restore PATH [--yes]`: check the archive, put the database, documents and checkpoints back, then run
`toegang audit verify` and report its verdict."""

import sys
import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from toegang.core.backup import BackupError, Restored, restore_database, restore_files, unpack_and_check


class Command(BaseCommand):
    help = ("Zet een backup van `toegang backup` terug: controleert manifest en hashes, herstelt database, "
            "documenten en checkpoints (nieuwere checkpoints op deze machine blijven staan) en draait daarna "
            "`toegang audit verify`. Zie docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="het backuparchief (.tar.gz)")
        parser.add_argument("--yes", action="store_true", help="niet om bevestiging vragen")

    def handle(self, *args, path, yes=False, **options):
        scratch_parent = Path(settings.BACKUP_DIR)
        scratch_parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryDirectory(prefix="toegang-restore-", dir=scratch_parent) as scratch:
            try:
                self.stdout.write(f"archief {path} wordt gecontroleerd ...")
                manifest = unpack_and_check(path, Path(scratch))
                counts = manifest.get("aantallen", {})
                self.stdout.write(
                    f"archief in orde: gemaakt op {manifest.get('gemaakt_op')}, {manifest.get('database')}, "
                    f"Toegang {manifest.get('toegang_versie')}, {counts.get('documenten', 0)} documenten, "
                    f"{counts.get('audit-checkpoints', 0)} checkpoints")
                if not yes and not self._confirmed():
                    raise CommandError("Herstel afgebroken: er is niets gewijzigd.")
                restored = Restored(manifest=manifest)
                restore_database(manifest, Path(scratch), self.stdout.write)
                restore_files(manifest, Path(scratch), restored, self.stdout.write)
            except BackupError as error:
                raise CommandError(str(error)) from error
        self._verify()

    def _confirmed(self) -> bool:
        database = settings.DATABASES["default"]["NAME"]
        if not sys.stdin.isatty():
            raise CommandError("Herstel overschrijft de database; bevestig met --yes. Er is niets gewijzigd.")
        answer = input(f"De database {database} en de documenten worden overschreven. Doorgaan? [ja/nee] ")
        return answer.strip().lower() in {"j", "ja", "y", "yes"}

    def _verify(self) -> None:
        """Run the audit trail's own check on the restored data and pass its verdict on (exit status 1 if broken):
        a dump older than the newest checkpoint on this machine shows up here."""
        self.stdout.write("auditspoor wordt gecontroleerd (toegang audit verify) ...")
        out, err = StringIO(), StringIO()
        try:
            call_command("audit", "verify", stdout=out, stderr=err)
        except CommandError as error:
            self.stdout.write(out.getvalue().rstrip())
            self.stderr.write(err.getvalue().rstrip())
            raise CommandError(
                f"Herstel voltooid, maar de controle van het auditspoor faalt: {error} Eindigt de keten vóór het "
                "laatste checkpoint, dan is een oudere backup teruggezet: wat na die backup is vastgelegd, "
                "ontbreekt. Zie docs/operations.md.") from error
        self.stdout.write(out.getvalue().rstrip())
        if err.getvalue().strip():
            self.stderr.write(err.getvalue().rstrip())
        self.stdout.write(self.style.SUCCESS("herstel voltooid; het auditspoor is intact"))
