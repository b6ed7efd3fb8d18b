import datetime as dt

from django.core.management import call_command
from stdnum.nl import bsn as nl_bsn

from toegang.audit.log import verify_chain
from toegang.audit.models import AccessLog, ChangeLog
from toegang.persons.demo import generate_households, split_surname
from toegang.persons.models import Household, Involvement, Relation, Resident
from toegang.profiles.loader import read_profile

TODAY = dt.date(2026, 11, 23)


def sample(seed, count=200):
    data = read_profile("demo").data
    return list(generate_households(data, "9901", count, seed, TODAY))


def test_same_seed_same_households_other_seed_others():
    first, again, other = sample(7), sample(7), sample(8)
    assert [(h.postcode, [m.voornamen for m in h.members]) for h in first] == \
           [(h.postcode, [m.voornamen for m in h.members]) for h in again]
    assert [h.postcode for h in first] != [h.postcode for h in other]


def test_households_are_realistic():
    households = sample(3, 500)
    postcodes_ok = all(h.postcode[:4] in {"9901", "9902", "9903", "9904"} for h in households)
    assert postcodes_ok
    sizes = [len(h.members) for h in households]
    assert min(sizes) == 1 and max(sizes) >= 4 and 1.8 < sum(sizes) / len(sizes) < 2.8
    people = [m for h in households for m in h.members]
    assert all(m.geboortedatum <= TODAY for m in people)
    for h in households:
        parents = [m for m in h.members if m.role == "ouder"]
        for child in (m for m in h.members if m.role == "kind"):
            assert (TODAY - child.geboortedatum).days < 18 * 366
            assert all(p.geboortedatum < child.geboortedatum for p in parents)


def test_bsns_are_fictional_valid_and_unique():
    bsns = [m.bsn for h in sample(5, 400) for m in h.members if m.bsn]
    assert bsns and all(b.startswith("9999") and nl_bsn.is_valid(b) for b in bsns)
    assert len(set(bsns)) == len(bsns)


def test_surname_prefixes_are_split():
    assert split_surname("van der Berg") == ("van der", "Berg")
    assert split_surname("De Vries") == ("de", "Vries")
    assert split_surname("Jansen") == ("", "Jansen")


def test_demo_command_loads_everything_and_the_audit_chain_is_intact(db, capsys):
    call_command("demo", "--households", "150", "--seed", "1", "--quiet")
    out = capsys.readouterr().out
    assert "balie" in out and "demo-toegang" in out
    assert Household.objects.count() == 150
    assert Resident.objects.filter(household__isnull=True).count() == 0
    assert Relation.objects.exists()
    assert Involvement.objects.filter(medewerker__username="partner").count() == 3
    from toegang.intake.models import Melding

    assert Melding.objects.count() == 30 and Melding.objects.exclude(triage_outcome="").exists()
    from toegang.audit.log import verify_chain as verify
    from toegang.cases.models import Casus

    assert verify(ChangeLog)[1] is None
    assert all(c.case_director is not None for c in Casus.objects.filter(team__code="st-noord-zuid"))
    assert ChangeLog.objects.filter(event="huishoudens.geimporteerd").exists()
    from toegang.provisions.models import Besluit, Brief

    assert Besluit.objects.filter(status="verzonden").exists() and Brief.objects.count() == Besluit.objects.exclude(
        status="tweede-beoordeling").count()
    assert verify_chain(ChangeLog)[1] is None and verify_chain(AccessLog)[1] is None
    call_command("demo", "--households", "60", "--if-empty", "--quiet")
    assert Household.objects.count() == 150
