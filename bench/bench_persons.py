#!/usr/bin/env python3
"""Benchmark: demo data at municipal scale, person search and the household page.

    .venv/bin/python bench/bench_persons.py                  # PostgreSQL at BENCH_DATABASE_URL (default below)
    BENCH_DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/bench_persons.py
    BENCH_HOUSEHOLDS=20000 .venv/bin/python bench/bench_persons.py
    BENCH_REUSE=1 .venv/bin/python bench/bench_persons.py   # measure again without reloading

Creates a fresh database (PostgreSQL: `toegang_bench` on the server of the URL), runs `toegang demo --households N`
and times it, then measures server time (request handled in-process by Django's test client, no network) and the
query count of: search by surname prefix, by surname + birth date, by BSN, by postcode + house number, and the
household page, for 3 roles. Prints a table of median and p95 in ms. Targets (issue 2): demo 100,000 households
< 5 minutes; search and household page < 100 ms with bounded queries.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toegang_bench")
HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", 100_000))
RUNS = int(os.environ.get("BENCH_RUNS", 30))


def fresh_database():
    if URL.startswith("sqlite"):
        Path(URL.split("sqlite:///", 1)[1]).unlink(missing_ok=True)
        return
    import psycopg

    base, _, name = URL.rpartition("/")
    with psycopg.connect(base.replace("postgres://", "postgresql://") + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def toegang(*args):
    env = {**os.environ, "DATABASE_URL": URL, "DJANGO_SETTINGS_MODULE": "toegang.settings.base"}
    return subprocess.run([str(ROOT / ".venv" / "bin" / "toegang"), *args], env=env, check=True)


def main():
    print(f"database: {URL}\nhouseholds: {HOUSEHOLDS}")
    if os.environ.get("BENCH_REUSE") == "1":
        toegang("migrate", "--noinput", "-v0")
    else:
        fresh_database()
        toegang("migrate", "--noinput", "-v0")
        started = time.monotonic()
        toegang("demo", "--households", str(HOUSEHOLDS), "--seed", "2015")
        demo_seconds = time.monotonic() - started
        print(f"\ntoegang demo --households {HOUSEHOLDS}: {demo_seconds:.1f} s (target < 300 s)")

    os.environ["DATABASE_URL"] = URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "toegang.settings.base"
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client

    from toegang.accounts.models import Medewerker
    from toegang.persons.models import Household, Resident

    settings.DEBUG = True  # count queries
    settings.ALLOWED_HOSTS = ["*"]
    sample = Resident.objects.filter(bsn__isnull=False, household__wijk__code="noord").select_related("household")\
        .order_by("id")[500]
    household = Household.objects.filter(pk=sample.household_id).first()
    print(f"residents: {Resident.objects.count()}, households: {Household.objects.count()}")
    cases = {
        "search surname prefix": f"/zoeken/?naam={sample.search_name[:4]}",
        "search surname + birth date": f"/zoeken/?naam={sample.search_name}&geboortedatum={sample.geboortedatum}",
        "search BSN": f"/zoeken/?bsn={sample.bsn}",
        "search postcode + number": f"/zoeken/?postcode={household.postcode}&huisnummer={household.huisnummer}",
        "household page": f"/huishoudens/{household.pk}/",
        "API household": f"/api/v1/huishoudens/{household.pk}",
    }
    print(f"\n{'role':<12} {'page':<30} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'rows':>5}")
    for username in ("balie", "generalist", "teamleider"):
        client = Client()
        client.force_login(Medewerker.objects.get(username=username))
        for label, url in cases.items():
            timings = []
            queries = 0
            for _ in range(RUNS):
                reset_queries()
                t0 = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - t0) * 1000)
                queries = len(connection.queries)
                assert response.status_code == 200, (url, response.status_code)
            rows = response.content.decode().count('class="utrecht-table__row"') - 1 if "api" not in url else 1
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            print(f"{username:<12} {label:<30} {statistics.median(timings):>10.1f} {p95:>8.1f} {queries:>8} {rows:>5}")


if __name__ == "__main__":
    main()
