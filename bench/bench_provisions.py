#!/usr/bin/env python3
"""Benchmark: the provisions pages with BENCH_DECISIONS (default 20,000) decided indications on PostgreSQL.

    .venv/bin/python bench/bench_persons.py      # first: 100,000 households in toegang_bench
    .venv/bin/python bench/bench_provisions.py   # then: adds cases, applications, indications, decisions, commitments

The fixtures are bulk-inserted (like factories in the tests): one case per chosen household with a melding and an
application, an indication on a demo product, a decision (a tenth still a proposal, a fifth not yet sent) and its
commitments per calendar year. Letters are not rendered here (WeasyPrint takes ~0.3 s each; the letter is bytes in
a row and no page reads it). Server time is measured in-process (Django test client), median and p95 over
BENCH_RUNS requests.
"""

import datetime as dt
import os
import random
import time
from decimal import Decimal

from common import measure, setup_django

COUNT = int(os.environ.get("BENCH_DECISIONS", 20_000))


def main():
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from toegang.accounts.models import Medewerker, Team
    from toegang.cases.models import Casus
    from toegang.intake.models import Aanvraag, Melding, MeldingPerson
    from toegang.persons.models import Household
    from toegang.provisions.actions import commitment_amount, year_parts
    from toegang.provisions.models import Besluit, Indicatie, Product, Verplichting

    call_command("profile", "load", "demo", verbosity=0)
    existing = Indicatie.objects.count()
    if existing < COUNT:
        rng = random.Random(11)
        users = {u.username: u for u in Medewerker.objects.filter(
            username__in=["generalist", "procesregisseur", "backoffice"])}
        team_of_wijk = {w: t for t, w in Team.objects.values_list("pk", "wijken") if w}
        products = [p for p in Product.objects.select_related("voorziening").filter(voorziening__profile__name="demo")
                    if p.valid_until is None]
        contract_of = {p.pk: p.contracts.first() for p in products}
        tariff_of = {p.pk: p.tariffs.order_by("-valid_from").first().amount for p in products}
        generalist_teams = set(users["generalist"].team_memberships.values_list("team_id", flat=True))
        households = list(Household.objects.filter(casussen__isnull=True, current_residents__isnull=False)
                          .distinct().values_list("pk", "gemeente_id", "wijk_id")[: COUNT - existing])
        now, today = timezone.now(), timezone.localdate()
        started = time.monotonic()
        for offset in range(0, len(households), 2000):
            chunk = households[offset: offset + 2000]
            heads = dict(Household.objects.filter(pk__in=[h[0] for h in chunk]).values_list(
                "pk", "current_residents__pk").order_by("pk", "current_residents__geboortedatum"))
            with transaction.atomic():
                meldingen = Melding.objects.bulk_create([Melding(
                    gemeente_id=g, received_at=now - dt.timedelta(days=60), channel="balie", source="zelf",
                    household_id=h, question="bench", laws=["wmo"], life_domains=["adl"], urgency="regulier",
                    urgency_rank=2, wijk_id=w, team_id=team_of_wijk.get(w), routing_rule="wijk",
                    content_hash=f"bench-prov-{h}", created_at=now, status="getrieerd") for h, g, w in chunk])
                MeldingPerson.objects.bulk_create([MeldingPerson(melding=m, resident_id=heads[m.household_id])
                                                   for m in meldingen])
                cases = Casus.objects.bulk_create([Casus(
                    gemeente_id=g, household_id=h, team_id=team_of_wijk.get(w), status="uitvoering", opened_at=now,
                    case_director=users["generalist"] if team_of_wijk.get(w) in generalist_teams else None)
                    for h, g, w in chunk])
                for m, c in zip(meldingen, cases, strict=True):
                    m.casus = c
                Melding.objects.bulk_update(meldingen, ["casus"])
                chosen = [rng.choice(products) for _ in chunk]
                aanvragen = Aanvraag.objects.bulk_create([Aanvraag(
                    gemeente_id=c.gemeente_id, melding=m, applicant_id=heads[c.household_id], law=p.voorziening.law,
                    requested=p.voorziening.name, received_on=today - dt.timedelta(days=50), status="besloten",
                    created_at=now) for c, m, p in zip(cases, meldingen, chosen, strict=True)])
                indicaties, decided = [], []
                for i, (c, a, p) in enumerate(zip(cases, aanvragen, chosen, strict=True)):
                    start = today - dt.timedelta(days=rng.randint(0, 300))
                    volume = {"04": 4, "01": 360, "14": 7, "16": 4, "83": 1500}[p.unit]
                    contract = contract_of[p.pk]
                    proposal = i % 10 == 0
                    indicaties.append(Indicatie(
                        gemeente_id=c.gemeente_id, casus=c, aanvraag=a, client_id=a.applicant_id, voorziening=p.voorziening,
                        product=p, volume=volume, unit=p.unit, frequency=p.frequency, start=start,
                        end=start + dt.timedelta(days=364), form="zin" if contract else "pgb",
                        provider=contract.provider if contract else None, contract=contract,
                        tariff=tariff_of[p.pk],
                        goal_ids=["bench"], goals=["bench"], motivation="bench", own_strength="-", network="-",
                        why_not_enough="-", status="voorstel" if proposal else "besloten",
                        prepared_by=users["generalist"], prepared_at=now))
                indicaties = Indicatie.objects.bulk_create(indicaties)
                besluiten = Besluit.objects.bulk_create([Besluit(
                    gemeente_id=ind.gemeente_id, indicatie=ind, outcome="toegekend", legal_ground="bench",
                    reasons="bench", status="vastgesteld" if i % 5 == 1 else "verzonden",
                    decided_by=users["procesregisseur"], decided_at=now, established_on=today,
                    sent_on=None if i % 5 == 1 else today) for i, ind in enumerate(indicaties)
                    if ind.status == "besloten"])
                for b in besluiten:
                    ind = b.indicatie
                    total = commitment_amount(ind.volume, ind.frequency, ind.tariff, ind.start, ind.end)
                    parts = year_parts(ind.start, ind.end)
                    days = sum(d for _, d in parts)
                    for year, part in parts:
                        decided.append(Verplichting(gemeente_id=b.gemeente_id, besluit=b, year=year,
                                                    law=ind.voorziening.law, category=ind.product.category,
                                                    contract=ind.contract,
                                                    amount=(total * part / days).quantize(Decimal("0.01"))))
                Verplichting.objects.bulk_create(decided)
            print(f"  {offset + len(chunk)}/{len(households)} cases with indications", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"inserted {len(households)} decided cases in {time.monotonic() - started:.1f} s")
    print(f"indications: {Indicatie.objects.count()}, decisions: {Besluit.objects.count()}, "
          f"commitments: {Verplichting.objects.count()}")

    besluit = Besluit.objects.filter(indicatie__casus__case_director__username="generalist").order_by("pk").first()
    casus_id = besluit.indicatie.casus_id
    pages = [("procesregisseur", "worklist", "/indicaties/"), ("backoffice", "worklist", "/indicaties/"),
             ("procesregisseur", "decision", f"/besluiten/{besluit.pk}/"),
             ("procesregisseur", "indication", f"/indicaties/{besluit.indicatie_id}/"),
             ("generalist", "case provisions", f"/casussen/{casus_id}/voorzieningen/"),
             ("beleid", "budget", "/budget/"), (None, "social map", "/sociale-kaart/?q=hulp")]
    print(f"\n{'role':<16} {'page':<18} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for username, label, url in pages:
        client = Client()
        if username:
            client.force_login(Medewerker.objects.get(username=username))
        median, p95, queries = measure(client, url)
        print(f"{username or 'anonymous':<16} {label:<18} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
