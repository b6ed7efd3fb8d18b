"""Benchmark of the management dashboard at /inzicht/ (issue 15 "Correctness and speed": five years of a
100,000-household municipality, every page under 2 seconds on PostgreSQL; docs/indicators.md).

    python bench/bench_insight.py      # BENCH_HOUSEHOLDS=100000, BENCH_MELDINGEN=120000, BENCH_CASES=25000

Own database (toegang_bench_insight). The demo generator first (`toegang demo --households N --meldingen 2000`:
households, staff, and meldingen, cases, decisions, escalations and Verwijsindex signals made through the real
actions), then scaled up set-based with bulk inserts, dates spread over 2022-01-01 … 2026-11-30: cases (open and
closed, with the outcome JSON that case_outcome writes, re-entries), their meldingen and other meldingen, clocks,
contact moments, plans with agreed versions, indicaties with decisions and assignments, escalations, objections and
Verwijsindex matches. Each stage is skipped when its rows are there, so a second run only measures.

Measured in-process (Django test client, user `beleid`): the dashboard for the last full year, the five years, one
year for a team and one year for a district — median and p95 over BENCH_RUNS (default 10) and the query count; then
each indicator function separately (median over the runs) and the slowest queries of one page.
"""

import datetime as dt
import os
import random
import statistics
import sys
import time

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toegang_bench_insight")
os.environ.setdefault("BENCH_RUNS", "10")

from common import RUNS, ensure_database, measure, setup_django  # noqa: E402

HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", 100_000))
MELDINGEN = int(os.environ.get("BENCH_MELDINGEN", 120_000))
CASES = int(os.environ.get("BENCH_CASES", 25_000))
FIRST, LAST = dt.date(2022, 1, 1), dt.date(2026, 11, 30)
SPAN = (LAST - FIRST).days
BATCH = 5000


def say(message: str) -> None:
    print(message, flush=True)


def moment(day: dt.date, rng: random.Random) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(8 + rng.randint(0, 8), rng.randint(0, 59))))


def copy_of(template, **overrides):
    """A new unsaved row with the template's concrete fields and the overrides."""
    model = type(template)
    values = {f.attname: getattr(template, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
    values.update(overrides)
    return model(**values)


def bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def demo() -> None:
    from django.core.management import call_command

    from toegang.persons.models import Household

    if Household.objects.exists():
        return
    t0 = time.perf_counter()
    say(f"demo: {HOUSEHOLDS} households …")
    call_command("demo", households=HOUSEHOLDS, meldingen=2000, quiet=True)
    say(f"demo: done in {time.perf_counter() - t0:.0f} s")


def households_and_teams():
    from toegang.accounts.models import Team
    from toegang.persons.models import Household

    team_of_wijk = {w: t for t, w in Team.objects.values_list("pk", "wijken") if w}
    rows = list(Household.objects.values_list("pk", "gemeente_id", "wijk_id").order_by("pk"))
    return rows, team_of_wijk


def cases_stage(rng: random.Random) -> None:
    """CASES cases: a fifth re-entries of a household whose earlier case closed; with contact moments, a plan (most
    agreed) and, when closed, the outcome JSON of case_outcome."""
    from django.db import transaction

    from toegang.accounts.capabilities import CASES_WORK
    from toegang.accounts.models import Medewerker
    from toegang.cases.models import CLOSE_REASONS, CONTACT_WITH_HOUSEHOLD, Casus, ContactMoment
    from toegang.plans.models import Plan, PlanVersion

    have = Casus.objects.count()
    if have >= CASES * 0.9:
        return
    t0 = time.perf_counter()
    households, team_of_wijk = households_and_teams()
    busy = set(Casus.objects.values_list("household_id", flat=True))
    households = [h for h in households if h[0] not in busy]
    rng.shuffle(households)
    directors = list(Medewerker.objects.filter(is_active=True).values_list("pk", flat=True))
    del CASES_WORK
    reasons = [code for code, _ in CLOSE_REASONS]
    open_statuses = ["aangemeld", "vraagverheldering", "plan", "uitvoering", "evaluatie"]
    first_round = CASES - CASES // 5
    cases: list[Casus] = []
    for k in range(CASES):
        if k < first_round:
            household_id, gemeente_id, wijk_id = households[k]
            must_close = k < CASES // 5
            opened = FIRST + dt.timedelta(days=rng.randint(0, SPAN - 720 if must_close else SPAN - 5))
        else:
            earlier = cases[k - first_round]
            household_id, gemeente_id = earlier.household_id, earlier.gemeente_id
            wijk_id = households[k - first_round][2]
            opened = earlier.closed_at.date() + dt.timedelta(days=rng.choice([rng.randint(5, 360), rng.randint(366, 700)]))
            opened = min(opened, LAST - dt.timedelta(days=2))
            must_close = False
        closed = None
        if must_close or rng.random() < 0.6:
            closed = opened + dt.timedelta(days=rng.randint(20, 500))
            if closed > LAST and not must_close:
                closed = None
            elif closed > LAST:
                closed = LAST
        opened_at = moment(opened, rng)
        outcome = {}
        if closed:
            goals = rng.randint(0, 5)
            outcome = {"dagen_open": (closed - opened).days, "meldingen": 1}
            if rng.random() < 0.6:
                outcome["zelfredzaamheid"] = {
                    str(rng.randint(1, 10**6)): {"eerste": a, "laatste": b, "verschil": round(b - a, 2)}
                    for a, b in [(round(rng.uniform(1.5, 3.5), 2), round(rng.uniform(2, 4.5), 2))
                                 for _ in range(rng.randint(1, 2))]}
            if goals:
                reached = rng.randint(0, goals)
                outcome.update(doelen=goals, doelen_bereikt=reached, aandeel_bereikt=round(reached / goals, 2))
        cases.append(Casus(
            gemeente_id=gemeente_id, household_id=household_id, team_id=team_of_wijk.get(wijk_id),
            case_director_id=rng.choice(directors) if rng.random() < 0.85 else None,
            status="afgesloten" if closed else rng.choice(open_statuses), opened_at=opened_at,
            closed_at=moment(closed, rng) if closed else None,
            close_reason=rng.choice(reasons) if closed else "", outcome=outcome))
        if closed and cases[-1].closed_at <= opened_at:
            cases[-1].closed_at = opened_at + dt.timedelta(days=1)
    kinds = sorted(CONTACT_WITH_HOUSEHOLD)
    with transaction.atomic():
        cases = bulk(Casus, cases)
        say(f"  {len(cases)} cases ({time.perf_counter() - t0:.0f} s)")
        contacts, plans = [], []
        for casus in cases:
            for _ in range(rng.choice([0, 1, 2, 2, 3])):
                at = casus.opened_at + dt.timedelta(days=rng.randint(-3, 40), hours=rng.randint(0, 5))
                contacts.append(ContactMoment(casus=casus, at=at, kind=rng.choice(kinds + ["overleg"]),
                                              participants="bench", summary="bench", created_at=at))
            if rng.random() < 0.8:
                plans.append(Plan(casus=casus, created_at=casus.opened_at + dt.timedelta(days=7)))
        bulk(ContactMoment, contacts)
        plans = bulk(Plan, plans)
        versions = []
        for plan in plans:
            agreed = (plan.created_at + dt.timedelta(days=rng.randint(7, 70))).date() if rng.random() < 0.75 else None
            versions.append(PlanVersion(plan=plan, number=1, content={"goals": []}, change="bench",
                                        created_at=plan.created_at, agreed_on=agreed, agreed_how="gesprek" if agreed else ""))
        bulk(PlanVersion, versions)
    say(f"  cases, {len(contacts)} contact moments, {len(plans)} plans ({time.perf_counter() - t0:.0f} s)")


def meldingen_stage(rng: random.Random) -> None:
    """Up to MELDINGEN meldingen: one for each case without one (received before it opened, triaged to it), the rest
    spread over the five years with the demo's sources, channels, laws and triage outcomes; a clock for each."""
    from django.db import transaction
    from django.db.models import Q

    from toegang.cases.models import Casus
    from toegang.deadlines.models import Clock
    from toegang.intake.demo import OUTCOMES
    from toegang.intake.models import Melding

    have = Melding.objects.count()
    if have >= MELDINGEN * 0.9:
        return
    t0 = time.perf_counter()
    templates = list(Melding.objects.order_by("pk")[:200])
    clock_templates = list(Clock.objects.filter(subject_type="intake.melding").order_by("pk")[:50]) \
        or list(Clock.objects.order_by("pk")[:50])
    households, team_of_wijk = households_and_teams()
    wijk_of = {h: w for h, _, w in households}
    lonely = list(Casus.objects.filter(~Q(meldingen__isnull=False)).values_list(
        "pk", "gemeente_id", "household_id", "team_id", "opened_at"))
    plan = [("case", c) for c in lonely] + [("free", None)] * max(MELDINGEN - have - len(lonely), 0)
    made = 0
    for offset in range(0, len(plan), BATCH):
        rows = []
        for kind, case in plan[offset:offset + BATCH]:
            template = rng.choice(templates)
            if kind == "case":
                casus_id, gemeente_id, household_id, team_id, opened_at = case
                received = opened_at - dt.timedelta(days=rng.randint(0, 14), hours=rng.randint(0, 3))
                outcome, wijk_id = rng.choice(["meervoudig", "enkelvoudig"]), wijk_of.get(household_id)
            else:
                household_id, gemeente_id, wijk_id = rng.choice(households)
                casus_id, team_id = None, team_of_wijk.get(wijk_id)
                received = moment(FIRST + dt.timedelta(days=rng.randint(0, SPAN)), rng)
                outcome = rng.choice(OUTCOMES)
                if outcome in ("meervoudig", "enkelvoudig"):
                    outcome = "informatie-advies"
            status = "afgesloten" if outcome and received.date() < LAST - dt.timedelta(days=30) else (
                "getrieerd" if outcome else "open")
            rows.append(copy_of(
                template, gemeente_id=gemeente_id, household_id=household_id, wijk_id=wijk_id, team_id=team_id,
                received_at=received, created_at=received, status=status, triage_outcome=outcome or "",
                triaged_at=received + dt.timedelta(days=1) if outcome else None, casus_id=casus_id,
                contacts=rng.choice([1, 1, 1, 2, 2, 3]) if outcome == "informatie-advies" else 0,
                closed_at=received + dt.timedelta(days=2) if status == "afgesloten" else None,
                idempotency_key="", content_hash=f"bench-{have + offset + len(rows)}", assigned_to_id=None,
                next_due_on=None, next_due_at=None, next_warn_on=None, next_suspended_since=None,
                created_by_id=None))
        with transaction.atomic():
            rows = bulk(Melding, rows)
            clocks = []
            for m in rows:
                template = rng.choice(clock_templates)
                start = m.received_at.date()
                due = start + dt.timedelta(days=42 if "w" in template.term else 56)
                stop = start + dt.timedelta(days=rng.choice([rng.randint(3, 40), rng.randint(3, 70)]))
                stopped = stop if stop <= LAST and rng.random() < 0.95 else None
                clocks.append(copy_of(
                    template, gemeente_id=m.gemeente_id, subject_type="intake.melding", subject_id=m.pk,
                    household_id=m.household_id, team_id=m.team_id, owner_id=None, started_on=start,
                    started_at=None, due_on=due, due_at=None, warn_on=due - dt.timedelta(days=5),
                    suspended_since=None, stopped_on=stopped, stopped_at=None, stop_reason="bench" if stopped else "",
                    extensions_used=0))
            bulk(Clock, clocks)
        made += len(rows)
        say(f"  {made}/{len(plan)} meldingen with clocks ({time.perf_counter() - t0:.0f} s)")


def decisions_stage(rng: random.Random) -> None:
    """An indicatie with a decision for most agreed plans (the demo's as templates, so several laws), care started
    for most granted ones; objections to some decisions; a decision clock each."""
    from django.db import transaction

    from toegang.accounts.models import Medewerker
    from toegang.deadlines.models import Clock
    from toegang.messaging.models import Toewijzing
    from toegang.plans.models import PlanVersion
    from toegang.provisions.models import Besluit, Bezwaar, Indicatie

    if Besluit.objects.count() >= 1000:
        return
    t0 = time.perf_counter()
    besluit_templates = list(Besluit.objects.select_related("indicatie").order_by("pk"))
    toewijzing_templates = {t.indicatie.voorziening_id: t for t in Toewijzing.objects.select_related("indicatie")}
    clock_templates = list(Clock.objects.exclude(subject_type="intake.melding").order_by("pk")[:20])
    user = Medewerker.objects.get(username="beleid")
    agreed = list(PlanVersion.objects.filter(agreed_on__isnull=False, change="bench").values_list(
        "plan__casus_id", "plan__casus__gemeente_id", "plan__casus__household_id", "plan__casus__team_id", "agreed_on"))
    indicaties, besluiten = [], []
    for casus_id, gemeente_id, household_id, team_id, agreed_on in agreed:
        if rng.random() > 0.7:
            continue
        template = rng.choice(besluit_templates)
        established = agreed_on + dt.timedelta(days=rng.randint(3, 56))
        if established > LAST:
            continue
        indicaties.append(copy_of(template.indicatie, gemeente_id=gemeente_id, household_id=household_id,
                                  casus_id=casus_id, idempotency_key="", replaces_id=None, status="besloten",
                                  prepared_at=moment(agreed_on, rng), indicated_at=moment(agreed_on, rng)))
        decided = moment(established, rng)
        besluiten.append((copy_of(template, gemeente_id=gemeente_id, outcome=rng.choice(
            ["toegekend"] * 7 + ["deels", "afgewezen"]), status="verzonden", decided_at=decided,
            established_on=established, sent_on=established, reassessment_task_id=None), team_id, household_id))
    with transaction.atomic():
        indicaties = bulk(Indicatie, indicaties)
        for indicatie, (besluit, _, _) in zip(indicaties, besluiten, strict=True):
            besluit.indicatie_id = indicatie.pk
        rows = bulk(Besluit, [b for b, _, _ in besluiten])
        say(f"  {len(rows)} indicaties with decisions ({time.perf_counter() - t0:.0f} s)")
        assignments, objections, clocks = [], [], []
        for indicatie, besluit, (_, team_id, household_id) in zip(indicaties, rows, besluiten, strict=True):
            template = toewijzing_templates.get(indicatie.voorziening_id)
            if template and besluit.outcome != "afgewezen" and rng.random() < 0.85:
                started = besluit.established_on + dt.timedelta(days=rng.randint(2, 45))
                if started <= LAST:
                    ended = started + dt.timedelta(days=rng.randint(30, 400)) if rng.random() < 0.5 else None
                    ended = ended if ended and ended <= LAST else None
                    assignments.append(copy_of(template, gemeente_id=besluit.gemeente_id, indicatie_id=indicatie.pk,
                                               start=started, end=started + dt.timedelta(days=365),
                                               status="beeindigd" if ended else "gestart", started_on=started,
                                               ended_on=ended, end_reason="31" if ended else "",
                                               assigned_at=moment(besluit.established_on, rng)))
            if rng.random() < 0.06:
                received = besluit.established_on + dt.timedelta(days=rng.randint(1, 42))
                if received <= LAST:
                    done = received + dt.timedelta(days=rng.randint(30, 120))
                    objections.append(Bezwaar(
                        gemeente_id=besluit.gemeente_id, besluit_id=besluit.pk, received_on=received,
                        objector="bench", grounds="bench", outcome=rng.choice([c for c, _ in Bezwaar.Outcome.choices])
                        if done <= LAST else "", decided_on=done if done <= LAST else None, registered_by=user,
                        registered_at=moment(received, rng)))
            if clock_templates:
                template = rng.choice(clock_templates)
                start = besluit.established_on - dt.timedelta(days=rng.randint(10, 60))
                due = start + dt.timedelta(days=56)
                clocks.append(copy_of(template, gemeente_id=besluit.gemeente_id, subject_type="provisions.indicatie",
                                      subject_id=indicatie.pk, household_id=household_id, team_id=team_id,
                                      owner_id=None, started_on=start, started_at=None, due_on=due, due_at=None,
                                      warn_on=due - dt.timedelta(days=5), suspended_since=None,
                                      stopped_on=besluit.established_on, stopped_at=None, stop_reason="bench",
                                      extensions_used=0))
        bulk(Toewijzing, assignments)
        bulk(Bezwaar, objections)
        bulk(Clock, clocks)
    say(f"  {len(assignments)} assignments, {len(objections)} objections, {len(clocks)} clocks "
        f"({time.perf_counter() - t0:.0f} s)")


def escalations_and_matches_stage(rng: random.Random) -> None:
    from django.db import transaction

    from toegang.cases.models import Casus
    from toegang.escalation.models import Escalation
    from toegang.verwijsindex.models import Match

    if Escalation.objects.count() < 500:
        templates = {}
        for e in Escalation.objects.order_by("level"):
            templates.setdefault(e.level, e)
        if not templates:  # the demo escalated nothing (no ladder or no directed open case): a ladder of three levels
            templates = {level: Escalation(ladder="bench", ladder_name="Escalatieladder", level=level,
                                           level_code=f"niveau-{level}", level_name=name)
                         for level, name in [(1, "Casusregisseur"), (2, "Teamleider"), (3, "Procesregie")]}
        if templates:
            chosen = list(Casus.objects.exclude(pk__in=Escalation.objects.filter(closed_at__isnull=True).values("casus_id"))
                          .order_by("?").values_list("pk", "gemeente_id", "opened_at", "closed_at")[:2500])
            rows = []
            for casus_id, gemeente_id, opened_at, closed_at in chosen:
                level = rng.choice(sorted(templates))
                at = opened_at + dt.timedelta(days=rng.randint(5, 120))
                end = closed_at or moment(LAST, rng)
                if at >= end:
                    continue
                shut = at + dt.timedelta(days=rng.randint(5, 90))
                rows.append(copy_of(templates[level], casus_id=casus_id, gemeente_id=gemeente_id, opened_at=at,
                                    closed_at=shut if shut < end or closed_at else None))
            with transaction.atomic():
                bulk(Escalation, rows)
            say(f"  {len(rows)} escalations")
    if Match.objects.count() < 500:
        template = Match.objects.order_by("pk").first()
        gemeenten = list(Casus.objects.values_list("gemeente_id", flat=True).distinct())
        rows = []
        for i in range(3000):
            at = moment(FIRST + dt.timedelta(days=rng.randint(0, SPAN)), rng)
            fields = dict(gemeente_id=rng.choice(gemeenten), kind=rng.choice(["bsn", "bsn", "adres"]), key=f"bench-{i}",
                          created_at=at, coordinator_id=None, coordinator_organisatie_id=None,
                          coordinated_since=at + dt.timedelta(days=rng.randint(1, 30)) if rng.random() < 0.6 else None,
                          coordinated_how="")
            rows.append(copy_of(template, **fields) if template else Match(**fields))
        with transaction.atomic():
            bulk(Match, rows)
        say(f"  {len(rows)} Verwijsindex matches")


def generate() -> None:
    from django.db import connection

    rng = random.Random(15)
    demo()
    say("scaling up …")
    cases_stage(rng)
    meldingen_stage(rng)
    decisions_stage(rng)
    escalations_and_matches_stage(rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def counts() -> str:
    from toegang.cases.models import Casus, ContactMoment
    from toegang.deadlines.models import Clock
    from toegang.escalation.models import Escalation
    from toegang.intake.models import Melding
    from toegang.messaging.models import Toewijzing
    from toegang.persons.models import Household
    from toegang.plans.models import PlanVersion
    from toegang.provisions.models import Besluit, Bezwaar
    from toegang.verwijsindex.models import Match

    models = [("households", Household), ("meldingen", Melding), ("cases", Casus), ("contact moments", ContactMoment),
              ("plan versions", PlanVersion), ("decisions", Besluit), ("assignments", Toewijzing),
              ("clocks", Clock), ("escalations", Escalation), ("objections", Bezwaar), ("matches", Match)]
    return ", ".join(f"{m.objects.count()} {name}" for name, m in models)


def main() -> None:
    ensure_database()
    setup_django()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client

    from toegang.accounts.models import Medewerker, Team, Wijk
    from toegang.insight import indicators

    t0 = time.perf_counter()
    generate()
    say(f"data: {counts()} ({time.perf_counter() - t0:.0f} s)")

    user = Medewerker.objects.get(username="beleid")
    client = Client()
    client.force_login(user)
    year = "van=2025-01-01&tot=2025-12-31"
    team = max(Team.objects.all(), key=lambda t: t.casussen.count())
    wijk = max(Wijk.objects.all(), key=lambda w: w.households.count())
    pages = {"last full year (2025)": f"/inzicht/?{year}",
             "five years": "/inzicht/?van=2022-01-01&tot=2026-11-30",
             f"2025, team {team.name}": f"/inzicht/?{year}&team={team.pk}",
             f"2025, wijk {wijk.name}": f"/inzicht/?{year}&wijk={wijk.pk}"}
    say(f"\n{'page':<44} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, url in pages.items():
        median, p95, queries = measure(client, url)
        say(f"{label:<44} {median:>10.0f} {p95:>8.0f} {queries:>8}")

    gemeente_ids = indicators_gemeenten(user)
    periods = {"2025": (dt.date(2025, 1, 1), dt.date(2025, 12, 31)), "5 years": (FIRST, LAST)}
    functions = [("meldingen_per_month", indicators.meldingen_per_month),
                 ("meldingen_by source", lambda f: indicators.meldingen_by(f, "source")),
                 ("meldingen_by channel", lambda f: indicators.meldingen_by(f, "channel")),
                 ("meldingen_by triage", lambda f: indicators.meldingen_by(f, "triage_outcome")),
                 ("meldingen_by_law", indicators.meldingen_by_law), ("desk_contacts", indicators.desk_contacts),
                 ("lead_times", indicators.lead_times), ("term_shares", indicators.term_shares),
                 ("caseload", indicators.caseload), ("households_in_care", indicators.households_in_care),
                 ("escalations", indicators.escalations), ("outcomes", indicators.outcomes),
                 ("reentries", indicators.reentries), ("decisions", indicators.decisions),
                 ("verwijsindex_matches", indicators.verwijsindex_matches)]
    say(f"\n{'indicator (median ms)':<24} " + " ".join(f"{p:>9}" for p in periods) + f" {'2025 team':>10} {'2025 wijk':>10}")
    variants = [indicators.Filters(*periods["2025"], gemeente_ids), indicators.Filters(*periods["5 years"], gemeente_ids),
                indicators.Filters(*periods["2025"], gemeente_ids, team_id=team.pk),
                indicators.Filters(*periods["2025"], gemeente_ids, wijk_id=wijk.pk)]
    for name, function in functions:
        cells = []
        for filters in variants:
            timings = []
            for _ in range(max(RUNS // 2, 3)):
                t = time.perf_counter()
                result = function(filters)
                if hasattr(result, "__iter__") and not isinstance(result, dict | tuple):
                    list(result)
                timings.append((time.perf_counter() - t) * 1000)
            cells.append(statistics.median(timings))
        say(f"{name:<24} " + " ".join(f"{c:>9.0f}" for c in cells[:2]) + " ".join(f"{c:>11.0f}" for c in cells[2:]))

    settings.DEBUG = True
    reset_queries()
    client.get(pages["five years"] if len(sys.argv) < 2 else sys.argv[1])
    slowest = sorted(connection.queries, key=lambda q: float(q["time"]), reverse=True)[:5]
    say("\nslowest queries of the five-year page:")
    for q in slowest:
        say(f"  {float(q['time']) * 1000:>7.0f} ms  {q['sql'][:160]}")


def indicators_gemeenten(user) -> list[int]:
    from toegang.accounts.actors import actor_for_user
    from toegang.insight.permissions import gemeenten_with_insight

    return gemeenten_with_insight(actor_for_user(user))


if __name__ == "__main__":
    main()
