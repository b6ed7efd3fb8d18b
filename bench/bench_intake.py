#!/usr/bin/env python3
"""Benchmark: the team inbox and "Mijn werk" with 100,000 meldingen on PostgreSQL.

    .venv/bin/python bench/bench_persons.py     # first: 100,000 households in toegang_bench
    .venv/bin/python bench/bench_intake.py      # then: adds BENCH_MELDINGEN (default 100,000) meldingen and measures

The meldingen, their persons and their Wmo clocks are bulk-inserted as benchmark fixtures (like factories in the
tests), spread over all teams, a tenth assigned to the demo generalist, received over the last 12 weeks.
Server time is measured in-process (Django test client), median and p95 over BENCH_RUNS requests.
"""

import datetime as dt
import os
import random
import time

from common import measure, setup_django

COUNT = int(os.environ.get("BENCH_MELDINGEN", 100_000))


def main():
    setup_django()
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from toegang.accounts.models import Medewerker
    from toegang.deadlines.calendar import Term, due_date
    from toegang.deadlines.models import Clock
    from toegang.intake.models import Melding, MeldingPerson
    from toegang.persons.models import Resident

    existing = Melding.objects.count()
    if existing < COUNT:
        rng = random.Random(7)
        generalist = Medewerker.objects.get(username="generalist")
        residents = list(Resident.objects.filter(household__isnull=False)
                         .values_list("pk", "household_id", "household__gemeente_id", "household__wijk_id")[:200_000])
        from toegang.accounts.models import Team

        team_of_wijk = {w: t for t, w in Team.objects.values_list("pk", "wijken") if w}
        now = timezone.now()
        started = time.monotonic()
        batch = 5000
        for offset in range(existing, COUNT, batch):
            rows, people, clocks = [], [], []
            for i in range(offset, min(offset + batch, COUNT)):
                pk, household_id, gemeente_id, wijk_id = rng.choice(residents)
                received = now - dt.timedelta(days=rng.randint(0, 84), minutes=rng.randint(0, 600))
                urgency = rng.choices(["regulier", "spoed", "crisis"], [85, 12, 3])[0]
                status = rng.choices(["open", "getrieerd", "afgesloten"], [40, 35, 25])[0]
                start = timezone.localdate(received)
                due = due_date(start, Term(6, "w"))
                open_clock = status != "afgesloten"
                rows.append(Melding(
                    gemeente_id=gemeente_id, received_at=received, channel="telefoon", source="zelf",
                    household_id=household_id, question=f"bench {i}", laws=["wmo"], life_domains=["adl"],
                    urgency=urgency, urgency_rank={"crisis": 0, "spoed": 1, "regulier": 2}[urgency], wijk_id=wijk_id,
                    next_due_on=due if open_clock else None,
                    next_warn_on=due - dt.timedelta(days=5) if open_clock else None,
                    team_id=team_of_wijk.get(wijk_id), routing_rule="wijk", content_hash=f"bench-{i}",
                    assigned_to_id=generalist.pk if i % 10 == 0 else None, created_at=received,
                    status=status))
                people.append(pk)
            with transaction.atomic():
                rows = Melding.objects.bulk_create(rows)
                MeldingPerson.objects.bulk_create([MeldingPerson(melding=m, resident_id=p) for m, p in zip(rows, people, strict=True)])
                for m in rows:
                    start = timezone.localdate(m.received_at)
                    due = due_date(start, Term(6, "w"))
                    clocks.append(Clock(gemeente_id=m.gemeente_id, kind="wmo-onderzoek", label="Wmo: melding → onderzoek",
                                        source="Wmo 2015 art. 2.3.2", subject_type="intake.melding", subject_id=m.pk,
                                        household_id=m.household_id, team_id=m.team_id, owner_id=m.assigned_to_id,
                                        started_on=start, term="6w", due_on=due, warn_on=due - dt.timedelta(days=5),
                                        stopped_on=timezone.localdate() if m.status == "afgesloten" else None))
                Clock.objects.bulk_create(clocks)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"inserted {COUNT - existing} meldingen in {time.monotonic() - started:.1f} s")
    print(f"meldingen: {Melding.objects.count()}, clocks: {Clock.objects.count()}, "
          f"open for the generalist: {Melding.objects.filter(assigned_to__username='generalist').exclude(status='afgesloten').count()}, "
          f"unassigned open in team Noord-Zuid: {Melding.objects.filter(team__code='st-noord-zuid', assigned_to__isnull=True).exclude(status='afgesloten').count()}")

    cases = {"team inbox": "/werkbak/", "team inbox, spoed": "/werkbak/?urgentie=spoed",
             "team inbox page 5": "/werkbak/?pagina=5", "Mijn werk": "/"}
    print(f"\n{'role':<12} {'page':<22} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for username in ("generalist", "teamleider", "balie"):
        client = Client()
        client.force_login(Medewerker.objects.get(username=username))
        for label, url in cases.items():
            median, p95, queries = measure(client, url)
            print(f"{username:<12} {label:<22} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
