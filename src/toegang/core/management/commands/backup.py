"""`toegang backup [--output PATH]`: one tar.gz with the database, the documents and the audit checkpoints."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toegang.core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = ("Maakt één backuparchief (tar.gz): de database (pg_dump of SQLite-kopie), de geüploade documenten, de "
            "auditcheckpoints en een manifest met SHA-256 per bestand. Zie docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None,
                            help="pad van het archief (standaard TOEGANG_BACKUP_DIR/toegang-backup-<tijd>.tar.gz)")

    def handle(self, *args, output=None, **options):
        try:
            archive = make_backup(output, self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        except OSError as error:  # the output place cannot be written: say where and why, not a stack trace
            raise CommandError(f"Het archief kan niet worden geschreven naar {output or 'de backupmap'}: "
                               f"{error.strerror or error}.") from error
        self.stdout.write(self.style.SUCCESS(
            f"backup klaar: {archive.output} — bewaar dit archief buiten deze machine (zie docs/operations.md)"))
