#!/usr/bin/env python3
"""Benchmark: logged reads per second with 1, 2, 4 and 8 writer processes (issue 9, item 5).

    .venv/bin/python bench/bench_audit.py                   # PostgreSQL server of BENCH_AUDIT_DATABASE_URL
    BENCH_AUDIT_SECONDS=5 BENCH_AUDIT_WRITERS=8 .venv/bin/python bench/bench_audit.py

Creates a database of its own (`toegang_bench_audit` on the server of the URL, default the local test server),
migrates it, then runs N processes that each call log_access() in a loop for BENCH_AUDIT_SECONDS seconds: one
logged read per call, outside a request (so written at once, its own commit), 1-3 subjects, with opportunistic
sealing on as in production. Prints appends/s per N, then seals everything and runs `toegang audit verify`.
Target (issue 9): >= 3,000 logged reads per second with 8 writers. Drops the database at the end.
"""

import multiprocessing as mp
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_AUDIT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test").rpartition("/")[0]
NAME = "toegang_bench_audit"
URL = f"{SERVER}/{NAME}"
SECONDS = float(os.environ.get("BENCH_AUDIT_SECONDS", 10))
WRITERS = [int(n) for n in os.environ.get("BENCH_AUDIT_WRITERS", "1,2,4,8").split(",")]


def admin_connection():
    import psycopg

    return psycopg.connect(SERVER.replace("postgres://", "postgresql://") + "/postgres", autocommit=True)


def setup_django():
    os.environ.update(DATABASE_URL=URL, DJANGO_SETTINGS_MODULE="toegang.settings.base", DEBUG="0")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def wait_for_start(start, ready, index) -> float:
    """Tell the parent this process is ready; wait until it sets the common start time."""
    ready[index] = 1
    while start.value == 0:
        time.sleep(0.001)
    while time.time() < start.value:
        time.sleep(0.0005)
    return start.value


def writer(start, seconds: float, counts, ready, index: int) -> None:
    setup_django()
    from django.db import connection

    from toegang.audit.log import log_access
    from toegang.core.actor import SYSTEM

    connection.ensure_connection()
    rng = random.Random(index)
    start_at = wait_for_start(start, ready, index)
    done, deadline = 0, start_at + seconds
    while time.time() < deadline:
        subjects = rng.sample(range(1, 100_000), rng.randint(1, 3))
        log_access(actor=SYSTEM, subject_ids=subjects, purpose="benchmark: inwoner bekijken", channel="api",
                   resource="/api/v1/inwoners/1")
        done += 1
    counts[index] = done


def plain_writer(start, seconds: float, counts, ready, index: int) -> None:
    """Baseline: a plain autocommit INSERT of one row (no number, no MAC, no index), synchronous commit."""
    with admin_connection_to(URL) as conn:
        start_at = wait_for_start(start, ready, index)
        done, deadline = 0, start_at + seconds
        while time.time() < deadline:
            conn.execute("INSERT INTO bench_plain (at, note) VALUES (now(), 'x')")
            done += 1
    counts[index] = done


def admin_connection_to(url):
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)


def run(writers: int, target=writer) -> float:
    ctx = mp.get_context("spawn")  # fresh processes: never share the parent's database connection
    counts, ready, start = ctx.Array("l", writers), ctx.Array("b", writers), ctx.Value("d", 0.0)
    processes = [ctx.Process(target=target, args=(start, SECONDS, counts, ready, i)) for i in range(writers)]
    for process in processes:
        process.start()
    while not all(ready) and all(p.is_alive() for p in processes):
        time.sleep(0.01)
    start.value = time.time() + 0.2  # every process connected and set up: start together
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"writer failed with exit code {process.exitcode}")
    return sum(counts) / SECONDS


def main():
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
        conn.execute(f'CREATE DATABASE "{NAME}"')
    try:
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        with admin_connection_to(URL) as conn:
            conn.execute("CREATE TABLE bench_plain (id bigserial primary key, at timestamptz, note text)")
        print(f"database: {URL}\nseconds per run: {SECONDS:g}\n")
        print(f"{'writers':>8} {'appends/s':>10} {'plain INSERT/s':>15}")
        results = {}
        for n in WRITERS:
            results[n] = run(n)
            plain = run(n, plain_writer)
            print(f"{n:>8} {results[n]:>10.0f} {plain:>15.0f}")
        from django.db import connection

        from toegang.audit.models import AccessLog, AccessLogSubject, Seal

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('audit_accesslogsubject'), pg_total_relation_size('audit_accesslog')")
            subject_bytes, row_bytes = cursor.fetchone()
        rows, subjects = AccessLog.objects.count(), AccessLogSubject.objects.count()
        started = time.monotonic()
        call_command("audit", "seal")
        seal_seconds = time.monotonic() - started
        print(f"\nrows: {rows}, subject index rows: {subjects} ({subject_bytes / max(rows, 1):.0f} bytes per read "
              f"with its index; the row itself {row_bytes / max(rows, 1):.0f} bytes)")
        print(f"seals: {Seal.objects.filter(log='access').count()}; sealing what was left took {seal_seconds:.1f} s")
        started = time.monotonic()
        call_command("audit", "verify", "--no-seal")
        print(f"verify: {time.monotonic() - started:.1f} s for {rows} rows")
        best = results.get(8)
        if best is not None:
            print(f"\ntarget >= 3000 appends/s with 8 writers: {'MET' if best >= 3000 else 'NOT MET'} ({best:.0f})")
    finally:
        from django.db import connections

        connections.close_all()
        with admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


if __name__ == "__main__":
    main()
