"""`toegang apisleutel maken <gebruikersnaam> --naam …` and `toegang apisleutel intrekken tg_…`: API keys from the
command line (the operator, acting as the SYSTEM), for an integration set up before anyone logs in. Staff make their
own keys on the page API-sleutels. docs/api.md."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from toegang.accounts.actions import check_create_api_token, check_revoke_api_token
from toegang.accounts.models import ApiToken, Medewerker
from toegang.core.actor import SYSTEM
from toegang.core.errors import DomainError


class Command(BaseCommand):
    help = ("API-sleutels: `maken GEBRUIKERSNAAM --naam NAAM [--geldig-tot JJJJ-MM-DD]` toont de nieuwe sleutel één "
            "keer; `intrekken tg_KENMERK` trekt een sleutel in.")

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["maken", "intrekken"])
        parser.add_argument("wie", help="maken: de gebruikersnaam; intrekken: het kenmerk (tg_…)")
        parser.add_argument("--naam", default="", help="waarvoor de sleutel is, bijv. 'Koppeling zorgaanbieder'")
        parser.add_argument("--geldig-tot", type=dt.date.fromisoformat, default=None,
                            help="de laatste dag dat de sleutel werkt (standaard TOEGANG_API_TOKEN_DAYS vooruit)")

    def handle(self, *args, verb, wie, naam, geldig_tot, **options):
        try:
            if verb == "maken":
                medewerker = Medewerker.objects.filter(username=wie).first()
                if medewerker is None:
                    raise CommandError(f"Onbekende gebruikersnaam: {wie}")
                new = check_create_api_token(actor=SYSTEM, medewerker=medewerker, name=naam, expires_on=geldig_tot)
                self.stderr.write(f"API-sleutel {new.token.shown_prefix} voor {wie}, geldig tot en met "
                                  f"{new.token.valid_through:%d-%m-%Y}. Hij wordt niet nog eens getoond:")
                self.stdout.write(new.key)
                return
            token = ApiToken.objects.filter(prefix=wie.removeprefix("tg_")).first()
            if token is None:
                raise CommandError(f"Onbekende API-sleutel: {wie}")
            check_revoke_api_token(actor=SYSTEM, token=token)
            self.stdout.write(f"API-sleutel {token.shown_prefix} ({token.name}) is ingetrokken.")
        except DomainError as exc:
            reasons = " ".join(r for rs in exc.field_errors.values() for r in rs)
            raise CommandError(f"{exc.message} {reasons}".strip()) from exc
