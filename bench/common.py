"""Shared by the benchmarks: set Django up against the bench database, and time pages in-process."""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toegang_bench")
RUNS = int(os.environ.get("BENCH_RUNS", 30))


def ensure_database() -> None:
    """Create the benchmark's database (the last part of URL) when it is missing."""
    import psycopg

    name = URL.rsplit("/", 1)[1]
    admin = URL.rsplit("/", 1)[0].replace("postgres://", "postgresql://", 1) + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django():
    """Django against the bench database, migrated, with query logging on for the measurements."""
    os.environ.update(DATABASE_URL=URL, DJANGO_SETTINGS_MODULE="toegang.settings.base", DEBUG="0")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def measure(client, url: str, runs: int = RUNS) -> tuple[float, float, int]:
    """(median ms, p95 ms, queries) of `runs` GETs of `url`; every answer must be 200."""
    from django.conf import settings
    from django.db import connection, reset_queries

    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["*"]
    timings, queries = [], 0
    for _ in range(runs):
        reset_queries()
        t0 = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
        queries = len(connection.queries)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries
