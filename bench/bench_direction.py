#!/usr/bin/env python3
"""Benchmark: the process director's view (/procesregie/) over BENCH_OPEN_CASES (default 50,000) open cases on
PostgreSQL (issue 12: under 300 ms).

    .venv/bin/python bench/bench_persons.py       # first: 100,000 households in toegang_bench
    .venv/bin/python bench/bench_provisions.py    # optional: cases with decided indications (the decision signal)
    .venv/bin/python bench/bench_direction.py     # then: open cases up to BENCH_OPEN_CASES, and measures

The cases and what the signals read are bulk-inserted as benchmark fixtures (like factories in the tests), spread
over all teams and the last 200 days: per case 0-3 contact moments with the household, a plan for 70% (goals with
target dates, an evaluation moment, half of them agreed), 1-5 involved professionals, a melding with its
first-contact clock (stopped for 90%), a process director for 5%. Server time is measured in-process (Django test
client), median and p95 over BENCH_RUNS requests, and the main query alone (the page of rows) with EXPLAIN ANALYZE.
"""

import datetime as dt
import os
import random
import time

from common import measure, setup_django

COUNT = int(os.environ.get("BENCH_OPEN_CASES", 50_000))


def fixtures(count: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from toegang.accounts.models import Medewerker, Team
    from toegang.cases.models import CONTACT_WITH_HOUSEHOLD, CaseDirector, Casus, ContactMoment
    from toegang.deadlines.models import Clock
    from toegang.direction.models import ProcessDirector
    from toegang.intake.models import Melding
    from toegang.persons.models import Household, Involvement
    from toegang.plans.models import Plan, PlanVersion, dates_of

    existing = Casus.objects.exclude(status="afgesloten").count()
    if existing >= count:
        return
    rng = random.Random(12)
    staff = list(Medewerker.objects.filter(username__in=["generalist", "teamleider", "partner", "procesregisseur"]))
    workers = [m.pk for m in staff]
    regie = next(m.pk for m in staff if m.username == "procesregisseur")
    team_of_wijk = {w: t for t, w in Team.objects.values_list("pk", "wijken") if w}
    free = list(Household.objects.exclude(casussen__status__in=["aangemeld", "vraagverheldering", "plan", "uitvoering",
                                                               "evaluatie"])
                .values_list("pk", "gemeente_id", "wijk_id")[:count - existing])
    now = timezone.now()
    today = timezone.localdate()
    started = time.monotonic()
    for offset in range(0, len(free), 5000):
        chunk = free[offset:offset + 5000]
        with transaction.atomic():
            cases = Casus.objects.bulk_create([
                Casus(gemeente_id=g, household_id=h, team_id=team_of_wijk.get(w),
                      case_director_id=rng.choice(workers) if rng.random() < 0.8 else None,
                      status=rng.choice(["vraagverheldering", "plan", "uitvoering"]),
                      opened_at=now - dt.timedelta(days=rng.randint(0, 200), minutes=rng.randint(0, 600)))
                for h, g, w in chunk])
            CaseDirector.objects.bulk_create([CaseDirector(casus=c, medewerker_id=c.case_director_id, since=c.opened_at)
                                              for c in cases if c.case_director_id])
            contacts, involvements, plans, meldingen, directors = [], [], [], [], []
            for c in cases:
                age = max((now - c.opened_at).days, 1)
                for _ in range(rng.randint(0, 3)):
                    at = c.opened_at + dt.timedelta(days=rng.randint(0, age))
                    contacts.append(ContactMoment(casus=c, at=at, kind=rng.choice(["huisbezoek", "telefoon", "overleg"]),
                                                  participants="bench", summary="bench", created_at=at))
                for worker in rng.sample(workers, rng.randint(1, min(4, len(workers)))):
                    involvements.append(Involvement(household_id=c.household_id, medewerker_id=worker, casus=c,
                                                    role="bench", valid_from=timezone.localdate(c.opened_at)))
                if rng.random() < 0.7:
                    plans.append(Plan(casus=c, created_at=c.opened_at, changed_at=c.opened_at))
                meldingen.append(Melding(gemeente_id=c.gemeente_id, received_at=c.opened_at, channel="telefoon",
                                         source="zelf", household_id=c.household_id, question="bench", laws=["jeugdwet"],
                                         life_domains=["gezin"], urgency="regulier", urgency_rank=2, team_id=c.team_id,
                                         routing_rule="wijk", content_hash=f"bench-direction-{c.pk}", casus=c,
                                         created_at=c.opened_at, status="getrieerd"))
                if rng.random() < 0.05:
                    directors.append(ProcessDirector(casus=c, medewerker_id=regie, kind="procesregie", since=now))
            ContactMoment.objects.bulk_create(contacts)
            last_contact: dict[int, dt.datetime] = {}  # what cases/actions keeps on the case
            for contact in contacts:
                if contact.kind in CONTACT_WITH_HOUSEHOLD:
                    last_contact[contact.casus_id] = max(contact.at, last_contact.get(contact.casus_id, contact.at))
            for c in cases:
                c.last_household_contact_at = last_contact.get(c.pk)
            Casus.objects.bulk_update(cases, ["last_household_contact_at"])
            Involvement.objects.bulk_create(involvements)
            ProcessDirector.objects.bulk_create(directors)
            versions = []
            for plan in plans:
                opened = timezone.localdate(plan.created_at)
                goals = [{"id": f"g{i}", "domain": "gezin", "description": "bench", "desired_result": "bench",
                          "measure": "", "person": None, "status": rng.choice(["open", "bezig", "bereikt"]),
                          "target_date": (opened + dt.timedelta(days=rng.randint(30, 240))).isoformat()}
                         for i in range(rng.randint(1, 3))]
                evaluations = [{"date": (opened + dt.timedelta(days=rng.randint(20, 200))).isoformat(), "note": ""}]
                agreed = opened + dt.timedelta(days=10) if rng.random() < 0.5 else None
                content = {"goals": goals, "actions": [], "evaluations": evaluations}
                plan.evaluation_on, plan.open_goal_due_on = dates_of(content)  # what plans/actions keeps
                plan.agreed_on = agreed
                versions.append(PlanVersion(plan=plan, number=1, content=content, change="bench",
                                            created_at=plan.created_at, agreed_on=agreed,
                                            agreed_how="mondeling" if agreed else "", agreed_by="bench" if agreed else ""))
            Plan.objects.bulk_create(plans)
            PlanVersion.objects.bulk_create(versions)
            meldingen = Melding.objects.bulk_create(meldingen)
            clocks = []
            for m in meldingen:
                start = timezone.localdate(m.received_at)
                due = start + dt.timedelta(days=7)
                stopped = start + dt.timedelta(days=rng.randint(1, 9)) if rng.random() < 0.9 else None
                clocks.append(Clock(gemeente_id=m.gemeente_id, kind="eerste-contact", label="Eerste contact",
                                    source="profiel", subject_type="intake.melding", subject_id=m.pk,
                                    household_id=m.household_id, team_id=m.team_id, started_on=start, term="5wd",
                                    due_on=due, warn_on=due - dt.timedelta(days=1),
                                    stopped_on=min(stopped, today) if stopped else None))
            Clock.objects.bulk_create(clocks)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"inserted {len(free)} open cases in {time.monotonic() - started:.1f} s")


def crowded_case(actor) -> int:
    """An open case with four or more professionals and no process director (the most subqueries on its page)."""
    from django.db.models import Count, Q

    from toegang.cases.models import Casus

    return (Casus.objects.exclude(status="afgesloten").filter(process_directors__isnull=True)
            .annotate(n=Count("involvements", filter=Q(involvements__valid_until__isnull=True)))
            .filter(n__gte=4).order_by("pk").values_list("pk", flat=True)[0])


def main():
    setup_django()
    from django.test import Client

    from toegang.accounts.actors import actor_for_user
    from toegang.accounts.models import Medewerker, Team
    from toegang.cases.models import Casus
    from toegang.direction import queries

    fixtures(COUNT)
    regie = Medewerker.objects.get(username="procesregisseur")
    open_cases = Casus.objects.exclude(status="afgesloten").count()
    actor = actor_for_user(regie)
    print(f"open cases: {open_cases}")

    # the view's query alone (one page: the ids with their signals, oldest first), in-process
    timings = []
    for _ in range(5):
        t0 = time.perf_counter()
        queries.attention_list(actor)
        timings.append((time.perf_counter() - t0) * 1000)
    print(f"attention_list (page 1, all its queries): best {min(timings):.1f} ms, median {sorted(timings)[2]:.1f} ms")

    team = Team.objects.filter(casussen__isnull=False).order_by("pk").first()
    client = Client()
    client.force_login(regie)
    pages = {"attention list": "/procesregie/", "page 5": "/procesregie/?pagina=5",
             "reason: no contact": "/procesregie/?reden=geen-contact",
             "reason: goal overdue": "/procesregie/?reden=doel-over-streefdatum",
             f"team {team.code}": f"/procesregie/?team={team.pk}", "my cases": "/procesregie/?mijn=1",
             "a crowded case's page (its signals)": f"/casussen/{crowded_case(actor)}/"}
    print(f"\n{'page':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}   (target < 300 ms)")
    for label, url in pages.items():
        median, p95, count = measure(client, url)
        print(f"{label:<28} {median:>10.1f} {p95:>8.1f} {count:>8}")


if __name__ == "__main__":
    main()
