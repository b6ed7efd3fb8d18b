"""Benchmark of the main pages and every API list at municipal scale (issue 16 "Speed at scale", items 3, 5, 6).

    python bench/bench_pages.py                       # BENCH_HOUSEHOLDS=100000, BENCH_MELDINGEN=120000, BENCH_CASES=25000
    BENCH_REUSE=1 python bench/bench_pages.py         # the data are there: measure only (the default does the same when
                                                      # the rows are there; BENCH_REUSE=0 starts from an empty database)
    python bench/bench_pages.py /api/v1/meldingen     # only the addresses that contain this text

Own database (toegang_bench_pages). The data are bench_insight's (the demo generator through the real actions, then
cases, meldingen, clocks, plans, decisions and escalations bulk-inserted over five years): a stage is skipped when its
rows are there.

For each main page (Mijn werk, werkbak, search, household, case, plan) and each API list, as the demo role that uses
it, measured in process with the Django test client: median and p95 ms over BENCH_RUNS, the query count, and the raw
SQL of the same request — every SELECT the request ran (captured with CaptureQueriesContext), run again on a cursor,
median of the sums — and the ratio of the two. Then EXPLAIN ANALYZE of every SELECT of the lists: every sequential
scan of a table of more than 10,000 rows is listed, and one that reads 10,000 rows or more (it grows with the table,
unlike a scan that a LIMIT stops early) makes the exit status 1 (`make bench` fails on it).

Targets (issue 16): main pages <= 50 ms median and <= 20 queries; API lists <= 2x their raw SQL; no sequential scan
on a large table in a list.
"""

import json
import logging
import os
import statistics
import sys
import time

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toegang_bench_pages")
os.environ.setdefault("BENCH_RUNS", "20")

import bench_insight  # noqa: E402
from common import RUNS, URL, ensure_database, setup_django  # noqa: E402

LARGE = 10_000
PAGE_TARGET_MS, PAGE_TARGET_QUERIES, API_TARGET_RATIO = 50, 20, 2.0
# the roles tried for an API list, in this order; the first that gets rows (else the first that gets 200) is used
API_ROLES = ["procesregisseur", "balie", "generalist", "teamleider", "backoffice", "beheer", "beleid", "privacy",
             "partner"]
# (raadplegingen has no list)
API_LISTS = ["huishoudens", "inwoners?naam=jan", "meldingen", "aanvragen", "verwijzingen", "casussen", "escalaties",
             "casusoverleggen", "voorzieningen", "producten", "indicaties", "besluiten", "bezwaren", "signalen", "matches",
             "meldcode-trajecten", "api-sleutels", "medewerkers", "berichten", "declaraties",
             "toewijzingen"]


def say(message: str) -> None:
    print(message, flush=True)


def fresh() -> None:
    import psycopg

    base, _, name = URL.rpartition("/")
    with psycopg.connect(base.replace("postgres://", "postgresql://", 1) + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def selects(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))]


def raw_ms(sqls: list[str], runs: int) -> float:
    """Median over `runs` of the time to run every statement again on a cursor and fetch its rows."""
    from django.db import connection

    timings = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            t0 = time.perf_counter()
            for sql in sqls:
                cursor.execute(sql)
                cursor.fetchall()
            timings.append((time.perf_counter() - t0) * 1000)
    return statistics.median(timings)


def timed(client, url: str, runs: int):
    """(median ms, p95 ms, queries, the SELECTs of the last request, answer) of `runs` GETs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, response = [], None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    return statistics.median(timings), p95, len(captured.captured_queries), selects(captured.captured_queries), response


def large_tables() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' AND reltuples > %s",
                       [LARGE])
        return dict(cursor.fetchall())


def seq_scans(sql: str, large: dict[str, int]) -> list[tuple[str, int]]:
    """The sequential scans of a large table in the plan of `sql` (EXPLAIN ANALYZE: it runs), each with the rows
    it read (returned plus removed by its filter, times its loops). A scan under a LIMIT that stops early — a bounded
    count over a scope that holds nearly every row — reads few rows; one that reads LARGE or more grows with the
    table, and that is what the check fails on."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    found, todo = [], [plan[0]["Plan"]]
    while todo:
        node = todo.pop()
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in large:
            read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * node.get("Actual Loops", 1)
            found.append((node["Relation Name"], int(read)))
        todo.extend(node.get("Plans", []))
    return found


def samples():
    """A case of the generalist's team with a plan, its household, and a name to search for."""
    from toegang.cases.models import Casus
    from toegang.persons.models import Resident
    from toegang.plans.models import Plan

    generalist_team = "st-noord-zuid"
    casus = (Casus.objects.filter(team__code=generalist_team, closed_at__isnull=True,
                                  pk__in=Plan.objects.values("casus_id")).order_by("pk").first()
             or Casus.objects.filter(closed_at__isnull=True, pk__in=Plan.objects.values("casus_id")).order_by("pk").first())
    resident = Resident.objects.filter(household_id=casus.household_id).order_by("pk").first()
    return casus, resident


def main() -> int:
    if os.environ.get("BENCH_REUSE") == "0":
        fresh()
    ensure_database()
    setup_django()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the roles tried that get 403 are no news
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from toegang.accounts.models import Medewerker

    t0 = time.perf_counter()
    bench_insight.generate()
    say(f"database: {URL}\ndata: {bench_insight.counts()} ({time.perf_counter() - t0:.0f} s to generate or check)")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    settings.ALLOWED_HOSTS = ["*"]
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    casus, resident = samples()
    pages = [
        ("Mijn werk", "generalist", "/"),
        ("Mijn werk (teamleider)", "teamleider", "/"),
        ("werkbak", "generalist", "/werkbak/"),
        ("werkbak (balie)", "balie", "/werkbak/"),
        ("zoeken op naam", "balie", f"/zoeken/?naam={resident.search_name[:4]}"),
        ("huishouden", "procesregisseur", f"/huishoudens/{casus.household_id}/"),
        ("casus", "procesregisseur", f"/casussen/{casus.pk}/"),
        ("plan", "procesregisseur", f"/casussen/{casus.pk}/plan/"),
    ]
    clients: dict[str, Client] = {}

    def client_of(username: str) -> Client:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(Medewerker.objects.get(username=username))
        return clients[username]

    apis = []
    for name in API_LISTS:
        url = f"/api/v1/{name}{'&' if '?' in name else '?'}pageSize=100"
        if only and only not in url:
            continue
        chosen = None
        for username in API_ROLES:
            response = client_of(username).get(url)
            if response.status_code == 200:
                chosen = chosen or username
                if response.json().get("results"):
                    chosen = username
                    break
        if chosen:
            apis.append((f"API {name.split('?')[0]}", chosen, url))
        else:
            say(f"API {name}: no demo role gets 200, skipped")
    lists = {label for label, _, _ in apis} | {"Mijn werk", "Mijn werk (teamleider)", "werkbak", "werkbak (balie)",
                                                "zoeken op naam"}
    large = large_tables()
    say(f"large tables (> {LARGE} rows): " + ", ".join(f"{t} {n}" for t, n in sorted(large.items())))
    say(f"\n{'page':<28} {'role':<16} {'median':>7} {'p95':>7} {'queries':>7} {'raw SQL':>8} {'ratio':>6}  target")
    failures, scans = 0, []
    for label, username, url in [*pages, *apis]:
        if only and only not in url:
            continue
        median, p95, queries, sqls, _ = timed(client_of(username), url, RUNS)
        raw = raw_ms(sqls, RUNS)
        ratio = median / raw if raw else float("inf")
        if label.startswith("API"):
            ok = ratio <= API_TARGET_RATIO
            target = f"ratio <= {API_TARGET_RATIO:.0f}"
        else:
            ok = median <= PAGE_TARGET_MS and queries <= PAGE_TARGET_QUERIES
            target = f"<= {PAGE_TARGET_MS} ms, <= {PAGE_TARGET_QUERIES} q"
        failures += not ok
        say(f"{label:<28} {username:<16} {median:>7.1f} {p95:>7.1f} {queries:>7} {raw:>8.1f} {ratio:>6.1f}  "
            f"{'ok' if ok else 'MISSED'} ({target})")
        if label in lists:
            for sql in sqls:
                for table, read in seq_scans(sql, large):
                    scans.append((label, table, read, sql))
    say("")
    for label, table, read, sql in scans:
        say(f"{'SEQ SCAN' if read >= LARGE else 'seq scan stopped early'} {table} ({large[table]} rows, {read} read) "
            f"in {label}: {sql[:200 if read >= LARGE else 100]}")
    growing = [scan for scan in scans if scan[2] >= LARGE]
    say(f"{len(growing)} sequential scans reading {LARGE} rows or more of a large table in the lists "
        f"({len(scans) - len(growing)} more that stop early under a LIMIT); {failures} pages or lists past their "
        f"target (median over {RUNS} runs; the machine is shared, so compare within one run)")
    return 1 if growing else 0


if __name__ == "__main__":
    sys.exit(main())
