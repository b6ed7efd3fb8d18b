"""The pages and lists that grow with the households alone — search, the household page, the household and resident
API lists — on a bench database as it is, without generating anything (docs/performance.md "A million households"):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/toegang_bench_1m python bench/bench_households.py

Prints median / p95 ms, queries and raw SQL ms per page (bench_pages' measurement, BENCH_RUNS runs) and every
sequential scan of a table of more than 10,000 rows that reads 10,000 rows or more; exit status 1 when there is one.
"""

import logging
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("TOEGANG_REQUEST_LOG_LEVEL", "WARNING")

from common import RUNS, URL, setup_django  # noqa: E402


def main() -> int:
    setup_django()
    logging.getLogger("django.request").setLevel(logging.ERROR)
    import bench_pages
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from toegang.accounts.models import Medewerker
    from toegang.persons.models import Household, Resident

    settings.ALLOWED_HOSTS = ["*"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    resident = Resident.objects.order_by("pk")[500]
    pages = [("zoeken op naam", "balie", f"/zoeken/?naam={resident.search_name[:4]}"),
             ("zoeken op BSN", "balie", f"/zoeken/?bsn={resident.bsn}"),
             ("huishouden", "procesregisseur", f"/huishoudens/{resident.household_id}/"),
             ("API huishoudens", "procesregisseur", "/api/v1/huishoudens?pageSize=100"),
             ("API inwoners", "procesregisseur", "/api/v1/inwoners?naam=jan&pageSize=100")]
    large = bench_pages.large_tables()
    print(f"{URL}: {Household.objects.count():,} households, {RUNS} runs")
    print(f"{'page':<18} {'median':>7} {'p95':>7} {'queries':>7} {'raw SQL':>8}")
    growing = 0
    for label, username, url in pages:
        client = Client()
        client.force_login(Medewerker.objects.get(username=username))
        median, p95, queries, sqls, _ = bench_pages.timed(client, url, RUNS)
        print(f"{label:<18} {median:>7.1f} {p95:>7.1f} {queries:>7} {bench_pages.raw_ms(sqls, RUNS):>8.1f}")
        for sql in sqls:
            for table, read in bench_pages.seq_scans(sql, large):
                if read >= bench_pages.LARGE:
                    growing += 1
                    print(f"  SEQ SCAN {table} ({read} rows read): {sql[:150]}")
    print(f"{growing} sequential scans reading {bench_pages.LARGE} rows or more of a large table")
    return 1 if growing else 0


if __name__ == "__main__":
    sys.exit(main())
