"""`toegang berichten import PAD…` (files or folders of received iJw/iWmo messages) and `toegang berichten ophalen`
(the hub's inbox, TOEGANG_BERICHTEN_IN; the scheduled job). Every file is stored raw, checked and answered; the
summary says per file what happened, in Dutch."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toegang.core.actor import SYSTEM
from toegang.messaging.actions import receive_from_mailbox, receive_many


class Command(BaseCommand):
    help = "iJw/iWmo-berichten inlezen: `toegang berichten import PAD…` of `toegang berichten ophalen` (postvak in)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["import", "ophalen"])
        parser.add_argument("paths", nargs="*", help="bestanden of mappen met berichten (bij import)")

    def handle(self, *args, what, paths, **options):
        if what == "ophalen":
            self._report(receive_from_mailbox(actor=SYSTEM))
            return
        if not paths:
            raise CommandError("Geef een of meer bestanden of mappen.")
        files = []
        for given in paths:
            path = Path(given)
            if path.is_dir():
                files += sorted(p for p in path.iterdir() if p.is_file())
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"'{given}' bestaat niet.")
        self._report(receive_many(actor=SYSTEM, files=((f.name, f.read_bytes()) for f in files)))

    def _report(self, done) -> None:
        counts: dict[str, int] = {}
        total = 0
        for result in done:
            total += 1
            message = result.message
            state = "al ontvangen" if result.duplicate else message.get_status_display()
            counts[state] = counts.get(state, 0) + 1
            line = f"{message.file_name or '-'}: {message.kind or '?'} {state}"
            if result.answer is not None:
                line += f", beantwoord met {result.answer.kind}"
            self.stdout.write(line)
            for problem in result.problems[:5]:
                code = f"{problem['code']} " if problem.get("code") else ""
                self.stdout.write(f"    {code}{problem['uitleg']}")
        summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
        self.stdout.write(f"{total} berichten: {summary or 'geen'}")
