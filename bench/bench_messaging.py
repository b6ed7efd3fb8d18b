#!/usr/bin/env python3
"""Benchmark: importing iJw messages (issue 14: 10,000 messages at 200 or more per second, memory flat).

    .venv/bin/python bench/bench_messaging.py

Against PostgreSQL (BENCH_DATABASE_URL, default its own database toegang_bench_messaging, created when missing),
with the demo municipality loaded (`toegang demo`, 500 households, on the first run). BENCH_MESSAGES (default
10,000) JW305 start messages per workload go through the import path a real file takes (`receive_many`, as
`toegang berichten import` and `ophalen` read a folder: 100 messages per transaction): stored raw, parsed with
entities and DTDs off, validated against the official schema, checked against the assignments, answered with a
JW306 that is built, validated and stored, everything in the change log.

- **starts**: each message starts its own assignment of a demo decision (BENCH_MESSAGES copies of one of the demo's
  assignments are inserted first): the assignment is updated, its start logged, the case director notified.
- **unknown**: each message names an assignment that does not exist: rejected with 9019.

Reported per workload: messages per second over the run and per tenth, the outcomes, and the process's peak memory
after the first and the last tenth (flat: the import holds nothing per message beyond its batch).
"""

import os
import resource
import time

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toegang_bench_messaging")

from common import ROOT, ensure_database, setup_django  # noqa: E402

COUNT = int(os.environ.get("BENCH_MESSAGES", 10_000))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def assignments_to_start(count: int) -> list:
    """`count` fresh copies of one of the demo's assignments (inserted in bulk: the benchmark measures the import,
    not the deciding)."""
    from django.core.management import call_command

    from toegang.messaging.models import Toewijzing

    if not Toewijzing.objects.exists():
        call_command("demo", households=500, quiet=True)
    model = Toewijzing.objects.filter(law="jeugdwet", indicatie__casus__case_director__isnull=False) \
        .select_related("indicatie__client", "gemeente", "provider").order_by("pk").first()
    copies = [Toewijzing(**{f.attname: getattr(model, f.attname) for f in Toewijzing._meta.concrete_fields
                            if not f.primary_key}) for _ in range(count)]
    for copy in copies:
        copy.status, copy.started_on, copy.ended_on, copy.version = Toewijzing.Status.TOEGEWEZEN, None, None, 1
    Toewijzing.objects.bulk_create(copies, batch_size=1000)
    return model, copies


def run(name: str, files) -> None:
    from toegang.core.actor import SYSTEM
    from toegang.messaging.actions import receive_many

    tenth = max(COUNT // 10, 1)
    started = last = time.perf_counter()
    rates, memory = [], []
    outcomes: dict[str, int] = {}
    for i, got in enumerate(receive_many(actor=SYSTEM, files=files)):
        outcomes[str(got.message.status)] = outcomes.get(str(got.message.status), 0) + 1
        if (i + 1) % tenth == 0:
            now = time.perf_counter()
            rates.append(tenth / (now - last))
            memory.append(peak_mb())
            last = now
    elapsed = time.perf_counter() - started
    print(f"{name}: {COUNT} messages in {elapsed:.1f} s: {COUNT / elapsed:.0f} per second "
          f"(per tenth: {', '.join(f'{r:.0f}' for r in rates)}); outcomes {outcomes}; "
          f"peak memory after the first tenth {memory[0]:.0f} MB, after the last {memory[-1]:.0f} MB")


def main() -> None:
    ensure_database()
    setup_django()
    from toegang.messaging.models import Toewijzing

    model, copies = assignments_to_start(COUNT)
    client = model.indicatie.client
    sample = (ROOT.parent / "shared" / "standards" / "ijw-3.2" / "examples" / "JW305.xml").read_text()
    # one product per message (the sample's second product removed), addressed as the demo's provider sends it
    first, second = sample.index("<jw305:StartProduct>"), sample.index("</jw305:StartProducten>")
    product = sample[first:sample.index("</jw305:StartProduct>") + len("</jw305:StartProduct>")]
    template = (sample[:first] + product + sample[second:]) \
        .replace("65656055", model.provider.agb_code).replace("0363", model.gemeente.cbs_code) \
        .replace("999900006", client.bsn).replace("2010-02-14", client.geboortedatum.isoformat()) \
        .replace("2026-04-15", model.start.isoformat()).replace("2026-04-01", model.start.isoformat()) \
        .replace("2026-04-03", model.start.isoformat()).replace("55A11", model.product_code) \
        .replace("<ijw:Categorie>55", f"<ijw:Categorie>{model.product_category}")
    run_id = f"{int(time.time()) % 100000:05d}"  # identifications unique across runs of the benchmark

    def messages(numbers, tag):
        for i, number in enumerate(numbers):
            yield f"bench-{tag}-{i}.xml", template.replace("123456789012", f"{tag}{run_id}{i:06d}") \
                .replace("300201", str(number)).encode()

    run("starts", messages([c.pk for c in copies], "S"))
    assert Toewijzing.objects.filter(pk__in=[c.pk for c in copies], status="gestart").count() == COUNT
    unknown = Toewijzing.objects.order_by("-pk").values_list("pk", flat=True).first() + 1_000_000
    run("unknown", messages(range(unknown, unknown + COUNT), "U"))


if __name__ == "__main__":
    main()
