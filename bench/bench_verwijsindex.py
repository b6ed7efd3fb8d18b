#!/usr/bin/env python3
"""Benchmark: the Verwijsindex with 200,000 signals on PostgreSQL (issue 12: registering one and finding its
matches under 20 ms).

    .venv/bin/python bench/bench_verwijsindex.py

Uses its own database (`toegang_bench_verwijsindex` on the server of BENCH_DATABASE_URL, created when missing), loads
the demo profile, makes one partner per demo organisation and bulk-inserts BENCH_SIGNALS (default 200,000) signals
as benchmark fixtures: youths spread over the organisations, about a third of them signalled by two organisations
(matches are made by the action, so the fixtures have none). Then it measures, in-process, median and p95 over
BENCH_RUNS runs of:

- registering a signal that makes a match (check_register_signal: the checks, the signal, the change log, the match,
  its coordinator by the profile's rule and the notifications, committed), on a youth one other organisation signalled;
- registering a signal on a youth nobody signalled (no match);
- finding the matches of a youth: the match page of the partner (access_match, logged) and the partner's list.
"""

import datetime as dt
import os
import random
import time

import common

COUNT = int(os.environ.get("BENCH_SIGNALS", 200_000))
common.URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toegang_bench_verwijsindex")


def _create_database():
    import psycopg

    base, name = common.URL.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def bsns(count: int, start: int = 100_000_000):
    """BSNs passing the elfproef (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11), from `start` upwards."""
    n = start // 10
    while count:
        digits = [int(c) for c in f"{n:08d}"]
        check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
        if check < 10:
            yield f"{n:08d}{check}"
            count -= 1
        n += 1


def stats(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return timings[len(timings) // 2], timings[max(0, int(len(timings) * 0.95) - 1)]


def main():
    _create_database()
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    common.setup_django()
    from django.db import connection, reset_queries, transaction
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from toegang.accounts.actors import actor_for_user
    from toegang.accounts.models import Gemeente, Medewerker, Organisatie, Role, RoleAssignment
    from toegang.core import clock
    from toegang.core.actor import SYSTEM
    from toegang.profiles.actions import do_load_profile
    from toegang.verwijsindex import actions, queries
    from toegang.verwijsindex.models import Match, Signal

    do_load_profile(actor=SYSTEM, name_or_path="demo")
    gemeente = Gemeente.objects.get(cbs_code="9901")
    role = Role.objects.get(profile__name="demo", code="partner")
    partners = {}
    for org in Organisatie.objects.filter(profile__name="demo").order_by("code"):
        user, made = Medewerker.objects.get_or_create(username=f"vi-{org.code}", defaults={
            "organisatie": org, "first_name": "Bench", "last_name": org.name, "email": f"{org.code}@example.nl"})
        if made:
            RoleAssignment.objects.create(medewerker=user, gemeente=gemeente, role=role)
        partners[org.pk] = user
    orgs = list(partners)

    existing = Signal.objects.count()
    today = clock.today()
    if existing < COUNT:
        rng = random.Random(12)
        started = time.monotonic()
        youths = bsns(COUNT)  # a third gets a second organisation: about 150,000 youths for 200,000 signals
        rows = []
        for _ in range(existing):
            next(youths)
        made = existing
        while made < COUNT:
            bsn = next(youths)
            birth = today - dt.timedelta(days=rng.randint(365 * 2, 365 * 22))
            picked = rng.sample(orgs, 2 if rng.random() < 0.33 else 1)
            for org in picked[:COUNT - made]:
                on = today - dt.timedelta(days=rng.randint(0, 700))
                expires_on, _ = queries.expiry(on, birth)
                rows.append(Signal(gemeente=gemeente, bsn=bsn, birth_date=birth, organisatie_id=org,
                                   contact_id=partners[org].pk, registered_on=on, first_registered_on=on,
                                   expires_on=expires_on))
                made += 1
            if len(rows) >= 5000:
                Signal.objects.bulk_create(rows)
                rows = []
        Signal.objects.bulk_create(rows)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"inserted {COUNT - existing} signals in {time.monotonic() - started:.1f} s")
    print(f"signals: {Signal.objects.count()}, matches: {Match.objects.count()}")

    runs = common.RUNS
    # youths one organisation signalled, still active: another organisation's signal makes a match
    singles = list(Signal.objects.filter(expires_on__gt=today + dt.timedelta(days=30), birth_date__gt=today.replace(
        year=today.year - 20)).exclude(bsn__in=Signal.objects.values("bsn").annotate(
            n=Count("id")).filter(n__gt=1).values("bsn"))
        .exclude(bsn__in=Match.objects.values("key")).values_list("bsn", "organisatie_id", "birth_date")[:runs])
    from django.conf import settings

    settings.DEBUG = True
    match_timings, match_queries, new_timings, new_queries = [], 0, [], 0
    for bsn, org, birth in singles:
        other = next(o for o in orgs if o != org)
        actor = actor_for_user(partners[other])
        reset_queries()
        t0 = time.perf_counter()
        result = actions.check_register_signal(actor=actor, gemeente=gemeente, bsn=bsn, birth_date=birth)
        match_timings.append((time.perf_counter() - t0) * 1000)
        match_queries = len(connection.queries)
        assert result.created and len(result.matches) == 1, (bsn, result)
    fresh = bsns(runs, start=900_000_000)
    for bsn in fresh:
        actor = actor_for_user(partners[orgs[0]])
        reset_queries()
        t0 = time.perf_counter()
        with transaction.atomic():
            actions.check_register_signal(actor=actor, gemeente=gemeente, bsn=bsn,
                                          birth_date=today.replace(year=today.year - 12))
            transaction.set_rollback(True)  # the next run finds it unregistered again
        new_timings.append((time.perf_counter() - t0) * 1000)
        new_queries = len(connection.queries)

    print(f"\n{'what':<52} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    print(f"{'register a signal that makes a match (target < 20)':<52} {stats(match_timings)[0]:>10.1f} "
          f"{stats(match_timings)[1]:>8.1f} {match_queries:>8}")
    print(f"{'register a signal without a match':<52} {stats(new_timings)[0]:>10.1f} {stats(new_timings)[1]:>8.1f} "
          f"{new_queries:>8}")

    party = partners[next(o for o in orgs if o != singles[0][1])]
    match = Match.objects.filter(key=singles[0][0]).first()
    timings = []
    actor = actor_for_user(party)
    for _ in range(runs):
        reset_queries()
        t0 = time.perf_counter()
        queries.access_match(actor, match.pk, purpose="bench", channel="ui")
        timings.append((time.perf_counter() - t0) * 1000)
    print(f"{'find the matches of a youth (access_match)':<52} {stats(timings)[0]:>10.1f} {stats(timings)[1]:>8.1f} "
          f"{len(connection.queries):>8}")
    client = Client()
    client.force_login(party)
    for label, url in [("match page", reverse("verwijsindex:match", args=[match.pk])),
                       ("my signals page", reverse("verwijsindex:signals")),
                       ("API matches (the partner's)", "/api/v1/matches")]:
        median, p95, count = common.measure(client, url)
        print(f"{label:<52} {median:>10.1f} {p95:>8.1f} {count:>8}")


if __name__ == "__main__":
    main()
