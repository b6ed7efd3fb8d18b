"""`toegang berichten import PAD…` (files or folders of received iJw/iWmo messages) and `toegang berichten ophalen`
(the hub's inbox, TOEGANG_BERICHTEN_IN; the scheduled job). Every file is stored raw, checked and answered; the
summary says per file what happened, in Dutch.

`ophalen --elke 60` keeps running and picks up new files every 60 seconds until SIGTERM or Ctrl-C, which end it
cleanly between two rounds (a round in progress finishes: every file in it is stored and answered). With background
jobs, beat picks the inbox up instead (toegang.jobs, schedule.yaml); without them this, or a cron entry or a systemd
timer running `ophalen` once, is the scheduled pickup (docs/operations.md)."""

import argparse
import signal
import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from toegang.core.actor import SYSTEM
from toegang.messaging.actions import receive_from_mailbox, receive_many


class Command(BaseCommand):
    help = "iJw/iWmo-berichten inlezen: `toegang berichten import PAD…` of `toegang berichten ophalen` (postvak in)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["import", "ophalen"])
        parser.add_argument("paths", nargs="*", help="bestanden of mappen met berichten (bij import)")
        parser.add_argument("--elke", type=int, metavar="SECONDEN",
                            help="bij ophalen: blijf draaien en haal elke SECONDEN seconden nieuwe berichten op; "
                                 "stopt netjes op SIGTERM of Ctrl-C")
        parser.add_argument("--rondes", type=int, help=argparse.SUPPRESS)  # tests: stop after this many rounds

    def handle(self, *args, what, paths, elke=None, rondes=None, **options):
        if what == "ophalen":
            if elke is None:
                self._report(receive_from_mailbox(actor=SYSTEM))
            elif elke < 0:
                raise CommandError("--elke is een aantal seconden: 0 of meer.")
            else:
                self._keep_picking_up(every=elke, rounds=rondes)
            return
        if elke is not None:
            raise CommandError("--elke hoort bij ophalen, niet bij import.")
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

    def _keep_picking_up(self, *, every: int, rounds: int | None) -> None:
        """A round, then a wait of `every` seconds, until SIGTERM/Ctrl-C (or `rounds` rounds, for the tests). The
        signal only sets a flag: the round in progress ends normally, so no file is half received."""
        stop = threading.Event()
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
        self.stdout.write(f"Berichten ophalen elke {every} seconden; stoppen met Ctrl-C of SIGTERM.")
        done_rounds = 0
        try:
            while not stop.is_set():
                close_old_connections()  # a process that runs for days: never a stale database connection
                done = list(receive_from_mailbox(actor=SYSTEM))  # the whole inbox, before the report
                if done:
                    self._report(done)
                done_rounds += 1
                if rounds is not None and done_rounds >= rounds:
                    break
                stop.wait(every)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            close_old_connections()
        self.stdout.write(f"Gestopt na {done_rounds} {'ronde' if done_rounds == 1 else 'rondes'}.")

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
