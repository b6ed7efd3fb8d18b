"""Benchmark of the CBS Beleidsinformatie Jeugd export (issue 15 "Correctness and speed": 100,000 trajectories in
under 10 seconds on PostgreSQL; docs/cbs.md).

    python bench/bench_cbs.py          # BENCH_TRAJECTORIES=100000 by default

Own database (toegang_bench_cbs); the demo (500 households) once, then copies of one of its Jeugdwet assignments,
inserted in bulk with start and end dates spread over 2025–2026 (the benchmark measures the export, not the
deciding). The export itself is what the command runs: one streamed query, the checks, the CSV, the access log.
"""

import datetime as dt
import io
import os
import resource
import time

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toegang_bench_cbs")

from common import ensure_database, setup_django  # noqa: E402

COUNT = int(os.environ.get("BENCH_TRAJECTORIES", 100_000))
REASONS = ["31", "32", "33", "34", "35", "39"]


def trajectories(count: int) -> int:
    """Top the started Jeugdwet assignments up to `count`; return how many there are."""
    from django.core.management import call_command

    from toegang.messaging.models import Toewijzing

    if not Toewijzing.objects.filter(law="jeugdwet").exists():
        call_command("demo", households=500, quiet=True)
    started = Toewijzing.objects.filter(law="jeugdwet", started_on__isnull=False)
    missing = count - started.count()
    if missing > 0:
        # a minor's assignment: the demo also has Jeugdwet care for adults, which the export rightly refuses
        model = Toewijzing.objects.filter(law="jeugdwet", indicatie__client__geboortedatum__gt=dt.date(2010, 1, 1)) \
            .order_by("pk").first()
        fields = [f.attname for f in Toewijzing._meta.concrete_fields if not f.primary_key]
        copies = []
        for i in range(missing):
            copy = Toewijzing(**{name: getattr(model, name) for name in fields})
            copy.started_on = dt.date(2025, 1, 1) + dt.timedelta(days=i % 540)
            ended = i % 3 == 0
            copy.ended_on = copy.started_on + dt.timedelta(days=30 + i % 300) if ended else None
            copy.end_reason = REASONS[i % len(REASONS)] if ended else ""
            copy.status = Toewijzing.Status.BEEINDIGD if ended else Toewijzing.Status.GESTART
            copies.append(copy)
        Toewijzing.objects.bulk_create(copies, batch_size=5000)
    return started.count()


def main() -> None:
    ensure_database()
    setup_django()
    from toegang.core.actor import SYSTEM
    from toegang.insight.cbs import parse_period, write_delivery

    t0 = time.perf_counter()
    total = trajectories(COUNT)
    print(f"fixture: {total} started Jeugdwet assignments ({time.perf_counter() - t0:.1f} s)")
    for label in ("2026H1", "2025H2"):
        out = io.StringIO()
        t0 = time.perf_counter()
        summary = write_delivery(out, parse_period(label), path="bench", actor=SYSTEM)
        took = time.perf_counter() - t0
        print(f"{label}: {summary.delivered} rows delivered, {len(summary.refusals)} refused, "
              f"{len(out.getvalue()) / 1e6:.1f} MB in {took:.2f} s; peak memory "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
