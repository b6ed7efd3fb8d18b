"""`toegang staffing --profile NAME --variant 167|133|100 [--format table|csv|json]`: the staffing model of a profile
(docs/staffing.md). Reads the profile file only; no database."""

from django.core.management.base import BaseCommand, CommandError

from toegang.insight.report import as_csv, as_json, as_text
from toegang.insight.staffing import StaffingError, compute
from toegang.profiles.loader import ProfileInvalid, read_profile


class Command(BaseCommand):
    help = ("Formatieberekening van een profiel: fte per kern, gemeente en team voor een variant (huishoudens in zorg "
            "per fte), de VNG-methode, de vacatureruimte en de personeelskosten, met waar de gepubliceerde tabellen "
            "afwijken van hun eigen invoer.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--profile", required=True, help="profielnaam (profiles/NAAM.yaml) of pad naar een profiel")
        parser.add_argument("--variant", type=int, default=None,
                            help="huishoudens in zorg per fte, bijvoorbeeld 167, 133 of 100 (standaard die van het "
                                 "profiel)")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args, profile, variant, format, **options):
        try:
            data = read_profile(profile).data
        except ProfileInvalid as exc:
            raise CommandError(f"Het profiel is niet in orde:\n{exc}") from None
        formatie = data.get("formatie")
        if not formatie:
            raise CommandError(f"Profiel {data['profiel']} heeft geen onderdeel 'formatie:'; zonder invoer (kernen, "
                               "huishoudens, huishoudens in zorg) is er geen formatieberekening. Zie docs/staffing.md.")
        try:
            report = compute(formatie, variant)
        except StaffingError as exc:
            raise CommandError(str(exc)) from None
        if format == "json":
            self.stdout.write(as_json(report))
        elif format == "csv":
            self.stdout.write(as_csv(report), ending="")
        else:
            self.stdout.write(as_text(report, data["titel"]), ending="")
