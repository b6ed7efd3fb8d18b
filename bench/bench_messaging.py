#!/usr/bin/env python3
"""Benchmark: importing iJw messages (issue 14: 10,000 messages at 200 or more per second, memory flat).

    .venv/bin/python bench/bench_messaging.py

Against PostgreSQL (BENCH_DATABASE_URL, default the toegang_bench database, created when missing), with the demo
profile loaded. BENCH_MESSAGES (default 10,000) JW305 start messages, each a distinct identification, addressed to
Demodam by the demo's youth-care provider, go through the import path a real file takes (messaging.actions.receive):
stored raw, parsed with entities and DTDs off, validated against the official schema, checked against the
assignments (these name none, so each product gets 9019), answered with a JW306 that is built, validated and stored,
both in the change log — `receive_many`, as `toegang berichten import` and `ophalen` read a folder: 100 messages per
transaction, each in its own savepoint. Reported: messages per second over the whole run and per tenth, and the process's peak
memory after the first and the last tenth (flat: the import holds nothing per message).
"""

import os
import resource
import time

import psycopg
from common import ROOT, URL, setup_django

COUNT = int(os.environ.get("BENCH_MESSAGES", 10_000))


def ensure_database() -> None:
    name = URL.rsplit("/", 1)[1]
    admin = URL.rsplit("/", 1)[0].replace("postgres://", "postgresql://", 1) + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ensure_database()
    setup_django()
    from toegang.accounts.models import Gemeente, Organisatie
    from toegang.core.actor import SYSTEM
    from toegang.messaging.actions import receive_many
    from toegang.profiles.actions import do_load_profile

    if not Gemeente.objects.filter(cbs_code="9901").exists():
        do_load_profile(actor=SYSTEM, name_or_path="demo")
    provider = Organisatie.objects.exclude(agb_code="").order_by("pk").first()
    sample = (ROOT.parent / "shared" / "standards" / "ijw-3.2" / "examples" / "JW305.xml").read_text()
    template = sample.replace("65656055", provider.agb_code).replace("0363", "9901")
    run = f"{int(time.time()) % 100000:05d}"  # identifications unique across runs of the benchmark
    tenth = max(COUNT // 10, 1)
    started = last = time.perf_counter()
    rates, memory = [], []
    outcomes: dict[str, int] = {}
    def files():
        for i in range(COUNT):
            yield f"bench-{i}.xml", template.replace("123456789012", f"B{run}{i:06d}").encode()

    for i, got in enumerate(receive_many(actor=SYSTEM, files=files())):
        outcomes[got.message.status] = outcomes.get(got.message.status, 0) + 1
        if (i + 1) % tenth == 0:
            now = time.perf_counter()
            rates.append(tenth / (now - last))
            memory.append(peak_mb())
            last = now
    elapsed = time.perf_counter() - started
    print(f"{COUNT} messages in {elapsed:.1f} s: {COUNT / elapsed:.0f} per second "
          f"(per tenth: {', '.join(f'{r:.0f}' for r in rates)})")
    print(f"peak memory after the first tenth {memory[0]:.0f} MB, after the last {memory[-1]:.0f} MB")
    print(f"outcomes: {outcomes}")


if __name__ == "__main__":
    main()
