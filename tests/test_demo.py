import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.nl import bsn as nl_bsn

from toegang.accounts.actors import actor_for_user
from toegang.accounts.models import Gemeente, Medewerker, Role, Team
from toegang.audit.log import verify_chain
from toegang.audit.models import AccessLog, ChangeLog
from toegang.core.postcodes import range_bounds
from toegang.intake.models import Melding
from toegang.persons.demo import generate_households, split_surname
from toegang.persons.models import Household, Involvement, Relation, Resident
from toegang.profiles.loader import read_profile, semantic_problems
from toegang.profiles.models import Profile
from toegang.profiles.staff import DEMO_PASSWORD
from toegang.provisions import actions as provisions_actions

from .provisions_support import case_with_goal, pdf_text
from .provisions_support import data as indication_data

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
    # the profile's demo.casusregisseurs direct cases of their own team only
    directed = Casus.objects.filter(case_director__username="generalist")
    assert directed.exists() and set(directed.values_list("team__code", flat=True)) == {"st-noord-zuid"}
    # they took those cases themselves: their bell does not ring once per demo case (issue 11 point 10)
    from toegang.tasks.models import Notification

    assert not Notification.objects.filter(recipient__username="generalist", text__startswith="U bent casusregisseur")
    assert ChangeLog.objects.filter(event="huishoudens.geimporteerd").exists()
    from toegang.provisions.models import Besluit, Brief

    assert Besluit.objects.filter(status="verzonden").exists() and Brief.objects.count() == Besluit.objects.exclude(
        status="tweede-beoordeling").count()
    # the providers answered the assignments through the hub's inbox (issue 14 item 9): care started
    from toegang.messaging.models import Bericht, Toewijzing

    assert Toewijzing.objects.filter(status="gestart").exists()
    assert Bericht.objects.filter(direction="in", kind__endswith="305", status="verwerkt").exists()
    assert "berichten van zorgaanbieders ingelezen" in out
    assert verify_chain(ChangeLog)[1] is None and verify_chain(AccessLog)[1] is None
    call_command("demo", "--households", "60", "--if-empty", "--quiet")
    assert Household.objects.count() == 150


# Every shipped profile can be demoed (issue 11 point 13): `make run PROFILE=<name>`.
SHIPPED = sorted(path.stem for path in (Path(__file__).parent.parent / "profiles").glob("*.yaml"))


def test_every_profile_in_profiles_is_tested_here():
    assert SHIPPED == ["bergen-cjg-2014", "buch-2015", "demo", "g7-2010", "krimpen-2014", "stadskanaal-2018"]


@pytest.mark.parametrize("name", SHIPPED)
def test_each_shipped_profile_demos_with_a_login_per_role_and_households_in_its_own_postcodes(db, capsys, name):
    call_command("demo", "--profile", name, "--households", "40", "--seed", "3", "--quiet")
    out = capsys.readouterr().out
    profile = Profile.objects.get(name=name)
    data = profile.data
    staff = {p["gebruikersnaam"]: p for p in data["demo"]["medewerkers"]}
    # every role of the profile has a demo login, with the printed password, in the role's gemeenten and teams
    for role in Role.objects.filter(profile=profile):
        holders = Medewerker.objects.filter(role_assignments__role=role).distinct()
        assert holders.exists(), f"geen demo-login voor de rol {role.name}"
        assert all(user.check_password(DEMO_PASSWORD) for user in holders)
    for username, person in staff.items():
        user = Medewerker.objects.get(username=username)
        assert set(user.team_memberships.values_list("team__code", flat=True)) == set(person.get("teams", []))
    # the login list: username, name and the role's name, the password; no role code
    assert f"wachtwoord voor iedereen: {DEMO_PASSWORD}" in out
    teams = dict(Team.objects.filter(gemeente__profile=profile).values_list("code", "name"))
    for username, person in staff.items():
        line = next(line for line in out.splitlines() if line.split()[:1] == [username])
        role_name = Role.objects.get(profile=profile, code=person["rol"]).name
        assert person["naam"] in line and role_name in line
        rest = line.replace(username, "", 1).replace(person["naam"], "").replace(role_name, "")
        for code in person.get("teams", []):
            assert teams[code] in rest
            rest = rest.replace(teams[code], "")
        assert person["rol"] not in rest and not any(code in rest for code in person.get("teams", []))
    # households in the profile's own gemeenten, wijken and postcodes
    ranges = {(g["cbs"], w["code"]): [range_bounds(spec) for spec in w["postcodes"]]
              for g in data["gemeenten"] for w in g["wijken"]}
    households = Household.objects.select_related("gemeente", "wijk")
    # (40 generated, plus the households of the profile's seed scenario, which the demo walks: docs/seeds.md)
    assert households.count() >= 40 and {h.gemeente.profile_id for h in households} == {profile.pk}
    for household in households:
        postcode = household.postcode
        bounds = ranges[(household.gemeente.cbs_code, household.wijk.code)]
        assert any(start <= postcode <= end for start, end in bounds), (postcode, household.wijk.code)
    # the meldingen are routed to the profile's own teams
    assert set(Melding.objects.exclude(team=None).values_list("team__gemeente__profile__name", flat=True)) == {name}
    assert verify_chain(ChangeLog)[1] is None


def test_a_second_profile_never_lands_in_the_first_ones_database(db):
    call_command("demo", "--profile", "krimpen-2014", "--households", "5", "--quiet")
    households = Household.objects.count()  # the five, and the seed scenario's (docs/seeds.md)
    with pytest.raises(CommandError, match="hoort al bij profiel krimpen-2014.*eigen database"):
        call_command("demo", "--profile", "demo", "--households", "5", "--quiet")
    assert not Profile.objects.filter(name="demo").exists() and not Gemeente.objects.filter(cbs_code="9901").exists()
    call_command("demo", "--profile", "krimpen-2014", "--households", "5", "--if-empty", "--quiet")  # same profile: fine
    assert Household.objects.count() == households


def test_a_profile_outside_profiles_renders_its_letter_from_the_template_next_to_it(db, tmp_path):
    """`make run PROFILE=/elders/mijngemeente.yaml`: the letter template named in the profile is looked up next to
    the profile file, not in profiles/ (where no such file exists)."""
    shipped = Path(__file__).parent.parent / "profiles"
    text = (shipped / "krimpen-2014.yaml").read_text(encoding="utf-8")
    assert "sjabloon: brieven/krimpen-besluit.html" in text
    (tmp_path / "brieven").mkdir()
    (tmp_path / "mijngemeente.yaml").write_text(
        text.replace("sjabloon: brieven/krimpen-besluit.html", "sjabloon: brieven/mijngemeente-besluit.html"),
        encoding="utf-8")
    template = (shipped / "brieven" / "krimpen-besluit.html").read_text(encoding="utf-8")
    (tmp_path / "brieven" / "mijngemeente-besluit.html").write_text(
        template.replace("Kom langs bij de Balie", "Kom langs bij het Loket Mijngemeente"), encoding="utf-8")
    assert not (shipped / "brieven" / "mijngemeente-besluit.html").exists()

    call_command("demo", "--profile", str(tmp_path / "mijngemeente.yaml"), "--households", "0", "--quiet")
    director, decider = (Medewerker.objects.get(username=u) for u in ("kst-regisseur", "procesregisseur"))
    casus, mother, child, goal = case_with_goal(director, gemeente_cbs="0542", postcode="2923AB")
    indicatie = provisions_actions.check_prepare_indication(actor=actor_for_user(director), casus=casus,
                                                            new_aanvraag=True, data=indication_data("45A48", child, goal))
    besluit = provisions_actions.check_decide(actor=actor_for_user(decider), indicatie=indicatie, outcome="toegekend",
                                              reasons="nodig")
    assert "Loket Mijngemeente" in pdf_text(bytes(besluit.brief.pdf))
    assert Path(besluit.brief.template) == tmp_path / "brieven" / "mijngemeente-besluit.html"


def test_a_demo_case_director_must_be_demo_staff_in_a_team():
    data = read_profile("demo").data
    data["demo"]["casusregisseurs"] = ["generalist", "beleid", "niemand"]
    problems = semantic_problems(data)
    assert ("demo.casusregisseurs[1]", "'beleid' werkt in geen team") in problems
    assert ("demo.casusregisseurs[2]", "onbekende demomedewerker 'niemand'") in problems
